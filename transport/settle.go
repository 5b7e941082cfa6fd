package transport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// process handles one delivery from start to settlement.
func (w *Worker) process(jm jetstream.Msg) {
	md, err := jm.Metadata()
	if err != nil {
		w.log.Error("transport: delivery without metadata; leaving it to redelivery", "subject", jm.Subject(), "error", err)
		return
	}
	m := w.message(jm, md)
	w.obs.Received(m.Size, m.Delivered)
	w.obs.InFlight(int(w.inflight.Add(1)))
	defer func() { w.obs.InFlight(int(w.inflight.Add(-1))) }()
	log := w.log.With("subject", m.Subject, "id", m.ID, "seq", m.Seq, "delivered", m.Delivered)

	f := w.begin(jm, m.Stored)
	defer w.end(f)
	w.markLastDelivery(m)
	stopHB := w.heartbeat(jm, m) // until settled: a dead letter's copy may take a while
	pub, err := w.handle(m)
	if f.taken.CompareAndSwap(false, true) {
		if w.settle(jm, m, pub, err, log) && w.lastDelivery(m) {
			w.clearLastDelivery(m.Seq)
		}
	}
	stopHB()
}

// settle is the ack table: it maps the outcome of handling a file to Ack,
// NakWithDelay or dead-letter + Term. It reports whether the file left
// X12_IN's delivery for good (acked or dead-lettered), not handed back.
func (w *Worker) settle(jm jetstream.Msg, m *Message, pub *outputPublisher, err error, log *slog.Logger) (done bool) {
	switch {
	case err != nil && w.handleCtx.Err() != nil:
		// Hard stop: hand the file back at once, without judging it.
		log.Warn("transport: stopped while handling; nak", "error", err)
		if jm.Nak() == nil {
			w.obs.Settled(OutcomeNak, time.Since(m.Stored))
		}
		return false
	case err == nil:
		// The index first: once it is written the file is answered, and a
		// redelivery (the ack lost) or a resubmission publishes its stored
		// answers again instead of deciding it again (replay.go).
		if !pub.replayed {
			w.indexAnswers(m, pub.stored)
		}
		return w.ack(jm, m, pub.keepsObject, log)
	case errors.Is(err, errOversize):
		return w.deadLetter(jm, m, pub.keepsObject, ReasonOversize, err, log)
	case errors.Is(err, ErrInvalidInbound):
		return w.deadLetter(jm, m, pub.keepsObject, ReasonInvalid, err, log)
	case errors.Is(err, ErrOutputConflict):
		return w.deadLetter(jm, m, pub.keepsObject, ReasonConflict, err, log)
	case IsPermanent(err):
		return w.deadLetter(jm, m, pub.keepsObject, ReasonPoison, err, log)
	case w.maxDeliver > 0 && m.Delivered >= uint64(w.maxDeliver) && !w.noFinalDLQ:
		return w.deadLetter(jm, m, pub.keepsObject, ReasonMaxDeliver, err, log)
	default:
		w.nak(jm, m, err, log)
		return false
	}
}

// ack acknowledges a file whose outputs are all stored (DoubleAck: the
// server confirms), then deletes its claim-check object unless an output
// refers to it. It reports whether the ack was confirmed.
func (w *Worker) ack(jm jetstream.Msg, m *Message, keepObject bool, log *slog.Logger) bool {
	if w.beforeAck != nil {
		w.beforeAck(m)
	}
	ctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
	defer cancel()
	if err := jm.DoubleAck(ctx); err != nil {
		// Outputs are published under deterministic ids; the redelivery
		// will publish nothing new.
		log.Warn("transport: ack not confirmed; file will be redelivered", "error", err)
		return false
	}
	w.obs.Settled(OutcomeAck, time.Since(m.Stored))
	for _, f := range m.answered {
		f()
	}
	w.deleteObject(m, keepObject, log)
	return true
}

// deleteObject deletes a settled file's claim-check object, unless an output
// refers to it (or it is not the partner's to delete).
func (w *Worker) deleteObject(m *Message, keep bool, log *slog.Logger) {
	if m.object == "" || keep || m.checkObject() != nil {
		return
	}
	dctx, dcancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
	defer dcancel()
	store, err := w.bucket(dctx, m.bucket)
	if err == nil {
		err = store.Delete(dctx, m.object)
	}
	if err != nil {
		log.Debug("transport: delete claim-check object", "object", m.object, "error", err)
	}
}

// nak hands a file back after a transient failure, to be redelivered after
// the backoff.
func (w *Worker) nak(jm jetstream.Msg, m *Message, cause error, log *slog.Logger) {
	d := w.backoff(m.Delivered)
	log.Warn("transport: transient failure; nak", "delay", d, "error", cause)
	if err := jm.NakWithDelay(d); err != nil {
		log.Warn("transport: nak failed; file will be redelivered after AckWait", "error", err)
		return
	}
	w.obs.Settled(OutcomeNak, time.Since(m.Stored))
}

var errOversize = errors.New("file exceeds the maximum file size")

// handle runs the handler (recovering panics), which publishes its outputs
// as it goes, then waits for the last of them; a file already answered is
// answered with its stored answers instead (replay.go). A nil error means every
// output was acknowledged by JetStream.
func (w *Worker) handle(m *Message) (*outputPublisher, error) {
	pub := w.publisher(m)
	if m.invalid != nil {
		return pub, m.invalid
	}
	if w.cfg.MaxFileSize > 0 && m.Size > w.cfg.MaxFileSize {
		return pub, fmt.Errorf("%w (%d > %d bytes)", errOversize, m.Size, w.cfg.MaxFileSize)
	}
	refs, again, answered, err := w.storedAnswers(w.handleCtx, m)
	if err != nil {
		return pub, err
	}
	if answered {
		return pub, pub.replay(w.handleCtx, refs, again)
	}
	if err := pub.outcome(w.callHandler(m, pub)); err != nil {
		return pub, err
	}
	return pub, pub.wait(w.handleCtx)
}

func (w *Worker) callHandler(m *Message, pub Publisher) (err error) {
	defer func() {
		if r := recover(); r != nil {
			w.log.Error("transport: handler panic", "subject", m.Subject, "id", m.ID, "seq", m.Seq, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = Permanent(fmt.Errorf("transport: handler panic: %v", r))
		}
	}()
	return w.cfg.Handler.Handle(w.handleCtx, m, pub)
}

// backoff is the NakWithDelay delay after a transient failure of the
// delivered-th delivery.
func (w *Worker) backoff(delivered uint64) time.Duration {
	return backoff{base: w.cfg.BackoffBase, max: w.cfg.BackoffMax}.delay(int(min(max(delivered, 1)-1, 32)))
}

// heartbeat sends InProgress every AckWait/3 until stopped, so a long file
// is not redelivered while it is being handled.
func (w *Worker) heartbeat(jm jetstream.Msg, m *Message) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(max(w.ackWait/3, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if err := jm.InProgress(); err != nil {
					w.log.Debug("transport: in-progress", "subject", jm.Subject(), "error", err)
				}
				w.refreshLastDelivery(m)
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
