package transport

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// publishWindow bounds the outputs of one file awaiting their PubAck at
// once, so that a batch with thousands of outputs stays well inside the
// client's limit of outstanding asynchronous publishes.
const publishWindow = 256

// publishOutputs publishes every output and returns once JetStream has
// acknowledged all of them. Inline outputs go out asynchronously, a window
// at a time; claim-checked ones one by one.
func (w *Worker) publishOutputs(m *Message, outs []Outbound) error {
	type inFlight struct {
		f     jetstream.PubAckFuture
		o     *Outbound
		start time.Time
	}
	futures := make([]inFlight, 0, min(len(outs), publishWindow))
	wait := func() error {
		ctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
		defer cancel()
		for _, p := range futures {
			select {
			case <-p.f.Ok():
				w.obs.Published(p.o.Kind, len(p.o.Data), time.Since(p.start))
			case err := <-p.f.Err():
				return fmt.Errorf("transport: publish %s output %s: %w", p.o.Kind, p.o.ID, err)
			case <-ctx.Done():
				return fmt.Errorf("transport: publish %s output %s: %w", p.o.Kind, p.o.ID, ctx.Err())
			}
		}
		futures = futures[:0]
		return nil
	}
	limit := inlineLimit(w.js.Conn())
	for i := range outs {
		o := &outs[i]
		if int64(len(o.Data)) > limit {
			if err := w.publishOutput(m, o); err != nil {
				return err
			}
			continue
		}
		f, err := w.js.PublishMsgAsync(w.outputMsg(m, o), jetstream.WithMsgID(o.ID))
		if err != nil {
			return fmt.Errorf("transport: publish %s output %s: %w", o.Kind, o.ID, err)
		}
		futures = append(futures, inFlight{f, o, time.Now()})
		if len(futures) == publishWindow {
			if err := wait(); err != nil {
				return err
			}
		}
	}
	return wait()
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

func (w *Worker) publishOutput(m *Message, o *Outbound) error {
	msg := w.outputMsg(m, o)
	start := time.Now()
	ctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
	defer cancel()
	_, err := publishClaimChecked(ctx, w.js, w.objectStore, msg, o.ID, "out/"+o.ID)
	if err != nil {
		return fmt.Errorf("transport: publish %s output %s: %w", o.Kind, o.ID, err)
	}
	w.obs.Published(o.Kind, len(o.Data), time.Since(start))
	return nil
}

func (w *Worker) objectStore(context.Context) (jetstream.ObjectStore, error) { return w.objects, nil }
