package adjudicate

// The prescriber evaluators: an ordering provider with an NPI, enrolled
// with the payer, with a prescribing practitioner's taxonomy.

const (
	evTableMissing  = "payer table not configured: check skipped"
	evNotEnrolled   = "prescriber NPI is not in the payer's enrolled-prescriber table"
	evEnrolled      = "prescriber NPI is in the payer's enrolled-prescriber table"
	evTaxonomyOK    = "prescriber taxonomy is a physician or practitioner taxonomy"
	evTaxonomyOther = "prescriber taxonomy does not show a prescribing practitioner"
	evNoTaxonomy    = "no prescriber taxonomy (PRV03)"
)

// evalPrescriberPresent: the request names a prescriber with an NPI.
func evalPrescriberPresent(c *criterion, ev *evidence) status {
	if ev.prescriber == nil {
		ev.add(evNoPrescrib)
		return stDoc
	}
	ev.add(ev.prescriberEv)
	ev.add("prescriber NPI " + ev.prescriber.NPI)
	return stMet
}

// evalPrescriberEnrolled: the prescriber's NPI is in the payer's table;
// skipped when the payer has no such table.
func evalPrescriberEnrolled(c *criterion, ev *evidence) status {
	table := ev.payer.tables[c.p.Table]
	if table == nil {
		ev.add(evTableMissing)
		return stSkipped
	}
	if ev.prescriber == nil {
		ev.add(evNoPrescrib)
		return stMissing
	}
	if table[ev.prescriber.NPI] {
		ev.add(evEnrolled)
		return stMet
	}
	ev.add(evNotEnrolled)
	return stNotMet
}

// evalPrescriberScope: the prescriber's taxonomy is one of the policy's
// prescribing practitioners; otherwise only documentation can show it.
func evalPrescriberScope(c *criterion, ev *evidence) status {
	if ev.prescriber == nil || ev.prescriber.Taxonomy == "" {
		ev.add(evNoTaxonomy)
		return stDoc
	}
	for _, pre := range ev.pol.prescriber {
		if len(ev.prescriber.Taxonomy) >= len(pre) && ev.prescriber.Taxonomy[:len(pre)] == pre {
			ev.add(evTaxonomyOK)
			return stMet
		}
	}
	ev.add(evTaxonomyOther)
	return stDoc
}
