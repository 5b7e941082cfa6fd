package adjudicate

// The indication evaluators: a drug for the indication, with the patient
// and diagnoses it requires, or the catch-all for parenteral drugs no
// indication lists.

const (
	evNoIndication = "no drug line for this indication"
	evExcludedDrug = "drug is expressly excluded from this indication"
	evGender       = "DMG03 gender contradicts this indication"
	evDxMatch      = "a diagnosis on the request is in this indication's ICD-10-CM list"
	evDxMissing    = "no diagnosis on the request is in this indication's ICD-10-CM list"
	evCatchAll     = "parenteral drug with no listed indication: titration or strict rate control needs clinical review"
	evCatchAllNo   = "no parenteral drug that the catch-all could cover"
)

// evalIndication: a drug line for the indication (drug_tags, not
// exclude_tags), a patient of the indication's gender, a diagnosis in its
// ICD-10-CM list (dx), and documentation when doc is set.
func evalIndication(c *criterion, ev *evidence) status {
	if ev.noDrug() {
		return stMissing
	}
	d, excluded := indicationDrug(c, ev)
	if d == nil {
		if excluded {
			ev.add(evExcludedDrug)
		} else {
			ev.add(evNoIndication)
		}
		return stNotMet
	}
	ev.add(d.evidence)
	if c.p.Gender != "" {
		if g := ev.req.Patient.Gender; g != "" && g != "U" && g != c.p.Gender {
			ev.add(evGender)
			return stNotMet
		}
	}
	if len(c.dx) > 0 {
		if !ev.dxIn(c.dx) {
			ev.add(evDxMissing)
			return stReview
		}
		ev.add(evDxMatch)
	}
	if c.p.Doc {
		ev.add(evDocOnly)
		return stDoc
	}
	return stMet
}

// indicationDrug returns the first drug line for the indication that is
// not excluded from it, and whether an excluded one was seen.
func indicationDrug(c *criterion, ev *evidence) (*drugInfo, bool) {
	excluded := false
	for _, d := range ev.drugList() {
		if !d.tagged(c.p.DrugTags) {
			continue
		}
		if d.tagged(c.p.ExcludeTags) {
			excluded = true
			continue
		}
		return d, excluded
	}
	return nil, excluded
}

// evalCatchAll: a parenteral drug (or one of unknown route) that no
// indication lists; never met automatically, a clinician judges.
func evalCatchAll(c *criterion, ev *evidence) status {
	if ev.noDrug() {
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
	ev.addDrugs()
	ev.add(evCatchAllNo)
	return stNotMet
}
