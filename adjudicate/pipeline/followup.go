package pipeline

import (
	"fmt"
	"hash/fnv"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// Follow-up requests (cases.FollowUp explains the rules and the AAA). The
// pipeline looks the named case up through Options.FollowUp while it
// adjudicates, answers a refused follow-up with the AAA at 2000E, and
// hands an accepted one to the gateway on the set's trace output
// (Output.FollowUp), which applies it to the case once the interchange
// stands.

// FollowUpReason is the AAA's plain-words reason in the trace of a refused
// follow-up (no PHI: it names no case).
const FollowUpReason = "the administrative reference number (REF*NT) names no open review case of this partner in this environment"

// followUp looks up the case a request names. It returns the case when the
// request follows up an open case, refused when its REF*NT names no open
// case (unknown to the partner, or final), or neither: an ordinary request.
// A case this very set has followed up already (set, its identity: the
// file delivered again) counts as open, so the answer is the same.
func (h *handler) followUp(ix *ack.Interchange, req *x217.Request, set string) (c *cases.Case, refused bool, err error) {
	env := cases.EnvironmentOf(ix.Usage)
	if ref := req.Event.AdminRef(); ref != "" {
		c, err := h.opts.FollowUp(env, ref)
		if err != nil {
			return nil, false, fmt.Errorf("pipeline: looking up the case a follow-up names: %w", err)
		}
		if c == nil || c.State.Final() && !c.FollowedBy(set) {
			return nil, true, nil
		}
		return c, false, nil
	}
	if ref := req.Event.PriorAuth(); ref != "" && cases.ValidID(ref) {
		c, err := h.opts.FollowUp(env, ref)
		if err != nil {
			return nil, false, fmt.Errorf("pipeline: looking up the case a follow-up names: %w", err)
		}
		if c != nil && (!c.State.Final() || c.FollowedBy(set)) {
			return c, false, nil
		}
	}
	return nil, false, nil
}

// refuseFollowUp replaces the engine's answer with the AAA of a follow-up
// naming no open case: nothing below 2000E is considered.
func refuseFollowUp(res *adjudicate.Result) {
	res.Event = adjudicate.EventDecision{Rule: adjudicate.RuleRequestError, Errors: []adjudicate.RequestError{{
		Loop: "2000E", Line: -1, Code: cases.FollowUpAAA03, FollowUp: cases.FollowUpAAA04, Reason: FollowUpReason}}}
	for i := range res.Lines {
		l := &res.Lines[i]
		*l = adjudicate.LineDecision{Line: l.Line, Code: l.Code, Class: l.Class,
			Trace: adjudicate.Trace{Policy: l.Trace.Policy, Version: l.Trace.Version, Rule: adjudicate.RuleNotConsidered}}
	}
	res.Pending = false
}

// followUpOf is what an accepted follow-up brings to case c. The answer to
// the follow-up itself keeps the case's reference numbers (REF*NT), so the
// requester sees one case, and the pended set opens no second case.
func followUpOf(c *cases.Case, req *x217.Request, res *adjudicate.Result, set string, now time.Time) *cases.FollowUp {
	f := &cases.FollowUp{Environment: c.Environment(), ID: c.ID, At: now, Set: set, Documents: len(req.Event.Attachments) > 0}
	for _, l := range req.Lines {
		f.Documents = f.Documents || len(l.Attachments) > 0
	}
	if res.Event.AdminRef != "" {
		res.Event.AdminRef = c.ID
	}
	for i := range res.Lines {
		l := &res.Lines[i]
		f.Lines = append(f.Lines, cases.FollowUpLine{Code: l.Code, Result: l.Action, Auth: l.AuthNumber, CertFrom: l.CertFrom, CertTo: l.CertTo})
		if l.AdminRef == "" {
			continue
		}
		l.AdminRef = c.ID
		if i < len(c.Lines) && c.Lines[i].AdminRef != "" && c.Lines[i].Code == l.Code {
			l.AdminRef = c.Lines[i].AdminRef
		}
	}
	return f
}

// answered is the audit record of a set the engine answered at once
// (cases.Answered), nil when something pends or nothing was decided. Its
// number is derived from the set's identity, so a redelivered file
// records it once (the history's Msg-Id).
func answered(ix *ack.Interchange, req *x217.Request, res *adjudicate.Result, identity string, now time.Time) *cases.Event {
	outcome := cases.OutcomeOf(res.Event.Action)
	if res.Pending || outcome == "" {
		return nil
	}
	f := fnv.New64a()
	f.Write([]byte(identity))
	ev := cases.AnsweredEvent(fmt.Sprintf("I%016X", f.Sum64()), cases.EnvironmentOf(ix.Usage), res.Payer,
		cases.UrgencyOf(req.Event.UM.LevelOfService), req.Event.UM.CertType, outcome, now)
	return &ev
}
