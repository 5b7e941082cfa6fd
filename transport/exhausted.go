package transport

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Exhausted files. A file whose last delivery fails without the worker
// dead-lettering it (the worker died or was stopped while handling it, or
// its dead-letter copy failed) is moved to X12_DLQ by the consumer's
// MAX_DELIVERIES advisory. Should the advisory be lost (the server sends it
// once, and a stream leader change or a server crash can drop it), the file
// stays in X12_IN, never delivered again (the consumer's ack floor stays
// below it until a later file is acked, then passes it, like a stranded
// file's), and nobody would answer it. So the worker marks every last
// delivery in X12_SEEN (key last-delivery.<seq>, value the inbound ID; one
// write per file on its last delivery, none for the others) before handling
// it, refreshes the mark while handling it, and clears it once the delivery
// settled. The sweep (at start and every SweepInterval) moves a file whose
// mark is stale — not refreshed for twice AckWait and more: no worker holds
// it — to X12_DLQ with reason "exhausted", and so does the stranded-file
// scan for a marked file below the ack floor, instead of resubmitting it (it
// would only fail again). A mark that expired with X12_SEEN's TTL (the
// gateway down longer than that) leaves a file the advisory did not move
// to `status` (exhausted), or, below the ack floor, makes it a stranded one:
// it is resubmitted, exhausts again and is marked then: never lost.

// lastDeliveryPfx starts the ledger keys of last-delivery marks.
const lastDeliveryPfx = "last-delivery."

// lastDeliveryKey is the ledger key of the last-delivery mark of X12_IN
// sequence seq (a valid KV key as is: the marks are listed by its prefix).
func lastDeliveryKey(seq uint64) string { return lastDeliveryPfx + strconv.FormatUint(seq, 10) }

// lastDelivery reports whether m's delivery is its last one.
func (w *Worker) lastDelivery(m *Message) bool {
	return w.maxDeliver > 0 && m.Delivered >= uint64(w.maxDeliver)
}

// markLastDelivery marks m's last delivery (see above). A failure is logged:
// the advisory still covers the file.
func (w *Worker) markLastDelivery(m *Message) {
	if !w.lastDelivery(m) || w.seen == nil {
		return
	}
	ctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
	defer cancel()
	if _, err := w.seen.Put(ctx, lastDeliveryKey(m.Seq), []byte(m.ID)); err != nil {
		w.log.Warn("transport: could not mark a file's last delivery (its max-deliveries advisory still moves it)", "id", m.ID, "seq", m.Seq, "error", err)
	}
}

// clearLastDelivery removes the mark of a settled last delivery (or of a
// moved file).
func (w *Worker) clearLastDelivery(seq uint64) {
	if w.seen == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(w.handleCtx), w.cfg.AckTimeout)
	defer cancel()
	if err := w.seen.Delete(ctx, lastDeliveryKey(seq)); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		w.log.Debug("transport: clear last-delivery mark", "seq", seq, "error", err)
	}
}

// exhausted reports whether the file at seq, with inbound ID id, had its
// last delivery (marked, for this very file).
func (w *Worker) exhausted(ctx context.Context, seq uint64, id string) (bool, error) {
	if w.seen == nil {
		return false, nil
	}
	e, err := w.seen.Get(ctx, lastDeliveryKey(seq))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return string(e.Value()) == id, nil
}

// bindSeen binds X12_SEEN for the last-delivery marks; without it (an old
// topology) exhausted files rely on the advisory alone.
func (w *Worker) bindSeen(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	kv, err := w.js.KeyValue(ctx, BucketSeen)
	if err != nil {
		w.log.Warn("transport: worker: no "+BucketSeen+" bucket: exhausted files rely on their max-deliveries advisory alone", "error", err)
		return
	}
	w.seen = kv
}

// markStale is how long a last-delivery mark may go unrefreshed before no
// worker is taken to hold the delivery.
func (w *Worker) markStale() time.Duration {
	if w.staleMark > 0 {
		return w.staleMark
	}
	return 2*w.ackWait + 10*time.Second
}

// sweepExhausted moves to X12_DLQ the files whose last delivery is marked
// and stale (see above), and drops the marks of files gone from X12_IN. It
// returns how many files it moved.
func (w *Worker) sweepExhausted(ctx context.Context) (int, error) {
	if w.seen == nil {
		return 0, nil
	}
	lister, err := w.seen.ListKeysFiltered(ctx, lastDeliveryPfx+">")
	if err != nil {
		return 0, fmt.Errorf("transport: exhausted: list marks: %w", err)
	}
	var keys []string
	for k := range lister.Keys() {
		keys = append(keys, k)
	}
	stream, err := w.js.Stream(ctx, StreamIn)
	if err != nil {
		return 0, fmt.Errorf("transport: exhausted: stream: %w", err)
	}
	moved := 0
	for _, k := range keys {
		seq, err := strconv.ParseUint(strings.TrimPrefix(k, lastDeliveryPfx), 10, 64)
		if err != nil {
			continue
		}
		e, err := w.seen.Get(ctx, k)
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return moved, fmt.Errorf("transport: exhausted: mark %d: %w", seq, err)
		}
		if time.Since(e.Created()) < w.markStale() {
			continue // a worker may hold it
		}
		ok, err := w.moveExhausted(ctx, stream, seq, string(e.Value()))
		if err != nil {
			return moved, err
		}
		if ok {
			moved++
		}
	}
	if moved > 0 {
		w.log.Warn("transport: dead-lettered files that exhausted their deliveries without their max-deliveries advisory reaching a worker", "count", moved, "reason", ReasonExhausted)
	}
	return moved, nil
}

// moveExhausted dead-letters the file at seq, when it is still the one
// marked (inbound ID id), with reason exhausted, deletes it from X12_IN and
// clears the mark.
func (w *Worker) moveExhausted(ctx context.Context, stream jetstream.Stream, seq uint64, id string) (bool, error) {
	raw, err := stream.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		w.clearLastDelivery(seq) // settled after all, or moved by its advisory
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("transport: exhausted: get %d: %w", seq, err)
	}
	m := w.storedMessage(raw, seq)
	if m.ID != id {
		w.clearLastDelivery(seq)
		return false, nil
	}
	m.Delivered = uint64(w.maxDeliver)
	if err := w.deadLetterExhausted(ctx, m); err != nil {
		return false, err
	}
	if err := stream.DeleteMsg(ctx, seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return false, fmt.Errorf("transport: exhausted: delete %d: %w", seq, err)
	}
	w.clearLastDelivery(seq)
	return true, nil
}

// deadLetterExhausted publishes m's dead letter with reason exhausted.
func (w *Worker) deadLetterExhausted(ctx context.Context, m *Message) error {
	if ValidPartner(m.Partner) != nil {
		m.Partner = ""
	}
	if err := publishDeadLetter(ctx, w.js, m, ReasonExhausted, errors.New("maximum deliveries reached; the max-deliveries advisory never reached a worker")); err != nil {
		return err
	}
	w.obs.DeadLettered(ReasonExhausted)
	w.obs.Settled(OutcomeDeadLetter, time.Since(m.Stored))
	w.log.Warn("transport: exhausted file whose max-deliveries advisory was lost: dead-lettered", "subject", m.Subject, "id", m.ID, "seq", m.Seq, "reason", ReasonExhausted)
	return nil
}

// storedMessage is the Message of a file read from X12_IN by sequence.
func (w *Worker) storedMessage(raw *jetstream.RawStreamMsg, seq uint64) *Message {
	h := cloneHeader(raw.Header)
	m := &Message{Subject: raw.Subject, Partner: lastToken(raw.Subject), Header: h, Seq: seq, Stored: raw.Time, data: raw.Data, Size: int64(len(raw.Data))}
	m.ID = inboundID(h, seq)
	m.drop, m.invalid = checkInbound(m.Subject, h)
	if obj := h.Get(HeaderObject); obj != "" {
		m.object, m.bucket, m.digest, m.data = obj, objectBucket(h), h.Get(HeaderObjectDigest), nil
	}
	return m
}

// refreshLastDelivery renews m's mark while its last delivery is handled.
func (w *Worker) refreshLastDelivery(m *Message) {
	if w.lastDelivery(m) {
		w.markLastDelivery(m)
	}
}
