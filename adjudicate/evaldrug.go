package adjudicate

// The drug evaluators: what the driving drug shows about the route, the
// need for a pump, its diagnosis and the policy's drug lists. Each reads
// the one drug being evaluated (evidence.drug), never another drug line:
// different drugs never combine to satisfy one set (DESIGN §5).

const (
	evRouteDoc      = "the drug's code allows more than one parenteral route: the prescription or order shows which"
	evRouteOther    = "the drug's route is parenteral but not intravenous: a clinician decides"
	evNotThisRoute  = "the drug's route is not one this criterion covers"
	evNotInfusion   = "the drug's form is not a parenteral infusion (oral, enteral, inhaled, implant or depot)"
	evNotListed     = "the drug is not on the policy's list for this criterion"
	evNoPump        = "the drug does not need an infusion pump (catheter flush)"
	evNoLabel       = "no FDA-label infusion time in the drug table"
	evLabelMismatch = "HSD hours differ from the FDA-label infusion time"
	evLabelMatch    = "HSD hours match the FDA-label infusion time"
	evNotEnteral    = "the drug is not an enteral medication given by pump"
	evTaggedAll     = "every drug line on the request is the excluded drug"
	evTaggedSome    = "the excluded drug is on the request with another drug"
	evTaggedNone    = "the excluded drug is not on the request"
	evTaggedUnknown = "a drug line the drug table does not identify could be the excluded drug: its absence is not shown"
	// evTaggedUnreadable: a line whose procedure code is malformed (AAA AG).
	evTaggedUnreadable = "a line of the request has a procedure code that cannot be read (answered AAA): it could be the excluded drug, so its absence is not shown"
	evPairOK           = "the pump code is defined for this drug"
	evPairPump         = "the pump code is defined for other drugs only: a clinician judges the pairing"
	evPairDrug         = "the drug's own pump is another code: a clinician judges the pairing"
	evGroupReview      = "for this indication group the drug list is not enough: a clinician judges the clinical criteria"
	evGroupDoc         = "for this indication group clinical documentation must show the criterion"
	evNotHome          = "no home or residential place of service shows home administration"
)

// evalDrugRoute: the driving drug has one of the routes (met); one of
// fail_routes contradicts it (not met); one of doc_routes is shown by
// documents; any other parenteral route needs a clinician.
func evalDrugRoute(c *criterion, ev *evidence) status {
	d, s := ev.identifiedDrug()
	if d == nil {
		return s
	}
	ev.add(d.evidence)
	ev.kind = kindProxy
	switch route := d.info.route; {
	case hasAny(c.p.Routes, route):
		return stMet
	case hasAny(c.p.FailRoutes, route):
		ev.add(evNotInfusion)
		return stNotMet
	case hasAny(c.p.DocRoutes, route):
		ev.add(evRouteDoc)
		return stDoc
	}
	ev.add(evRouteOther)
	return stReview
}

// evalParenteralHome: parenteral administration of the driving drug at
// home is reasonable and necessary. With drug_dx the drug's own indication
// group must be on the request (a drug list alone never shows it); for
// review_groups a clinician judges, for doc_groups documents must show it.
// A drug on the list given at home then shows it by proxy; any other
// parenteral drug needs documentation.
func evalParenteralHome(c *criterion, ev *evidence) status {
	d, s := ev.identifiedDrug()
	if d == nil {
		return s
	}
	ev.add(d.evidence)
	if !isParenteral(d.info.route) {
		ev.add(evNotInfusion)
		return stNotMet
	}
	if c.p.DrugDx {
		g, ok := ev.indicated(d)
		switch {
		case !ok:
			return stReview
		case inGroups(g, c.review):
			ev.add(evGroupReview)
			return stReview
		case inGroups(g, c.docGroups):
			ev.add(evGroupDoc)
			return stDoc
		}
	}
	if d.info.tagged(c.p.DrugTags) && ev.place != nil && ev.place.setting == "home" {
		ev.addProxy(d, c.p.DrugTags)
		ev.add(ev.posEv)
		return stMet
	}
	ev.kind = kindNone
	switch {
	case !d.info.tagged(c.p.DrugTags):
		ev.add(evNotListed)
	default:
		ev.add(evNotHome)
	}
	ev.add(evDocOnly)
	return stDoc
}

// evalPumpNeeded: the driving drug needs an infusion pump. With routes, a
// drug of another route does not meet it; a listed drug shows it by proxy,
// a drug with an exclude tag (a catheter flush) does not need one, any
// other needs documentation.
func evalPumpNeeded(c *criterion, ev *evidence) status {
	d, s := ev.identifiedDrug()
	if d == nil {
		return s
	}
	switch {
	case len(c.p.Routes) > 0 && !hasAny(c.p.Routes, d.info.route):
		ev.add(d.evidence)
		ev.add(evNotThisRoute)
		return stNotMet
	case len(c.p.Routes) == 0 && isNotInfusion(d.info.route):
		ev.add(d.evidence)
		ev.add(evNotInfusion)
		ev.kind = kindProxy
		return stNotMet
	case d.info.tagged(c.p.DrugTags):
		ev.add(d.evidence)
		ev.addProxy(d, c.p.DrugTags)
		return stMet
	case d.info.tagged(c.p.ExcludeTags):
		ev.add(d.evidence)
		ev.add(evNoPump)
		ev.kind = kindProxy
		return stNotMet
	}
	ev.add(d.evidence)
	ev.add(evDocOnly)
	return stDoc
}

// evalDrugTag: the driving drug is on the policy's list (with drug_dx, for
// a diagnosis of its own indication group); a drug the table lists for the
// other kind of regimen (contra_tags) needs a clinician; any other needs
// documentation.
func evalDrugTag(c *criterion, ev *evidence) status {
	d, s := ev.identifiedDrug()
	if d == nil {
		return s
	}
	if ev.contradicted(c, d) {
		return stReview
	}
	if d.info.tagged(c.p.DrugTags) {
		ev.add(d.evidence)
		if c.p.DrugDx {
			if _, ok := ev.indicated(d); !ok {
				return stReview
			}
		}
		ev.addProxy(d, c.p.DrugTags)
		return stMet
	}
	ev.add(d.evidence)
	ev.add(evNotListed)
	ev.add(evDocOnly)
	return stDoc
}

// evalEnteralLabel: the driving drug is an enteral medication given for
// its labeled indication (drug_dx) with the infusion hours of its FDA
// label.
func evalEnteralLabel(c *criterion, ev *evidence) status {
	d, s := ev.identifiedDrug()
	if d == nil {
		return s
	}
	ev.add(d.evidence)
	if d.info.route != "enteral" {
		ev.add(evNotEnteral)
		return stNotMet
	}
	if c.p.DrugDx {
		if _, ok := ev.indicated(d); !ok {
			return stReview
		}
	}
	if d.info.labelHours == 0 {
		ev.add(evNoLabel)
		return stDoc
	}
	ev.addHoursEvidence()
	if why := ev.drugHoursConflict(d); why != "" {
		ev.add(why)
		ev.kind = kindStructured
		return stReview
	}
	switch {
	case ev.hoursConflict:
		return stReview
	case !ev.hoursExact:
		return stDoc
	case ev.hoursLo == d.info.labelHours:
		ev.add(evLabelMatch)
		return stMet
	}
	ev.add(evLabelMismatch)
	ev.kind = kindStructured
	return stReview
}

// evalDrugNotTagged: the excluded drug (drug_tags) is not on the request.
// It reads every drug line, not only the driving drug: a pump carrying the
// excluded drug beside another is a clinician's question, and a drug line
// the table does not identify never shows the excluded drug is absent.
func evalDrugNotTagged(c *criterion, ev *evidence) status {
	// A line whose code is malformed (AAA AG) could be any drug, the
	// excluded one too (DESIGN §5 identified drugs only).
	n, unknown := 0, ev.nUnreadable
	for i := range ev.drugList() {
		d := ev.drugs[i].info
		switch {
		case d.tagged(c.p.DrugTags):
			n++
		case d.unknownIdentity():
			unknown++
		}
	}
	ev.kind = kindProxy
	switch {
	case n == 0 && unknown == 0:
		ev.add(evTaggedNone)
		return stMet
	case n == 0 && ev.nUnreadable > 0:
		ev.add(evTaggedUnreadable)
		return stReview
	case n == 0:
		ev.add(evTaggedUnknown)
		return stReview
	case n == ev.nDrugs:
		ev.add(evTaggedAll)
		return stNotMet
	}
	ev.add(evTaggedSome)
	return stReview
}

// evalPumpDrugPair: the pump code is defined for the driving drug (pairs:
// pump code → drug tags). Exclusive pairs contradict any other pairing (the
// pump for another drug, or the drug on another pump): a clinician judges.
// Otherwise documentation shows the pump is approved for the drug.
func evalPumpDrugPair(c *criterion, ev *evidence) status {
	d, s := ev.identifiedDrug()
	if d == nil {
		return s
	}
	ev.add(d.evidence)
	if tags, ok := c.p.Pairs[ev.line.Code]; ok {
		if d.info.tagged(tags) {
			ev.add(evPairOK)
			ev.kind = kindProxy
			return stMet
		}
		if c.p.Exclusive {
			ev.add(evPairPump)
			ev.kind = kindProxy
			return stReview
		}
	} else if c.p.Exclusive {
		for _, tags := range c.p.Pairs {
			if d.info.tagged(tags) {
				ev.add(evPairDrug)
				ev.kind = kindProxy
				return stReview
			}
		}
	}
	ev.add(evDocOnly)
	return stDoc
}
