package adjudicate

// The duration evaluator: the infusion hours the pump code or the HSD
// show, against a minimum or a maximum, and for a minimum with drug_tags
// the driving drug's list entry (proven by prolonged infusion).

const evHomeRequired = "intermittent infusion given outside the home"

// addHoursEvidence writes what showed the infusion hours.
func (ev *evidence) addHoursEvidence() {
	for i := 0; i < ev.nHoursEv; i++ {
		ev.add(ev.hoursEv[i])
	}
	if ev.nHoursEv == 0 {
		ev.add(evNoHours)
	}
}

// evalDuration: the infusion lasts at least min_hours, or at most
// max_hours; HSD hours that contradict the pump code need a clinician.
func evalDuration(c *criterion, ev *evidence) status {
	ev.addHoursEvidence()
	if ev.hoursConflict {
		ev.kind = kindStructured
		return stReview
	}
	if ev.drug != nil {
		if why := ev.drugHoursConflict(ev.drug); why != "" {
			ev.add(why)
			ev.kind = kindStructured
			return stReview
		}
	}
	if c.p.MinHours > 0 {
		return minDuration(c, ev)
	}
	return maxDuration(c, ev)
}

// minDuration: the infusion lasts at least min_hours and, with drug_tags,
// the driving drug is on the policy's list for it (with drug_dx, for a
// diagnosis of its own group). A drug the table lists for the other kind
// of regimen (contra_tags) needs a clinician; a drug on no list needs the
// clinical documentation of unlisted_attest.
func minDuration(c *criterion, ev *evidence) status {
	m := c.p.MinHours
	if ev.hoursHi <= m {
		ev.kind = kindStructured
		if c.p.ShortReview {
			return stReview
		}
		return stNotMet
	}
	if len(c.p.DrugTags) == 0 {
		if ev.hoursLo >= m {
			return stMet
		}
		return stDoc
	}
	d, s := ev.identifiedDrug()
	if d == nil {
		return s
	}
	if ev.contradicted(c, d) {
		return stReview
	}
	if !d.info.tagged(c.p.DrugTags) {
		ev.add(d.evidence)
		ev.add(evNotListed)
		ev.add(evDocOnly)
		// The clinical part is open (and the hours, unless structured):
		// documents that can show clinical efficacy show both.
		ev.attestAs = c.unlisted
		return stDoc
	}
	ev.add(d.evidence)
	if c.p.DrugDx {
		if _, ok := ev.indicated(d); !ok {
			return stReview
		}
	}
	ev.addProxy(d, c.p.DrugTags)
	if ev.hoursLo >= m {
		return stMet
	}
	ev.kind = kindNone
	return stDoc
}

// maxDuration: the infusion lasts at most max_hours and, with
// require_home, is given at home.
func maxDuration(c *criterion, ev *evidence) status {
	m := c.p.MaxHours
	switch {
	case ev.hoursHi <= m:
		if !c.p.RequireHome {
			return stMet
		}
		return intermittentAtHome(ev)
	case ev.hoursLo >= m:
		return stNotMet
	}
	return stDoc
}

// intermittentAtHome: a short infusion is given at home.
func intermittentAtHome(ev *evidence) status {
	if ev.place == nil {
		ev.add(evNoPlace)
		return stDoc
	}
	ev.add(ev.posEv)
	s := settingStatus(ev.place)
	if s == stNotMet {
		ev.add(evHomeRequired)
	}
	return s
}
