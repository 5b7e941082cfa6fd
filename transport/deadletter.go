package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// deadLetter copies the file to X12_DLQ and then terminates it. If the copy
// fails the file is Nak'ed instead (nothing is dropped); if it was the last
// delivery, the MAX_DELIVERIES advisory moves it later. It reports whether
// the dead letter is stored.
func (w *Worker) deadLetter(jm jetstream.Msg, m *Message, keepObject bool, reason string, cause error, log *slog.Logger) bool {
	// A claim-checked file's object is copied: time for a large one.
	timeout := w.cfg.AckTimeout
	if m.object != "" {
		timeout = max(timeout, copyTimeout)
	}
	ctx, cancel := context.WithTimeout(w.handleCtx, timeout)
	defer cancel()
	if err := publishDeadLetter(ctx, w.js, m, reason, cause); err != nil {
		d := w.backoff(m.Delivered)
		log.Error("transport: dead-letter copy failed; nak", "reason", reason, "error", err)
		if nerr := jm.NakWithDelay(d); nerr == nil {
			w.obs.Settled(OutcomeNak, time.Since(m.Stored))
		}
		return false
	}
	w.obs.DeadLettered(reason)
	log.Warn("transport: dead-lettered", "reason", reason, "error", cause)
	if err := jm.TermWithReason("gate278 dead-lettered: " + reason); err != nil {
		log.Warn("transport: term failed; the redelivery will be dead-lettered again (deduplicated)", "error", err)
		return true
	}
	w.obs.Settled(OutcomeDeadLetter, time.Since(m.Stored))
	w.deleteObject(m, keepObject, log) // the dead letter has its own copy
	return true
}

// copyTimeout bounds the copy of a dead letter's claim-check object.
const copyTimeout = 10 * time.Minute

// publishDeadLetter publishes a copy of m (original headers except Nats-*)
// to x12.dlq.<partner> with Msg-Id dlq-<inbound id>. A claim-checked file's
// dead letter refers to a copy of its object, made now, so that the object
// lives as long as the dead letter (objects outlive messages by a margin
// counted from when they are written; see the topology's retention).
func publishDeadLetter(ctx context.Context, js jetstream.JetStream, m *Message, reason string, cause error) error {
	partner := m.Partner
	if ValidPartner(partner) != nil {
		partner = "unknown"
	}
	h := cloneHeader(m.Header)
	for _, k := range m.drop {
		delete(h, k)
	}
	stripNATSHeaders(h)
	if len(m.drop) > 0 {
		names := make([]string, len(m.drop))
		for i, k := range m.drop {
			names[i] = k[:min(len(k), 64)]
		}
		h.Set(HeaderDlqDropped, strings.Join(names, ","))
	}
	h.Set(HeaderInboundID, m.ID)
	h.Set(HeaderInboundSubject, m.Subject)
	h.Set(HeaderInboundSeq, strconv.FormatUint(m.Seq, 10))
	h.Set(HeaderDlqReason, reason)
	h.Set(HeaderDlqDelivered, strconv.FormatUint(m.Delivered, 10))
	if cause != nil {
		msg := cause.Error()
		if len(msg) > 512 {
			msg = msg[:512]
		}
		h.Set(HeaderDlqError, msg)
	}
	msg := &nats.Msg{Subject: SubjectDLQPfx + partner, Header: h, Data: m.data}
	var store jetstream.ObjectStore
	var copyName string
	if m.object != "" {
		var err error
		if store, copyName, err = copyObject(ctx, js, m); err != nil {
			return fmt.Errorf("transport: dead-letter %s: %w", m.ID, err)
		}
		msg.Data = nil
		msg.Header.Set(HeaderObject, copyName)
	}
	ack, err := publishClaimChecked(ctx, js, BucketLarge, msg, "dlq-"+m.ID, "dlq/"+randomName(), nil)
	if store != nil && (err != nil || ack.Duplicate) {
		_ = store.Delete(context.WithoutCancel(ctx), copyName) // no dead letter refers to it
	}
	if err != nil {
		return fmt.Errorf("transport: dead-letter %s: %w", m.ID, err)
	}
	return nil
}

// copyObject copies m's claim-check object to a new object of its bucket,
// "in/<partner>/dlq-<random>" (a name a redriven file may refer to), and
// returns the name. A missing object is no reason to
// lose the dead letter: it is then kept naming the original.
func copyObject(ctx context.Context, js jetstream.JetStream, m *Message) (jetstream.ObjectStore, string, error) {
	if m.checkObject() != nil {
		return nil, m.object, nil // not the partner's: kept as it was, never read
	}
	r, err := openObject(ctx, js, m.bucket, m.object)
	if errors.Is(err, ErrObjectNotFound) {
		return nil, m.object, nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("copy claim check: %w", err)
	}
	store, err := js.ObjectStore(ctx, m.bucket)
	if err != nil {
		return nil, "", fmt.Errorf("copy claim check: bind %s: %w", m.bucket, err)
	}
	name := "in/" + m.Partner + "/dlq-" + randomName()
	if _, err := store.Put(ctx, objectMeta(js.Conn(), name), r); err != nil {
		_ = store.Delete(context.WithoutCancel(ctx), name)
		return nil, "", fmt.Errorf("copy claim check: %w", err)
	}
	return store, name, nil
}

// maxDeliveriesAdvisory is the part of
// io.nats.jetstream.advisory.v1.max_deliver we use.
type maxDeliveriesAdvisory struct {
	Stream     string `json:"stream"`
	Consumer   string `json:"consumer"`
	StreamSeq  uint64 `json:"stream_seq"`
	Deliveries uint64 `json:"deliveries"`
}

// onMaxDeliveries handles one captured MAX_DELIVERIES advisory (stream
// X12_EVENTS): it moves the file that exhausted MaxDeliver without being
// dead-lettered by a worker (e.g. the worker died on the last delivery, or
// its copy failed) from X12_IN to X12_DLQ, then acks the advisory. Moving is
// idempotent, so a redelivered advisory does no harm.
func (w *Worker) onMaxDeliveries(jm jetstream.Msg) {
	var adv maxDeliveriesAdvisory
	if err := json.Unmarshal(jm.Data(), &adv); err != nil || adv.StreamSeq == 0 {
		w.log.Warn("transport: unreadable max-deliveries advisory; dropped", "subject", jm.Subject(), "error", err)
		_ = jm.Term()
		return
	}
	if !w.track() {
		return // stopping: redelivered later
	}
	go func() {
		defer w.wg.Done()
		if err := w.moveToDLQ(adv.StreamSeq, adv.Deliveries); err != nil {
			w.log.Error("transport: move exhausted file to dead letters", "seq", adv.StreamSeq, "error", err)
			_ = jm.NakWithDelay(w.backoff(1))
			return
		}
		_ = jm.Ack()
	}()
}

func (w *Worker) moveToDLQ(seq, deliveries uint64) error {
	ctx, cancel := context.WithTimeout(w.handleCtx, 2*w.cfg.AckTimeout)
	defer cancel()
	stream, err := w.js.Stream(ctx, StreamIn)
	if err != nil {
		return fmt.Errorf("transport: bind %s: %w", StreamIn, err)
	}
	raw, err := stream.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil // already dead-lettered and terminated by a worker
	}
	if err != nil {
		return fmt.Errorf("transport: get %s seq %d: %w", StreamIn, seq, err)
	}
	h := cloneHeader(raw.Header)
	m := &Message{Subject: raw.Subject, Partner: lastToken(raw.Subject), Header: h, Seq: seq,
		Delivered: deliveries, Stored: raw.Time, data: raw.Data, Size: int64(len(raw.Data))}
	m.ID = inboundID(h, seq)
	if obj := h.Get(HeaderObject); obj != "" {
		m.object, m.bucket, m.digest, m.data = obj, objectBucket(h), h.Get(HeaderObjectDigest), nil
	}
	if err := publishDeadLetter(ctx, w.js, m, ReasonMaxDeliver, errors.New("maximum deliveries reached")); err != nil {
		return err
	}
	if err := stream.DeleteMsg(ctx, seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return fmt.Errorf("transport: delete %s seq %d: %w", StreamIn, seq, err)
	}
	w.clearLastDelivery(seq)
	w.obs.DeadLettered(ReasonMaxDeliver)
	w.obs.Settled(OutcomeDeadLetter, time.Since(m.Stored))
	w.log.Warn("transport: dead-lettered after max deliveries", "subject", m.Subject, "id", m.ID, "seq", seq)
	return nil
}
