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

// evaluator is a registered evaluator: its function and the check of its
// parameters at load (nil when it needs none).
type evaluator struct {
	fn    evalFunc
	check func(p *params) error
}

// evaluators is the registry of evaluator names that policy files may use.
// The evaluators live with the evidence they read: evalscope.go (setting,
// scope), evaldrug.go (drug lines), evalindication.go (indications),
// evalduration.go (infusion hours), evalprescriber.go (the prescriber),
// evalrepeat.go (documentation and repeat service).
var evaluators map[string]evaluator

func init() {
	evaluators = map[string]evaluator{
		"composite":           {nil, checkComposite},
		"setting":             {evalSetting, nil},
		"scope_dx_drug":       {evalScopeDxDrug, checkScopeDxDrug},
		"scope_nutrition":     {evalScopeNutrition, needs("routed_tags", func(p *params) bool { return len(p.RoutedTags) > 0 })},
		"drug_route":          {evalDrugRoute, needs("routes", func(p *params) bool { return len(p.Routes) > 0 })},
		"parenteral_home":     {evalParenteralHome, needsDrugTags},
		"pump_needed":         {evalPumpNeeded, needsDrugTags},
		"duration":            {evalDuration, checkDuration},
		"drug_tag":            {evalDrugTag, needsDrugTags},
		"enteral_label":       {evalEnteralLabel, nil},
		"indication":          {evalIndication, needsDrugTags},
		"catch_all":           {evalCatchAll, nil},
		"drug_not_tagged":     {evalDrugNotTagged, needsDrugTags},
		"prescriber_present":  {evalPrescriberPresent, nil},
		"prescriber_enrolled": {evalPrescriberEnrolled, checkTable},
		"prescriber_scope":    {evalPrescriberScope, nil},
		"documentation":       {evalDocumentation, nil},
		"pump_drug_pair":      {evalPumpDrugPair, needs("pairs", func(p *params) bool { return len(p.Pairs) > 0 })},
		"renewal":             {evalRenewal, needs("cert_types", func(p *params) bool { return len(p.CertTypes) > 0 })},
		"replacement":         {evalReplacement, needs("modifiers", func(p *params) bool { return len(p.Modifiers) > 0 })},
	}
}

// needs returns a check that a parameter is present.
func needs(name string, ok func(p *params) bool) func(p *params) error {
	return func(p *params) error {
		if !ok(p) {
			return fmt.Errorf("%s: required by this evaluator", name)
		}
		return nil
	}
}

var needsDrugTags = needs("drug_tags", func(p *params) bool { return len(p.DrugTags) > 0 })

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

// Evidence texts several evaluators write (static: no allocation on the
// hot path).
const (
	evDocOnly = "only documentation can show this"
	evProxy   = "drug is on the policy's list for this criterion (structured proxy)"
)

// noDrug reports whether the request has no drug line, and says so in the
// evidence.
func (ev *evidence) noDrug() bool {
	if ev.nDrugs == 0 {
		ev.add(evNoDrug)
		return true
	}
	return false
}

// addDrugs writes every drug line into the evidence.
func (ev *evidence) addDrugs() {
	for _, d := range ev.drugList() {
		ev.add(d.evidence)
	}
}

// taggedDrug returns the first drug line that carries any of the tags, or
// nil.
func (ev *evidence) taggedDrug(tags []string) *drugInfo {
	for _, d := range ev.drugList() {
		if d.tagged(tags) {
			return d
		}
	}
	return nil
}

// addProxy writes a drug on the policy's list as the structured proxy that
// meets a criterion.
func (ev *evidence) addProxy(d *drugInfo) {
	ev.add(d.evidence)
	ev.add(evProxy)
}

// dxIn reports whether an ICD-10-CM diagnosis of the request is in the
// ranges.
func (ev *evidence) dxIn(ranges []codeRange) bool {
	for _, d := range ev.req.Event.Diagnoses {
		if isICD10Qualifier(d.Qualifier) && matchAny(ranges, d.Code) {
			return true
		}
	}
	return false
}

// isICD10Qualifier reports whether an HI qualifier carries ICD-10-CM.
func isICD10Qualifier(q string) bool {
	switch q {
	case "ABK", "ABF", "ABJ", "APR", "ABN":
		return true
	}
	return false
}
