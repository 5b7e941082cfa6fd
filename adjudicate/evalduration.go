package adjudicate

// The duration evaluator: the infusion hours the pump code or the HSD
// show, against a minimum or a maximum.

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
		return stReview
	}
	if c.p.MinHours > 0 {
		return minDuration(c, ev)
	}
	return maxDuration(c, ev)
}

// minDuration: the infusion lasts at least min_hours and, with drug_tags,
// the drug is on the policy's list for it.
func minDuration(c *criterion, ev *evidence) status {
	m := c.p.MinHours
	switch {
	case ev.hoursLo >= m:
		if len(c.p.DrugTags) == 0 {
			return stMet
		}
		if d := ev.taggedDrug(c.p.DrugTags); d != nil {
			ev.addProxy(d)
			return stMet
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
