package cases

import (
	"fmt"
	"time"
)

// Regime is the rule a payer's final-determination clock follows.
type Regime string

const (
	// RegimeCMS is CMS-0057-F: 72 hours (expedited) or 7 calendar days
	// (standard) from receipt.
	RegimeCMS Regime = "cms-0057-f"
	// RegimeCORE is the CAQH CORE 278 Infrastructure Rule: 2 business days
	// from receipt of complete documentation.
	RegimeCORE Regime = "caqh-core"
)

// Urgency is a request's clock: expedited or standard.
type Urgency string

const (
	// Expedited is an urgent or emergency request (UM06 U or 03).
	Expedited Urgency = "expedited"
	// Standard is every other request.
	Standard Urgency = "standard"
)

// UrgencyOf maps UM06, the level of service, to a request's urgency.
func UrgencyOf(um06 string) Urgency {
	switch um06 {
	case "U", "03":
		return Expedited
	}
	return Standard
}

// The rules' periods.
const (
	CMSExpedited          = 72 * time.Hour // CMS-0057-F, expedited
	CMSStandardDays       = 7              // CMS-0057-F, standard, calendar days
	COREDocumentsRequest  = 2              // CORE, business days from receipt
	COREFinalAfterDocs    = 2              // CORE, business days from complete documents
	CORECloseOutAfterDocs = 15             // CORE, business days from asking for documents
)

// Due holds a case's due times; a zero time is a clock that is not running.
type Due struct {
	// DocumentsRequest is when the request for additional documentation is
	// due (CORE); DocumentsRequested is when it was made (zero: not yet).
	DocumentsRequest   time.Time `json:"documents_request"`
	DocumentsRequested time.Time `json:"documents_requested,omitzero"`
	// DocumentsReceived is when the last requested document arrived.
	DocumentsReceived time.Time `json:"documents_received,omitzero"`
	// Final is when the final determination is due.
	Final time.Time `json:"final,omitzero"`
	// CloseOut is when a request still waiting for its documents may be
	// closed out (CORE): running only while documents are awaited.
	CloseOut time.Time `json:"close_out,omitzero"`
}

// Clocks computes due times under one regime and calendar.
type Clocks struct {
	Regime   Regime
	Calendar *Calendar
}

// NewClocks checks the regime.
func NewClocks(r Regime, cal *Calendar) (Clocks, error) {
	switch r {
	case RegimeCMS, RegimeCORE:
	default:
		return Clocks{}, fmt.Errorf("cases: clock regime %q is not %q or %q", r, RegimeCMS, RegimeCORE)
	}
	if cal == nil {
		return Clocks{}, fmt.Errorf("cases: clock regime %s needs a calendar", r)
	}
	return Clocks{Regime: r, Calendar: cal}, nil
}

// Opened is the due times of a case received at received. documents says
// whether the pended response itself asked for documents (it lists them),
// which meets the documentation-request clock at receipt and starts the
// close-out clock.
func (c Clocks) Opened(received time.Time, u Urgency, documents bool) Due {
	d := Due{DocumentsRequest: c.Calendar.EndOfBusinessDays(received, COREDocumentsRequest)}
	switch c.Regime {
	case RegimeCMS:
		if u == Expedited {
			d.Final = received.Add(CMSExpedited)
		} else {
			d.Final = received.In(c.Calendar.Location()).AddDate(0, 0, CMSStandardDays)
		}
	case RegimeCORE:
		if !documents {
			// Nothing is missing: the request is complete at receipt.
			d.Final = c.Calendar.EndOfBusinessDays(received, COREFinalAfterDocs)
		}
	}
	if documents {
		d = c.DocumentsRequestedAt(d, received)
	}
	return d
}

// DocumentsRequestedAt records that documents were asked for at at: the
// close-out clock starts (again). Under CORE, the final clock waits for the
// documents.
func (c Clocks) DocumentsRequestedAt(d Due, at time.Time) Due {
	d.DocumentsRequested = at
	d.DocumentsReceived = time.Time{}
	d.CloseOut = c.Calendar.EndOfBusinessDays(at, CORECloseOutAfterDocs)
	if c.Regime == RegimeCORE {
		d.Final = time.Time{}
	}
	return d
}

// DocumentsReceivedAt records that the last requested document arrived at
// at: the close-out clock stops. Under CORE the final clock starts; under
// CMS-0057-F it stays the one from receipt.
func (c Clocks) DocumentsReceivedAt(d Due, at time.Time) Due {
	d.DocumentsReceived = at
	d.CloseOut = time.Time{}
	if c.Regime == RegimeCORE {
		d.Final = c.Calendar.EndOfBusinessDays(at, COREFinalAfterDocs)
	}
	return d
}

// Late reports whether due has passed at now; a zero due is never late.
func Late(due, now time.Time) bool {
	return !due.IsZero() && !now.Before(due)
}
