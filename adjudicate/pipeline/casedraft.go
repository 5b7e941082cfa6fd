package pipeline

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// caseDraft is the review case of a pended set: what a final answer needs
// without the original file. Its clocks and state are the store's to set
// (cases.New), because the clock regime is the payer's; its partner is the
// transport's. It reports false when no line pends or no reference number
// names the case.
func caseDraft(ix *ack.Interchange, g *ack.Group, s *ack.Set, req *x217.Request, res *adjudicate.Result, now time.Time) (cases.Case, bool) {
	id := res.Event.AdminRef
	pended := false
	for _, l := range res.Lines {
		if l.Action == adjudicate.ActionPended {
			pended = true
			if id == "" {
				id = l.AdminRef
			}
		}
	}
	if !pended || id == "" {
		return cases.Case{}, false
	}
	d := ix.D
	c := cases.Case{
		ID: id, Partner: ix.Sender, Payer: res.Payer, Policy: res.Policy, PolicyVersion: res.PolicyVersion,
		Received: now, Urgency: cases.UrgencyOf(req.Event.UM.LevelOfService),
		Envelope: cases.Envelope{
			SenderQualifier: ix.SenderQual, Sender: ix.Sender, ReceiverQualifier: ix.ReceiverQual, Receiver: ix.Receiver,
			Interchange: ix.Control, Usage: ix.Usage, GroupSender: g.Sender, GroupReceiver: g.Receiver, Group: g.Control,
			Set: s.Control, Convention: req.Convention, Reference: req.BHT.Reference,
			Delimiters: string([]byte{d.Element, d.Repetition, d.Component, d.Segment}),
		},
	}
	level := func(loop string, hl x217.HL, parts ...[]edi.Segment) cases.Level {
		l := cases.Level{Loop: loop, HL: strconv.Itoa(hl.ID), Code: hl.Level}
		if hl.Parent != 0 {
			l.Parent = strconv.Itoa(hl.Parent)
		}
		l.Segments = segments(parts...)
		return l
	}
	c.Hierarchy = append(c.Hierarchy,
		level("2000A", req.UMO.HL, req.UMO.Loop.Segments, req.UMO.Sub.Segments),
		level("2000B", req.Requester.HL, req.Requester.Loop.Segments, req.Requester.Sub.Segments),
		level("2000C", req.Subscriber.HL, req.Subscriber.Loop.Segments, req.Subscriber.Sub.Segments))
	if p := req.Dependent; p != nil {
		c.Hierarchy = append(c.Hierarchy, level("2000D", p.HL, p.Loop.Segments, p.Sub.Segments))
	}
	c.Hierarchy = append(c.Hierarchy, level("2000E", req.Event.HL, req.Event.Loop.Segments, req.Event.Sub.Segments))
	for _, t := range req.Event.TraceNumbers {
		c.Traces = append(c.Traces, t.Number)
	}
	for i, rl := range req.Lines {
		line := cases.Line{Number: i + 1, HL: strconv.Itoa(rl.HL.ID), Code: rl.Service.Code,
			Segments: segments(rl.Loop.Segments, rl.Sub.Segments)}
		for _, t := range rl.TraceNumbers {
			line.Traces = append(line.Traces, t.Number)
		}
		if i < len(res.Lines) {
			ld := res.Lines[i]
			line.Result, line.Reasons, line.Rule, line.Documents = ld.Action, ld.Reasons, ld.Trace.Rule, ld.Documents
			line.Recommendation = ld.Trace.Recommended
			line.Auth, line.CertFrom, line.CertTo = ld.AuthNumber, ld.CertFrom, ld.CertTo
			line.Message, line.AdminRef = ld.Message, ld.AdminRef
			if b, err := json.Marshal(ld.Trace); err == nil {
				line.Trace = string(b)
			}
		}
		c.Lines = append(c.Lines, line)
	}
	return c, true
}

// segments renders segments as the partner sent them, without terminators.
func segments(parts ...[]edi.Segment) []string {
	var out []string
	for _, p := range parts {
		for _, s := range p {
			out = append(out, string(s.Raw()))
		}
	}
	return out
}
