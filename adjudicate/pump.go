package adjudicate

// Deciding a pump line, in steps that each return what the next one
// reads: the certification type (certOutcome, in lines.go), the criteria
// evaluated against the line's evidence (evaluate; attestation is applied
// per criterion, in state.go), their verdict taken together (verdict:
// scope and routing first, then the coverage and scope roots), and the
// action the verdict becomes under the payer's settings (pumpOutcome).

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
	st.recordNotes(&ld.Trace)
	v := st.verdict()
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
// criterion of the policy against it. The state it returns is valid until
// the next pump line is evaluated; the evidence its results cite stays
// valid.
func (e *engine) evaluate(i int) *evalState {
	if e.ev == nil {
		e.ev = &evidence{arena: make([]string, 0, len(e.pol.criteria)*3/2+8)}
	}
	// The previous pump line's trace holds its evidence in the arena: the
	// next line appends after it, never over it.
	e.ev.arena = e.ev.arena[len(e.ev.arena):]
	buildEvidence(e.ev, e.req, e.payer, e.pol, i, e.res.Lines)
	e.st = evalState{pol: e.pol, ev: e.ev, payer: e.payer, results: make([]CriterionResult, len(e.pol.criteria))}
	e.st.evaluateAll()
	return &e.st
}

// verdictKind is what a pump line's criteria say taken together, before
// the payer's settings make an action of it.
type verdictKind uint8

const (
	verdictCertify verdictKind = iota // the coverage and scope criteria are met
	verdictRoute                      // a scope criterion failed: another policy owns the line
	verdictDeny                       // the criteria failed on a ground the policy states as non-coverage
	verdictReview                     // the criteria failed, but not on a ground a machine may deny on
	verdictOpen                       // criteria are unknown: documents or a clinician would settle them
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
}

// verdict takes the criteria together: a failed scope criterion routes the
// line; otherwise the roots (coverage and scope) decide.
func (st *evalState) verdict() verdict {
	for _, c := range st.pol.scope {
		if st.final[c.idx] == stNotMet {
			return verdict{kind: verdictRoute, route: c}
		}
	}
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
	case verdictReview:
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
