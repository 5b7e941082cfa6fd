package cases

import "time"

// EventKind is one kind of step in a case's audit trail.
type EventKind string

// The kinds of case events.
const (
	Created            EventKind = "created"
	DocumentsRequested EventKind = "documents-requested"
	DocumentsReceived  EventKind = "documents-received"
	Assigned           EventKind = "assigned"
	Released           EventKind = "released"
	DecisionMade       EventKind = "decided"
	ResponsePublished  EventKind = "response-published"
	ClosedOutEvent     EventKind = "closed-out"
	CancelledEvent     EventKind = "cancelled"
	// CloseOutFlagged: the documents are past their close-out time and the
	// payer's close-out is "review": a supervisor decides (nothing sent).
	CloseOutFlagged EventKind = "close-out-due"
	// Answered records a request the engine answered at once (certified,
	// or not certified where a payer lets the engine deny): no case is
	// opened, but the public report counts it ([AnsweredEvent]).
	Answered EventKind = "answered"
)

// AnsweredEvent is the lightweight record of a request answered at once:
// its number id (derived from the transaction set, no PHI), environment,
// payer, urgency, UM02 and outcome, received and decided at at. Its To is
// Decided: the answer was final.
func AnsweredEvent(id, environment, payer string, u Urgency, typ string, outcome Outcome, at time.Time) Event {
	return Event{Case: id, Environment: environment, Kind: Answered, Actor: Engine, At: at, To: Decided,
		Payer: payer, Urgency: u, Type: typ, Outcome: outcome}
}

// OutcomeOf is the outcome of an event answered at once with HCR01 hcr01:
// A1 approved, A2 (partly certified) and A3 denied, anything else none.
func OutcomeOf(hcr01 string) Outcome {
	switch hcr01 {
	case "A1", "A6":
		return Approved
	case "A2", "A3":
		return Denied
	}
	return ""
}

// Event is one step of a case: what happened, who did it, when and why.
// It names the case, never its PHI.
type Event struct {
	Case        string    `json:"case"`
	Environment string    `json:"environment"`
	Kind        EventKind `json:"kind"`
	// Actor is the reviewer, or "gate278" for the gateway's own steps.
	Actor string    `json:"actor"`
	At    time.Time `json:"at"`
	// From and To are the states around the step (equal when it moves
	// none, e.g. a reassignment).
	From      State  `json:"from,omitempty"`
	To        State  `json:"to"`
	Rationale string `json:"rationale,omitempty"`
	// Revision is the case's store revision this step produced.
	Revision uint64 `json:"revision"`
	// Payer, Urgency and Type (UM02, the certification type: I initial,
	// 1 and 2 appeals, 4 extension, …) describe the case for the public
	// report ([PriorAuthReport]); Outcome is the roll-up of a decided case
	// ([Case.Outcome]). None of them is PHI. Events recorded before they
	// were kept have them empty.
	Payer   string  `json:"payer,omitempty"`
	Urgency Urgency `json:"urgency,omitempty"`
	Type    string  `json:"type,omitempty"`
	Outcome Outcome `json:"outcome,omitempty"`
}

// Stamp fills the event's case fields (ID, environment, state reached,
// payer, urgency, type and, once decided, outcome) from the case it changed.
func (ev *Event) Stamp(c *Case) {
	ev.Case, ev.Environment, ev.To = c.ID, c.Environment(), c.State
	ev.Payer, ev.Urgency, ev.Type = c.Payer, c.Urgency, c.CertificationType()
	if c.State == Decided {
		ev.Outcome = c.Outcome()
	}
}

// System is the actor of the gateway's own steps.
const System = "gate278"
