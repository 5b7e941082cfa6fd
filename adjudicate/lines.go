package adjudicate

// The decisions that need no criteria: certification types that are not
// adjudicated, and the supply, drug, routed and other lines, which follow
// the pump line or pend.

// adjudicated reports whether a certification type (UM02) is adjudicated
// against the criteria: initial, renewal, revised, extension.
func adjudicated(cert string) bool {
	switch cert {
	case "I", "R", "S", "4", "":
		return true
	}
	return false
}

// isAppeal reports whether a certification type is an appeal (UM02 1 or
// 2).
func isAppeal(cert string) bool { return cert == "1" || cert == "2" }

// certOutcome decides line i when its certification type is not
// adjudicated: a cancellation answers C, an appeal or a type the engine
// does not support pends for a clinician.
func (e *engine) certOutcome(i int) outcome {
	ln := &e.req.Lines[i]
	cert := effCert(e.req, ln)
	switch {
	case cert == "3":
		auth := ln.PriorAuth
		if auth == "" {
			auth = e.req.Event.PriorAuth
		}
		return outcome{action: ActionCancelled, auth: auth, rule: RuleCancel}
	case isAppeal(cert):
		o := e.pended(reasonPendReview, msgAppeal, RuleAppeal)
		o.toChange = []string{"a clinical reviewer decides the appeal"}
		return o
	}
	return e.pended(reasonPendReview, msgUnsupportedCert, RuleUnsupportedCert)
}

// otherOutcome decides a supply, drug, routed or other line. Supplies
// follow the pump line; with none they pend for its plan of care. Drug
// lines are routed to drug benefit review unless they follow the pump
// (drugFollowsPump).
func (e *engine) otherOutcome(i int) outcome {
	ln := &e.req.Lines[i]
	if !adjudicated(effCert(e.req, ln)) {
		return e.certOutcome(i)
	}
	switch e.res.Lines[i].Class {
	case ClassSupply:
		if e.pump >= 0 {
			return e.followOutcome(RuleSupplyFollows)
		}
		return e.supplyWithoutPump()
	case ClassDrug:
		if e.drugFollowsPump(ln) {
			return e.followOutcome(RuleDrugWithPump)
		}
		msg := msgDrugNoPump
		if e.pump >= 0 {
			msg = msgDrug
		}
		return e.pended(reasonPendReview, msg, RuleDrugRouted)
	case ClassRouted:
		return e.routedOutcome(ln)
	}
	return e.pended(reasonPendReview, msgOther, RuleOther)
}

// supplyWithoutPump pends a supply line of a request without a pump line,
// asking for the pump's plan of care.
func (e *engine) supplyWithoutPump() outcome {
	o := e.pended(reasonPendDocuments, msgSupplyNoPump, RuleSupplyNoPump)
	o.documents = []string{docPlanOfCare}
	o.toChange = []string{"include the pump line in the request, or send the pump's authorization"}
	return o
}

// docPlanOfCare is the LOINC plan of care note, asked for when a supply has
// no pump line.
const docPlanOfCare = "18776-5"

// drugFollowsPump reports whether a drug line takes the pump's decision:
// drug_lines: with-pump gives it to a drug line that supplied evidence for
// the pump line, one whose route the policy's drug table knows (an
// unclassified drug or a bare NDC told the criteria nothing).
func (e *engine) drugFollowsPump(ln *Line) bool {
	return e.pump >= 0 && e.payer.DrugLines == DrugLinesWithPump && e.res.Lines[e.pump].Trace.Criteria != nil &&
		e.pol.drug(ln.Qualifier, ln.Code).route != "unknown"
}

// routedOutcome pends a line whose code another policy owns, naming where
// it is routed.
func (e *engine) routedOutcome(ln *Line) outcome {
	_, r := e.pol.classify(ln.Qualifier, ln.Code)
	o := e.pended(reasonPendReview, r.msg, RuleRouted)
	o.notes = []string{"routed to " + r.to}
	return o
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
