package cases

import (
	"fmt"
	"slices"
	"time"
)

// Follow-up requests (issue 12 item 5). A new 278 request whose 2000E
// carries REF*NT, the previous review's administrative reference number
// (the number the pended response gave), names the case it follows up; so
// does a REF*BB (previous review authorization number) that happens to be
// an open case's number of the same partner. With documents attached (PWK)
// it re-adjudicates that case: the engine's answer to the follow-up is
// applied to the case by [Case.FollowUp].
//
// A REF*NT naming no case of the partner in the interchange's environment,
// or a case already final (decided, closed out, cancelled), is answered at
// 2000E with AAA*N**AA*C and changes nothing: AAA03 AA is "authorization
// number not found", the guide's code for a REF*BB/REF*NT lookup that
// failed, and 2000E is where the reference was sent; AAA04 C ("please
// correct and resubmit") is the follow-up action the gateway already uses
// at 2000E (AF, invalid diagnosis): the requester sends the right number,
// or a new request without one. A REF*BB that names no open case is an
// ordinary previous authorization number (an extension, a renewal, an
// appeal) and the request is adjudicated as before.
const (
	FollowUpAAA03 = "AA"
	FollowUpAAA04 = "C"
)

// Engine is the actor of steps the adjudication engine takes on a case by
// itself: documents received with a follow-up request, and the decision
// when it can now certify every pended line.
const Engine = "engine"

// FollowUp is what a follow-up request brings to the case it names: when
// it came, whether it attached documents, and the engine's answer to each
// of its lines. It names the case, never its PHI.
type FollowUp struct {
	Environment string    `json:"environment"`
	ID          string    `json:"id"`
	At          time.Time `json:"at"`
	// Set is the follow-up transaction set's identity (sender, ISA13,
	// GS06, ST02): the case keeps it ([Case.FollowUps]), so the same file
	// delivered again is answered the same and applied once.
	Set string `json:"set"`
	// Documents: the follow-up carries a PWK (2000E or 2000F).
	Documents bool `json:"documents"`
	// Lines are the engine's answers to the follow-up's lines, in order.
	Lines []FollowUpLine `json:"lines"`
}

// FollowUpLine is the engine's answer to one line of a follow-up request.
type FollowUpLine struct {
	Code     string `json:"code"`   // procedure code
	Result   string `json:"result"` // HCR01
	Auth     string `json:"auth,omitempty"`
	CertFrom string `json:"cert_from,omitempty"`
	CertTo   string `json:"cert_to,omitempty"`
}

// FollowUpRationale is the rationale of the engine's decision on a case
// that a follow-up request certified.
const FollowUpRationale = "documents received with a follow-up request; the engine now certifies every pended line"

// Certifies reports whether the follow-up certifies every pended line of
// the case: it repeats the case's lines (same number, same procedure codes
// in the same order) and the engine answers A1, with its certified dates,
// each line the case has pended. Anything else leaves the case to a
// reviewer.
func (f FollowUp) Certifies(c *Case) bool {
	if len(f.Lines) != len(c.Lines) {
		return false
	}
	pended := 0
	for i, l := range c.Lines {
		fl := f.Lines[i]
		if fl.Code != l.Code {
			return false
		}
		if l.Result != "A4" {
			continue
		}
		pended++
		if fl.Result != "A1" || fl.CertFrom == "" || fl.CertTo == "" {
			return false
		}
	}
	return pended > 0
}

// Decision is the engine's determination of c from a follow-up that
// [FollowUp.Certifies] it: each pended line certified with the engine's
// authorization number and dates.
func (f FollowUp) Decision(c *Case) Decision {
	d := Decision{Reviewer: Engine, At: f.At, Lines: map[int]LineDecision{}, Rationale: FollowUpRationale}
	for i, l := range c.Lines {
		if l.Result != "A4" || i >= len(f.Lines) {
			continue
		}
		fl := f.Lines[i]
		d.Lines[l.Number] = LineDecision{Action: Certify, Authorization: fl.Auth, From: fl.CertFrom, To: fl.CertTo}
	}
	return d
}

// FollowedBy reports whether the transaction set with identity set has
// followed up the case already.
func (c *Case) FollowedBy(set string) bool { return set != "" && slices.Contains(c.FollowUps, set) }

// ReceiveDocuments records that a follow-up request brought documents at
// at: the case goes to review (unless it is there already) with the CORE
// final clock started from at, and the close-out clock stops. A final case
// is refused with a *TransitionError.
func (c *Case) ReceiveDocuments(clocks Clocks, at time.Time) error {
	if c.State.Final() {
		return &TransitionError{Case: c.ID, From: c.State, To: InReview}
	}
	if c.State != InReview {
		if err := c.Move(InReview, at); err != nil {
			return err
		}
	}
	c.Updated = at
	c.Due = clocks.DocumentsReceivedAt(c.Due, at)
	if clocks.Regime == RegimeCORE {
		return nil
	}
	// Under CMS-0057-F the final clock runs from receipt; CORE's 2
	// business days from complete documents still bind the payer when they
	// end sooner.
	if core := clocks.Calendar.EndOfBusinessDays(at, COREFinalAfterDocs); c.Due.Final.IsZero() || core.Before(c.Due.Final) {
		c.Due.Final = core
	}
	return nil
}

// CheckFollowUp reports why f cannot follow up c (nil when it can).
func CheckFollowUp(c *Case, f FollowUp) error {
	if c.ID != f.ID || c.Environment() != f.Environment {
		return invalid(c.ID, "the follow-up names case %s in %s", f.ID, f.Environment)
	}
	if c.State.Final() {
		return fmt.Errorf("cases: case %s is %s: %w", c.ID, c.State, &TransitionError{Case: c.ID, From: c.State, To: InReview})
	}
	return nil
}
