// Package pipeline turns one inbound X12 file into all its outputs: TA1 and
// 999 acknowledgments, 278 responses, decision traces and pend notices.
// The offline CLI and the NATS worker both call Process; it is the only
// place where a file becomes answers.
package pipeline

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// Output kinds: what Output.Kind says. The gateway publishes each on the
// subject the output vocabulary (package ops/outputs) gives the same name.
const (
	KindTA1   = "ta1"
	KindAck   = "999"
	Kind278   = "278"
	KindTrace = "trace"
	KindPend  = "pend"
)

// Kinds lists every kind Process emits.
var Kinds = []string{KindTA1, KindAck, Kind278, KindTrace, KindPend}

// Output is one message the file produces.
type Output struct {
	Kind        string
	ID          string // stable identity, derived from the inbound interchange
	Partner     string // the inbound sender (ISA06), for routing
	Policy      string // for pend notices: the policy whose reviewers take it
	Interchange int    // ordinal of the inbound interchange in the file
	Data        []byte
	// Case, on a pend output in emit mode with Options.Cases, is the
	// review case the pended set opens (a draft: its clocks are set by
	// cases.New with the payer's regime). It is not part of the output's
	// bytes.
	Case *cases.Case
	// FollowUp, on a trace output in emit mode with Options.FollowUp, is
	// what a follow-up request brings to the open case it names: the
	// gateway applies it (documents received, and the engine's decision
	// when it now certifies) once the interchange stands.
	FollowUp *cases.FollowUp
	// Answered, on a trace output in emit mode with Options.Cases, is the
	// audit record of a set the engine answered at once (certified, or not
	// certified where the payer lets it deny), for the public report.
	Answered *cases.Event
}

// Options configure Process.
type Options struct {
	Now    time.Time
	Limits edi.Limits
	// Duplicate reports whether an interchange was already received in
	// another file (sender and ISA13); nil checks within the file only.
	Duplicate func(ix *ack.Interchange) bool
	// Rejected is told of each interchange rejected for any reason but
	// duplication, so that a ledger can forget it: the sender may correct
	// and resend it under the same control number.
	Rejected func(ix *ack.Interchange)
	// Config adjudicates accepted transaction sets into 278 responses,
	// traces and pend notices. Nil: acknowledgments only (validate).
	Config *adjudicate.Config
	// Receiver reports whether the gateway answers for the receiver an
	// envelope names (ISA07/ISA08; GS03 with qualifier ""): anything else
	// is rejected (TA1 009, AK905 1). Nil: Config's receivers when Config
	// is set, else every receiver.
	Receiver func(qualifier, id string) bool
	// GroupSender reports whether a group's application sender (GS02) may
	// send in the interchange: anything else is rejected (AK905 1). Nil:
	// every application sender.
	GroupSender func(ix *ack.Interchange, id string) bool
	// Acknowledged, when set, is told of every transaction set as its 999
	// answer is written, with its codes and errors (valid during the call
	// only), for the texts people read (gate278 validate -explain).
	Acknowledged func(ix *ack.Interchange, g *ack.Group, s *ack.Set)
	// File is the inbound file's identity (the gateway's content digest or
	// inbound message ID), "" offline. It is mixed into the control number of
	// the TA1 answering a rejected or duplicate interchange, so that two
	// files repeating one rejected interchange never get two answers with
	// one ISA13 (accepted interchanges are unique by sender and ISA13).
	File string
	// Sinks, when set, make Process stream: every output goes straight to
	// the sink of its kind (traces and pend notices as JSON lines), emit is
	// not called, and memory does not grow with the file. What an envelope
	// rejected at its trailer had written is truncated away.
	Sinks *Sinks
	// Cases, in emit mode, attaches to every pend output the review case
	// the pended set opens (Output.Case); off, nothing is spent on it.
	Cases bool
	// FollowUp, in emit mode, looks up the case a request's 2000E REF*NT
	// (or REF*BB) names in an environment (cases.Production or cases.Test),
	// among the submitting partner's cases only: nil, nil when there is
	// none. Set, a REF*NT naming no open case is answered with an AAA
	// (cases.FollowUpAAA03) and an open one is followed up
	// (Output.FollowUp); nil, such requests are adjudicated like any other.
	FollowUp func(environment, id string) (*cases.Case, error)
}

// Sink receives one kind of output as a stream.
type Sink interface {
	io.Writer
	// Size returns the bytes written so far.
	Size() int64
	// Truncate takes back everything written after the first size bytes.
	Truncate(size int64) error
}

// Sinks are the streams of a streaming Process, one per output kind. A nil
// sink discards its kind.
type Sinks struct {
	TA1, Ack, Response, Trace, Pend Sink
}

// FileReport summarizes what Process did with one file, for metrics and
// logs. It carries control numbers and counts only: never names, IDs or
// dates of people.
type FileReport struct {
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

// SetCounts counts transaction sets, accepted when the set and its group
// and interchange all are, and the IK502 codes seen.
type SetCounts struct {
	Accepted, Rejected int
	Codes              map[string]int
}

// Decisions counts emitted decisions by policy and HCR01 action.
type Decisions map[[2]string]int

// Result returns the file's overall result: "accepted", "partially_accepted"
// or "rejected" (every interchange rejected, or every set rejected).
func (r *FileReport) Result() string {
	acc, rej := r.Sets.Accepted, r.Sets.Rejected
	for _, ix := range r.Interchanges {
		if ix.TA1 != "000" {
			rej++
		}
		for _, g := range ix.Groups {
			if g.Status == "R" {
				rej++
			}
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
// the TA1 (if any), then the 999, then the 278 responses, then the traces
// and pend notices of its transaction sets. With Options.Sinks it writes
// them to the sinks instead. It returns an error only when reading the
// source, adjudicating, emitting or writing fails, or when ctx ends.
//
// Outputs are emitted an interchange at a time, once the interchange
// stands (its trailer is checked), so what emit has received is never taken
// back, and memory holds one interchange's outputs, not the file's. ctx is
// checked before each interchange and transaction set and before each
// emit, and ends the reading of the source: once it is done nothing more is
// emitted and Process returns an error wrapping ctx.Err().
func Process(ctx context.Context, r io.Reader, opts Options, emit func(Output) error) (*FileReport, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now().UTC()
	}
	if ctx.Done() != nil {
		r = ctxReader{ctx: ctx, r: r}
	}
	h := &handler{ctx: ctx, opts: opts, emit: emit, rep: &FileReport{Sets: SetCounts{Codes: map[string]int{}}, Lines: Decisions{}, Events: Decisions{},
		Stages: map[string]time.Duration{}}}
	h.date, h.time = opts.Now.Format("20060102"), opts.Now.Format("1504")
	if opts.Sinks != nil {
		h.stream = true
		h.sinks = *opts.Sinks
	} else {
		h.sinks = Sinks{TA1: &bufSink{}, Ack: &bufSink{}, Response: &bufSink{}, Trace: &bufSink{}, Pend: &bufSink{}}
	}
	receiver := opts.Receiver
	if receiver == nil && opts.Config != nil {
		receiver = opts.Config.Receives
	}
	sum, err := ack.Walk(r, ack.Options{Limits: opts.Limits, Validate: x217.ValidateSet, Duplicate: opts.Duplicate, Receiver: receiver,
		GroupSender: opts.GroupSender}, h)
	h.rep.Bytes = sum.Bytes
	if err != nil {
		return h.rep, fmt.Errorf("pipeline: reading input: %w", err)
	}
	if h.err != nil {
		return h.rep, h.err
	}
	return h.rep, nil
}

// ctxReader stops reading once its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Control derives an outbound interchange control number from the inbound
// interchange's identity and the output kind, so that reprocessing a file
// yields the same numbers. The answer to a rejected interchange also takes
// its position in the file (extra): its identity may repeat that of
// another interchange (a duplicate, TA1 025, has the identity of the one it
// repeats; a synthetic interchange has none), and every interchange the
// gateway writes has its own control number.
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

// answerKey returns what tells the answers to ix apart beyond its
// identity: nothing for an interchange that stands (sender and ISA13 are
// unique among those, which the duplicate check sees to); for a rejected or
// synthetic one, its position in the file and the file's identity.
func answerKey(ix *ack.Interchange, file string) []string {
	if ix.Rejected() || ix.Synthetic {
		if file != "" {
			return []string{"rejected", strconv.Itoa(ix.Ordinal), file}
		}
		return []string{"rejected", strconv.Itoa(ix.Ordinal)}
	}
	return nil
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
