package pipeline

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// TraceRecord is the JSON body of a trace output: which transaction set a
// decision answers (control and trace numbers only, never PHI) and the
// engine's result with every criterion, its evidence and its citation.
type TraceRecord struct {
	Sender      string             `json:"sender"`      // ISA06
	Interchange string             `json:"interchange"` // ISA13
	Group       string             `json:"group"`       // GS06
	Set         string             `json:"set"`         // ST02
	Reference   string             `json:"reference"`   // BHT03
	Traces      []string           `json:"traces"`      // 2000E TRN02
	LineTraces  []string           `json:"line_traces"` // 2000F TRN02, by line
	Codes       []string           `json:"codes"`       // procedure codes, by line
	Result      *adjudicate.Result `json:"result"`
}

// AppendJSON appends the JSON encoding of the record to b, byte for byte
// what json.Marshal writes (without its reflection: a trace is encoded
// for every transaction set).
func (rec *TraceRecord) AppendJSON(b []byte) []byte {
	b = append(b, `{"sender":`...)
	b = adjudicate.AppendJSONString(b, rec.Sender)
	b = append(b, `,"interchange":`...)
	b = adjudicate.AppendJSONString(b, rec.Interchange)
	b = append(b, `,"group":`...)
	b = adjudicate.AppendJSONString(b, rec.Group)
	b = append(b, `,"set":`...)
	b = adjudicate.AppendJSONString(b, rec.Set)
	b = append(b, `,"reference":`...)
	b = adjudicate.AppendJSONString(b, rec.Reference)
	b = append(b, `,"traces":`...)
	b = adjudicate.AppendJSONStrings(b, rec.Traces)
	b = append(b, `,"line_traces":`...)
	b = adjudicate.AppendJSONStrings(b, rec.LineTraces)
	b = append(b, `,"codes":`...)
	b = adjudicate.AppendJSONStrings(b, rec.Codes)
	b = append(b, `,"result":`...)
	b = rec.Result.AppendJSON(b)
	return append(b, '}')
}

// PendNotice is the JSON body of a pend output: what a clinical reviewer's
// queue needs to find the request and know what is missing.
type PendNotice struct {
	Sender      string       `json:"sender"`
	Interchange string       `json:"interchange"`
	Group       string       `json:"group"`
	Set         string       `json:"set"`
	Reference   string       `json:"reference"`
	Traces      []string     `json:"traces"`
	Policy      string       `json:"policy"`
	Urgent      bool         `json:"urgent"` // UM06 U or 03: expedited clock
	Received    string       `json:"received"`
	Lines       []PendedLine `json:"lines"`
}

// PendedLine is one pended service line.
type PendedLine struct {
	Line      int      `json:"line"`
	Code      string   `json:"code"`
	Trace     string   `json:"trace,omitempty"`
	Reasons   []string `json:"reasons"`
	AdminRef  string   `json:"admin_ref,omitempty"`
	Documents []string `json:"documents,omitempty"`
	Rule      string   `json:"rule"`
	ToChange  []string `json:"to_change,omitempty"`
}

// adjudicate decides one accepted set and writes its response into the
// group buffer; traces and pend notices wait for the group to be accepted.
func (h *handler) adjudicate(ix *ack.Interchange, g *ack.Group, s *ack.Set) {
	t0 := time.Now()
	req, err := h.dec.Decode(s.Segments)
	if err != nil {
		// Validate admits only sets Decode can map; if one slips through it
		// is rejected rather than answered wrongly.
		s.Errors = append(s.Errors, edi.SegmentError{SegmentID: "HL", Position: len(s.Segments), Code: "I7"})
		s.Codes = append(s.Codes, "I5")
		return
	}
	identity := OutputID(ix, "set", g.Control, s.Control)
	in := engineRequest(identity, req)
	t1 := time.Now()
	res, err := adjudicate.Decide(in, h.opts.Config, h.opts.Now)
	if err != nil {
		h.err = fmt.Errorf("pipeline: adjudicating set %s of group %s: %w", s.Control, g.Control, err)
		return
	}
	var followed *cases.FollowUp
	if h.opts.FollowUp != nil && !h.stream {
		c, refused, err := h.followUp(ix, req, identity)
		switch {
		case err != nil:
			h.fail(err)
			return
		case refused:
			refuseFollowUp(res)
		case c != nil:
			followed = followUpOf(c, req, res, identity, h.opts.Now)
		}
	}
	t2 := time.Now()
	h.writeResponse(ix, g, req, res)
	t3 := time.Now()
	h.rep.Stages["read_validate"] += t1.Sub(t0)
	h.rep.Stages["adjudicate"] += t2.Sub(t1)
	h.rep.Stages["encode"] += t3.Sub(t2)

	policy := res.Policy
	if policy == "" {
		policy = "none"
	}
	h.countDecisions(policy, res)

	// Streaming, an output nobody reads is not encoded.
	wantTrace, wantPend := !h.stream || h.sinks.Trace != nil, !h.stream || h.sinks.Pend != nil
	if !wantTrace && !wantPend {
		return
	}
	rec := traceRecord(ix, g, s, req, res)
	if wantTrace {
		// Streaming, the sink copies the trace: its buffer is reused.
		var body []byte
		if h.stream {
			h.traceBuf = rec.AppendJSON(h.traceBuf[:0])
			body = h.traceBuf
		} else {
			body = rec.AppendJSON(nil)
		}
		out := Output{Kind: KindTrace, ID: OutputID(ix, KindTrace, g.Control, s.Control), Partner: ix.Sender,
			Policy: res.Policy, Interchange: ix.Ordinal, Data: body, FollowUp: followed}
		if !h.stream && h.opts.Cases && followed == nil {
			out.Answered = answered(ix, req, res, identity, h.opts.Now)
		}
		h.record(h.sinks.Trace, out)
	}
	if !wantPend {
		return
	}
	notice, ok := pendNotice(&rec, req, res, policy, h.opts.Now)
	if !ok {
		return
	}
	body, err := json.Marshal(notice)
	if err != nil {
		h.err = fmt.Errorf("pipeline: encoding pend notice: %w", err)
		return
	}
	out := Output{Kind: KindPend, ID: OutputID(ix, KindPend, g.Control, s.Control), Partner: ix.Sender,
		Policy: policy, Interchange: ix.Ordinal, Data: body}
	if !h.stream && h.opts.Cases && followed == nil {
		if c, ok := caseDraft(ix, g, s, req, res, h.opts.Now); ok {
			out.Case = &c
		}
	}
	h.record(h.sinks.Pend, out)
}

// writeResponse encodes the 278 response of a decided set into the group's
// response, naming the payer's contact on pended events.
func (h *handler) writeResponse(ix *ack.Interchange, g *ack.Group, req *x217.Request, res *adjudicate.Result) {
	h.openResponse(ix, g)
	h.grpSets++
	resp := response(req, res, h.date, h.time)
	if p, ok := h.opts.Config.Payer(req.UMO.Name.IDQualifier, req.UMO.Name.ID); ok && p.Contact != nil {
		resp.Contact = &x217.Contact{Name: p.Contact.Name, Phone: p.Contact.Phone, Email: p.Contact.Email}
	}
	x217.EncodeResponse(h.respW, resp, fmt.Sprintf("%04d", h.grpSets))
}

// countDecisions counts the line and event actions by policy, for the
// metrics once the group is accepted.
func (h *handler) countDecisions(policy string, res *adjudicate.Result) {
	for _, l := range res.Lines {
		if l.Action != "" {
			h.pendingLines[[2]string{policy, l.Action}]++
		}
	}
	if res.Event.Action != "" {
		h.pendingEvents[[2]string{policy, res.Event.Action}]++
	}
}

// traceRecord is the trace output of a decided set.
func traceRecord(ix *ack.Interchange, g *ack.Group, s *ack.Set, req *x217.Request, res *adjudicate.Result) TraceRecord {
	rec := TraceRecord{Sender: ix.Sender, Interchange: ix.Control, Group: g.Control, Set: s.Control, Reference: req.BHT.Reference, Result: res}
	for _, t := range req.Event.TraceNumbers {
		rec.Traces = append(rec.Traces, t.Number)
	}
	for _, l := range req.Lines {
		rec.Codes = append(rec.Codes, l.Service.Code)
		tr := ""
		if len(l.TraceNumbers) > 0 {
			tr = l.TraceNumbers[0].Number
		}
		rec.LineTraces = append(rec.LineTraces, tr)
	}
	return rec
}

// pendNotice is the pend output of a decided set: its pended lines, for a
// reviewer's queue. It reports false when no line pends.
func pendNotice(rec *TraceRecord, req *x217.Request, res *adjudicate.Result, policy string, now time.Time) (PendNotice, bool) {
	var pend []PendedLine
	for i, l := range res.Lines {
		if l.Action != adjudicate.ActionPended {
			continue
		}
		pend = append(pend, PendedLine{Line: i + 1, Code: l.Code, Trace: rec.LineTraces[i], Reasons: l.Reasons, AdminRef: l.AdminRef,
			Documents: l.Documents, Rule: l.Trace.Rule, ToChange: l.Trace.ToChange})
	}
	if len(pend) == 0 {
		return PendNotice{}, false
	}
	lvl := req.Event.UM.LevelOfService
	return PendNotice{Sender: rec.Sender, Interchange: rec.Interchange, Group: rec.Group, Set: rec.Set, Reference: rec.Reference,
		Traces: rec.Traces, Policy: policy, Urgent: lvl == "U" || lvl == "03",
		Received: now.UTC().Format(time.RFC3339), Lines: pend}, true
}
