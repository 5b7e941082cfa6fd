package samples_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/edi/x217"
)

var finalClock = time.Date(2026, 3, 10, 13, 6, 0, 0, time.UTC)

// pendedCase runs a request sample through the pipeline with cases on and
// returns the review case its pend opens and the pended 278 response.
func pendedCase(t *testing.T, file string, edit func(string) string) (*cases.Case, []byte) {
	t.Helper()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	in := string(raw)
	if edit != nil {
		in = edit(in)
	}
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	var c *cases.Case
	var resp []byte
	_, err = pipeline.Process(context.Background(), strings.NewReader(in), pipeline.Options{Now: finalClock, Config: cfg, Cases: true},
		func(o pipeline.Output) error {
			switch o.Kind {
			case pipeline.KindPend:
				c = o.Case
			case pipeline.Kind278:
				resp = append([]byte(nil), o.Data...)
			}
			return nil
		})
	require.NoError(t, err)
	require.NotNil(t, c, "%s pends", file)
	cal, err := cases.NewCalendar(time.UTC, cases.USFederalHolidays())
	require.NoError(t, err)
	clocks, err := cases.NewClocks(cases.RegimeCMS, cal)
	require.NoError(t, err)
	opened, err := cases.New(*c, clocks)
	require.NoError(t, err)
	return opened, resp
}

const doc72 = "requests/doc-7.2-dependent-urgent-k0455.x12"

func vtMedicaid(s string) string { return strings.Replace(s, "PI*99999", "PI*VTMEDICAID", 1) }

// decide records a reviewer's determination on the case.
func decide(t *testing.T, c *cases.Case, lines map[int]cases.LineDecision) {
	t.Helper()
	require.NoError(t, c.Decide(cases.Decision{Reviewer: "rn-lee", At: finalClock.Add(time.Hour), Lines: lines,
		Rationale: "reviewed the chart"}))
}

// final renders the case's final response and checks it against the 278
// response rules the samples enforce: the interchange walk (checkSet: BHT,
// HL04, TRN*2, one HCR per loop with its HCR02, DTP*007, HCR03, MSG, REF*NT
// and HI LOI, BHT06 and the event roll-up) and the guide's response rules
// (x217.CheckResponse).
func final(t *testing.T, c *cases.Case) string {
	t.Helper()
	// As the store keeps it: the answer needs nothing but the case's JSON.
	b, err := json.Marshal(c)
	require.NoError(t, err)
	c = new(cases.Case)
	require.NoError(t, json.Unmarshal(b, c))
	out, err := pipeline.FinalResponse(c, pipeline.FinalControl(c.Key(), 3), finalClock.Add(2*time.Hour))
	require.NoError(t, err)
	checkInterchange(t, c.ID, segments(out), map[string]bool{"CH-778812": true})
	sets := sets278(out)
	require.Len(t, sets, 1)
	require.Empty(t, x217.CheckResponse(sets[0]))
	return string(out)
}

// TestFinalResponseSegments: the segments a decided case answers with,
// written out by hand from the response rules: line 1 certified for a
// shorter period than asked, line 2 denied with its reason in plain words,
// the event A2 over the certified span, every request TRN echoed as TRN*2,
// each REF*NT the pended response gave, BHT02 11 and BHT06 18.
func TestFinalResponseSegments(t *testing.T) {
	c, pended := pendedCase(t, doc72, vtMedicaid)
	decide(t, c, map[int]cases.LineDecision{
		1: {Action: cases.Certify, Authorization: "VT26A0001", From: "20260303", To: "20260501"},
		2: {Action: cases.NotCertify, Code: "0V", Reason: "the infusions are not shown to be needed at home"},
	})
	got := final(t, c)
	evRef := c.ID
	l1, l2 := c.Lines[0].AdminRef, c.Lines[1].AdminRef
	require.NotEmpty(t, l1)
	for _, ref := range []string{evRef, l1, l2} {
		require.Contains(t, string(pended), "REF*NT*"+ref+"~", "the pended response gave %s", ref)
	}
	control := fmt.Sprintf("%09d", pipeline.FinalControl(c.Key(), 3))
	want := []string{
		"ISA*00*          *00*          *ZZ*ACMEHP         *ZZ*CLEARHUB       *260310*1506*^*00501*" + control + "*0*P*:",
		"GS*HI*ACMEHP*CLEARHUB*20260310*1506*" + strings.TrimLeft(control, "0") + "*X*005010X217",
		"ST*278*0001*005010X217",
		"BHT*0007*11*CH-778812*20260310*1506*18",
		"HL*1**20*1",
		"NM1*X3*2*ACME HEALTH PLAN*****PI*VTMEDICAID",
		"HL*2*1*21*1",
		"NM1*1P*2*BRIGHTPATH PEDIATRIC INFUSION*****XX*1548720931",
		"HL*3*2*22*1",
		"NM1*IL*1*DOE*JOHN****MI*ZZX987654321",
		"REF*6P*GRP7788",
		"HL*4*3*23*1",
		"NM1*QC*1*DOE*LILY",
		"DMG*D8*20150704*F",
		"INS*N*19",
		"HL*5*4*EV*1",
		"TRN*2*CH778812E*1363214567",
		"UM*HS*I*18*12:B**U",
		"HCR*A2*" + adjudicate.RefNumber(c.Key(), 'C', -1),
		"REF*NT*" + evRef,
		"DTP*AAH*RD8*20260303-20260602",
		"DTP*007*RD8*20260303-20260501",
		"HI*ABK:I270",
		"NM1*DK*1*CHEN*DAVID****XX*1765432103",
		"PRV*OR*PXC*208000000X",
		"HL*6*5*SS*0",
		"TRN*2*CH778812S1*1363214567",
		"UM*HS*I*18",
		"HCR*A1*VT26A0001",
		"REF*NT*" + l1,
		"DTP*472*RD8*20260303-20260602",
		"DTP*007*RD8*20260303-20260501",
		"SV1*HC:K0455:RR*2100*UN*3",
		"HL*7*5*SS*0",
		"TRN*2*CH778812S2*1363214567",
		"UM*HS*I",
		"HCR*A3*" + adjudicate.RefNumber(c.Key(), 'R', 1) + "*0V",
		"REF*NT*" + l2,
		"DTP*472*RD8*20260303-20260602",
		"SV1*HC:J1325*4500*UN*540",
		"MSG*Not certified under vt-dvha-eip (clinical review); the infusions are not shown to be needed at home",
		"SE*40*0001",
		"GE*1*" + strings.TrimLeft(control, "0"),
		"IEA*1*" + control,
	}
	require.Equal(t, strings.Join(want, "~\n")+"~\n", strings.ReplaceAll(got, "~", "~\n"))
}

// TestFinalResponseDecisions: every kind of answer a case gives passes the
// samples' response checks, with its BHT06 and event roll-up.
func TestFinalResponseDecisions(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prep   func(*testing.T, *cases.Case)
		bht06  string
		event  string
		inLine []string
	}{
		{"certified", func(t *testing.T, c *cases.Case) {
			decide(t, c, map[int]cases.LineDecision{
				1: {Action: cases.Certify, From: "20260303", To: "20260602"},
				2: {Action: cases.Certify, From: "20260310", To: "20260310"},
			})
		}, "18", "A1", []string{"DTP*007*D8*20260310~", "HCR*A1*C"}},
		{"modified", func(t *testing.T, c *cases.Case) {
			decide(t, c, map[int]cases.LineDecision{
				1: {Action: cases.Certify, From: "20260303", To: "20260602"},
				2: {Action: cases.Modify, Units: "270", Reason: "half the requested dose is supported"},
			})
		}, "18", "A6", []string{"MSG*Modified to 270 units; half the requested dose is supported~"}},
		{"denied", func(t *testing.T, c *cases.Case) {
			decide(t, c, map[int]cases.LineDecision{
				1: {Action: cases.NotCertify, Code: "0V", Reason: "no prescriber visit note"},
				2: {Action: cases.NotCertify, Code: "0V", Reason: "no prescriber visit note"},
			})
		}, "18", "A3", []string{"MSG*Not certified under vt-dvha-eip (clinical review); no prescriber visit note~"}},
		{"documents", func(t *testing.T, c *cases.Case) {
			require.Equal(t, cases.WaitingDocuments, c.State)
		}, "19", "A4", []string{"HCR*A4**0U~", "HI*LOI:11506-3*LOI:18776-5~"}},
		{"cancelled", func(t *testing.T, c *cases.Case) {
			require.NoError(t, c.Cancel(finalClock.Add(time.Hour)))
		}, "18", "C", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := pendedCase(t, doc72, vtMedicaid)
			tc.prep(t, c)
			got := final(t, c)
			require.Contains(t, got, "*"+tc.bht06+"~HL*1**20*1~")
			require.Regexp(t, `HL\*5\*4\*EV\*1~TRN\*2\*CH778812E\*1363214567~UM[^~]*~HCR\*`+tc.event+`\*`, got)
			for _, s := range tc.inLine {
				require.Contains(t, got, s)
			}
		})
	}
}

// TestFinalResponseRefused: a case still open, or a decided one whose
// pended line has no decision, is not answered.
func TestFinalResponseRefused(t *testing.T) {
	c, _ := pendedCase(t, doc72, vtMedicaid)
	require.NoError(t, c.Assign("rn-lee", finalClock))
	_, err := pipeline.FinalResponse(c, 1, finalClock)
	require.ErrorIs(t, err, pipeline.ErrNotAnswerable)
	require.NotContains(t, err.Error(), "DOE", "no PHI in errors")
}

// TestFinalResponseDelimiters: the answer is written with the partner's
// delimiters.
func TestFinalResponseDelimiters(t *testing.T) {
	c, _ := pendedCase(t, doc72, func(s string) string {
		s = vtMedicaid(s)
		s = strings.ReplaceAll(s, "*", "|")
		s = strings.ReplaceAll(s, ":", "!")
		return strings.ReplaceAll(s, "~", "#")
	})
	decide(t, c, map[int]cases.LineDecision{
		1: {Action: cases.Certify, From: "20260303", To: "20260602"},
		2: {Action: cases.Certify, From: "20260303", To: "20260602"},
	})
	out, err := pipeline.FinalResponse(c, 7, finalClock)
	require.NoError(t, err)
	require.Contains(t, string(out), "#HL|5|4|EV|1#TRN|2|CH778812E|1363214567#UM|HS|I|18|12!B||U#HCR|A1|")
	checkInterchange(t, c.ID, segments(out), nil)
}
