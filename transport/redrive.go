package transport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Redrive republishes dead letter dlqSeq of X12_DLQ to the subject it was
// submitted on, with its original headers (its content digest among them,
// so the handler gives it the same answers: a file partly answered before
// is not answered twice), under an identity of its own: the original
// inbound id and "/redrive-<dlqSeq>". So X12_IN stores it whatever its
// duplicate window remembers, and should it fail again its new dead letter
// is a message of its own. The dead letter is deleted only once X12_IN has
// stored the replacement (Duplicate: it had, by an earlier redrive of the
// same dead letter).
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
	id := redriveID(raw.Header.Get(HeaderInboundID), dlqSeq)
	h := cloneHeader(raw.Header)
	stripNATSHeaders(h)
	for k := range h {
		if strings.HasPrefix(k, "Gate278-Dlq-") || strings.HasPrefix(k, "Gate278-Inbound-") {
			delete(h, k)
		}
	}
	msg := &nats.Msg{Subject: subject, Header: h, Data: raw.Data}
	ack, err := publishRetry(ctx, js, msg, jetstream.WithExpectStream(StreamIn), jetstream.WithMsgID(id))
	if err != nil {
		return rc, fmt.Errorf("transport: redrive %d: %w", dlqSeq, err)
	}
	rc = Receipt{ID: id, Digest: h.Get(HeaderContentDigest), Subject: subject, Seq: ack.Sequence, Duplicate: ack.Duplicate, ClaimCheck: h.Get(HeaderObject) != ""}
	if err := dlq.DeleteMsg(ctx, dlqSeq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return rc, fmt.Errorf("transport: redrive %d: republished as %s seq %d, but delete from %s: %w", dlqSeq, subject, ack.Sequence, StreamDLQ, err)
	}
	return rc, nil
}

// redriveID is the identity of redrive attempt dlqSeq of a file first
// known as orig.
func redriveID(orig string, dlqSeq uint64) string {
	return suffixedID(orig, "/redrive-"+strconv.FormatUint(dlqSeq, 10))
}

// suffixedID is orig with suffix, orig hashed when both would not fit in a
// Nats-Msg-Id.
func suffixedID(orig, suffix string) string {
	if orig == "" {
		orig = "dlq"
	}
	if len(orig)+len(suffix) > MaxMsgID {
		sum := sha256.Sum256([]byte(orig))
		orig = "h-" + hex.EncodeToString(sum[:16])
	}
	return orig + suffix
}
