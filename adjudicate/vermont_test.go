package adjudicate

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const vtFile = "004_27486b74d1dcb4ec.txt"

func TestVermontDecisions(t *testing.T) {
	enrolled := `{"payers":[{"qualifier":"PI","id":"VTMEDICAID","tables":{"vt_enrolled_prescribers":["` + npiOncologist + `"]}}]}`
	review := `{"payers":[{"qualifier":"PI","id":"VTMEDICAID","adverse":"review"}]}`
	withPump := `{"payers":[{"qualifier":"PI","id":"VTMEDICAID","drug_lines":"with-pump","tables":{"vt_enrolled_prescribers":["` + npiOncologist + `"]}}]}`
	oncologist := ordering(npiOncologist, "207RX0202X")
	complete := []mod{oncologist, pwk("DB")}
	with := func(ms ...mod) []mod { return append(append([]mod{}, complete...), ms...) }
	tests := []struct {
		name   string
		lines  []Line
		mods   []mod
		config string
		want   want
	}{
		{
			name:  "indication 1 chemotherapy with a DME prescription attached is certified",
			lines: []Line{hc("E0781", modifiers("RR"), hours(46)), hc("A4222"), hc("J9190")},
			mods:  complete,
			want: want{
				actions: []string{"A1", "A1", "A4"}, rule: RuleCriteriaMet, decisive: []string{"VT.COVERAGE"},
				results: map[string]string{
					"VT.IND.1": Met, "VT.EXCL.EI": Met, "VT.IND.7.NO_MEPERIDINE": Met,
					"VT.PRESCRIBER.LICENSED": Met, "VT.PRESCRIBER.SCOPE": Met, "VT.PRESCRIBER.ENROLLED": Skipped,
					"VT.PRESCRIBER.KNOWLEDGE": Attested, "VT.COND.2": Attested, "VT.COND.3": Met, "VT.COND.6": Met,
					"VT.REPEAT.EVAL": Skipped, "VT.REPEAT.REPLACE": Skipped,
				},
				check: func(t *testing.T, res *Result) {
					require.Contains(t, res.Lines[0].Trace.Notes, "VT.PRESCRIBER.ENROLLED: skipped, the payer has no vt_enrolled_prescribers table configured")
					c := criterionResult(t, &res.Lines[0], "VT.IND.1")
					require.Equal(t, Citation{File: vtFile, Section: "Coverage Guidelines, indication 1"}, citationOf(t, &res.Lines[0], c.ID))
				},
			},
		},
		{
			name:  "without documents the documentation-only conditions are asked for",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  []mod{oncologist},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}}, rule: RulePendDocuments,
				decisive: []string{"VT.PRESCRIBER.KNOWLEDGE", "VT.PRESCRIBER.TREATING", "VT.COND.2", "VT.COND.4", "VT.COND.5"},
				docs:     []string{"11506-3", "18776-5"},
			},
		},
		{
			name:  "meperidine is excluded: experimental and investigational",
			lines: []Line{hc("E0781"), hc("J2175")},
			mods:  with(dx("C509", "G893")),
			want: want{
				actions: []string{"A3", "A4"}, reasons: map[int][]string{0: {"0T"}}, rule: RuleNonCoverage,
				decisive: []string{"VT.IND.7.NO_MEPERIDINE", "VT.EXCL.EI"},
				results:  map[string]string{"VT.IND.7": NotMet, "VT.IND.11": NotMet, "VT.IND.7.NO_MEPERIDINE": NotMet},
				msg:      []string{"Not certified under DVHA External Infusion Pump guideline (Coverage Guidelines, indication 7 (except meperidine))", "a narcotic analgesic other than meperidine"},
			},
		},
		{
			name:   "meperidine under adverse review pends with the recommendation",
			lines:  []Line{hc("E0781"), hc("J2175")},
			mods:   with(dx("C509", "G893")),
			config: review,
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, rule: RuleAdverseReview, recommended: "not certified",
				check: func(t *testing.T, res *Result) {
					require.Equal(t, []string{"0T"}, res.Lines[0].Trace.RecommendedReasons)
				},
			},
		},
		{
			name:  "meperidine with another narcotic is not a clear exclusion: review",
			lines: []Line{hc("E0781"), hc("J2175"), hc("J2270")},
			mods:  with(dx("C509", "G893")),
			want: want{
				actions: []string{"A4", "A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				results: map[string]string{"VT.IND.7": Attested},
				needs:   map[string]string{"VT.IND.7.NO_MEPERIDINE": NeedsReview},
			},
		},
		{
			name:  "a non-parenteral drug has no listed indication: experimental and investigational",
			lines: []Line{hc("E0781", hours(16)), hc("J7340")},
			mods:  with(dx("G20A1")),
			want: want{
				actions: []string{"A3", "A4"}, reasons: map[int][]string{0: {"0T"}},
				decisive: []string{"VT.EXCL.EI"}, msg: []string{"Not certified under DVHA External Infusion Pump guideline (Type of service or procedure not covered)", "one of the 11 listed indications"},
			},
		},
		{
			name:  "indication 8: treprostinil on K0455 for pulmonary hypertension",
			lines: []Line{hc("K0455"), hc("J3285")},
			mods:  with(dx("I270")),
			want: want{
				actions: []string{"A1", "A4"},
				results: map[string]string{"VT.IND.8": Met, "VT.COND.5": Met, "VT.COND.6": Attested},
			},
		},
		{
			name:  "indication 2 with intermittent infusions: condition 6 goes to a clinician, never a denial",
			lines: []Line{hc("E0781", hours(1)), hc("J0133")},
			mods:  with(dx("B004")),
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, rule: RulePendReview,
				results: map[string]string{"VT.IND.2": Met}, needs: map[string]string{"VT.COND.6": NeedsReview},
				decisive: []string{"VT.COND.6"},
			},
		},
		{
			name:  "indication 6: heparin through pregnancy",
			lines: []Line{hc("E0781"), hc("J1644")},
			mods:  with(dx("O99113", "Z3A28")),
			want:  want{actions: []string{"A1", "A4"}, results: map[string]string{"VT.IND.6": Attested}},
		},
		{
			name:  "heparin for a male patient cannot be indication 6; the catch-all sends it to review",
			lines: []Line{hc("E0781"), hc("J1644")},
			mods:  with(dx("I2699"), gender("M")),
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				results: map[string]string{"VT.IND.6": NotMet, "VT.IND.11": Unknown},
			},
		},
		{
			name:  "indication 9 needs depressed function: diastolic failure alone goes to review",
			lines: []Line{hc("E0781"), hc("J2260")},
			mods:  with(dx("I5032")),
			want:  want{actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, needs: map[string]string{"VT.IND.9": NeedsReview}},
		},
		{
			name:  "indication 9 with systolic failure and documents",
			lines: []Line{hc("E0781"), hc("J2260")},
			mods:  with(dx("I5022")),
			want:  want{actions: []string{"A1", "A4"}, results: map[string]string{"VT.IND.9": Attested, "VT.COND.6": Attested}},
		},
		{
			name:  "indications 3, 4, 5, 7 and 10 are recognised from drug and diagnosis",
			lines: []Line{hc("E0781"), hc("J9200"), hc("J1457"), hc("J0895"), hc("J2270"), hc("J2278")},
			mods:  with(dx("C220", "E8352", "E83111", "G893", "G8929")),
			want: want{
				results: map[string]string{"VT.IND.3": Attested, "VT.IND.4": Attested, "VT.IND.5": Met, "VT.IND.7": Attested, "VT.IND.10": Attested},
			},
		},
		{
			name:  "liposomal vincristine is not the listed vincristine: the catch-all needs review",
			lines: []Line{hc("E0781"), hc("J9371")},
			mods:  with(dx("C8330")),
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				results: map[string]string{"VT.IND.1": NotMet}, decisive: []string{"VT.IND.11"},
			},
		},
		{
			name:  "an NDC drug is unknown: review",
			lines: []Line{hc("E0781"), {Qualifier: "N4", Code: "00409415501", Units: 1}},
			mods:  complete,
			want:  want{actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}},
		},
		{
			name:   "enrolled prescriber table: an enrolled NPI meets the condition",
			lines:  []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:   complete,
			config: enrolled,
			want:   want{actions: []string{"A1", "A4"}, results: map[string]string{"VT.PRESCRIBER.ENROLLED": Met}},
		},
		{
			name:   "enrolled prescriber table: an NPI not in it is not covered",
			lines:  []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:   []mod{ordering(npiOther, "207RX0202X"), pwk("DB")},
			config: enrolled,
			want: want{
				actions: []string{"A3", "A4"}, reasons: map[int][]string{0: {"0M"}},
				decisive: []string{"VT.PRESCRIBER.ENROLLED"}, msg: []string{"Coverage Position, bullet 1 (enrolled in the Vermont Medicaid program)"},
			},
		},
		{
			name:   "enrolled prescriber table with no prescriber on the request asks for the order",
			lines:  []Line{hc("E0781", hours(46)), hc("J9190")},
			config: enrolled,
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}},
				needs: map[string]string{"VT.PRESCRIBER.ENROLLED": NeedsDocuments, "VT.PRESCRIBER.LICENSED": NeedsDocuments},
			},
		},
		{
			name:  "a supplier requester is not taken for the prescriber",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  []mod{pwk("DB")},
			want: want{
				actions: []string{"A1", "A4"},
				results: map[string]string{"VT.PRESCRIBER.LICENSED": Attested, "VT.PRESCRIBER.SCOPE": Attested},
			},
		},
		{
			name:  "a physician requester is the prescriber",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  []mod{pwk("DB"), func(r *Request) { r.Requester = Provider{Entity: "1P", NPI: npiOncologist, Taxonomy: "207RX0202X"} }},
			want:  want{results: map[string]string{"VT.PRESCRIBER.LICENSED": Met, "VT.PRESCRIBER.SCOPE": Met}},
		},
		{
			name:  "infusion in the physician's office fails condition 3, which only a clinician may deny",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  with(pos("11")),
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, rule: RulePendReview,
				recommended: "not certified", decisive: []string{"VT.COND.3"},
			},
		},
		{
			name:  "renewal needs the treating physician's evaluation: attested by documents",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  with(cert("R"), priorAuth("PRIOR1")),
			want:  want{actions: []string{"A1", "A4"}, results: map[string]string{"VT.REPEAT.EVAL": Attested}},
		},
		{
			name:  "extension without documents asks for the evaluation",
			lines: []Line{func() Line { l := hc("E0781", hours(46)); l.CertType = "4"; return l }(), hc("J9190")},
			mods:  []mod{oncologist},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}},
				needs: map[string]string{"VT.REPEAT.EVAL": NeedsDocuments},
			},
		},
		{
			name:  "replacement pump needs documentation of wear (5-year life)",
			lines: []Line{hc("E0781", modifiers("RA"), hours(46)), hc("J9190")},
			mods:  []mod{oncologist},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}},
				needs: map[string]string{"VT.REPEAT.REPLACE": NeedsDocuments},
				check: func(t *testing.T, res *Result) {
					require.Contains(t, res.Lines[0].Documents, "34133-9")
				},
			},
		},
		{
			name:  "insulin pump is routed, not denied as experimental",
			lines: []Line{hc("E0784"), hc("A4224")},
			mods:  []mod{dx("E109")},
			want:  want{actions: []string{"A4", "A4"}, rule: RuleRouted, msg: []string{"insulin"}},
		},
		{
			name: "with-pump and mixed lines roll up to a partial certification",
			lines: []Line{hc("E0781", hours(46)), func() Line {
				l := hc("E0791", hours(46))
				l.Providers = []Provider{{Entity: "DK", NPI: npiOther, Taxonomy: "207RX0202X"}}
				return l
			}(), hc("J9190")},
			mods:   complete,
			config: withPump,
			want: want{
				actions: []string{"A1", "A3", "A1"}, reasons: map[int][]string{1: {"0M"}}, event: "A2", pending: boolp(false),
				check: func(t *testing.T, res *Result) {
					require.NotEmpty(t, res.Event.AuthNumber)
					require.Equal(t, RuleDrugWithPump, res.Lines[2].Trace.Rule)
				},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := defaultConfig(t)
			if tc.config != "" {
				cfg = configJSON(t, tc.config)
			}
			res := decide(t, newReq("VTMEDICAID", tc.lines, tc.mods...), cfg)
			require.Equal(t, "vt-dvha-eip", res.Policy)
			tc.want.verify(t, res)
		})
	}
}
