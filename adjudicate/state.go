package adjudicate

// maxCriteria bounds the criteria of one policy (checked at load).
const maxCriteria = 96

// What an unknown criterion needs (evalState.needs).
const (
	needNothing uint8 = iota
	needDocuments
	needReview
)

var needsText = [...]string{needNothing: "", needDocuments: NeedsDocuments, needReview: NeedsReview}

// evalState holds the results of one pump line's criteria.
type evalState struct {
	pol     *Policy
	ev      *evidence
	payer   *PayerConfig
	done    [maxCriteria]bool
	final   [maxCriteria]status // after attestation: stMet, stNotMet, stReview/stMissing/stDoc (unknown), stSkipped, stAttested
	needs   [maxCriteria]uint8  // needDocuments or needReview for unknown results
	results []CriterionResult
}

func newEvalState(pol *Policy, ev *evidence, payer *PayerConfig) *evalState {
	return &evalState{pol: pol, ev: ev, payer: payer, results: make([]CriterionResult, len(pol.criteria))}
}

func (st *evalState) evaluateAll() {
	for _, c := range st.pol.criteria {
		st.eval(c)
	}
}

// eval evaluates c once (composites after their members).
func (st *evalState) eval(c *criterion) status {
	if st.done[c.idx] {
		return st.final[c.idx]
	}
	var s status
	start := len(st.ev.arena)
	if c.eval == nil {
		s = st.composite(c)
	} else {
		s = st.attest(c, c.eval(c, st.ev))
	}
	end := len(st.ev.arena)
	st.done[c.idx], st.final[c.idx] = true, s
	r := &st.results[c.idx]
	r.ID, r.Citation = c.id, c.cite
	if end > start {
		r.Evidence = st.ev.arena[start:end:end]
	}
	switch s {
	case stMet:
		r.Result = Met
	case stNotMet:
		r.Result = NotMet
	case stSkipped:
		r.Result = Skipped
	case stAttested:
		r.Result = Attested
	default:
		r.Result = Unknown
		r.Needs = needsText[st.needs[c.idx]]
	}
	return s
}

// attest applies the payer's attestation setting to a raw result.
func (st *evalState) attest(c *criterion, s status) status {
	ev := st.ev
	switch s {
	case stDoc:
		if ev.pwkType != "" && c.attest && st.payer.Attestation {
			ev.add(ev.pwkEv)
			return stAttested
		}
		if ev.pwkType != "" {
			// Documents are on their way but cannot attest: a person reads them.
			ev.add(ev.pwkEv)
			st.needs[c.idx] = needReview
			return stReview
		}
		st.needs[c.idx] = needDocuments
		return stDoc
	case stMissing:
		if ev.pwkType != "" {
			ev.add(ev.pwkEv)
			st.needs[c.idx] = needReview
			return stReview
		}
		st.needs[c.idx] = needDocuments
		return stMissing
	case stReview:
		st.needs[c.idx] = needReview
	}
	return s
}

func isUnknown(s status) bool { return s == stReview || s == stDoc || s == stMissing }

// and combines two results: not met dominates, then unknown.
func and(a, b status) status {
	switch {
	case a == stNotMet || b == stNotMet:
		return stNotMet
	case isUnknown(a):
		return a
	case isUnknown(b):
		return b
	case a == stAttested || b == stAttested:
		return stAttested
	}
	return stMet
}

// or combines two results: met dominates, then unknown.
func or(a, b status) status {
	switch {
	case a == stMet || b == stMet:
		return stMet
	case a == stAttested || b == stAttested:
		return stAttested
	case isUnknown(a):
		return a
	case isUnknown(b):
		return b
	case a == stSkipped || b == stSkipped:
		return stSkipped
	}
	return stNotMet
}

// composite evaluates all(members) AND any(members).
func (st *evalState) composite(c *criterion) status {
	s := stMet
	for _, m := range c.all {
		s = and(s, st.eval(m))
	}
	if len(c.any) > 0 {
		a := stNotMet
		for _, m := range c.any {
			a = or(a, st.eval(m))
		}
		s = and(s, a)
	}
	if isUnknown(s) {
		// An unknown composite needs review if one of its all-members does
		// (every one of them must be settled), or if every unknown
		// any-member does (documents would settle none of them). When one
		// alternative can be settled by documents, documents are asked for.
		st.needs[c.idx] = needDocuments
		for _, m := range c.all {
			if isUnknown(st.final[m.idx]) && st.needs[m.idx] == needReview {
				st.needs[c.idx] = needReview
			}
		}
		if len(c.any) > 0 && st.needs[c.idx] == needDocuments {
			unknown, review := 0, 0
			for _, m := range c.any {
				if isUnknown(st.final[m.idx]) {
					unknown++
					if st.needs[m.idx] == needReview {
						review++
					}
				}
			}
			if unknown > 0 && review == unknown {
				st.needs[c.idx] = needReview
			}
		}
		s = stReview
		if st.needs[c.idx] == needDocuments {
			s = stDoc
		}
	}
	return s
}

// conclusive reports whether c failed on a ground the policy lets a machine
// deny: a failed leaf marked deny, a composite with a conclusively failed
// all-member, or a deny composite whose any-members all failed conclusively.
func (st *evalState) conclusive(c *criterion) bool {
	if st.final[c.idx] != stNotMet {
		return false
	}
	if c.eval != nil {
		return c.deny
	}
	for _, m := range c.all {
		if st.conclusive(m) {
			return true
		}
	}
	return st.anyConclusive(c)
}

func (st *evalState) anyConclusive(c *criterion) bool {
	if len(c.any) == 0 || !c.deny {
		return false
	}
	for _, m := range c.any {
		if !st.conclusive(m) {
			return false
		}
	}
	return true
}

// decisive lists the criteria that conclusively deny c: leaves, and
// composites whose any-members all failed (their citation states the
// non-coverage).
func (st *evalState) decisive(c *criterion, out []*criterion) []*criterion {
	if c.eval != nil {
		if st.conclusive(c) {
			out = append(out, c)
		}
		return out
	}
	for _, m := range c.all {
		if st.conclusive(m) {
			out = st.decisive(m, out)
		}
	}
	if st.anyConclusive(c) {
		out = append(out, c)
	}
	return out
}

// failedLeaves lists the failed leaf criteria under c that make it fail.
func (st *evalState) failedLeaves(c *criterion, out []*criterion) []*criterion {
	if st.final[c.idx] != stNotMet {
		return out
	}
	if c.eval != nil {
		if !hasCriterion(out, c) {
			out = append(out, c)
		}
		return out
	}
	for _, m := range c.all {
		out = st.failedLeaves(m, out)
	}
	anyFailed := len(c.any) > 0
	for _, m := range c.any {
		if st.final[m.idx] != stNotMet {
			anyFailed = false
		}
	}
	if anyFailed {
		for _, m := range c.any {
			out = st.failedLeaves(m, out)
		}
	}
	return out
}

// pendingLeaves lists the unknown leaf criteria whose result would change
// c's outcome.
func (st *evalState) pendingLeaves(c *criterion, out []*criterion) []*criterion {
	if !isUnknown(st.final[c.idx]) && st.done[c.idx] {
		return out
	}
	if c.eval != nil {
		if !hasCriterion(out, c) {
			out = append(out, c)
		}
		return out
	}
	for _, m := range c.all {
		out = st.pendingLeaves(m, out)
	}
	a := stNotMet
	for _, m := range c.any {
		a = or(a, st.final[m.idx])
	}
	if len(c.any) > 0 && isUnknown(a) {
		for _, m := range c.any {
			out = st.pendingLeaves(m, out)
		}
	}
	return out
}

func hasCriterion(cs []*criterion, c *criterion) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// recordNotes adds trace notes for checks that were skipped.
func (st *evalState) recordNotes(t *Trace) {
	for _, c := range st.pol.criteria {
		if st.final[c.idx] == stSkipped && c.evalName == "prescriber_enrolled" {
			t.Notes = append(t.Notes, c.skipNote)
		}
	}
}

// recommendation returns what automation would decide, for an appeal's
// trace.
func (st *evalState) recommendation(e *engine) (string, []string) {
	cov := st.final[e.pol.coverage.idx]
	for _, c := range e.pol.scope {
		if st.final[c.idx] == stNotMet {
			return "routed: " + c.routeTo, nil
		}
		cov = and(cov, st.final[c.idx])
	}
	switch cov {
	case stMet, stAttested, stSkipped:
		return "certified", nil
	case stNotMet:
		if st.conclusive(e.pol.coverage) {
			return "not certified", denyReasons(st.decisive(e.pol.coverage, nil))
		}
		return "clinical review", nil
	}
	return "pended", nil
}
