package adjudicate

import (
	"encoding/json"
	"io/fs"
	"sort"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

func TestEmbeddedPoliciesValidate(t *testing.T) {
	require.NoError(t, ValidatePolicies())
	ps, err := Policies()
	require.NoError(t, err)
	require.Len(t, ps, 2)
	a := ps["anthem-ct-cg-dme-21"]
	require.Equal(t, "000_215f0b6b90ae3e1a.txt", a.Seed().File)
	require.NotEmpty(t, a.Version())
	require.NotEmpty(t, a.Title())
	require.NotEmpty(t, a.Choices(), "choices where the references differ are recorded")
	for _, p := range ps {
		for _, c := range p.Criteria() {
			require.NotEmpty(t, c.Citation.Section, c.ID)
			require.Equal(t, p.Seed().File, c.Citation.File, c.ID)
			require.NotEmpty(t, c.Evaluator, c.ID)
		}
	}
}

func TestCriterionIDs(t *testing.T) {
	ids, err := CriterionIDs()
	require.NoError(t, err)
	require.True(t, sort.StringsAreSorted(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		require.False(t, seen[id], "duplicate %s", id)
		seen[id] = true
	}
	for _, id := range []string{
		"ANTHEM.SCOPE.SETTING", "ANTHEM.SCOPE.NOT_DM", "ANTHEM.SCOPE.NOT_PH", "ANTHEM.SCOPE.NOT_NUTRITION",
		"ANTHEM.IV.ROUTE", "ANTHEM.IV.SET1.a", "ANTHEM.IV.SET1.b", "ANTHEM.IV.SET1.c", "ANTHEM.IV.SET1.d",
		"ANTHEM.IV.SET2.a", "ANTHEM.IV.SET2.b", "ANTHEM.IV.SET2.c", "ANTHEM.IV.SET2.d",
		"ANTHEM.ENT.a", "ANTHEM.ENT.b", "ANTHEM.NMN.IV", "ANTHEM.NMN.ENT", "ANTHEM.NMN",
		"VT.PRESCRIBER.LICENSED", "VT.PRESCRIBER.ENROLLED", "VT.PRESCRIBER.SCOPE", "VT.PRESCRIBER.KNOWLEDGE", "VT.PRESCRIBER.TREATING",
		"VT.IND.1", "VT.IND.2", "VT.IND.3", "VT.IND.4", "VT.IND.5", "VT.IND.6", "VT.IND.7", "VT.IND.8", "VT.IND.9", "VT.IND.10", "VT.IND.11",
		"VT.IND.7.NO_MEPERIDINE", "VT.EXCL.EI", "VT.COND.1", "VT.COND.2", "VT.COND.3", "VT.COND.4", "VT.COND.5", "VT.COND.6",
		"VT.REPEAT.EVAL", "VT.REPEAT.REPLACE", "VT.COVERAGE",
	} {
		require.True(t, seen[id], "missing %s", id)
	}
}

// policyFS copies the embedded policy files into a MapFS, letting edit
// change one file's decoded JSON.
func policyFS(t *testing.T, file string, edit func(doc map[string]any)) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	entries, err := fs.ReadDir(embedded, "policies")
	require.NoError(t, err)
	for _, e := range entries {
		raw, err := fs.ReadFile(embedded, "policies/"+e.Name())
		require.NoError(t, err)
		if e.Name() == file && edit != nil {
			var doc map[string]any
			require.NoError(t, json.Unmarshal(raw, &doc))
			edit(doc)
			raw, err = json.Marshal(doc)
			require.NoError(t, err)
		}
		m[e.Name()] = &fstest.MapFile{Data: raw}
	}
	return m
}

func criterionAt(doc map[string]any, i int) map[string]any {
	return doc["criteria"].([]any)[i].(map[string]any)
}

func TestLoadPoliciesErrors(t *testing.T) {
	const anthem, vt = "anthem-ct-cg-dme-21.json", "vt-dvha-eip.json"
	tests := []struct {
		name string
		file string
		edit func(map[string]any)
		err  string
	}{
		{"duplicate criterion ID", anthem, func(d map[string]any) { criterionAt(d, 1)["id"] = "ANTHEM.SCOPE.SETTING" }, `anthem-ct-cg-dme-21.json: criteria[1] (ANTHEM.SCOPE.SETTING).id: duplicate "ANTHEM.SCOPE.SETTING"`},
		{"missing citation", vt, func(d map[string]any) { criterionAt(d, 4)["cite"] = map[string]any{} }, "vt-dvha-eip.json: criteria[4] (VT.PRESCRIBER.TREATING).cite.section: missing"},
		{"missing ID", vt, func(d map[string]any) { delete(criterionAt(d, 0), "id") }, "vt-dvha-eip.json: criteria[0].id: missing"},
		{"unknown evaluator", anthem, func(d map[string]any) { criterionAt(d, 0)["eval"] = "magic" }, `criteria[0] (ANTHEM.SCOPE.SETTING).eval: unknown evaluator "magic"`},
		{"missing evaluator parameter", vt, func(d map[string]any) { delete(criterionAt(d, 6)["params"].(map[string]any), "drug_tags") }, "criteria[6] (VT.IND.1).params: drug_tags: required"},
		{"unknown parameter", vt, func(d map[string]any) { criterionAt(d, 6)["params"].(map[string]any)["drugs"] = 1 }, `criteria[6] (VT.IND.1).params: json: unknown field "drugs"`},
		{"bad ICD-10 range", vt, func(d map[string]any) { criterionAt(d, 6)["params"].(map[string]any)["dx"] = []any{"C00-96"} }, `criteria[6] (VT.IND.1).params.dx[0]: "C00-96" is not a well-formed code or range`},
		{"bad pump HCPCS", anthem, func(d map[string]any) {
			d["classes"].(map[string]any)["pump"].(map[string]any)["codes"] = []any{"E0779", "E079"}
		}, `anthem-ct-cg-dme-21.json: classes.pump.codes[1]: "E079" is not a well-formed HCPCS code`},
		{"code in two classes", anthem, func(d map[string]any) {
			d["classes"].(map[string]any)["supply"].(map[string]any)["codes"] = []any{"E0779"}
		}, `classes.supply.codes[0]: "E0779" is already classified as pump`},
		{"unknown composite member", anthem, func(d map[string]any) {
			criterionAt(d, 9)["params"].(map[string]any)["all"] = []any{"ANTHEM.IV.SET1.z"}
		}, `criteria[9] (ANTHEM.IV.SET1).params.all[0]: unknown criterion "ANTHEM.IV.SET1.z"`},
		{"composite member listed after it", anthem, func(d map[string]any) {
			criterionAt(d, 9)["params"].(map[string]any)["all"] = []any{"ANTHEM.NMN"}
		}, `"ANTHEM.NMN" must be listed before "ANTHEM.IV.SET1"`},
		{"deny without reason", anthem, func(d map[string]any) { delete(criterionAt(d, 4), "reason") }, "criteria[4] (ANTHEM.IV.ROUTE).reason: required when deny is true"},
		{"unknown reason code", anthem, func(d map[string]any) { criterionAt(d, 4)["reason"] = "ZZ" }, `criteria[4] (ANTHEM.IV.ROUTE).reason: "ZZ" is not an HCR03 code`},
		{"attestable without documents", anthem, func(d map[string]any) { delete(criterionAt(d, 5), "documents") }, "criteria[5] (ANTHEM.IV.SET1.a).documents: an attestable criterion must name the documents"},
		{"unknown document", anthem, func(d map[string]any) { criterionAt(d, 5)["documents"] = []any{"99999-9"} }, `criteria[5] (ANTHEM.IV.SET1.a).documents[0]: "99999-9" is not in codes.json documents`},
		{"missing remedy", anthem, func(d map[string]any) { delete(criterionAt(d, 5), "remedy") }, "criteria[5] (ANTHEM.IV.SET1.a).remedy: missing"},
		{"unknown coverage root", vt, func(d map[string]any) { d["coverage"] = "VT.ALL" }, `vt-dvha-eip.json: coverage: unknown criterion "VT.ALL"`},
		{"scope criterion without a route", anthem, func(d map[string]any) { delete(criterionAt(d, 0), "route_to") }, `scope[0]: "ANTHEM.SCOPE.SETTING" needs route_to`},
		{"ID not matching the file name", vt, func(d map[string]any) { d["id"] = "vt-other" }, `vt-dvha-eip.json: id: "vt-other" does not match the file name`},
		{"unknown field", vt, func(d map[string]any) { d["effective"] = "2023" }, `vt-dvha-eip.json: json: unknown field "effective"`},
		{"choice without reason", vt, func(d map[string]any) { d["choices"].([]any)[0].(map[string]any)["reason"] = "" }, "choices[0]: topic, choice and reason are required"},
		{"bad drug code", "codes.json", func(d map[string]any) { d["drugs"].([]any)[0].(map[string]any)["code"] = "J919" }, `codes.json: drugs[0].code: "J919" is not a well-formed HCPCS code`},
		{"unknown drug tag", "codes.json", func(d map[string]any) { d["drugs"].([]any)[0].(map[string]any)["tags"] = []any{"chemotherapy"} }, `codes.json: drugs[0].tags[0]: unknown tag "chemotherapy"`},
		{"unknown route", "codes.json", func(d map[string]any) { d["drugs"].([]any)[0].(map[string]any)["route"] = "topical" }, `codes.json: drugs[0].route: unknown route "topical"`},
		{"bad LOINC", "codes.json", func(d map[string]any) { d["documents"].(map[string]any)["1150-63"] = "x" }, "codes.json: documents.1150-63: not a well-formed LOINC code"},
		{"reason role pointing nowhere", "codes.json", func(d map[string]any) { d["reasons"].(map[string]any)["pend_review"] = "0Z" }, `codes.json: reasons.pend_review: "0Z" is not in hcr03`},
		{"AAA role missing", "codes.json", func(d map[string]any) { delete(d["errors"].(map[string]any), "dates") }, "codes.json: errors.dates: missing"},
		{"bad place setting", "codes.json", func(d map[string]any) { d["places"].([]any)[0].(map[string]any)["setting"] = "house" }, "codes.json: places[0].setting: must be home, facility or ambiguous"},
		{"unknown indication group", "codes.json", func(d map[string]any) { d["drugs"].([]any)[0].(map[string]any)["indications"] = []any{"cancer"} }, `codes.json: drugs[0].indications[0]: unknown indication group "cancer"`},
		{"indication group without source", "codes.json", func(d map[string]any) {
			delete(d["dx_groups"].(map[string]any)["malignancy"].(map[string]any), "source")
		}, "codes.json: dx_groups.malignancy: name, all and source are required"},
		{"bad indication range", "codes.json", func(d map[string]any) {
			d["dx_groups"].(map[string]any)["malignancy"].(map[string]any)["all"] = []any{[]any{"C96-C00"}}
		}, "codes.json: dx_groups.malignancy.all[0][0]"},
		{"unknown attestation kind", anthem, func(d map[string]any) { criterionAt(d, 5)["attest"] = "oracle" }, `criteria[5] (ANTHEM.IV.SET1.a).attest: unknown attestation kind "oracle"`},
		{"attestation by an unknown report type", anthem, func(d map[string]any) {
			d["attestation"].(map[string]any)["regimen"].(map[string]any)["report_types"] = []any{"ZZ"}
		}, `attestation.regimen.report_types[0]: "ZZ" is not a PWK report type`},
		{"pump code without a class of pump", anthem, func(d map[string]any) {
			d["classes"].(map[string]any)["pump"].(map[string]any)["groups"].(map[string]any)["stationary"] = []any{}
		}, `classes.pump.groups: pump code "E0791" has no group`},
		{"unknown review group", anthem, func(d map[string]any) {
			criterionAt(d, 5)["params"].(map[string]any)["review_groups"] = []any{"heart"}
		}, `params.review_groups: unknown indication group "heart"`},
		{"member of a route-limited set read elsewhere", anthem, func(d map[string]any) {
			criterionAt(d, 19)["params"].(map[string]any)["any"] = []any{"ANTHEM.NMN.IV", "ANTHEM.NMN.ENT", "ANTHEM.IV.SET1"}
		}, `member "ANTHEM.IV.SET1" belongs to the route-limited set "ANTHEM.NMN.IV"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadPolicies(policyFS(t, tc.file, tc.edit))
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.err)
		})
	}
	t.Run("unedited copy loads", func(t *testing.T) {
		ps, err := LoadPolicies(policyFS(t, "", nil))
		require.NoError(t, err)
		require.Len(t, ps, 2)
	})
	t.Run("no code tables", func(t *testing.T) {
		m := policyFS(t, "", nil)
		delete(m, "codes.json")
		_, err := LoadPolicies(m)
		require.ErrorContains(t, err, "read policy code tables")
	})
}

func TestCodeChecks(t *testing.T) {
	for _, c := range []string{"E0779", "J9190", "K0552", "99213", "0001U"} {
		require.True(t, isHCPCS(c), c)
	}
	for _, c := range []string{"", "E077", "E07790", "W0779", "e0779", "E07A9"} {
		require.False(t, isHCPCS(c), c)
	}
	for _, c := range []string{"C189", "E1165", "O99113", "Z3A28", "T454X1A", "G20A1"} {
		require.True(t, isICD10(c), c)
	}
	for _, c := range []string{"C18.9", "18C", "C1", "c189", "C18999999"} {
		require.False(t, isICD10(c), c)
	}
	require.True(t, isNPI("1234567893"))
	require.True(t, isNPI(npiOther))
	require.False(t, isNPI("1234567890"))
	require.False(t, isNPI("123456789"))
	require.True(t, isDate("20240229"))
	require.False(t, isDate("20230229"))
	require.False(t, isDate("20261301"))
	require.False(t, isDate("2026-03-01"))
	r, err := parseRange("C18-C20", isICDPrefix)
	require.NoError(t, err)
	require.True(t, r.match("C189"))
	require.True(t, r.match("C20"))
	require.False(t, r.match("C210"))
	require.False(t, r.match("C17"))
	r, err = parseRange("O99111-O99119", isICDPrefix)
	require.NoError(t, err)
	require.True(t, r.match("O99113"))
	require.False(t, r.match("O9912"))
	_, err = parseRange("C20-C18", isICDPrefix)
	require.ErrorContains(t, err, "ends before it starts")
	require.Equal(t, "8", hoursString(8))
	require.Equal(t, "7.5", hoursString(7.5))
}
