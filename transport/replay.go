package transport

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/ops/outputs"
)

// Resubmissions. A file is answered once every output is stored and the
// answers index records where (answers/<partner>/sha256:<hex> in X12_SEEN,
// written before the file is acked, kept as long as the file ledger). A
// file that comes in again while its index lasts — a resubmission, a
// redrive, a redelivery whose ack was lost — is not handled again: the
// worker reads the stored answers the index points at and publishes those
// addressed to the partner again, under their original IDs, bytes and seals
// (the inbound headers name the new submission, so the partner's client
// sees them as its answers), then acks the file. The handler is not called:
// nothing is decided again, whatever the configuration says now, no output
// the first answers did not have is published, and no review case is
// opened or changed. JetStream stores each answer once (its duplicate
// window); outside it, the same sealed message is stored again.
//
// A file without an index — never answered, its index expired, one whose
// handling was interrupted before the index was written, more outputs than
// an index holds — or one whose stored answers are gone (aged out) is
// handled as a new delivery, its first decision time kept by the file
// ledger.

// storedAnswers returns the index of m's file and the stored answers to
// publish again (those addressed to a partner), or ok=false when the file
// has no usable index. An error is transient (the index or a stream could
// not be read): the file is retried, never decided again for want of it.
func (w *Worker) storedAnswers(ctx context.Context, m *Message) (refs []storedRef, again []*jetstream.RawStreamMsg, ok bool, err error) {
	file := fileOf(m.ID)
	if w.seen == nil || ValidPartner(m.Partner) != nil || !strings.HasPrefix(file, m.Partner+"/sha256:") {
		return nil, nil, false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, w.cfg.AckTimeout)
	defer cancel()
	e, err := w.seen.Get(ctx, answerIndexKey(file))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("transport: read the answers index of %s: %w", m.ID, err)
	}
	if json.Unmarshal(e.Value(), &refs) != nil || len(refs) == 0 {
		return nil, nil, false, nil
	}
	same, err := w.sameContent(ctx, m, strings.TrimPrefix(file, m.Partner+"/"))
	if err != nil || !same {
		return nil, nil, false, err
	}
	streams := map[string]jetstream.Stream{}
	for _, ref := range refs {
		s, found := streams[ref.Stream]
		if !found {
			if s, err = w.js.Stream(ctx, ref.Stream); err != nil {
				return nil, nil, false, fmt.Errorf("transport: stored answers of %s: %w", m.ID, err)
			}
			streams[ref.Stream] = s
		}
		raw, err := s.GetMsg(ctx, ref.Seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return nil, nil, false, nil // aged out
		}
		if err != nil {
			return nil, nil, false, fmt.Errorf("transport: stored answers of %s (%s seq %d): %w", m.ID, ref.Stream, ref.Seq, err)
		}
		id := raw.Header.Get(jetstream.MsgIDHeader)
		if id == "" || fileOf(raw.Header.Get(HeaderInboundID)) != file ||
			(w.cfg.SealKey != nil && !w.sealedByGateway(id, raw.Subject, raw.Header, raw.Data)) {
			w.log.Warn("transport: answers index points at a message that is not one of the file's sealed answers; handling the file again",
				"id", m.ID, "stream", ref.Stream, "seq", ref.Seq)
			return nil, nil, false, nil
		}
		if w.toPartner(raw.Subject) {
			again = append(again, raw)
		}
	}
	return refs, again, true, nil
}

// toPartner reports whether subject is one of an output kind addressed to
// the submitting partner.
func (w *Worker) toPartner(subject string) bool {
	for _, k := range w.cfg.Outputs {
		if k.Token == outputs.TokenPartner && k.Owns(subject) {
			return true
		}
	}
	return false
}

// sameContent reports whether m's bytes are those its ID names (digest,
// "sha256:<hex>"): a file is answered from another's index only if it is
// the same file. A claim check is checked against its object's recorded
// digest (nothing is read but the object's metadata).
func (w *Worker) sameContent(ctx context.Context, m *Message, digest string) (bool, error) {
	if m.object == "" {
		return digestID(m.data) == digest, nil
	}
	if m.checkObject() != nil {
		return false, nil
	}
	r, err := openObject(ctx, w.js, m.bucket, m.object)
	if errors.Is(err, ErrObjectNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("transport: claim check of %s: %w", m.ID, err)
	}
	sum, ok := strings.CutPrefix(r.Info().Digest, "SHA-256=")
	if !ok {
		return false, nil
	}
	b, err := base64.URLEncoding.DecodeString(sum)
	return err == nil && "sha256:"+hex.EncodeToString(b) == digest, nil
}

// replay publishes a file's stored answers again, as stored, the inbound
// headers naming this submission (the seal covers the ID, subject and
// body, not them), and waits for them to be stored.
func (p *outputPublisher) replay(ctx context.Context, refs []storedRef, again []*jetstream.RawStreamMsg) error {
	p.replayed = true
	for _, raw := range again {
		id := raw.Header.Get(jetstream.MsgIDHeader)
		msg := &nats.Msg{Subject: raw.Subject, Header: cloneHeader(raw.Header), Data: raw.Data}
		stripNATSHeaders(msg.Header)
		msg.Header.Set(HeaderInboundID, p.m.ID)
		msg.Header.Set(HeaderInboundSubject, p.m.Subject)
		msg.Header.Set(HeaderInboundSeq, strconv.FormatUint(p.m.Seq, 10))
		kind := msg.Header.Get(HeaderKind)
		f, err := p.w.js.PublishMsgAsync(msg, jetstream.WithMsgID(id), jetstream.WithStallWait(p.w.cfg.AckTimeout))
		if err != nil {
			return fmt.Errorf("transport: publish %s answer %s again: %w", kind, id, err)
		}
		p.pending = append(p.pending, pendingAck{f: f, kind: kind, id: id, subject: msg.Subject,
			print: fingerprint(raw.Header, raw.Data), size: len(raw.Data), start: time.Now()})
		if len(p.pending) >= p.w.window {
			if err := p.wait(ctx); err != nil {
				return err
			}
		}
	}
	if err := p.wait(ctx); err != nil {
		return err
	}
	p.stored = refs // the index stays as it is
	p.w.log.Info("transport: file answered again with its stored answers (resubmitted: nothing decided again)",
		"subject", p.m.Subject, "id", p.m.ID, "seq", p.m.Seq, "delivered", p.m.Delivered, "answers", len(again))
	return nil
}
