package adjudicate

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Sections of the Anthem seed (000_215f0b6b90ae3e1a.txt) the tests expect
// to see cited.
const (
	anthemFile   = "000_215f0b6b90ae3e1a.txt"
	anthemSet1c  = "Clinical Indications › Medically Necessary › Criteria set 1, bullet 3"
	anthemNMN    = "Clinical Indications › Not Medically Necessary"
	anthemDesc   = "Description (opening paragraph, \"This document addresses…\")"
	anthemAnthem = "ANTHEMCT"
)

func TestAnthemDecisions(t *testing.T) {
	withPump := `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","drug_lines":"with-pump"}]}`
	noAttest := `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","attestation":false}]}`
	review := `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","adverse":"review"}]}`
	auto := `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","adverse":"auto"}]}`
	withPumpAuto := `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","drug_lines":"with-pump","adverse":"auto"}]}`
	tests := []struct {
		name   string
		lines  []Line
		mods   []mod
		config string // "" = embedded default
		want   want
	}{
		{
			// CG-DME-21 names no prescriber criterion, but a pump is
			// dispensed on a practitioner's order: a DME supplier as the
			// ordering provider contradicts the request (DESIGN §5), so the
			// set 1 request certified below pends for a clinician.
			name:  "set 1 ordered by a DME supplier taxonomy pends 0V as implausible",
			lines: []Line{hc("E0779", modifiers("RR")), hc("A4222"), hc("J9190")},
			mods:  []mod{ordering("1234567893", "332B00000X")},
			want: want{
				actions: []string{"A4", "A4", "A4"}, event: "A4", rule: RuleImplausible,
				reasons: map[int][]string{0: {"0V"}, 1: {"0V"}},
				check: func(t *testing.T, res *Result) {
					require.Contains(t, res.Lines[0].Trace.Implausible, evOrderedByNonPrescriber)
				},
			},
		},
		{
			name:  "set 1: continuous fluorouracil on a mechanical 8h pump is certified by structured proxies",
			lines: []Line{hc("E0779", modifiers("RR")), hc("A4222"), hc("J9190")},
			want: want{
				actions: []string{"A1", "A1", "A4"}, event: "A4", rule: RuleCriteriaMet,
				decisive: []string{"ANTHEM.NMN"},
				results: map[string]string{
					"ANTHEM.SCOPE.SETTING": Met, "ANTHEM.IV.ROUTE": Met,
					"ANTHEM.IV.SET1.a": Met, "ANTHEM.IV.SET1.b": Met, "ANTHEM.IV.SET1.c": Met, "ANTHEM.IV.SET1.d": Met,
					"ANTHEM.IV.SET1": Met, "ANTHEM.IV.SET2.c": NotMet, "ANTHEM.NMN.ENT": NotApplicable,
					"ANTHEM.ENT.a": NotApplicable,
				},
				reasons: map[int][]string{2: {"0V"}},
				check: func(t *testing.T, res *Result) {
					c := criterionResult(t, &res.Lines[0], "ANTHEM.IV.SET1.c")
					require.Equal(t, Citation{File: anthemFile, Section: anthemSet1c}, citationOf(t, &res.Lines[0], c.ID))
					require.Contains(t, c.Evidence, evE0779)
					require.Equal(t, KindProxy, c.Kind)
					require.Equal(t, KindStructured, criterionResult(t, &res.Lines[0], "ANTHEM.SCOPE.SETTING").Kind)
					require.Equal(t, DrivingDrug{Line: 2, Code: "J9190"}, res.Lines[0].Trace.Drug)
					require.Contains(t, criterionResult(t, &res.Lines[0], "ANTHEM.IV.SET1.a").Evidence,
						"diagnosis C189 on the request shows the drug's indication group malignant neoplasm (ICD-10-CM C00-C96)")
					require.Equal(t, "20260301", res.Lines[0].CertFrom)
					require.Equal(t, "20260331", res.Lines[0].CertTo)
					require.Equal(t, 0, res.Lines[1].Trace.FollowsLine)
					require.Equal(t, RuleSupplyFollows, res.Lines[1].Trace.Rule)
					require.NotEqual(t, res.Lines[0].AuthNumber, res.Lines[1].AuthNumber)
					require.Contains(t, res.Lines[2].Message, "drug benefit review")
				},
			},
		},
		{
			name:  "set 2: intermittent foscarnet, 2 h episodes at home",
			lines: []Line{hc("E0781", hours(2)), hc("J1455")},
			mods:  []mod{dx("B251")},
			want: want{
				actions: []string{"A1", "A4"}, rule: RuleCriteriaMet,
				results: map[string]string{"ANTHEM.IV.SET1.c": NotMet, "ANTHEM.IV.SET2.c": Met, "ANTHEM.IV.SET2.d": Met, "ANTHEM.IV.SET2": Met, "ANTHEM.NMN.IV": Met},
			},
		},
		{
			name:  "enteral set: carbidopa/levodopa suspension at its 16 h label time",
			lines: []Line{hc("E0781", hours(16)), hc("J7340")},
			mods:  []mod{dx("G20A1")},
			want: want{
				actions: []string{"A1", "A4"}, rule: RuleCriteriaMet,
				results: map[string]string{"ANTHEM.IV.ROUTE": NotApplicable, "ANTHEM.NMN.IV": NotApplicable, "ANTHEM.ENT.a": Met, "ANTHEM.ENT.b": Met, "ANTHEM.NMN.ENT": Met, "ANTHEM.NMN": Met},
			},
		},
		{
			name:  "enteral drug at its label time but without a diagnosis of its indication group pends for review",
			lines: []Line{hc("E0781", hours(16)), hc("J7340")},
			mods:  []mod{dx("G309")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				needs: map[string]string{"ANTHEM.ENT.b": NeedsReview},
			},
		},
		{
			name:  "enteral drug at a time other than its label pends for review",
			lines: []Line{hc("E0781", hours(20)), hc("J7340")},
			mods:  []mod{dx("G20A1")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, rule: RulePendReview,
				needs: map[string]string{"ANTHEM.ENT.b": NeedsReview}, decisive: []string{"ANTHEM.ENT.b"},
			},
		},
		{
			name:   "oral drug: no intravenous or enteral infusion, not medically necessary (adverse: auto)",
			lines:  []Line{hc("E0781"), hc("A4221"), hc("J8520")},
			config: auto,
			want: want{
				actions: []string{"A3", "A3", "A4"}, reasons: map[int][]string{0: {"0F"}, 1: {"0F"}},
				event: "A4", rule: RuleNonCoverage, decisive: []string{"ANTHEM.NMN"},
				results: map[string]string{"ANTHEM.IV.ROUTE": NotMet, "ANTHEM.ENT.a": NotMet, "ANTHEM.ENT.b": NotMet},
				msg:     []string{"Not certified under CG-DME-21", asciiMSG.Replace(anthemNMN), "intravenous drug"},
				check: func(t *testing.T, res *Result) {
					require.Equal(t, RuleSupplyFollows, res.Lines[1].Trace.Rule)
					require.NotEmpty(t, res.Lines[0].AuthNumber, "A3 carries a review number")
					require.NotEmpty(t, res.Lines[0].Trace.ToChange)
				},
			},
		},
		{
			name:   "oral drug with drug_lines with-pump: every line denied, event A3",
			lines:  []Line{hc("E0781"), hc("J8520")},
			config: withPumpAuto,
			want: want{
				actions: []string{"A3", "A3"}, event: "A3", eventReasons: []string{"0F"}, pending: boolp(false),
				check: func(t *testing.T, res *Result) {
					require.Equal(t, RuleDrugWithPump, res.Lines[1].Trace.Rule)
				},
			},
		},
		{
			name:  "the default is adverse review: an oral drug pends for a clinical peer, never A3",
			lines: []Line{hc("E0781"), hc("J8520")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, rule: RuleAdverseReview, recommended: "not certified",
			},
		},
		{
			name:   "adverse review: the automatic denial becomes a pend for a clinical peer",
			lines:  []Line{hc("E0781"), hc("J8520")},
			config: review,
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, rule: RuleAdverseReview,
				recommended: "not certified", msg: []string{"Pended for review by a clinician under CG-DME-21", "intravenous drug"},
				check: func(t *testing.T, res *Result) {
					require.Equal(t, []string{"0F"}, res.Lines[0].Trace.RecommendedReasons)
				},
			},
		},
		{
			name:   "heparin lock flush needs no pump: not medically necessary (adverse: auto)",
			lines:  []Line{hc("E0781"), hc("J1642")},
			config: auto,
			want: want{
				actions: []string{"A3", "A4"}, reasons: map[int][]string{0: {"0F"}},
				results: map[string]string{"ANTHEM.IV.SET1.b": NotMet, "ANTHEM.IV.SET2.b": NotMet, "ANTHEM.IV.ROUTE": Unknown},
			},
		},
		{
			name:  "chemotherapy with no duration and no documents pends for documents",
			lines: []Line{hc("E0781"), hc("J9190")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}}, rule: RulePendDocuments,
				decisive: []string{"ANTHEM.IV.SET1.c", "ANTHEM.IV.SET2.c", "ANTHEM.IV.SET2.d"},
				docs:     []string{"18776-5"},
				needs:    map[string]string{"ANTHEM.IV.SET1.c": NeedsDocuments, "ANTHEM.IV.SET2.d": NeedsReview},
				msg:      []string{"Pended for more information", "plan of care note"},
			},
		},
		{
			name:  "the same request with a DME prescription attached is certified: the prescription shows the regimen",
			lines: []Line{hc("E0781"), hc("J9190")},
			mods:  []mod{pwk("DB")},
			want: want{
				actions: []string{"A1", "A4"},
				results: map[string]string{"ANTHEM.IV.SET1.c": Attested, "ANTHEM.IV.SET1.a": Met},
				check: func(t *testing.T, res *Result) {
					c := criterionResult(t, &res.Lines[0], "ANTHEM.IV.SET1.c")
					require.Equal(t, KindAttachment, c.Kind)
					require.Equal(t, "DB", c.Attachment)
				},
			},
		},
		{
			name:  "an inotrope pends for a clinician whatever is attached (criteria.md A-9)",
			lines: []Line{hc("E0781", hours(24)), hc("J2260")},
			mods:  []mod{dx("I5022"), pwk("M1")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, rule: RulePendReview,
				needs: map[string]string{"ANTHEM.IV.SET1.a": NeedsReview},
			},
		},
		{
			name:  "a drug on the list without a diagnosis of its group is not certified by a drug list: review",
			lines: []Line{hc("E0779"), hc("J9190")},
			mods:  []mod{dx("K5730"), pwk("M1")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				needs: map[string]string{"ANTHEM.IV.SET1.a": NeedsReview, "ANTHEM.IV.SET1.c": NeedsReview},
			},
		},
		{
			name:  "an opioid for cancer pain is certified when the medical record shows the clinical parts (A-10)",
			lines: []Line{hc("E0779"), hc("J2270")},
			mods:  []mod{dx("G893", "C259"), pwk("M1")},
			want: want{
				actions: []string{"A1", "A4"},
				results: map[string]string{"ANTHEM.IV.SET1.a": Attested, "ANTHEM.IV.ROUTE": Attested},
			},
		},
		{
			name:  "an opioid for cancer pain with only a prescription: the clinical parts are asked for",
			lines: []Line{hc("E0779"), hc("J2270")},
			mods:  []mod{dx("G893", "C259"), pwk("DB")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}},
				results: map[string]string{"ANTHEM.IV.ROUTE": Attested, "ANTHEM.IV.SET1.a": Unknown},
			},
		},
		{
			name: "an attachment on the pump line attests as well",
			lines: []Line{func() Line {
				l := hc("E0781")
				l.Attachments = []Attachment{{ReportType: "PE", Transmission: "EL", ControlNumber: "A1"}}
				return l
			}(), hc("J9190")},
			want: want{
				actions: []string{"A1", "A4"},
				check: func(t *testing.T, res *Result) {
					require.Contains(t, criterionResult(t, &res.Lines[0], "ANTHEM.IV.SET1.c").Evidence, "attachment PWK PE (parenteral or enteral certification) on the line")
				},
			},
		},
		{
			name:  "an attachment only available on request attests nothing",
			lines: []Line{hc("E0781"), hc("J9190")},
			mods:  []mod{func(r *Request) { r.Event.Attachments = []Attachment{{ReportType: "DB", Transmission: "AA"}} }},
			want:  want{actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}}, needs: map[string]string{"ANTHEM.IV.SET1.c": NeedsDocuments}},
		},
		{
			name:   "with-pump: drug lines take a pend too, with its documents",
			lines:  []Line{hc("E0781"), hc("J9190")},
			config: withPump,
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}, 1: {"0U"}},
				check: func(t *testing.T, res *Result) {
					require.Equal(t, res.Lines[0].Documents, res.Lines[1].Documents)
					require.NotEqual(t, res.Lines[0].AdminRef, res.Lines[1].AdminRef)
				},
			},
		},
		{
			name:  "an attachment of a report type that is not accepted does not attest",
			lines: []Line{hc("E0781"), hc("J9190")},
			mods:  []mod{pwk("LA")},
			want:  want{actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}}},
		},
		{
			name:   "payer without attestation: documents on their way go to a reviewer",
			lines:  []Line{hc("E0781"), hc("J9190")},
			mods:   []mod{pwk("DB")},
			config: noAttest,
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				results: map[string]string{"ANTHEM.IV.SET1.c": Unknown}, needs: map[string]string{"ANTHEM.IV.SET1.c": NeedsReview},
			},
		},
		{
			name:  "structured duration wins over attestation: E0780 can never meet set 1, and a continuous-list drug contradicts set 2",
			lines: []Line{hc("E0780"), hc("J9190")},
			mods:  []mod{pwk("B3")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				results: map[string]string{"ANTHEM.IV.SET1.c": NotMet, "ANTHEM.IV.SET2.c": Met, "ANTHEM.IV.SET2.d": Unknown},
				needs:   map[string]string{"ANTHEM.IV.SET2.d": NeedsReview},
			},
		},
		{
			name:  "HSD hours contradicting the pump code pend for review",
			lines: []Line{hc("E0779", hours(4)), hc("J9190")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				needs: map[string]string{"ANTHEM.IV.SET1.c": NeedsReview},
			},
		},
		{
			name:  "subcutaneous immune globulin: the intravenous lead-in needs a clinician",
			lines: []Line{hc("E0779"), hc("J1559")},
			mods:  []mod{dx("D800")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				needs: map[string]string{"ANTHEM.IV.ROUTE": NeedsReview}, decisive: []string{"ANTHEM.IV.ROUTE", "ANTHEM.IV.SET1.c", "ANTHEM.IV.SET1.d"},
			},
		},
		{
			name:  "no drug line: the drug is asked for",
			lines: []Line{hc("E0781")},
			want: want{
				actions: []string{"A4"}, reasons: map[int][]string{0: {"0U"}},
				needs: map[string]string{"ANTHEM.IV.ROUTE": NeedsDocuments},
				check: func(t *testing.T, res *Result) {
					require.Contains(t, res.Lines[0].Documents, "10160-0")
				},
			},
		},
		{
			name:  "inpatient setting is outside the policy: routed",
			lines: []Line{hc("E0781"), hc("J9190")},
			mods:  []mod{pos("21")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, rule: RuleOutOfScope,
				decisive: []string{"ANTHEM.SCOPE.SETTING"}, msg: []string{"facility or medical benefit", asciiMSG.Replace(anthemDesc)},
			},
		},
		{
			name:  "line place of service wins over the event's",
			lines: []Line{func() Line { l := hc("E0779"); l.POS = "21"; return l }(), hc("J9190")},
			want:  want{actions: []string{"A4", "A4"}, rule: RuleOutOfScope},
		},
		{
			name:  "nursing facility is ambiguous: review",
			lines: []Line{hc("E0779"), hc("J9190")},
			mods:  []mod{pos("32")},
			want:  want{actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, needs: map[string]string{"ANTHEM.SCOPE.SETTING": NeedsReview}},
		},
		{
			name:  "missing place of service asks for the plan of care",
			lines: []Line{hc("E0779"), hc("J9190")},
			mods:  []mod{pos("")},
			want:  want{actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}}, decisive: []string{"ANTHEM.IV.SET1.a", "ANTHEM.SCOPE.SETTING"}, docs: []string{"18776-5", "11506-3"}},
		},
		{
			name:  "diabetes only: routed to the insulin pump guidelines",
			lines: []Line{hc("E0781"), hc("J9190")},
			mods:  []mod{dx("E1165")},
			want:  want{actions: []string{"A4", "A4"}, rule: RuleOutOfScope, decisive: []string{"ANTHEM.SCOPE.NOT_DM"}, msg: []string{"CG-DME-51"}},
		},
		{
			name:  "insulin on the request routes the pump even with another diagnosis",
			lines: []Line{hc("E0781"), hc("J1817")},
			mods:  []mod{dx("E1165", "I10")},
			want: want{
				actions: []string{"A4", "A4"}, decisive: []string{"ANTHEM.SCOPE.NOT_DM"},
				check: func(t *testing.T, res *Result) {
					require.Equal(t, ClassRouted, res.Lines[1].Class)
					require.Equal(t, RuleRouted, res.Lines[1].Trace.Rule)
				},
			},
		},
		{
			name:  "diabetes anywhere on the request routes the pump, whatever the drug",
			lines: []Line{hc("E0779"), hc("J9190")},
			mods:  []mod{dx("C189", "E119")},
			want: want{
				actions: []string{"A4", "A4"}, rule: RuleOutOfScope, decisive: []string{"ANTHEM.SCOPE.NOT_DM"},
				check: func(t *testing.T, res *Result) {
					require.Contains(t, criterionResult(t, &res.Lines[0], "ANTHEM.SCOPE.NOT_DM").Evidence,
						"diagnosis E119 on the request is in this exclusion's ICD-10-CM range E08-E13")
				},
			},
		},
		{
			name:  "pulmonary hypertension on the request routes the pump, whatever the drug",
			lines: []Line{hc("E0780"), hc("J0133")},
			mods:  []mod{dx("B004", "I2720")},
			want:  want{actions: []string{"A4", "A4"}, rule: RuleOutOfScope, decisive: []string{"ANTHEM.SCOPE.NOT_PH"}},
		},
		{
			name:  "pulmonary hypertension prostacyclin therapy: routed",
			lines: []Line{hc("E0781"), hc("J1325")},
			mods:  []mod{dx("I270")},
			want:  want{actions: []string{"A4", "A4"}, decisive: []string{"ANTHEM.SCOPE.NOT_PH"}, msg: []string{"pulmonary hypertension"}},
		},
		{
			name:  "K0455 is not a CG-DME-21 pump",
			lines: []Line{hc("K0455"), hc("J1325")},
			mods:  []mod{dx("I270")},
			want: want{
				actions: []string{"A4", "A4"}, rule: RuleRouted, msg: []string{"K0455 is not a CG-DME-21 code"},
				check: func(t *testing.T, res *Result) {
					require.Equal(t, ClassRouted, res.Lines[0].Class)
					require.Equal(t, ClassDrug, res.Lines[1].Class)
					require.Equal(t, msgDrugNoPump, res.Lines[1].Message)
				},
			},
		},
		{
			name:  "enteral nutrition without a drug: routed to CG-MED-08",
			lines: []Line{hc("E0781"), hc("B4150")},
			want:  want{actions: []string{"A4", "A4"}, decisive: []string{"ANTHEM.SCOPE.NOT_NUTRITION"}, msg: []string{"CG-MED-08"}},
		},
		{
			name:  "supplies with no pump line pend for documents",
			lines: []Line{hc("A4222"), hc("K0552")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}, 1: {"0U"}}, rule: RuleSupplyNoPump,
				docs: []string{"18776-5"}, event: "A4", eventReasons: []string{"0U"},
			},
		},
		{
			name:  "other codes and elastomeric pumps are routed, never decided",
			lines: []Line{hc("A4306"), hc("99213"), hc("E0784")},
			want: want{
				actions: []string{"A4", "A4", "A4"}, reasons: map[int][]string{0: {"0V"}, 1: {"0V"}, 2: {"0V"}},
				check: func(t *testing.T, res *Result) {
					require.Equal(t, []string{ClassRouted, ClassOther, ClassRouted}, []string{res.Lines[0].Class, res.Lines[1].Class, res.Lines[2].Class})
					require.Contains(t, res.Lines[0].Message, "CG-DME-09")
					require.Contains(t, res.Lines[2].Message, "CG-DME-51")
					require.Equal(t, RuleOther, res.Lines[1].Trace.Rule)
				},
			},
		},
		{
			name:   "drug_lines with-pump: the drug line takes the pump's certification",
			lines:  []Line{hc("E0779"), hc("J9190")},
			config: withPump,
			want: want{
				actions: []string{"A1", "A1"}, event: "A1", pending: boolp(false),
				check: func(t *testing.T, res *Result) {
					require.Equal(t, 0, res.Lines[1].Trace.FollowsLine)
					require.NotEmpty(t, res.Event.AuthNumber)
					require.Equal(t, "20260301", res.Event.CertFrom)
				},
			},
		},
		{
			name:   "drug_lines with-pump: only a drug that supplied evidence takes the pump's decision",
			lines:  []Line{hc("E0779"), hc("J9190"), hc("J3490")},
			config: withPump,
			want: want{
				actions: []string{"A1", "A1", "A4"},
				check: func(t *testing.T, res *Result) {
					require.Equal(t, RuleDrugWithPump, res.Lines[1].Trace.Rule)
					require.Equal(t, RuleDrugRouted, res.Lines[2].Trace.Rule, "an unclassified drug told the criteria nothing")
				},
			},
		},
		{
			name:  "renewal is adjudicated with the same criteria (Anthem has no repeat-service criteria)",
			lines: []Line{hc("E0779"), hc("J9190")},
			mods:  []mod{cert("R"), priorAuth("AUTH123")},
			want:  want{actions: []string{"A1", "A4"}},
		},
		{
			name: "extension and revision are adjudicated",
			lines: []Line{
				func() Line { l := hc("E0779"); l.CertType, l.From, l.To = "4", "20260301", "20260315"; return l }(),
				func() Line { l := hc("E0779"); l.CertType, l.From, l.To = "S", "20260316", "20260331"; return l }(),
				hc("J9190")},
			want: want{actions: []string{"A1", "A1", "A4"}},
		},
		{
			name:  "appeal pends for human review, with the automatic recommendation in the trace",
			lines: []Line{hc("E0779"), hc("J9190")},
			mods:  []mod{cert("1")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}, 1: {"0V"}}, rule: RuleAppeal,
				recommended: "certified", msg: []string{"Appeal"},
				check: func(t *testing.T, res *Result) {
					require.NotEmpty(t, res.Lines[0].Trace.Criteria, "criteria are still evaluated for the reviewer")
					require.Equal(t, RuleAppeal, res.Lines[1].Trace.Rule)
				},
			},
		},
		{
			name:  "standard appeal of a denial records the recommended denial",
			lines: []Line{hc("E0781"), hc("J8520")},
			mods:  []mod{cert("2")},
			want: want{
				actions: []string{"A4", "A4"}, recommended: "not certified",
				check: func(t *testing.T, res *Result) {
					require.Equal(t, []string{"0F"}, res.Lines[0].Trace.RecommendedReasons)
				},
			},
		},
		{
			name:  "unsupported certification type pends",
			lines: []Line{hc("E0779"), hc("J9190")},
			mods:  []mod{cert("N")},
			want:  want{actions: []string{"A4", "A4"}, rule: RuleUnsupportedCert},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := defaultConfig(t)
			if tc.config != "" {
				cfg = configJSON(t, tc.config)
			}
			res := decide(t, newReq(anthemAnthem, tc.lines, tc.mods...), cfg)
			require.Equal(t, "anthem-ct-cg-dme-21", res.Policy)
			require.Equal(t, "Anthem Blue Cross Connecticut", res.Payer)
			tc.want.verify(t, res)
		})
	}
}
