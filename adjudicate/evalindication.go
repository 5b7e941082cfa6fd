package adjudicate

// The indication evaluators: the driving drug of the indication's class,
// for a diagnosis of its own indication group, with the patient the
// indication requires; or the catch-all for parenteral drugs no indication
// lists.

const (
	evNoIndication = "no drug line for this indication"
	evOtherClass   = "the driving drug is not a drug of this indication: not applicable"
	evExcludedDrug = "the drug is expressly excluded from this indication"
	evGender       = "DMG03 gender contradicts this indication"
	evDxMissing    = "no diagnosis on the request is in this indication's ICD-10-CM list"
	evCatchAll     = "parenteral drug: whether it is one of the other drugs that must be titrated or strictly rate-controlled (indication 11) is a clinician's judgment"
	evSiteOther    = "no diagnosis on the request is in this indication's ICD-10-CM list: it does not apply (another indication may)"
	evCatchAllNo   = "the drug is not a parenteral drug the catch-all could cover"
	evCatchAllExcl = "the drug is expressly excluded, or needs no pump: the catch-all cannot re-admit it"
)

// evalIndication: the driving drug is of the indication's class
// (drug_tags; another class does not apply), not excluded (exclude_tags),
// a parenteral infusion, for a patient of the indication's gender, with a
// diagnosis of the drug's own indication group (drug_dx) and in the
// indication's ICD-10-CM list (dx), and documentation when doc is set. A
// drug the table does not identify never satisfies an indication.
func evalIndication(c *criterion, ev *evidence) status {
	d, s := ev.identifiedDrug()
	if d == nil {
		return s
	}
	if !d.info.tagged(c.p.DrugTags) {
		ev.add(evOtherClass)
		return stNA
	}
	ev.add(d.evidence)
	ev.kind = kindProxy
	switch {
	case d.info.tagged(c.p.ExcludeTags):
		ev.add(evExcludedDrug)
		return stNotMet
	case isNotInfusion(d.info.route):
		ev.add(evNotInfusion)
		return stNotMet
	}
	if c.p.Gender != "" {
		if g := ev.req.Patient.Gender; g != "" && g != "U" && g != c.p.Gender {
			ev.add(evGender)
			ev.kind = kindStructured
			return stNotMet
		}
	}
	if c.p.DrugDx {
		if _, ok := ev.indicated(d); !ok {
			return stReview
		}
	}
	if len(c.dx) > 0 {
		code := ev.dxMatch(c.dx)
		if code == "" && c.p.DrugDx {
			// The drug's own group is shown: the site list narrows an
			// indication another one covers.
			ev.add(evSiteOther)
			ev.kind = kindNone
			return stNA
		}
		if code == "" {
			ev.add(evDxMissing)
			ev.kind = kindStructured
			return stReview
		}
		ev.add("diagnosis " + code + " is in this indication's ICD-10-CM list (" + c.dxText + ")")
	}
	if c.p.Doc {
		ev.add(evDocOnly)
		return stDoc
	}
	return stMet
}

// evalCatchAll: a parenteral drug (or one the table does not identify)
// that no other indication lists; never met automatically, a clinician
// judges. An expressly excluded drug, one that needs no pump, and a drug
// that is not a parenteral infusion cannot be covered by it.
func evalCatchAll(c *criterion, ev *evidence) status {
	d := ev.candidate()
	if d == nil {
		return stMissing
	}
	ev.add(d.evidence)
	ev.kind = kindProxy
	switch {
	case d.info.tagged(c.p.ExcludeTags):
		ev.add(evCatchAllExcl)
		return stNotMet
	case isNotInfusion(d.info.route):
		ev.add(evCatchAllNo)
		return stNotMet
	}
	ev.add(evCatchAll)
	return stReview
}
