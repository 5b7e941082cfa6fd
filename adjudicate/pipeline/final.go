package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// ErrNotAnswerable is what FinalResponse wraps when a case cannot be
// answered (yet): it is still open, or it holds a line the case cannot
// answer again.
var ErrNotAnswerable = errors.New("case cannot be answered")

// FinalControl is the ISA13/GS06 control number of the final response to
// the case with store key key at revision rev: the same case and revision
// always give the same number (a retried publish writes the same bytes).
func FinalControl(key string, rev uint64) uint32 {
	h := fnv.New32a()
	h.Write([]byte(key))
	h.Write([]byte{'/'})
	h.Write([]byte(strconv.FormatUint(rev, 10)))
	return h.Sum32() % 1_000_000_000
}

// FinalResponse writes the unsolicited 278 response (BHT02 11) a case's
// determination sends the requester, from the case alone: the request's
// hierarchy and trace numbers echoed (TRN*2), the case's REF*NT, an HCR per
// line — A1 with HCR02 and the certified DTP*007, A6 with the reason in a
// MSG, A3 with HCR03 and a MSG giving the specific reason, A4 0U with the
// LOINC list while documents are requested, C when the case is cancelled —
// and the event rolled up from the lines. BHT06 is 18 when the case is
// final, 19 while documents are requested. It is written with the
// partner's delimiters through the response encoder, in an interchange
// with control number control (see FinalControl) made at now.
//
// A case that is decided, cancelled, closed out or waiting for documents
// can be answered; any other is refused with an error wrapping ErrNotAnswerable.
func FinalResponse(c *cases.Case, control uint32, now time.Time) ([]byte, error) {
	switch c.State {
	case cases.Decided, cases.Cancelled, cases.WaitingDocuments, cases.ClosedOut:
	default:
		return nil, fmt.Errorf("pipeline: answering case %s: it is %s: %w", c.ID, c.State, ErrNotAnswerable)
	}
	if len(c.Envelope.Delimiters) != 4 {
		return nil, fmt.Errorf("pipeline: answering case %s: delimiters %q: %w", c.ID, c.Envelope.Delimiters, ErrNotAnswerable)
	}
	dl := c.Envelope.Delimiters
	d := edi.Delimiters{Element: dl[0], Repetition: dl[1], Component: dl[2], Segment: dl[3]}
	req, err := x217.Decode(requestSet(c, d))
	if err != nil {
		return nil, fmt.Errorf("pipeline: answering case %s: decoding its request: %w", c.ID, err)
	}
	if len(req.Lines) != len(c.Lines) {
		return nil, fmt.Errorf("pipeline: answering case %s: %d lines decoded, the case has %d: %w", c.ID, len(req.Lines), len(c.Lines), ErrNotAnswerable)
	}
	resp := &x217.Response{Request: req, Date: now.Format("20060102"), Time: now.Format("1504"),
		Lines: make([]x217.Decision, len(c.Lines))}
	for i := range c.Lines {
		ld, err := finalLine(c, i)
		if err != nil {
			return nil, err
		}
		resp.Lines[i] = ld
	}
	resp.Event = finalEvent(c, resp.Lines)
	resp.Pending = resp.Event.Action == adjudicate.ActionPended

	var buf bytes.Buffer
	w := edi.NewWriter(&buf, d.ForOutput(), false)
	env := ack.Envelope{
		SenderQual: c.Envelope.ReceiverQualifier, Sender: c.Envelope.Receiver,
		ReceiverQual: c.Envelope.SenderQualifier, Receiver: c.Envelope.Sender,
		Control: fmt.Sprintf("%09d", control%1_000_000_000), Usage: c.Envelope.Usage, Now: now,
	}
	env.WriteISA(w)
	gctl := strconv.FormatUint(uint64(control%1_000_000_000), 10)
	env.WriteGS(w, "HI", orDefault(c.Envelope.GroupReceiver, c.Envelope.Receiver), orDefault(c.Envelope.GroupSender, c.Envelope.Sender), gctl, x217.Version)
	x217.EncodeResponse(w, resp, "0001")
	ack.WriteGE(w, 1, gctl)
	env.WriteIEA(w, 1)
	if err := w.Flush(); err != nil {
		return nil, fmt.Errorf("pipeline: answering case %s: %w", c.ID, err)
	}
	return buf.Bytes(), nil
}

// requestSet rebuilds the request's transaction set from the case: ST, a
// BHT naming the request's reference, the hierarchy and the lines as the
// partner sent them, SE.
func requestSet(c *cases.Case, d edi.Delimiters) []edi.Segment {
	e := string([]byte{d.Element})
	seg := func(s string) edi.Segment { return edi.MakeSegment([]byte(s), d) }
	ref := orDefault(c.Envelope.Reference, c.ID)
	set := []edi.Segment{
		seg("ST" + e + "278" + e + orDefault(c.Envelope.Set, "0001") + e + orDefault(c.Envelope.Convention, x217.Version)),
		seg("BHT" + e + "0007" + e + "13" + e + ref + e + c.Received.Format("20060102") + e + c.Received.Format("1504")),
	}
	for _, l := range c.Hierarchy {
		for _, s := range l.Segments {
			set = append(set, seg(s))
		}
	}
	for _, l := range c.Lines {
		for _, s := range l.Segments {
			set = append(set, seg(s))
		}
	}
	return append(set, seg("SE"+e+strconv.Itoa(len(set)+1)+e+orDefault(c.Envelope.Set, "0001")))
}

// finalLine is line i's answer: the reviewer's decision, the pend it still
// is while documents are requested, its cancellation, or the engine's own
// answer for a line that never pended.
func finalLine(c *cases.Case, i int) (x217.Decision, error) {
	l := &c.Lines[i]
	key := c.Key()
	switch {
	case c.State == cases.Cancelled:
		return x217.Decision{Action: adjudicate.ActionCancelled, Auth: orDefault(l.Auth, orDefault(l.AdminRef, c.ID))}, nil
	case c.State == cases.ClosedOut && l.Result == adjudicate.ActionPended:
		return x217.Decision{Action: cases.CloseOutHCR01, Auth: adjudicate.RefNumber(key, 'R', i), AdminRef: l.AdminRef,
			Reasons: []string{cases.CloseOutHCR03}, Message: cases.CloseOutMessage(c.Policy)}, nil
	case l.Result == adjudicate.ActionPended && l.Decision != nil:
		ld := l.Decision
		d := x217.Decision{Action: ld.Action.HCR01(), AdminRef: l.AdminRef}
		switch ld.Action {
		case cases.Certify:
			d.Auth = orDefault(ld.Authorization, adjudicate.RefNumber(key, 'C', i))
			d.CertFrom, d.CertTo = ld.From, ld.To
		case cases.Modify:
			d.Auth = orDefault(ld.Authorization, adjudicate.RefNumber(key, 'C', i))
			d.CertFrom, d.CertTo = ld.From, ld.To
			d.Message = "Modified; " + ld.Reason
			if ld.Units != "" {
				d.Message = "Modified to " + ld.Units + " units; " + ld.Reason
			}
		case cases.NotCertify:
			d.Auth = adjudicate.RefNumber(key, 'R', i)
			d.Reasons = []string{ld.Code}
			d.Message = "Not certified under " + orDefault(c.Policy, "the payer's policy") + " (clinical review); " + ld.Reason
		}
		return d, nil
	case l.Result == adjudicate.ActionPended && c.State == cases.WaitingDocuments:
		d := x217.Decision{Action: adjudicate.ActionPended, Reasons: l.Reasons, AdminRef: orDefault(l.AdminRef, c.ID),
			Documents: l.Documents, Message: l.Message}
		if len(l.Documents) > 0 && !slices.Contains(d.Reasons, "0U") {
			d.Reasons = append([]string{"0U"}, d.Reasons...)
		}
		if len(d.Reasons) == 0 {
			d.Reasons = []string{"0U"}
		}
		return d, nil
	case l.Result == adjudicate.ActionPended:
		return x217.Decision{}, fmt.Errorf("pipeline: answering case %s: line %d is pended and undecided: %w", c.ID, l.Number, ErrNotAnswerable)
	case l.Result == "":
		// A line answered with AAA errors: the case does not keep them.
		return x217.Decision{}, fmt.Errorf("pipeline: answering case %s: line %d had request errors the case does not keep: %w", c.ID, l.Number, ErrNotAnswerable)
	}
	return x217.Decision{Action: l.Result, Auth: l.Auth, Reasons: l.Reasons, CertFrom: l.CertFrom, CertTo: l.CertTo, Message: l.Message}, nil
}

// finalEvent rolls the lines up into the 2000E answer, as the engine does
// (DESIGN §5: all A1 → A1, all A3 → A3, A1 and A3 → A2, any A4 → A4, all
// cancelled → C), with a reviewer's modification counted as a
// certification: certified and modified lines alone → A6, with a denial →
// A2. The event always carries the case's REF*NT.
func finalEvent(c *cases.Case, lines []x217.Decision) x217.Decision {
	n := map[string]int{}
	from, to := "", ""
	var reasons []string
	for _, l := range lines {
		n[l.Action]++
		if l.Action == adjudicate.ActionCertified || l.Action == "A6" {
			if l.CertFrom != "" && (from == "" || l.CertFrom < from) {
				from = l.CertFrom
			}
			if t := orDefault(l.CertTo, l.CertFrom); t > to {
				to = t
			}
		}
	}
	collect := func(action string) []string {
		for _, l := range lines {
			if l.Action != action {
				continue
			}
			for _, r := range l.Reasons {
				if !slices.Contains(reasons, r) {
					reasons = append(reasons, r)
				}
			}
		}
		return reasons
	}
	key := c.Key()
	certified := n[adjudicate.ActionCertified] + n["A6"]
	ev := x217.Decision{AdminRef: c.ID}
	switch {
	case n[adjudicate.ActionCancelled] == len(lines):
		ev.Action, ev.Auth = adjudicate.ActionCancelled, c.ID
	case n[adjudicate.ActionPended] > 0:
		ev.Action, ev.Reasons = adjudicate.ActionPended, collect(adjudicate.ActionPended)
	case n[adjudicate.ActionNotCertified] > 0 && certified == 0:
		ev.Action, ev.Auth, ev.Reasons = adjudicate.ActionNotCertified, adjudicate.RefNumber(key, 'R', -1), collect(adjudicate.ActionNotCertified)
	case n[adjudicate.ActionNotCertified] > 0:
		ev.Action, ev.Auth = adjudicate.ActionPartial, adjudicate.RefNumber(key, 'C', -1)
	case n["A6"] > 0:
		ev.Action, ev.Auth = "A6", adjudicate.RefNumber(key, 'C', -1)
	default:
		ev.Action, ev.Auth = adjudicate.ActionCertified, adjudicate.RefNumber(key, 'C', -1)
	}
	if ev.Action == adjudicate.ActionCertified || ev.Action == adjudicate.ActionPartial || ev.Action == "A6" {
		ev.CertFrom, ev.CertTo = from, to
	}
	if ev.Action == adjudicate.ActionPended && len(ev.Reasons) == 0 {
		ev.Reasons = []string{"0U"}
	}
	return ev
}
