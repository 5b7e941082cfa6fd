package x217_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/x217"
)

// validate applies edits (old, new pairs) to a sample file and returns the
// guide's errors for its first set.
func validate(t *testing.T, path string, edits ...string) []edi.SegmentError {
	t.Helper()
	in := read(t, path)
	for i := 0; i+1 < len(edits); i += 2 {
		require.Contains(t, in, edits[i])
		in = strings.Replace(in, edits[i], edits[i+1], 1)
	}
	c := collect(t, in)
	require.NotEmpty(t, c.sets)
	return x217.ValidateSet(c.sets[0], nil)
}

const transport = "../../samples/requests/guide-transport.x12"

// TestGuideRules covers the guide's rules of conformance issue 10, items 5
// to 8: each case is what the guide says about one change to request 1
// (x12-278.md §7.1; UM is segment 16, the first service line's SV1 27).
func TestGuideRules(t *testing.T) {
	el := func(pos, comp, ref int, code, value string) edi.ElementError {
		return edi.ElementError{Position: pos, Component: comp, Ref: ref, Code: code, Value: value}
	}
	tests := []struct {
		name  string
		path  string
		edits []string
		want  []edi.SegmentError
	}{
		// Item 6: UM is situational at 2000F (the TR3's reservation and
		// transport examples omit it; the event's UM applies).
		{"2000F without UM", base, []string{"UM*HS*I*18~\nDTP*472", "DTP*472", "UM*HS*I~\nDTP*472", "DTP*472"}, nil},
		{"transport lines without UM (the TR3's example)", transport, nil, nil},
		// Item 7: required elements and codes of the guide.
		{"2010C NM1 without NM108/NM109", base, []string{"NM1*IL*1*DOE*JANE*Q***MI*ZZX123456789~", "NM1*IL*1*DOE*JANE*Q~"},
			[]edi.SegmentError{{SegmentID: "NM1", Position: 12, Loop: "2010C", Elements: []edi.ElementError{el(8, 0, 66, "1", ""), el(9, 0, 67, "1", "")}}}},
		{"2010B NM1 without NM109", base, []string{"NM1*1P*2*SUMMIT HOME INFUSION*****XX*1234567893~\nN3", "NM1*1P*2*SUMMIT HOME INFUSION*****XX~\nN3"},
			[]edi.SegmentError{{SegmentID: "NM1", Position: 6, Loop: "2010B", Elements: []edi.ElementError{el(9, 0, 67, "1", "")}}}},
		{"SV101-1 not HC, IV, N4 or WK", base, []string{"SV1*HC:E0781:RR", "SV1*ER:E0781:RR"},
			[]edi.SegmentError{{SegmentID: "SV1", Position: 27, Loop: "2000F", Elements: []edi.ElementError{el(1, 1, 235, "7", "ER")}}}},
		{"SV101-1 IV is a guide code", base, []string{"SV1*HC:E0781:RR", "SV1*IV:E0781:RR"}, nil},
		{"UM03 not a service type of the guide", base, []string{"UM*HS*I*18*12:B~", "UM*HS*I*48*12:B~"},
			[]edi.SegmentError{{SegmentID: "UM", Position: 16, Loop: "2000E", Elements: []edi.ElementError{el(3, 0, 1365, "7", "48")}}}},
		{"2000F UM03 not a service type of the guide", base, []string{"UM*HS*I*18~", "UM*HS*I*30~"},
			[]edi.SegmentError{{SegmentID: "UM", Position: 25, Loop: "2000F", Elements: []edi.ElementError{el(3, 0, 1365, "7", "30")}}}},
		{"2010EB without N3", transport, []string{"NM1*PW*2~\nN3*77 CEDAR HOLLOW RD~\n", "NM1*PW*2~\n"},
			[]edi.SegmentError{{SegmentID: "N3", Position: 21, Loop: "2010EB", Code: "3"}}},
		{"2010EB without N4", transport, []string{"N4*DES MOINES*IA*50309~\n", ""},
			[]edi.SegmentError{{SegmentID: "N4", Position: 25, Loop: "2010EB", Code: "3"}}},
		{"two DTP*AAH in 2000E", base, []string{"DTP*AAH*RD8*20260305-20260604~", "DTP*AAH*RD8*20260305-20260604~\nDTP*AAH*RD8*20260305-20260604~"},
			[]edi.SegmentError{{SegmentID: "DTP", Position: 18, Loop: "2000E", Code: "5"}}},
		{"two REF*BB in 2000E", base, []string{"UM*HS*I*18*12:B~", "UM*HS*I*18*12:B~\nREF*BB*ACM1~\nREF*BB*ACM2~"},
			[]edi.SegmentError{{SegmentID: "REF", Position: 18, Loop: "2000E", Code: "5"}}},
		{"REF*BB and REF*NT in 2000E", base, []string{"UM*HS*I*18*12:B~", "UM*HS*I*18*12:B~\nREF*NT*CASE1~\nREF*BB*ACM1~"}, nil},
		{"two REF*NT in 2000F", base, []string{"UM*HS*I*18~", "UM*HS*I*18~\nREF*NT*CASE1~\nREF*NT*CASE2~"},
			[]edi.SegmentError{{SegmentID: "REF", Position: 27, Loop: "2000F", Code: "5"}}},
		{"DTP qualifiers in any order", base, []string{"DTP*AAH*RD8*20260305-20260604~", "DTP*AAH*RD8*20260305-20260604~\nDTP*431*D8*20260201~\nDTP*439*D8*20260115~"}, nil},
		{"DTP*439 takes D8 only", base, []string{"DTP*AAH*RD8*20260305-20260604~", "DTP*AAH*RD8*20260305-20260604~\nDTP*439*RD8*20260101-20260102~"},
			[]edi.SegmentError{{SegmentID: "DTP", Position: 18, Loop: "2000E", Elements: []edi.ElementError{el(2, 0, 1250, "7", "RD8")}}}},
		{"DTP qualifier of no use", base, []string{"DTP*AAH*RD8*20260305-20260604~", "DTP*ZZZ*D8*20260305~"},
			[]edi.SegmentError{{SegmentID: "DTP", Position: 17, Loop: "2000E", Elements: []edi.ElementError{el(1, 0, 374, "7", "ZZZ")}}}},
		// Item 8: a trailing separator is a syntax error.
		{"trailing element separator", base, []string{"UM*HS*I*18*12:B~", "UM*HS*I*18*12:B*~"},
			[]edi.SegmentError{{SegmentID: "UM", Position: 16, Loop: "2000E", Elements: []edi.ElementError{el(5, 0, 0, "3", "")}}}},
		{"trailing component separator", base, []string{"UM*HS*I*18*12:B~", "UM*HS*I*18*12:B:~"},
			[]edi.SegmentError{{SegmentID: "UM", Position: 16, Loop: "2000E", Elements: []edi.ElementError{el(4, 3, 0, "13", "")}}}},
		{"trailing separator past the last element", base, []string{"DMG*D8*19580214*F~", "DMG*D8*19580214*F*~"},
			[]edi.SegmentError{{SegmentID: "DMG", Position: 13, Loop: "2010C", Elements: []edi.ElementError{el(4, 0, 0, "3", "")}}}},
		// Item 5: smaller 999 details.
		{"empty HL03 is missing, not invalid", base, []string{"HL*5*4*SS*0~", "HL*5*4**0~"},
			[]edi.SegmentError{{SegmentID: "HL", Position: 23, Elements: []edi.ElementError{el(3, 0, 735, "1", "")}}}},
		{"composite repeated names its component's element", base, []string{"HI*ABK:C180*ABF:Z5111~", "HI*ABK:C180^ABF:Z5111~"},
			[]edi.SegmentError{{SegmentID: "HI", Position: 18, Loop: "2000E", Elements: []edi.ElementError{el(1, 0, 1270, "12", "")}}}},
		{"required composite missing names its first component", base, []string{"HI*ABK:C180*ABF:Z5111~", "HI**ABF:Z5111~"},
			[]edi.SegmentError{{SegmentID: "HI", Position: 18, Loop: "2000E", Elements: []edi.ElementError{el(1, 0, 1270, "1", "")}}}},
		{"component code names the component's element", base, []string{"HI*ABK:C180*ABF:Z5111~", "HI*ABK:C180*ZZZ:Z5111~"},
			[]edi.SegmentError{{SegmentID: "HI", Position: 18, Loop: "2000E", Elements: []edi.ElementError{el(2, 1, 1270, "7", "ZZZ")}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, validate(t, tt.path, tt.edits...))
		})
	}
}
