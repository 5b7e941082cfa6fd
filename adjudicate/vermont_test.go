package adjudicate

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const vtFile = "004_27486b74d1dcb4ec.txt"

func TestVermontDecisions(t *testing.T) {
	enrolled := `{"payers":[{"qualifier":"PI","id":"VTMEDICAID","tables":{"vt_enrolled_prescribers":["` + npiOncologist + `"]}}]}`
	enrolledAuto := `{"payers":[{"qualifier":"PI","id":"VTMEDICAID","adverse":"auto","tables":{"vt_enrolled_prescribers":["` + npiOncologist + `"]}}]}`
	review := `{"payers":[{"qualifier":"PI","id":"VTMEDICAID","adverse":"review"}]}`
	auto := `{"payers":[{"qualifier":"PI","id":"VTMEDICAID","adverse":"auto"}]}`
	withPump := `{"payers":[{"qualifier":"PI","id":"VTMEDICAID","drug_lines":"with-pump","adverse":"auto","tables":{"vt_enrolled_prescribers":["` + npiOncologist + `"]}}]}`
	oncologist := ordering(npiOncologist, "207RX0202X")
	// A complete request: the ordering oncologist, the DME prescription
	// (regimen, pump) and the medical record (the clinical conditions).
	complete := []mod{oncologist, pwk("DB"), pwk("M1")}
	with := func(ms ...mod) []mod { return append(append([]mod{}, complete...), ms...) }
	tests := []struct {
		name   string
		lines  []Line
		mods   []mod
		config string
		want   want
	}{
		{
			name:  "indication 1 chemotherapy with the prescription and the medical record attached is certified",
			lines: []Line{hc("E0781", modifiers("RR"), hours(46)), hc("A4222"), hc("J9190")},
			mods:  complete,
			want: want{
				actions: []string{"A1", "A1", "A4"}, rule: RuleCriteriaMet, decisive: []string{"VT.COVERAGE"},
				results: map[string]string{
					"VT.IND.1": Met, "VT.EXCL.EI": Met, "VT.IND.7.NO_MEPERIDINE": Met,
					"VT.PRESCRIBER.LICENSED": Met, "VT.PRESCRIBER.SCOPE": Met, "VT.PRESCRIBER.ENROLLED": Skipped,
					"VT.PRESCRIBER.KNOWLEDGE": Attested, "VT.COND.2": Attested, "VT.COND.3": Met, "VT.COND.6": Met,
					"VT.REPEAT.EVAL": Skipped, "VT.REPEAT.REPLACE": Skipped, "VT.IND.2": NotApplicable, "VT.IND.3": Attested, "VT.IND.9": NotApplicable,
				},
				check: func(t *testing.T, res *Result) {
					require.Equal(t, DrivingDrug{Line: 2, Code: "J9190"}, res.Lines[0].Trace.Drug)
					cond2 := criterionResult(t, &res.Lines[0], "VT.COND.2")
					require.Equal(t, KindAttachment, cond2.Kind)
					require.Equal(t, "M1", cond2.Attachment, "the clinical condition is attested by the medical record, not the prescription")
					require.Equal(t, KindProxy, criterionResult(t, &res.Lines[0], "VT.COND.1").Kind)
					require.Contains(t, res.Lines[0].Trace.Notes, "VT.PRESCRIBER.ENROLLED: skipped, the payer has no vt_enrolled_prescribers table configured")
					c := criterionResult(t, &res.Lines[0], "VT.IND.1")
					require.Equal(t, Citation{File: vtFile, Section: "Coverage Guidelines, indication 1"}, citationOf(t, &res.Lines[0], c.ID))
				},
			},
		},
		{
			name:  "a DME prescription alone shows the regimen, not the clinical conditions: they are asked for",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  []mod{oncologist, pwk("DB")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}}, rule: RulePendDocuments,
				decisive: []string{"VT.PRESCRIBER.KNOWLEDGE", "VT.PRESCRIBER.TREATING", "VT.COND.2", "VT.COND.4"},
				results:  map[string]string{"VT.COND.5": Attested},
				check: func(t *testing.T, res *Result) {
					c := criterionResult(t, &res.Lines[0], "VT.COND.2")
					require.Contains(t, c.Evidence, "no attachment sent can show this: it takes plan of treatment (08), progress report (09), medical record attachment (M1)")
				},
			},
		},
		{
			name:  "documents only available on request (PWK02 AA) attest nothing",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods: []mod{oncologist, func(r *Request) {
				r.Event.Attachments = []Attachment{{ReportType: "DB", Transmission: "AA"}, {ReportType: "M1", Transmission: "AA"}}
			}},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}},
				results: map[string]string{"VT.COND.2": Unknown, "VT.COND.5": Unknown},
				check: func(t *testing.T, res *Result) {
					require.Contains(t, res.Lines[0].Trace.Notes, "attachment PWK M1 (medical record attachment) on the event"+msgOnRequest)
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
			name:   "meperidine is excluded: experimental and investigational (adverse: auto)",
			lines:  []Line{hc("E0781"), hc("J2175")},
			mods:   with(dx("C509", "G893")),
			config: auto,
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
			name:   "a non-parenteral drug has no listed indication: experimental and investigational (adverse: auto)",
			lines:  []Line{hc("E0781", hours(16)), hc("J7340")},
			mods:   with(dx("G20A1")),
			config: auto,
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
			name:  "indication 3: chemotherapy for hepatocellular carcinoma, unresectability documented",
			lines: []Line{hc("E0779"), hc("J9200")},
			mods:  with(dx("C220")),
			want:  want{actions: []string{"A1", "A4"}, results: map[string]string{"VT.IND.3": Attested, "VT.IND.1": Met}},
		},
		{
			// J1457 ends 12/31/2025 (criteria.md §3.2 V(F)): dates of 2025.
			name:  "indication 4: gallium nitrate for hypercalcemia with a coded malignancy",
			lines: []Line{hc("E0781"), hc("J1457")},
			mods:  with(dx("E8352", "C3490"), dates("20251101", "20251130")),
			want:  want{actions: []string{"A1", "A4"}, results: map[string]string{"VT.IND.4": Attested}},
		},
		{
			name:  "indication 4 needs the malignancy coded: hypercalcemia alone goes to review",
			lines: []Line{hc("E0781"), hc("J1457")},
			mods:  with(dx("E8352")),
			want:  want{actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, needs: map[string]string{"VT.IND.4": NeedsReview}},
		},
		{
			name:  "indication 5: deferoxamine for chronic iron overload",
			lines: []Line{hc("E0781", hours(10)), hc("J0895")},
			mods:  with(dx("E83111")),
			want:  want{actions: []string{"A1", "A4"}, results: map[string]string{"VT.IND.5": Met}},
		},
		{
			name:  "indication 7: morphine for cancer pain with a coded malignancy",
			lines: []Line{hc("E0779"), hc("J2270")},
			mods:  with(dx("G893", "C259")),
			want:  want{actions: []string{"A1", "A4"}, results: map[string]string{"VT.IND.7": Attested}},
		},
		{
			name:  "indication 7: neoplasm-related pain without a malignancy code goes to review",
			lines: []Line{hc("E0779"), hc("J2270")},
			mods:  with(dx("G893")),
			want:  want{actions: []string{"A4", "A4"}, needs: map[string]string{"VT.IND.7": NeedsReview}},
		},
		{
			name:  "indication 10: ziconotide for severe chronic pain",
			lines: []Line{hc("E0781"), hc("J2278")},
			mods:  with(dx("G8929")),
			want:  want{actions: []string{"A1", "A4"}, results: map[string]string{"VT.IND.10": Attested}},
		},
		{
			name:  "an antiviral with a fungal infection does not meet indication 2: review",
			lines: []Line{hc("E0781", hours(2)), hc("J0133")},
			mods:  with(dx("B351")),
			want:  want{actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, needs: map[string]string{"VT.IND.2": NeedsReview}},
		},
		{
			name:  "a not-otherwise-classified antineoplastic never satisfies indication 1",
			lines: []Line{hc("E0781", hours(46)), hc("J9999")},
			mods:  with(dx("C180")),
			want:  want{actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, needs: map[string]string{"VT.IND.1": NeedsReview}},
		},
		{
			name:  "a J9 code the table does not hold is not identified as an infusion: review",
			lines: []Line{hc("E0781", hours(46)), hc("J9263")},
			mods:  with(dx("C180")),
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, needs: map[string]string{"VT.IND.1": NeedsReview},
				check: func(t *testing.T, res *Result) {
					ev := criterionResult(t, &res.Lines[0], "VT.IND.1").Evidence
					require.Contains(t, ev[0], "J9263", "the evidence names the line's own code, not its range")
				},
			},
		},
		{
			name:  "an implant is not an infused drug: never indication 1",
			lines: []Line{hc("E0781", hours(46)), hc("J9202")},
			mods:  with(dx("C61")),
			want:  want{actions: []string{"A4", "A4"}, results: map[string]string{"VT.IND.1": NotMet, "VT.IND.11": NotMet}, recommended: "not certified"},
		},
		{
			name:  "an unidentified drug line next to morphine does not show 'not meperidine'",
			lines: []Line{hc("E0779"), hc("J2270"), {Qualifier: "N4", Code: "99999001101", Units: 1}},
			mods:  with(dx("G893", "C259")),
			want: want{
				actions: []string{"A4", "A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				needs: map[string]string{"VT.IND.7.NO_MEPERIDINE": NeedsReview}, results: map[string]string{"VT.IND.7": Attested},
			},
		},
		{
			name:  "two drugs never combine: the antiviral's indication and the chemotherapy's continuous advantage",
			lines: []Line{hc("E0779"), hc("J0133"), hc("J9190")},
			mods:  with(dx("B004")),
			want: want{
				actions: []string{"A4", "A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				check: func(t *testing.T, res *Result) {
					require.Equal(t, "J0133", res.Lines[0].Trace.Drug.Code)
					require.Equal(t, NeedsReview, criterionResult(t, &res.Lines[0], "VT.COND.6").Needs, "acyclovir is listed for intermittent infusion")
				},
			},
		},
		{
			name:  "K0455 is the prostacyclin pump: chemotherapy on it goes to review",
			lines: []Line{hc("K0455"), hc("J9190")},
			mods:  with(dx("C180")),
			want:  want{actions: []string{"A4", "A4"}, needs: map[string]string{"VT.COND.5": NeedsReview}},
		},
		{
			name:  "an ordering supplier contradicts the prescriber criteria; documents do not attest over it",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  []mod{ordering(npiOncologist, "332B00000X"), pwk("DB"), pwk("M1")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}},
				needs: map[string]string{"VT.PRESCRIBER.LICENSED": NeedsReview, "VT.PRESCRIBER.SCOPE": NeedsReview},
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
			name:   "enrolled prescriber table: an NPI not in it is not covered (adverse: auto)",
			lines:  []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:   []mod{ordering(npiOther, "207RX0202X"), pwk("DB"), pwk("M1")},
			config: enrolledAuto,
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
			name:  "a supplier requester is not taken for the prescriber: the order is asked for",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  []mod{pwk("DB"), pwk("M1")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}},
				needs: map[string]string{"VT.PRESCRIBER.LICENSED": NeedsDocuments, "VT.PRESCRIBER.SCOPE": NeedsDocuments},
			},
		},
		{
			name:  "a physician requester does not stand in for the prescriber either",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  []mod{pwk("DB"), pwk("M1"), func(r *Request) { r.Requester = Provider{Entity: "1P", NPI: npiOncologist, Taxonomy: "207RX0202X"} }},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}},
				needs: map[string]string{"VT.PRESCRIBER.LICENSED": NeedsDocuments},
				check: func(t *testing.T, res *Result) {
					require.Contains(t, criterionResult(t, &res.Lines[0], "VT.PRESCRIBER.LICENSED").Evidence, evNoPrescrib)
				},
			},
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
			name:  "renewal with only a DME prescription: the evaluation of the episode is asked for",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  []mod{oncologist, pwk("DB"), pwk("M1"), cert("R"), priorAuth("PRIOR1"), func(r *Request) { r.Event.Attachments = r.Event.Attachments[:1] }},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0U"}},
				needs: map[string]string{"VT.REPEAT.EVAL": NeedsDocuments},
			},
		},
		{
			name:  "a previous authorization makes an initial request a repeat service",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  with(priorAuth("PRIOR1")),
			want:  want{actions: []string{"A1", "A4"}, results: map[string]string{"VT.REPEAT.EVAL": Attested}},
		},
		{
			name:  "an appeal's REF*BB names the decision appealed, not a repeat service",
			lines: []Line{hc("E0781", hours(46)), hc("J9190")},
			mods:  with(cert("2"), priorAuth("RVTM0001")),
			want:  want{actions: []string{"A4", "A4"}, rule: RuleAppeal, results: map[string]string{"VT.REPEAT.EVAL": Skipped}},
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
