package x217_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// collector keeps copies of every transaction set of a file.
type collector struct {
	sets  [][]edi.Segment
	codes [][]string
	errs  [][]edi.SegmentError
	valid []bool // the set was checked against the guide and passed
}

func (c *collector) InterchangeStart(*ack.Interchange)       {}
func (c *collector) GroupStart(*ack.Interchange, *ack.Group) {}
func (c *collector) GroupEnd(*ack.Interchange, *ack.Group)   {}
func (c *collector) InterchangeEnd(*ack.Interchange)         {}
func (c *collector) Set(ix *ack.Interchange, g *ack.Group, s *ack.Set) {
	c.valid = append(c.valid, !ix.Rejected() && len(g.Codes) == 0 && s.Accepted())
	var segs []edi.Segment
	for _, seg := range s.Segments {
		segs = append(segs, seg.Clone())
	}
	c.sets = append(c.sets, segs)
	c.codes = append(c.codes, s.Codes)
	c.errs = append(c.errs, s.Errors)
}

func ackWalk(r io.Reader, c *collector) (ack.Summary, error) {
	return ack.Walk(r, ack.Options{Validate: x217.ValidateSet}, c)
}

func collect(t testing.TB, input string) *collector {
	t.Helper()
	c := &collector{}
	_, err := ack.Walk(strings.NewReader(input), ack.Options{Validate: x217.ValidateSet}, c)
	require.NoError(t, err)
	return c
}

func samples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../samples/requests/*.x12")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

func read(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// TestGuideAcceptsSamples: the request corpus, including the shapes of the
// X12 guide's own examples (referral, admission review, transport, medical
// services reservation), passes the guide without a single error.
func TestGuideAcceptsSamples(t *testing.T) {
	for _, f := range samples(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			c := collect(t, read(t, f))
			require.NotEmpty(t, c.sets)
			for i := range c.sets {
				require.Empty(t, c.errs[i], "set %d", i+1)
				require.Empty(t, c.codes[i], "set %d", i+1)
			}
		})
	}
}

const base = "../../samples/requests/doc-7.1-subscriber-pump-drug.x12"

func TestValidateErrors(t *testing.T) {
	tests := []struct {
		name string
		old  string
		new  string
		want []edi.SegmentError
	}{
		{"invalid code value", "UM*HS*I*18*12:B~", "UM*HS*Z*18*12:B~",
			[]edi.SegmentError{{SegmentID: "UM", Position: 16, Loop: "2000E", Elements: []edi.ElementError{{Position: 2, Ref: 1322, Code: "7", Value: "Z"}}}}},
		{"invalid component code", "UM*HS*I*18*12:B~", "UM*HS*I*18*12:Q~",
			[]edi.SegmentError{{SegmentID: "UM", Position: 16, Loop: "2000E", Elements: []edi.ElementError{{Position: 4, Component: 2, Ref: 1332, Code: "7", Value: "Q"}}}}},
		{"required element missing", "NM1*X3*2*ACME HEALTH PLAN*****PI*99999~", "NM1*X3*2*ACME HEALTH PLAN*****PI~",
			[]edi.SegmentError{{SegmentID: "NM1", Position: 4, Loop: "2010A", Elements: []edi.ElementError{{Position: 9, Ref: 67, Code: "1"}}}}},
		{"bad date", "DMG*D8*19580214*F~", "DMG*D8*19580230*F~",
			[]edi.SegmentError{{SegmentID: "DMG", Position: 13, Loop: "2010C", Elements: []edi.ElementError{{Position: 2, Ref: 1251, Code: "8", Value: "19580230"}}}}},
		{"bad date range", "DTP*AAH*RD8*20260305-20260604~", "DTP*AAH*RD8*20260605-20260304~",
			[]edi.SegmentError{{SegmentID: "DTP", Position: 17, Loop: "2000E", Elements: []edi.ElementError{{Position: 3, Ref: 1251, Code: "8", Value: "20260605-20260304"}}}}},
		{"bad time", "BHT*0007*13*SHI-REQ-0001*20260302*0915~", "BHT*0007*13*SHI-REQ-0001*20260302*0975~",
			[]edi.SegmentError{{SegmentID: "BHT", Position: 2, Loop: "", Elements: []edi.ElementError{{Position: 5, Ref: 337, Code: "9", Value: "0975"}}}}},
		{"not-used element present", "HL*1**20*1~", "HL*1*1*20*1~",
			[]edi.SegmentError{{SegmentID: "HL", Position: 3, Loop: "2000A", Elements: []edi.ElementError{{Position: 2, Ref: 734, Code: "I10", Value: "1"}}}}},
		{"too many elements", "PRV*OR*PXC*207RX0202X~", "PRV*OR*PXC*207RX0202X****X~",
			[]edi.SegmentError{{SegmentID: "PRV", Position: 21, Loop: "2010EA", Elements: []edi.ElementError{{Position: 7, Code: "3"}}}}},
		{"element too long", "TRN*1*SHI0001EV*9123456789~", "TRN*1*SHI0001EV*91234567890~",
			[]edi.SegmentError{{SegmentID: "TRN", Position: 15, Loop: "2000E", Elements: []edi.ElementError{{Position: 3, Ref: 509, Code: "5", Value: "91234567890"}}}}},
		{"non-numeric quantity", "SV1*HC:E0781:RR*1350*UN*3~", "SV1*HC:E0781:RR*1350*UN*THREE~",
			[]edi.SegmentError{{SegmentID: "SV1", Position: 27, Loop: "2000F", Elements: []edi.ElementError{{Position: 4, Ref: 380, Code: "6", Value: "THREE"}}}}},
		{"unexpected segment (not in X217)", "HSD*MN*3~", "HSD*MN*3~\nCR4*Y~",
			[]edi.SegmentError{{SegmentID: "CR4", Position: 29, Loop: "2000F", Code: "I4"}}},
		{"unexpected segment (X12, wrong place)", "HSD*MN*3~", "HSD*MN*3~\nCLM*1~",
			[]edi.SegmentError{{SegmentID: "CLM", Position: 29, Loop: "2000F", Code: "2"}}},
		{"unrecognized segment", "HSD*MN*3~", "HSD*MN*3~\nZZZ*1~",
			[]edi.SegmentError{{SegmentID: "ZZZ", Position: 29, Loop: "2000F", Code: "1"}}},
		{"segment out of order", "UM*HS*I*18~\nDTP*472", "DTP*472*D8*20260305~\nUM*HS*I*18~\nDTP*472",
			// UM comes after the DTP: out of sequence (not also missing), and
			// the second DTP exceeds the loop's one DTP.
			[]edi.SegmentError{{SegmentID: "UM", Position: 26, Loop: "2000F", Code: "7"}, {SegmentID: "DTP", Position: 27, Loop: "2000F", Code: "5"}}},
		{"required segment missing", "UM*HS*I*18*12:B~\n", "", // UM is required at 2000E (situational at 2000F)
			[]edi.SegmentError{{SegmentID: "UM", Position: 16, Loop: "2000E", Code: "3"}}},
		{"segment over its maximum use", "HSD*MN*3~", "HSD*MN*3~\nHSD*MN*3~",
			[]edi.SegmentError{{SegmentID: "HSD", Position: 29, Loop: "2000F", Code: "5"}}},
		{"HL parent of the wrong level", "HL*5*4*SS*0~", "HL*5*3*SS*0~",
			[]edi.SegmentError{{SegmentID: "HL", Position: 23, Loop: "2000F", Elements: []edi.ElementError{{Position: 2, Ref: 734, Code: "I12", Value: "3"}}}}},
		{"HL01 out of sequence", "HL*5*4*SS*0~", "HL*7*4*SS*0~",
			[]edi.SegmentError{{SegmentID: "HL", Position: 23, Loop: "2000F", Elements: []edi.ElementError{{Position: 1, Ref: 628, Code: "I12", Value: "7"}}}}},
		{"HL04 says no child but one follows", "HL*4*3*EV*1~", "HL*4*3*EV*0~",
			[]edi.SegmentError{{SegmentID: "HL", Position: 14, Loop: "2000E", Elements: []edi.ElementError{{Position: 4, Ref: 736, Code: "I12", Value: "0"}}}}},
		{"unknown HL level", "HL*5*4*SS*0~", "HL*5*4*QQ*0~",
			[]edi.SegmentError{{SegmentID: "HL", Position: 23, Elements: []edi.ElementError{{Position: 3, Ref: 735, Code: "7", Value: "QQ"}}}}},
		{"unknown name loop entity", "NM1*DK*1*RIVERA", "NM1*ZZ*1*RIVERA",
			[]edi.SegmentError{{SegmentID: "NM1", Position: 20, Loop: "2010EA", Elements: []edi.ElementError{{Position: 1, Ref: 98, Code: "7", Value: "ZZ"}}}}},
		{"element repeated where it may not", "HI*ABK:C180*ABF:Z5111~", "HI*ABK:C180^ABF:Z5111~",
			[]edi.SegmentError{{SegmentID: "HI", Position: 18, Loop: "2000E", Elements: []edi.ElementError{{Position: 1, Ref: 1270, Code: "12"}}}}}, // IK402: the composite's first component
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := read(t, base)
			require.Contains(t, in, tt.old)
			in = strings.Replace(in, tt.old, tt.new, 1)
			c := collect(t, in)
			require.Len(t, c.sets, 1)
			got := x217.ValidateSet(c.sets[0], nil)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestText(t *testing.T) {
	d := edi.DefaultDelimiters
	tests := []struct{ in, want string }{
		{"Not met: ANTHEM.NMN (Clinical Indications › Not Medically Necessary)", "Not met - ANTHEM.NMN (Clinical Indications / Not Medically Necessary)"},
		{"a*b~c^d", "a b c d"},
		{"“quoted” … ≥ 8 h — café", "\"quoted\" ... >= 8 h - caf"},
		{"  spaced   out  ", "spaced out"},
		{strings.Repeat("x", 300), strings.Repeat("x", 264)},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, x217.Text(tt.in, d, 264), tt.in)
	}
}

func TestMissingLevels(t *testing.T) {
	in := read(t, base)
	i := strings.Index(in, "HL*4*3*EV*1~")
	j := strings.Index(in, "SE*35")
	in = in[:i] + "SE*13*0001~" + in[j+len("SE*35*0001~"):]
	c := collect(t, in)
	got := x217.ValidateSet(c.sets[0], nil)
	require.Equal(t, []edi.SegmentError{
		{SegmentID: "HL", Position: 14, Loop: "2000E", Code: "I7"},
		{SegmentID: "HL", Position: 11, Loop: "2000C", Elements: []edi.ElementError{{Position: 4, Ref: 736, Code: "I12", Value: "1"}}},
	}, got)
	_, err := x217.Decode(c.sets[0])
	require.ErrorIs(t, err, x217.ErrStructure)
}

// TestDecodeEncodeRoundTrip: every sample set decodes and encodes back to
// the same segments, with the same delimiters.
func TestDecodeEncodeRoundTrip(t *testing.T) {
	for _, f := range samples(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			c := collect(t, read(t, f))
			for _, set := range c.sets {
				req, err := x217.Decode(set)
				require.NoError(t, err)
				var buf bytes.Buffer
				d := set[0].Delimiters()
				w := edi.NewWriter(&buf, d, false)
				x217.Encode(w, req)
				require.NoError(t, w.Flush())
				var want bytes.Buffer
				for _, s := range set {
					want.Write(s.Raw())
					want.WriteByte(d.Segment)
				}
				require.Equal(t, want.String(), buf.String())
			}
		})
	}
}

func TestDecodeModel(t *testing.T) {
	c := collect(t, read(t, "../../samples/requests/doc-7.2-dependent-urgent-k0455.x12"))
	req, err := x217.Decode(c.sets[0])
	require.NoError(t, err)
	require.Equal(t, "CH-778812", req.BHT.Reference)
	require.Equal(t, x217.Name{Entity: "X3", Type: "2", Last: "ACME HEALTH PLAN", IDQualifier: "PI", ID: "99999"}, req.UMO.Name)
	require.NotNil(t, req.Dependent)
	require.Equal(t, "F", req.Patient().Gender)
	require.Equal(t, "12", req.Event.UM.POS())
	require.Equal(t, "U", req.Event.UM.LevelOfService)
	require.Equal(t, []x217.Diagnosis{{Qualifier: "ABK", Code: "I270"}}, req.Event.Diagnoses)
	require.Len(t, req.Lines, 2)
	require.Equal(t, x217.Service{Segment: "SV1", Qualifier: "HC", Code: "K0455", Modifiers: []string{"RR"}, Charge: "2100", UnitBasis: "UN", Units: "3"}, req.Lines[0].Service)
	from, to := req.Lines[1].Dates[0].Range()
	require.Equal(t, []string{"20260303", "20260602"}, []string{from, to})
	require.Equal(t, "DK", req.Event.Providers[0].Name.Entity)
	require.Equal(t, "208000000X", req.Event.Providers[0].Taxonomy)
}

// TestResponse reads a response for request 1 against the guide's rules:
// hierarchy echoed with HL04 recomputed, request TRNs returned as TRN*2,
// HCR after UM, REF*NT for the pend, DTP*007 for the approval, HI LOI on
// the pended line, MSG last, SE01 counted.
func TestResponse(t *testing.T) {
	c := collect(t, read(t, base))
	req, err := x217.Decode(c.sets[0])
	require.NoError(t, err)
	resp := &x217.Response{
		Request: req, Date: "20260302", Time: "0916", Pending: true,
		Event: x217.Decision{Action: "A4", Reasons: []string{"0U"}, AdminRef: "G278P1"},
		Lines: []x217.Decision{
			{Action: "A1", Auth: "G278A1", CertFrom: "20260305", CertTo: "20260604"},
			{Action: "A4", Reasons: []string{"0U", "0V"}, AdminRef: "G278P2", Documents: []string{"11506-3", "18776-5"}, Message: "SEND PROGRESS NOTE"},
		},
	}
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, edi.DefaultDelimiters, true)
	x217.EncodeResponse(w, resp, "0001")
	require.NoError(t, w.Flush())
	want := `ST*278*0001*005010X217~
BHT*0007*11*SHI-REQ-0001*20260302*0916*19~
HL*1**20*1~
NM1*X3*2*ACME HEALTH PLAN*****PI*99999~
HL*2*1*21*1~
NM1*1P*2*SUMMIT HOME INFUSION*****XX*1234567893~
PRV*PE*PXC*332B00000X~
HL*3*2*22*1~
NM1*IL*1*DOE*JANE*Q***MI*ZZX123456789~
DMG*D8*19580214*F~
HL*4*3*EV*1~
TRN*2*SHI0001EV*9123456789~
UM*HS*I*18*12:B~
HCR*A4**0U~
REF*NT*G278P1~
DTP*AAH*RD8*20260305-20260604~
HI*ABK:C180*ABF:Z5111~
NM1*DK*1*RIVERA*ANA****XX*1093817462~
PRV*OR*PXC*207RX0202X~
NM1*SJ*2*SUMMIT HOME INFUSION*****XX*1234567893~
HL*5*4*SS*0~
TRN*2*SHI0001L1*9123456789~
UM*HS*I*18~
HCR*A1*G278A1~
DTP*472*RD8*20260305-20260604~
DTP*007*RD8*20260305-20260604~
SV1*HC:E0781:RR*1350*UN*3~
HSD*MN*3~
HL*6*4*SS*0~
TRN*2*SHI0001L2*9123456789~
UM*HS*I~
HCR*A4**0U^0V~
REF*NT*G278P2~
DTP*472*RD8*20260305-20260604~
HI*LOI:11506-3*LOI:18776-5~
SV1*HC:J9190*640*UN*36~
MSG*SEND PROGRESS NOTE~
SE*38*0001~
`
	require.Equal(t, want, buf.String())
	// SE01 counts the segments from ST to SE.
	require.Equal(t, 38, strings.Count(buf.String(), "~"))
}

func TestResponseStopsBelowErrors(t *testing.T) {
	c := collect(t, read(t, base))
	req, err := x217.Decode(c.sets[0])
	require.NoError(t, err)
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, edi.DefaultDelimiters, false)
	x217.EncodeResponse(w, &x217.Response{Request: req, Date: "20260302", Time: "0916",
		SubscriberErrors: []x217.AAA{{Reason: "72", FollowUp: "C"}}}, "0001")
	require.NoError(t, w.Flush())
	require.Equal(t, "ST*278*0001*005010X217~BHT*0007*11*SHI-REQ-0001*20260302*0916*18~HL*1**20*1~"+
		"NM1*X3*2*ACME HEALTH PLAN*****PI*99999~HL*2*1*21*1~NM1*1P*2*SUMMIT HOME INFUSION*****XX*1234567893~"+
		"PRV*PE*PXC*332B00000X~HL*3*2*22*0~NM1*IL*1*DOE*JANE*Q***MI*ZZX123456789~AAA*N**72*C~DMG*D8*19580214*F~SE*12*0001~", buf.String())
	require.Equal(t, 12, strings.Count(buf.String(), "~"))
}

// TestResponseContact: a pended event names the UMO's contact in 2010EB,
// after the echoed 2010EA providers; a certified one does not.
func TestResponseContact(t *testing.T) {
	c := collect(t, read(t, base))
	req, err := x217.Decode(c.sets[0])
	require.NoError(t, err)
	contact := &x217.Contact{Name: "ACME UM: INTAKE", Phone: "8005550199", Email: "um@acme.example"}
	for _, tt := range []struct {
		action string
		want   bool
	}{{"A4", true}, {"A1", false}} {
		var buf bytes.Buffer
		w := edi.NewWriter(&buf, edi.DefaultDelimiters, true)
		x217.EncodeResponse(w, &x217.Response{Request: req, Date: "20260302", Time: "0916", Event: x217.Decision{Action: tt.action},
			Lines: []x217.Decision{{Action: tt.action}, {Action: tt.action}}, Contact: contact}, "0001")
		require.NoError(t, w.Flush())
		out := buf.String()
		loop := "NM1*SJ*2*SUMMIT HOME INFUSION*****XX*1234567893~\nNM1*L5*2*ACME UM - INTAKE~\nPER*IC**TE*8005550199*EM*um@acme.example~\nHL*5*4*SS*0~"
		require.Equal(t, tt.want, strings.Contains(out, loop), "%s:\n%s", tt.action, out)
		require.Equal(t, tt.want, strings.Contains(out, "NM1*L5"), tt.action)
	}
}
