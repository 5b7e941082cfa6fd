package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Message is one inbound file delivered from X12_IN.
type Message struct {
	Subject   string      // x12.278.in.<partner>
	Partner   string      // last subject token
	ID        string      // inbound identity: Nats-Msg-Id, else "seq-<stream sequence>"
	Header    nats.Header // copy of the inbound headers
	Size      int64       // payload size (of the object for claim checks)
	Delivered uint64      // NumDelivered
	Seq       uint64      // stream sequence
	Stored    time.Time   // JetStream timestamp

	answered []func() // run once the file is acked (OnAnswered)

	invalid error    // the subject or headers break the limits (checkInbound)
	drop    []string // headers a dead letter leaves out

	data   []byte              // inline payload
	object string              // claim-check object name
	bucket string              // the object's bucket
	digest string              // expected object digest
	js     jetstream.JetStream // where the object lives
}

// NewMessage builds an inline Message outside JetStream, e.g. for the
// offline CLI path or a handler's tests. The partner is the last token of
// subject.
func NewMessage(subject, id string, data []byte) *Message {
	return &Message{
		Subject: subject,
		Partner: lastToken(subject),
		ID:      id,
		Header:  nats.Header{},
		Size:    int64(len(data)),
		Stored:  time.Now(),
		data:    data,
	}
}

// OnAnswered registers f to run once the file is answered: every output
// stored by JetStream and the file acked. Not run when the file is retried
// or dead-lettered instead. For a handler's "answered" log line, say.
func (m *Message) OnAnswered(f func()) { m.answered = append(m.answered, f) }

// ClaimCheck reports whether the payload lives in the object store rather
// than in the message.
func (m *Message) ClaimCheck() bool { return m.object != "" }

// Open streams the payload: the inline bytes, or the claim-check object from
// the object store (read in chunks, digest verified at EOF).
func (m *Message) Open(ctx context.Context) (io.ReadCloser, error) {
	if m.object == "" {
		return io.NopCloser(bytes.NewReader(m.data)), nil
	}
	if m.js == nil {
		return nil, fmt.Errorf("transport: message %s: claim check %s: no object store", m.ID, m.object)
	}
	if err := m.checkObject(); err != nil {
		return nil, Permanent(fmt.Errorf("transport: message %s: %w", m.ID, err))
	}
	r, err := openObject(ctx, m.js, m.bucket, m.object)
	if err != nil {
		if errors.Is(err, ErrObjectNotFound) {
			return nil, Permanent(fmt.Errorf("transport: message %s: claim check: %w", m.ID, err))
		}
		return nil, fmt.Errorf("transport: message %s: claim check: %w", m.ID, err)
	}
	if m.digest != "" && r.Info().Digest != m.digest {
		return nil, Permanent(fmt.Errorf("transport: message %s: claim check %s: digest %s, header says %s", m.ID, m.object, r.Info().Digest, m.digest))
	}
	return r, nil
}

// checkObject refuses a claim check outside the submitting partner's reach:
// an object of its own bucket, or in X12_LARGE (which only the gateway's
// account writes) one under in/<partner>/.
func (m *Message) checkObject() error {
	switch {
	case m.bucket == PartnerBucket(m.Partner):
		return nil
	case m.bucket == BucketLarge && strings.HasPrefix(m.object, "in/"+m.Partner+"/"):
		return nil
	}
	return fmt.Errorf("claim check %s in bucket %s is not the partner's", m.object, m.bucket)
}

// message builds the Message of a delivery.
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
		js:        w.js,
	}
	m.drop, m.invalid = checkInbound(m.Subject, h)
	if m.invalid != nil && ValidPartner(strings.TrimPrefix(m.Subject, SubjectInPfx)) != nil {
		m.Partner = "" // not a partner's subject: its dead letter goes to x12.dlq.unknown
	}
	m.ID = inboundID(h, m.Seq)
	if obj := h.Get(HeaderObject); obj != "" {
		m.object, m.bucket, m.digest, m.data = obj, objectBucket(h), h.Get(HeaderObjectDigest), nil
		if n, err := strconv.ParseInt(h.Get(HeaderObjectSize), 10, 64); err == nil {
			m.Size = n
		}
	}
	return m
}

// objectBucket is the bucket of a claim check's object.
func objectBucket(h nats.Header) string {
	if b := h.Get(HeaderObjectBucket); b != "" {
		return b
	}
	return BucketLarge
}

func inboundID(h nats.Header, seq uint64) string {
	if id := h.Get(jetstream.MsgIDHeader); id != "" && len(id) <= MaxMsgID {
		return id
	}
	return "seq-" + strconv.FormatUint(seq, 10)
}

// copyPayload makes msg carry m's payload: the inline bytes (shared, not
// copied), or a reference to m's claim-check object.
func (m *Message) copyPayload(msg *nats.Msg) {
	if m.object == "" {
		msg.Data = m.data
		return
	}
	msg.Data = nil
	msg.Header.Set(HeaderObject, m.object)
	msg.Header.Set(HeaderObjectBucket, m.bucket)
	msg.Header.Set(HeaderObjectDigest, m.digest)
	msg.Header.Set(HeaderObjectSize, strconv.FormatInt(m.Size, 10))
}

// Handler turns one inbound file into outputs, publishing each with out as
// soon as it is produced: the worker keeps a bounded window of them in
// flight and acks the file only once JetStream has stored every one, so a
// file's memory does not grow with its number of outputs. Returning an error
// Naks the file for a later retry (outputs already published are published
// again under the same IDs, which JetStream drops as duplicates), unless the
// error is Permanent, in which case the file is dead-lettered. An error from
// out must be returned (wrapped): the worker goes by it even if the handler
// does not. Handlers must be safe for concurrent use and must not put
// message content (PHI) in error strings.
type Handler interface {
	Handle(ctx context.Context, m *Message, out Publisher) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, m *Message, out Publisher) error

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, m *Message, out Publisher) error {
	return f(ctx, m, out)
}

// Publisher publishes the outputs of the file being handled. It is not safe
// for concurrent use: a handler publishes from one goroutine at a time, in
// the order it wants the outputs stored.
type Publisher interface {
	// Publish sends o (asynchronously: its acknowledgment is awaited with
	// the others). It blocks while the window of unacknowledged outputs is
	// full. After an error every later call fails with the same error.
	Publish(ctx context.Context, o Outbound) error
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks an error as poison: the file is dead-lettered and
// terminated, never retried. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err (or any error it wraps) was marked
// Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

func lastToken(subject string) string {
	if i := strings.LastIndexByte(subject, '.'); i >= 0 {
		return subject[i+1:]
	}
	return subject
}

// validToken reports whether s can be one subject token.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch c {
		case '.', '*', '>', ' ', '\t', '\r', '\n':
			return false
		}
	}
	return true
}

func validSubject(s string) bool {
	if s == "" {
		return false
	}
	for _, t := range strings.Split(s, ".") {
		if !validToken(t) {
			return false
		}
	}
	return true
}
