// Package gateway joins the X12 pipeline to the NATS worker: it turns each
// inbound file into transport outputs on the gateway's subjects, keeps the
// duplicate-interchange ledger, records metrics and writes one log line per
// file — control numbers and counts, never PHI.
package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// Recorder receives the X12-level outcomes of a file (ops/metrics
// implements it).
type Recorder interface {
	File(result string)
	TransactionSet(result string)
	Line(policy, action string)
	Event(policy, action string)
	Rejection(ack, code string)
	Stage(stage string, d time.Duration)
}

// Claimer is the duplicate-interchange ledger (transport.Ledger).
type Claimer interface {
	Claim(ctx context.Context, key, value string) (prior string, fresh bool, err error)
	Release(ctx context.Context, key string) error
}

// ledgerKey is an interchange's key in the duplicate ledger: the submitting
// partner, the sender and ISA13, so that one partner can never block
// another's interchanges.
func ledgerKey(partner string, ix *ack.Interchange) string {
	return "isa/" + partner + "/" + ix.SenderQual + "/" + ix.Sender + "/" + ix.Control
}

// Handler is the transport handler for 278 files.
type Handler struct {
	Config   *adjudicate.Config
	Ledger   Claimer // nil: duplicates are detected within a file only
	Recorder Recorder
	// Partners is the partner registry: an interchange whose sender
	// (ISA05/ISA06) does not belong to the partner that submitted the file
	// is rejected with TA1 006 and kept (CheckSender); a functional group
	// whose application sender (GS02) is not the partner's, with a 999
	// AK905 1 (CheckGroupSender). Nil: not checked.
	Partners *Registry
	Logger   *slog.Logger
	// Now is the clock (tests fix it); nil means the time JetStream stored
	// the file (Message.Stored), so that a file's answers are a function of
	// the file: a redelivered file publishes the same answers, byte for
	// byte, and the worker can tell them from a forgery stored under their
	// IDs (transport.ErrOutputConflict).
	Now func() time.Time
	// Cases, when set, opens the review case of every pended set as its
	// pend notice is published (casestore.Opener).
	Cases CaseOpener
}

// CaseOpener stores the review case a pended set opens; a case that exists
// already is not an error.
type CaseOpener interface {
	OpenCase(ctx context.Context, draft cases.Case) error
	// Lookup reads the case a follow-up request names among partner's
	// cases (nil, nil: none); FollowUp applies the follow-up to it.
	Lookup(ctx context.Context, partner, environment, id string) (*cases.Case, error)
	FollowUp(ctx context.Context, partner string, f cases.FollowUp) error
	// Answered records a request answered at once (cases.Answered).
	Answered(ctx context.Context, ev cases.Event) error
}

// HeaderOutputOf names, on every output, the output's own identity within
// the file (sender/ISA13/kind[/GS06/ST02]) so a reader can tell the
// outputs of a file apart without parsing them.
const HeaderOutputOf = "Gate278-Output-Of"

var _ transport.Handler = (*Handler)(nil)

// Handle implements transport.Handler: it runs the pipeline over the file
// and publishes each output as the pipeline emits it (an interchange at a
// time, once the interchange stands), then, if anything was rejected, a
// copy of the input. The input is read once.
func (h *Handler) Handle(ctx context.Context, m *transport.Message, out transport.Publisher) error {
	start := time.Now()
	rc, err := m.Open(ctx)
	if err != nil {
		return err
	}
	defer rc.Close()
	f := h.file(ctx, m)
	decided, err := h.decidedAt(ctx, m, f.identity)
	if err != nil {
		return fmt.Errorf("gateway: file ledger: %w", err)
	}
	rep, err := pipeline.Process(ctx, rc, f.options(decided), func(o pipeline.Output) error { return f.publish(out, o) })
	if f.ledgerErr != nil {
		return fmt.Errorf("gateway: duplicate ledger: %w", f.ledgerErr)
	}
	if err != nil {
		return fmt.Errorf("gateway: processing %s: %w", m.ID, err)
	}
	if reasons := rejections(rep); reasons != "" {
		// The input leaves X12_IN with its ack: keep a copy of a file that
		// was rejected, whole or in part, for whoever investigates it.
		if err := out.Publish(ctx, keepRejected(m, f.identity, reasons)); err != nil {
			return fmt.Errorf("gateway: keeping rejected input %s: %w", m.ID, err)
		}
		f.published++
	}
	h.record(rep)
	published := f.published
	m.OnAnswered(func() { h.logAnswered(m, rep, published, time.Since(start)) })
	return nil
}

// decidedAt is the time a file is decided at: the time JetStream first
// stored the same bytes from the same partner, as the ledger remembers it
// (key file/<partner>/<digest>), so that a resubmitted or redriven file gets
// the answers its first submission got, byte for byte; else this message's.
// (A file already answered and indexed is not handled again at all: the
// worker publishes its stored answers, see transport's replay.go; this is
// for a file whose first handling was interrupted.)
func (h *Handler) decidedAt(ctx context.Context, m *transport.Message, identity string) (time.Time, error) {
	if h.Now != nil {
		return h.Now(), nil
	}
	first := m.Stored.UTC()
	if h.Ledger == nil {
		return first, nil
	}
	prior, fresh, err := h.Ledger.Claim(ctx, fileKey(m.Partner, identity), first.Format(time.RFC3339Nano))
	if err != nil || fresh {
		return first, err
	}
	t, perr := time.Parse(time.RFC3339Nano, prior)
	if perr != nil {
		h.logger().Warn("file ledger: unreadable entry; deciding the file now", "inbound", m.ID, "error", perr)
		return first, nil
	}
	return t, nil
}

// fileKey is a file's key in the ledger.
func fileKey(partner, identity string) string { return "file/" + partner + "/" + identity }

// file is the state of one inbound file while Handle runs.
type file struct {
	ctx      context.Context // Handle's
	h        *Handler
	m        *transport.Message
	identity string // the file's identity in the ledger and in output IDs
	// ledgerErr is the first ledger failure: the file is retried, and
	// nothing more of it is published (a duplicate could pass unseen).
	ledgerErr error
	published int
}

func (h *Handler) file(ctx context.Context, m *transport.Message) *file {
	// The file's identity: its content digest when the submitter sent one,
	// else the inbound identity.
	identity := m.Header.Get(transport.HeaderContentDigest)
	if identity == "" {
		identity = m.ID
	}
	return &file{ctx: ctx, h: h, m: m, identity: identity}
}

func (f *file) options(now time.Time) pipeline.Options {
	o := pipeline.Options{Now: now, Config: f.h.Config, Duplicate: f.duplicate, Rejected: f.rejected, File: f.identity,
		GroupSender: f.groupSender, Cases: f.h.Cases != nil}
	if f.h.Cases != nil {
		o.FollowUp = func(environment, id string) (*cases.Case, error) {
			return f.h.Cases.Lookup(f.ctx, f.m.Partner, environment, id)
		}
	}
	return o
}

// groupSender checks a group's application sender (GS02) against the
// partner (CheckGroupSender): a group of another partner's is rejected by
// the 999 (AK905 1).
func (f *file) groupSender(ix *ack.Interchange, gs02 string) bool {
	if CheckGroupSender(f.h.Partners, f.m.Partner, gs02) {
		return true
	}
	f.h.logger().Warn("group sender (GS02) does not belong to the submitting partner: 999 AK905 1",
		"inbound", f.m.ID, "partner", f.m.Partner, "sender", ix.Sender, "control", ix.Control, "group_sender", strings.TrimSpace(gs02))
	return false
}

// duplicate checks the interchange's sender against the partner, then claims
// the interchange in the ledger; it is a duplicate when another file claimed
// it first.
func (f *file) duplicate(ix *ack.Interchange) bool {
	if !CheckSender(f.h.Partners, f.m.Partner, ix) {
		f.h.logger().Warn("interchange sender does not belong to the submitting partner: TA1 006",
			"inbound", f.m.ID, "partner", f.m.Partner, "sender_qualifier", ix.SenderQual, "sender", ix.Sender, "control", ix.Control)
		return false
	}
	if f.h.Ledger == nil || f.ledgerErr != nil {
		return false
	}
	prior, fresh, err := f.h.Ledger.Claim(f.ctx, ledgerKey(f.m.Partner, ix), f.identity)
	if err != nil {
		f.ledgerErr = err
		return false
	}
	return !fresh && prior != f.identity
}

// rejected forgets a rejected interchange: its sender may correct it and
// send it again with the same control number.
func (f *file) rejected(ix *ack.Interchange) {
	if ix.Code == ack.TA1Sender {
		return // never claimed
	}
	if f.h.Ledger != nil && f.ledgerErr == nil {
		if err := f.h.Ledger.Release(f.ctx, ledgerKey(f.m.Partner, ix)); err != nil {
			f.ledgerErr = err
		}
	}
}

// publish publishes one pipeline output, unless the ledger has failed.
func (f *file) publish(out transport.Publisher, o pipeline.Output) error {
	if f.ledgerErr != nil {
		return fmt.Errorf("gateway: duplicate ledger: %w", f.ledgerErr)
	}
	msg, err := outbound(o, f.m.Partner, f.identity)
	if err != nil {
		return err
	}
	if err := out.Publish(f.ctx, msg); err != nil {
		return err
	}
	f.published++
	if o.Case != nil && f.h.Cases != nil {
		c := *o.Case
		c.Partner = f.m.Partner // the answer goes where the request came from
		if err := f.h.Cases.OpenCase(f.ctx, c); err != nil {
			return fmt.Errorf("gateway: opening the case of %s: %w", o.ID, err)
		}
	}
	if o.FollowUp != nil && f.h.Cases != nil {
		if err := f.h.Cases.FollowUp(f.ctx, f.m.Partner, *o.FollowUp); err != nil {
			return fmt.Errorf("gateway: following up case %s: %w", o.FollowUp.ID, err)
		}
	}
	if o.Answered != nil && f.h.Cases != nil {
		if err := f.h.Cases.Answered(f.ctx, *o.Answered); err != nil {
			return fmt.Errorf("gateway: recording answered request %s: %w", o.Answered.Case, err)
		}
	}
	return nil
}

// CheckSender reports whether an interchange's sender (ISA05/ISA06) belongs,
// in the registry, to the partner that submitted the file. If not, it
// rejects the interchange with TA1 006 (invalid interchange sender ID): no
// decision is made, the TA1 says why, and the file is kept on
// x12.rejected.<partner>. A nil registry accepts every sender.
//
// It runs as the pipeline's duplicate check (pipeline.Options.Duplicate),
// the one hook the pipeline calls for every interchange whose envelope is
// sound, and sets the interchange's code itself.
func CheckSender(r *Registry, partner string, ix *ack.Interchange) bool {
	if r == nil {
		return true
	}
	if owner, ok := r.Owner(ix.SenderQual, ix.Sender); ok && owner == partner {
		return true
	}
	ix.Code = ack.TA1Sender
	return false
}

// logAnswered writes the file's one log line: control numbers and counts,
// never PHI.
func (h *Handler) logAnswered(m *transport.Message, rep *pipeline.FileReport, outputs int, took time.Duration) {
	attrs := []any{"result", fileResult(rep), "bytes", rep.Bytes, "sets_accepted", rep.Sets.Accepted, "sets_rejected", rep.Sets.Rejected,
		"outputs", outputs, "duration", took}
	for _, ix := range rep.Interchanges {
		attrs = append(attrs, slog.Group("interchange", "sender", ix.Sender, "control", ix.Control, "ta1", ix.TA1, "groups", len(ix.Groups)))
	}
	h.logger().Info("file answered", append([]any{"inbound", m.ID, "subject", m.Subject, "seq", m.Seq, "delivered", m.Delivered}, attrs...)...)
}

// outbound maps a pipeline output to its message: on its kind's subject for
// the partner (for a pend notice, the policy), with an ID that names the
// output, the partner and the content of the file it answers: the same
// bytes submitted by two partners are two files with their own answers.
func outbound(o pipeline.Output, partner, identity string) (transport.Outbound, error) {
	k, ok := outputs.Kinds.Lookup(o.Kind)
	if !ok {
		return transport.Outbound{}, transport.Permanent(fmt.Errorf("gateway: pipeline output kind %q is not an output kind", o.Kind))
	}
	token := partner
	if k.Token == outputs.TokenPolicy {
		token = subjectToken(o.Policy)
	}
	return transport.Outbound{
		Kind:    k.Name,
		Subject: k.Subject(token),
		ID:      o.ID + "@" + partner + "/" + shortID(identity),
		Header:  nats.Header{HeaderOutputOf: []string{o.ID}},
		Data:    o.Data,
	}, nil
}

func (h *Handler) logger() *slog.Logger {
	if h.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Logger
}

// fileResult is the file's metric result, duplicates told apart.
func fileResult(rep *pipeline.FileReport) string {
	if len(rep.Interchanges) > 0 {
		dup := true
		for _, ix := range rep.Interchanges {
			dup = dup && ix.TA1 == "025"
		}
		if dup {
			return "duplicate"
		}
	}
	return rep.Result()
}

func (h *Handler) record(rep *pipeline.FileReport) {
	r := h.Recorder
	if r == nil {
		return
	}
	r.File(fileResult(rep))
	recordSets(r, rep)
	recordRejections(r, rep)
	recordDecisions(r, rep)
	for stage, d := range rep.Stages {
		r.Stage(stage, d)
	}
}

func recordSets(r Recorder, rep *pipeline.FileReport) {
	for range rep.Sets.Accepted {
		r.TransactionSet("accepted")
	}
	for range rep.Sets.Rejected {
		r.TransactionSet("rejected")
	}
}

// recordRejections counts every TA1 and 999 code sent.
func recordRejections(r Recorder, rep *pipeline.FileReport) {
	for code, n := range rep.Sets.Codes {
		for range n {
			r.Rejection("999", code)
		}
	}
	for _, ix := range rep.Interchanges {
		if ix.TA1 != "000" {
			r.Rejection("ta1", ix.TA1)
		}
		for _, g := range ix.Groups {
			for _, c := range g.Codes {
				r.Rejection("999", c)
			}
		}
	}
}

func recordDecisions(r Recorder, rep *pipeline.FileReport) {
	for k, n := range rep.Lines {
		for range n {
			r.Line(k[0], k[1])
		}
	}
	for k, n := range rep.Events {
		for range n {
			r.Event(k[0], k[1])
		}
	}
}

// HeaderRejected lists, on a kept copy of a rejected input, what was
// rejected: "ta1:<TA105>" per interchange, "999:<AK9/IK5 codes>" per group.
const HeaderRejected = "Gate278-Rejected"

// rejections summarizes what a file had rejected, "" when nothing was.
func rejections(rep *pipeline.FileReport) string {
	var parts []string
	for _, ix := range rep.Interchanges {
		if ix.TA1 != "000" {
			parts = append(parts, "ta1:"+ix.TA1)
			continue
		}
		for _, g := range ix.Groups {
			codes := append([]string(nil), g.Codes...)
			for c := range g.SetCode {
				codes = append(codes, c)
			}
			if g.Status != "A" || len(codes) > 0 {
				sort.Strings(codes)
				parts = append(parts, "999:"+g.Status+"/"+strings.Join(codes, "/"))
			}
		}
	}
	return strings.Join(parts, " ")
}

// keepRejected is the output that keeps a copy of the input: the inbound
// file itself, not read again (its bytes, or for a claim-checked file a
// reference to its object), with what was rejected in HeaderRejected.
func keepRejected(m *transport.Message, identity, reasons string) transport.Outbound {
	kept, _ := outputs.Kinds.Lookup(outputs.KindRejected)
	return transport.Outbound{
		Kind:        kept.Name,
		Subject:     kept.Subject(m.Partner),
		ID:          "rejected@" + m.Partner + "/" + shortID(identity),
		Header:      nats.Header{HeaderRejected: []string{reasons}},
		CopyInbound: true,
	}
}

// shortID shortens an identity for use in a message ID.
func shortID(s string) string {
	if strings.HasPrefix(s, "sha256:") && len(s) >= 7+16 {
		return s[7 : 7+16]
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// subjectToken makes a policy ID safe as one subject token.
func subjectToken(s string) string {
	if s == "" {
		return "none"
	}
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '*' || r == '>' || r == ' ' {
			return '_'
		}
		return r
	}, s)
}
