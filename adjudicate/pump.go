package adjudicate

import (
	"strings"
	"sync"
)

// Deciding a pump line, in steps that each return what the next one
// reads: the certification type (certOutcome, in lines.go), the criteria
// evaluated for each driving drug candidate against the line's evidence
// (evaluate: one drug satisfies a whole set, drugs never combine;
// attestation is applied per criterion, in state.go), their verdict taken
// together (verdict: scope and routing first, then the plausibility of the
// data, then the coverage and scope roots), and the action the verdict
// becomes under the payer's settings (pumpOutcome).

// scratch holds the buffers a request's pump lines reuse: the evidence
// and two evaluation states (the best candidate so far and the next), and
// the pump lines decided so far. Results never point into it (finish
// copies them out), so it is pooled across decisions.
type scratch struct {
	ev      evidence
	st      [2]evalState
	drivers [8]driver
	dup     [maxLines]bool
	// dupUnread marks the duplicates counted with an unreadable pump line.
	dupUnread [maxLines]bool
}

// maxLines bounds the lines the duplicate-pump check reads; the guide
// allows far fewer service lines per event.
const maxLines = 64

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// release returns the scratch buffers to the pool. They keep pointers
// into the last request until reused; sync.Pool drops them at the next
// garbage collections anyway.
func (e *engine) release() {
	if e.sc == nil {
		return
	}
	e.sc.dup, e.sc.dupUnread = [maxLines]bool{}, [maxLines]bool{}
	scratchPool.Put(e.sc)
	e.sc = nil
}

// driver is a decided pump line with its driving drug: one regimen needs
// one pump, so a later pump of the same class on overlapping dates does
// not take the same drug.
type driver struct {
	group    string // class of pump (classes.pump.groups)
	from, to string
	drug     int // request index of the driving drug line, or -1
}

// decidePump decides pump line i. A certification type that is not
// adjudicated answers without the criteria, except an appeal: it pends for
// a clinician with the verdict as the recommendation.
func (e *engine) decidePump(i int) {
	cert := effCert(e.req, &e.req.Lines[i])
	appeal := isAppeal(cert)
	if !adjudicated(cert) && !appeal {
		o := e.certOutcome(i)
		e.apply(i, &o)
		return
	}
	st := e.evaluate(i)
	ld := &e.res.Lines[i]
	ld.Trace.Criteria = st.results
	if st.drug >= 0 {
		d := &st.ev.drugs[st.drug]
		ld.Trace.Drug = DrivingDrug{Line: d.line, Code: d.code}
	}
	st.recordNotes(&ld.Trace)
	v := st.verdict(e.isDup(i), i < maxLines && e.sc.dupUnread[i])
	if appeal {
		o := e.certOutcome(i)
		o.recommended, o.recommendedReasons = v.recommendation()
		e.apply(i, &o)
		return
	}
	o := e.pumpOutcome(st, v)
	e.apply(i, &o)
}

// evaluate gathers the evidence for pump line i and evaluates every
// criterion of the policy for each driving drug candidate (each drug line
// of the event not already driving an earlier pump of the same class on
// overlapping dates), keeping the candidate closest to certification; the
// first in request order wins a tie. The state it returns is valid until
// the next pump line is evaluated; its results are the line's own.
func (e *engine) evaluate(i int) *evalState {
	ev := &e.sc.ev
	buildEvidence(ev, e.req, e.payer, e.pol, i, e.res.Lines)
	best, cur := &e.sc.st[0], &e.sc.st[1]
	found, first := false, -1
	for k := 0; k < max(ev.nDrugs, 1); k++ {
		// A drug line whose dates do not overlap the pump line's is another
		// regimen: it never drives this pump (DESIGN §5 one driving drug).
		if ev.nDrugs > 0 && !ev.drugs[k].inDates {
			continue
		}
		if first < 0 {
			first = k
		}
		if ev.nDrugs > 0 && e.taken(i, k) {
			continue
		}
		k := k
		if ev.nDrugs == 0 {
			k = -1
		}
		cur.run(e.pol, ev, e.payer, k)
		if !found || cur.rank > best.rank {
			best, cur = cur, best
			found = true
		}
	}
	if !found {
		// Every drug of the pump's dates drives an earlier pump: the line is
		// a duplicate, evaluated for its first drug (and marked, should
		// findDuplicates not have counted it). With no drug line on its
		// dates, it is evaluated without a drug.
		best.run(e.pol, ev, e.payer, first)
		if first >= 0 && i < maxLines {
			e.sc.dup[i] = true
		}
	}
	ev.drug = nil
	if best.drug >= 0 {
		ev.drug = &ev.drugs[best.drug]
	}
	best.finish()
	if e.nDrivers < len(e.sc.drivers) {
		e.sc.drivers[e.nDrivers] = e.driverOf(i, best)
		e.nDrivers++
	}
	return best
}

// driverOf records pump line i with its driving drug.
func (e *engine) driverOf(i int, st *evalState) driver {
	from, to := e.dates(&e.req.Lines[i])
	d := driver{group: e.pol.pumpGroups[e.req.Lines[i].Code], from: from, to: to, drug: -1}
	if st.drug >= 0 {
		d.drug = st.ev.drugs[st.drug].line
	}
	return d
}

// taken reports whether drug candidate k of pump line i already drives
// an earlier pump line of the same class on overlapping dates, itself or a
// line repeating it (the same code on overlapping dates: one regimen sent
// twice is still one regimen, DESIGN §5 plausible data).
func (e *engine) taken(i, k int) bool {
	j := e.sc.ev.drugs[k].line
	group := e.pol.pumpGroups[e.req.Lines[i].Code]
	from, to := e.dates(&e.req.Lines[i])
	for _, d := range e.sc.drivers[:e.nDrivers] {
		if d.drug >= 0 && (d.drug == j || e.sameRegimen(d.drug, j)) && d.group == group && d.from <= to && from <= d.to {
			return true
		}
	}
	return false
}

// sameRegimen reports whether drug lines a and b repeat one regimen: the
// same qualifier and code on overlapping dates.
func (e *engine) sameRegimen(a, b int) bool {
	x, y := &e.req.Lines[a], &e.req.Lines[b]
	if x.Qualifier != y.Qualifier || x.Code != y.Code {
		return false
	}
	xf, xt := e.dates(x)
	yf, yt := e.dates(y)
	return xf <= yt && yf <= xt
}

// findDuplicates marks the pump lines that, with others of the same class
// on overlapping dates, outnumber the identified drug lines of the event:
// one regimen needs one pump (DESIGN §5 plausible data; A52507: a backup
// pump is not separately payable). A drug line the table does not identify
// could drive no pump to a certification, so it does not make room for one,
// and neither does a line repeating another (sameRegimen): a regimen sent
// twice is one regimen.
func (e *engine) findDuplicates() {
	pumps := 0
	for i := range e.res.Lines {
		if ld := &e.res.Lines[i]; len(ld.Errors) == 0 && ld.Class == ClassPump {
			pumps++
		}
	}
	if pumps == 0 {
		return
	}
	e.sc = scratchPool.Get().(*scratch)
	unread := 0
	for i := range e.res.Lines {
		if e.unreadablePump(i) {
			unread++
		}
	}
	if pumps+unread < 2 {
		return
	}
	for i := range e.res.Lines {
		if !e.duplicable(i) || i >= maxLines {
			continue
		}
		n, u := 0, false
		for j := range e.res.Lines {
			switch {
			case e.duplicable(j) && e.samePumpClass(i, j):
				n++
			case e.unreadablePump(j) && e.samePumpClass(i, j):
				n, u = n+1, true
			}
		}
		e.sc.dup[i] = n > 1 && n > e.regimens(i)
		e.sc.dupUnread[i] = e.sc.dup[i] && u
	}
}

// regimens counts the identified drug lines whose dates overlap pump line
// i's, a line repeating another counted once: the regimens that could each
// drive a pump on its dates (a drug on other dates drives none of them).
func (e *engine) regimens(i int) int {
	from, to := e.dates(&e.req.Lines[i])
	n := 0
	for j := range e.res.Lines {
		ld, ln := &e.res.Lines[j], &e.req.Lines[j]
		if len(ld.Errors) > 0 || ld.Class != ClassDrug || !e.pol.drug(ln.Qualifier, ln.Code).identified() || e.repeatsEarlier(j) {
			continue
		}
		if df, dt := e.dates(ln); df <= to && from <= dt {
			n++
		}
	}
	return n
}

// unreadablePump reports whether line i's procedure code cannot be read as
// sent (AAA AG) but reads as a pump code once its case is ignored: it may
// be a second pump for the same regimen, so it counts in the duplicate
// check (an unreadable line never shows that something is absent, DESIGN
// §5). The engine does not certify it, and does not certify around it.
func (e *engine) unreadablePump(i int) bool {
	ln := &e.req.Lines[i]
	if len(e.res.Lines[i].Errors) == 0 || procedureError(ln) != aaaProcedure {
		return false
	}
	_, ok := e.pol.pumpGroups[strings.ToUpper(ln.Code)]
	return ok
}

// repeatsEarlier reports whether drug line i repeats an earlier drug line
// without errors (sameRegimen).
func (e *engine) repeatsEarlier(i int) bool {
	for j := 0; j < i; j++ {
		if e.res.Lines[j].Class == ClassDrug && len(e.res.Lines[j].Errors) == 0 && e.sameRegimen(j, i) {
			return true
		}
	}
	return false
}

// duplicable reports whether line i is a pump line the duplicate check
// counts: no errors, a certification type that is adjudicated.
func (e *engine) duplicable(i int) bool {
	ld := &e.res.Lines[i]
	return ld.Class == ClassPump && len(ld.Errors) == 0 && adjudicated(effCert(e.req, &e.req.Lines[i]))
}

// isDup reports whether pump line i duplicates another for one regimen.
func (e *engine) isDup(i int) bool { return i < maxLines && e.sc.dup[i] }

// samePumpClass reports whether pump lines i and j (i may equal j) are of
// one class on overlapping dates.
func (e *engine) samePumpClass(i, j int) bool {
	a, b := &e.req.Lines[i], &e.req.Lines[j]
	if e.pol.pumpGroups[strings.ToUpper(a.Code)] != e.pol.pumpGroups[strings.ToUpper(b.Code)] {
		return false
	}
	af, at := e.dates(a)
	bf, bt := e.dates(b)
	return af <= bt && bf <= at
}

// verdictKind is what a pump line's criteria say taken together, before
// the payer's settings make an action of it.
type verdictKind uint8

const (
	verdictCertify     verdictKind = iota // the coverage and scope criteria are met
	verdictRoute                          // a scope criterion failed: another policy owns the line
	verdictImplausible                    // the data cannot be certified as asked
	verdictDeny                           // the criteria failed on a ground the policy states as non-coverage
	verdictReview                         // the criteria failed, but not on a ground a machine may deny on
	verdictOpen                           // criteria are unknown: documents or a clinician would settle them
)

// verdict is the result of a pump line's criteria taken together.
type verdict struct {
	kind verdictKind
	// route is the failed scope criterion (verdictRoute).
	route *criterion
	// criteria are the decisive criteria (verdictDeny), the failed leaves
	// (verdictReview) or the unknown leaves whose result would change the
	// outcome (verdictOpen).
	criteria []*criterion
	// review reports that a root needs a clinician (verdictOpen).
	review bool
	// implausible are the reasons the data cannot be certified as asked,
	// and the verdict the criteria would give otherwise.
	implausible []string
	cites       []string // the sources of the implausible reasons
	then        verdictKind
}

// Plausibility texts.
const evUnreadablePump = "a line whose procedure code cannot be read as sent reads as a pump of the same class once its case is ignored: correct its code"

const evDuplicatePump = "another pump of the same class is requested for overlapping dates, and the event has fewer drug lines than such pumps: one regimen needs one pump"

// verdict takes the criteria together: a failed scope criterion routes the
// line; implausible data pends it whatever the criteria say; otherwise the
// roots (coverage and scope) decide.
func (st *evalState) verdict(dup, unread bool) verdict {
	for _, c := range st.pol.scope {
		if st.final[c.idx] == stNotMet {
			return verdict{kind: verdictRoute, route: c}
		}
	}
	v := st.criteriaVerdict()
	reasons, cites := st.ev.implausible, st.ev.implausibleCites
	if dup {
		reasons = append(reasons, evDuplicatePump)
		cites = append(cites, citeDuplicate)
	}
	if unread {
		reasons = append(reasons, evUnreadablePump)
		cites = append(cites, citeDuplicate)
	}
	if len(reasons) > 0 {
		return verdict{kind: verdictImplausible, implausible: reasons, cites: cites, then: v.kind, criteria: v.criteria}
	}
	return v
}

// criteriaVerdict is what the coverage and scope roots say.
func (st *evalState) criteriaVerdict() verdict {
	cov := st.pol.coverage
	switch st.rootsResult() {
	case stMet, stAttested, stSkipped:
		return verdict{kind: verdictCertify}
	case stNotMet:
		if st.conclusive(cov) {
			if dec := st.decisive(cov, nil); len(dec) > 0 {
				return verdict{kind: verdictDeny, criteria: dec}
			}
		}
		return verdict{kind: verdictReview, criteria: st.failedLeaves(cov, nil)}
	case stNA:
		// No set of the policy applies to the driving drug.
		return verdict{kind: verdictReview, criteria: []*criterion{cov}}
	}
	var pending []*criterion
	for _, c := range st.pol.roots {
		pending = st.pendingLeaves(c, pending)
	}
	return verdict{kind: verdictOpen, criteria: pending, review: st.rootNeedsReview()}
}

// rootsResult combines the results of the roots.
func (st *evalState) rootsResult() status {
	roots := st.pol.roots
	s := st.final[roots[0].idx]
	for _, c := range roots[1:] {
		s = and(s, st.final[c.idx])
	}
	return s
}

// rootNeedsReview reports whether an unknown root needs a clinician: the
// roots say what settles the line, and documents are asked for only when
// they could settle every root (an alternative that needs review does not
// stop another one that documents can settle).
func (st *evalState) rootNeedsReview() bool {
	for _, c := range st.pol.roots {
		if isUnknown(st.final[c.idx]) && st.needs[c.idx] == needReview {
			return true
		}
	}
	return false
}

// recommendation is what automation would decide on the verdict, for an
// appeal's trace.
func (v verdict) recommendation() (string, []string) {
	switch v.kind {
	case verdictRoute:
		return "routed: " + v.route.routeTo, nil
	case verdictCertify:
		return "certified", nil
	case verdictDeny:
		return "not certified", denyReasons(v.criteria)
	case verdictReview, verdictImplausible:
		return "clinical review", nil
	}
	return "pended", nil
}

// pumpOutcome turns the verdict on a pump line into its action.
func (e *engine) pumpOutcome(st *evalState, v verdict) outcome {
	switch v.kind {
	case verdictCertify:
		return outcome{action: ActionCertified, rule: RuleCriteriaMet, decisive: []string{e.pol.coverage.id}}
	case verdictRoute:
		o := e.pended(reasonPendReview, v.route.routeMsg, RuleOutOfScope)
		o.decisive, o.toChange = []string{v.route.id}, []string{v.route.remedy}
		return o
	case verdictImplausible:
		return e.implausibleOutcome(v)
	case verdictDeny:
		return e.denyOutcome(st, v.criteria)
	case verdictReview:
		// The criteria fail, but not on a ground the policy lets a machine
		// deny: a clinician decides.
		o := e.pended(reasonPendReview, reviewMessage(v.criteria), RulePendReview)
		o.recommended, o.recommendedReasons = "not certified", []string{e.reason(reasonPendReview)}
		o.decisive, o.toChange = ids(v.criteria), remedies(v.criteria)
		return o
	}
	return e.openOutcome(st, v)
}

// implausibleOutcome pends a line whose data cannot be certified as asked
// for a clinician, whatever the criteria say, with the reasons in the
// trace; a denial the criteria would give stays a recommendation.
func (e *engine) implausibleOutcome(v verdict) outcome {
	o := e.pended(reasonPendReview, implausibleMessage(v.implausible), RuleImplausible)
	o.implausible = v.implausible
	o.notes = citeNotes(v.cites)
	o.toChange = []string{"correct the request: " + v.implausible[0]}
	if v.then == verdictDeny {
		o.recommended, o.recommendedReasons = "not certified", denyReasons(v.criteria)
		o.decisive = ids(v.criteria)
	}
	return o
}

// denyOutcome is the action on a conclusive non-coverage: A3, or under
// adverse: review a pend for a clinical peer with A3 as the
// recommendation.
func (e *engine) denyOutcome(st *evalState, dec []*criterion) outcome {
	reasons := denyReasons(dec)
	if e.payer.Adverse == AdverseReview {
		o := e.pended(reasonPendReview, adverseReviewMessage(e.pol, dec, st), RuleAdverseReview)
		o.recommended, o.recommendedReasons = "not certified", reasons
		o.decisive, o.toChange = ids(dec), remedies(dec)
		return o
	}
	return outcome{action: ActionNotCertified, reasons: reasons, message: denyMessage(e.pol, dec, st), rule: RuleNonCoverage,
		decisive: ids(dec), toChange: remedies(dec)}
}

// openOutcome pends a line whose criteria are unknown: 0V when a clinician
// must settle them, else 0U asking for the documents of the criteria
// documents can settle.
func (e *engine) openOutcome(st *evalState, v verdict) outcome {
	pending := v.criteria
	var o outcome
	if v.review {
		o = e.pended(reasonPendReview, reviewMessage(pending), RulePendReview)
	} else {
		docs := pending[:0:0]
		for _, c := range pending {
			if st.needs[c.idx] != needReview {
				docs = append(docs, c)
			}
		}
		o = e.pended(reasonPendDocuments, documentsMessage(e.pol, docs), RulePendDocuments)
		o.documents = documents(docs)
	}
	o.decisive, o.toChange = ids(pending), remedies(pending)
	return o
}
