package ack_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// write999 walks input and returns the 999 sets it writes, one line per
// segment.
func write999(t *testing.T, input string, opts ack.Options) string {
	t.Helper()
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, edi.DefaultDelimiters, true)
	h := &ackWriter{w: w}
	if opts.Validate == nil {
		opts.Validate = x217.ValidateSet
	}
	_, err := ack.Walk(strings.NewReader(input), opts, h)
	require.NoError(t, err)
	require.NoError(t, w.Flush())
	return buf.String()
}

// lines returns the segments of a 999 whose IDs are listed.
func lines(s string, ids ...string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		for _, id := range ids {
			if strings.HasPrefix(l, id+"*") {
				out = append(out, l)
			}
		}
	}
	return out
}

// TestLoopIdentifierFitsDE447: IK303 is data element 447, AN 1-4 in
// 005010. The guide's loop IDs (2000E, 2010EA …) are written as the base
// 278's loop IDs, the four digits of the transaction set diagram.
func TestLoopIdentifierFitsDE447(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2000A", "2000"}, {"2000E", "2000"}, {"2000F", "2000"},
		{"2010A", "2010"}, {"2010C", "2010"}, {"2010EA", "2010"}, {"2010F", "2010"},
		{"2000", "2000"}, {"", ""},
	} {
		require.Equal(t, tc.want, ack.LoopID(tc.in), tc.in)
		require.LessOrEqual(t, len(ack.LoopID(tc.in)), 4)
	}
	for code, l := range x217.Levels {
		require.LessOrEqual(t, len(ack.LoopID(l.Name)), 4, code)
		for _, c := range l.Composite {
			require.LessOrEqual(t, len(ack.LoopID(c.Name)), 4, c.Name)
		}
	}
	out := write999(t, edit(t, base(t), "TRN*1*SHI0001EV*9123456789", "TRN*1**9123456789"), ack.Options{})
	require.Equal(t, []string{"IK3*TRN*15*2000*8~"}, lines(out, "IK3"))
}

// TestGroupRejectionIsConsistent: a group rejected at its header or its
// trailer answers no set, so no set of it is accepted: every set gets
// IK5 R (its own codes, or 18 when the set itself is sound), AK904 is 0
// and equals the number of IK5 A or E.
func TestGroupRejectionIsConsistent(t *testing.T) {
	s := base(t)
	i, j := strings.Index(s, "GS*"), strings.Index(s, "IEA*")
	group := s[i:j]
	tests := []struct {
		name string
		in   string
		want []string // IK5 and AK9 lines
	}{
		{"sound", s, []string{"IK5*A~", "AK9*A*1*1*1~"}},
		{"GS01 not HI", edit(t, s, "GS*HI", "GS*HC"), []string{"IK5*R*18~", "AK9*R*1*1*0*1~"}},
		{"GS08 not X217", edit(t, s, "*X*005010X217~\nST", "*X*005010X222A1~\nST"), []string{"IK5*R*I6~", "AK9*R*1*1*0*2~"}},
		{"GE missing", edit(t, s, "GE*1*101~\n", ""), []string{"IK5*R*18~", "AK9*R*1*1*0*3~"}},
		{"GE02 differs from GS06", edit(t, s, "GE*1*101", "GE*1*102"), []string{"IK5*R*18~", "AK9*R*1*1*0*4~"}},
		{"GE01 wrong", edit(t, s, "GE*1*101", "GE*3*101"), []string{"IK5*R*18~", "AK9*R*3*1*0*5~"}},
		{"GS06 not numeric", edit(t, edit(t, s, "*0915*101*X", "*0915*1A1*X"), "GE*1*101", "GE*1*1A1"),
			[]string{"IK5*R*18~", "AK9*R*1*1*0*6~"}},
		{"duplicate GS06", strings.Replace(s, group, group+group, 1), []string{"IK5*A~", "AK9*A*1*1*1~", "IK5*R*18~", "AK9*R*1*1*0*19~"}},
		{"header rejection keeps the set's own error", edit(t, edit(t, s, "GS*HI", "GS*HC"), "UM*HS*I*18*12:B", "UM*HS*Z*18*12:B"),
			[]string{"IK5*R*5~", "AK9*R*1*1*0*1~"}},
		{"trailer rejection keeps the set's own error", edit(t, edit(t, s, "GE*1*101", "GE*3*101"), "UM*HS*I*18*12:B", "UM*HS*Z*18*12:B"),
			[]string{"IK5*R*5~", "AK9*R*3*1*0*5~"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := write999(t, tt.in, ack.Options{})
			require.Equal(t, tt.want, lines(out, "IK5", "AK9"))
			require.Len(t, lines(out, "AK2"), len(lines(out, "IK5")), "one AK2 per IK5")
			checkCounts(t, out)
		})
	}
}

// checkCounts asserts the 999 rules between IK5 and AK9 in each 999 set:
// AK903 is the number of AK2, AK904 the number of IK5 A or E, AK901 R
// when nothing is accepted or a group error is named, SE01 the segment count.
func checkCounts(t *testing.T, out string) {
	t.Helper()
	var ak2, accepted, segs int
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		segs++
		el := strings.Split(strings.TrimSuffix(l, "~"), "*")
		switch el[0] {
		case "ST":
			ak2, accepted, segs = 0, 0, 1
		case "AK2":
			ak2++
		case "IK5":
			if el[1] == "A" || el[1] == "E" {
				accepted++
			}
		case "AK9":
			require.Equal(t, itoa(ak2), el[3], "AK903: %s", l)
			require.Equal(t, itoa(accepted), el[4], "AK904: %s", l)
			if len(el) > 5 || accepted == 0 {
				require.Equal(t, "R", el[1], "AK901: %s", l)
			}
		case "SE":
			require.Equal(t, itoa(segs), el[1], "SE01: %s", l)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestInvalidGSIsInterchangeContent: a GS whose date, time, IDs or agency
// code are not valid is invalid interchange content (TA1 024); AK905 6 is
// kept for the group control number itself.
func TestInvalidGSIsInterchangeContent(t *testing.T) {
	for _, tc := range []struct{ name, old, new string }{
		{"GS04 not a date", "*20260302*0915*101", "*20261302*0915*101"},
		{"GS05 not a time", "*20260302*0915*101", "*20260302*2575*101"},
		{"GS02 too short", "GS*HI*SUMMITHI", "GS*HI*S"},
		{"GS03 too short", "*SUMMITHI*ACMEHP*", "*SUMMITHI*A*"},
		{"GS07 not X", "*101*X*005010X217", "*101*T*005010X217"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := walk(t, edit(t, base(t), tc.old, tc.new))
			require.Equal(t, "024", rec.ixs[0].Code)
			require.Empty(t, rec.grps[0].Codes)
		})
	}
}

// TestUnknownReceiver: ISA07/ISA08 naming another receiver is rejected
// with TA1 009; a GS03 naming another application receiver rejects the
// group with AK905 1 (not supported here).
func TestUnknownReceiver(t *testing.T) {
	only := func(qual, id string) bool { return id == "ACMEHP" && (qual == "" || qual == "ZZ") }
	rec := &recorder{}
	_, err := ack.Walk(strings.NewReader(base(t)), ack.Options{Validate: x217.ValidateSet, Receiver: only}, rec)
	require.NoError(t, err)
	require.Equal(t, "000", rec.ixs[0].Code)

	in := edit(t, base(t), "*ZZ*ACMEHP         *", "*ZZ*OTHERPLAN      *")
	rec = &recorder{}
	_, err = ack.Walk(strings.NewReader(in), ack.Options{Validate: x217.ValidateSet, Receiver: only}, rec)
	require.NoError(t, err)
	require.Equal(t, "009", rec.ixs[0].Code)

	in = edit(t, base(t), "*ZZ*ACMEHP         *", "*01*ACMEHP         *")
	rec = &recorder{}
	_, err = ack.Walk(strings.NewReader(in), ack.Options{Validate: x217.ValidateSet, Receiver: only}, rec)
	require.NoError(t, err)
	require.Equal(t, "009", rec.ixs[0].Code, "the qualifier is part of the receiver's identity")

	in = edit(t, base(t), "GS*HI*SUMMITHI*ACMEHP*", "GS*HI*SUMMITHI*OTHERPLAN*")
	out := write999(t, in, ack.Options{Receiver: only})
	require.Equal(t, []string{"IK5*R*18~", "AK9*R*1*1*0*1~"}, lines(out, "IK5", "AK9"))
}

// TestOneIK3PerSegment: errors the walk and the guide find on one segment
// are reported in one IK3 loop, and IK3 loops follow segment positions.
func TestOneIK3PerSegment(t *testing.T) {
	in := edit(t, base(t), "HL*1**20*1~", "HL*1**20*1~\nNM1*X3*2*ACME HEALTH PLAN*****PI*99999~\nHL*7**20*1~")
	rec := walk(t, in)
	var seen []string
	last := 0
	for _, e := range rec.sets[0].Errors {
		key := e.SegmentID + "@" + itoa(e.Position)
		require.NotContains(t, seen, key, "segment %s at %d in two IK3 loops: %+v", e.SegmentID, e.Position, rec.sets[0].Errors)
		seen = append(seen, key)
		require.GreaterOrEqual(t, e.Position, last, "IK3 order: %+v", rec.sets[0].Errors)
		last = e.Position
	}
}

// TestNormalizeErrors merges the IK3 loops of one segment and sorts them.
func TestNormalizeErrors(t *testing.T) {
	errs := []edi.SegmentError{
		{SegmentID: "HL", Position: 9, Loop: "2000A", Code: ack.SegmentLoopOverMax},
		{SegmentID: "UM", Position: 4, Loop: "2000E", Code: ack.SegmentMissing},
		{SegmentID: "HL", Position: 9, Loop: "2000A", Elements: []edi.ElementError{{Position: 1, Ref: 628, Code: "I12", Value: "3"}}},
		{SegmentID: "HL", Position: 9, Loop: "2000A", Elements: []edi.ElementError{{Position: 2, Ref: 734, Code: "I12", Value: "1"}}},
	}
	require.Equal(t, []edi.SegmentError{
		{SegmentID: "UM", Position: 4, Loop: "2000E", Code: ack.SegmentMissing},
		{SegmentID: "HL", Position: 9, Loop: "2000A", Code: ack.SegmentLoopOverMax, Elements: []edi.ElementError{
			{Position: 1, Ref: 628, Code: "I12", Value: "3"}, {Position: 2, Ref: 734, Code: "I12", Value: "1"}}},
	}, ack.NormalizeErrors(errs))
}

// TestEchoesFitThe999: AK102 (N0 1-9) and AK202 (AN 4-9) echo GS06 and
// ST02 when they fit; a GS06 that is not a number is written 0 (AK905 6
// says why) and a short ST02 is padded with zeros to four characters
// (IK5 7 says why), so that the 999 itself stays valid.
func TestEchoesFitThe999(t *testing.T) {
	in := edit(t, edit(t, base(t), "*0915*101*X", "*0915*1A1*X"), "GE*1*101", "GE*1*1A1")
	out := write999(t, in, ack.Options{})
	require.Equal(t, []string{"AK1*HI*0*005010X217~"}, lines(out, "AK1"))
	in = edit(t, edit(t, base(t), "ST*278*0001", "ST*278*01"), "SE*35*0001", "SE*35*01")
	out = write999(t, in, ack.Options{})
	require.Equal(t, []string{"AK2*278*0001*005010X217~"}, lines(out, "AK2"))
	require.Equal(t, []string{"IK5*R*7~"}, lines(out, "IK5"))
}
