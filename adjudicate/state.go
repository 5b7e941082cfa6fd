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

// Evidence texts of attestation.
const (
	evNASet       = "its criteria set does not apply to the driving drug"
	evDocsNoAttst = "attachments were sent but this payer does not accept attestation: a person reads them"
	evDocsNotKind = "attachments were sent, but this criterion is not one documentation alone can show: a person reads them"
)

// evalState holds the results of one pump line's criteria for one driving
// drug candidate. Two of them are reused from candidate to candidate and
// from line to line: finish copies the winner's results out.
type evalState struct {
	pol   *Policy
	ev    *evidence
	payer *PayerConfig
	// drug is the candidate's index in ev.drugs, or -1 without drug lines.
	drug int
	// rank orders candidates: the higher, the closer to certification.
	rank int

	done  [maxCriteria]bool
	final [maxCriteria]status // after attestation
	needs [maxCriteria]uint8  // needDocuments or needReview for unknown results
	kinds [maxCriteria]uint8  // evidence kind (kindNone…)
	att   [maxCriteria]uint8  // 1 + index in ev.attachments of the attesting attachment
	evLo  [maxCriteria]uint16 // the criterion's evidence: arena[evLo:evHi]
	evHi  [maxCriteria]uint16

	arena []string
	// results are the criterion results, set by finish.
	results []CriterionResult
}

// Candidate ranks (evalState.rank).
const (
	rankRoute = iota // a scope criterion failed: the same for every candidate
	rankDeny
	rankFailed
	rankReview
	rankDocuments
	rankAttested
	rankMet
)

// run evaluates every criterion of the policy for candidate k (-1: no
// drug line), reusing the state's arena.
func (st *evalState) run(pol *Policy, ev *evidence, payer *PayerConfig, k int) {
	// Reset field by field: the arrays hold no pointers, so clearing them
	// costs no write barriers; evLo/evHi are written for every criterion.
	arena := st.arena[:0]
	st.pol, st.ev, st.payer, st.drug, st.results = pol, ev, payer, k, nil
	st.done, st.final = [maxCriteria]bool{}, [maxCriteria]status{}
	st.needs, st.kinds, st.att = [maxCriteria]uint8{}, [maxCriteria]uint8{}, [maxCriteria]uint8{}
	ev.drug = nil
	if k >= 0 {
		ev.drug = &ev.drugs[k]
	}
	ev.arena = arena
	st.markNotApplicable()
	for _, c := range pol.criteria {
		st.eval(c)
	}
	st.arena = ev.arena
	st.rank = st.computeRank()
}

// markNotApplicable marks the composite sets limited to routes the
// candidate does not have, and all their members, not applicable.
func (st *evalState) markNotApplicable() {
	d := st.ev.drug
	if d == nil {
		return
	}
	for _, c := range st.pol.criteria {
		if len(c.p.AppliesRoutes) == 0 || st.done[c.idx] || hasAny(c.p.AppliesRoutes, d.info.route) {
			continue
		}
		lo := len(st.ev.arena)
		st.ev.add(d.evidence)
		st.ev.add(c.naText)
		st.setNA(c, lo)
		st.membersNA(c)
	}
}

func (st *evalState) membersNA(c *criterion) {
	for _, ms := range [2][]*criterion{c.all, c.any} {
		for _, m := range ms {
			if st.done[m.idx] {
				continue
			}
			lo := len(st.ev.arena)
			st.ev.add(evNASet)
			st.setNA(m, lo)
			st.membersNA(m)
		}
	}
}

func (st *evalState) setNA(c *criterion, lo int) {
	st.done[c.idx], st.final[c.idx] = true, stNA
	st.evLo[c.idx], st.evHi[c.idx] = uint16(lo), uint16(len(st.ev.arena))
}

// eval evaluates c once (composites after their members).
func (st *evalState) eval(c *criterion) status {
	if st.done[c.idx] {
		return st.final[c.idx]
	}
	ev := st.ev
	var s status
	var need, kind, att uint8
	if c.eval == nil {
		s, need = st.composite(c)
	}
	start := len(ev.arena)
	if c.eval != nil {
		ev.kind, ev.attestAs = kindNone, nil
		raw := c.eval(c, ev)
		kind = ev.kind
		if kind == kindNone && (raw == stMet || raw == stNotMet) {
			kind = kindStructured
		}
		s, need, att = st.attest(c, raw)
		if att > 0 {
			kind = kindAttachment
		}
	}
	st.done[c.idx], st.final[c.idx], st.needs[c.idx], st.kinds[c.idx], st.att[c.idx] = true, s, need, kind, att
	st.evLo[c.idx], st.evHi[c.idx] = uint16(start), uint16(len(ev.arena))
	return s
}

// attest applies the payer's attestation setting to an evaluator's raw
// result and says what an unknown result needs. Only a result that
// documentation alone can show (stDoc) is attested, by an attachment sent
// whose report type can show the criterion's kind of documentation, and
// only if the payer accepts attestation. Structured evidence that
// contradicts a criterion makes the evaluator return not met or review,
// which is never attested; a structured fact that is missing (stMissing)
// is asked for, never attested.
func (st *evalState) attest(c *criterion, s status) (status, uint8, uint8) {
	ev := st.ev
	switch s {
	case stDoc:
		k := c.attest
		if ev.attestAs != nil {
			k = ev.attestAs
		}
		switch {
		case ev.nAttachments == 0:
			return stDoc, needDocuments, 0
		case k == nil:
			ev.add(evDocsNotKind)
			return stReview, needReview, 0
		case !st.payer.Attestation:
			ev.add(evDocsNoAttst)
			return stReview, needReview, 0
		}
		for i := 0; i < ev.nAttachments; i++ {
			if hasAny(k.types, ev.attachments[i].reportType) {
				ev.add(ev.attachments[i].ev)
				return stAttested, needNothing, uint8(i + 1)
			}
		}
		ev.add(k.cannotEv)
		return stDoc, needDocuments, 0
	case stMissing:
		return stMissing, needDocuments, 0
	case stReview:
		return stReview, needReview, 0
	}
	return s, needNothing, 0
}

func isUnknown(s status) bool { return s == stReview || s == stDoc || s == stMissing }

// and combines two results: not applicable is neutral, then not met
// dominates, then unknown.
func and(a, b status) status {
	switch {
	case a == stNA:
		return b
	case b == stNA:
		return a
	case a == stNotMet || b == stNotMet:
		return stNotMet
	case isUnknown(a):
		return a
	case isUnknown(b):
		return b
	case a == stAttested || b == stAttested:
		return stAttested
	case a == stSkipped && b == stSkipped:
		return stSkipped
	}
	return stMet
}

// or combines two results: not applicable is neutral, then met dominates,
// then unknown.
func or(a, b status) status {
	switch {
	case a == stNA:
		return b
	case b == stNA:
		return a
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
// result needs. Members that do not apply are neutral; a composite none of
// whose members apply does not apply.
func (st *evalState) composite(c *criterion) (status, uint8) {
	s := stNA
	for _, m := range c.all {
		s = and(s, st.eval(m))
	}
	if len(c.any) > 0 {
		a := stNA
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
// all-member, or a deny composite whose any-members all failed conclusively
// or do not apply.
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
	failed := false
	for _, m := range c.any {
		switch {
		case st.final[m.idx] == stNA:
		case st.conclusive(m):
			failed = true
		default:
			return false
		}
	}
	return failed
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
		if st.final[m.idx] != stNotMet && st.final[m.idx] != stNA {
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
	a := stNA
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

// computeRank ranks the candidate's result taken together.
func (st *evalState) computeRank() int {
	for _, c := range st.pol.scope {
		if st.final[c.idx] == stNotMet {
			return rankRoute
		}
	}
	switch st.rootsResult() {
	case stMet, stSkipped:
		return rankMet
	case stAttested:
		return rankAttested
	case stNotMet:
		if st.conclusive(st.pol.coverage) {
			return rankDeny
		}
		return rankFailed
	case stNA:
		return rankFailed
	}
	if st.rootNeedsReview() {
		return rankReview
	}
	return rankDocuments
}

// finish copies the state's results out of its reusable buffers: the
// line's trace keeps them while the state evaluates the next candidate or
// line.
func (st *evalState) finish() {
	arena := make([]string, len(st.arena))
	copy(arena, st.arena)
	results := make([]CriterionResult, len(st.pol.criteria))
	for _, c := range st.pol.criteria {
		i := c.idx
		r := &results[i]
		r.ID = c.id
		if lo, hi := st.evLo[i], st.evHi[i]; hi > lo {
			r.Evidence = arena[lo:hi:hi]
		}
		switch st.final[i] {
		case stMet:
			r.Result = Met
		case stNotMet:
			r.Result = NotMet
		case stSkipped:
			r.Result = Skipped
		case stAttested:
			r.Result = Attested
		case stNA:
			r.Result = NotApplicable
		default:
			r.Result = Unknown
			r.Needs = needsText[st.needs[i]]
		}
		if c.eval != nil {
			r.Kind = kindText[st.kinds[i]]
		}
		if a := st.att[i]; a > 0 {
			r.Attachment = st.ev.attachments[a-1].reportType
		}
	}
	st.results = results
}

// recordNotes adds trace notes: checks that were skipped, attachments only
// available on request.
func (st *evalState) recordNotes(t *Trace) {
	for _, c := range st.pol.criteria {
		if st.final[c.idx] == stSkipped && c.evalName == "prescriber_enrolled" {
			t.Notes = append(t.Notes, c.skipNote)
		}
	}
	t.Notes = append(t.Notes, st.ev.onRequest...)
}
