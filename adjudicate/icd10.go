package adjudicate

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// ICD-10-CM code validity. Diagnoses are matched to the indication groups
// by prefix (codeRange), which alone accepts a category header (C18) or a
// code with characters ICD-10-CM does not have (C18.10) as a malignancy.
// The repository holds no full ICD-10-CM table (and the engine has no
// network), so the check is what can be sound with the codes it knows
// (codes.json icd10_leaves, each list cited with its verification mark):
//
//   - a diagnosis that extends a complete code is no code: a complete
//     code has no subdivisions (C18.1 has none, so C18.10 is not a code);
//   - a diagnosis that a complete code extends is a category or
//     subcategory, and ICD-10-CM Official Guidelines I.B.2 (level of
//     detail) report a code only at its full number of characters: C18
//     is a category because C18.0 is a code under it;
//   - a 3-character diagnosis within an indication group's ranges that is
//     not a complete 3-character code of the list is a category: within
//     C00-C96 only the listed 3-character codes are complete.
//
// Known limit: a code in a group whose structure the list does not hold
// (C34.93, an invented fifth character under an unlisted subcategory) is
// not caught; a clinician reading the request, or the payer's own code
// edit, is the remaining check.
type icd10Table struct {
	leaves map[string]bool
	// prefixes are every proper prefix (3 characters or more) of a
	// complete code: categories and subcategories, never codes.
	prefixes map[string]string // prefix → a complete code under it
	// groups are the ranges of every indication group: a 3-character
	// diagnosis in them must be a listed complete code.
	groups []codeRange
}

// compileICD10 checks the complete-code lists: each with a source, every
// code well formed, no code extending another (a complete code has no
// subdivisions).
func compileICD10(files []leafFile, groups map[string]*dxGroup) (icd10Table, error) {
	t := icd10Table{leaves: map[string]bool{}, prefixes: map[string]string{}}
	if len(files) == 0 {
		return t, errors.New("icd10_leaves: missing")
	}
	for i, f := range files {
		if f.Source == "" || len(f.Codes) == 0 {
			return t, fmt.Errorf("icd10_leaves[%d]: codes and source are required", i)
		}
		for _, c := range f.Codes {
			if !isICD10(c) {
				return t, fmt.Errorf("icd10_leaves[%d]: %q is not a well-formed ICD-10-CM code", i, c)
			}
			t.leaves[c] = true
		}
	}
	for c := range t.leaves {
		for n := 3; n < len(c); n++ {
			if t.leaves[c[:n]] {
				return t, fmt.Errorf("icd10_leaves: %s extends %s, which is listed as complete", c, c[:n])
			}
			if _, ok := t.prefixes[c[:n]]; !ok || c < t.prefixes[c[:n]] {
				t.prefixes[c[:n]] = c
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(groups)) {
		for _, list := range groups[id].all {
			t.groups = append(t.groups, list...)
		}
	}
	return t, nil
}

// invalid says why an ICD-10-CM diagnosis cannot be a code, or "".
func (t *icd10Table) invalid(code string) string {
	if t.leaves[code] {
		return ""
	}
	for n := 3; n < len(code); n++ {
		if t.leaves[code[:n]] {
			return "diagnosis " + code + " could not be verified as an ICD-10-CM code (" + code[:n] + " is a complete code, with no further characters): send the code as listed"
		}
	}
	if c, ok := t.prefixes[code]; ok {
		return "diagnosis " + code + " is an ICD-10-CM category, not a complete code (" + c + " is one under it): send the complete code"
	}
	if len(code) == 3 && matchAny(t.groups, code) {
		return "diagnosis " + code + " is an ICD-10-CM category, not a complete code: send the complete code"
	}
	return ""
}

// checkDiagnosisCodes pends a line whose request carries an ICD-10-CM
// diagnosis that cannot be a code (icd10Table.invalid): it cannot be
// evidence, and the request is to be corrected.
func (ev *evidence) checkDiagnosisCodes() {
	t := &ev.pol.codes.icd10
	for _, d := range ev.req.Event.Diagnoses {
		if !isICD10Qualifier(d.Qualifier) {
			continue
		}
		if why := t.invalid(d.Code); why != "" {
			ev.implausibleBecause(why, citeICD10)
		}
	}
}
