package transport

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Redrive republishes dead letter dlqSeq of X12_DLQ to the subject it was
// submitted on, with its original headers and identity (Nats-Msg-Id = the
// original inbound id, so the handler derives the same output ids and a
// file that was partly answered is not answered twice), and deletes it from
// X12_DLQ once X12_IN has stored it. If X12_IN still remembers the id (its
// duplicate window), nothing is stored, the dead letter is kept and the
// Receipt says Duplicate: try again after the window.
func Redrive(ctx context.Context, js jetstream.JetStream, dlqSeq uint64) (Receipt, error) {
	var rc Receipt
	dlq, err := js.Stream(ctx, StreamDLQ)
	if err != nil {
		return rc, fmt.Errorf("transport: redrive: bind %s: %w", StreamDLQ, err)
	}
	raw, err := dlq.GetMsg(ctx, dlqSeq)
	if err != nil {
		return rc, fmt.Errorf("transport: redrive: get %s seq %d: %w", StreamDLQ, dlqSeq, err)
	}
	subject := raw.Header.Get(HeaderInboundSubject)
	if !strings.HasPrefix(subject, SubjectInPfx) || !validSubject(subject) {
		return rc, fmt.Errorf("transport: redrive: dead letter %d has no valid %s (%q)", dlqSeq, HeaderInboundSubject, subject)
	}
	id := raw.Header.Get(HeaderInboundID)
	if id == "" || strings.HasPrefix(id, "seq-") {
		// It had no Nats-Msg-Id: its identity was its old sequence, which
		// the new message cannot keep.
		id = ""
	}
	h := cloneHeader(raw.Header)
	stripNATSHeaders(h)
	for k := range h {
		if strings.HasPrefix(k, "Gate278-Dlq-") || strings.HasPrefix(k, "Gate278-Inbound-") {
			delete(h, k)
		}
	}
	msg := &nats.Msg{Subject: subject, Header: h, Data: raw.Data}
	opts := []jetstream.PublishOpt{jetstream.WithExpectStream(StreamIn)}
	if id != "" {
		opts = append(opts, jetstream.WithMsgID(id))
	}
	ack, err := publishRetry(ctx, js, msg, opts...)
	if err != nil {
		return rc, fmt.Errorf("transport: redrive %d: %w", dlqSeq, err)
	}
	rc = Receipt{ID: id, Subject: subject, Seq: ack.Sequence, Duplicate: ack.Duplicate, ClaimCheck: h.Get(HeaderObject) != ""}
	if rc.ID == "" {
		rc.ID = fmt.Sprintf("seq-%d", ack.Sequence)
	}
	if ack.Duplicate {
		return rc, nil
	}
	if err := dlq.DeleteMsg(ctx, dlqSeq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return rc, fmt.Errorf("transport: redrive %d: republished as %s seq %d, but delete from %s: %w", dlqSeq, subject, ack.Sequence, StreamDLQ, err)
	}
	return rc, nil
}
