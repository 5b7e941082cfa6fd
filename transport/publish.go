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

// headroom is the room left under the server's max payload for headers: a
// body larger than MaxPayload-headroom goes through the object store.
const headroom = 8 << 10

// inlineLimit is the largest body published inline on nc.
func inlineLimit(nc *nats.Conn) int64 {
	mp := nc.MaxPayload()
	if mp <= 0 {
		mp = nats.MAX_CONTROL_LINE_SIZE // not connected yet; callers wait first
	}
	l := mp - headroom
	if l < mp/2 {
		l = mp / 2
	}
	return l
}

// objectMeta names an object and sizes its chunks to fit the server's max
// payload (the object store's default chunk is 128 KiB).
func objectMeta(nc *nats.Conn, name string) jetstream.ObjectMeta {
	chunk := min(int64(128<<10), inlineLimit(nc))
	return jetstream.ObjectMeta{Name: name, Opts: &jetstream.ObjectMetaOptions{ChunkSize: uint32(chunk)}}
}

// WaitConnected waits until nc is connected (e.g. after a start-up with
// the server still down, or during a reconnect). A connection the server
// refused (ErrRefused: authentication, TLS) returns at once with the
// server's reason.
func WaitConnected(ctx context.Context, nc *nats.Conn) error { return waitConnected(ctx, nc) }

func waitConnected(ctx context.Context, nc *nats.Conn) error {
	for !nc.IsConnected() {
		if err := refusal(nc); err != nil {
			return err
		}
		if nc.IsClosed() {
			if err := nc.LastError(); err != nil {
				return fmt.Errorf("%w: %w", nats.ErrConnectionClosed, err)
			}
			return nats.ErrConnectionClosed
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}

// cloneHeader copies h (nil gives an empty header).
func cloneHeader(h nats.Header) nats.Header {
	out := make(nats.Header, len(h)+6)
	for k, v := range h {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// stripNATSHeaders removes Nats-* headers (Msg-Id, Expected-*, TTL ...) that
// must not be replayed on a copy.
func stripNATSHeaders(h nats.Header) {
	for k := range h {
		if len(k) >= 5 && strings.EqualFold(k[:5], "nats-") {
			delete(h, k)
		}
	}
}

// publishClaimChecked publishes msg with Nats-Msg-Id id; a body too large
// for the server goes to the object store bucket under objectName, and the
// message then carries the Gate278-Object headers and an empty body.
// finish, if set, is called on the message as it is published (the
// worker's seal).
func publishClaimChecked(ctx context.Context, js jetstream.JetStream, bucket string, msg *nats.Msg, id, objectName string, finish func(*nats.Msg)) (*jetstream.PubAck, error) {
	if int64(len(msg.Data)) > inlineLimit(js.Conn()) {
		store, err := js.ObjectStore(ctx, bucket)
		if err != nil {
			return nil, fmt.Errorf("claim check: bind %s: %w", bucket, err)
		}
		info, err := store.Put(ctx, objectMeta(js.Conn(), objectName), bytes.NewReader(msg.Data))
		if err != nil {
			return nil, fmt.Errorf("claim check %s: %w", objectName, err)
		}
		if msg.Header == nil {
			msg.Header = nats.Header{}
		}
		msg.Header.Set(HeaderObject, objectName)
		msg.Header.Set(HeaderObjectBucket, bucket)
		msg.Header.Set(HeaderObjectDigest, info.Digest)
		msg.Header.Set(HeaderObjectSize, strconv.FormatUint(info.Size, 10))
		msg.Data = nil
	}
	if finish != nil {
		finish(msg)
	}
	return js.PublishMsg(ctx, msg, jetstream.WithMsgID(id))
}

// retryable reports whether a publish may succeed if tried again later
// (server restart, leader election, timeouts).
func retryable(err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, context.Canceled), errors.Is(err, ErrRefused):
		return false
	case errors.Is(err, nats.ErrMaxPayload), errors.Is(err, nats.ErrBadSubject),
		errors.Is(err, nats.ErrConnectionClosed), errors.Is(err, nats.ErrInvalidMsg):
		return false
	}
	return true
}

// publishRetry publishes until JetStream acknowledges or ctx is done,
// backing off between attempts (each attempt has its own timeout; waiting
// for a lost connection to come back is not an attempt).
func publishRetry(ctx context.Context, js jetstream.JetStream, msg *nats.Msg, opts ...jetstream.PublishOpt) (*jetstream.PubAck, error) {
	var ack *jetstream.PubAck
	err := retry(ctx, publishRetryPolicy, func(actx context.Context) error {
		if err := waitConnected(ctx, js.Conn()); err != nil {
			return err
		}
		var err error
		ack, err = js.PublishMsg(actx, msg, opts...)
		return err
	})
	return ack, err
}

// publishRetryPolicy retries a publish across a server restart or a leader
// election.
var publishRetryPolicy = retryPolicy{
	backoff:        backoff{base: 50 * time.Millisecond, max: 2 * time.Second},
	attemptTimeout: 5 * time.Second,
	retryable:      retryable,
}

// readUpTo reads up to n bytes of r; it returns fewer only at EOF.
func readUpTo(r io.Reader, n int64) ([]byte, error) {
	var buf bytes.Buffer
	_, err := io.CopyN(&buf, r, n)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf.Bytes(), nil
}
