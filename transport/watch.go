package transport

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/ops/outputs"
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

// Body returns the payload, fetching a claim-check object if needed (from
// the bucket the message names: a partner reads its own). The object must
// match the digest the message carries.
func (d *Delivery) Body(ctx context.Context, js jetstream.JetStream) ([]byte, error) {
	obj := d.Header.Get(HeaderObject)
	if obj == "" {
		return d.Data, nil
	}
	r, err := openObject(ctx, js, objectBucket(d.Header), obj)
	if err != nil {
		return nil, fmt.Errorf("transport: claim check: %w", err)
	}
	if want := d.Header.Get(HeaderObjectDigest); want != "" && r.Info().Digest != want {
		return nil, fmt.Errorf("transport: claim check %s: %w (the message names another)", obj, ErrObjectDigest)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("transport: claim check: %w", err)
	}
	return b, nil
}

// Watcher follows X12_OUT, X12_PEND and X12_DLQ with ordered consumers
// (nothing durable is created on the server) from a start time.
type Watcher struct {
	ch   chan Delivery
	ccs  []jetstream.ConsumeContext
	subs []*nats.Subscription
	once sync.Once
	done chan struct{}
}

// WatchPartner follows, live, what the gateway publishes to partner: its
// answers (the kinds of the table addressed to a partner) and its dead
// letters. It needs no JetStream access, so it is how a partner's client
// (`gate278 submit -wait`) sees its answers: its account receives exactly
// these subjects. Start it before publishing; a redelivered file may
// publish an answer twice (JetStream stores it once): tell them apart by
// Nats-Msg-Id.
func WatchPartner(nc *nats.Conn, partner string, kinds outputs.Table) (*Watcher, error) {
	if err := ValidPartner(partner); err != nil {
		return nil, fmt.Errorf("transport: watch: %w", err)
	}
	w := &Watcher{ch: make(chan Delivery, 256), done: make(chan struct{})}
	for _, subj := range partnerStreams(partner, kinds) {
		dlq := subj == SubjectDLQPfx+partner
		sub, err := nc.Subscribe(subj, func(m *nats.Msg) {
			d := Delivery{Subject: m.Subject, Header: cloneHeader(m.Header), Data: m.Data}
			d.InboundID = d.Header.Get(HeaderInboundID)
			d.Kind = d.Header.Get(HeaderKind)
			if dlq {
				d.Kind = KindDeadLetter
			}
			select {
			case w.ch <- d:
			case <-w.done:
			}
		})
		if err != nil {
			w.Stop()
			return nil, fmt.Errorf("transport: watch %s: %w", subj, err)
		}
		w.subs = append(w.subs, sub)
	}
	if err := nc.Flush(); err != nil {
		w.Stop()
		return nil, fmt.Errorf("transport: watch: %w", err)
	}
	return w, nil
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
		}, jetstream.PullMaxBytes(watchPullBytes(js.Conn())))
		if err != nil {
			w.Stop()
			return nil, fmt.Errorf("transport: watch %s: %w", s, err)
		}
		w.ccs = append(w.ccs, cc)
	}
	return w, nil
}

// watchPullBytes bounds the bytes a watcher's consumer has in flight to
// the client. A reader slower than the stream lets what the server pushes
// pile up in the subscription's buffer; past its limit (64 MB) the client
// drops messages for a slow consumer, and the ordered consumer only notices
// the gap — and fetches them again — when a later message arrives: the
// last ones of a burst were never delivered. Bounded, the server sends no
// more than the reader takes, and one message always fits.
func watchPullBytes(nc *nats.Conn) int {
	mp := int(nc.MaxPayload())
	return min(max(4*mp, 8<<20), max(48<<20, mp+headroom))
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
		for _, s := range w.subs {
			_ = s.Unsubscribe()
		}
	})
}
