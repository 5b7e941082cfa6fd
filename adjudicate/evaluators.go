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
	stSkipped                // does not apply to this request (not a renewal), or a payer table is not configured
	stAttested               // met by attestation (set by the engine)
	stNA                     // its set cannot apply to the driving drug (not applicable)
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
	evDocOnly      = "only documentation can show this"
	evUnidentified = "the drug table does not identify this drug (a not-otherwise-classified code, a code or NDC it does not hold, or a code known only by its range): it cannot satisfy a drug criterion"
	evNoGroups     = "the drug table gives this drug no indication group"
	evContra       = "the drug table lists this drug for the other kind of regimen (contradicts this criterion): a clinician judges"
)

// candidate returns the driving drug being evaluated; without one it
// records that the request has no drug line.
func (ev *evidence) candidate() *drugLine {
	if ev.drug == nil {
		if ev.nDrugs > 0 {
			ev.add(evNoDrugInDates)
		} else {
			ev.add(evNoDrug)
		}
	}
	return ev.drug
}

// identifiedDrug returns the driving drug when the drug table identifies
// it. Otherwise it returns nil and the status of a drug criterion: missing
// without a drug, for review when the drug is unidentified (it never
// satisfies a drug criterion, DESIGN §5).
func (ev *evidence) identifiedDrug() (*drugLine, status) {
	d := ev.candidate()
	switch {
	case d == nil:
		return nil, stMissing
	case ev.unidentified(d):
		return nil, stReview
	}
	return d, stMet
}

// unidentified reports whether the drug table does not identify d, and
// says so: such a drug never satisfies a drug criterion (DESIGN §5).
func (ev *evidence) unidentified(d *drugLine) bool {
	if d.info.identified() {
		return false
	}
	ev.add(d.evidence)
	ev.add(evUnidentified)
	ev.kind = kindProxy
	return true
}

// addProxy writes the list entry of the drug (its line written before) as
// the code-table proxy that meets a criterion.
func (ev *evidence) addProxy(d *drugLine, tags []string) {
	for _, t := range tags {
		if d.info.hasTag(t) {
			ev.add(ev.pol.codes.proxyEv[t])
			break
		}
	}
	ev.kind = kindProxy
}

// contradicted reports whether the drug carries a tag that contradicts the
// criterion (and none of the tags that meet it), and says so.
func (ev *evidence) contradicted(c *criterion, d *drugLine) bool {
	if len(c.p.ContraTags) == 0 || !d.info.tagged(c.p.ContraTags) || d.info.tagged(c.p.DrugTags) {
		return false
	}
	ev.add(d.evidence)
	ev.add(evContra)
	ev.kind = kindProxy
	return true
}

// indicated returns the first of d's indication groups the diagnoses of
// the request show, writing the evidence either way.
func (ev *evidence) indicated(d *drugLine) (*dxGroup, bool) {
	if len(d.info.groups) == 0 {
		ev.add(evNoGroups)
		return nil, false
	}
	for _, g := range d.info.groups {
		if h := ev.groupHit(g); h.ok {
			ev.add(h.ev)
			return g, true
		}
	}
	for _, g := range d.info.groups {
		ev.add(g.missingEv)
	}
	ev.kind = kindStructured
	return nil, false
}

// groupHit returns, computed once per pump line, whether the diagnoses
// show an indication group: a diagnosis in every one of its lists.
func (ev *evidence) groupHit(g *dxGroup) *groupHit {
	for i := 0; i < ev.nGroups; i++ {
		if ev.groups[i].g == g {
			return &ev.groups[i]
		}
	}
	h := groupHit{g: g, ok: true, ev: g.missingEv}
	var codes [4]string
	n := 0
	for _, list := range g.all {
		code := ev.dxMatch(list)
		if code == "" {
			h.ok = false
			break
		}
		if n < len(codes) {
			codes[n] = code
			n++
		}
	}
	if h.ok {
		h.ev = dxShows(codes[:n], g)
	}
	if ev.nGroups < len(ev.groups) {
		ev.groups[ev.nGroups] = h
		ev.nGroups++
		return &ev.groups[ev.nGroups-1]
	}
	return &h
}

// dxShows is the evidence that diagnoses show an indication group.
func dxShows(codes []string, g *dxGroup) string {
	if len(codes) == 1 {
		return "diagnosis " + codes[0] + " on the request shows the drug's indication group " + g.name + " (ICD-10-CM " + g.ranges + ")"
	}
	s := "diagnoses " + codes[0]
	for _, c := range codes[1:] {
		s += " and " + c
	}
	return s + " on the request show the drug's indication group " + g.name + " (ICD-10-CM " + g.ranges + ")"
}

// inGroups reports whether g is one of gs.
func inGroups(g *dxGroup, gs []*dxGroup) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}

// dxMatch returns the first ICD-10-CM diagnosis of the request in the
// ranges, or "".
func (ev *evidence) dxMatch(ranges []codeRange) string {
	for _, d := range ev.req.Event.Diagnoses {
		if isICD10Qualifier(d.Qualifier) && matchAny(ranges, d.Code) {
			return d.Code
		}
	}
	return ""
}

// isICD10Qualifier reports whether an HI qualifier carries ICD-10-CM.
func isICD10Qualifier(q string) bool {
	switch q {
	case "ABK", "ABF", "ABJ", "APR", "ABN":
		return true
	}
	return false
}
