package adjudicate

import (
	"math"
	"strconv"
)

// maxDrugs bounds the drug lines read as evidence for one pump line; a 278
// carries at most 10 2000F lines per event in practice, so this is ample.
const maxDrugs = 16

// evidence is what the structured request shows about one pump line. It is
// built once per pump line and read by the evaluators.
type evidence struct {
	req   *Request
	payer *PayerConfig
	pol   *Policy

	line    *Line
	lineIdx int
	cert    string

	place   *place
	posCode string
	posEv   string

	drugs  [maxDrugs]*drugInfo
	nDrugs int
	// drugLines are the request indexes of the drug lines read.
	drugLines [maxDrugs]int

	// Infusion duration as an interval: hours ∈ [hoursLo, hoursHi).
	hoursLo, hoursHi float64
	hoursExact       bool // an HSD gave the hours
	hoursConflict    bool // HSD contradicts the pump code's definition
	hoursEv          [3]string
	nHoursEv         int

	pwkType string // first accepted PWK report type (line before event), or ""
	pwkEv   string

	prescriber   *Provider
	prescriberEv string

	routed  [maxDrugs]*routedRange // routed lines of the request
	nRouted int

	arena []string
}

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

func (ev *evidence) drugList() []*drugInfo { return ev.drugs[:ev.nDrugs] }

const (
	evE0779      = "pump E0779 is by definition a mechanical pump for infusions of 8 hours or more"
	evE0780      = "pump E0780 is by definition a mechanical pump for infusions of less than 8 hours"
	evConflict   = "HSD hours on the pump line contradict the pump code's definition"
	evNoHours    = "no infusion duration on the pump line (no HSD hours, pump code does not define it)"
	evNoDrug     = "no drug line on the request"
	evNoPrescrib = "no ordering provider with an NPI (2010F/2010EA DK, or 2010B requester)"
)

// buildEvidence gathers the structured evidence for pump line i, reusing
// ev's arena. lines are the decisions so far, for the classes and errors
// of the other lines.
func buildEvidence(ev *evidence, req *Request, payer *PayerConfig, pol *Policy, i int, lines []LineDecision) {
	*ev = evidence{req: req, payer: payer, pol: pol, line: &req.Lines[i], lineIdx: i, arena: ev.arena[:0]}
	ev.cert = effCert(req, ev.line)
	ev.findPlace()
	ev.findDrugs(lines)
	ev.findRouted(lines)
	ev.findHours()
	ev.findAttachment()
	ev.findPrescriber()
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
// errors, up to maxDrugs).
func (ev *evidence) findDrugs(lines []LineDecision) {
	for j := range ev.req.Lines {
		if lines[j].Class != ClassDrug || len(lines[j].Errors) > 0 || ev.nDrugs == maxDrugs {
			continue
		}
		ev.drugs[ev.nDrugs] = ev.pol.drug(ev.req.Lines[j].Qualifier, ev.req.Lines[j].Code)
		ev.drugLines[ev.nDrugs] = j
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
// the first HSD hours on the pump line, which must agree with it.
func (ev *evidence) findHours() {
	ev.hoursLo, ev.hoursHi = 0, math.Inf(1)
	switch ev.line.Code {
	case "E0779":
		ev.hoursLo = 8
		ev.addHours(evE0779)
	case "E0780":
		ev.hoursHi = 8
		ev.addHours(evE0780)
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

// findAttachment reads the first attachment of a report type the payer
// accepts: the line's before the event's.
func (ev *evidence) findAttachment() {
	for _, a := range ev.line.Attachments {
		if ev.payer.acceptsPWK(a.ReportType) {
			ev.pwkType, ev.pwkEv = a.ReportType, ev.pol.codes.pwkEvidence(a.ReportType, true)
			return
		}
	}
	for _, a := range ev.req.Event.Attachments {
		if ev.payer.acceptsPWK(a.ReportType) {
			ev.pwkType, ev.pwkEv = a.ReportType, ev.pol.codes.pwkEvidence(a.ReportType, false)
			return
		}
	}
}

// findPrescriber reads the prescriber: the ordering provider on the line,
// then on the event, then the requester unless the requester is a
// supplier. A prescriber without an NPI is none.
func (ev *evidence) findPrescriber() {
	req := ev.req
	ev.prescriber, ev.prescriberEv = findProvider(ev.line.Providers, "DK"), "ordering provider (2010F DK)"
	if ev.prescriber == nil {
		ev.prescriber, ev.prescriberEv = findProvider(req.Event.Providers, "DK"), "ordering provider (2010EA DK)"
	}
	if ev.prescriber == nil && req.Requester.NPI != "" && !hasAny(ev.pol.supplier, req.Requester.Taxonomy) {
		ev.prescriber, ev.prescriberEv = &req.Requester, "requesting provider (2010B)"
	}
	if ev.prescriber != nil && ev.prescriber.NPI == "" {
		ev.prescriber = nil
	}
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

// tagged reports whether the drug carries any of the tags.
func (d *drugInfo) tagged(tags []string) bool {
	for _, t := range tags {
		for _, dt := range d.tags {
			if t == dt {
				return true
			}
		}
	}
	return false
}

func isParenteral(route string) bool {
	switch route {
	case "iv", "sc", "intrathecal", "epidural", "parenteral", "catheter-flush":
		return true
	}
	return false
}

func isNonParenteral(route string) bool {
	switch route {
	case "enteral", "oral", "inhalation":
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

// pwkEvidence returns the evidence text for an accepted attachment.
func (t *codeTables) pwkEvidence(reportType string, onLine bool) string {
	if ev, ok := t.pwkEv[reportType]; ok {
		if onLine {
			return ev[0]
		}
		return ev[1]
	}
	return t.buildPWKEvidence(reportType, onLine)
}

func (t *codeTables) buildPWKEvidence(reportType string, onLine bool) string {
	where := " on the event"
	if onLine {
		where = " on the line"
	}
	name := t.pwkNames[reportType]
	if name == "" {
		name = "accepted report type"
	}
	return "attachment PWK " + reportType + " (" + name + ")" + where
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
