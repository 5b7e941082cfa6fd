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
// follow the first pump line; with none they pend for its plan of care.
// Drug lines are routed to drug benefit review unless they follow the pump
// they drove (drivenPump).
func (e *engine) otherOutcome(i int) outcome {
	ln := &e.req.Lines[i]
	if !adjudicated(effCert(e.req, ln)) {
		return e.certOutcome(i)
	}
	switch e.res.Lines[i].Class {
	case ClassSupply:
		if e.pump < 0 {
			return e.supplyWithoutPump()
		}
		p, reasons, cites := e.supplyPump(i)
		if len(reasons) > 0 {
			return e.implausibleLine(reasons, cites)
		}
		return e.followOutcome(RuleSupplyFollows, p)
	case ClassDrug:
		if p := e.drivenPump(i); p >= 0 {
			return e.followOutcome(RuleDrugWithPump, p)
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

// supplyPump returns the pump line supply line i follows: the first pump
// line decided (not cancelled) whose service dates cover the supply's. A
// supply follows its pump only within the pump's dates (DESIGN §5 Line
// decision; criteria.md §3.2: supplies during the period of covered pump
// use), and asks no more units than its period allows (criteria.md §7.4).
// It returns the reasons the supply cannot be certified as sent, with
// their sources.
func (e *engine) supplyPump(i int) (pump int, reasons, cites []string) {
	ln := &e.req.Lines[i]
	from, to := e.dates(ln)
	pump = -1
	for p := range e.res.Lines {
		ld := &e.res.Lines[p]
		if ld.Class != ClassPump || ld.Action == "" || ld.Action == ActionCancelled {
			continue
		}
		pf, pt := e.dates(&e.req.Lines[p])
		if pf <= from && to <= pt {
			pump = p
			break
		}
	}
	if pump < 0 {
		reasons, cites = append(reasons, evSupplyOutside), append(cites, citeSupplyDates)
	}
	if why := quantityWhy(ln); why != "" {
		reasons, cites = append(reasons, ln.Code+why), append(cites, citeQuantity)
	}
	if limit := supplyLimit(ln, from, to); limit > 0 && ln.Units > limit {
		reasons, cites = append(reasons, unitsText(ln, limit, "week")), append(cites, citeUnits)
	}
	return pump, reasons, cites
}

// supplyLimit is the most units a supply line's period allows, or 0 where
// criteria.md §7.4 gives no figure: A4221 is priced per week, one per 7
// days of pump use.
func supplyLimit(ln *Line, from, to string) float64 {
	if ln.Code != "A4221" || ln.Units <= 0 || (ln.UnitBasis != "" && ln.UnitBasis != "UN") {
		return 0
	}
	return float64(weeksCovering(from, to))
}

// implausibleLine pends a line whose data cannot be certified as sent
// (DESIGN §5 plausible data), with the reasons and their sources.
func (e *engine) implausibleLine(reasons, cites []string) outcome {
	o := e.pended(reasonPendReview, implausibleMessage(reasons), RuleImplausible)
	o.implausible, o.notes = reasons, citeNotes(cites)
	o.toChange = []string{"correct the request: " + reasons[0]}
	return o
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

// drivenPump returns the pump line whose decision drug line i takes, or
// -1: under drug_lines: with-pump a drug line takes the decision of the
// pump line it is the driving drug of, when the drug table identifies it
// (an unclassified drug or a bare NDC told the criteria nothing).
func (e *engine) drivenPump(i int) int {
	if e.payer.DrugLines != DrugLinesWithPump || !e.pol.drug(e.req.Lines[i].Qualifier, e.req.Lines[i].Code).identified() {
		return -1
	}
	for p := range e.res.Lines {
		ld := &e.res.Lines[p]
		if ld.Class == ClassPump && ld.Action != "" && ld.Action != ActionCancelled &&
			ld.Trace.Drug.Code != "" && ld.Trace.Drug.Line == i {
			return p
		}
	}
	return -1
}

// routedOutcome pends a line whose code another policy owns, naming where
// it is routed.
func (e *engine) routedOutcome(ln *Line) outcome {
	_, r := e.pol.classify(ln.Qualifier, ln.Code)
	o := e.pended(reasonPendReview, r.msg, RuleRouted)
	o.notes = []string{"routed to " + r.to}
	return o
}

// followOutcome is the decision of pump line pump, taken by another line.
func (e *engine) followOutcome(rule string, pump int) outcome {
	p := &e.res.Lines[pump]
	o := outcome{action: p.Action, rule: rule, follows: true, followLine: pump,
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
