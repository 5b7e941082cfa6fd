package adjudicate

// The decisions that need no criteria: certification types that are not
// adjudicated, and the supply, drug, routed and other lines, which follow
// the pump line or pend.

// certOutcome decides the certification types that are not adjudicated:
// a cancellation, an appeal, a type the engine does not support. It
// reports false for the types that are adjudicated.
func (e *engine) certOutcome(i int) (outcome, bool) {
	ln := &e.req.Lines[i]
	switch effCert(e.req, ln) {
	case "I", "R", "S", "4", "":
		return outcome{}, false
	case "3":
		auth := ln.PriorAuth
		if auth == "" {
			auth = e.req.Event.PriorAuth
		}
		return outcome{action: ActionCancelled, auth: auth, rule: RuleCancel}, true
	case "1", "2":
		o := e.pended(reasonPendReview, msgAppeal, RuleAppeal)
		o.toChange = []string{"a clinical reviewer decides the appeal"}
		return o, true
	}
	return e.pended(reasonPendReview, msgUnsupportedCert, RuleUnsupportedCert), true
}

// otherOutcome decides a supply, drug, routed or other line.
func (e *engine) otherOutcome(i int) outcome {
	if o, ok := e.certOutcome(i); ok {
		return o
	}
	ln := &e.req.Lines[i]
	switch e.res.Lines[i].Class {
	case ClassSupply:
		return e.supplyOutcome()
	case ClassDrug:
		return e.drugOutcome(ln)
	case ClassRouted:
		_, r := e.pol.classify(ln.Qualifier, ln.Code)
		o := e.pended(reasonPendReview, r.msg, RuleRouted)
		o.notes = []string{"routed to " + r.to}
		return o
	}
	return e.pended(reasonPendReview, msgOther, RuleOther)
}

// supplyOutcome gives a supply line the pump line's decision; with no pump
// line it pends for the pump's plan of care.
func (e *engine) supplyOutcome() outcome {
	if e.pump >= 0 {
		return e.followOutcome(RuleSupplyFollows)
	}
	o := e.pended(reasonPendDocuments, msgSupplyNoPump, RuleSupplyNoPump)
	o.documents = []string{docPlanOfCare}
	o.toChange = []string{"include the pump line in the request, or send the pump's authorization"}
	return o
}

// docPlanOfCare is the LOINC plan of care note, asked for when a supply has
// no pump line.
const docPlanOfCare = "18776-5"

// drugOutcome routes a drug line to drug benefit review. drug_lines:
// with-pump gives the pump's decision instead to a drug line that supplied
// evidence for it: one whose route the policy's drug table knows (an
// unclassified drug or a bare NDC told the criteria nothing).
func (e *engine) drugOutcome(ln *Line) outcome {
	if e.pump >= 0 && e.payer.DrugLines == DrugLinesWithPump && e.res.Lines[e.pump].Trace.Criteria != nil &&
		e.pol.drug(ln.Qualifier, ln.Code).route != "unknown" {
		return e.followOutcome(RuleDrugWithPump)
	}
	msg := msgDrugNoPump
	if e.pump >= 0 {
		msg = msgDrug
	}
	return e.pended(reasonPendReview, msg, RuleDrugRouted)
}

// followOutcome is the decision of the pump line, taken by another line.
func (e *engine) followOutcome(rule string) outcome {
	p := &e.res.Lines[e.pump]
	o := outcome{action: p.Action, rule: rule, follows: true,
		decisive: p.Trace.Decisive, toChange: p.Trace.ToChange,
		recommended: p.Trace.Recommended, recommendedReasons: p.Trace.RecommendedReasons}
	switch p.Action {
	case ActionNotCertified:
		o.reasons, o.message = p.Reasons, p.Message
	case ActionPended:
		o.reasons, o.message, o.documents = p.Reasons, p.Message, p.Documents
	}
	return o
}
