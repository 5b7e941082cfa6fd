package adjudicate

// The scope evaluators: the setting of care and what places a request
// outside the policy. Scope is a property of the request (its diagnoses,
// its lines), never of the driving drug: a diagnosis another policy owns
// routes the line whatever the drug (DESIGN §5).

const (
	evNutrition    = "enteral/parenteral nutrition codes on the request and no drug line"
	evNoNutrition  = "no nutrition code drives the pump line"
	evNoPlace      = "no place of service on the line or event"
	evUnknownPlace = "place of service is not in the place-of-service table"
	evScopeDrug    = "a drug line on the request belongs to this exclusion"
	evScopeRouted  = "a line of the request carries a code this exclusion's policy owns"
)

// evalSetting: the place of service is a home.
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
	return settingStatus(ev.place)
}

// settingStatus is what a place's setting says about care at home: met at
// home, not met in a facility, a clinician judges an ambiguous one.
func settingStatus(p *place) status {
	switch p.setting {
	case "home":
		return stMet
	case "facility":
		return stNotMet
	}
	return stReview
}

// evalScopeDxDrug: no diagnosis of the request is in the exclusion's
// ranges (dx; with dx_only, not every one of them), and no drug line
// (drug_tags) or routed line (routed_tags) belongs to it; combine "and"
// needs a diagnosis and a line.
func evalScopeDxDrug(c *criterion, ev *evidence) status {
	code := scopeDx(c, ev)
	drugHit, routedHit := scopeDrug(c, ev), len(c.p.RoutedTags) > 0 && ev.routedTagged(c.p.RoutedTags)
	hit := code != "" || drugHit || routedHit
	if c.p.Combine == "and" {
		hit = code != "" && (drugHit || routedHit || len(c.p.DrugTags) == 0 && len(c.p.RoutedTags) == 0)
	}
	if !hit {
		ev.add(c.noScopeEv)
		return stMet
	}
	if code != "" {
		ev.add("diagnosis " + code + " on the request is in this exclusion's ICD-10-CM range " + c.dxText)
	}
	if drugHit {
		ev.add(evScopeDrug)
	}
	if routedHit {
		ev.add(evScopeRouted)
	}
	return stNotMet
}

// scopeDx returns a diagnosis that places the request in the exclusion:
// an ICD-10-CM diagnosis in its ranges, or with dx_only the first when
// every one of them is; "" when none does.
func scopeDx(c *criterion, ev *evidence) string {
	if !c.p.DxOnly {
		return ev.dxMatch(c.dx)
	}
	first := ""
	for _, d := range ev.req.Event.Diagnoses {
		if !isICD10Qualifier(d.Qualifier) {
			continue
		}
		if !matchAny(c.dx, d.Code) {
			return ""
		}
		if first == "" {
			first = d.Code
		}
	}
	return first
}

// scopeDrug reports whether a drug line of the request places it in the
// exclusion.
func scopeDrug(c *criterion, ev *evidence) bool {
	if len(c.p.DrugTags) == 0 {
		return false
	}
	for i := range ev.drugList() {
		if ev.drugs[i].info.tagged(c.p.DrugTags) {
			return true
		}
	}
	return false
}

// evalScopeNutrition: the pump line is not driven by nutrition (routed
// nutrition codes and no drug line).
func evalScopeNutrition(c *criterion, ev *evidence) status {
	if ev.nDrugs == 0 && ev.routedTagged(c.p.RoutedTags) {
		ev.add(evNutrition)
		return stNotMet
	}
	ev.add(evNoNutrition)
	return stMet
}
