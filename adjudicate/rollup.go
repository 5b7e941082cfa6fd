package adjudicate

// rollUp derives the 2000E decision from the lines. The event pends
// exactly when a line pends or there are no lines: BHT06 19.
func (e *engine) rollUp() {
	e.eventDecision(e.tally(), &e.res.Event)
	e.res.Pending = e.res.Event.Action == ActionPended
}

// lineTally counts the lines' actions.
type lineTally struct {
	certified, notCertified, pended, cancelled int
	decided                                    int    // lines with an HCR
	from, to                                   string // span of the certified dates
}

func (e *engine) tally() lineTally {
	var certified, notCertified, pended, cancelled, decided int
	from, to := "", ""
	for i := range e.res.Lines {
		ld := &e.res.Lines[i]
		switch ld.Action {
		case ActionCertified:
			certified++
			if from == "" || ld.CertFrom < from {
				from = ld.CertFrom
			}
			if ld.CertTo > to {
				to = ld.CertTo
			}
		case ActionNotCertified:
			notCertified++
		case ActionPended:
			pended++
		case ActionCancelled:
			cancelled++
		default:
			continue
		}
		decided++
	}
	return lineTally{certified: certified, notCertified: notCertified, pended: pended, cancelled: cancelled,
		decided: decided, from: from, to: to}
}

// eventDecision writes into ed DESIGN §5's event decision on the tally:
// all lines A1 → A1, all A3 → A3, only A1 and A3 → A2, any A4 → A4, all
// cancelled → C; with no line decided, A3 (every line has an AAA) or A4
// (no lines).
func (e *engine) eventDecision(t lineTally, ed *EventDecision) {
	ed.Rule = RuleRollUp
	switch {
	case t.decided == 0 && len(e.res.Lines) > 0:
		ed.Action, ed.Reasons, ed.Message = ActionNotCertified, []string{e.reason(reasonNotConsidered)}, msgNoLineConsidered
	case t.decided == 0:
		ed.Action, ed.Reasons, ed.Message = ActionPended, []string{e.reason(reasonPendReview)}, msgNoLines
	case t.cancelled == t.decided:
		ed.Action, ed.AuthNumber = ActionCancelled, e.cancelledAuth()
		return
	case t.pended > 0:
		ed.Action, ed.Reasons = ActionPended, e.lineReasons(ActionPended)
	case t.notCertified > 0 && t.certified == 0:
		ed.Action, ed.Reasons = ActionNotCertified, e.lineReasons(ActionNotCertified)
	case t.notCertified > 0:
		ed.Action, ed.CertFrom, ed.CertTo = ActionPartial, t.from, t.to
	default:
		ed.Action, ed.CertFrom, ed.CertTo = ActionCertified, t.from, t.to
	}
	ed.AuthNumber, ed.AdminRef = e.numbers(ed.Action, -1)
}

// cancelledAuth is the authorization a cancelled event cancels: the
// event's, else the first cancelled line's.
func (e *engine) cancelledAuth() string {
	if e.req.Event.PriorAuth != "" {
		return e.req.Event.PriorAuth
	}
	for i := range e.res.Lines {
		if e.res.Lines[i].Action == ActionCancelled {
			return e.res.Lines[i].AuthNumber
		}
	}
	return ""
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
