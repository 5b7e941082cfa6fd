package transport

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrObjectNotFound is returned when a claim-check object is not in its
// bucket (deleted, expired, or never written).
var ErrObjectNotFound = errors.New("claim-check object not found")

// ErrObjectDigest is returned when a claim-check object's bytes do not
// match its recorded digest or size.
var ErrObjectDigest = errors.New("claim-check object does not match its digest")

// objectReader streams one object of an object store chunk by chunk, each
// chunk fetched with a direct get when the reader needs it. Nothing is
// pushed to it, so a reader whose consumer pauses (a worker busy with the
// file) never times out between chunks, and it needs no consumer on the
// bucket's stream: a partner reads its own bucket with the direct-get
// requests its account imports (see AccountGateway). The digest and size
// are verified at the end.
type objectReader struct {
	ctx       context.Context
	stream    jetstream.Stream
	subject   string // the chunks' subject
	next      uint64 // stream sequence to look from
	remaining uint32 // chunks not read yet
	buf       []byte
	sum       hash.Hash
	read      uint64
	info      jetstream.ObjectInfo
}

// objectMetaSubject is the subject of an object's metadata in bucket.
func objectMetaSubject(bucket, name string) string {
	return "$O." + bucket + ".M." + base64.URLEncoding.EncodeToString([]byte(name))
}

// openObject opens object name of bucket for reading.
func openObject(ctx context.Context, js jetstream.JetStream, bucket, name string) (*objectReader, error) {
	s, err := js.Stream(ctx, "OBJ_"+bucket)
	if err != nil {
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			return nil, fmt.Errorf("bucket %s: %w", bucket, ErrObjectNotFound)
		}
		return nil, fmt.Errorf("bucket %s: %w", bucket, err)
	}
	m, err := s.GetLastMsgForSubject(ctx, objectMetaSubject(bucket, name))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, fmt.Errorf("%s/%s: %w", bucket, name, ErrObjectNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("%s/%s: %w", bucket, name, err)
	}
	r := &objectReader{ctx: ctx, stream: s, sum: sha256.New()}
	if err := json.Unmarshal(m.Data, &r.info); err != nil {
		return nil, fmt.Errorf("%s/%s: metadata: %w", bucket, name, err)
	}
	if r.info.Deleted {
		return nil, fmt.Errorf("%s/%s: %w (deleted)", bucket, name, ErrObjectNotFound)
	}
	r.subject = "$O." + bucket + ".C." + r.info.NUID
	r.remaining = r.info.Chunks
	return r, nil
}

// Info is the object's metadata.
func (r *objectReader) Info() jetstream.ObjectInfo { return r.info }

// Read implements io.Reader.
func (r *objectReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.remaining == 0 {
			return 0, r.verify()
		}
		m, err := r.stream.GetMsg(r.ctx, r.next, jetstream.WithGetMsgSubject(r.subject))
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				return 0, fmt.Errorf("%s: chunk missing: %w", r.info.Name, ErrObjectNotFound)
			}
			return 0, fmt.Errorf("%s: read chunk: %w", r.info.Name, err)
		}
		r.next, r.buf = m.Sequence+1, m.Data
		r.remaining--
		r.sum.Write(m.Data)
		r.read += uint64(len(m.Data))
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func (r *objectReader) verify() error {
	digest := "SHA-256=" + base64.URLEncoding.EncodeToString(r.sum.Sum(nil))
	if r.read != r.info.Size || digest != r.info.Digest {
		return fmt.Errorf("%s: %w", r.info.Name, ErrObjectDigest)
	}
	return io.EOF
}

// Close implements io.Closer.
func (r *objectReader) Close() error { return nil }
