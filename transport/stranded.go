package transport

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Stranded files. A work-queue stream deletes a message when its consumer
// acknowledges it. After a server is killed (kill -9) the consumer's state
// can hold the acknowledgment (its ack floor is past the message) while the
// stream never deleted the message: the file stays in X12_IN, is never
// delivered again and is counted by nobody (a known class of nats-server
// work-queue faults, e.g. nats-io/nats-server#5227, #7680). Workers look for
// such messages at start and every WorkerConfig.SweepInterval: every message
// of X12_IN at or below the consumer's ack floor is stranded. Its file was
// most likely answered before the crash, but nothing says so for sure, so
// it is resubmitted, under an identity of its own (<id>/stranded-<seq>),
// and then deleted: the gateway answers the same bytes with the same
// answers (the resubmission contract), so an answered file is not answered
// differently, and a file that was never answered is not lost. A stranded
// message whose subject or headers are invalid is dead-lettered instead, and
// so is, with reason "exhausted", a file that exhausted its deliveries and
// whose max-deliveries advisory was lost (exhausted.go).

// maxSweep bounds the stranded messages one sweep handles.
const maxSweep = 10000

// strandedSeqs returns the sequences of X12_IN's messages at or below the
// consumer's ack floor (at most limit of them), walking the stream by
// "next message from" requests so that gaps cost nothing.
func strandedSeqs(ctx context.Context, js jetstream.JetStream, limit int) ([]uint64, error) {
	cons, err := js.Consumer(ctx, StreamIn, ConsumerName)
	if err != nil {
		return nil, fmt.Errorf("transport: stranded: consumer: %w", err)
	}
	ci, err := cons.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("transport: stranded: consumer info: %w", err)
	}
	floor := ci.AckFloor.Stream
	s, err := js.Stream(ctx, StreamIn)
	if err != nil {
		return nil, fmt.Errorf("transport: stranded: stream: %w", err)
	}
	si, err := s.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("transport: stranded: stream info: %w", err)
	}
	var seqs []uint64
	if si.State.Msgs == 0 || si.State.FirstSeq > floor {
		return nil, nil
	}
	for seq := si.State.FirstSeq; seq <= floor && len(seqs) < limit; {
		m, err := s.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(">"))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			break
		}
		if err != nil {
			return seqs, fmt.Errorf("transport: stranded: get from %d: %w", seq, err)
		}
		if m.Sequence > floor {
			break
		}
		seqs = append(seqs, m.Sequence)
		seq = m.Sequence + 1
	}
	return seqs, nil
}

// strandedCount counts X12_IN's messages at or below the consumer's ack
// floor from stream and consumer information alone (the deleted sequences
// in the range are subtracted), so that the read-only operator, who reads
// no message, can count them (gate278 status).
func strandedCount(ctx context.Context, js jetstream.JetStream) (uint64, error) {
	cons, err := js.Consumer(ctx, StreamIn, ConsumerName)
	if err != nil {
		return 0, fmt.Errorf("transport: stranded: consumer: %w", err)
	}
	floor := cons.CachedInfo().AckFloor.Stream
	s, err := js.Stream(ctx, StreamIn)
	if err != nil {
		return 0, fmt.Errorf("transport: stranded: stream: %w", err)
	}
	first := s.CachedInfo().State.FirstSeq
	if s.CachedInfo().State.Msgs == 0 || first > floor {
		return 0, nil
	}
	si, err := s.Info(ctx, jetstream.WithDeletedDetails(true))
	if err != nil {
		return 0, fmt.Errorf("transport: stranded: stream info: %w", err)
	}
	first = si.State.FirstSeq
	if si.State.Msgs == 0 || first > floor {
		return 0, nil
	}
	n := floor - first + 1
	for _, d := range si.State.Deleted {
		if d >= first && d <= floor {
			n--
		}
	}
	return min(n, si.State.Msgs), nil
}

// sweep resubmits (or dead-letters) the stranded messages of X12_IN and
// returns how many it cleared.
func (w *Worker) sweep(ctx context.Context) (int, error) {
	moved, err := w.sweepExhausted(ctx)
	if err != nil {
		return moved, err
	}
	seqs, err := strandedSeqs(ctx, w.js, maxSweep)
	if err != nil {
		return moved, err
	}
	if len(seqs) == 0 {
		return moved, nil
	}
	stream, err := w.js.Stream(ctx, StreamIn)
	if err != nil {
		return 0, fmt.Errorf("transport: stranded: stream: %w", err)
	}
	cleared := moved
	for _, seq := range seqs {
		if err := w.clearStranded(ctx, stream, seq); err != nil {
			return cleared, err
		}
		cleared++
	}
	w.log.Warn("transport: cleared files stranded in X12_IN below the consumer's ack floor (resubmitted, or dead-lettered when invalid or exhausted)", "count", cleared)
	return cleared, nil
}

// clearStranded resubmits one stranded message, or dead-letters it when its
// subject or headers are invalid, then deletes it from X12_IN.
func (w *Worker) clearStranded(ctx context.Context, stream jetstream.Stream, seq uint64) error {
	raw, err := stream.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil // cleared by another worker
	}
	if err != nil {
		return fmt.Errorf("transport: stranded: get %d: %w", seq, err)
	}
	m := w.storedMessage(raw, seq)
	h := m.Header
	log := w.log.With("subject", m.Subject, "id", m.ID, "seq", seq)
	exhausted, err := w.exhausted(ctx, seq, m.ID)
	if err != nil {
		return fmt.Errorf("transport: stranded: last-delivery mark of %d: %w", seq, err)
	}
	switch {
	case exhausted:
		// Its last delivery failed and its advisory never reached a
		// worker (exhausted.go): resubmitting it would only fail again.
		m.Delivered = uint64(w.maxDeliver)
		if err := w.deadLetterExhausted(ctx, m); err != nil {
			return err
		}
	case m.invalid != nil:
		if ValidPartner(m.Partner) != nil {
			m.Partner = ""
		}
		if err := publishDeadLetter(ctx, w.js, m, ReasonInvalid, m.invalid); err != nil {
			return err
		}
		w.obs.DeadLettered(ReasonInvalid)
		log.Warn("transport: stranded file with an invalid subject or headers: dead-lettered", "error", m.invalid)
	default:
		id := strandedID(m.ID, seq)
		stripNATSHeaders(h)
		msg := &nats.Msg{Subject: raw.Subject, Header: h, Data: raw.Data}
		if _, err := publishRetry(ctx, w.js, msg, jetstream.WithExpectStream(StreamIn), jetstream.WithMsgID(id)); err != nil {
			return fmt.Errorf("transport: stranded: resubmit %d: %w", seq, err)
		}
		log.Warn("transport: stranded file resubmitted", "as", id)
	}
	if err := stream.DeleteMsg(ctx, seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return fmt.Errorf("transport: stranded: delete %d: %w", seq, err)
	}
	if exhausted {
		w.clearLastDelivery(seq)
	}
	return nil
}

// strandedID is the identity of a stranded message's resubmission.
func strandedID(orig string, seq uint64) string {
	return suffixedID(orig, "/stranded-"+strconv.FormatUint(seq, 10))
}

// sweepLoop sweeps at start and then every interval until the worker stops.
func (w *Worker) sweepLoop(interval time.Duration) {
	defer w.wg.Done()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		ctx, cancel := context.WithTimeout(w.handleCtx, 2*time.Minute)
		if _, err := w.sweep(ctx); err != nil {
			w.log.Warn("transport: sweep for stranded files", "error", err)
		}
		cancel()
		select {
		case <-w.stopPoll:
			return
		case <-t.C:
		}
	}
}
