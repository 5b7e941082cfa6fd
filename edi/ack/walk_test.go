package ack_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// recorder keeps what the walk reports.
type recorder struct {
	ixs  []ack.Interchange
	grps []ack.Group
	sets []ack.Set
}

func (r *recorder) InterchangeStart(*ack.Interchange)       {}
func (r *recorder) GroupStart(*ack.Interchange, *ack.Group) {}
func (r *recorder) Set(_ *ack.Interchange, _ *ack.Group, s *ack.Set) {
	c := *s
	c.Segments = nil
	r.sets = append(r.sets, c)
}
func (r *recorder) GroupEnd(_ *ack.Interchange, g *ack.Group) { r.grps = append(r.grps, *g) }
func (r *recorder) InterchangeEnd(ix *ack.Interchange)        { r.ixs = append(r.ixs, *ix) }

func walk(t *testing.T, input string) *recorder {
	t.Helper()
	rec := &recorder{}
	_, err := ack.Walk(strings.NewReader(input), ack.Options{Validate: x217.ValidateSet}, rec)
	require.NoError(t, err)
	return rec
}

func base(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/base.x12")
	require.NoError(t, err)
	return string(b)
}

// edit replaces the first occurrence of old in s, failing if it is absent.
func edit(t *testing.T, s, old, new string) string {
	t.Helper()
	require.Contains(t, s, old)
	return strings.Replace(s, old, new, 1)
}

func TestTA1Codes(t *testing.T) {
	tests := []struct {
		name string
		mod  func(t *testing.T, s string) string
		want string
	}{
		{"sound", func(t *testing.T, s string) string { return s }, "000"},
		{"IEA02 differs from ISA13", func(t *testing.T, s string) string { return edit(t, s, "IEA*1*000000101", "IEA*1*000000999") }, "001"},
		{"IEA01 wrong group count", func(t *testing.T, s string) string { return edit(t, s, "IEA*1*000000101", "IEA*2*000000101") }, "021"},
		{"missing IEA", func(t *testing.T, s string) string { return edit(t, s, "IEA*1*000000101~", "") }, "023"},
		{"ends inside a segment", func(t *testing.T, s string) string { return edit(t, s, "IEA*1*000000101~", "IEA*1*0000") }, "023"},
		{"bad sender qualifier", func(t *testing.T, s string) string { return edit(t, s, "*ZZ*SUMMITHI", "*QQ*SUMMITHI") }, "005"},
		{"blank sender", func(t *testing.T, s string) string { return edit(t, s, "SUMMITHI       ", "               ") }, "006"},
		{"bad receiver qualifier", func(t *testing.T, s string) string { return edit(t, s, "*ZZ*ACMEHP ", "*Q1*ACMEHP ") }, "007"},
		{"bad authorization qualifier", func(t *testing.T, s string) string { return edit(t, s, "ISA*00*", "ISA*07*") }, "010"},
		{"bad security qualifier", func(t *testing.T, s string) string { return edit(t, s, "          *00*", "          *09*") }, "012"},
		{"bad date", func(t *testing.T, s string) string { return edit(t, s, "*260302*0915*^", "*261302*0915*^") }, "014"},
		{"bad time", func(t *testing.T, s string) string { return edit(t, s, "*260302*0915*^", "*260302*2515*^") }, "015"},
		{"4010 standards identifier in ISA11", func(t *testing.T, s string) string { return edit(t, s, "*0915*^*00501", "*0915*U*00501") }, "016"},
		{"bad version", func(t *testing.T, s string) string { return edit(t, s, "*00501*", "*00401*") }, "017"},
		{"control number not numeric", func(t *testing.T, s string) string { return edit(t, s, "*000000101*1*T", "*00000010A*1*T") }, "018"},
		{"bad ack requested flag", func(t *testing.T, s string) string { return edit(t, s, "*000000101*1*T", "*000000101*2*T") }, "019"},
		{"bad usage indicator", func(t *testing.T, s string) string { return edit(t, s, "*000000101*1*T", "*000000101*1*Q") }, "020"},
		{"ISA field too short", func(t *testing.T, s string) string { return edit(t, s, "SUMMITHI       *", "SUMMITHI*") }, "006"},
		{"no ISA at all", func(t *testing.T, s string) string { return s[strings.Index(s, "GS*"):] }, "024"},
		{"empty file", func(t *testing.T, s string) string { return "" }, "024"},
		{"only line breaks", func(t *testing.T, s string) string { return "\r\n\n" }, "024"},
		{"segment outside any group", func(t *testing.T, s string) string { return edit(t, s, "GS*HI", "BHT*0007~GS*HI") }, "024"},
		{"element separator is a letter", func(t *testing.T, s string) string { return strings.ReplaceAll(s, "*", "A") }, "026"},
		{"component separator repeats the element separator", func(t *testing.T, s string) string { return edit(t, s, "*T*:~", "*T**~") }, "027"},
		{"segment terminator is a letter", func(t *testing.T, s string) string { return strings.ReplaceAll(s, "~", "X") }, "004"},
		{"segment terminator occurs inside the ISA", func(t *testing.T, s string) string { return edit(t, s, "*          *00*", "*PASS~WORD *00*") }, "004"},
		{"data ends after ISA16", func(t *testing.T, s string) string { return s[:strings.Index(s, ":~")+1] }, "004"},
		{"duplicate interchange in one file", func(t *testing.T, s string) string { return s + s }, "025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := walk(t, tt.mod(t, base(t)))
			require.NotEmpty(t, rec.ixs)
			got := rec.ixs[len(rec.ixs)-1]
			require.Equal(t, tt.want, got.Code)
			require.Equal(t, tt.want != "000", got.WantsTA1() && got.Rejected())
		})
	}
}

func TestDuplicateAcrossFiles(t *testing.T) {
	rec := &recorder{}
	seen := func(ix *ack.Interchange) bool { return ix.Sender == "SUMMITHI" && ix.Control == "000000101" }
	_, err := ack.Walk(strings.NewReader(base(t)), ack.Options{Validate: x217.ValidateSet, Duplicate: seen}, rec)
	require.NoError(t, err)
	require.Equal(t, "025", rec.ixs[0].Code)
}

func TestSetAndGroupCodes(t *testing.T) {
	tests := []struct {
		name     string
		mod      func(t *testing.T, s string) string
		setCodes []string
		grpCodes []string
		status   string // AK901
	}{
		{"accepted", func(t *testing.T, s string) string { return s }, nil, nil, "A"},
		{"SE02 differs from ST02", func(t *testing.T, s string) string { return edit(t, s, "SE*35*0001", "SE*35*0002") }, []string{"3"}, nil, "R"},
		{"SE01 wrong", func(t *testing.T, s string) string { return edit(t, s, "SE*35*0001", "SE*30*0001") }, []string{"4"}, nil, "R"},
		{"SE missing", func(t *testing.T, s string) string { return edit(t, s, "SE*35*0001~", "") }, []string{"2"}, nil, "R"},
		{"not a 278", func(t *testing.T, s string) string { return edit(t, s, "ST*278*0001", "ST*277*0001") }, []string{"1"}, nil, "R"},
		{"bad ST02", func(t *testing.T, s string) string {
			return edit(t, edit(t, s, "ST*278*0001", "ST*278*01"), "SE*35*0001", "SE*35*01")
		}, []string{"7"}, nil, "R"},
		{"ST03 not X217", func(t *testing.T, s string) string {
			return edit(t, s, "ST*278*0001*005010X217", "ST*278*0001*005010X216")
		}, []string{"I6"}, nil, "R"},
		{"guide error (base standard)", func(t *testing.T, s string) string { return edit(t, s, "UM*HS*I*18*12:B", "UM*HS*Z*18*12:B") }, []string{"5"}, nil, "R"},
		{"guide error (implementation only)", func(t *testing.T, s string) string { return edit(t, s, "HL*5*4*SS*0", "HL*5*3*SS*0") }, []string{"I5"}, nil, "R"},
		{"GE02 differs from GS06", func(t *testing.T, s string) string { return edit(t, s, "GE*1*101", "GE*1*102") }, nil, []string{"4"}, "R"},
		{"GE01 wrong", func(t *testing.T, s string) string { return edit(t, s, "GE*1*101", "GE*3*101") }, nil, []string{"5"}, "R"},
		{"GE missing", func(t *testing.T, s string) string { return edit(t, s, "GE*1*101~", "") }, nil, []string{"3"}, "R"},
		{"not functional group HI", func(t *testing.T, s string) string { return edit(t, s, "GS*HI", "GS*HC") }, nil, []string{"1"}, "R"},
		{"group version not X217", func(t *testing.T, s string) string {
			return edit(t, s, "*X*005010X217~\nST", "*X*005010X222A1~\nST")
		}, []string{"I6"}, []string{"2"}, "R"},
		{"bad GS06", func(t *testing.T, s string) string {
			return edit(t, edit(t, s, "*0915*101*X", "*0915*1A1*X"), "GE*1*101", "GE*1*1A1")
		}, nil, []string{"6"}, "R"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := walk(t, tt.mod(t, base(t)))
			require.Len(t, rec.grps, 1)
			require.Len(t, rec.sets, 1)
			require.Equal(t, tt.setCodes, rec.sets[0].Codes)
			require.Equal(t, tt.grpCodes, rec.grps[0].Codes)
			require.Equal(t, tt.status, rec.grps[0].Status())
		})
	}
}

func TestPartialAcceptance(t *testing.T) {
	s := base(t)
	i, j := strings.Index(s, "ST*"), strings.Index(s, "GE*")
	set := s[i:j]
	bad := strings.Replace(strings.ReplaceAll(set, "*0001", "*0002"), "UM*HS*I*18*12:B", "UM*HS*Z*18*12:B", 1)
	in := s[:j] + bad + strings.Replace(s[j:], "GE*1*101", "GE*2*101", 1)
	rec := walk(t, in)
	require.Len(t, rec.sets, 2)
	require.True(t, rec.sets[0].Accepted())
	require.False(t, rec.sets[1].Accepted())
	require.Equal(t, "P", rec.grps[0].Status())
	dup := s[:j] + set + strings.Replace(s[j:], "GE*1*101", "GE*2*101", 1)
	rec = walk(t, dup)
	require.Equal(t, []string{"23"}, rec.sets[1].Codes, "duplicate ST02 in a group")
}

// Test999Text checks the 999 for the X12 reference's own example: UM02 Z
// in request 1 (x12-278.md §7.8), segment by segment.
func Test999Text(t *testing.T) {
	in := edit(t, base(t), "UM*HS*I*18*12:B", "UM*HS*Z*18*12:B")
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, edi.DefaultDelimiters, true)
	h := &ackWriter{w: w}
	_, err := ack.Walk(strings.NewReader(in), ack.Options{Validate: x217.ValidateSet}, h)
	require.NoError(t, err)
	require.NoError(t, w.Flush())
	require.Equal(t, strings.Join([]string{
		"ST*999*0001*005010X231A1~",
		"AK1*HI*101*005010X217~",
		"AK2*278*0001*005010X217~",
		"IK3*UM*16*2000*8~", // IK303 is AN 1-4: the base loop ID of 2000E
		"IK4*2*1322*7*Z~",
		"IK5*R*5~",
		"AK9*R*1*1*0~",
		"SE*8*0001~",
	}, "\n")+"\n", buf.String())
}

type ackWriter struct {
	recorder
	w *edi.Writer
	a *ack.Ack999
}

func (h *ackWriter) GroupStart(_ *ack.Interchange, g *ack.Group)      { h.a = ack.Begin999(h.w, g, "0001") }
func (h *ackWriter) Set(_ *ack.Interchange, _ *ack.Group, s *ack.Set) { h.a.Set(s) }
func (h *ackWriter) GroupEnd(_ *ack.Interchange, g *ack.Group)        { h.a.End(g) }

func TestTA1Text(t *testing.T) {
	rec := walk(t, base(t))
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, edi.DefaultDelimiters, false)
	ix := rec.ixs[0]
	ack.WriteTA1(w, &ix, ack.Reply(&ix, 700101, time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC)))
	require.NoError(t, w.Flush())
	require.Equal(t, "ISA*00*          *00*          *ZZ*ACMEHP         *ZZ*SUMMITHI       *260302*0916*^*00501*000700101*0*T*:~"+
		"TA1*000000101*260302*0915*A*000~IEA*0*000700101~", buf.String())
	isa := buf.String()[:strings.Index(buf.String(), "~")+1]
	require.Len(t, isa, 106)
}
