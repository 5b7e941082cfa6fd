package cases

import (
	"errors"
	"fmt"
	"slices"
)

// State is where a case is in its review.
type State string

// The states of a case.
const (
	// Open: pended, nobody has taken it and no documents are awaited.
	Open State = "open"
	// WaitingDocuments: additional documentation was asked for.
	WaitingDocuments State = "waiting-documents"
	// InReview: a reviewer is assigned (or the documents arrived).
	InReview State = "in-review"
	// Decided: the final determination is made (final).
	Decided State = "decided"
	// ClosedOut: the documents did not arrive in time (final).
	ClosedOut State = "closed-out"
	// Cancelled: the request was withdrawn or voided (final).
	Cancelled State = "cancelled"
)

// States lists every state in the order a case usually passes them.
var States = []State{Open, WaitingDocuments, InReview, Decided, ClosedOut, Cancelled}

// transitions is the state machine as data: the states each state may move
// to. A final state moves nowhere; an appeal or a new request is a new case.
var transitions = map[State][]State{
	Open:             {WaitingDocuments, InReview, Decided, Cancelled},
	WaitingDocuments: {InReview, Decided, ClosedOut, Cancelled},
	// A reviewer may release a case back to the queue (open) or ask for
	// more documents.
	InReview:  {Open, WaitingDocuments, Decided, Cancelled},
	Decided:   nil,
	ClosedOut: nil,
	Cancelled: nil,
}

// Valid reports whether s is one of the states.
func (s State) Valid() bool {
	_, ok := transitions[s]
	return ok
}

// Final reports whether s ends the case.
func (s State) Final() bool { return s.Valid() && len(transitions[s]) == 0 }

// CanMove reports whether a case in s may move to to.
func (s State) CanMove(to State) bool { return slices.Contains(transitions[s], to) }

// ErrTransition is what every refused transition wraps.
var ErrTransition = errors.New("transition not allowed")

// TransitionError is a refused move between two states.
type TransitionError struct {
	Case     string
	From, To State
}

func (e *TransitionError) Error() string {
	if e.From.Final() {
		return fmt.Sprintf("cases: case %s is already %s (final) and cannot become %s", e.Case, e.From, e.To)
	}
	return fmt.Sprintf("cases: case %s cannot go from %s to %s", e.Case, e.From, e.To)
}

// Unwrap makes errors.Is(err, ErrTransition) hold.
func (e *TransitionError) Unwrap() error { return ErrTransition }
