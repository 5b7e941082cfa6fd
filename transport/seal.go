package transport

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// Sealed answers. Every output the worker publishes carries HeaderSeal, an
// HMAC-SHA256 of its ID, its subject and its body's fingerprint under a key
// only the gateway holds (derived from the gateway's NKey seed,
// SealKeyFromSeed). When JetStream reports an output as a duplicate and the
// message stored under its ID is other bytes, the seal tells the two cases
// apart: sealed by the gateway, it is the file's original answer, decided
// under the configuration of the time (a policy version, a setting changed
// since: a file whose handling was interrupted before its answers were
// indexed, then handled again, see replay.go) — by the resubmission
// contract the file keeps it, and it is not a conflict; unsealed or sealed with another key, it is a forgery
// (ErrOutputConflict). Partners cannot verify seals, and need not: they can
// publish no output at all.
const (
	// HeaderSeal is the gateway's seal on an output ("v1:<hex>").
	HeaderSeal = "Gate278-Seal"
	sealLabel  = "gate278 output seal v1"
)

// SealKeyFromSeed derives the key the gateway seals its outputs with from
// its NKey seed file (or a NATS credentials file holding the seed): every
// gateway process sharing the identity shares the key, and it survives
// restarts and JWT rotation. A new seed is a new key: answers sealed under
// the old one then count as not the gateway's.
func SealKeyFromSeed(file string) ([]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("transport: seal key: %w", err)
	}
	kp, err := nkeys.ParseDecoratedNKey(b)
	if err != nil {
		return nil, fmt.Errorf("transport: seal key: no NKey seed in the gateway's credentials: %w", err)
	}
	seed, err := kp.Seed()
	if err != nil {
		return nil, fmt.Errorf("transport: seal key: %w", err)
	}
	mac := hmac.New(sha256.New, seed)
	mac.Write([]byte(sealLabel))
	return mac.Sum(nil), nil
}

// seal is the seal of an output: its ID, subject and body fingerprint.
func seal(key []byte, id, subject, print string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "\x00" + subject + "\x00" + print))
	return "v1:" + hex.EncodeToString(mac.Sum(nil))
}

// sealMsg seals msg, published under id, when the worker has a key.
func (w *Worker) sealMsg(msg *nats.Msg, id string) {
	if w.cfg.SealKey != nil {
		w.sealPrinted(msg, id, fingerprint(msg.Header, msg.Data))
	}
}

// sealPrinted seals msg whose body's fingerprint is print.
func (w *Worker) sealPrinted(msg *nats.Msg, id, print string) {
	if w.cfg.SealKey != nil {
		msg.Header.Set(HeaderSeal, seal(w.cfg.SealKey, id, msg.Subject, print))
	}
}

// sealedByGateway reports whether a stored message carries the gateway's
// seal for its own ID, subject and body.
func (w *Worker) sealedByGateway(id, subject string, h nats.Header, data []byte) bool {
	got := h.Get(HeaderSeal)
	if w.cfg.SealKey == nil || !strings.HasPrefix(got, "v1:") {
		return false
	}
	return hmac.Equal([]byte(got), []byte(seal(w.cfg.SealKey, id, subject, fingerprint(h, data))))
}
