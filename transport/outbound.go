package transport

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/ops/outputs"
)

// Outbound is one message the handler publishes in answer to the inbound
// file it handles.
type Outbound struct {
	Kind    string      // a name of the worker's output table (WorkerConfig.Outputs); a metric label
	Subject string      // one of the kind's subjects (its prefix and one token)
	ID      string      // becomes Nats-Msg-Id (derived by the handler from the inbound identity)
	Header  nats.Header // may be nil
	Data    []byte
	// CopyInbound makes the body the inbound file itself (Data must be
	// empty), read from nowhere: the inline bytes, or for a claim-checked
	// file a reference to its X12_LARGE object, which is then kept after
	// the ack instead of being deleted (it expires with the bucket's max
	// age).
	CopyInbound bool
}

// validate checks o against the closed set of output kinds.
func (o *Outbound) validate(kinds outputs.Table) error {
	k, ok := kinds.Lookup(o.Kind)
	if !ok {
		return fmt.Errorf("output kind %q is not one of %s", o.Kind, strings.Join(kinds.Names(), ", "))
	}
	if o.ID == "" {
		return fmt.Errorf("output %s on %s has no ID", o.Kind, o.Subject)
	}
	if !validSubject(o.Subject) || !k.Owns(o.Subject) {
		return fmt.Errorf("output %s has invalid subject %q (want %s<token>)", o.Kind, o.Subject, k.Prefix)
	}
	if o.CopyInbound && len(o.Data) > 0 {
		return fmt.Errorf("output %s %s copies the inbound file and has a body too", o.Kind, o.ID)
	}
	return nil
}

// The publish window bounds the outputs of one file awaiting their PubAck:
// at most publishWindow messages and publishWindowBytes bytes, so a file's
// memory in the worker stays bounded whatever its number of outputs. The
// windows of all files handled at once stay within the JetStream client's
// limit of outstanding asynchronous publishes (clientAsyncLimit, the
// default of jetstream.WithPublishAsyncMaxPending): see Worker.window.
const (
	publishWindow      = 256
	publishWindowBytes = 16 << 20
	clientAsyncLimit   = 4000
)

// window is the number of one file's outputs that may await their PubAck.
func window(workers int) int { return min(publishWindow, max(clientAsyncLimit/max(workers, 1), 1)) }

// outputPublisher is the Publisher of one delivery. Inline outputs go out
// asynchronously, a window at a time; claim-checked ones one by one.
type outputPublisher struct {
	w       *Worker
	m       *Message
	pending []pendingAck
	bytes   int
	// keepsObject says an output refers to the inbound claim-check object.
	keepsObject bool
	// stored is where the file's outputs are stored (for the answers
	// index): this publish's, or the original a duplicate matched.
	stored []storedRef
	// replayed says the file was answered with its stored answers (see
	// replay.go): its index stays as it is.
	replayed bool
	err      error // the first failure; every later Publish returns it
}

type pendingAck struct {
	f                 jetstream.PubAckFuture
	kind, id, subject string
	print             string // fingerprint of the body
	size              int
	start             time.Time
}

var _ Publisher = (*outputPublisher)(nil)

func (w *Worker) publisher(m *Message) *outputPublisher { return &outputPublisher{w: w, m: m} }

// Publish implements Publisher.
func (p *outputPublisher) Publish(ctx context.Context, o Outbound) error {
	if p.err == nil {
		p.err = p.publish(ctx, &o)
	}
	return p.err
}

func (p *outputPublisher) publish(ctx context.Context, o *Outbound) error {
	if err := o.validate(p.w.cfg.Outputs); err != nil {
		return Permanent(fmt.Errorf("transport: handler published a bad output: %w", err))
	}
	msg := p.w.outputMsg(p.m, o)
	size := len(msg.Data)
	if o.CopyInbound {
		p.m.copyPayload(msg)
		p.keepsObject = p.keepsObject || p.m.object != ""
		size = int(p.m.Size)
	}
	if int64(len(msg.Data)) > inlineLimit(p.w.js.Conn()) {
		ref, err := p.w.publishLarge(ctx, p.m, msg, o)
		if err == nil {
			p.stored = append(p.stored, ref)
		}
		return err
	}
	print := fingerprint(msg.Header, msg.Data)
	p.w.sealPrinted(msg, o.ID, print)
	// Should the client's limit be reached anyway (the connection shared
	// with other publishers), wait for room rather than fail.
	f, err := p.w.js.PublishMsgAsync(msg, jetstream.WithMsgID(o.ID), jetstream.WithStallWait(p.w.cfg.AckTimeout))
	if err != nil {
		return fmt.Errorf("transport: publish %s output %s: %w", o.Kind, o.ID, err)
	}
	p.pending = append(p.pending, pendingAck{f: f, kind: o.Kind, id: o.ID, subject: msg.Subject, print: print, size: size, start: time.Now()})
	p.bytes += len(msg.Data)
	if len(p.pending) >= p.w.window || p.bytes >= publishWindowBytes {
		return p.wait(ctx)
	}
	return nil
}

// wait returns once JetStream has acknowledged every output published so
// far (each window within AckTimeout).
func (p *outputPublisher) wait(ctx context.Context) error {
	if p.err != nil {
		return p.err
	}
	ctx, cancel := context.WithTimeout(ctx, p.w.cfg.AckTimeout)
	defer cancel()
	for _, a := range p.pending {
		select {
		case ack := <-a.f.Ok():
			p.stored = append(p.stored, storedRef{Stream: ack.Stream, Seq: ack.Sequence})
			if ack.Duplicate {
				p.err = p.w.verifyStored(ctx, p.m, a.kind, a.id, a.subject, a.print, ack)
				break
			}
			p.w.obs.Published(a.kind, a.size, time.Since(a.start))
		case err := <-a.f.Err():
			p.err = fmt.Errorf("transport: publish %s output %s: %w", a.kind, a.id, err)
		case <-ctx.Done():
			p.err = fmt.Errorf("transport: publish %s output %s: %w", a.kind, a.id, ctx.Err())
		}
		if p.err != nil {
			return p.err
		}
	}
	p.pending, p.bytes = p.pending[:0], 0
	return nil
}

// outcome is the result of handling the file, given the handler's error:
// the handler's own error, else the publisher's (a handler that drops an
// error of Publish does not make a failed publish succeed). A Permanent
// publisher error (a bad output) stays Permanent.
func (p *outputPublisher) outcome(handlerErr error) error {
	switch {
	case p.err == nil:
		return handlerErr
	case handlerErr == nil, IsPermanent(p.err) && !IsPermanent(handlerErr):
		return p.err
	}
	return handlerErr
}

// outputMsg builds the message of one output, with the headers naming the
// inbound file it answers.
func (w *Worker) outputMsg(m *Message, o *Outbound) *nats.Msg {
	msg := &nats.Msg{Subject: o.Subject, Header: cloneHeader(o.Header), Data: o.Data}
	stripNATSHeaders(msg.Header)
	msg.Header.Set(HeaderInboundID, m.ID)
	msg.Header.Set(HeaderInboundSubject, m.Subject)
	msg.Header.Set(HeaderInboundSeq, strconv.FormatUint(m.Seq, 10))
	msg.Header.Set(HeaderKind, o.Kind)
	return msg
}

// publishLarge publishes an output too large to go inline through the
// object store, synchronously. Every attempt writes an object of its own
// (a published object is never rewritten); one JetStream drops as a
// duplicate is deleted again once the stored answer is verified.
func (w *Worker) publishLarge(ctx context.Context, m *Message, msg *nats.Msg, o *Outbound) (storedRef, error) {
	start, size := time.Now(), len(msg.Data)
	ctx, cancel := context.WithTimeout(ctx, w.cfg.AckTimeout)
	defer cancel()
	bucket, name := w.outputBucket(ctx, o.Kind, m.Partner), "out/"+randomName()
	ack, err := publishClaimChecked(ctx, w.js, bucket, msg, o.ID, name, func(msg *nats.Msg) { w.sealMsg(msg, o.ID) })
	if err != nil {
		return storedRef{}, fmt.Errorf("transport: publish %s output %s: %w", o.Kind, o.ID, err)
	}
	ref := storedRef{Stream: ack.Stream, Seq: ack.Sequence}
	if ack.Duplicate {
		if store, err := w.bucket(ctx, bucket); err == nil {
			_ = store.Delete(ctx, name) // nothing refers to it
		}
		return ref, w.verifyStored(ctx, m, o.Kind, o.ID, msg.Subject, fingerprint(msg.Header, msg.Data), ack)
	}
	w.obs.Published(o.Kind, size, time.Since(start))
	return ref, nil
}

// ErrOutputConflict says that JetStream already stores, under the ID of one
// of a file's answers, a message that is not that answer: a forgery
// published before the gateway answered (the real answer would be dropped
// as a duplicate). The file is dead-lettered (reason "conflict"), never
// acked. An answer the gateway itself stored earlier under the ID (sealed,
// see seal.go), decided under another configuration, is not a conflict: it
// is the file's original answer.
var ErrOutputConflict = errors.New("an output stored under this answer's ID is not this answer")

// verifyStored checks, when JetStream reports an output as a duplicate,
// that the message it stores under the output's ID is the gateway's own
// answer: same subject, same bytes (a file's answers are a function of the
// file and the configuration, so a redelivered file publishes the very same
// answers), or other bytes under the gateway's own seal (the original answer
// of a file resubmitted after the configuration changed: it stands).
// Anything else is an ErrOutputConflict, logged as an error.
func (w *Worker) verifyStored(ctx context.Context, m *Message, kind, id, subject, print string, ack *jetstream.PubAck) error {
	s, err := w.js.Stream(ctx, ack.Stream)
	if err != nil {
		return fmt.Errorf("transport: verify %s output %s: %w", kind, id, err)
	}
	raw, err := s.GetMsg(ctx, ack.Sequence)
	if err != nil {
		return fmt.Errorf("transport: verify %s output %s (%s seq %d): %w", kind, id, ack.Stream, ack.Sequence, err)
	}
	if raw.Subject == subject && raw.Header.Get(jetstream.MsgIDHeader) == id && fingerprint(raw.Header, raw.Data) == print {
		return nil
	}
	if raw.Header.Get(jetstream.MsgIDHeader) == id && w.sealedByGateway(id, raw.Subject, raw.Header, raw.Data) {
		w.log.Info("transport: the file's original answer stands (stored earlier by the gateway, decided under the configuration of the time)",
			"subject", m.Subject, "id", m.ID, "seq", m.Seq, "kind", kind, "output_id", id, "stored_stream", ack.Stream, "stored_seq", ack.Sequence)
		return nil
	}
	w.log.Error("transport: OUTPUT CONFLICT: the message stored under an answer's ID is not the gateway's (no valid seal: forged); dead-lettering the file",
		"subject", m.Subject, "id", m.ID, "seq", m.Seq, "kind", kind, "output_id", id, "stored_stream", ack.Stream, "stored_seq", ack.Sequence, "stored_subject", raw.Subject)
	return Permanent(fmt.Errorf("transport: %s output %s (%s seq %d): %w", kind, id, ack.Stream, ack.Sequence, ErrOutputConflict))
}

// fingerprint identifies a message body: the claim-check object's digest,
// or the SHA-256 of the inline bytes.
func fingerprint(h nats.Header, data []byte) string {
	if h.Get(HeaderObject) != "" {
		return "object:" + h.Get(HeaderObjectDigest)
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// randomName is a fresh, unguessable object name component.
func randomName() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// outputBucket is where a claim-checked output goes: the partner's bucket
// for an output addressed to a partner (the partner reads it there), else
// X12_LARGE.
func (w *Worker) outputBucket(ctx context.Context, kind, partner string) string {
	k, ok := w.cfg.Outputs.Lookup(kind)
	if !ok || k.Token != outputs.TokenPartner || ValidPartner(partner) != nil {
		return BucketLarge
	}
	b := PartnerBucket(partner)
	if _, err := w.bucket(ctx, b); err != nil {
		return BucketLarge
	}
	return b
}

// bucket binds an object store, once per bucket.
func (w *Worker) bucket(ctx context.Context, name string) (jetstream.ObjectStore, error) {
	if s, ok := w.buckets.Load(name); ok {
		return s.(jetstream.ObjectStore), nil
	}
	s, err := w.js.ObjectStore(ctx, name)
	if err != nil {
		return nil, err
	}
	w.buckets.Store(name, s)
	return s, nil
}
