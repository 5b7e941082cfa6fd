package adjudicate

import (
	"math"
	"strconv"
	"time"
)

// maxDrugs bounds the drug lines read as evidence for one pump line; a 278
// carries at most 10 2000F lines per event in practice, so this is ample.
const maxDrugs = 16

// maxAttachments bounds the attachments read for one pump line (line and
// event together); the guide allows 10 PWK per loop.
const maxAttachments = 20

// evidence is what the structured request shows about one pump line. It is
// built once per pump line and read by the evaluators, one driving drug
// candidate at a time (drug).
type evidence struct {
	req   *Request
	payer *PayerConfig
	pol   *Policy

	line    *Line
	lineIdx int
	cert    string
	repeat  bool // a repeat service: renewal, extension or a previous authorization

	place   *place
	posCode string
	posEv   string

	// drugs are the drug lines of the event, in request order; drug is the
	// candidate the criteria are evaluated for (nil without drug lines).
	drugs  [maxDrugs]drugLine
	nDrugs int
	drug   *drugLine
	// nUnreadable counts the lines whose procedure code is malformed (AAA
	// AG): whatever they are, they could be a drug, so they never show
	// that a drug is absent (DESIGN §5 identified drugs only).
	nUnreadable int

	// Infusion duration as an interval: hours ∈ [hoursLo, hoursHi).
	hoursLo, hoursHi float64
	hoursExact       bool // an HSD gave the hours
	hoursConflict    bool // HSD contradicts the pump code's definition
	hoursEv          [3]string
	nHoursEv         int

	// attachments are the attachments actually sent (PWK02 other than AA)
	// of a report type the payer accepts, the line's before the event's;
	// onRequest are the PWK01 types only available on request (AA).
	attachments  [maxAttachments]attachment
	nAttachments int
	onRequest    []string // notes, precomputed texts

	prescriber      *Provider
	prescriberEv    string
	prescriberNPIEv string // built on first use
	// prescriberNoNPI reports an ordering provider named without an NPI;
	// prescriberWhyNot, when set, why the ordering provider named is not
	// taken for the prescriber (an NPI failing its check digit, the
	// requester's own NPI).
	prescriberNoNPI  bool
	prescriberWhyNot string

	routed  [maxDrugs]*routedRange // routed lines of the request
	nRouted int

	// groups caches what the diagnoses show about indication groups.
	groups  [8]groupHit
	nGroups int

	// implausible are the reasons the line's data cannot be certified as
	// asked (DESIGN §5 plausible data).
	implausible []string
	// implausibleCites are the sources of the implausible reasons, in the
	// same order (trace notes).
	implausibleCites []string

	// Set by an evaluator for the result it returns (reset before each).
	kind     uint8       // evidence kind (kindNone, kindStructured, kindProxy)
	attestAs *attestKind // attestation kind replacing the criterion's

	arena []string
}

// drugLine is one drug line of the event as the evidence reads it.
type drugLine struct {
	info     *drugInfo
	line     int    // index in Request.Lines
	code     string // the code as sent
	evidence string // evidence text naming the line's own code
	// inDates reports whether the drug line's service dates overlap the
	// pump line's: a drug on other dates is another regimen and does not
	// drive this pump (DESIGN §5 one driving drug).
	inDates bool
}

// attachment is one attachment sent with the request.
type attachment struct {
	reportType string
	ev         string // evidence text (type, name, line or event)
}

// groupHit is what the diagnoses show about one indication group.
type groupHit struct {
	g  *dxGroup
	ok bool
	ev string
}

// Evidence kinds an evaluator reports (evidence.kind).
const (
	kindNone uint8 = iota
	kindStructured
	kindProxy
	kindAttachment
)

var kindText = [...]string{kindNone: "", kindStructured: KindStructured, kindProxy: KindProxy, kindAttachment: KindAttachment}

func (ev *evidence) add(s string) { ev.arena = append(ev.arena, s) }

func (ev *evidence) addHours(s string) {
	if ev.nHoursEv < len(ev.hoursEv) {
		ev.hoursEv[ev.nHoursEv] = s
		ev.nHoursEv++
	}
}

// routedTagged reports whether a routed line of the request carries any of
// the tags.
func (ev *evidence) routedTagged(tags []string) bool {
	for _, r := range ev.routed[:ev.nRouted] {
		for _, t := range r.tags {
			if hasAny(tags, t) {
				return true
			}
		}
	}
	return false
}

func (ev *evidence) drugList() []drugLine { return ev.drugs[:ev.nDrugs] }

const (
	evE0779                  = "pump E0779 is by definition a mechanical pump for infusions of 8 hours or more"
	evE0780                  = "pump E0780 is by definition a mechanical pump for infusions of less than 8 hours"
	evConflict               = "HSD hours on the pump line contradict the pump code's definition"
	evNoHours                = "no infusion duration on the pump line (no HSD hours, pump code does not define it)"
	evNoDrug                 = "no drug line on the request"
	evNoDrugInDates          = "no drug line of the request has service dates overlapping the pump line's: a drug on other dates is another regimen"
	evNoPrescrib             = "no ordering provider (NM1 DK on the line or event): the requester does not stand in for the prescriber"
	evNoNPI                  = "the ordering provider has no NPI (NM108 XX): the prescriber cannot be identified"
	evLineDK                 = "ordering provider (2010F DK)"
	evEventDK                = "ordering provider (2010EA DK)"
	evOverDay                = "HSD on the pump line gives more than 24 infusion hours per day"
	evOverWeek               = "HSD on the pump line gives more than 168 infusion hours per week"
	evOutsideDate            = "the line's service dates fall outside the event's dates (DTP*472 outside DTP*AAH)"
	evOrderedByNonPrescriber = "the ordering provider's taxonomy is a supplier's, pharmacy's or nurse's, not a prescribing practitioner's: a pump is dispensed on a practitioner's order"
)

// buildEvidence gathers the structured evidence for pump line i into ev,
// keeping ev's arena. lines are the decisions so far, for the classes and
// errors of the other lines.
func buildEvidence(ev *evidence, req *Request, payer *PayerConfig, pol *Policy, i int, lines []LineDecision) {
	ev.reset(req, payer, pol, i)
	ev.cert = effCert(req, ev.line)
	// A previous authorization makes a repeat service, except on an appeal,
	// whose REF*BB names the decision appealed.
	ev.repeat = (ev.line.PriorAuth != "" || req.Event.PriorAuth != "") && !isAppeal(ev.cert)
	ev.findPlace()
	ev.findDrugs(lines)
	ev.findRouted(lines)
	ev.findHours()
	ev.findAttachments()
	ev.findPrescriber()
	ev.checkDates()
	ev.checkRequestDates()
	ev.checkPumpUnits()
	ev.checkCertConflict()
	ev.checkMaternityAge()
	ev.checkDiagnosisCodes()
}

// reset empties ev for pump line i field by field: the fixed arrays are
// only read up to their counts, so they are not cleared.
func (ev *evidence) reset(req *Request, payer *PayerConfig, pol *Policy, i int) {
	ev.req, ev.payer, ev.pol, ev.line, ev.lineIdx = req, payer, pol, &req.Lines[i], i
	ev.cert, ev.repeat = "", false
	ev.place, ev.posCode, ev.posEv = nil, "", ""
	ev.nDrugs, ev.drug, ev.nUnreadable = 0, nil, 0
	ev.hoursLo, ev.hoursHi, ev.hoursExact, ev.hoursConflict, ev.nHoursEv = 0, 0, false, false, 0
	ev.nAttachments, ev.onRequest = 0, nil
	ev.prescriber, ev.prescriberEv, ev.prescriberNPIEv, ev.prescriberNoNPI, ev.prescriberWhyNot = nil, "", "", false, ""
	ev.nRouted, ev.nGroups, ev.implausible, ev.implausibleCites = 0, 0, nil, nil
	ev.kind, ev.attestAs = kindNone, nil
	ev.arena = ev.arena[:0]
}

// findPlace reads the place of service: the line's before the event's.
func (ev *evidence) findPlace() {
	places := ev.pol.codes.places
	if pos := ev.line.POS; pos != "" {
		ev.posCode = pos
		if pl := places[pos]; pl != nil {
			ev.place, ev.posEv = pl, pl.evLine
		}
	} else if pos := ev.req.Event.POS; pos != "" {
		ev.posCode = pos
		if pl := places[pos]; pl != nil {
			ev.place, ev.posEv = pl, pl.evEvent
		}
	}
}

// findDrugs reads the drug lines of the same patient event (lines without
// errors, up to maxDrugs): drug lines, and routed lines whose code the drug
// table holds (an inhaled form another policy owns is still a drug on the
// request).
func (ev *evidence) findDrugs(lines []LineDecision) {
	from, to := lineDates(ev.req, ev.line)
	for j := range ev.req.Lines {
		ln := &ev.req.Lines[j]
		if len(lines[j].Errors) > 0 {
			if procedureError(ln) == aaaProcedure {
				ev.nUnreadable++
			}
			continue
		}
		if ev.nDrugs == maxDrugs {
			continue
		}
		info := ev.pol.drug(ln.Qualifier, ln.Code)
		switch lines[j].Class {
		case ClassDrug:
		case ClassRouted:
			if info == unknownDrug || info == unknownNDC {
				continue
			}
		default:
			continue
		}
		df, dt := lineDates(ev.req, ln)
		if why := undrivable(ev.req, ln); why != "" {
			// A cancelled drug line, or one asking no quantity, drives no
			// pump; on the pump's dates it is data to correct.
			if df <= to && from <= dt {
				ev.implausibleBecause("drug line "+ln.Code+why, citeDrugLine)
			}
			continue
		}
		d := &ev.drugs[ev.nDrugs]
		*d = drugLine{info: info, line: j, code: ln.Code, evidence: info.evidence, inDates: df <= to && from <= dt}
		if info.inRange || info == unknownDrug || info == unknownNDC {
			// Name the line's own code, not its range.
			d.evidence = "drug line " + ln.Code + info.evidence
		}
		if info.validTo != "" && df > info.validTo {
			ev.codeEnded(d, df)
		}
		ev.nDrugs++
	}
}

// findRouted reads the routed lines of the request (lines without errors,
// up to maxDrugs).
func (ev *evidence) findRouted(lines []LineDecision) {
	for j := range ev.req.Lines {
		if lines[j].Class != ClassRouted || len(lines[j].Errors) > 0 || ev.nRouted == maxDrugs {
			continue
		}
		if _, r := ev.pol.classify(ev.req.Lines[j].Qualifier, ev.req.Lines[j].Code); r != nil {
			ev.routed[ev.nRouted] = r
			ev.nRouted++
		}
	}
}

// findHours reads the infusion duration: the pump code's definition, then
// the first HSD hours on the pump line, which must agree with it. An HSD
// with more hours than its period holds makes the line implausible.
func (ev *evidence) findHours() {
	ev.findLineHours()
	ev.checkEventHours()
}

// findLineHours reads the pump code's definition and the pump line's HSD.
func (ev *evidence) findLineHours() {
	ev.hoursLo, ev.hoursHi = 0, math.Inf(1)
	switch ev.line.Code {
	case "E0779":
		ev.hoursLo = 8
		ev.addHours(evE0779)
	case "E0780":
		ev.hoursHi = 8
		ev.addHours(evE0780)
	}
	for i := range ev.line.Delivery {
		d := &ev.line.Delivery[i]
		if d.Qualifier != "HS" {
			continue
		}
		switch {
		case d.PeriodQualifier == "7" && d.Quantity > 24:
			ev.implausibleBecause(evOverDay, citePlausible)
		case d.PeriodQualifier == "35" && d.Quantity > 168:
			ev.implausibleBecause(evOverWeek, citePlausible)
		}
	}
	d := firstHours(ev.line.Delivery)
	if d == nil {
		return
	}
	h := d.Quantity
	ev.hoursExact = true
	ev.addHours("HSD on the pump line: " + hoursString(h) + " hours per " + periodWords(d.PeriodQualifier))
	if h < ev.hoursLo || h >= ev.hoursHi {
		ev.hoursConflict = true
		ev.addHours(evConflict)
	}
	ev.hoursLo, ev.hoursHi = h, math.Nextafter(h, math.Inf(1))
}

// firstHours returns the first HSD that gives hours, or nil.
func firstHours(ds []DeliveryPattern) *DeliveryPattern {
	for i := range ds {
		if ds[i].Qualifier == "HS" && ds[i].Quantity > 0 {
			return &ds[i]
		}
	}
	return nil
}

// findAttachments reads the attachments sent, of report types the payer
// accepts: the line's before the event's. PWK02 AA (available on request
// at the provider's site) sends nothing: it is noted, never read as an
// attachment.
func (ev *evidence) findAttachments() {
	ev.readAttachments(ev.line.Attachments, true)
	ev.readAttachments(ev.req.Event.Attachments, false)
}

func (ev *evidence) readAttachments(as []Attachment, onLine bool) {
	codes := ev.pol.codes
	for _, a := range as {
		if a.Transmission == "AA" {
			ev.onRequest = append(ev.onRequest, codes.pwkOnRequest(a.ReportType, onLine))
			continue
		}
		if a.ControlNumber == "" {
			// A document sent separately is matched to the request by its
			// attachment control number (PWK05 AC, PWK06; x12-278.md §2.6:
			// needed whenever PWK02 is not AA): without it nothing can be
			// matched, so it attests nothing (DESIGN §5 Criteria) and the
			// document is asked for.
			ev.onRequest = append(ev.onRequest, codes.buildPWKEvidence(a.ReportType, onLine, msgNoControl))
			continue
		}
		if !ev.payer.acceptsPWK(a.ReportType) || ev.nAttachments == maxAttachments {
			continue
		}
		ev.attachments[ev.nAttachments] = attachment{reportType: a.ReportType, ev: codes.pwkEvidence(a.ReportType, onLine)}
		ev.nAttachments++
	}
}

// findPrescriber reads the prescriber: the ordering provider (NM1 DK) on
// the line, then on the event. The requester never stands in for it
// (DESIGN §5): a request without an ordering provider has no prescriber.
// An ordering provider without an NPI is none, noted.
func (ev *evidence) findPrescriber() {
	req := ev.req
	ev.prescriber, ev.prescriberEv = findProvider(ev.line.Providers, "DK"), evLineDK
	if ev.prescriber == nil {
		ev.prescriber, ev.prescriberEv = findProvider(req.Event.Providers, "DK"), evEventDK
	}
	if ev.prescriber != nil && ev.prescriber.NPI == "" {
		ev.prescriber, ev.prescriberNoNPI = nil, true
	}
	ev.checkPrescriberIdentity()
	// Whatever the policy's criteria, a pump ordered by a provider who does
	// not prescribe cannot be certified as sent (DESIGN §5: contradicting
	// evidence; plausible data).
	switch {
	case ev.prescriber == nil:
	case ev.nonPrescriber():
		ev.implausibleBecause(evOrderedByNonPrescriber, citeContradiction)
	case ev.prescriber.Taxonomy != "" && !hasPrefix(ev.prescriber.Taxonomy, ev.pol.prescriber):
		// A taxonomy sent that is not a prescribing practitioner's (a
		// chiropractor, a therapist, a facility): the same contradiction,
		// whatever the policy's criteria.
		ev.implausibleBecause("the ordering provider's taxonomy "+ev.prescriber.Taxonomy+" is not a prescriber's: send the order of a physician, nurse practitioner or physician assistant", citeContradiction)
	}
}

// nonPrescriber reports whether the prescriber's taxonomy is one of a
// provider who does not prescribe (the policy's supplier and
// non_prescriber taxonomies).
func (ev *evidence) nonPrescriber() bool {
	tax := ev.prescriber.Taxonomy
	return tax != "" && (hasAny(ev.pol.supplier, tax) || hasPrefix(tax, ev.pol.nonPrescrib))
}

// checkDates checks that the line's service dates can be certified as
// asked: within the event's dates, and no longer than the payer's maximum
// certification period.
func (ev *evidence) checkDates() {
	from, to := lineDates(ev.req, ev.line)
	if ef, et := ev.req.Event.From, ev.req.Event.To; ev.line.From != "" && ef != "" {
		if et == "" {
			et = ef
		}
		if from < ef || to > et {
			ev.implausibleBecause(evOutsideDate, citeDates)
		}
	}
	months := ev.payer.MaxCertificationMonths
	if months <= 0 || from == "" {
		return
	}
	f, okF := parseDate(from)
	t, okT := parseDate(to)
	if okF && okT && !t.Before(f.AddDate(0, months, 0)) {
		ev.implausibleBecause("service dates "+from+" to "+to+" are longer than the payer's maximum certification period of "+strconv.Itoa(months)+" months", citeDates)
	}
}

// parseDate parses CCYYMMDD.
func parseDate(s string) (time.Time, bool) {
	if !isDate(s) {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[4:6])
	d, _ := strconv.Atoi(s[6:])
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// lineDates returns a line's service dates, inheriting the event's.
func lineDates(req *Request, ln *Line) (string, string) {
	from, to := ln.From, ln.To
	if from == "" {
		from, to = req.Event.From, req.Event.To
	}
	if to == "" {
		to = from
	}
	return from, to
}

func findProvider(ps []Provider, entity string) *Provider {
	for i := range ps {
		if ps[i].Entity == entity {
			return &ps[i]
		}
	}
	return nil
}

// hasAny reports whether list holds any of the values.
func hasAny(list []string, values ...string) bool {
	for _, v := range values {
		for _, l := range list {
			if l == v {
				return true
			}
		}
	}
	return false
}

// hasPrefix reports whether s starts with any of the prefixes.
func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(s) >= len(p) && s[:len(p)] == p {
			return true
		}
	}
	return false
}

// tagged reports whether the drug carries any of the tags.
func (d *drugInfo) tagged(tags []string) bool {
	for _, t := range tags {
		if d.hasTag(t) {
			return true
		}
	}
	return false
}

// hasTag reports whether the drug carries the tag.
func (d *drugInfo) hasTag(t string) bool {
	for _, dt := range d.tags {
		if t == dt {
			return true
		}
	}
	return false
}

// unknownIdentity reports whether nothing is known of the drug itself (a
// not-otherwise-classified code, an NDC or code the table does not hold):
// it could be any drug, so it never shows that a drug is absent.
func (d *drugInfo) unknownIdentity() bool {
	return d.noc || d == unknownDrug || d == unknownNDC || d == endedDrug
}

// isParenteral reports whether a route is a parenteral infusion.
func isParenteral(route string) bool {
	switch route {
	case "iv", "sc", "intrathecal", "epidural", "parenteral", "catheter-flush":
		return true
	}
	return false
}

// isNotInfusion reports whether a route or form is known not to be a
// parenteral infusion: enteral, oral or inhaled drugs, implants and depots.
func isNotInfusion(route string) bool {
	switch route {
	case "enteral", "oral", "inhalation", "implant", "depot":
		return true
	}
	return false
}

// effCert returns the line's certification type, inheriting the event's.
func effCert(req *Request, ln *Line) string {
	if ln.CertType != "" {
		return ln.CertType
	}
	return req.Event.CertType
}

// pwkEvidence returns the evidence text for an attachment sent.
func (t *codeTables) pwkEvidence(reportType string, onLine bool) string {
	if ev, ok := t.pwkEv[reportType]; ok {
		if onLine {
			return ev[0]
		}
		return ev[1]
	}
	return t.buildPWKEvidence(reportType, onLine, "")
}

// pwkOnRequest returns the trace note for an attachment only available on
// request (PWK02 AA).
func (t *codeTables) pwkOnRequest(reportType string, onLine bool) string {
	if ev, ok := t.pwkAA[reportType]; ok {
		if onLine {
			return ev[0]
		}
		return ev[1]
	}
	return t.buildPWKEvidence(reportType, onLine, msgOnRequest)
}

// msgNoControl is what the note of an attachment sent without a control
// number adds.
const msgNoControl = " was sent (PWK02 other than AA) without an attachment control number (PWK05 AC, PWK06): it cannot be matched to the request, so it attests nothing"

// msgOnRequest is what an AA attachment's note adds.
const msgOnRequest = " is only available on request (PWK02 AA): nothing was sent, so it attests nothing"

func (t *codeTables) buildPWKEvidence(reportType string, onLine bool, suffix string) string {
	where := " on the event"
	if onLine {
		where = " on the line"
	}
	name := t.pwkNames[reportType]
	if name == "" {
		name = "report type"
	}
	return "attachment PWK " + reportType + " (" + name + ")" + where + suffix
}

// periodWords names an HSD05 time period qualifier.
func periodWords(q string) string {
	switch q {
	case "7":
		return "day"
	case "26":
		return "episode"
	case "6":
		return "hour"
	case "35":
		return "week"
	}
	return "episode or day"
}

var hoursText [49]string

func init() {
	for h := range hoursText {
		hoursText[h] = strconv.Itoa(h)
	}
}

// hoursString formats hours without allocating for whole hours up to 48.
func hoursString(h float64) string {
	if h >= 0 && h <= 48 && h == float64(int(h)) {
		return hoursText[int(h)]
	}
	return strconv.FormatFloat(h, 'f', -1, 64)
}
