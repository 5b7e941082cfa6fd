package adjudicate

import (
	"errors"
	"strings"
	"time"
)

// Needs values of an unknown criterion.
const (
	NeedsDocuments = "documents" // documents would settle it (0U)
	NeedsReview    = "review"    // a clinician must judge (0V)
)

// Decide adjudicates one transaction set. It is pure: the same request,
// configuration and time always produce the same result, authorization
// numbers included. An error means the request could not be decided at all
// (a nil request or configuration); denials and request errors are values
// in the Result.
func Decide(req *Request, cfg *Config, now time.Time) (*Result, error) {
	if req == nil {
		return nil, errors.New("adjudicate: nil request")
	}
	if cfg == nil || cfg.codes == nil {
		return nil, errors.New("adjudicate: configuration not loaded (use DefaultConfig or LoadConfig)")
	}
	e := engine{req: req, codes: cfg.codes, res: &Result{DecidedAt: now, Lines: make([]LineDecision, len(req.Lines))}}
	e.run(cfg)
	return e.res, nil
}

type engine struct {
	req   *Request
	codes *codeTables
	res   *Result
	payer *PayerConfig
	pol   *Policy
	ev    *evidence
	// pump is the index of the first pump line with an HCR, or -1.
	pump int
}

func (e *engine) run(cfg *Config) {
	req, res := e.req, e.res
	for i := range res.Lines {
		ld := &res.Lines[i]
		ld.Line, ld.Code, ld.Trace.FollowsLine = i, req.Lines[i].Code, -1
	}
	// Payer → policy.
	if req.PayerID == "" {
		e.requestError("2010A", "missing_payer")
		return
	}
	payer, ok := cfg.Payer(req.PayerQualifier, req.PayerID)
	if !ok {
		e.requestError("2010A", "unknown_payer")
		return
	}
	e.payer, e.pol = payer, payer.policy
	res.Payer, res.Policy, res.PolicyVersion = payer.Name, e.pol.id, e.pol.version
	for i := range res.Lines {
		res.Lines[i].Trace.Policy, res.Lines[i].Trace.Version = e.pol.id, e.pol.version
	}
	if req.SubscriberID == "" {
		e.requestError("2010C", "missing_subscriber")
		return
	}
	if e.checkEvent() {
		e.notConsidered()
		return
	}
	for i := range req.Lines {
		res.Lines[i].Class, _ = e.pol.classify(req.Lines[i].Qualifier, req.Lines[i].Code)
		e.checkLine(i)
	}
	// Pump lines first: supplies and drugs follow them.
	e.pump = -1
	for i := range req.Lines {
		if len(res.Lines[i].Errors) == 0 && res.Lines[i].Class == ClassPump {
			e.decidePump(i)
			if e.pump < 0 && res.Lines[i].Action != "" && res.Lines[i].Action != ActionCancelled {
				e.pump = i
			}
		}
	}
	for i := range req.Lines {
		if len(res.Lines[i].Errors) > 0 || res.Lines[i].Class == ClassPump {
			continue
		}
		e.decideOther(i)
	}
	e.rollUp()
}

// requestError answers a loop above 2000E with an AAA; nothing below it is
// considered.
func (e *engine) requestError(loop, role string) {
	ef := e.codes.errs[role]
	e.res.Errors = append(e.res.Errors, RequestError{Loop: loop, Line: -1, Code: ef.Code, FollowUp: ef.FollowUp, Reason: ef.Text})
	e.notConsidered()
}

func (e *engine) notConsidered() {
	for i := range e.res.Lines {
		e.res.Lines[i].Trace.Rule = RuleNotConsidered
	}
}

func (e *engine) aaa(loop string, line int, role string) RequestError {
	ef := e.codes.errs[role]
	return RequestError{Loop: loop, Line: line, Code: ef.Code, FollowUp: ef.FollowUp, Reason: ef.Text}
}

// checkEvent validates the 2000E data the engine needs; it reports whether
// the event carries an AAA.
func (e *engine) checkEvent() bool {
	ev := &e.req.Event
	ed := &e.res.Event
	n := 0
	bad := false
	for _, d := range ev.Diagnoses {
		if !isICD10Qualifier(d.Qualifier) {
			continue
		}
		n++
		if !isICD10(d.Code) {
			bad = true
		}
	}
	// A cancellation needs no diagnosis: nothing is adjudicated.
	if (n == 0 && ev.CertType != "3") || bad {
		ed.Errors = append(ed.Errors, e.aaa("2000E", -1, "diagnosis"))
	}
	if !datesOK(ev.From, ev.To) {
		ed.Errors = append(ed.Errors, e.aaa("2000E", -1, "dates"))
	}
	if ev.CertType == "3" && ev.PriorAuth == "" {
		missing := len(e.req.Lines) == 0
		for i := range e.req.Lines {
			ln := &e.req.Lines[i]
			if ln.PriorAuth == "" && (ln.CertType == "" || ln.CertType == "3") {
				missing = true
			}
		}
		if missing {
			ed.Errors = append(ed.Errors, e.aaa("2000E", -1, "missing_auth"))
		}
	}
	if len(ed.Errors) > 0 {
		ed.Rule = RuleRequestError
		return true
	}
	return false
}

// datesOK accepts absent dates, or valid dates with To not before From.
func datesOK(from, to string) bool {
	if from == "" && to == "" {
		return true
	}
	if !isDate(from) || (to != "" && (!isDate(to) || to < from)) {
		return false
	}
	return true
}

// checkLine validates one 2000F; a line with an AAA gets no HCR.
func (e *engine) checkLine(i int) bool {
	ln := &e.req.Lines[i]
	ld := &e.res.Lines[i]
	switch ln.Qualifier {
	case "HC":
		if !isHCPCS(ln.Code) {
			ld.Errors = append(ld.Errors, e.aaa("2000F", i, "procedure"))
		}
	case "N4":
		if !isNDC(ln.Code) {
			ld.Errors = append(ld.Errors, e.aaa("2000F", i, "procedure"))
		}
	default:
		ld.Errors = append(ld.Errors, e.aaa("2000F", i, "qualifier"))
	}
	cert := effCert(e.req, ln)
	if !datesOK(ln.From, ln.To) {
		ld.Errors = append(ld.Errors, e.aaa("2000F", i, "dates"))
	} else if cert != "3" {
		if from, _ := e.dates(ln); from == "" {
			ld.Errors = append(ld.Errors, e.aaa("2000F", i, "dates"))
		}
	}
	if cert == "3" && ln.PriorAuth == "" && e.req.Event.PriorAuth == "" {
		ld.Errors = append(ld.Errors, e.aaa("2000F", i, "missing_auth"))
	}
	if len(ld.Errors) > 0 {
		ld.Trace.Rule = RuleRequestError
		return false
	}
	return true
}

// dates returns the line's service dates, inheriting the event's.
func (e *engine) dates(ln *Line) (string, string) {
	from, to := ln.From, ln.To
	if from == "" {
		from, to = e.req.Event.From, e.req.Event.To
	}
	if to == "" {
		to = from
	}
	return from, to
}

// decideCert handles the certification types that are not adjudicated;
// it reports whether the line was decided.
func (e *engine) decideCert(i int) bool {
	ln := &e.req.Lines[i]
	ld := &e.res.Lines[i]
	switch effCert(e.req, ln) {
	case "I", "R", "S", "4", "":
		return false
	case "3":
		ld.Action = ActionCancelled
		ld.AuthNumber = ln.PriorAuth
		if ld.AuthNumber == "" {
			ld.AuthNumber = e.req.Event.PriorAuth
		}
		ld.Trace.Rule = RuleCancel
		return true
	case "1", "2":
		e.pend(i, e.reason("pend_review"), msgAppeal)
		ld.Trace.Rule = RuleAppeal
		ld.Trace.ToChange = []string{"a clinical reviewer decides the appeal"}
		return true
	}
	e.pend(i, e.reason("pend_review"), msgUnsupportedCert)
	ld.Trace.Rule = RuleUnsupportedCert
	return true
}

const (
	msgAppeal          = "Appeal received: pended for review by a clinician."
	msgUnsupportedCert = "Certification type not adjudicated automatically: pended for review."
	msgSupplyNoPump    = "Supply line with no pump line in this request: send the pump request or its authorization."
	msgDrug            = "Drug line routed to drug benefit review; used as evidence for the pump line."
	msgDrugNoPump      = "Drug line routed to drug benefit review."
	msgOther           = "Code not addressed by the external infusion pump policy: routed to manual review."
)

func (e *engine) reason(role string) string { return e.codes.reasons[role] }

// reasonList returns a shared one-element HCR03 list (capacity 1, so an
// append by the caller copies it).
func (e *engine) reasonList(code string) []string {
	if l, ok := e.codes.reasonLists[code]; ok {
		return l
	}
	return []string{code}
}

func (e *engine) pend(i int, reason, msg string) {
	ld := &e.res.Lines[i]
	ld.Action = ActionPended
	ld.Reasons = e.reasonList(reason)
	ld.AdminRef = refNumber(e.req.Identity, 'N', i)
	ld.Message = msg
}

func (e *engine) certify(i int) {
	ld := &e.res.Lines[i]
	ld.Action = ActionCertified
	ld.AuthNumber = refNumber(e.req.Identity, 'C', i)
	ld.CertFrom, ld.CertTo = e.dates(&e.req.Lines[i])
}

// decidePump evaluates the policy's criteria for pump line i.
func (e *engine) decidePump(i int) {
	ld := &e.res.Lines[i]
	appeal := false
	switch effCert(e.req, &e.req.Lines[i]) {
	case "1", "2":
		appeal = true
	}
	if !appeal && e.decideCert(i) {
		return
	}
	if e.ev == nil {
		e.ev = &evidence{arena: make([]string, 0, len(e.pol.criteria)*3/2+8)}
	}
	ev := e.ev
	buildEvidence(ev, e.req, e.payer, e.pol, i, e.res.Lines)
	st := newEvalState(e.pol, ev, e.payer)
	st.evaluateAll()
	ld.Trace.Criteria = st.results
	st.recordNotes(&ld.Trace)
	if appeal {
		e.decideCert(i)
		ld.Trace.Recommended, ld.Trace.RecommendedReasons = st.recommendation(e)
		return
	}
	// Scope: a failed scope criterion routes the line.
	for _, c := range e.pol.scope {
		if st.final[c.idx] == stNotMet {
			e.pend(i, e.reason("pend_review"), c.routeMsg)
			ld.Trace.Rule = RuleOutOfScope
			ld.Trace.Decisive = []string{c.id}
			ld.Trace.ToChange = []string{c.remedy}
			return
		}
	}
	overall := st.final[e.pol.coverage.idx]
	for _, c := range e.pol.scope {
		overall = and(overall, st.final[c.idx])
	}
	switch overall {
	case stMet, stAttested, stSkipped:
		e.certify(i)
		ld.Trace.Rule = RuleCriteriaMet
		ld.Trace.Decisive = []string{e.pol.coverage.id}
	case stNotMet:
		var dec []*criterion
		if st.conclusive(e.pol.coverage) {
			dec = st.decisive(e.pol.coverage, nil)
		}
		if len(dec) == 0 {
			// The criteria fail, but not on a ground the policy lets a
			// machine deny: a clinician decides.
			dec = st.failedLeaves(e.pol.coverage, nil)
			e.pend(i, e.reason("pend_review"), pendMessage("Pended for clinical review; criteria not met: ", dec))
			ld.Trace.Rule = RulePendReview
			ld.Trace.Recommended = "not certified"
			ld.Trace.RecommendedReasons = []string{e.reason("pend_review")}
			ld.Trace.Decisive, ld.Trace.ToChange = ids(dec), remedies(dec)
			return
		}
		reasons := denyReasons(dec)
		msg := denyMessage(e.pol, dec, st)
		ld.Trace.Decisive, ld.Trace.ToChange = ids(dec), remedies(dec)
		if e.payer.Adverse == AdverseReview {
			e.pend(i, e.reason("pend_review"), truncateMSG("Pended for clinical peer review before any adverse determination. "+msg))
			ld.Trace.Rule = RuleAdverseReview
			ld.Trace.Recommended = "not certified"
			ld.Trace.RecommendedReasons = reasons
			return
		}
		ld.Action = ActionNotCertified
		ld.Reasons = reasons
		ld.AuthNumber = refNumber(e.req.Identity, 'R', i)
		ld.Message = msg
		ld.Trace.Rule = RuleNonCoverage
	default:
		pending := st.pendingLeaves(e.pol.coverage, nil)
		for _, c := range e.pol.scope {
			pending = st.pendingLeaves(c, pending)
		}
		// The roots say what settles the line: review when a root needs a
		// clinician, documents when documents could settle every root (an
		// alternative that needs review does not stop another one that
		// documents can settle).
		review := false
		for _, c := range append([]*criterion{e.pol.coverage}, e.pol.scope...) {
			if isUnknown(st.final[c.idx]) && st.needs[c.idx] == needReview {
				review = true
			}
		}
		ld.Trace.Decisive, ld.Trace.ToChange = ids(pending), remedies(pending)
		if review {
			e.pend(i, e.reason("pend_review"), pendMessage("Pended for clinical review: ", pending))
			ld.Trace.Rule = RulePendReview
			return
		}
		docs := pending[:0:0]
		for _, c := range pending {
			if st.needs[c.idx] != needReview {
				docs = append(docs, c)
			}
		}
		e.pend(i, e.reason("pend_documents"), pendMessage("Additional information required for ", docs))
		ld.Documents = documents(docs)
		ld.Trace.Rule = RulePendDocuments
	}
}

// decideOther decides a supply, drug, routed or other line.
func (e *engine) decideOther(i int) {
	if e.decideCert(i) {
		return
	}
	ld := &e.res.Lines[i]
	switch ld.Class {
	case ClassSupply:
		if e.pump < 0 {
			e.pend(i, e.reason("pend_documents"), msgSupplyNoPump)
			ld.Documents = []string{docPlanOfCare}
			ld.Trace.Rule = RuleSupplyNoPump
			ld.Trace.ToChange = []string{"include the pump line in the request, or send the pump's authorization"}
			return
		}
		e.follow(i, RuleSupplyFollows)
	case ClassDrug:
		// drug_lines: with-pump gives the pump's decision to a drug line
		// that supplied evidence for it: one whose route the policy's drug
		// table knows (an unclassified drug or a bare NDC told the criteria
		// nothing).
		if d := e.pol.drug(e.req.Lines[i].Qualifier, e.req.Lines[i].Code); e.pump >= 0 && e.payer.DrugLines == DrugLinesWithPump &&
			e.res.Lines[e.pump].Trace.Criteria != nil && d.route != "unknown" {
			e.follow(i, RuleDrugWithPump)
			return
		}
		msg := msgDrugNoPump
		if e.pump >= 0 {
			msg = msgDrug
		}
		e.pend(i, e.reason("pend_review"), msg)
		ld.Trace.Rule = RuleDrugRouted
	case ClassRouted:
		_, r := e.pol.classify(e.req.Lines[i].Qualifier, e.req.Lines[i].Code)
		e.pend(i, e.reason("pend_review"), r.msg)
		ld.Trace.Rule = RuleRouted
		ld.Trace.Notes = []string{"routed to " + r.to}
	default:
		e.pend(i, e.reason("pend_review"), msgOther)
		ld.Trace.Rule = RuleOther
	}
}

// docPlanOfCare is the LOINC plan of care note, asked for when a supply has
// no pump line.
const docPlanOfCare = "18776-5"

// follow gives line i the decision of the pump line.
func (e *engine) follow(i int, rule string) {
	ld := &e.res.Lines[i]
	p := &e.res.Lines[e.pump]
	switch p.Action {
	case ActionCertified:
		e.certify(i)
	case ActionNotCertified:
		ld.Action = ActionNotCertified
		ld.Reasons = p.Reasons
		ld.AuthNumber = refNumber(e.req.Identity, 'R', i)
		ld.Message = p.Message
	default:
		e.pend(i, p.Reasons[0], p.Message)
		ld.Reasons = p.Reasons
		ld.Documents = p.Documents
	}
	ld.Trace.Rule = rule
	ld.Trace.FollowsLine = e.pump
	ld.Trace.Decisive = p.Trace.Decisive
	ld.Trace.ToChange = p.Trace.ToChange
	ld.Trace.Recommended = p.Trace.Recommended
	ld.Trace.RecommendedReasons = p.Trace.RecommendedReasons
}

// rollUp derives the 2000E decision from the lines.
func (e *engine) rollUp() {
	ed := &e.res.Event
	ed.Rule = RuleRollUp
	var a1, a3, a4, c, n int
	from, to := "", ""
	for i := range e.res.Lines {
		ld := &e.res.Lines[i]
		switch ld.Action {
		case ActionCertified:
			a1++
			if from == "" || ld.CertFrom < from {
				from = ld.CertFrom
			}
			if ld.CertTo > to {
				to = ld.CertTo
			}
		case ActionNotCertified:
			a3++
		case ActionPended:
			a4++
			e.res.Pending = true
		case ActionCancelled:
			c++
		default:
			continue
		}
		n++
	}
	switch {
	case n == 0 && len(e.res.Lines) > 0:
		ed.Action = ActionNotCertified
		ed.Reasons = []string{e.reason("not_considered")}
		ed.AuthNumber = refNumber(e.req.Identity, 'R', -1)
		ed.Message = "No service line could be considered: see the errors on each line."
	case n == 0:
		ed.Action = ActionPended
		ed.Reasons = []string{e.reason("pend_review")}
		ed.AdminRef = refNumber(e.req.Identity, 'N', -1)
		ed.Message = "No service lines in the request: pended for review."
		e.res.Pending = true
	case c == n:
		ed.Action = ActionCancelled
		ed.AuthNumber = e.req.Event.PriorAuth
		if ed.AuthNumber == "" {
			for i := range e.res.Lines {
				if e.res.Lines[i].Action == ActionCancelled {
					ed.AuthNumber = e.res.Lines[i].AuthNumber
					break
				}
			}
		}
	case a4 > 0:
		ed.Action = ActionPended
		ed.Reasons = e.lineReasons(ActionPended)
		ed.AdminRef = refNumber(e.req.Identity, 'N', -1)
	case a3 > 0 && a1 == 0:
		ed.Action = ActionNotCertified
		ed.Reasons = e.lineReasons(ActionNotCertified)
		ed.AuthNumber = refNumber(e.req.Identity, 'R', -1)
	case a3 > 0:
		ed.Action = ActionPartial
		ed.AuthNumber = refNumber(e.req.Identity, 'C', -1)
		ed.CertFrom, ed.CertTo = from, to
	default:
		ed.Action = ActionCertified
		ed.AuthNumber = refNumber(e.req.Identity, 'C', -1)
		ed.CertFrom, ed.CertTo = from, to
	}
}

// lineReasons collects the HCR03 codes of lines with an action, in order of
// first appearance.
func (e *engine) lineReasons(action string) []string {
	var out []string
	for i := range e.res.Lines {
		if e.res.Lines[i].Action != action {
			continue
		}
		for _, r := range e.res.Lines[i].Reasons {
			if !hasAny(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

func ids(cs []*criterion) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.id
	}
	return out
}

func remedies(cs []*criterion) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		if !hasAny(out, c.remedy) {
			out = append(out, c.remedy)
		}
	}
	return out
}

func documents(cs []*criterion) []string {
	var out []string
	for _, c := range cs {
		for _, d := range c.documents {
			if !hasAny(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

func denyReasons(dec []*criterion) []string {
	out := make([]string, 0, 1)
	for _, c := range dec {
		if !hasAny(out, c.reason) {
			out = append(out, c.reason)
		}
	}
	return out
}

// denyMessage names the decisive criteria, their seed sections and, for a
// composite, the failed criteria under it.
func denyMessage(p *Policy, dec []*criterion, st *evalState) string {
	var b strings.Builder
	b.Grow(264)
	b.WriteString("Not certified under ")
	b.WriteString(p.id)
	b.WriteString(": ")
	for k, c := range dec {
		if k > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.denyText)
		if len(c.all) > 0 || len(c.any) > 0 {
			// Name the failed criteria, leaving out indications that simply
			// do not concern the drug on the request.
			n := 0
			for _, l := range st.failedLeaves(c, nil) {
				if hasAny(st.results[l.idx].Evidence, evNoIndication) {
					continue
				}
				if n == 3 {
					b.WriteString(", ...")
					break
				}
				if n == 0 {
					b.WriteString(" - failed: ")
				} else {
					b.WriteString(", ")
				}
				b.WriteString(l.id)
				n++
			}
		}
	}
	b.WriteString(".")
	return truncateMSG(b.String())
}

func pendMessage(prefix string, cs []*criterion) string {
	var b strings.Builder
	b.Grow(128)
	b.WriteString(prefix)
	for j, c := range cs {
		if j == 6 {
			b.WriteString(", ...")
			break
		}
		if j > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.id)
	}
	b.WriteString(".")
	return truncateMSG(b.String())
}
