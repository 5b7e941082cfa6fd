package adjudicate

import (
	"errors"
	"fmt"
)

// status is a criterion's raw result from its evaluator, before the payer's
// attestation setting is applied.
type status uint8

const (
	stMet      status = iota // structured evidence meets the criterion
	stNotMet                 // structured evidence contradicts it
	stReview                 // unknown: a clinician must judge
	stDoc                    // only documentation can show it (attestable)
	stMissing                // unknown: structured data the criterion needs is absent
	stSkipped                // does not apply, or a payer table is not configured
	stAttested               // met by attestation (set by the engine)
)

// evalFunc evaluates one criterion against the evidence, appending evidence
// text with ev.add.
type evalFunc func(c *criterion, ev *evidence) status

type evaluator struct {
	fn    evalFunc
	check func(p *params) error
}

// evaluators is the registry of evaluator names that policy files may use.
var evaluators map[string]evaluator

func init() {
	evaluators = map[string]evaluator{
		"composite":           {nil, checkComposite},
		"setting":             {evalSetting, nil},
		"scope_dx_drug":       {evalScopeDxDrug, checkScopeDxDrug},
		"scope_nutrition":     {evalScopeNutrition, needs("routed_tags", func(p *params) bool { return len(p.RoutedTags) > 0 })},
		"drug_route":          {evalDrugRoute, needs("routes", func(p *params) bool { return len(p.Routes) > 0 })},
		"parenteral_home":     {evalParenteralHome, needs("drug_tags", func(p *params) bool { return len(p.DrugTags) > 0 })},
		"pump_needed":         {evalPumpNeeded, needs("drug_tags", func(p *params) bool { return len(p.DrugTags) > 0 })},
		"duration":            {evalDuration, checkDuration},
		"drug_tag":            {evalDrugTag, needs("drug_tags", func(p *params) bool { return len(p.DrugTags) > 0 })},
		"enteral_label":       {evalEnteralLabel, nil},
		"indication":          {evalIndication, needs("drug_tags", func(p *params) bool { return len(p.DrugTags) > 0 })},
		"catch_all":           {evalCatchAll, nil},
		"drug_not_tagged":     {evalDrugNotTagged, needs("drug_tags", func(p *params) bool { return len(p.DrugTags) > 0 })},
		"prescriber_present":  {evalPrescriberPresent, nil},
		"prescriber_enrolled": {evalPrescriberEnrolled, checkTable},
		"prescriber_scope":    {evalPrescriberScope, nil},
		"documentation":       {evalDocumentation, nil},
		"pump_drug_pair":      {evalPumpDrugPair, needs("pairs", func(p *params) bool { return len(p.Pairs) > 0 })},
		"renewal":             {evalRenewal, needs("cert_types", func(p *params) bool { return len(p.CertTypes) > 0 })},
		"replacement":         {evalReplacement, needs("modifiers", func(p *params) bool { return len(p.Modifiers) > 0 })},
	}
}

func needs(name string, ok func(p *params) bool) func(p *params) error {
	return func(p *params) error {
		if !ok(p) {
			return fmt.Errorf("%s: required by this evaluator", name)
		}
		return nil
	}
}

func checkComposite(p *params) error {
	if len(p.All) == 0 && len(p.Any) == 0 {
		return errors.New("all/any: a composite needs at least one member")
	}
	return nil
}

func checkScopeDxDrug(p *params) error {
	if len(p.Dx) == 0 {
		return errors.New("dx: required by this evaluator")
	}
	if p.Combine != "or" && p.Combine != "and" {
		return errors.New(`combine: must be "or" or "and"`)
	}
	return nil
}

func checkDuration(p *params) error {
	if (p.MinHours > 0) == (p.MaxHours > 0) {
		return errors.New("min_hours/max_hours: exactly one is required")
	}
	return nil
}

func checkTable(p *params) error {
	if _, ok := knownTables[p.Table]; !ok {
		return fmt.Errorf("table: unknown payer table %q", p.Table)
	}
	return nil
}

// Static evidence texts (no allocation on the hot path).
const (
	evDocOnly        = "only documentation can show this"
	evNoScopeMatch   = "no diagnosis or drug on the request places it outside this policy"
	evScopeDx        = "diagnoses on the request are in this exclusion's ICD-10-CM range"
	evScopeDrug      = "a drug line on the request belongs to this exclusion"
	evNutrition      = "enteral/parenteral nutrition codes on the request and no drug line"
	evNoNutrition    = "no nutrition code drives the pump line"
	evNoPlace        = "no place of service on the line or event"
	evUnknownPlace   = "place of service is not in the place-of-service table"
	evHomeRequired   = "intermittent infusion given outside the home"
	evRouteUnknown   = "drug route is not known from the code"
	evNotThisRoute   = "no drug line has a route this criterion covers"
	evProxy          = "drug is on the policy's list for this criterion (structured proxy)"
	evNotListed      = "drug is not on the policy's list for this criterion"
	evNoPump         = "drug does not need an infusion pump (catheter flush)"
	evNoLabel        = "no FDA-label infusion time in the drug table"
	evLabelMismatch  = "HSD hours differ from the FDA-label infusion time"
	evLabelMatch     = "HSD hours match the FDA-label infusion time"
	evNotEnteral     = "no enteral drug on the request"
	evNoIndication   = "no drug line for this indication"
	evExcludedDrug   = "drug is expressly excluded from this indication"
	evGender         = "DMG03 gender contradicts this indication"
	evDxMatch        = "a diagnosis on the request is in this indication's ICD-10-CM list"
	evDxMissing      = "no diagnosis on the request is in this indication's ICD-10-CM list"
	evCatchAll       = "parenteral drug with no listed indication: titration or strict rate control needs clinical review"
	evCatchAllNo     = "no parenteral drug that the catch-all could cover"
	evTaggedAll      = "every drug line on the request is the excluded drug"
	evTaggedSome     = "the excluded drug is on the request with another drug"
	evTaggedNone     = "the excluded drug is not on the request"
	evTableMissing   = "payer table not configured: check skipped"
	evNotEnrolled    = "prescriber NPI is not in the payer's enrolled-prescriber table"
	evEnrolled       = "prescriber NPI is in the payer's enrolled-prescriber table"
	evTaxonomyOK     = "prescriber taxonomy is a physician or practitioner taxonomy"
	evTaxonomyOther  = "prescriber taxonomy does not show a prescribing practitioner"
	evNoTaxonomy     = "no prescriber taxonomy (PRV03)"
	evPairOK         = "the pump code is defined for this drug"
	evNotRenewal     = "not a renewal or extension (UM02)"
	evRenewal        = "renewal or extension (UM02 R or 4): continued need needs documentation"
	evNotReplacement = "no replacement modifier on the pump line"
	evReplacement    = "replacement modifier on the pump line: device age and wear need documentation"
)

func evalSetting(c *criterion, ev *evidence) status {
	if ev.posCode == "" {
		ev.add(evNoPlace)
		return stDoc
	}
	if ev.place == nil {
		ev.add(evUnknownPlace)
		return stReview
	}
	ev.add(ev.posEv)
	switch ev.place.setting {
	case "home":
		return stMet
	case "facility":
		return stNotMet
	}
	return stReview
}

func evalScopeDxDrug(c *criterion, ev *evidence) status {
	dxHit, n := false, 0
	for _, d := range ev.req.Event.Diagnoses {
		if !isICD10Qualifier(d.Qualifier) {
			continue
		}
		n++
		in := matchAny(c.dx, d.Code)
		if c.p.DxOnly {
			if !in {
				dxHit = false
				break
			}
			dxHit = true
		} else if in {
			dxHit = true
			break
		}
	}
	if n == 0 {
		dxHit = false
	}
	drugHit := false
	if len(c.p.DrugTags) > 0 {
		for _, d := range ev.drugList() {
			if d.tagged(c.p.DrugTags) {
				drugHit = true
				break
			}
		}
	}
	if !drugHit && len(c.p.RoutedTags) > 0 && ev.routedTagged(c.p.RoutedTags) {
		drugHit = true
	}
	hit := dxHit || drugHit
	if c.p.Combine == "and" {
		hit = dxHit && (drugHit || len(c.p.DrugTags) == 0 && len(c.p.RoutedTags) == 0)
	}
	if !hit {
		ev.add(evNoScopeMatch)
		return stMet
	}
	if dxHit {
		ev.add(evScopeDx)
	}
	if drugHit {
		ev.add(evScopeDrug)
	}
	return stNotMet
}

func evalScopeNutrition(c *criterion, ev *evidence) status {
	if ev.nDrugs == 0 && ev.routedTagged(c.p.RoutedTags) {
		ev.add(evNutrition)
		return stNotMet
	}
	ev.add(evNoNutrition)
	return stMet
}

func evalDrugRoute(c *criterion, ev *evidence) status {
	if ev.nDrugs == 0 {
		ev.add(evNoDrug)
		return stMissing
	}
	allFail := true
	for _, d := range ev.drugList() {
		if hasAny(c.p.Routes, d.route) {
			ev.add(d.evidence)
			return stMet
		}
		if !hasAny(c.p.FailRoutes, d.route) {
			allFail = false
		}
	}
	for _, d := range ev.drugList() {
		ev.add(d.evidence)
	}
	if allFail {
		return stNotMet
	}
	return stReview
}

func evalParenteralHome(c *criterion, ev *evidence) status {
	if ev.nDrugs == 0 {
		ev.add(evNoDrug)
		return stMissing
	}
	parenteral, unknown := false, false
	for _, d := range ev.drugList() {
		switch {
		case isParenteral(d.route):
			parenteral = true
			if d.tagged(c.p.DrugTags) && ev.place != nil && ev.place.setting == "home" {
				ev.add(d.evidence)
				ev.add(evProxy)
				ev.add(ev.posEv)
				return stMet
			}
		case !isNonParenteral(d.route):
			unknown = true
		}
	}
	for _, d := range ev.drugList() {
		ev.add(d.evidence)
	}
	switch {
	case parenteral:
		ev.add(evDocOnly)
		return stDoc
	case unknown:
		ev.add(evRouteUnknown)
		return stReview
	}
	return stNotMet
}

func evalPumpNeeded(c *criterion, ev *evidence) status {
	if ev.nDrugs == 0 {
		ev.add(evNoDrug)
		return stMissing
	}
	candidates, excluded, unknownRoute := 0, 0, false
	for _, d := range ev.drugList() {
		if len(c.p.Routes) > 0 && !hasAny(c.p.Routes, d.route) {
			if d.route == "unknown" {
				unknownRoute = true
			}
			continue
		}
		candidates++
		if d.tagged(c.p.DrugTags) {
			ev.add(d.evidence)
			ev.add(evProxy)
			return stMet
		}
		if d.tagged(c.p.ExcludeTags) {
			excluded++
		}
	}
	for _, d := range ev.drugList() {
		ev.add(d.evidence)
	}
	switch {
	case candidates == 0 && unknownRoute:
		ev.add(evRouteUnknown)
		return stReview
	case candidates == 0:
		ev.add(evNotThisRoute)
		return stNotMet
	case excluded == candidates:
		ev.add(evNoPump)
		return stNotMet
	}
	ev.add(evDocOnly)
	return stDoc
}

func (ev *evidence) addHoursEvidence() {
	for i := 0; i < ev.nHoursEv; i++ {
		ev.add(ev.hoursEv[i])
	}
	if ev.nHoursEv == 0 {
		ev.add(evNoHours)
	}
}

func evalDuration(c *criterion, ev *evidence) status {
	ev.addHoursEvidence()
	if ev.hoursConflict {
		return stReview
	}
	if m := c.p.MinHours; m > 0 {
		switch {
		case ev.hoursLo >= m:
			if len(c.p.DrugTags) == 0 {
				return stMet
			}
			for _, d := range ev.drugList() {
				if d.tagged(c.p.DrugTags) {
					ev.add(d.evidence)
					ev.add(evProxy)
					return stMet
				}
			}
			ev.add(evDocOnly)
			return stDoc
		case ev.hoursHi <= m:
			if c.p.ShortReview {
				return stReview
			}
			return stNotMet
		}
		return stDoc
	}
	m := c.p.MaxHours
	switch {
	case ev.hoursHi <= m:
		if !c.p.RequireHome {
			return stMet
		}
		if ev.place == nil {
			ev.add(evNoPlace)
			return stDoc
		}
		ev.add(ev.posEv)
		switch ev.place.setting {
		case "home":
			return stMet
		case "facility":
			ev.add(evHomeRequired)
			return stNotMet
		}
		return stReview
	case ev.hoursLo >= m:
		return stNotMet
	}
	return stDoc
}

func evalDrugTag(c *criterion, ev *evidence) status {
	if ev.nDrugs == 0 {
		ev.add(evNoDrug)
		return stMissing
	}
	for _, d := range ev.drugList() {
		if d.tagged(c.p.DrugTags) {
			ev.add(d.evidence)
			ev.add(evProxy)
			return stMet
		}
	}
	for _, d := range ev.drugList() {
		ev.add(d.evidence)
	}
	ev.add(evNotListed)
	return stDoc
}

func evalEnteralLabel(c *criterion, ev *evidence) status {
	if ev.nDrugs == 0 {
		ev.add(evNoDrug)
		return stMissing
	}
	unknown := false
	for _, d := range ev.drugList() {
		if d.route == "unknown" {
			unknown = true
		}
		if d.route != "enteral" {
			continue
		}
		ev.add(d.evidence)
		if d.labelHours == 0 {
			ev.add(evNoLabel)
			return stDoc
		}
		ev.addHoursEvidence()
		switch {
		case !ev.hoursExact:
			return stDoc
		case ev.hoursLo == d.labelHours:
			ev.add(evLabelMatch)
			return stMet
		}
		ev.add(evLabelMismatch)
		return stReview
	}
	if unknown {
		ev.add(evRouteUnknown)
		return stReview
	}
	ev.add(evNotEnteral)
	return stNotMet
}

func evalIndication(c *criterion, ev *evidence) status {
	if ev.nDrugs == 0 {
		ev.add(evNoDrug)
		return stMissing
	}
	var match *drugInfo
	excluded := false
	for _, d := range ev.drugList() {
		if !d.tagged(c.p.DrugTags) {
			continue
		}
		if d.tagged(c.p.ExcludeTags) {
			excluded = true
			continue
		}
		match = d
		break
	}
	if match == nil {
		if excluded {
			ev.add(evExcludedDrug)
		} else {
			ev.add(evNoIndication)
		}
		return stNotMet
	}
	ev.add(match.evidence)
	if c.p.Gender != "" {
		if g := ev.req.Patient.Gender; g != "" && g != "U" && g != c.p.Gender {
			ev.add(evGender)
			return stNotMet
		}
	}
	if len(c.dx) > 0 {
		found := false
		for _, d := range ev.req.Event.Diagnoses {
			if isICD10Qualifier(d.Qualifier) && matchAny(c.dx, d.Code) {
				found = true
				break
			}
		}
		if found {
			ev.add(evDxMatch)
		} else {
			ev.add(evDxMissing)
			return stReview
		}
	}
	if c.p.Doc {
		ev.add(evDocOnly)
		return stDoc
	}
	return stMet
}

func evalCatchAll(c *criterion, ev *evidence) status {
	if ev.nDrugs == 0 {
		ev.add(evNoDrug)
		return stMissing
	}
	for _, d := range ev.drugList() {
		if d.tagged(c.p.ExcludeTags) {
			continue
		}
		if isParenteral(d.route) || d.route == "unknown" {
			ev.add(d.evidence)
			ev.add(evCatchAll)
			return stReview
		}
	}
	for _, d := range ev.drugList() {
		ev.add(d.evidence)
	}
	ev.add(evCatchAllNo)
	return stNotMet
}

func evalDrugNotTagged(c *criterion, ev *evidence) status {
	n := 0
	for _, d := range ev.drugList() {
		if d.tagged(c.p.DrugTags) {
			n++
		}
	}
	switch {
	case n == 0:
		ev.add(evTaggedNone)
		return stMet
	case n == ev.nDrugs:
		ev.add(evTaggedAll)
		return stNotMet
	}
	ev.add(evTaggedSome)
	return stReview
}

func evalPrescriberPresent(c *criterion, ev *evidence) status {
	if ev.prescriber == nil {
		ev.add(evNoPrescrib)
		return stDoc
	}
	ev.add(ev.prescriberEv)
	ev.add("prescriber NPI " + ev.prescriber.NPI)
	return stMet
}

func evalPrescriberEnrolled(c *criterion, ev *evidence) status {
	table := ev.payer.tables[c.p.Table]
	if table == nil {
		ev.add(evTableMissing)
		return stSkipped
	}
	if ev.prescriber == nil {
		ev.add(evNoPrescrib)
		return stMissing
	}
	if table[ev.prescriber.NPI] {
		ev.add(evEnrolled)
		return stMet
	}
	ev.add(evNotEnrolled)
	return stNotMet
}

func evalPrescriberScope(c *criterion, ev *evidence) status {
	if ev.prescriber == nil || ev.prescriber.Taxonomy == "" {
		ev.add(evNoTaxonomy)
		return stDoc
	}
	for _, pre := range ev.pol.prescriber {
		if len(ev.prescriber.Taxonomy) >= len(pre) && ev.prescriber.Taxonomy[:len(pre)] == pre {
			ev.add(evTaxonomyOK)
			return stMet
		}
	}
	ev.add(evTaxonomyOther)
	return stDoc
}

func evalDocumentation(c *criterion, ev *evidence) status {
	ev.add(evDocOnly)
	return stDoc
}

func evalPumpDrugPair(c *criterion, ev *evidence) status {
	if tags, ok := c.p.Pairs[ev.line.Code]; ok {
		for _, d := range ev.drugList() {
			if d.tagged(tags) {
				ev.add(d.evidence)
				ev.add(evPairOK)
				return stMet
			}
		}
	}
	ev.add(evDocOnly)
	return stDoc
}

func evalRenewal(c *criterion, ev *evidence) status {
	if !hasAny(c.p.CertTypes, ev.cert) {
		ev.add(evNotRenewal)
		return stSkipped
	}
	ev.add(evRenewal)
	return stDoc
}

func evalReplacement(c *criterion, ev *evidence) status {
	for _, m := range ev.line.Modifiers {
		if hasAny(c.p.Modifiers, m) {
			ev.add(evReplacement)
			return stDoc
		}
	}
	ev.add(evNotReplacement)
	return stSkipped
}

// isICD10Qualifier reports whether an HI qualifier carries ICD-10-CM.
func isICD10Qualifier(q string) bool {
	switch q {
	case "ABK", "ABF", "ABJ", "APR", "ABN":
		return true
	}
	return false
}
