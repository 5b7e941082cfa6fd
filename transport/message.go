package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/ops/outputs"
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

	data   []byte                // inline payload
	object string                // claim-check object name in X12_LARGE
	digest string                // expected object digest
	obs    jetstream.ObjectStore // where the object lives
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

// ClaimCheck reports whether the payload lives in the object store rather
// than in the message.
func (m *Message) ClaimCheck() bool { return m.object != "" }

// Open streams the payload: the inline bytes, or the claim-check object from
// the object store (read in chunks, digest verified at EOF).
func (m *Message) Open(ctx context.Context) (io.ReadCloser, error) {
	if m.object == "" {
		return io.NopCloser(bytes.NewReader(m.data)), nil
	}
	if m.obs == nil {
		return nil, fmt.Errorf("transport: message %s: claim check %s: no object store", m.ID, m.object)
	}
	r, err := m.obs.Get(ctx, m.object)
	if err != nil {
		if errors.Is(err, jetstream.ErrObjectNotFound) {
			return nil, Permanent(fmt.Errorf("transport: message %s: claim check %s: %w", m.ID, m.object, err))
		}
		return nil, fmt.Errorf("transport: message %s: claim check %s: %w", m.ID, m.object, err)
	}
	if m.digest != "" {
		info, err := r.Info()
		if err == nil && info.Digest != m.digest {
			r.Close()
			return nil, Permanent(fmt.Errorf("transport: message %s: claim check %s: digest %s, header says %s", m.ID, m.object, info.Digest, m.digest))
		}
	}
	return r, nil
}

// Outbound is one message the handler wants published in answer to the
// inbound file it handles.
type Outbound struct {
	Kind    string      // a name of the worker's output table (WorkerConfig.Outputs); a metric label
	Subject string      // one of the kind's subjects (its prefix and one token)
	ID      string      // becomes Nats-Msg-Id (derived by the handler from the inbound identity)
	Header  nats.Header // may be nil
	Data    []byte
}

// validate checks o against the closed set of output kinds.
func (o *Outbound) validate(kinds outputs.Table) error {
	k, ok := kinds.Lookup(o.Kind)
	if !ok {
		return fmt.Errorf("output kind %q is not one of %s", o.Kind, strings.Join(kinds.Names(), ", "))
	}
	if o.ID == "" {
		return fmt.Errorf("output %s on %s has no ID", o.Kind, o.Subject)
	}
	if !validSubject(o.Subject) || !k.Owns(o.Subject) {
		return fmt.Errorf("output %s has invalid subject %q (want %s<token>)", o.Kind, o.Subject, k.Prefix)
	}
	return nil
}

// Handler turns one inbound file into the outputs to publish. Returning an
// error Naks the file for a later retry, unless the error is Permanent, in
// which case the file is dead-lettered. Handlers must be safe for concurrent
// use and must not put message content (PHI) in error strings.
type Handler interface {
	Handle(ctx context.Context, m *Message) ([]Outbound, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, m *Message) ([]Outbound, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, m *Message) ([]Outbound, error) { return f(ctx, m) }

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
