package transport

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go/jetstream"
)

// Ledger is the duplicate-interchange ledger on KV bucket X12_SEEN. Entries
// expire after the bucket's TTL (the configurable dedup window, see
// WithSeenTTL).
type Ledger struct {
	kv jetstream.KeyValue
}

// NewLedger binds the X12_SEEN bucket (EnsureTopology creates it).
func NewLedger(ctx context.Context, js jetstream.JetStream) (*Ledger, error) {
	kv, err := js.KeyValue(ctx, BucketSeen)
	if err != nil {
		return nil, fmt.Errorf("transport: bind key-value bucket %s: %w", BucketSeen, err)
	}
	return &Ledger{kv: kv}, nil
}

// Claim records key with value if the key is not in the ledger (atomic
// create) and returns fresh=true. If the key is already there it returns
// the stored value and fresh=false. Keys may contain any characters: those
// a KV key cannot hold are escaped (see LedgerKey).
func (l *Ledger) Claim(ctx context.Context, key, value string) (prior string, fresh bool, err error) {
	k := LedgerKey(key)
	for range 3 {
		_, err := l.kv.Create(ctx, k, []byte(value))
		if err == nil {
			return "", true, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return "", false, fmt.Errorf("transport: ledger claim %s: %w", k, err)
		}
		e, err := l.kv.Get(ctx, k)
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			continue // expired or deleted in between: try to create again
		}
		if err != nil {
			return "", false, fmt.Errorf("transport: ledger read %s: %w", k, err)
		}
		return string(e.Value()), false, nil
	}
	return "", false, fmt.Errorf("transport: ledger claim %s: key keeps appearing and disappearing", k)
}

// Release removes key from the ledger (e.g. when the interchange that
// claimed it was rejected and may be resent).
func (l *Ledger) Release(ctx context.Context, key string) error {
	if err := l.kv.Delete(ctx, LedgerKey(key)); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("transport: ledger release: %w", err)
	}
	return nil
}

// LedgerKey maps an arbitrary string to a valid KV key: letters, digits,
// '-', '_' and '/' stay, every other byte becomes "=XX" (hex), so distinct
// inputs give distinct keys. Dots are escaped too, so a key is one token.
func LedgerKey(s string) string {
	if s == "" {
		return "="
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '/':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	return b.String()
}
