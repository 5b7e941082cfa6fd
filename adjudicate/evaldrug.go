package adjudicate

// The drug evaluators: what the drug lines of the event show about the
// route, the need for a pump and the policy's drug lists.

const (
	evRouteUnknown  = "drug route is not known from the code"
	evNotThisRoute  = "no drug line has a route this criterion covers"
	evNotListed     = "drug is not on the policy's list for this criterion"
	evNoPump        = "drug does not need an infusion pump (catheter flush)"
	evNoLabel       = "no FDA-label infusion time in the drug table"
	evLabelMismatch = "HSD hours differ from the FDA-label infusion time"
	evLabelMatch    = "HSD hours match the FDA-label infusion time"
	evNotEnteral    = "no enteral drug on the request"
	evTaggedAll     = "every drug line on the request is the excluded drug"
	evTaggedSome    = "the excluded drug is on the request with another drug"
	evTaggedNone    = "the excluded drug is not on the request"
	evPairOK        = "the pump code is defined for this drug"
)

// evalDrugRoute: a drug line has one of the routes; fail_routes are the
// routes that contradict it.
func evalDrugRoute(c *criterion, ev *evidence) status {
	if ev.noDrug() {
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
	ev.addDrugs()
	if allFail {
		return stNotMet
	}
	return stReview
}

// evalParenteralHome: parenteral administration at home is reasonable; a
// listed parenteral drug at home shows it, any other parenteral drug needs
// documentation.
func evalParenteralHome(c *criterion, ev *evidence) status {
	if ev.noDrug() {
		return stMissing
	}
	parenteral, unknown := false, false
	for _, d := range ev.drugList() {
		switch {
		case isParenteral(d.route):
			parenteral = true
			if d.tagged(c.p.DrugTags) && ev.place != nil && ev.place.setting == "home" {
				ev.addProxy(d)
				ev.add(ev.posEv)
				return stMet
			}
		case !isNonParenteral(d.route):
			unknown = true
		}
	}
	ev.addDrugs()
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

// evalPumpNeeded: the drug needs an infusion pump. Among the drug lines
// with one of the routes (any route when none are given), a listed drug
// shows it, and a drug with an exclude tag (a catheter flush) does not.
func evalPumpNeeded(c *criterion, ev *evidence) status {
	if ev.noDrug() {
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
			ev.addProxy(d)
			return stMet
		}
		if d.tagged(c.p.ExcludeTags) {
			excluded++
		}
	}
	ev.addDrugs()
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

// evalDrugTag: a drug line is on the policy's list; otherwise only
// documentation can show the criterion.
func evalDrugTag(c *criterion, ev *evidence) status {
	if ev.noDrug() {
		return stMissing
	}
	if d := ev.taggedDrug(c.p.DrugTags); d != nil {
		ev.addProxy(d)
		return stMet
	}
	ev.addDrugs()
	ev.add(evNotListed)
	return stDoc
}

// evalEnteralLabel: the first enteral drug's infusion hours match its FDA
// label.
func evalEnteralLabel(c *criterion, ev *evidence) status {
	if ev.noDrug() {
		return stMissing
	}
	unknown := false
	for _, d := range ev.drugList() {
		if d.route == "unknown" {
			unknown = true
		}
		if d.route == "enteral" {
			return enteralLabel(d, ev)
		}
	}
	if unknown {
		ev.add(evRouteUnknown)
		return stReview
	}
	ev.add(evNotEnteral)
	return stNotMet
}

// enteralLabel compares the HSD hours with an enteral drug's FDA-label
// infusion time.
func enteralLabel(d *drugInfo, ev *evidence) status {
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

// evalDrugNotTagged: the excluded drug (drug_tags) is not on the request;
// with another drug beside it, a clinician judges.
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

// evalPumpDrugPair: the pump code is defined for a drug on the request
// (pairs: pump code → drug tags).
func evalPumpDrugPair(c *criterion, ev *evidence) status {
	if tags, ok := c.p.Pairs[ev.line.Code]; ok {
		if d := ev.taggedDrug(tags); d != nil {
			ev.add(d.evidence)
			ev.add(evPairOK)
			return stMet
		}
	}
	ev.add(evDocOnly)
	return stDoc
}
