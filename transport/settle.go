package transport

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// message builds the Message for a delivery.
func (w *Worker) message(jm jetstream.Msg, md *jetstream.MsgMetadata) *Message {
	h := cloneHeader(jm.Headers())
	m := &Message{
		Subject:   jm.Subject(),
		Partner:   lastToken(jm.Subject()),
		Header:    h,
		Size:      int64(len(jm.Data())),
		Delivered: md.NumDelivered,
		Seq:       md.Sequence.Stream,
		Stored:    md.Timestamp,
		data:      jm.Data(),
		obs:       w.objects,
	}
	m.ID = inboundID(h, m.Seq)
	if obj := h.Get(HeaderObject); obj != "" {
		m.object, m.digest, m.data = obj, h.Get(HeaderObjectDigest), nil
		if n, err := strconv.ParseInt(h.Get(HeaderObjectSize), 10, 64); err == nil {
			m.Size = n
		}
	}
	return m
}

func inboundID(h nats.Header, seq uint64) string {
	if id := h.Get(jetstream.MsgIDHeader); id != "" {
		return id
	}
	return "seq-" + strconv.FormatUint(seq, 10)
}

// process handles one delivery from start to settlement: the ack table.
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

	stopHB := w.heartbeat(jm)
	err = w.handle(m)
	stopHB()

	if err != nil && w.handleCtx.Err() != nil {
		// Hard stop: hand the file back at once, without judging it.
		log.Warn("transport: stopped while handling; nak", "error", err)
		if jm.Nak() == nil {
			w.obs.Settled(OutcomeNak, time.Since(m.Stored))
		}
		return
	}
	switch {
	case err == nil:
		if w.beforeAck != nil {
			w.beforeAck(m)
		}
		ctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
		aerr := jm.DoubleAck(ctx)
		cancel()
		if aerr != nil {
			// Outputs are published under deterministic ids; the redelivery
			// will publish nothing new.
			log.Warn("transport: ack not confirmed; file will be redelivered", "error", aerr)
			return
		}
		w.obs.Settled(OutcomeAck, time.Since(m.Stored))
		if m.object != "" {
			dctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
			if derr := w.objects.Delete(dctx, m.object); derr != nil {
				log.Debug("transport: delete claim-check object", "object", m.object, "error", derr)
			}
			cancel()
		}
	case errors.Is(err, errOversize):
		w.deadLetter(jm, m, ReasonOversize, err, log)
	case IsPermanent(err):
		w.deadLetter(jm, m, ReasonPoison, err, log)
	case w.maxDeliver > 0 && m.Delivered >= uint64(w.maxDeliver) && !w.noFinalDLQ:
		w.deadLetter(jm, m, ReasonMaxDeliver, err, log)
	default:
		d := w.backoff(m.Delivered)
		log.Warn("transport: transient failure; nak", "delay", d, "error", err)
		if nerr := jm.NakWithDelay(d); nerr != nil {
			log.Warn("transport: nak failed; file will be redelivered after AckWait", "error", nerr)
			return
		}
		w.obs.Settled(OutcomeNak, time.Since(m.Stored))
	}
}

var errOversize = errors.New("file exceeds the maximum file size")

// handle runs the handler (recovering panics) and publishes its outputs.
// A nil error means every output was acknowledged by JetStream.
func (w *Worker) handle(m *Message) error {
	if w.cfg.MaxFileSize > 0 && m.Size > w.cfg.MaxFileSize {
		return fmt.Errorf("%w (%d > %d bytes)", errOversize, m.Size, w.cfg.MaxFileSize)
	}
	outs, err := w.callHandler(m)
	if err != nil {
		return err
	}
	for i := range outs {
		if err := outs[i].validate(w.cfg.Outputs); err != nil {
			return Permanent(fmt.Errorf("transport: handler returned a bad output: %w", err))
		}
	}
	return w.publishOutputs(m, outs)
}

func (w *Worker) callHandler(m *Message) (outs []Outbound, err error) {
	defer func() {
		if r := recover(); r != nil {
			w.log.Error("transport: handler panic", "subject", m.Subject, "id", m.ID, "seq", m.Seq, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			outs, err = nil, Permanent(fmt.Errorf("transport: handler panic: %v", r))
		}
	}()
	return w.cfg.Handler.Handle(w.handleCtx, m)
}

// backoff is the NakWithDelay delay after a transient failure of the
// delivered-th delivery.
func (w *Worker) backoff(delivered uint64) time.Duration {
	return backoff{base: w.cfg.BackoffBase, max: w.cfg.BackoffMax}.delay(int(min(max(delivered, 1)-1, 32)))
}

// heartbeat sends InProgress every AckWait/3 until stopped, so a long file
// is not redelivered while it is being handled.
func (w *Worker) heartbeat(jm jetstream.Msg) (stop func()) {
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
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
