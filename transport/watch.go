package transport

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// KindDeadLetter is the Delivery.Kind of a dead letter seen by a Watcher.
const KindDeadLetter = "dlq"

// Delivery is one output (or dead letter) seen by a Watcher.
type Delivery struct {
	Kind      string // "278", "999", "ta1", "trace", "pend" or "dlq"
	Subject   string
	InboundID string // Gate278-Inbound-Id: the inbound file it answers
	Stream    string
	Seq       uint64
	Header    nats.Header
	Data      []byte // empty for claim checks: use Body
}

// Body returns the payload, fetching a claim-check object if needed.
func (d *Delivery) Body(ctx context.Context, js jetstream.JetStream) ([]byte, error) {
	obj := d.Header.Get(HeaderObject)
	if obj == "" {
		return d.Data, nil
	}
	obs, err := js.ObjectStore(ctx, BucketLarge)
	if err != nil {
		return nil, fmt.Errorf("transport: bind %s: %w", BucketLarge, err)
	}
	r, err := obs.Get(ctx, obj)
	if err != nil {
		return nil, fmt.Errorf("transport: claim check %s: %w", obj, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("transport: claim check %s: %w", obj, err)
	}
	return b, nil
}

// Watcher follows X12_OUT, X12_PEND and X12_DLQ with ordered consumers
// (nothing durable is created on the server) from a start time.
type Watcher struct {
	ch   chan Delivery
	ccs  []jetstream.ConsumeContext
	once sync.Once
	done chan struct{}
}

// WatchOutputs starts watching outputs stored since `since` (take it a
// little before the first publish; clocks of client and server differ).
// Callers filter Deliveries by InboundID. Stop the watcher when done.
func WatchOutputs(ctx context.Context, js jetstream.JetStream, since time.Time) (*Watcher, error) {
	w := &Watcher{ch: make(chan Delivery, 256), done: make(chan struct{})}
	for _, s := range []string{StreamOut, StreamPend, StreamDLQ} {
		start := since
		cons, err := js.OrderedConsumer(ctx, s, jetstream.OrderedConsumerConfig{
			DeliverPolicy: jetstream.DeliverByStartTimePolicy,
			OptStartTime:  &start,
		})
		if err != nil {
			w.Stop()
			return nil, fmt.Errorf("transport: watch %s: %w", s, err)
		}
		stream := s
		cc, err := cons.Consume(func(m jetstream.Msg) {
			d := Delivery{Subject: m.Subject(), Stream: stream, Header: cloneHeader(m.Headers()), Data: m.Data()}
			d.InboundID = d.Header.Get(HeaderInboundID)
			d.Kind = d.Header.Get(HeaderKind)
			if stream == StreamDLQ {
				d.Kind = KindDeadLetter
			}
			if md, err := m.Metadata(); err == nil {
				d.Seq = md.Sequence.Stream
			}
			select {
			case w.ch <- d:
			case <-w.done:
			}
		})
		if err != nil {
			w.Stop()
			return nil, fmt.Errorf("transport: watch %s: %w", s, err)
		}
		w.ccs = append(w.ccs, cc)
	}
	return w, nil
}

// C delivers outputs as they are stored, in order within each stream.
func (w *Watcher) C() <-chan Delivery { return w.ch }

// Stop ends the watch.
func (w *Watcher) Stop() {
	w.once.Do(func() {
		close(w.done)
		for _, cc := range w.ccs {
			cc.Stop()
		}
	})
}
