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
)

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
}

// System is the actor of the gateway's own steps.
const System = "gate278"
