package transport

import (
	"context"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/ops/outputs"
)

// StatusReport is what an operator sees with `gate278 status`.
type StatusReport struct {
	Inbound     InboundReport     `json:"inbound"`
	Outputs     map[string]uint64 `json:"outputs"`
	DeadLetters uint64            `json:"dead_letters"`
	Streams     []StreamReport    `json:"streams"`
}

// InboundReport is the state of the gate278 consumer on X12_IN.
type InboundReport struct {
	Pending     uint64 `json:"pending"`     // not yet delivered
	AckPending  uint64 `json:"ack_pending"` // delivered, in flight
	Redelivered uint64 `json:"redelivered"` // in flight and delivered more than once
	Waiting     int    `json:"waiting"`     // pull requests waiting: 0 means nobody is pulling
	Stored      uint64 `json:"stored"`      // messages in X12_IN
	// Stranded counts files in X12_IN at or below the consumer's ack floor:
	// never delivered again (a work-queue fault after a crash, see
	// stranded.go). A running worker resubmits them within its sweep
	// interval. Normally 0.
	Stranded uint64 `json:"stranded"`
	// Stuck counts the other files in X12_IN that no delivery will reach:
	// stored - pending - ack_pending - stranded, the files that exhausted
	// MaxDeliver and wait to be moved to X12_DLQ. Normally 0.
	Stuck uint64 `json:"stuck"`
	// Advisories is the number of MAX_DELIVERIES advisories in X12_EVENTS
	// that a running worker has not acted on yet: the stuck files it will
	// move to X12_DLQ. Stuck beyond it have no advisory (see status).
	Advisories uint64 `json:"advisories"`
}

// StreamReport summarizes one stream.
type StreamReport struct {
	Name     string `json:"name"`
	Messages uint64 `json:"messages"`
	Bytes    uint64 `json:"bytes"`
	Replicas int    `json:"replicas"`
	Leader   string `json:"leader,omitempty"`
}

// Status reads the queues: the consumer's pending/in-flight counts, stored
// outputs of each kind of the table (counted per subject filter, so subject
// to the streams' max age) and the number of dead letters.
func Status(ctx context.Context, js jetstream.JetStream, kinds outputs.Table) (StatusReport, error) {
	r := StatusReport{Outputs: map[string]uint64{}}
	cons, err := js.Consumer(ctx, StreamIn, ConsumerName)
	if err != nil {
		return r, fmt.Errorf("transport: status: consumer %s: %w", ConsumerName, err)
	}
	ci, err := cons.Info(ctx)
	if err != nil {
		return r, fmt.Errorf("transport: status: consumer %s: %w", ConsumerName, err)
	}
	r.Inbound = InboundReport{Pending: ci.NumPending, AckPending: uint64(ci.NumAckPending),
		Redelivered: uint64(ci.NumRedelivered), Waiting: ci.NumWaiting}
	for _, name := range []string{StreamIn, StreamOut, StreamPend, StreamDLQ, StreamEvents} {
		s, err := js.Stream(ctx, name)
		if err != nil {
			return r, fmt.Errorf("transport: status: stream %s: %w", name, err)
		}
		info, err := s.Info(ctx)
		if err != nil {
			return r, fmt.Errorf("transport: status: stream %s: %w", name, err)
		}
		sr := StreamReport{Name: name, Messages: info.State.Msgs, Bytes: info.State.Bytes, Replicas: info.Config.Replicas}
		if info.Cluster != nil {
			sr.Leader = info.Cluster.Leader
		}
		r.Streams = append(r.Streams, sr)
		switch name {
		case StreamIn:
			r.Inbound.Stored = info.State.Msgs
		case StreamDLQ:
			r.DeadLetters = info.State.Msgs
		case StreamEvents:
			r.Inbound.Advisories = info.State.Msgs
		}
	}
	stranded, err := strandedCount(ctx, js)
	if err != nil {
		return r, fmt.Errorf("transport: status: %w", err)
	}
	r.Inbound.Stranded = stranded
	if held := r.Inbound.Pending + r.Inbound.AckPending + r.Inbound.Stranded; r.Inbound.Stored > held {
		r.Inbound.Stuck = r.Inbound.Stored - held
	}
	for _, k := range kinds {
		n, err := countSubjects(ctx, js, k.Stream, k.Filter())
		if err != nil {
			return r, err
		}
		r.Outputs[k.Name] = n
	}
	return r, nil
}

// countSubjects counts the messages of stream stored on subjects matching
// filter (a prefix ending in ">").
func countSubjects(ctx context.Context, js jetstream.JetStream, stream, filter string) (uint64, error) {
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return 0, fmt.Errorf("transport: status: stream %s: %w", stream, err)
	}
	info, err := s.Info(ctx, jetstream.WithSubjectFilter(filter))
	if err != nil {
		return 0, fmt.Errorf("transport: status: stream %s subjects %s: %w", stream, filter, err)
	}
	var n uint64
	prefix := strings.TrimSuffix(filter, ">")
	for subj, c := range info.State.Subjects {
		if strings.HasPrefix(subj, prefix) {
			n += c
		}
	}
	return n, nil
}
