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
	var need uint8
	start := len(st.ev.arena)
	if c.eval == nil {
		s, need = st.composite(c)
	} else {
		s, need = st.attest(c, c.eval(c, st.ev))
	}
	end := len(st.ev.arena)
	st.done[c.idx], st.final[c.idx], st.needs[c.idx] = true, s, need
	r := &st.results[c.idx]
	r.ID = c.id
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

// attest applies the payer's attestation setting to an evaluator's raw
// result and says what an unknown result needs. Only a result that
// documentation alone can show is attested, by an accepted attachment,
// where the criterion allows it and the payer accepts attestation;
// structured evidence that contradicts a criterion always wins.
func (st *evalState) attest(c *criterion, s status) (status, uint8) {
	ev := st.ev
	switch s {
	case stDoc:
		if ev.pwkType != "" && c.attest && st.payer.Attestation {
			ev.add(ev.pwkEv)
			return stAttested, needNothing
		}
		if ev.pwkType != "" {
			// Documents are on their way but cannot attest: a person reads them.
			ev.add(ev.pwkEv)
			return stReview, needReview
		}
		return stDoc, needDocuments
	case stMissing:
		if ev.pwkType != "" {
			ev.add(ev.pwkEv)
			return stReview, needReview
		}
		return stMissing, needDocuments
	case stReview:
		return stReview, needReview
	}
	return s, needNothing
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

// composite evaluates all(members) AND any(members), and what an unknown
// result needs.
func (st *evalState) composite(c *criterion) (status, uint8) {
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
	if !isUnknown(s) {
		return s, needNothing
	}
	if st.compositeNeedsReview(c) {
		return stReview, needReview
	}
	return stDoc, needDocuments
}

// compositeNeedsReview reports whether an unknown composite needs review:
// if one of its all-members does (every one of them must be settled), or
// if every unknown any-member does (documents would settle none of them).
// When one alternative can be settled by documents, documents are asked
// for.
func (st *evalState) compositeNeedsReview(c *criterion) bool {
	for _, m := range c.all {
		if isUnknown(st.final[m.idx]) && st.needs[m.idx] == needReview {
			return true
		}
	}
	if len(c.any) == 0 {
		return false
	}
	unknown, review := 0, 0
	for _, m := range c.any {
		if isUnknown(st.final[m.idx]) {
			unknown++
			if st.needs[m.idx] == needReview {
				review++
			}
		}
	}
	return unknown > 0 && review == unknown
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
