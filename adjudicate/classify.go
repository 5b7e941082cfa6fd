package adjudicate

import "strings"

// classify returns the class of a line and, for routed lines, where to: an
// NDC by the policy's NDC setting, an exact code by its class, then the
// routed ranges, then the drug prefixes and the drug table (a drug with a
// code outside the prefixes, e.g. Q2050, is a drug too).
func (p *Policy) classify(qualifier, code string) (string, *routedRange) {
	if qualifier == "N4" {
		if p.ndcIsDrug {
			return ClassDrug, nil
		}
		return ClassOther, nil
	}
	if e, ok := p.classes[code]; ok {
		return e.class, e.routed
	}
	for i := range p.routedRanges {
		if matchAny(p.routedRanges[i].ranges, code) {
			return ClassRouted, &p.routedRanges[i]
		}
	}
	for _, pre := range p.drugPrefixes {
		if strings.HasPrefix(code, pre) {
			return ClassDrug, nil
		}
	}
	if _, ok := p.drugs[code]; ok {
		return ClassDrug, nil
	}
	return ClassOther, nil
}

// The drug facts of a drug line the drug table does not hold. Their
// evidence follows the line's own code ("drug line <code>…").
var (
	unknownNDC  = &drugInfo{route: "unknown", evidence: " (an NDC the drug table does not hold: the drug is not identified)"}
	unknownDrug = &drugInfo{route: "unknown", evidence: " (a code the drug table does not hold: the drug is not identified)"}
)

// drug returns the drug table's facts on a drug line: an exact code, then
// the ranges in order; unknownNDC or unknownDrug when the table has none.
func (p *Policy) drug(qualifier, code string) *drugInfo {
	if qualifier == "N4" {
		return unknownNDC
	}
	if d, ok := p.drugs[code]; ok {
		return d
	}
	for i := range p.drugRanges {
		if p.drugRanges[i].r.match(code) {
			return p.drugRanges[i].info
		}
	}
	return unknownDrug
}
