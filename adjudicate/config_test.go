package adjudicate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDefaultConfig(t *testing.T) {
	cfg := defaultConfig(t)
	payers := cfg.Payers()
	require.Len(t, payers, 2)
	for _, p := range payers {
		require.Equal(t, "PI", p.Qualifier)
		require.True(t, p.Attestation)
		require.Equal(t, AdverseReview, p.Adverse, "no machine denial by default (DESIGN §5)")
		require.Equal(t, DefaultMaxCertificationMonths, p.MaxCertificationMonths)
		require.Equal(t, DrugLinesReview, p.DrugLines)
		require.Equal(t, []string{"DB", "B3", "PE", "03", "08", "09", "M1", "77"}, p.PWKTypes)
	}
	a, ok := cfg.Payer("PI", "ANTHEMCT")
	require.True(t, ok)
	require.Equal(t, "anthem-ct-cg-dme-21", a.Policy)
	v, ok := cfg.Payer("PI", "VTMEDICAID")
	require.True(t, ok)
	require.Equal(t, "vt-dvha-eip", v.Policy)
	_, ok = cfg.Payer("XV", "VTMEDICAID")
	require.False(t, ok)
}

func TestLoadConfigMerges(t *testing.T) {
	cfg := configJSON(t, `{
  "defaults": {"drug_lines": "with-pump"},
  "payers": [
    {"qualifier": "PI", "id": "ANTHEMCT", "attestation": false, "pwk_types": ["M1"]},
    {"name": "Vermont Medicaid test plan", "qualifier": "XV", "id": "VT0002", "policy": "vt-dvha-eip",
     "adverse": "review", "tables": {"vt_enrolled_prescribers": ["1234567893"]}}
  ]
}`)
	payers := cfg.Payers()
	require.Len(t, payers, 3)
	a, _ := cfg.Payer("PI", "ANTHEMCT")
	require.False(t, a.Attestation)
	require.Equal(t, "anthem-ct-cg-dme-21", a.Policy, "unset fields keep the default")
	require.Equal(t, []string{"M1"}, a.PWKTypes)
	require.Equal(t, DrugLinesWithPump, a.DrugLines, "file defaults apply to default payers")
	vt, _ := cfg.Payer("PI", "VTMEDICAID")
	require.True(t, vt.Attestation)
	n, ok := cfg.Payer("XV", "VT0002")
	require.True(t, ok)
	require.Equal(t, "Vermont Medicaid test plan", n.Name)
	require.Equal(t, AdverseReview, n.Adverse)
	require.Equal(t, DrugLinesWithPump, n.DrugLines)
	require.True(t, n.Attestation)
	require.Equal(t, []string{"1234567893"}, n.Tables[TableEnrolledPrescribers])

	// The added payer is served.
	req := newReq("VT0002", []Line{hc("E0781"), hc("J2175")}, dx("C509", "G893"), func(r *Request) { r.PayerQualifier = "XV" })
	res := decide(t, req, cfg)
	require.Equal(t, "Vermont Medicaid test plan", res.Payer)
	require.Equal(t, "A4", res.Lines[0].Action, "adverse review on the added payer")

	// Empty file: the defaults.
	empty := configJSON(t, `{}`)
	require.Equal(t, defaultConfig(t).Payers(), empty.Payers())
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name, text, err string
	}{
		{"not JSON", `{`, "not a JSON object"},
		{"unknown top-level field", `{"payer": []}`, "payer: unknown field"},
		{"payers not an array", `{"payers": {}}`, "payers: must be an array"},
		{"bad adverse", `{"payers":[{"qualifier":"PI","id":"A","policy":"vt-dvha-eip"},{"qualifier":"PI","id":"B","policy":"vt-dvha-eip","adverse":"never"}]}`, `payers[1].adverse: must be "auto" or "review"`},
		{"bad drug_lines", `{"payers":[{"qualifier":"PI","id":"A","policy":"vt-dvha-eip","drug_lines":"always"}]}`, `payers[0].drug_lines: must be "review" or "with-pump"`},
		{"bad default adverse", `{"defaults":{"adverse":"maybe"}}`, `defaults.adverse: must be "auto" or "review"`},
		{"contact without a name", `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","contact":{"phone":"8005550199"}}]}`, `payers[0].contact.name: must be 1 to 60 characters`},
		{"contact without a way to reach it", `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","contact":{"name":"UM"}}]}`, `payers[0].contact: needs a phone or an email`},
		{"contact phone not digits", `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","contact":{"name":"UM","phone":"800-555-0199"}}]}`, `payers[0].contact.phone: "800-555-0199" must be 10 to 15 digits`},
		{"contact email", `{"payers":[{"qualifier":"PI","id":"ANTHEMCT","contact":{"name":"UM","email":"nobody"}}]}`, `payers[0].contact.email: "nobody" is not an email address`},
		{"unknown payer field", `{"payers":[{"qualifier":"PI","id":"A","policy":"vt-dvha-eip","advers":"auto"}]}`, "payers[0].advers: unknown field"},
		{"unknown defaults field", `{"defaults":{"attest":true}}`, "defaults.attest: unknown field"},
		{"wrong type", `{"payers":[{"qualifier":"PI","id":"A","policy":"vt-dvha-eip","attestation":"yes"}]}`, "payers[0].attestation: must be a JSON"},
		{"unknown policy", `{"payers":[{"qualifier":"PI","id":"A","policy":"cg-dme-99"}]}`, `payers[0].policy: unknown policy "cg-dme-99"`},
		{"missing policy", `{"payers":[{"qualifier":"PI","id":"A"}]}`, `payers[0].policy: unknown policy ""`},
		{"missing qualifier", `{"payers":[{"id":"A","policy":"vt-dvha-eip"}]}`, "payers[0].qualifier: missing"},
		{"missing id", `{"payers":[{"qualifier":"PI","policy":"vt-dvha-eip"}]}`, "payers[0].id: missing"},
		{"duplicate payer", `{"payers":[{"qualifier":"PI","id":"A","policy":"vt-dvha-eip"},{"qualifier":"PI","id":"A","policy":"vt-dvha-eip"}]}`, "payers[1]: duplicates payers[0]"},
		{"bad PWK type", `{"payers":[{"qualifier":"PI","id":"A","policy":"vt-dvha-eip","pwk_types":["DBX"]}]}`, `payers[0].pwk_types[0]: "DBX" is not a PWK01 report type`},
		{"empty PWK types", `{"defaults":{"pwk_types":[]}}`, "defaults.pwk_types: must list at least one"},
		{"unknown table", `{"payers":[{"qualifier":"PI","id":"A","policy":"vt-dvha-eip","tables":{"prescribers":[]}}]}`, "payers[0].tables.prescribers: unknown table"},
		{"bad NPI", `{"payers":[{"qualifier":"PI","id":"VTMEDICAID","tables":{"vt_enrolled_prescribers":["1234567893","1234567890"]}}]}`, `payers[0].tables.vt_enrolled_prescribers[1]: "1234567890" is not a valid value`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(strings.NewReader(tc.text))
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.err)
		})
	}
}
