package ack

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
)

// TestISAFaultCodes checks that the TA105 code of an unreadable ISA follows
// the fault's type alone: whatever the error's message or detail says, the
// same fault gets the same code.
func TestISAFaultCodes(t *testing.T) {
	want := map[error]string{
		edi.ErrElementSeparator:   TA1ElementSeparator,
		edi.ErrComponentSeparator: TA1ComponentSeparator,
		edi.ErrSegmentTerminator:  TA1SegmentTerminator,
		edi.ErrISA:                TA1ElementSeparator, // a fault not named
	}
	require.Len(t, isaFaults, len(want)-1, "a new ISA fault needs its code here")
	details := []string{"", "component separator", "segment terminator", "data ends inside the ISA segment",
		"element separator and component separator are both '*'", "reworded: the separators clash"}
	for fault, code := range want {
		for _, d := range details {
			se := &edi.SyntaxError{Err: fault, Ordinal: 1, Detail: d}
			require.Equal(t, code, isaFaultCode(se), "%v", se)
			require.Equal(t, code, isaFaultCode(fmt.Errorf("wrapped: %w", se)), "%v", se)
		}
		require.True(t, TA105.Has(code))
	}
}
