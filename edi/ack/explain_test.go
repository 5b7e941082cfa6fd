package ack_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
)

func TestExplain(t *testing.T) {
	tests := []struct {
		name string
		err  edi.SegmentError
		want []string
	}{
		{"missing element", edi.SegmentError{SegmentID: "TRN", Position: 13, Loop: "2000E", Elements: []edi.ElementError{{Position: 2, Ref: 127, Code: "1"}}},
			[]string{"segment 13 (TRN, loop 2000E): element TRN02 (data element 127) is missing"}},
		{"bad code", edi.SegmentError{SegmentID: "UM", Position: 16, Loop: "2000E", Elements: []edi.ElementError{{Position: 2, Ref: 1322, Code: "7", Value: "Z"}}},
			[]string{`segment 16 (UM, loop 2000E): element UM02 (data element 1322) has an invalid code value ("Z")`}},
		{"component", edi.SegmentError{SegmentID: "SV1", Position: 27, Loop: "2000F", Elements: []edi.ElementError{{Position: 1, Component: 1, Ref: 235, Code: "7", Value: "ER"}}},
			[]string{`segment 27 (SV1, loop 2000F): element SV101-1 (data element 235) has an invalid code value ("ER")`}},
		{"repetition", edi.SegmentError{SegmentID: "HI", Position: 18, Loop: "2000E", Elements: []edi.ElementError{{Position: 1, Component: 2, Repetition: 2, Ref: 1271, Code: "5", Value: "C1234567890"}}},
			[]string{`segment 18 (HI, loop 2000E): element HI01-2, repetition 2 (data element 1271) is too long ("C1234567890")`}},
		{"outside loops", edi.SegmentError{SegmentID: "BHT", Position: 2, Elements: []edi.ElementError{{Position: 5, Ref: 337, Code: "9", Value: "0975"}}},
			[]string{`segment 2 (BHT): element BHT05 (data element 337) is not a valid time ("0975")`}},
		{"missing segment", edi.SegmentError{SegmentID: "UM", Position: 14, Loop: "2000E", Code: "3"},
			[]string{"segment UM (loop 2000E) is missing before segment 14"}},
		{"missing loop", edi.SegmentError{SegmentID: "HL", Position: 29, Loop: "2000E", Code: "I7"},
			[]string{"segment HL (loop 2000E) is missing before segment 29: its loop occurs fewer times than the implementation guide requires"}},
		{"segment code and elements", edi.SegmentError{SegmentID: "HL", Position: 5, Loop: "2000A", Code: "4",
			Elements: []edi.ElementError{{Position: 1, Ref: 628, Code: "I12", Value: "7"}}},
			[]string{"segment 5 (HL, loop 2000A) starts a loop that occurs more often than allowed",
				`segment 5 (HL, loop 2000A): element HL01 (data element 628) does not match the pattern the implementation guide requires ("7")`}},
		{"no data element number", edi.SegmentError{SegmentID: "PRV", Position: 21, Loop: "2010EA", Elements: []edi.ElementError{{Position: 7, Code: "3"}}},
			[]string{"segment 21 (PRV, loop 2010EA): element PRV07 is one data element too many (the segment has more elements than it may)"}},
		{"segment code only", edi.SegmentError{SegmentID: "CR4", Position: 17, Loop: "2000E", Code: "I4"},
			[]string{"segment 17 (CR4, loop 2000E) is not used by the implementation guide"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, ack.Explain(tt.err))
		})
	}
}

// TestExplainReadsA999: the same words come from a 999's own IK3 and IK4
// segments, with the loop as the 999 writes it.
func TestExplainReadsA999(t *testing.T) {
	seg := func(s string) edi.Segment { return edi.MakeSegment([]byte(s), edi.DefaultDelimiters) }
	e := ack.FromIK3(seg("IK3*SV1*27*2000*8"), []edi.Segment{seg("IK4*1:1*235*7*ER"), seg("IK4*4*380*6*THREE")})
	require.Equal(t, []string{
		`segment 27 (SV1, loop 2000): element SV101-1 (data element 235) has an invalid code value ("ER")`,
		`segment 27 (SV1, loop 2000): element SV104 (data element 380) has an invalid character ("THREE")`,
	}, ack.Explain(e))
	e = ack.FromIK3(seg("IK3*UM*14*2000*3"), nil)
	require.Equal(t, []string{"segment UM (loop 2000) is missing before segment 14"}, ack.Explain(e))
}

// TestEveryCodeHasAPhrase: every IK304 and IK403 code can be said.
func TestEveryCodeHasAPhrase(t *testing.T) {
	for _, l := range []*ack.CodeList{ack.IK304, ack.IK403} {
		for _, c := range l.Codes {
			require.NotEmpty(t, l.Phrases[c.Value], "%s %s", l.Element, c.Value)
		}
		for v := range l.Phrases {
			require.True(t, l.Has(v), "%s: phrase for %q, which is not a code of the list", l.Element, v)
		}
	}
}
