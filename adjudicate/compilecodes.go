package adjudicate

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The HCR03 roles the engine answers with (codes.json "reasons").
const (
	reasonPendDocuments = "pend_documents" // 0U: documents would settle the line
	reasonPendReview    = "pend_review"    // 0V: a clinician decides
	reasonNotConsidered = "not_considered" // no line could be considered
)

// reasonRoles are the HCR03 roles codes.json must map to HCR03 codes.
var reasonRoles = []string{"not_medically_necessary", "experimental", "non_covered", reasonPendDocuments, reasonPendReview, reasonNotConsidered}

// The AAA roles the engine answers request errors with (codes.json
// "errors").
const (
	aaaUnknownPayer      = "unknown_payer"
	aaaMissingPayer      = "missing_payer"
	aaaMissingSubscriber = "missing_subscriber"
	aaaDiagnosis         = "diagnosis"
	aaaProcedure         = "procedure"
	aaaQualifier         = "qualifier"
	aaaDates             = "dates"
	aaaMissingAuth       = "missing_auth"
)

// errorRoles are the AAA roles codes.json must give an AAA03 code, an
// AAA04 follow-up and a text.
var errorRoles = []string{aaaUnknownPayer, aaaMissingPayer, aaaMissingSubscriber, aaaDiagnosis, aaaProcedure, aaaQualifier, aaaDates, aaaMissingAuth}

// compileCodes checks codes.json and compiles its tables.
func compileCodes(cf *codesFile) (*codeTables, error) {
	if err := checkRoles(cf); err != nil {
		return nil, err
	}
	if len(cf.PWKTypes) == 0 {
		return nil, errors.New("pwk_types: missing")
	}
	if err := checkDocuments(cf.Documents); err != nil {
		return nil, err
	}
	places, err := compilePlaces(cf.Places)
	if err != nil {
		return nil, err
	}
	if len(cf.DrugTags) == 0 {
		return nil, errors.New("drug_tags: missing")
	}
	for k := range cf.CodeNames {
		if !isHCPCS(k) {
			return nil, fmt.Errorf("code_names.%s: not a well-formed HCPCS code", k)
		}
	}
	groups, err := compileDxGroups(cf.DxGroups)
	if err != nil {
		return nil, err
	}
	drugs, drugRanges, err := compileDrugs(cf.Drugs, cf.DrugRanges, cf.DrugTags, groups)
	if err != nil {
		return nil, err
	}
	icd10, err := compileICD10(cf.ICD10Leaves, groups)
	if err != nil {
		return nil, err
	}
	t := &codeTables{
		reasons: cf.Reasons, errs: cf.Errors, hcr03: cf.HCR03, aaa: cf.AAA,
		followUps: cf.FollowUps, documents: cf.Documents, pwkNames: cf.PWKTypes,
		pwkTypes: slices.Sorted(maps.Keys(cf.PWKTypes)), places: places,
		drugTags: cf.DrugTags, codeNames: cf.CodeNames, drugs: drugs, drugRanges: drugRanges,
		dxGroups: groups, icd10: icd10,
	}
	t.precompute()
	return t, nil
}

// checkRoles checks that every reason and error role the engine uses is
// mapped to codes that exist.
func checkRoles(cf *codesFile) error {
	for _, role := range reasonRoles {
		code, ok := cf.Reasons[role]
		if !ok {
			return fmt.Errorf("reasons.%s: missing", role)
		}
		if _, ok := cf.HCR03[code]; !ok {
			return fmt.Errorf("reasons.%s: %q is not in hcr03", role, code)
		}
	}
	for _, role := range errorRoles {
		e, ok := cf.Errors[role]
		if !ok {
			return fmt.Errorf("errors.%s: missing", role)
		}
		if _, ok := cf.AAA[e.Code]; !ok {
			return fmt.Errorf("errors.%s.code: %q is not in aaa", role, e.Code)
		}
		if _, ok := cf.FollowUps[e.FollowUp]; !ok {
			return fmt.Errorf("errors.%s.follow_up: %q is not in follow_ups", role, e.FollowUp)
		}
		if e.Text == "" {
			return fmt.Errorf("errors.%s.text: missing", role)
		}
	}
	return nil
}

// checkDocuments checks that every document is a LOINC code with a name.
func checkDocuments(docs map[string]string) error {
	for k, v := range docs {
		if !isLOINC(k) || v == "" {
			return fmt.Errorf("documents.%s: not a well-formed LOINC code with a name", k)
		}
	}
	return nil
}

// isLOINC reports whether s looks like a LOINC code: digits, a hyphen and a
// check digit.
func isLOINC(s string) bool {
	n, c, ok := strings.Cut(s, "-")
	return ok && isDigits(n) && len(n) <= 7 && len(c) == 1 && isDigits(c)
}

// compilePlaces checks the places of service and precomputes their
// evidence texts.
func compilePlaces(files []placeFile) (map[string]*place, error) {
	places := make(map[string]*place)
	for i, pl := range files {
		if len(pl.Code) != 2 || !isDigits(pl.Code) || pl.Name == "" {
			return nil, fmt.Errorf("places[%d]: code must be two digits with a name", i)
		}
		switch pl.Setting {
		case "home", "facility", "ambiguous":
		default:
			return nil, fmt.Errorf("places[%d].setting: must be home, facility or ambiguous", i)
		}
		if _, dup := places[pl.Code]; dup {
			return nil, fmt.Errorf("places[%d].code: duplicate %q", i, pl.Code)
		}
		text := "place of service " + pl.Code + " (" + pl.Name + ", " + pl.Setting + " setting) on the "
		places[pl.Code] = &place{
			code: pl.Code, name: pl.Name, setting: pl.Setting,
			evLine: text + "line UM04", evEvent: text + "event UM04",
		}
	}
	return places, nil
}

// compileDxGroups checks the indication groups: a name, a source and
// well-formed ICD-10-CM codes or ranges in every all-of list.
func compileDxGroups(files map[string]dxGroupFile) (map[string]*dxGroup, error) {
	if len(files) == 0 {
		return nil, errors.New("dx_groups: missing")
	}
	out := make(map[string]*dxGroup, len(files))
	for _, id := range slices.Sorted(maps.Keys(files)) {
		gf := files[id]
		if gf.Name == "" || gf.Source == "" || len(gf.All) == 0 {
			return nil, fmt.Errorf("dx_groups.%s: name, all and source are required", id)
		}
		g := &dxGroup{id: id, name: gf.Name}
		var written []string
		for i, list := range gf.All {
			if len(list) == 0 {
				return nil, fmt.Errorf("dx_groups.%s.all[%d]: empty", id, i)
			}
			var rs []codeRange
			for j, c := range list {
				r, err := parseRange(c, isICDPrefix)
				if err != nil {
					return nil, fmt.Errorf("dx_groups.%s.all[%d][%d]: %w", id, i, j, err)
				}
				rs = append(rs, r)
			}
			g.all = append(g.all, rs)
			written = append(written, strings.Join(list, ", "))
		}
		g.ranges = strings.Join(written, " and ")
		g.missingEv = "no diagnosis on the request shows the drug's indication group " + g.name + " (ICD-10-CM " + g.ranges + ")"
		out[id] = g
	}
	return out, nil
}

// proxyPrefix begins the evidence of a code-table proxy; the list's name
// follows, and explain resolves what the list stands for from the code
// tables (a trace cites the list by reference, not its text).
const proxyPrefix = "code-table proxy: the drug is on the drug table's list "

// precompute fills the values the engine reads on every decision.
func (t *codeTables) precompute() {
	t.proxyEv = make(map[string]string, len(t.drugTags))
	for tag := range t.drugTags {
		t.proxyEv[tag] = proxyPrefix + tag
	}
	t.pwkEv = make(map[string][2]string, len(t.pwkNames))
	t.pwkAA = make(map[string][2]string, len(t.pwkNames))
	for k := range t.pwkNames {
		t.pwkEv[k] = [2]string{t.buildPWKEvidence(k, true, ""), t.buildPWKEvidence(k, false, "")}
		t.pwkAA[k] = [2]string{t.buildPWKEvidence(k, true, msgOnRequest), t.buildPWKEvidence(k, false, msgOnRequest)}
	}
	t.reasonLists = make(map[string][]string, len(t.hcr03))
	for k := range t.hcr03 {
		t.reasonLists[k] = []string{k}[:1:1]
	}
}
