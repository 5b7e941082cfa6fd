package adjudicate

import (
	"math"
	"strconv"
)

// Plausibility (DESIGN §5, "Certify only on specific, consistent
// evidence": plausible data). Data that cannot be right as sent pends the
// line 0V with the reason in plain words (the provider MSG and
// trace.implausible) and the source of the rule (a trace note). A check
// never denies: a clinician, or a corrected request, settles the line.

// Sources of the plausibility rules (trace notes).
const (
	citePlausible     = "DESIGN §5 plausible data"
	citeDates         = "DESIGN §5 plausible data (service dates that cannot be certified as asked)"
	citeRetroactive   = "DESIGN §5 plausible data (service dates that cannot be certified as asked); payer setting max_retroactive_days"
	citeContradiction = "DESIGN §5 Criteria (structured evidence that contradicts a criterion wins over attestation)"
	citeRequester     = "DESIGN §5 Criteria (the requester organization must not stand in for the prescriber)"
	citeNPI           = "DESIGN §5 Evidence (the ordering provider's NPI); CMS NPI check digit (Luhn over the 80840 prefix)"
	citeDuplicate     = "DESIGN §5 plausible data (two pumps of the same class for one regimen on overlapping dates); criteria.md §7.4 (1 pump per drug regimen)"
	citeUnits         = "criteria.md §7.4 quantity limits (A4221 1 per 7 days of pump use; a pump 1 per month rental) and §6.1 A-13 (excess units pend)"
	citeSupplyDates   = "DESIGN §5 Line decision (supplies follow the pump line); criteria.md §3.2 general LCD rules (A4221 during the period of covered pump use) and §6.1 A-13"
	citeCodeEnded     = "criteria.md §3.2 V(F) and §4 row 4 (A52507: J1457 ends 12/31/2025, J7799 from 01/01/2026); DESIGN §5 identified drugs only"
	citeQuantity      = "DESIGN §5 plausible data (a line asking a quantity of zero or less, SV104/SV205, asks for nothing that can be certified); criteria.md §7.4 units"
	citeDrugLine      = "DESIGN §5 Line decision (certification type 3 cancels; a driving drug is a drug line of the same event asked for) and plausible data"
	citeCertConflict  = "DESIGN §5 Line decision (certification type: 3 cancels, needs REF*BB; I, R, S, 4 are adjudicated) and Criteria (contradicting structured evidence wins): DESIGN states no precedence of the line's UM02 over the event's"
	citeMaternityAge  = "DESIGN §5 plausible data; CMS Medicare Code Editor age conflict edit (maternity diagnoses: ages 9 to 64 inclusive); criteria.md §4 row 6 (pregnancy diagnoses)"
	citeICD10         = "DESIGN §5 Evidence (diagnoses) and Certify only on specific evidence; ICD-10-CM Official Guidelines I.B.2 (a code is reported at its full number of characters); codes.json icd10_leaves (criteria.md §3.5, §4)"
	citeDrugHours     = "DESIGN §5 Evidence (infusion duration: HSD on the pump line) and Criteria (structured evidence that contradicts a criterion wins over attestation)"
)

// Plausibility texts (plain words: they are the provider MSG's list).
const (
	evBadNPI        = " fails its check digit and identifies no one: send the prescriber's NPI"
	evRequesterNPI  = " is the requester's own, and the requester does not stand in for the prescriber: name the prescribing practitioner"
	evBirthAfter    = "the patient's birth date is after the start of the service dates"
	evEventHours    = "HSD on the event contradicts the pump line's infusion duration"
	evSupplyOutside = "the supply's service dates fall outside the dates of every pump line of the request: supplies follow their pump only for its period of use"
)

// implausibleBecause records a reason the line's data cannot be certified
// as sent, with the source of the rule.
func (ev *evidence) implausibleBecause(reason, cite string) {
	ev.implausible = append(ev.implausible, reason)
	ev.implausibleCites = append(ev.implausibleCites, cite)
}

// citeNotes are the trace notes naming the sources of the implausible
// reasons, one per distinct source.
func citeNotes(cites []string) []string {
	var out []string
	for _, c := range cites {
		n := "plausibility rule: " + c
		if !hasAny(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// checkPrescriberIdentity checks that the ordering provider named is one:
// an NPI that fails its check digit identifies nobody, and the requester's
// own NPI on the ordering provider is the requester standing in for the
// prescriber, unless the requester is itself a prescribing practitioner
// (a physician asking for a pump they order). Either way the prescriber is
// not shown: the prescriber criteria stay unknown and the line pends with
// the reason (it is never met by attestation).
func (ev *evidence) checkPrescriberIdentity() {
	p := ev.prescriber
	if p == nil {
		return
	}
	switch r := &ev.req.Requester; {
	case !isNPI(p.NPI):
		ev.prescriberWhyNot = "the ordering provider's NPI " + p.NPI + evBadNPI
		ev.implausibleBecause(ev.prescriberWhyNot, citeNPI)
	case r.NPI != "" && r.NPI == p.NPI && !hasPrefix(r.Taxonomy, ev.pol.prescriber):
		ev.prescriberWhyNot = "the ordering provider's NPI " + p.NPI + evRequesterNPI
		ev.implausibleBecause(ev.prescriberWhyNot, citeRequester)
	default:
		return
	}
	ev.prescriber = nil
}

// checkRequestDates checks the service dates against the request: a
// start more than the payer's max_retroactive_days before the request date
// (BHT04), and a patient born after the service starts.
func (ev *evidence) checkRequestDates() {
	from, _ := lineDates(ev.req, ev.line)
	f, ok := parseDate(from)
	if !ok {
		return
	}
	if r, ok := parseDate(ev.req.Date); ok {
		days := ev.payer.MaxRetroactiveDays
		if f.Before(r.AddDate(0, 0, -days)) {
			ev.implausibleBecause("the service dates start on "+from+", more than "+strconv.Itoa(days)+
				" days before the request date "+ev.req.Date+": a service already given is a retrospective review", citeRetroactive)
		}
	}
	// The birth date is compared, never written (PHI).
	if b := ev.req.Patient.BirthDate; isDate(b) && b > from {
		ev.implausibleBecause(evBirthAfter, citePlausible)
	}
}

// checkEventHours reads the event's HSD hours (2000E), which apply to
// every line: they never show the duration (DESIGN §5 reads the pump
// line's HSD and code), but hours that contradict what the pump line shows
// are contradicting structured evidence, which wins (DESIGN §5 Criteria):
// the duration criteria need a clinician. More than 24 hours a day is
// implausible wherever it is sent.
func (ev *evidence) checkEventHours() {
	line := firstHours(ev.line.Delivery)
	for i := range ev.req.Event.Delivery {
		d := &ev.req.Event.Delivery[i]
		if d.Qualifier != "HS" || d.Quantity <= 0 {
			continue
		}
		switch {
		case d.PeriodQualifier == "7" && d.Quantity > 24:
			ev.implausibleBecause(evOverDay, citePlausible)
		case d.PeriodQualifier == "35" && d.Quantity > 168:
			ev.implausibleBecause(evOverWeek, citePlausible)
		}
		h := d.Quantity
		lo, hi := codeHours(ev.line.Code)
		conflict := h < lo || h >= hi
		if line != nil && line.PeriodQualifier == d.PeriodQualifier && line.Quantity != h {
			conflict = true
		}
		if conflict && !ev.hoursConflict {
			ev.hoursConflict = true
			ev.addHours("HSD on the event: " + hoursString(h) + " hours per " + periodWords(d.PeriodQualifier))
			ev.addHours(evEventHours)
		}
	}
}

// codeHours is the interval of infusion hours a pump code defines (E0779
// 8 hours or more, E0780 less than 8), [0, +Inf) for the others.
func codeHours(code string) (lo, hi float64) {
	switch code {
	case "E0779":
		return 8, math.Inf(1)
	case "E0780":
		return 0, 8
	}
	return 0, math.Inf(1)
}

// checkPumpUnits checks the pump line's quantity: a pump is rented one
// unit per month of the service dates, or bought once (criteria.md §7.4),
// and a quantity of zero or less asks for nothing.
func (ev *evidence) checkPumpUnits() {
	ln := ev.line
	if why := quantityWhy(ln); why != "" {
		ev.implausibleBecause(ln.Code+why, citeQuantity)
		return
	}
	if ln.Units <= 0 || (ln.UnitBasis != "" && ln.UnitBasis != "UN") {
		return
	}
	from, to := lineDates(ev.req, ln)
	limit, per := float64(monthsCovering(from, to)), "rental month"
	if hasAny(ln.Modifiers, "NU", "UE") {
		limit, per = 1, "purchase"
	}
	if limit > 0 && ln.Units > limit {
		ev.implausibleBecause(unitsText(ln, limit, per), citeUnits)
	}
}

// unitsText says a line asks more units than its period allows.
func unitsText(ln *Line, limit float64, per string) string {
	return ln.Code + " asks " + hoursString(ln.Units) + " units where its service dates allow at most " +
		hoursString(limit) + " (one per " + per + ")"
}

// codeEnded replaces a drug line's facts when its code ended before the
// line's service dates: the code cannot identify the drug on those dates
// (criteria.md §3.2: J1457 ends 12/31/2025), so the drug is not identified
// and the request is corrected with the code valid on the dates.
func (ev *evidence) codeEnded(d *drugLine, from string) {
	d.evidence = "drug line " + d.code + " (a code that ended on " + d.info.validTo + ", before the service dates start on " + from +
		": it does not identify the drug on these dates)"
	d.info = endedDrug
	if d.inDates {
		ev.implausibleBecause("drug line "+d.code+"'s code is no longer valid on the service dates: use the code valid on the dates of service", citeCodeEnded)
	}
}

// endedDrug is the drug facts of a line whose code ended before its dates.
var endedDrug = &drugInfo{route: "unknown", evidence: " (a code not valid on the service dates: the drug is not identified)"}

// monthsCovering is the number of months from from that cover to: the
// rental months of a period (Mar 5 to Jun 4 is 3), 0 on bad dates.
func monthsCovering(from, to string) int {
	f, okF := parseDate(from)
	t, okT := parseDate(to)
	if !okF || !okT || t.Before(f) {
		return 0
	}
	n := 1
	for !f.AddDate(0, n, 0).After(t) {
		n++
	}
	return n
}

// weeksCovering is the number of weeks from from that cover to (a period
// of 92 days is 14), 0 on bad dates.
func weeksCovering(from, to string) int {
	f, okF := parseDate(from)
	t, okT := parseDate(to)
	if !okF || !okT || t.Before(f) {
		return 0
	}
	days := t.Sub(f).Hours()/24 + 1
	return int(math.Ceil(days / 7))
}

// quantityWhy says why a line's quantity cannot be certified: sent, and
// zero or less (the X12 R type allows a sign, and the guide sets no lower
// bound, so it is no 999 matter: a business check). "" when it can.
func quantityWhy(ln *Line) string {
	if !ln.UnitsSent || ln.Units > 0 {
		return ""
	}
	return " asks a quantity of " + hoursString(ln.Units) + " (SV104/SV205): send the number of units asked for"
}

// undrivable says why a drug line cannot drive a pump: a cancellation
// (UM02 3) asks for no drug, and neither does a quantity of zero or less.
// An appeal's drug line drives the pump it is appealed with. "" when it
// can.
func undrivable(req *Request, ln *Line) string {
	if effCert(req, ln) == "3" {
		return " is a cancellation (UM02 3): a cancelled drug drives no pump; send the drug line the pump is for"
	}
	return quantityWhy(ln)
}

// checkCertConflict checks the line's certification type against the
// event's: an event that cancels (UM02 3, with the authorization it
// cancels) and a line that asks a new or continued certification say two
// things, and DESIGN §5 states no precedence between them, so neither is
// taken: the line pends for the requester to say which it is.
func (ev *evidence) checkCertConflict() {
	if ev.req.Event.CertType != "3" || ev.line.CertType == "" || ev.line.CertType == "3" {
		return
	}
	ev.implausibleBecause("the event cancels (UM02 3) while the line asks a certification (UM02 "+ev.line.CertType+
		"): send the cancellation and the new request separately", citeCertConflict)
}

// drugHoursConflict says how the driving drug line's HSD hours contradict
// the pump line's infusion duration (its HSD for the same period, or the
// pump code's definition), or "". The drug line's HSD never shows the
// duration (DESIGN §5 reads the pump line's), but a contradiction is
// structured evidence against it, which wins.
func (ev *evidence) drugHoursConflict(d *drugLine) string {
	dh := firstHours(ev.req.Lines[d.line].Delivery)
	if dh == nil {
		return ""
	}
	lo, hi := codeHours(ev.line.Code)
	conflict := dh.Quantity < lo || dh.Quantity >= hi
	if p := firstHours(ev.line.Delivery); p != nil && p.PeriodQualifier == dh.PeriodQualifier && p.Quantity != dh.Quantity {
		conflict = true
	}
	if !conflict {
		return ""
	}
	return "HSD on drug line " + d.code + ": " + hoursString(dh.Quantity) + " hours per " + periodWords(dh.PeriodQualifier) +
		", contradicting the pump line's infusion duration: a clinician judges"
}

// The maternity age range of the CMS Medicare Code Editor's age conflict
// edit (maternity diagnoses: ages 9 to 64 inclusive): a pregnancy
// diagnosis for a patient outside it is a diagnosis or a birth date that
// is wrong.
const (
	maternityMinAge = 9
	maternityMaxAge = 64
)

// maternityRanges are the pregnancy diagnoses: chapter 15 (O00–O9A,
// pregnancy, childbirth and the puerperium), Z33 pregnant state, Z34
// supervision of normal pregnancy, Z3A weeks of gestation.
var maternityRanges = []codeRange{{"O00", "O9A"}, {"Z33", "Z33"}, {"Z34", "Z34"}, {"Z3A", "Z3A"}}

// checkMaternityAge checks a pregnancy diagnosis against the patient's age
// at the start of the service dates (the patient's DMG02: the dependent's
// when the request has a 2000D, else the subscriber's). Neither the age
// nor the birth date is written (PHI); the diagnosis code is.
func (ev *evidence) checkMaternityAge() {
	code := ev.dxMatch(maternityRanges)
	if code == "" {
		return
	}
	from, _ := lineDates(ev.req, ev.line)
	b, okB := parseDate(ev.req.Patient.BirthDate)
	f, okF := parseDate(from)
	if !okB || !okF || f.Before(b) {
		return // no age to check (a birth after the start is its own reason)
	}
	age := f.Year() - b.Year()
	if f.Month() < b.Month() || (f.Month() == b.Month() && f.Day() < b.Day()) {
		age--
	}
	if age < maternityMinAge || age > maternityMaxAge {
		ev.implausibleBecause("the pregnancy diagnosis "+code+" does not fit the patient's age on the service dates (under "+
			strconv.Itoa(maternityMinAge)+" or over "+strconv.Itoa(maternityMaxAge)+"): check the patient's birth date (DMG02) and the diagnosis", citeMaternityAge)
	}
}
