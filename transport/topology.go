package transport

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/ops"
)

// Definitions is the JetStream topology: streams, consumers, key-value
// buckets and object stores, as read from the reviewed JSON files in
// ops/nats/jetstream.
type Definitions struct {
	Streams      []jetstream.StreamConfig
	Consumers    []ConsumerDefinition
	KeyValues    []jetstream.KeyValueConfig
	ObjectStores []jetstream.ObjectStoreConfig
}

// ConsumerDefinition is a consumer configuration and the stream it is on.
type ConsumerDefinition struct {
	Stream string
	Config jetstream.ConsumerConfig
}

// LoadDefinitions reads every nats/jetstream/*.json file of fsys (ops.JetStream
// when fsys is nil). A file's kind comes from its name: stream.<NAME>.json,
// consumer.<STREAM>.<NAME>.json, kv.<BUCKET>.json, objectstore.<BUCKET>.json.
// The name in the file must agree with the file name.
func LoadDefinitions(fsys fs.FS) (*Definitions, error) {
	if fsys == nil {
		fsys = ops.JetStream
	}
	files, err := fs.Glob(fsys, "nats/jetstream/*.json")
	if err != nil {
		return nil, fmt.Errorf("transport: list definitions: %w", err)
	}
	sort.Strings(files)
	d := &Definitions{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("transport: read %s: %w", f, err)
		}
		parts := strings.Split(strings.TrimSuffix(path.Base(f), ".json"), ".")
		bad := func(err error) error { return fmt.Errorf("transport: definition %s: %w", f, err) }
		switch {
		case parts[0] == "stream" && len(parts) == 2:
			var c jetstream.StreamConfig
			if err := json.Unmarshal(b, &c); err != nil {
				return nil, bad(err)
			}
			if c.Name != parts[1] {
				return nil, bad(fmt.Errorf("name %q does not match file name", c.Name))
			}
			d.Streams = append(d.Streams, c)
		case parts[0] == "consumer" && len(parts) == 3:
			var c jetstream.ConsumerConfig
			if err := json.Unmarshal(b, &c); err != nil {
				return nil, bad(err)
			}
			if c.Durable != parts[2] {
				return nil, bad(fmt.Errorf("durable_name %q does not match file name", c.Durable))
			}
			d.Consumers = append(d.Consumers, ConsumerDefinition{Stream: parts[1], Config: c})
		case parts[0] == "kv" && len(parts) == 2:
			var c jetstream.KeyValueConfig
			if err := json.Unmarshal(b, &c); err != nil {
				return nil, bad(err)
			}
			if c.Bucket != parts[1] {
				return nil, bad(fmt.Errorf("bucket %q does not match file name", c.Bucket))
			}
			d.KeyValues = append(d.KeyValues, c)
		case parts[0] == "objectstore" && len(parts) == 2:
			var c jetstream.ObjectStoreConfig
			if err := json.Unmarshal(b, &c); err != nil {
				return nil, bad(err)
			}
			if c.Bucket != parts[1] {
				return nil, bad(fmt.Errorf("bucket %q does not match file name", c.Bucket))
			}
			d.ObjectStores = append(d.ObjectStores, c)
		default:
			return nil, bad(fmt.Errorf("unknown kind (want stream.NAME, consumer.STREAM.NAME, kv.BUCKET or objectstore.BUCKET)"))
		}
	}
	return d, nil
}

// TopologyOption adjusts the loaded definitions before EnsureTopology
// applies them.
type TopologyOption func(*Definitions)

// WithOutputMaxAge sets how long X12_OUT keeps outputs (0 = forever). The
// server requires the duplicate window to fit in the max age, so a max age
// shorter than the window shrinks the window to it.
func WithOutputMaxAge(d time.Duration) TopologyOption {
	return WithStreamConfig(StreamOut, func(c *jetstream.StreamConfig) {
		c.MaxAge = d
		if d > 0 && c.Duplicates > d {
			c.Duplicates = d
		}
	})
}

// WithSeenTTL sets the retention window of the X12_SEEN dedup ledger.
func WithSeenTTL(d time.Duration) TopologyOption {
	return func(defs *Definitions) {
		for i := range defs.KeyValues {
			if defs.KeyValues[i].Bucket == BucketSeen {
				defs.KeyValues[i].TTL = d
			}
		}
	}
}

// WithStreamConfig edits the definition of one stream.
func WithStreamConfig(name string, edit func(*jetstream.StreamConfig)) TopologyOption {
	return func(defs *Definitions) {
		for i := range defs.Streams {
			if defs.Streams[i].Name == name {
				edit(&defs.Streams[i])
			}
		}
	}
}

// WithConsumerConfig edits the definition of the gate278 consumer (AckWait,
// MaxDeliver, MaxAckPending ...).
func WithConsumerConfig(edit func(*jetstream.ConsumerConfig)) TopologyOption {
	return func(defs *Definitions) {
		for i := range defs.Consumers {
			if defs.Consumers[i].Stream == StreamIn && defs.Consumers[i].Config.Durable == ConsumerName {
				edit(&defs.Consumers[i].Config)
			}
		}
	}
}

// WithDefinitions replaces the embedded definitions (e.g. files from an
// operator's directory, os.DirFS). Apply it first: it discards earlier edits.
func WithDefinitions(d *Definitions) TopologyOption {
	return func(defs *Definitions) { *defs = *d }
}

// EnsureTopology creates or updates every stream, consumer, key-value bucket
// and object store of the ops definitions, with the given replica count
// (1 for the embedded server, 3 for a cluster; values < 1 mean 1). It is
// idempotent and safe to run from every process at start-up.
func EnsureTopology(ctx context.Context, js jetstream.JetStream, replicas int, opts ...TopologyOption) error {
	defs, err := LoadDefinitions(nil)
	if err != nil {
		return err
	}
	for _, o := range opts {
		o(defs)
	}
	if replicas < 1 {
		replicas = 1
	}
	for _, c := range defs.Streams {
		c.Replicas = replicas
		if _, err := js.CreateOrUpdateStream(ctx, c); err != nil {
			return fmt.Errorf("transport: create or update stream %s: %w", c.Name, err)
		}
	}
	for _, c := range defs.Consumers {
		cfg := c.Config
		cfg.Replicas = replicas
		if _, err := js.CreateOrUpdateConsumer(ctx, c.Stream, cfg); err != nil {
			return fmt.Errorf("transport: create or update consumer %s on %s: %w", cfg.Durable, c.Stream, err)
		}
	}
	for _, c := range defs.KeyValues {
		c.Replicas = replicas
		if _, err := js.CreateOrUpdateKeyValue(ctx, c); err != nil {
			return fmt.Errorf("transport: create or update key-value bucket %s: %w", c.Bucket, err)
		}
	}
	for _, c := range defs.ObjectStores {
		c.Replicas = replicas
		if _, err := js.CreateOrUpdateObjectStore(ctx, c); err != nil {
			return fmt.Errorf("transport: create or update object store %s: %w", c.Bucket, err)
		}
	}
	return nil
}
