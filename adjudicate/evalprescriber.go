package adjudicate

// The prescriber evaluators: an ordering provider with an NPI, enrolled
// with the payer, with a prescribing practitioner's taxonomy. The
// requester never stands in for the prescriber; an ordering provider whose
// taxonomy is a supplier, a pharmacy or another provider who does not
// prescribe contradicts the prescriber criteria, and contradiction beats
// attestation (DESIGN §5).

const (
	evTableMissing  = "payer table not configured: check skipped"
	evNotEnrolled   = "prescriber NPI is not in the payer's enrolled-prescriber table"
	evEnrolled      = "prescriber NPI is in the payer's enrolled-prescriber table"
	evTaxonomyOK    = "prescriber taxonomy is a physician or practitioner taxonomy"
	evTaxonomyOther = "prescriber taxonomy is not one the policy knows as a prescribing practitioner (physician, nurse practitioner, physician assistant): structured evidence against the scope of practice, which documents do not outweigh"
	evTaxonomyContr = "the ordering provider's taxonomy is a supplier, pharmacy or other provider who does not prescribe: it contradicts the prescriber criteria"
	evNoTaxonomy    = "no prescriber taxonomy (PRV03)"
)

// noPrescriber writes why there is no prescriber.
func (ev *evidence) noPrescriber() {
	if ev.prescriberWhyNot != "" {
		ev.add(ev.prescriberWhyNot)
		return
	}
	if ev.prescriberNoNPI {
		ev.add(evNoNPI)
		return
	}
	ev.add(evNoPrescrib)
}

// prescriberContradicted reports whether the prescriber's taxonomy shows a
// provider who does not prescribe, and says so.
func (ev *evidence) prescriberContradicted() bool {
	if !ev.nonPrescriber() {
		return false
	}
	ev.add(evTaxonomyContr)
	ev.kind = kindStructured
	return true
}

// evalPrescriberPresent: the request names an ordering provider with an
// NPI whose taxonomy does not contradict a licensed medical provider.
func evalPrescriberPresent(c *criterion, ev *evidence) status {
	if ev.prescriber == nil {
		ev.noPrescriber()
		return stMissing
	}
	if ev.prescriberNPIEv == "" {
		ev.prescriberNPIEv = "prescriber NPI " + ev.prescriber.NPI
	}
	ev.add(ev.prescriberEv)
	ev.add(ev.prescriberNPIEv)
	if ev.prescriberContradicted() {
		return stReview
	}
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
		ev.noPrescriber()
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
// prescribing practitioners; a non-prescriber's taxonomy contradicts it;
// any other, or none, only documentation can show.
func evalPrescriberScope(c *criterion, ev *evidence) status {
	if ev.prescriber == nil {
		ev.noPrescriber()
		return stMissing
	}
	switch tax := ev.prescriber.Taxonomy; {
	case tax == "":
		ev.add(evNoTaxonomy)
		return stDoc
	case ev.prescriberContradicted():
		return stReview
	case hasPrefix(tax, ev.pol.prescriber):
		ev.add(evTaxonomyOK)
		return stMet
	}
	// A taxonomy sent that is not a prescribing practitioner's (a
	// chiropractor, a therapist…) is structured evidence against the scope
	// of practice: an attachment cannot outweigh it (DESIGN §5 Criteria), a
	// clinician judges.
	ev.add(evTaxonomyOther)
	ev.kind = kindStructured
	return stReview
}
