package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestValidateExplain: gate278 validate -explain says each IK3/IK4 in
// words, from the code tables the 999 is written with; gate278 explain
// says the same for the sets it could not decide.
func TestValidateExplain(t *testing.T) {
	tests := []struct {
		file string
		want string
		code int
	}{
		{"../../samples/errors/999-ik5-5-invalid-code-value.edi", `Interchange 000003026 from NUTMEGHI: accepted.
  Group 3026 of interchange 000003026: AK9 R (rejected).
    Transaction set 0001: IK5 R (rejected): 5 (one or more segments are in error).
      segment 14 (UM, loop 2000E): element UM02 (data element 1322) has an invalid code value ("Z")
`, 1},
		{"../../samples/errors/999-guide-missing-required-element.edi", `Interchange 000003039 from NUTMEGHI: accepted.
  Group 3039 of interchange 000003039: AK9 R (rejected).
    Transaction set 0001: IK5 R (rejected): 5 (one or more segments are in error).
      segment 13 (TRN, loop 2000E): element TRN02 (data element 127) is missing
`, 1},
		{"../../samples/errors/ta1-014-date.edi", "Interchange 000003008 from NUTMEGHI: rejected, TA1 014 (invalid interchange date (ISA09)). Nothing in it is answered.\n", 1},
		{sample, "Interchange 000000101 from SUMMITHI: accepted.\n  Group 101 of interchange 000000101: AK9 A (accepted).\n    Transaction set 0001: IK5 A (accepted).\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{"validate", "-explain", "-now", "2026-03-02T09:16:00Z", tt.file}, strings.NewReader(""), &out, &errb)
			require.Equal(t, tt.code, code, errb.String())
			require.Equal(t, tt.want, out.String())
		})
	}
	var out, errb bytes.Buffer
	run([]string{"explain", "-now", "2026-03-02T09:16:00Z", tests[1].file}, strings.NewReader(""), &out, &errb)
	require.Contains(t, out.String(), "      segment 13 (TRN, loop 2000E): element TRN02 (data element 127) is missing\n")
}
