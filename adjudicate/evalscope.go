package adjudicate

// The scope evaluators: the setting of care and what places a request
// outside the policy.

const (
	evNoScopeMatch = "no diagnosis or drug on the request places it outside this policy"
	evScopeDx      = "diagnoses on the request are in this exclusion's ICD-10-CM range"
	evScopeDrug    = "a drug line on the request belongs to this exclusion"
	evNutrition    = "enteral/parenteral nutrition codes on the request and no drug line"
	evNoNutrition  = "no nutrition code drives the pump line"
	evNoPlace      = "no place of service on the line or event"
	evUnknownPlace = "place of service is not in the place-of-service table"
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

// evalScopeDxDrug: no diagnosis (dx) or drug (drug_tags, routed_tags)
// places the request in an exclusion; combine "and" needs both.
func evalScopeDxDrug(c *criterion, ev *evidence) status {
	dxHit, drugHit := scopeDx(c, ev), scopeDrug(c, ev)
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

// scopeDx reports whether the diagnoses place the request in the
// exclusion: an ICD-10-CM diagnosis in its ranges, or with dx_only every
// one of them (and at least one).
func scopeDx(c *criterion, ev *evidence) bool {
	if !c.p.DxOnly {
		return ev.dxIn(c.dx)
	}
	hit := false
	for _, d := range ev.req.Event.Diagnoses {
		if !isICD10Qualifier(d.Qualifier) {
			continue
		}
		if !matchAny(c.dx, d.Code) {
			return false
		}
		hit = true
	}
	return hit
}

// scopeDrug reports whether a drug line or a routed line places the
// request in the exclusion.
func scopeDrug(c *criterion, ev *evidence) bool {
	if len(c.p.DrugTags) > 0 && ev.taggedDrug(c.p.DrugTags) != nil {
		return true
	}
	return len(c.p.RoutedTags) > 0 && ev.routedTagged(c.p.RoutedTags)
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
