// Package pipeline turns one inbound X12 file into all its outputs: TA1 and
// 999 acknowledgments, 278 responses, decision traces and pend notices.
// The offline CLI and the NATS worker both call Process; it is the only
// place where a file becomes answers.
package pipeline

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// Output kinds.
const (
	KindTA1   = "ta1"
	KindAck   = "999"
	Kind278   = "278"
	KindTrace = "trace"
	KindPend  = "pend"
)

// Output is one message the file produces.
type Output struct {
	Kind        string
	ID          string // stable identity, derived from the inbound interchange
	Partner     string // the inbound sender (ISA06), for routing
	Policy      string // for pend notices: the policy whose reviewers take it
	Interchange int    // ordinal of the inbound interchange in the file
	Data        []byte
}

// Options configure Process.
type Options struct {
	Now    time.Time
	Limits edi.Limits
	// Duplicate reports whether an interchange was already received in
	// another file (sender and ISA13); nil checks within the file only.
	Duplicate func(ix *ack.Interchange) bool
	// Config adjudicates accepted transaction sets into 278 responses,
	// traces and pend notices. Nil: acknowledgments only (validate).
	Config *adjudicate.Config
}

// Report summarizes what Process did, for metrics and logs. It carries
// control numbers and counts only: never names, IDs or dates of people.
type Report struct {
	Interchanges []InterchangeReport
	Sets         SetCounts
	Bytes        int64
	Lines        Decisions // 2000F decisions of emitted responses
	Events       Decisions // 2000E decisions of emitted responses
	Stages       map[string]time.Duration
}

// InterchangeReport is the outcome of one interchange.
type InterchangeReport struct {
	Sender  string // ISA06
	Control string // ISA13
	TA1     string // TA105 code
	Groups  []GroupReport
}

// GroupReport is the outcome of one functional group.
type GroupReport struct {
	Control string   // GS06
	Status  string   // AK901
	Codes   []string // AK905…
	SetCode map[string]int
}

// SetCounts counts transaction sets by IK501 and the IK502 codes seen.
type SetCounts struct {
	Accepted, Rejected int
	Codes              map[string]int
}

// Decisions counts emitted decisions by policy and HCR01 action.
type Decisions map[[2]string]int

// Result returns the file's overall result: "accepted", "partially_accepted"
// or "rejected" (every interchange rejected, or every set rejected).
func (r *Report) Result() string {
	acc, rej := r.Sets.Accepted, r.Sets.Rejected
	for _, ix := range r.Interchanges {
		if ix.TA1 != "000" {
			rej++
		}
	}
	switch {
	case acc == 0:
		return "rejected"
	case rej > 0:
		return "partially_accepted"
	}
	return "accepted"
}

// Process reads one file and emits its outputs in order: per interchange,
// the TA1 (if any), then the 999, then the 278 responses. It returns an
// error only when reading the source or emitting fails.
func Process(r io.Reader, opts Options, emit func(Output) error) (*Report, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now().UTC()
	}
	h := &handler{opts: opts, emit: emit, rep: &Report{Sets: SetCounts{Codes: map[string]int{}}, Lines: Decisions{}, Events: Decisions{},
		Stages: map[string]time.Duration{}}}
	h.date, h.time = opts.Now.Format("20060102"), opts.Now.Format("1504")
	sum, err := ack.Walk(r, ack.Options{Limits: opts.Limits, Validate: x217.Validate, Duplicate: opts.Duplicate}, h)
	h.rep.Bytes = sum.Bytes
	if err != nil {
		return h.rep, fmt.Errorf("pipeline: reading input: %w", err)
	}
	if h.err != nil {
		return h.rep, h.err
	}
	return h.rep, nil
}

// handler implements ack.Handler: it writes the 999 and the responses of
// each interchange into buffers and emits them when the interchange ends,
// so that an envelope rejected at its trailer never leaks an answer.
type handler struct {
	opts Options
	emit func(Output) error
	rep  *Report
	err  error

	ackBuf bytes.Buffer
	ackW   *edi.Writer
	ackEnv ack.Envelope
	ack999 *ack.Ack999
	groups int
	ixRep  *InterchangeReport
	grpRep *GroupReport

	date, time string
	// 278 responses: the current group's sets, then the interchange's groups.
	grpBuf, respBuf bytes.Buffer
	grpW, respW     *edi.Writer
	grpSets         int
	respGroups      int
	respEnv         ack.Envelope
	later           []Output // traces and pend notices, emitted after the 278
	lines, events   Decisions
	// the current group's, kept only if the group is accepted
	pendingOut                  []Output
	pendingLines, pendingEvents Decisions
}

func (h *handler) InterchangeStart(ix *ack.Interchange) {
	h.rep.Interchanges = append(h.rep.Interchanges, InterchangeReport{Sender: ix.Sender, Control: ix.Control})
	h.ixRep = &h.rep.Interchanges[len(h.rep.Interchanges)-1]
	h.ackBuf.Reset()
	h.ackW = nil
	h.groups = 0
	h.respBuf.Reset()
	h.respW = nil
	h.respGroups = 0
	h.later = h.later[:0]
	h.lines, h.events = Decisions{}, Decisions{}
}

func (h *handler) GroupStart(ix *ack.Interchange, g *ack.Group) {
	h.ixRep.Groups = append(h.ixRep.Groups, GroupReport{Control: g.Control, SetCode: map[string]int{}})
	h.grpRep = &h.ixRep.Groups[len(h.ixRep.Groups)-1]
	if ix.Rejected() {
		return
	}
	if h.ackW == nil {
		h.ackEnv = ack.Reply(ix, Control(ix, KindAck), h.opts.Now)
		h.ackW = edi.NewWriter(&h.ackBuf, ix.D, ix.LineBreaks)
		h.ackEnv.WriteISA(h.ackW)
		h.ackEnv.WriteGS(h.ackW, "FA", orDefault(g.Receiver, ix.Receiver), orDefault(g.Sender, ix.Sender), groupControl(h.ackEnv.Control), ack.Convention999)
	}
	h.groups++
	h.ack999 = ack.Begin999(h.ackW, g, fmt.Sprintf("%04d", h.groups))
	h.grpBuf.Reset()
	h.grpW = edi.NewWriter(&h.grpBuf, ix.D, ix.LineBreaks)
	h.grpSets = 0
	h.pendingOut = h.pendingOut[:0]
	h.pendingLines, h.pendingEvents = Decisions{}, Decisions{}
}

func (h *handler) Set(ix *ack.Interchange, g *ack.Group, s *ack.Set) {
	if h.opts.Config != nil && s.Accepted() && h.ack999 != nil && h.err == nil {
		h.adjudicate(ix, g, s)
	}
	if s.Accepted() {
		h.rep.Sets.Accepted++
	} else {
		h.rep.Sets.Rejected++
	}
	for _, c := range s.Codes {
		h.rep.Sets.Codes[c]++
		h.grpRep.SetCode[c]++
	}
	if h.ack999 != nil {
		h.ack999.Set(s)
	}
}

func (h *handler) GroupEnd(ix *ack.Interchange, g *ack.Group) {
	h.grpRep.Status = g.Status()
	h.grpRep.Codes = g.Codes
	if h.ack999 != nil {
		h.ack999.End(g)
		h.ack999 = nil
	}
	if len(g.Codes) > 0 || h.grpSets == 0 || h.grpW == nil {
		return // a rejected group's responses are never sent
	}
	if err := h.grpW.Flush(); err != nil {
		h.err = fmt.Errorf("pipeline: writing 278: %w", err)
		return
	}
	if h.respW == nil {
		h.respEnv = ack.Reply(ix, Control(ix, Kind278), h.opts.Now)
		h.respW = edi.NewWriter(&h.respBuf, ix.D, ix.LineBreaks)
		h.respEnv.WriteISA(h.respW)
	}
	h.respGroups++
	ctrl := strconv.FormatUint(uint64(Control(ix, Kind278, g.Control)), 10)
	h.respEnv.WriteGS(h.respW, "HI", orDefault(g.Receiver, ix.Receiver), orDefault(g.Sender, ix.Sender), ctrl, x217.Version)
	h.respW.Verbatim(h.grpBuf.String())
	ack.WriteGE(h.respW, h.grpSets, ctrl)
	for k, n := range h.pendingLines {
		h.lines[k] += n
	}
	for k, n := range h.pendingEvents {
		h.events[k] += n
	}
	h.later = append(h.later, h.pendingOut...)
}

func (h *handler) InterchangeEnd(ix *ack.Interchange) {
	h.ixRep.TA1 = ix.Code
	if ix.WantsTA1() {
		var b bytes.Buffer
		w := edi.NewWriter(&b, ix.D, ix.LineBreaks)
		ack.WriteTA1(w, ix, ack.Reply(ix, Control(ix, KindTA1), h.opts.Now))
		h.flush(w, &b, Output{Kind: KindTA1, ID: OutputID(ix, KindTA1), Partner: ix.Sender, Interchange: ix.Ordinal})
	}
	if ix.Rejected() || h.ackW == nil {
		return
	}
	ack.WriteGE(h.ackW, h.groups, groupControl(h.ackEnv.Control))
	h.ackEnv.WriteIEA(h.ackW, 1)
	h.flush(h.ackW, &h.ackBuf, Output{Kind: KindAck, ID: OutputID(ix, KindAck), Partner: ix.Sender, Interchange: ix.Ordinal})
	if h.respW == nil {
		return
	}
	h.respEnv.WriteIEA(h.respW, h.respGroups)
	h.flush(h.respW, &h.respBuf, Output{Kind: Kind278, ID: OutputID(ix, Kind278), Partner: ix.Sender, Interchange: ix.Ordinal})
	for _, o := range h.later {
		if h.err == nil {
			if err := h.emit(o); err != nil {
				h.err = fmt.Errorf("pipeline: emitting %s: %w", o.Kind, err)
			}
		}
	}
	for k, n := range h.lines {
		h.rep.Lines[k] += n
	}
	for k, n := range h.events {
		h.rep.Events[k] += n
	}
}

func (h *handler) flush(w *edi.Writer, buf *bytes.Buffer, out Output) {
	if h.err != nil {
		return
	}
	if err := w.Flush(); err != nil {
		h.err = fmt.Errorf("pipeline: writing %s: %w", out.Kind, err)
		return
	}
	out.Data = bytes.Clone(buf.Bytes())
	if err := h.emit(out); err != nil {
		h.err = fmt.Errorf("pipeline: emitting %s: %w", out.Kind, err)
	}
}

// Control derives an outbound interchange control number from the inbound
// interchange's identity and the output kind, so that reprocessing a file
// yields the same numbers.
func Control(ix *ack.Interchange, kind string, extra ...string) uint32 {
	f := fnv.New32a()
	for _, p := range append([]string{ix.SenderQual, ix.Sender, ix.Control, kind}, extra...) {
		f.Write([]byte(p))
		f.Write([]byte{0x1f})
	}
	n := f.Sum32() % 1_000_000_000
	if n == 0 {
		n = 1
	}
	return n
}

// OutputID is the stable identity of an output (its Nats-Msg-Id).
func OutputID(ix *ack.Interchange, kind string, extra ...string) string {
	id := fmt.Sprintf("%s/%s/%s/%s", ix.SenderQual, ix.Sender, ix.Control, kind)
	for _, e := range extra {
		id += "/" + e
	}
	return id
}

// groupControl derives GS06 from the interchange control number.
func groupControl(isa13 string) string {
	// Strip leading zeros; a GS06 of up to nine digits.
	for len(isa13) > 1 && isa13[0] == '0' {
		isa13 = isa13[1:]
	}
	return isa13
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
