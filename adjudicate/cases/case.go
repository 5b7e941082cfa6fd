package cases

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Case is one pended patient event under review, keyed by its
// administrative reference number (the REF*NT of the pended response). It
// holds everything a final 278 response needs without the original file.
//
// A Case carries PHI (the hierarchy's names and member IDs): it is stored,
// never logged; its [Case.LogValue] shows only what identifies the case.
type Case struct {
	// ID is the event's administrative reference number (REF*NT).
	ID string `json:"id"`
	// Partner is the submitting partner (the last token of the inbound
	// subject), to whom the final response goes.
	Partner string `json:"partner"`
	// Payer is the configured payer ID; Policy and PolicyVersion the policy
	// that decided the automated results.
	Payer         string `json:"payer"`
	Policy        string `json:"policy"`
	PolicyVersion string `json:"policy_version"`
	// Received is when the request was received: the clocks start there.
	Received time.Time `json:"received"`
	Urgency  Urgency   `json:"urgency"`
	Regime   Regime    `json:"regime"`
	Due      Due       `json:"due"`

	State State `json:"state"`
	// Assignee is the reviewer who has the case, if any.
	Assignee string    `json:"assignee,omitempty"`
	Updated  time.Time `json:"updated"`
	// CloseOutFlagged is when the case was flagged overdue for close-out
	// for a supervisor (payer setting close_out: review); zero: not.
	CloseOutFlagged time.Time `json:"close_out_flagged,omitzero"`
	// FollowUps are the identities of the follow-up transaction sets
	// applied to the case ([FollowUp.Set]).
	FollowUps []string `json:"follow_ups,omitempty"`

	Envelope Envelope `json:"envelope"`
	// Hierarchy is the request's 2000A–2000E levels, to echo in the answer.
	Hierarchy []Level `json:"hierarchy"`
	// Traces are the event's TRN02 numbers (2000E), echoed in the answer.
	Traces []string `json:"traces"`
	Lines  []Line   `json:"lines"`
}

// Envelope is the interchange, group and set the request came in.
type Envelope struct {
	SenderQualifier   string `json:"sender_qualifier"`   // ISA05
	Sender            string `json:"sender"`             // ISA06
	ReceiverQualifier string `json:"receiver_qualifier"` // ISA07
	Receiver          string `json:"receiver"`           // ISA08
	Interchange       string `json:"interchange"`        // ISA13
	// Usage is ISA15: P production or T test.
	Usage         string `json:"usage"`
	GroupSender   string `json:"group_sender"`   // GS02
	GroupReceiver string `json:"group_receiver"` // GS03
	Group         string `json:"group"`          // GS06
	Set           string `json:"set"`            // ST02
	Convention    string `json:"convention"`     // ST03, 005010X217
	// Reference is BHT03, echoed by the final response ("" in cases opened
	// before it was kept: the case ID stands in).
	Reference string `json:"reference,omitempty"`
	// Delimiters are the partner's element, repetition, component and
	// segment separators, in that order, for writing the answer.
	Delimiters string `json:"delimiters"`
}

// Level is one HL level of the request (2000A UMO, 2000B requester, 2000C
// subscriber, 2000D dependent, 2000E event) with its segments as the partner
// sent them, each without its terminator, written with Envelope.Delimiters.
type Level struct {
	Loop     string   `json:"loop"`   // 2000A …
	HL       string   `json:"hl"`     // HL01
	Parent   string   `json:"parent"` // HL02
	Code     string   `json:"code"`   // HL03: 20, 21, 22, 23, EV
	Segments []string `json:"segments"`
}

// Line is one 2000F service line: the request, the engine's automated
// answer, and the reviewer's decision once there is one.
type Line struct {
	// Number is the line's position in the request, from 1.
	Number int    `json:"number"`
	HL     string `json:"hl"`
	// Code is the procedure code (SV1/SV2 HC).
	Code     string   `json:"code"`
	Segments []string `json:"segments"`
	Traces   []string `json:"traces"` // TRN02 of the line
	// Result is the automated HCR01 (A4 pended, A1 certified, …) and
	// Reasons its HCR03 codes.
	Result  string   `json:"result"`
	Reasons []string `json:"reasons,omitempty"`
	// Auth, CertFrom and CertTo are the automated answer's HCR02 and
	// DTP*007 (CCYYMMDD), repeated in the final response for lines the
	// engine answered itself.
	Auth     string `json:"auth,omitempty"`
	CertFrom string `json:"cert_from,omitempty"`
	CertTo   string `json:"cert_to,omitempty"`
	// Message is the automated answer's MSG, AdminRef its REF*NT (a
	// pended line's own reference number).
	Message  string `json:"message,omitempty"`
	AdminRef string `json:"admin_ref,omitempty"`
	// Trace is the engine's decision trace of the line (JSON), Rule the rule
	// that pended it, Documents the LOINC codes asked for.
	Trace     string   `json:"trace,omitempty"`
	Rule      string   `json:"rule,omitempty"`
	Documents []string `json:"documents,omitempty"`
	// Recommendation is the HCR01 the engine's trace recommends for a
	// pended line (A1 or A3; "" none): a decision against it needs a
	// written rationale.
	Recommendation string `json:"recommendation,omitempty"`
	// Decision is the reviewer's, nil until the case is decided.
	Decision *LineDecision `json:"decision,omitempty"`
}

// Environments: ISA15 keeps test and production cases apart.
const (
	Production = "production"
	Test       = "test"
)

// Environment is Production or Test, from ISA15.
func (c *Case) Environment() string { return EnvironmentOf(c.Envelope.Usage) }

// EnvironmentOf is the environment of an interchange's ISA15: Test for
// T, Production otherwise.
func EnvironmentOf(usage string) string {
	if usage == "T" {
		return Test
	}
	return Production
}

// Key is the case's key in the store: its environment, a dot, its ID, so a
// test case and a production case with the same number never meet.
func (c *Case) Key() string { return Key(c.Environment(), c.ID) }

// Key is the store key of a case ID in an environment.
func Key(environment, id string) string { return environment + "." + id }

// ValidID reports whether id can be a case's key: 1–50 ASCII letters or
// digits (REF02 is at most 50 characters; gateway-made numbers are 14).
func ValidID(id string) bool {
	if id == "" || len(id) > 50 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// LogValue shows what identifies the case and nothing of its PHI.
func (c *Case) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("case", c.ID),
		slog.String("env", c.Environment()),
		slog.String("state", string(c.State)),
		slog.String("policy", c.Policy),
		slog.String("urgency", string(c.Urgency)),
	)
}

// ErrInvalid is what every refused case or decision wraps.
var ErrInvalid = errors.New("invalid")

func invalid(id, format string, args ...any) error {
	return fmt.Errorf("cases: case %s: %s: %w", id, fmt.Sprintf(format, args...), ErrInvalid)
}

// Validate checks that a case is complete enough to be answered later.
func (c *Case) Validate() error {
	switch {
	case !ValidID(c.ID):
		return fmt.Errorf("cases: case ID %q is not 1–50 letters or digits: %w", c.ID, ErrInvalid)
	case c.Envelope.Usage != "P" && c.Envelope.Usage != "T":
		return invalid(c.ID, "ISA15 %q is not P or T", c.Envelope.Usage)
	case c.Partner == "":
		return invalid(c.ID, "no partner to answer")
	case c.Received.IsZero():
		return invalid(c.ID, "no receipt time")
	case c.Urgency != Expedited && c.Urgency != Standard:
		return invalid(c.ID, "urgency %q", c.Urgency)
	case !c.State.Valid():
		return invalid(c.ID, "state %q", c.State)
	case len(c.Lines) == 0:
		return invalid(c.ID, "no lines")
	case len(c.Envelope.Delimiters) != 4:
		return invalid(c.ID, "delimiters %q are not 4 characters", c.Envelope.Delimiters)
	}
	for i, l := range c.Lines {
		if l.Number != i+1 {
			return invalid(c.ID, "line %d is numbered %d", i+1, l.Number)
		}
	}
	return nil
}

// New makes a new case from what the pipeline knew when the event pended.
// The case is waiting-documents when the pended response asked for
// documents (a line lists some), open otherwise.
func New(c Case, clocks Clocks) (*Case, error) {
	documents := false
	for _, l := range c.Lines {
		documents = documents || len(l.Documents) > 0
	}
	c.Regime = clocks.Regime
	c.State = Open
	if documents {
		c.State = WaitingDocuments
	}
	c.Updated = c.Received
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c.Due = clocks.Opened(c.Received, c.Urgency, documents)
	return &c, nil
}

// Move changes the case's state at at, or refuses with a *TransitionError
// and changes nothing.
func (c *Case) Move(to State, at time.Time) error {
	if !c.State.CanMove(to) {
		return &TransitionError{Case: c.ID, From: c.State, To: to}
	}
	c.State = to
	c.Updated = at
	return nil
}

// Assign gives the case to a reviewer: it is in review. A case already in
// review changes hands.
func (c *Case) Assign(reviewer string, at time.Time) error {
	if reviewer == "" {
		return invalid(c.ID, "assigning to nobody")
	}
	if c.State != InReview {
		if err := c.Move(InReview, at); err != nil {
			return err
		}
	}
	c.Assignee = reviewer
	c.Updated = at
	return nil
}

// RequestDocuments records that the documents were asked for at at: the
// case waits for them and its close-out clock starts.
func (c *Case) RequestDocuments(clocks Clocks, at time.Time) error {
	if err := c.Move(WaitingDocuments, at); err != nil {
		return err
	}
	c.Due = clocks.DocumentsRequestedAt(c.Due, at)
	return nil
}

// DocumentsReceived records that the last requested document arrived at
// at: the case goes to review with its final clock (CORE) started.
func (c *Case) DocumentsReceived(clocks Clocks, at time.Time) error {
	if c.State != WaitingDocuments {
		return &TransitionError{Case: c.ID, From: c.State, To: InReview}
	}
	if err := c.Move(InReview, at); err != nil {
		return err
	}
	c.Due = clocks.DocumentsReceivedAt(c.Due, at)
	return nil
}

// CloseOut closes a case whose documents did not arrive by its close-out
// time; before then it is refused.
func (c *Case) CloseOut(at time.Time) error {
	if c.State == WaitingDocuments && !Late(c.Due.CloseOut, at) {
		return invalid(c.ID, "documents may arrive until %s", c.Due.CloseOut.UTC().Format(time.RFC3339))
	}
	return c.Move(ClosedOut, at)
}

// FlagCloseOut flags a case whose documents are past their close-out time
// for a supervisor, without closing it; before then, or once flagged, it is
// refused.
func (c *Case) FlagCloseOut(at time.Time) error {
	switch {
	case c.State != WaitingDocuments || !Late(c.Due.CloseOut, at):
		return invalid(c.ID, "not waiting for documents past its close-out time")
	case !c.CloseOutFlagged.IsZero():
		return invalid(c.ID, "already flagged for close-out")
	}
	c.CloseOutFlagged, c.Updated = at, at
	return nil
}

// Cancel voids the case.
func (c *Case) Cancel(at time.Time) error { return c.Move(Cancelled, at) }
