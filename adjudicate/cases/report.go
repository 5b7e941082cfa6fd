package cases

import (
	"slices"
	"time"
)

// Figures are the CMS-0057-F public-report figures of one urgency.
//
// Requests include those the engine answered at once ([Answered]: no
// case, a time to decision of zero) as well as the cases.
//
// Requests are the prior-authorization requests received in the period
// (appeals apart); every share is over Requests, as the rule's "percentage
// of … prior authorization requests" reads. Appeals are the appeal cases
// (UM02 1 or 2) received in the period, ApprovedAfterAppeal those of them
// decided approved. Extended are the requests whose timeframe was extended
// to obtain information: the case waited for documents (it opened
// waiting-documents, or a reviewer asked for more). Time to decision is
// from receipt to the decision, over the requests decided.
type Figures struct {
	Requests              int     `json:"requests"`
	Approved              int     `json:"approved"`
	Denied                int     `json:"denied"`
	Extended              int     `json:"extended"`
	ExtendedApproved      int     `json:"extended_approved"`
	Appeals               int     `json:"appeals"`
	ApprovedAfterAppeal   int     `json:"approved_after_appeal"`
	ClosedOut             int     `json:"closed_out"`
	Cancelled             int     `json:"cancelled"`
	Pending               int     `json:"pending"`
	ApprovedShare         float64 `json:"approved_share"`
	DeniedShare           float64 `json:"denied_share"`
	ExtendedShare         float64 `json:"extended_share"`
	ExtendedApprovedShare float64 `json:"extended_approved_share"`
	AfterAppealShare      float64 `json:"approved_after_appeal_share"`
	// Decided is how many requests the times are over.
	Decided       int           `json:"decided"`
	AverageTime   time.Duration `json:"average_ns"`
	MedianTime    time.Duration `json:"median_ns"`
	AverageHours  float64       `json:"average_hours"`
	MedianHours   float64       `json:"median_hours"`
	decisionTimes []time.Duration
}

// Report is the CMS-0057-F prior-authorization report of a period.
type Report struct {
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Payer     string    `json:"payer,omitempty"`
	Standard  Figures   `json:"standard"`
	Expedited Figures   `json:"expedited"`
}

// caseFacts is what the report needs of one case, gathered from its events.
type caseFacts struct {
	hasCreated bool
	received   time.Time
	payer, typ string
	urgency    Urgency
	extended   bool
	decided    bool
	decidedAt  time.Time
	outcome    Outcome
	final      State
}

// PriorAuthReport computes the CMS-0057-F figures from a case history:
// production cases (ISA15 P) received in [from, to), of payer when it is
// not "", standard and expedited apart. It is pure: events in any order,
// from any number of cases; a case whose created event is not among them
// is not counted (its receipt is unknown).
func PriorAuthReport(events []Event, from, to time.Time, payer string) Report {
	facts := map[string]*caseFacts{}
	var order []string
	for _, ev := range events {
		if ev.Environment != Production {
			continue
		}
		k := Key(ev.Environment, ev.Case)
		f := facts[k]
		if f == nil {
			f = &caseFacts{}
			facts[k] = f
			order = append(order, k)
		}
		if ev.Payer != "" {
			f.payer = ev.Payer
		}
		if ev.Urgency != "" {
			f.urgency = ev.Urgency
		}
		if ev.Type != "" {
			f.typ = ev.Type
		}
		switch ev.Kind {
		case Created:
			f.hasCreated, f.received = true, ev.At
			if ev.To == WaitingDocuments {
				f.extended = true
			}
		case DocumentsRequested:
			f.extended = true
		case Answered:
			// Received and decided at once.
			f.hasCreated, f.received = true, ev.At
			f.decided, f.decidedAt, f.outcome = true, ev.At, ev.Outcome
		case DecisionMade:
			if !f.decided || ev.At.Before(f.decidedAt) {
				f.decided, f.decidedAt, f.outcome = true, ev.At, ev.Outcome
			}
		}
		if ev.To.Final() {
			f.final = ev.To
		}
	}
	r := Report{From: from, To: to, Payer: payer}
	for _, k := range order {
		f := facts[k]
		if !f.hasCreated || f.received.Before(from) || !f.received.Before(to) {
			continue
		}
		if payer != "" && f.payer != payer {
			continue
		}
		fig := &r.Standard
		if f.urgency == Expedited {
			fig = &r.Expedited
		}
		if Appeal(f.typ) {
			fig.Appeals++
			if f.decided && f.outcome == Approved {
				fig.ApprovedAfterAppeal++
			}
			continue
		}
		fig.Requests++
		if f.extended {
			fig.Extended++
		}
		switch {
		case f.decided:
			switch f.outcome {
			case Approved:
				fig.Approved++
				if f.extended {
					fig.ExtendedApproved++
				}
			case Denied:
				fig.Denied++
			}
			fig.decisionTimes = append(fig.decisionTimes, f.decidedAt.Sub(f.received))
		case f.final == ClosedOut:
			fig.ClosedOut++
		case f.final == Cancelled:
			fig.Cancelled++
		default:
			fig.Pending++
		}
	}
	r.Standard.finish()
	r.Expedited.finish()
	return r
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

func (f *Figures) finish() {
	f.ApprovedShare = share(f.Approved, f.Requests)
	f.DeniedShare = share(f.Denied, f.Requests)
	f.ExtendedShare = share(f.Extended, f.Requests)
	f.ExtendedApprovedShare = share(f.ExtendedApproved, f.Requests)
	f.AfterAppealShare = share(f.ApprovedAfterAppeal, f.Requests)
	f.Decided = len(f.decisionTimes)
	if f.Decided == 0 {
		return
	}
	t := slices.Clone(f.decisionTimes)
	slices.Sort(t)
	var sum time.Duration
	for _, d := range t {
		sum += d
	}
	f.AverageTime = sum / time.Duration(len(t))
	if n := len(t); n%2 == 1 {
		f.MedianTime = t[n/2]
	} else {
		f.MedianTime = (t[n/2-1] + t[n/2]) / 2
	}
	f.AverageHours = f.AverageTime.Hours()
	f.MedianHours = f.MedianTime.Hours()
}
