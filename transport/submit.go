package transport

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
)

// Receipt describes one submitted file.
type Receipt struct {
	ID         string // "<partner>/sha256:<hex>/<attempt>": this submission's identity (Nats-Msg-Id)
	Digest     string // "sha256:<hex>" of the content (Gate278-Content-Digest)
	Subject    string // x12.278.in.<partner>
	Seq        uint64 // X12_IN stream sequence
	Duplicate  bool   // this submission was stored already (a publish retried after a lost acknowledgment)
	ClaimCheck bool   // the content went through the object store
}

// Submit publishes one file to X12_IN on x12.278.in.<partner> with
// Nats-Msg-Id = "<partner>/sha256:<hex of the content>/<attempt>" and
// returns that id. Every call is a submission of its own (the attempt part
// is random; only its own publish retries are deduplicated), so every
// submission is answered: the gateway answers the same bytes from the same
// partner with the same answers (see the resubmission contract in the
// README); the same bytes from another partner are another file. name is
// recorded (base name only) in Gate278-File-Name. A file above the server's
// max payload goes through the X12_LARGE object store as a claim check,
// transparently to workers. Publishing is retried with backoff (e.g. across
// a server restart) until ctx is done; the object upload is retried only if
// r is an io.Seeker.
func Submit(ctx context.Context, js jetstream.JetStream, partner, name string, r io.Reader) (string, error) {
	rc, err := SubmitReceipt(ctx, js, partner, name, r)
	return rc.ID, err
}

// SubmitReceipt is Submit returning the full Receipt.
func SubmitReceipt(ctx context.Context, js jetstream.JetStream, partner, name string, r io.Reader) (Receipt, error) {
	var rc Receipt
	if err := ValidPartner(partner); err != nil {
		return rc, fmt.Errorf("transport: submit: %w", err)
	}
	rc.Subject = SubjectInPfx + partner
	if err := waitConnected(ctx, js.Conn()); err != nil {
		return rc, fmt.Errorf("transport: submit: connect: %w", err)
	}
	var start int64 = -1
	seeker, _ := r.(io.Seeker)
	if seeker != nil {
		if p, err := seeker.Seek(0, io.SeekCurrent); err == nil {
			start = p
		}
	}
	limit := inlineLimit(js.Conn())
	head, err := readUpTo(r, limit+1)
	if err != nil {
		return rc, fmt.Errorf("transport: submit: read %s: %w", filepath.Base(name), err)
	}
	msg := nats.NewMsg(rc.Subject)
	if name != "" {
		if err := checkFileName(filepath.Base(name)); err != nil {
			return rc, fmt.Errorf("transport: submit: %w", err)
		}
		msg.Header.Set(HeaderFileName, filepath.Base(name))
	}
	var objectName, bucket string
	if int64(len(head)) <= limit {
		rc.Digest = digestID(head)
		msg.Data = head
	} else {
		rc.ClaimCheck = true
		objectName = "in/" + partner + "/" + nuid.Next()
		bucket = submitBucket(ctx, js, partner)
		info, id, err := putObject(ctx, js, bucket, objectName, head, r, seeker, start)
		if err != nil {
			return rc, fmt.Errorf("transport: submit: %w", noGateway(err, "claim-check bucket "+bucket))
		}
		rc.Digest = id
		msg.Header.Set(HeaderObject, objectName)
		msg.Header.Set(HeaderObjectBucket, bucket)
		msg.Header.Set(HeaderObjectDigest, info.Digest)
		msg.Header.Set(HeaderObjectSize, strconv.FormatUint(info.Size, 10))
	}
	rc.ID = partner + "/" + rc.Digest + "/" + randomName()[:12]
	msg.Header.Set(HeaderContentDigest, rc.Digest)
	msg.Header.Set(jetstream.MsgIDHeader, rc.ID)
	if _, err := checkInbound(rc.Subject, msg.Header); err != nil {
		return rc, fmt.Errorf("transport: submit: %w", err)
	}
	ack, err := publishRetry(ctx, js, msg, jetstream.WithMsgID(rc.ID), jetstream.WithExpectStream(StreamIn))
	if err != nil {
		return rc, fmt.Errorf("transport: submit %s: %w", rc.ID, noGateway(err, "stream "+StreamIn))
	}
	rc.Seq, rc.Duplicate = ack.Sequence, ack.Duplicate
	if rc.Duplicate && objectName != "" {
		if obs, err := js.ObjectStore(ctx, bucket); err == nil {
			_ = obs.Delete(ctx, objectName) // the first submission has its own object
		}
	}
	return rc, nil
}

// ErrNoGateway says that a stream or bucket of the gateway is not there:
// no gate278 serve has created them yet, or the partner is not in its
// registry.
var ErrNoGateway = errors.New("the gateway's streams and buckets are not there: start gate278 serve first (it creates them), and check the partner is in its registry")

// noGateway wraps err with ErrNoGateway when it says that what is named is
// missing (a bucket or stream not found, nobody answering).
func noGateway(err error, what string) error {
	switch {
	case errors.Is(err, jetstream.ErrBucketNotFound), errors.Is(err, jetstream.ErrStreamNotFound),
		errors.Is(err, jetstream.ErrNoStreamResponse), errors.Is(err, nats.ErrNoResponders):
		return fmt.Errorf("%s: %w (%w)", what, ErrNoGateway, err)
	}
	return err
}

// submitBucket is where a partner's large file goes: its own bucket, or
// X12_LARGE for a partner the gateway has none for (a client of the
// gateway's own account).
func submitBucket(ctx context.Context, js jetstream.JetStream, partner string) string {
	if _, err := js.ObjectStore(ctx, PartnerBucket(partner)); err == nil {
		return PartnerBucket(partner)
	}
	return BucketLarge
}

// digestID is the content identity of a file: "sha256:<hex>".
func digestID(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// putObject uploads head+rest under name, hashing as it streams. If the
// source is seekable, a failed upload is retried from the start while ctx
// lasts (up to 20 attempts).
func putObject(ctx context.Context, js jetstream.JetStream, bucket, name string, head []byte, rest io.Reader, seeker io.Seeker, start int64) (*jetstream.ObjectInfo, string, error) {
	var src io.Reader = io.MultiReader(bytes.NewReader(head), rest)
	var info *jetstream.ObjectInfo
	var sum hash.Hash
	rewound, cannotRewind := false, seeker == nil || start < 0
	policy := retryPolicy{
		backoff:     backoff{base: 50 * time.Millisecond, max: 2 * time.Second},
		maxAttempts: 20,
		retryable: func(err error) bool {
			missing := errors.Is(err, jetstream.ErrBucketNotFound) || errors.Is(err, jetstream.ErrStreamNotFound)
			return !cannotRewind && !missing && retryable(err)
		},
	}
	err := retry(ctx, policy, func(ctx context.Context) error {
		if rewound {
			if _, err := seeker.Seek(start, io.SeekStart); err != nil {
				cannotRewind = true
				return fmt.Errorf("rewind: %w", err)
			}
			src = rest
			if err := waitConnected(ctx, js.Conn()); err != nil {
				return err
			}
		}
		rewound = true
		obs, err := js.ObjectStore(ctx, bucket)
		if err != nil {
			return err
		}
		sum = sha256.New()
		info, err = obs.Put(ctx, objectMeta(js.Conn(), name), io.TeeReader(src, sum))
		return err
	})
	if err != nil {
		return nil, "", fmt.Errorf("claim check %s: %w", name, err)
	}
	return info, "sha256:" + hex.EncodeToString(sum.Sum(nil)), nil
}
