package adjudicate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRedTeamDefects holds one case per wrong approval the second blind
// review found (samples/redteam2), each beside its certified twin: the
// twin proves the base is A1, the case that the one change pends it.
func TestRedTeamDefects(t *testing.T) {
	oncologist := ordering(npiOncologist, "207RX0202X")
	vtComplete := []mod{oncologist, pwk("DB"), pwk("M1")}
	vt := func(ms ...mod) []mod { return append(append([]mod{}, vtComplete...), ms...) }
	set1 := func() []Line {
		return []Line{hc("E0779", modifiers("RR"), func(l *Line) { l.Units = 1 }), hc("J9190")}
	}
	vtLines := func() []Line { return []Line{hc("E0781", hours(46)), hc("J9190")} }
	tests := []defectCase{
		{
			name: "1 a chiropractor's taxonomy is not attested over (VT.PRESCRIBER.SCOPE)", payer: "VTMEDICAID",
			lines: vtLines, mods: vt(),
			change:  func(r *Request) { r.Event.Providers[0].Taxonomy = "111N00000X" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "111N00000X", unknown: "VT.PRESCRIBER.SCOPE",
		},
		{
			name: "1 Anthem too: a chiropractor's order pends", payer: "ANTHEMCT", lines: set1,
			mods:    []mod{oncologist},
			change:  func(r *Request) { r.Event.Providers[0].Taxonomy = "111N00000X" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "is not a prescriber's",
		},
		{
			name: "2 an ordering NPI failing its check digit is no prescriber", payer: "VTMEDICAID",
			lines: vtLines, mods: vt(),
			change:  func(r *Request) { r.Event.Providers[0].NPI = "1234567890" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "check digit", unknown: "VT.PRESCRIBER.LICENSED",
		},
		{
			name: "2 Anthem too: an invalid ordering NPI pends", payer: "ANTHEMCT", lines: set1,
			mods:    []mod{oncologist},
			change:  func(r *Request) { r.Event.Providers[0].NPI = "1234567890" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "check digit",
		},
		{
			name: "3 the ordering provider carrying the requester's NPI", payer: "VTMEDICAID",
			lines: vtLines, mods: vt(),
			change:  func(r *Request) { r.Event.Providers[0].NPI = r.Requester.NPI },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "the requester's own", unknown: "VT.PRESCRIBER.LICENSED",
		},
		{
			name: "4 a PWK sent without a control number attests nothing", payer: "VTMEDICAID",
			lines: vtLines, mods: vt(),
			change: func(r *Request) {
				for i := range r.Event.Attachments {
					r.Event.Attachments[i].Transmission, r.Event.Attachments[i].ControlNumber = "EL", ""
				}
			},
			actions: []string{"A4", "A4"}, rule: RulePendDocuments, note: "without an attachment control number", unknown: "VT.COND.2",
		},
		{
			name: "5 a malformed drug code beside morphine leaves 'not meperidine' unknown", payer: "VTMEDICAID",
			lines: func() []Line { return []Line{hc("E0779"), hc("J2270")} }, mods: vt(dx("G893", "C259")),
			change:  func(r *Request) { r.Lines = append(r.Lines, hc("j2175")) },
			actions: []string{"A4", "A4", ""}, rule: RulePendReview, unknown: "VT.IND.7.NO_MEPERIDINE",
		},
		{
			name: "6 a drug on other dates does not drive a second pump", payer: "ANTHEMCT",
			lines: func() []Line {
				l := set1()
				l[1].From, l[1].To = "20260301", "20260315"
				l[0].From, l[0].To = "20260301", "20260315"
				return l
			},
			change: func(r *Request) {
				r.Lines = append(r.Lines, hc("E0781", func(l *Line) { l.From, l.To = "20260316", "20260331" }))
			},
			actions: []string{"A1", "A4", "A4"},
		},
		{
			// Found by the contradiction property on the redteam2 corpus.
			name: "6 a drug on other dates does not make room for a second pump on these", payer: "ANTHEMCT",
			lines: func() []Line {
				l := set1()
				l[1].From, l[1].To = "20260301", "20260315"
				l[0].From, l[0].To = "20260301", "20260315"
				return l
			},
			change: func(r *Request) {
				r.Lines = append(r.Lines, r.Lines[0], hc("J3370", func(l *Line) { l.From, l.To = "20260316", "20260331" }))
			},
			actions: []string{"A4", "A4", "A4", "A4"}, rule: RuleImplausible, note: "one regimen needs one pump",
		},
		{
			name: "6 a repeated drug line is one regimen: two pumps for it pend", payer: "ANTHEMCT", lines: set1,
			change: func(r *Request) {
				r.Lines = []Line{r.Lines[0], hc("E0779", modifiers("NU")), r.Lines[1], r.Lines[1]}
			},
			actions: []string{"A4", "A4", "A4", "A4"}, rule: RuleImplausible, note: "one regimen needs one pump",
		},
		{
			name: "7 a supply outside its pump's dates pends", payer: "ANTHEMCT",
			lines: func() []Line {
				l := set1()
				l[0].From, l[0].To = "20260301", "20260315"
				return append(l, hc("A4222", func(l *Line) { l.From, l.To = "20260316", "20260331" }))
			},
			actions: []string{"A1", "A4", "A4"},
		},
		{
			name: "8 pump units beyond one per rental month pend", payer: "ANTHEMCT", lines: set1,
			change:  func(r *Request) { r.Lines[0].Units = 36 },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "one per rental month",
		},
		{
			name: "8 A4221 weeks beyond the period pend, the pump stays certified", payer: "ANTHEMCT", lines: set1,
			change: func(r *Request) {
				r.Lines = append(r.Lines, hc("A4221", func(l *Line) { l.Units = 400 }))
			},
			actions: []string{"A1", "A4", "A4"},
		},
		{
			name: "9 an event HSD contradicting E0779 needs a clinician", payer: "ANTHEMCT", lines: set1,
			change: func(r *Request) {
				r.Event.Delivery = []DeliveryPattern{{Qualifier: "HS", Quantity: 2, PeriodQualifier: "7", Periods: 1}}
			},
			actions: []string{"A4", "A4"}, rule: RulePendReview,
		},
		{
			name: "10 a service period far before the request date pends", payer: "ANTHEMCT", lines: set1,
			change:  func(r *Request) { r.Date = "20260420" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "retrospective review",
		},
		{
			name: "10 a birth date after the service dates pends", payer: "ANTHEMCT", lines: set1,
			change:  func(r *Request) { r.Patient.BirthDate = "20270115" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "birth date",
		},
		{
			name: "10 J1457 on dates after its end identifies no drug", payer: "VTMEDICAID",
			lines: func() []Line { return []Line{hc("E0781"), hc("J1457")} },
			mods:  vt(dx("E8352", "C3490"), dates("20251101", "20251130")),
			change: func(r *Request) {
				r.Event.From, r.Event.To = "20260301", "20260331"
			},
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "no longer valid",
		},
	}
	runDefects(t, tests)
}

// defectCase is one wrong approval of a blind review beside its certified
// twin: the request built from lines and mods must be certified (line 0
// A1), and change must turn it into actions.
type defectCase struct {
	name    string
	payer   string
	lines   func() []Line
	mods    []mod
	change  func(r *Request)
	actions []string // after the change
	rule    string   // rule of line 0 after the change
	note    string   // a trace note or implausible reason of the first pended line (substring)
	unknown string   // a criterion of line 0 that must be unknown (not met by attestation)
}

// runDefects runs the defect cases under the embedded default
// configuration: the twin certified, the changed request as expected,
// never a machine denial, and the pend saying why.
func runDefects(t *testing.T, tests []defectCase) {
	t.Helper()
	cfg := defaultConfig(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			twin := decide(t, newReq(tc.payer, tc.lines(), tc.mods...), cfg)
			require.Equal(t, ActionCertified, twin.Lines[0].Action, "the twin must be certified: %+v", twin.Lines[0].Trace)
			req := newReq(tc.payer, tc.lines(), tc.mods...)
			if tc.change != nil {
				tc.change(req)
			}
			res := decide(t, req, cfg)
			got := make([]string, len(res.Lines))
			for i := range res.Lines {
				got[i] = res.Lines[i].Action
			}
			require.Equal(t, tc.actions, got)
			for i := range res.Lines {
				require.NotEqual(t, ActionNotCertified, res.Lines[i].Action, "never a machine denial")
			}
			// The first line that is not certified says why.
			ld := &res.Lines[0]
			for i := range res.Lines {
				if res.Lines[i].Action == ActionPended {
					ld = &res.Lines[i]
					break
				}
			}
			if tc.rule != "" {
				require.Equal(t, tc.rule, res.Lines[0].Trace.Rule)
			}
			if tc.note != "" {
				all := strings.Join(append(append(ld.Trace.Implausible, ld.Trace.Notes...), ld.Message), "|")
				require.Contains(t, all, tc.note)
			}
			require.NotEmpty(t, ld.Message, "a pend says what would change it")
			if tc.unknown != "" {
				require.Equal(t, Unknown, criterionResult(t, &res.Lines[0], tc.unknown).Result)
			}
		})
	}
}

// TestPlausibilityCites checks that every implausible reason is cited in
// the trace notes.
func TestPlausibilityCites(t *testing.T) {
	req := newReq("ANTHEMCT", []Line{hc("E0779", func(l *Line) { l.Units = 36 }), hc("J9190")})
	req.Patient.BirthDate = "20270115"
	res := decide(t, req, defaultConfig(t))
	tr := &res.Lines[0].Trace
	require.Len(t, tr.Implausible, 2)
	require.Contains(t, strings.Join(tr.Notes, "|"), "plausibility rule: criteria.md §7.4")
	require.Contains(t, strings.Join(tr.Notes, "|"), "plausibility rule: DESIGN §5 plausible data")
	// The birth date is never written.
	for _, s := range append(tr.Implausible, res.Lines[0].Message) {
		require.NotContains(t, s, "20270115")
	}
}

func TestMaxRetroactiveDaysSetting(t *testing.T) {
	req := newReq("ANTHEMCT", []Line{hc("E0779"), hc("J9190")})
	req.Date = "20260320" // 19 days after the start
	require.Equal(t, ActionPended, decide(t, req, defaultConfig(t)).Lines[0].Action)
	cfg := configJSON(t, `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","max_retroactive_days":30}]}`)
	require.Equal(t, ActionCertified, decide(t, req, cfg).Lines[0].Action)
	_, err := LoadConfig(strings.NewReader(`{"defaults":{"max_retroactive_days":-1}}`))
	require.ErrorContains(t, err, "max_retroactive_days")
}
