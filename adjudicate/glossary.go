package adjudicate

import (
	"slices"
	"strings"
)

// CodeText is a code and what it means in plain words.
type CodeText struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

// glossary is the shared code tables of the embedded policies and the
// policy of the given ID (nil when unknown), or an empty explainer when
// the policies do not load.
func glossary(policy string) *explainer {
	x := &explainer{}
	if ps, err := Policies(); err == nil {
		x.pol = ps[policy]
		for _, p := range ps {
			x.codes = p.codes
			break
		}
	}
	return x
}

// ProcedureName is the plain name of a procedure code (the HCPCS short
// descriptor, or the drug table's name under policy), "" when the tables
// do not hold it. The explanation of a result uses the same names.
func ProcedureName(policy, code string) string { return glossary(policy).codeName(code) }

// ReasonName is the plain meaning of an HCR03 code ("" when unknown).
func ReasonName(code string) string {
	if x := glossary(""); x.codes != nil {
		return x.codes.hcr03[code]
	}
	return ""
}

// DenialReasons are the HCR03 codes a reviewer may give a line not
// certified: the code table's, without the two that pend a line (0U
// documents, 0V medical review), sorted by code.
func DenialReasons() []CodeText {
	x := glossary("")
	if x.codes == nil {
		return nil
	}
	pend := []string{x.codes.reasons[reasonPendDocuments], x.codes.reasons[reasonPendReview]}
	var out []CodeText
	for c, t := range x.codes.hcr03 {
		if !slices.Contains(pend, c) {
			out = append(out, CodeText{Code: c, Text: t})
		}
	}
	slices.SortFunc(out, func(a, b CodeText) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Documents are the LOINC document codes of the code table, to ask a
// provider for, sorted by code.
func Documents() []CodeText {
	x := glossary("")
	if x.codes == nil {
		return nil
	}
	var out []CodeText
	for c, t := range x.codes.documents {
		out = append(out, CodeText{Code: c, Text: t})
	}
	slices.SortFunc(out, func(a, b CodeText) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// DocumentName is the name of a LOINC document code ("document" when the
// table does not hold it).
func DocumentName(code string) string { return glossary("").documentName(code) }

// ReportTypeName is the meaning of a PWK01 report type ("" when unknown).
func ReportTypeName(code string) string {
	if x := glossary(""); x.codes != nil {
		return x.codes.pwkNames[code]
	}
	return ""
}

// DiagnosisGroups names the indication groups of the code tables a
// diagnosis code belongs to (a group that needs one diagnosis from a single
// list), sorted: the plain description the tables hold for it ("pulmonary
// hypertension (I27.0, I27.2x, I27.83)"), nil when none. The tables hold
// no ICD-10-CM descriptions of their own.
func DiagnosisGroups(code string) []string {
	x := glossary("")
	if x.codes == nil {
		return nil
	}
	var out []string
	for _, g := range x.codes.dxGroups {
		if len(g.all) == 1 && matchAny(g.all[0], code) {
			out = append(out, g.name)
		}
	}
	slices.Sort(out)
	return out
}
