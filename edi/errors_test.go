package edi

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestISAFaults checks that each way an ISA can fail to give its delimiters
// is reported as its typed fault, wrapping ErrISA.
func TestISAFaults(t *testing.T) {
	good := isa('*', '^', ':', '~')
	tests := []struct {
		name  string
		input string
		lim   Limits
		want  error
	}{
		{"element separator is a letter", strings.ReplaceAll(good, "*", "A"), Limits{}, ErrElementSeparator},
		{"truncated before the 16th element separator", good[:60], Limits{}, ErrElementSeparator},
		{"ISA longer than the segment limit", strings.Replace(good, "SUMMITHI       ", "SUMMITHI"+strings.Repeat(" ", 60), 1) + "GS*HI~", Limits{MaxSegment: 100}, ErrElementSeparator},
		{"component separator is a letter", isa('*', '^', 'A', '~'), Limits{}, ErrComponentSeparator},
		{"component separator repeats the element separator", isa('*', '^', '*', '~'), Limits{}, ErrComponentSeparator},
		{"component separator repeats the repetition separator", isa('*', '^', '^', '~'), Limits{}, ErrComponentSeparator},
		{"component separator repeats the terminator", isa('*', '^', '~', '~'), Limits{}, ErrComponentSeparator},
		{"terminator is a digit", isa('*', '^', ':', '7'), Limits{}, ErrSegmentTerminator},
		{"terminator repeats the element separator", isa('*', '^', ':', '*'), Limits{}, ErrSegmentTerminator},
		{"terminator repeats the repetition separator", isa('*', '^', ':', '^'), Limits{}, ErrSegmentTerminator},
		{"terminator inside the ISA", strings.Replace(good, "*          *00", "*PASS~WORD *00", 1) + "GS*HI~", Limits{}, ErrSegmentTerminator},
		{"data ends after ISA16", strings.TrimSuffix(good, "~"), Limits{}, ErrSegmentTerminator},
	}
	faults := []error{ErrElementSeparator, ErrComponentSeparator, ErrSegmentTerminator}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.input), tt.lim).Next()
			require.ErrorIs(t, err, ErrISA)
			for _, f := range faults {
				require.Equal(t, f == tt.want, errors.Is(err, f), "errors.Is(%v, %v)", err, f)
			}
		})
	}
}

// TestDelimiterErrors checks which delimiter Validate blames and that its
// messages name both delimiters of a collision in check order.
func TestDelimiterErrors(t *testing.T) {
	tests := []struct {
		d     Delimiters
		which Delimiter
		msg   string
	}{
		{Delimiters{'A', '^', ':', '~'}, ElementSeparator, `element separator 'A' is a data character`},
		{Delimiters{'*', '^', ' ', '~'}, ComponentSeparator, `component separator ' ' is a data character`},
		{Delimiters{'*', '^', ':', 'z'}, SegmentTerminator, `segment terminator 'z' is a data character`},
		{Delimiters{'*', '^', '*', '~'}, ComponentSeparator, `element separator and component separator are both '*'`},
		{Delimiters{'*', '^', ':', '*'}, SegmentTerminator, `element separator and segment terminator are both '*'`},
		{Delimiters{'*', '^', '~', '~'}, ComponentSeparator, `component separator and segment terminator are both '~'`},
		{Delimiters{'*', '*', ':', '~'}, ElementSeparator, `element separator and repetition separator are both '*'`},
		{Delimiters{'*', ':', ':', '~'}, ComponentSeparator, `component separator and repetition separator are both ':'`},
		{Delimiters{'*', '~', ':', '~'}, SegmentTerminator, `segment terminator and repetition separator are both '~'`},
	}
	for _, tt := range tests {
		err := tt.d.Validate()
		var de *DelimiterError
		require.True(t, errors.As(err, &de), "%v: %v", tt.d, err)
		require.Equal(t, tt.which, de.Which, "%v", tt.d)
		require.Equal(t, tt.msg, err.Error())
	}
	require.NoError(t, DefaultDelimiters.Validate())
	require.NoError(t, Delimiters{'*', 0, ':', '~'}.Validate())
}
