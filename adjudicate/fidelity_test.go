package adjudicate

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The rules of DESIGN §5 "Certify only on specific, consistent evidence",
// case by case: one driving drug, drug and diagnosis together, identified
// drugs only, scope by diagnosis, contradiction beats attestation,
// attestation by report type, plausible data, repeat service.

func TestOneDrivingDrug(t *testing.T) {
	cfg := defaultConfig(t)
	t.Run("drugs never combine to satisfy one set", func(t *testing.T) {
		// Ganciclovir has the rate-control list entry but no viral
		// diagnosis; fluorouracil has the malignancy but is no
		// rate-controlled drug: set 2 is not met by either.
		res := decide(t, newReq("ANTHEMCT", []Line{hc("E0780"), hc("J1570"), hc("J9190")}), cfg)
		require.Equal(t, ActionPended, res.Lines[0].Action)
		require.NotEqual(t, Met, criterionResult(t, &res.Lines[0], "ANTHEM.IV.SET2").Result)
	})
	t.Run("the trace names the driving drug and shows its criteria", func(t *testing.T) {
		res := decide(t, newReq("ANTHEMCT", []Line{hc("E0779"), hc("J0640"), hc("J9190")}), cfg)
		require.Equal(t, ActionCertified, res.Lines[0].Action, "leucovorin beside the pump's fluorouracil does not stop it")
		require.Equal(t, DrivingDrug{Line: 2, Code: "J9190"}, res.Lines[0].Trace.Drug)
		for _, r := range res.Lines[0].Trace.Criteria {
			for _, e := range r.Evidence {
				require.NotContains(t, e, "J0640", "%s shows another drug's evidence", r.ID)
			}
		}
	})
	t.Run("sets that cannot apply are not applicable, not failed", func(t *testing.T) {
		res := decide(t, newReq("ANTHEMCT", []Line{hc("E0781", hours(16)), hc("J7340")}, dx("G20A1")), cfg)
		for _, id := range []string{"ANTHEM.NMN.IV", "ANTHEM.IV.SET1", "ANTHEM.IV.SET1.a", "ANTHEM.IV.ROUTE"} {
			require.Equal(t, NotApplicable, criterionResult(t, &res.Lines[0], id).Result, id)
		}
		vt := decide(t, newReq("VTMEDICAID", []Line{hc("E0781", hours(46)), hc("J9190")}, ordering(npiOncologist, "207RX0202X")), cfg)
		require.Equal(t, NotApplicable, criterionResult(t, &vt.Lines[0], "VT.IND.8").Result)
	})
	t.Run("a pump of the same class on overlapping dates takes another drug", func(t *testing.T) {
		res := decide(t, newReq("ANTHEMCT", []Line{hc("E0779"), hc("E0781", hours(2)), hc("J9190"), hc("J0133")}, dx("C189", "B004")), cfg)
		require.Equal(t, "J9190", res.Lines[0].Trace.Drug.Code)
		require.Equal(t, "J0133", res.Lines[1].Trace.Drug.Code)
		require.Equal(t, []string{ActionCertified, ActionCertified}, []string{res.Lines[0].Action, res.Lines[1].Action})
	})
}

func TestEachPumpLineKeepsItsOwnEvidence(t *testing.T) {
	// Two pump lines of different classes: the first line's trace must
	// still show its own evidence after the second line is evaluated.
	res := decide(t, newReq("ANTHEMCT", []Line{hc("E0779"), hc("E0791", hours(46)), hc("J9190"), hc("J9000")}), defaultConfig(t))
	first := criterionResult(t, &res.Lines[0], "ANTHEM.IV.SET1.c").Evidence
	second := criterionResult(t, &res.Lines[1], "ANTHEM.IV.SET1.c").Evidence
	require.Contains(t, first, evE0779)
	require.NotContains(t, first, "HSD on the pump line: 46 hours per episode")
	require.Contains(t, second, "HSD on the pump line: 46 hours per episode")
	require.NotContains(t, second, evE0779)
}

func TestEvidenceKinds(t *testing.T) {
	res := decide(t, newReq("ANTHEMCT", []Line{hc("E0781"), hc("J9190")}, pwk("DB")), defaultConfig(t))
	ld := &res.Lines[0]
	require.Equal(t, KindStructured, criterionResult(t, ld, "ANTHEM.SCOPE.SETTING").Kind)
	require.Equal(t, KindProxy, criterionResult(t, ld, "ANTHEM.IV.SET1.b").Kind)
	c := criterionResult(t, ld, "ANTHEM.IV.SET1.c")
	require.Equal(t, KindAttachment, c.Kind)
	require.Equal(t, "DB", c.Attachment)
	require.Empty(t, criterionResult(t, ld, "ANTHEM.IV.SET1").Kind, "a composite has no evidence of its own")
}

func TestDrugAndDiagnosis(t *testing.T) {
	cfg := defaultConfig(t)
	for _, tc := range []struct {
		name  string
		lines []Line
		dx    []string
	}{
		{"chemotherapy without a malignancy", []Line{hc("E0779"), hc("J9190")}, []string{"D126"}},
		{"a history of cancer is not a malignancy", []Line{hc("E0779"), hc("J9190")}, []string{"Z85038"}},
		{"an antiviral with a fungal infection", []Line{hc("E0780"), hc("J0133")}, []string{"B351"}},
		{"an antifungal with a viral infection", []Line{hc("E0781", hours(2)), hc("J0289")}, []string{"B004"}},
		{"a prostacyclin without pulmonary hypertension", []Line{hc("E0781", hours(24)), hc("J1325")}, []string{"I7300"}},
		{"an inotrope with diastolic failure only", []Line{hc("E0781", hours(24)), hc("J1250")}, []string{"I5032"}},
		{"an opioid for non-cancer pain", []Line{hc("E0779"), hc("J2270")}, []string{"G8929", "M5450"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := decide(t, newReq("ANTHEMCT", tc.lines, dx(tc.dx...), pwk("M1")), cfg)
			require.Equal(t, ActionPended, res.Lines[0].Action)
			require.Equal(t, []string{"0V"}, res.Lines[0].Reasons, "a medical record does not attest a missing diagnosis")
		})
	}
}

func TestIdentifiedDrugsOnly(t *testing.T) {
	cfg := defaultConfig(t)
	for _, code := range []string{"J3490", "J3590", "J7799", "J7999", "J9999", "J9263"} {
		res := decide(t, newReq("ANTHEMCT", []Line{hc("E0779"), hc(code)}, pwk("M1")), cfg)
		require.Equal(t, ActionPended, res.Lines[0].Action, code)
		require.Equal(t, []string{"0V"}, res.Lines[0].Reasons, code)
	}
	res := decide(t, newReq("ANTHEMCT", []Line{hc("E0779"), hc("J9263")}), cfg)
	require.Contains(t, criterionResult(t, &res.Lines[0], "ANTHEM.IV.ROUTE").Evidence[0], "drug line J9263", "the evidence names the actual code")
}

func TestScopeByDiagnosis(t *testing.T) {
	cfg := defaultConfig(t)
	for _, d := range []string{"E0865", "E119", "E139", "I270", "I2722", "I2789"} {
		res := decide(t, newReq("ANTHEMCT", []Line{hc("E0779"), hc("J9190")}, dx("C189", d)), cfg)
		require.Equal(t, RuleOutOfScope, res.Lines[0].Trace.Rule, d)
	}
	res := decide(t, newReq("ANTHEMCT", []Line{hc("E0779"), hc("J9190")}, dx("C189", "R7303")), cfg)
	require.Equal(t, ActionCertified, res.Lines[0].Action, "prediabetes is not diabetes")
}

func TestContradictionBeatsAttestation(t *testing.T) {
	cfg := defaultConfig(t)
	for _, tax := range []string{"332B00000X", "3336H0001X", "163W00000X", "183500000X"} {
		res := decide(t, newReq("VTMEDICAID", []Line{hc("E0781", hours(46)), hc("J9190")}, ordering(npiOncologist, tax), pwk("DB"), pwk("M1")), cfg)
		require.Equal(t, ActionPended, res.Lines[0].Action, tax)
		c := criterionResult(t, &res.Lines[0], "VT.PRESCRIBER.SCOPE")
		require.Equal(t, Unknown, c.Result, tax)
		require.Equal(t, NeedsReview, c.Needs, tax)
		require.Contains(t, c.Evidence, evTaxonomyContr)
	}
	res := decide(t, newReq("VTMEDICAID", []Line{hc("E0781", hours(46)), hc("J9190")},
		func(r *Request) { r.Event.Providers = []Provider{{Entity: "DK", Taxonomy: "207RX0202X"}} }, pwk("DB"), pwk("M1")), cfg)
	c := criterionResult(t, &res.Lines[0], "VT.PRESCRIBER.LICENSED")
	require.Equal(t, NeedsDocuments, c.Needs, "an ordering provider without an NPI is not identified")
	require.Contains(t, c.Evidence, evNoNPI)
}

func TestPlausibleData(t *testing.T) {
	cfg := defaultConfig(t)
	perDay := func(h float64) func(*Line) {
		return func(l *Line) {
			l.Delivery = append(l.Delivery, DeliveryPattern{Qualifier: "HS", Quantity: h, PeriodQualifier: "7", Periods: 30})
		}
	}
	dates := func(from, to string) mod { return func(r *Request) { r.Event.From, r.Event.To = from, to } }
	for _, tc := range []struct {
		name   string
		lines  []Line
		mods   []mod
		reason string
	}{
		{"more than 24 hours a day", []Line{hc("E0781", perDay(30)), hc("J9190")}, nil, evOverDay},
		{"two pumps of one class for one drug", []Line{hc("E0779"), hc("E0781", hours(46)), hc("J9190")}, nil, evDuplicatePump},
		{"thirteen months in one request", []Line{hc("E0779"), hc("J9190")}, []mod{dates("20260305", "20270404")},
			"service dates 20260305 to 20270404 are longer than the payer's maximum certification period of 12 months"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := decide(t, newReq("ANTHEMCT", tc.lines, tc.mods...), cfg)
			for i := range res.Lines {
				if res.Lines[i].Class != ClassPump {
					continue
				}
				ld := &res.Lines[i]
				require.Equal(t, ActionPended, ld.Action)
				require.Equal(t, []string{"0V"}, ld.Reasons)
				require.Equal(t, RuleImplausible, ld.Trace.Rule)
				require.Contains(t, ld.Trace.Implausible, tc.reason)
			}
		})
	}
	t.Run("an unidentified drug line does not make room for a second pump", func(t *testing.T) {
		res := decide(t, newReq("ANTHEMCT", []Line{hc("E0779"), hc("E0781", hours(46)), hc("J9190"), {Qualifier: "N4", Code: "99999001101", Units: 1}}), cfg)
		require.Equal(t, RuleImplausible, res.Lines[0].Trace.Rule)
		require.Equal(t, RuleImplausible, res.Lines[1].Trace.Rule)
	})
	t.Run("twelve months is within the maximum; a payer can allow more", func(t *testing.T) {
		req := newReq("ANTHEMCT", []Line{hc("E0779"), hc("J9190")}, dates("20260305", "20270304"))
		require.Equal(t, ActionCertified, decide(t, req, cfg).Lines[0].Action)
		long := newReq("ANTHEMCT", []Line{hc("E0779"), hc("J9190")}, dates("20260305", "20270404"))
		wider := configJSON(t, `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","max_certification_months":24}]}`)
		require.Equal(t, ActionCertified, decide(t, long, wider).Lines[0].Action)
	})
}

func TestMaxCertificationMonthsIsChecked(t *testing.T) {
	for _, v := range []string{"0", "61", "-3"} {
		_, err := LoadConfig(strings.NewReader(`{"defaults":{"max_certification_months":` + v + `}}`))
		require.ErrorContains(t, err, "max_certification_months", v)
	}
}

// TestNoMachineDenialByDefault: under the embedded default no request the
// policies state as non-coverage gets HCR*A3; under adverse: auto it does.
func TestNoMachineDenialByDefault(t *testing.T) {
	def, auto := defaultConfig(t), configJSON(t, `{"defaults":{"adverse":"auto"}}`)
	for _, req := range exerciseCorpus() {
		for _, ld := range decide(t, req, def).Lines {
			require.NotEqual(t, ActionNotCertified, ld.Action, "%s line %d", req.PayerID, ld.Line)
		}
	}
	res := decide(t, newReq("ANTHEMCT", []Line{hc("E0781"), hc("J8520")}), auto)
	require.Equal(t, ActionNotCertified, res.Lines[0].Action)
	res = decide(t, newReq("ANTHEMCT", []Line{hc("E0781"), hc("J8520")}), def)
	require.Equal(t, "not certified", res.Lines[0].Trace.Recommended)
	require.True(t, slices.Contains(res.Lines[0].Trace.RecommendedReasons, "0F"))
}
