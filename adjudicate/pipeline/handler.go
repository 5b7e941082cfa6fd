package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// handler implements ack.Handler. It writes each kind of output straight
// into its sink and remembers where each interchange and group began, so
// that an envelope rejected at its trailer (IEA or GE counts, control
// numbers) can take back everything it wrote: a rejected envelope never
// leaks an answer.
type handler struct {
	ctx    context.Context
	opts   Options
	emit   func(Output) error
	rep    *FileReport
	err    error
	stream bool
	sinks  Sinks

	date, time string
	dec        x217.Decoder

	ackW, respW *edi.Writer
	ackEnv      ack.Envelope
	respEnv     ack.Envelope
	ack999      *ack.Ack999
	ackOpen     bool // the 999 interchange header is written
	respOpen    bool // the 278 interchange header is written
	grpOpen     bool // the 278 group header is written
	ackGroups   int
	respGroups  int
	grpSets     int
	grpCtrl     string

	ixMark  marks // where the interchange's outputs begin
	grpMark marks // where the group's responses, traces and pends begin

	ixRep  *InterchangeReport
	grpRep *GroupReport
	// sets accepted in the current group and interchange: they count as
	// rejected if their envelope is rejected at its trailer.
	grpAccepted, ixAccepted int

	later, pendingOut           []Output // traces and pends (emit mode)
	traceBuf                    []byte   // reused for each trace (stream mode)
	lines, events               Decisions
	pendingLines, pendingEvents Decisions
}

type marks struct{ ack, resp, trace, pend int64 }

func size(s Sink) int64 {
	if s == nil {
		return 0
	}
	return s.Size()
}

func (h *handler) fail(err error) {
	if h.err == nil && err != nil {
		h.err = err
	}
}

// live reports whether work may go on: no failure yet and the context not
// done (which then becomes the failure).
func (h *handler) live() bool {
	if err := h.ctx.Err(); err != nil {
		h.fail(fmt.Errorf("pipeline: stopped: %w", err))
	}
	return h.err == nil
}

// flush pushes the writers' buffers into the sinks, so that sizes are true.
func (h *handler) flush() {
	for _, w := range []*edi.Writer{h.ackW, h.respW} {
		if w != nil {
			h.fail(w.Flush())
		}
	}
}

func (h *handler) mark() marks {
	h.flush()
	return marks{size(h.sinks.Ack), size(h.sinks.Response), size(h.sinks.Trace), size(h.sinks.Pend)}
}

// rewind takes back everything written after m.
func (h *handler) rewind(m marks) {
	h.flush()
	for _, x := range []struct {
		s Sink
		n int64
	}{{h.sinks.Ack, m.ack}, {h.sinks.Response, m.resp}, {h.sinks.Trace, m.trace}, {h.sinks.Pend, m.pend}} {
		if x.s != nil && x.s.Size() > x.n {
			h.fail(x.s.Truncate(x.n))
		}
	}
}

func writerFor(s Sink, ix *ack.Interchange) *edi.Writer {
	var w io.Writer = io.Discard
	if s != nil {
		w = s
	}
	return edi.NewWriter(w, ix.D.ForOutput(), ix.LineBreaks)
}

func (h *handler) InterchangeStart(ix *ack.Interchange) {
	h.live()
	h.rep.Interchanges = append(h.rep.Interchanges, InterchangeReport{Sender: ix.Sender, Control: ix.Control})
	h.ixRep = &h.rep.Interchanges[len(h.rep.Interchanges)-1]
	h.ackW = writerFor(h.sinks.Ack, ix)
	h.respW = writerFor(h.sinks.Response, ix)
	h.ackOpen, h.respOpen = false, false
	h.ackGroups, h.respGroups = 0, 0
	h.ixMark = h.mark()
	h.ixAccepted = 0
	h.later = h.later[:0]
	h.lines, h.events = Decisions{}, Decisions{}
}

func (h *handler) GroupStart(ix *ack.Interchange, g *ack.Group) {
	h.ixRep.Groups = append(h.ixRep.Groups, GroupReport{Control: g.Control, SetCode: map[string]int{}})
	h.grpRep = &h.ixRep.Groups[len(h.ixRep.Groups)-1]
	h.grpMark = h.mark()
	h.grpOpen = false
	h.grpSets = 0
	h.grpAccepted = 0
	h.pendingOut = h.pendingOut[:0]
	h.pendingLines, h.pendingEvents = Decisions{}, Decisions{}
	if ix.Rejected() {
		return
	}
	if !h.ackOpen {
		h.ackOpen = true
		h.ackEnv = ack.Reply(ix, Control(ix, KindAck), h.opts.Now)
		h.ackEnv.WriteISA(h.ackW)
		h.ackEnv.WriteGS(h.ackW, "FA", orDefault(g.Receiver, ix.Receiver), orDefault(g.Sender, ix.Sender), groupControl(h.ackEnv.Control), ack.Convention999)
	}
	h.ackGroups++
	h.ack999 = ack.Begin999(h.ackW, g, fmt.Sprintf("%04d", h.ackGroups))
}

func (h *handler) Set(ix *ack.Interchange, g *ack.Group, s *ack.Set) {
	if h.opts.Config != nil && s.Accepted() && len(g.Codes) == 0 && h.ack999 != nil && h.live() {
		h.adjudicate(ix, g, s)
	}
	if s.Accepted() {
		h.grpAccepted++
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
	if h.opts.Acknowledged != nil {
		h.opts.Acknowledged(ix, g, s)
	}
}

// openResponse writes the 278 interchange and group headers before the
// group's first response.
func (h *handler) openResponse(ix *ack.Interchange, g *ack.Group) {
	if !h.respOpen {
		h.respOpen = true
		h.respEnv = ack.Reply(ix, Control(ix, Kind278), h.opts.Now)
		h.respEnv.WriteISA(h.respW)
	}
	if !h.grpOpen {
		h.grpOpen = true
		h.grpCtrl = strconv.FormatUint(uint64(Control(ix, Kind278, g.Control)), 10)
		h.respEnv.WriteGS(h.respW, "HI", orDefault(g.Receiver, ix.Receiver), orDefault(g.Sender, ix.Sender), h.grpCtrl, x217.Version)
	}
}

func (h *handler) GroupEnd(ix *ack.Interchange, g *ack.Group) {
	h.grpRep.Status = g.Status()
	h.grpRep.Codes = g.Codes
	if h.ack999 != nil {
		h.ack999.End(g)
		h.ack999 = nil
	}
	if len(g.Codes) > 0 || ix.Rejected() {
		h.rep.Sets.Rejected += h.grpAccepted
	} else {
		h.ixAccepted += h.grpAccepted
	}
	if !h.grpOpen {
		return
	}
	if len(g.Codes) > 0 {
		// A group rejected at its trailer: its responses are never sent.
		keep := h.mark() // the 999 stays: it reports the rejection
		h.rewind(marks{ack: keep.ack, resp: h.grpMark.resp, trace: h.grpMark.trace, pend: h.grpMark.pend})
		if h.grpMark.resp <= h.ixMark.resp {
			h.respOpen = false
		}
		h.grpOpen = false
		return
	}
	ack.WriteGE(h.respW, h.grpSets, h.grpCtrl)
	h.respGroups++
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
		w := writerFor(h.sinks.TA1, ix)
		m := size(h.sinks.TA1)
		key := answerKey(ix, h.opts.File)
		ack.WriteTA1(w, ix, ack.Reply(ix, Control(ix, KindTA1, key...), h.opts.Now))
		h.fail(w.Flush())
		h.emitRange(h.sinks.TA1, m, Output{Kind: KindTA1, ID: OutputID(ix, KindTA1, key...), Partner: ix.Sender, Interchange: ix.Ordinal})
	}
	if ix.Rejected() {
		h.rep.Sets.Rejected += h.ixAccepted
		h.rewind(h.ixMark)
		if ix.Code != "025" && !ix.Synthetic && h.opts.Rejected != nil {
			h.opts.Rejected(ix)
		}
		return
	}
	h.rep.Sets.Accepted += h.ixAccepted
	if h.ackOpen {
		ack.WriteGE(h.ackW, h.ackGroups, groupControl(h.ackEnv.Control))
		h.ackEnv.WriteIEA(h.ackW, 1)
		h.fail(h.ackW.Flush())
		h.emitRange(h.sinks.Ack, h.ixMark.ack, Output{Kind: KindAck, ID: OutputID(ix, KindAck), Partner: ix.Sender, Interchange: ix.Ordinal})
	}
	if h.respOpen {
		h.respEnv.WriteIEA(h.respW, h.respGroups)
		h.fail(h.respW.Flush())
		h.emitRange(h.sinks.Response, h.ixMark.resp, Output{Kind: Kind278, ID: OutputID(ix, Kind278), Partner: ix.Sender, Interchange: ix.Ordinal})
	}
	for _, o := range h.later {
		h.send(o)
	}
	h.later = h.later[:0]
	for k, n := range h.lines {
		h.rep.Lines[k] += n
	}
	for k, n := range h.events {
		h.rep.Events[k] += n
	}
}

// emitRange emits what sink s holds after from as one output, then takes
// it back to keep memory flat (emit mode only; a stream keeps it).
func (h *handler) emitRange(s Sink, from int64, out Output) {
	if h.stream || !h.live() {
		return
	}
	b := s.(*bufSink)
	out.Data = bytes.Clone(b.buf.Bytes()[from:])
	h.fail(b.Truncate(from))
	h.send(out)
}

func (h *handler) send(o Output) {
	if !h.live() || h.emit == nil {
		return
	}
	if err := h.emit(o); err != nil {
		h.fail(fmt.Errorf("pipeline: emitting %s: %w", o.Kind, err))
	}
}

// record keeps a trace or pend notice: a JSON line in its sink when
// streaming, else an output emitted once its group and interchange stand.
func (h *handler) record(s Sink, o Output) {
	if !h.stream {
		h.pendingOut = append(h.pendingOut, o)
		return
	}
	if s == nil {
		return
	}
	if _, err := s.Write(append(o.Data, '\n')); err != nil {
		h.fail(fmt.Errorf("pipeline: writing %s: %w", o.Kind, err))
	}
}

// bufSink is the in-memory Sink of emit mode.
type bufSink struct{ buf bytes.Buffer }

func (b *bufSink) Write(p []byte) (int, error) { return b.buf.Write(p) }
func (b *bufSink) Size() int64                 { return int64(b.buf.Len()) }
func (b *bufSink) Truncate(n int64) error {
	b.buf.Truncate(int(n))
	return nil
}
