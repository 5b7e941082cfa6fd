package adjudicate

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRedTeam3Defects holds one case per wrong approval the third blind
// review found (samples/redteam3), each beside its certified twin.
func TestRedTeam3Defects(t *testing.T) {
	oncologist := ordering(npiOncologist, "207RX0202X")
	set1 := func() []Line {
		return []Line{hc("E0779", modifiers("RR"), func(l *Line) { l.UnitsSent = true }), hc("J9190", func(l *Line) { l.UnitsSent = true })}
	}
	set2 := func() []Line {
		return []Line{hc("E0781", func(l *Line) {
			l.Delivery = []DeliveryPattern{{Qualifier: "HS", Quantity: 2, PeriodQualifier: "7", Periods: 31}}
		}), hc("J1455")}
	}
	infection := dx("B250", "B20")
	heparin := func() []Line { return []Line{hc("E0781", hours(24)), hc("J1644")} }
	pregnancy := []mod{ordering(npiOncologist, "207RH0000X"), pwk("DB"), pwk("M1"), dx("O2233", "Z331")}
	runDefects(t, []defectCase{
		{
			name: "2 a category header C18 is no code", payer: "ANTHEMCT", lines: set1, mods: []mod{oncologist},
			change:  func(r *Request) { r.Event.Diagnoses[0].Code = "C18" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "diagnosis C18 is an ICD-10-CM category",
		},
		{
			name: "2 C18.10 has a character C18.1 does not have", payer: "ANTHEMCT", lines: set1, mods: []mod{oncologist},
			change:  func(r *Request) { r.Event.Diagnoses[0].Code = "C1810" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "could not be verified as an ICD-10-CM code",
		},
		{
			name: "2 B25.09 under B25.0 for ganciclovir", payer: "ANTHEMCT", lines: set2, mods: []mod{oncologist, infection},
			change:  func(r *Request) { r.Event.Diagnoses[0].Code = "B2509" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "diagnosis B2509 could not be verified",
		},
		{
			name: "1 heparin through pregnancy for a patient aged 2 pends", payer: "VTMEDICAID", lines: heparin, mods: pregnancy,
			change:  func(r *Request) { r.Patient.BirthDate = "20230610" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "the pregnancy diagnosis O2233 does not fit",
		},
		{
			name: "1 a pregnancy diagnosis at 65 pends", payer: "VTMEDICAID", lines: heparin, mods: pregnancy,
			change:  func(r *Request) { r.Patient.BirthDate = "19610301" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "(under 9 or over 64)",
		},
		{
			name: "1 Anthem too: a pregnancy diagnosis beside the cancer at age 8 pends", payer: "ANTHEMCT", lines: set1,
			mods:    []mod{oncologist, dx("C189", "Z3A20")},
			change:  func(r *Request) { r.Patient.BirthDate = "20180302" },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "Z3A20",
		},
		{
			name: "6 a pump line asking 0 units pends", payer: "ANTHEMCT", lines: set1, mods: []mod{oncologist},
			change:  func(r *Request) { r.Lines[0].Units = 0 },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "asks a quantity of 0",
		},
		{
			name: "6 a pump line asking -3 units pends", payer: "ANTHEMCT", lines: set1, mods: []mod{oncologist},
			change:  func(r *Request) { r.Lines[0].Units = -3 },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "asks a quantity of -3",
		},
		{
			name: "6 a driving drug line asking 0 units drives no pump", payer: "ANTHEMCT", lines: set1, mods: []mod{oncologist},
			change:  func(r *Request) { r.Lines[1].Units = 0 },
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "drug line J9190 asks a quantity of 0",
		},
		{
			name: "6 a supply asking 0 units beside a certified pump pends", payer: "ANTHEMCT", lines: set1, mods: []mod{oncologist},
			change: func(r *Request) {
				r.Lines = []Line{r.Lines[0], hc("A4222", func(l *Line) { l.Units, l.UnitsSent = 0, true }), r.Lines[1]}
			},
			actions: []string{"A1", "A4", "A4"}, note: "A4222 asks a quantity of 0",
		},
		{
			name: "4 a drug line that cancels (UM02 3) drives no pump", payer: "ANTHEMCT", lines: set1, mods: []mod{oncologist},
			change: func(r *Request) {
				r.Lines[1].CertType, r.Lines[1].PriorAuth = "3", "AUTH5501"
			},
			actions: []string{"A4", "C"}, rule: RuleImplausible, note: "is a cancellation (UM02 3)",
		},
		{
			name: "5 the event cancels while the line asks a new certification", payer: "ANTHEMCT", lines: set1, mods: []mod{oncologist},
			change: func(r *Request) {
				r.Event.CertType, r.Event.PriorAuth = "3", "AUTH7701"
				r.Lines[0].CertType, r.Lines[1].CertType = "I", "I"
			},
			actions: []string{"A4", "A4"}, rule: RuleImplausible, note: "the event cancels (UM02 3)",
		},
		{
			name: "3 a drug line HSD of 24 h a day against the pump's 2 h", payer: "ANTHEMCT", lines: set2, mods: []mod{oncologist, infection},
			change: func(r *Request) {
				r.Lines[1].Delivery = []DeliveryPattern{{Qualifier: "HS", Quantity: 24, PeriodQualifier: "7", Periods: 31}}
			},
			actions: []string{"A4", "A4"}, rule: RulePendReview,
		},
		{
			name: "3 the enteral label criterion reads a contradicting drug line HSD too", payer: "ANTHEMCT",
			lines: func() []Line {
				return []Line{hc("E0781", func(l *Line) {
					l.Delivery = []DeliveryPattern{{Qualifier: "HS", Quantity: 16, PeriodQualifier: "7", Periods: 31}}
				}), hc("J7340")}
			},
			mods: []mod{ordering(npiOncologist, "207RN0300X"), dx("G20A1")},
			change: func(r *Request) {
				r.Lines[1].Delivery = []DeliveryPattern{{Qualifier: "HS", Quantity: 24, PeriodQualifier: "7", Periods: 31}}
			},
			actions: []string{"A4", "A4"}, rule: RulePendReview,
		},
		{
			name: "3 a drug line HSD under 8 h against E0779's definition", payer: "ANTHEMCT", lines: set1, mods: []mod{oncologist},
			change: func(r *Request) {
				r.Lines[1].Delivery = []DeliveryPattern{{Qualifier: "HS", Quantity: 2, PeriodQualifier: "26", Periods: 1}}
			},
			actions: []string{"A4", "A4"}, rule: RulePendReview,
		},
	})
}

// TestMaternityAgeBounds checks the bounds of the maternity age edit (9 to
// 64 inclusive, on the service start): inside them the heparin request is
// certified, one day outside it pends.
func TestMaternityAgeBounds(t *testing.T) {
	cfg := defaultConfig(t)
	for birth, want := range map[string]string{
		"20170301": ActionCertified, // 9 on the start, 2026-03-01
		"20170302": ActionPended,    // 8 until the next day
		"19610302": ActionCertified, // 64
		"19610301": ActionPended,    // 65 on the start
	} {
		req := newReq("VTMEDICAID", []Line{hc("E0781", hours(24)), hc("J1644")},
			ordering(npiOncologist, "207RH0000X"), pwk("DB"), pwk("M1"), dx("O2233", "Z331"))
		req.Patient.BirthDate = birth
		require.Equal(t, want, decide(t, req, cfg).Lines[0].Action, birth)
	}
}
