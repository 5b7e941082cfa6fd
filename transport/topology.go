package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
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

// TopologyOption adjusts the definitions, or how EnsureTopology applies
// them.
type TopologyOption func(*topology)

// topology is what EnsureTopology applies: the definitions and the replica
// settings.
type topology struct {
	defs *Definitions
	// replicas, when > 0, replaces every definition's replica count (the
	// serve -replicas flag).
	replicas int
	// clusterSize is what a definition's replica count of 0 resolves to;
	// 0 means ask the server (ClusterSize).
	clusterSize int
	log         *slog.Logger
}

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
	return func(t *topology) {
		for i := range t.defs.KeyValues {
			if t.defs.KeyValues[i].Bucket == BucketSeen {
				t.defs.KeyValues[i].TTL = d
			}
		}
	}
}

// WithStreamConfig edits the definition of one stream.
func WithStreamConfig(name string, edit func(*jetstream.StreamConfig)) TopologyOption {
	return func(t *topology) {
		for i := range t.defs.Streams {
			if t.defs.Streams[i].Name == name {
				edit(&t.defs.Streams[i])
			}
		}
	}
}

// WithConsumerConfig edits the definition of the gate278 consumer (AckWait,
// MaxDeliver, MaxAckPending ...).
func WithConsumerConfig(edit func(*jetstream.ConsumerConfig)) TopologyOption {
	return func(t *topology) {
		for i := range t.defs.Consumers {
			if t.defs.Consumers[i].Stream == StreamIn && t.defs.Consumers[i].Config.Durable == ConsumerName {
				edit(&t.defs.Consumers[i].Config)
			}
		}
	}
}

// WithPartners gives each partner its own claim-check bucket,
// PartnerBucket(p), configured like X12_LARGE: the partner writes its large
// files there and reads its large answers there (see AccountGateway).
func WithPartners(partners ...string) TopologyOption {
	return func(t *topology) {
		var large *jetstream.ObjectStoreConfig
		for i := range t.defs.ObjectStores {
			if t.defs.ObjectStores[i].Bucket == BucketLarge {
				large = &t.defs.ObjectStores[i]
			}
		}
		if large == nil {
			return
		}
		base := *large
		for _, p := range partners {
			c := base
			c.Bucket = PartnerBucket(p)
			c.Description = "Claim checks of partner " + p + ": its large files and the large answers to it."
			t.defs.ObjectStores = append(t.defs.ObjectStores, c)
		}
	}
}

// WithDefinitions replaces the embedded definitions (e.g. files from an
// operator's directory, os.DirFS). Apply it first: it discards earlier edits.
func WithDefinitions(d *Definitions) TopologyOption {
	return func(t *topology) { *t.defs = *d }
}

// WithReplicas gives every stream, consumer and bucket n replicas, whatever
// its definition says (n < 1: keep the definitions'). It never lowers the
// replicas of an asset that exists already.
func WithReplicas(n int) TopologyOption {
	return func(t *topology) { t.replicas = max(n, 0) }
}

// WithClusterSize says how many JetStream servers the deployment has,
// instead of asking the server (see ClusterSize).
func WithClusterSize(n int) TopologyOption {
	return func(t *topology) { t.clusterSize = max(n, 0) }
}

// WithTopologyLogger logs what EnsureTopology decides about replicas.
func WithTopologyLogger(log *slog.Logger) TopologyOption {
	return func(t *topology) { t.log = log }
}

// EnsureTopology creates or updates every stream, consumer, key-value bucket
// and object store of the ops definitions. It is idempotent and safe to run
// from every process at start-up.
//
// Replicas follow the definitions: a definition's num_replicas is kept as
// written, and 0 (as the definitions are shipped) means the deployment's
// size: the number of JetStream servers in the cluster, at most MaxReplicas
// (1 for a single server, 3 on a three-node cluster). WithReplicas replaces
// every definition's count. A consumer left at 0 follows its stream. An
// asset that exists already is never given fewer replicas than it has: a
// lower count is logged and ignored (scale down deliberately, e.g. with
// `nats stream edit --replicas`).
func EnsureTopology(ctx context.Context, js jetstream.JetStream, opts ...TopologyOption) error {
	defs, err := LoadDefinitions(nil)
	if err != nil {
		return err
	}
	t := &topology{defs: defs, log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(t)
	}
	return t.apply(ctx, js)
}

func (t *topology) apply(ctx context.Context, js jetstream.JetStream) error {
	t.retention()
	streamReplicas := map[string]int{}
	for _, c := range t.defs.Streams {
		n, err := t.replicasFor(ctx, js, asset{stream: c.Name}, c.Replicas, 0)
		if err != nil {
			return err
		}
		c.Replicas = n
		streamReplicas[c.Name] = n
		if _, err := js.CreateOrUpdateStream(ctx, c); err != nil {
			return fmt.Errorf("transport: create or update stream %s: %w", c.Name, err)
		}
	}
	for _, c := range t.defs.Consumers {
		cfg := c.Config
		n, err := t.replicasFor(ctx, js, asset{stream: c.Stream, consumer: cfg.Durable}, cfg.Replicas, streamReplicas[c.Stream])
		if err != nil {
			return err
		}
		cfg.Replicas = n
		if _, err := js.CreateOrUpdateConsumer(ctx, c.Stream, cfg); err != nil {
			return fmt.Errorf("transport: create or update consumer %s on %s: %w", cfg.Durable, c.Stream, err)
		}
	}
	for _, c := range t.defs.KeyValues {
		n, err := t.replicasFor(ctx, js, asset{stream: "KV_" + c.Bucket}, c.Replicas, 0)
		if err != nil {
			return err
		}
		c.Replicas = n
		if _, err := js.CreateOrUpdateKeyValue(ctx, c); err != nil {
			return fmt.Errorf("transport: create or update key-value bucket %s: %w", c.Bucket, err)
		}
	}
	for _, c := range t.defs.ObjectStores {
		n, err := t.replicasFor(ctx, js, asset{stream: "OBJ_" + c.Bucket}, c.Replicas, 0)
		if err != nil {
			return err
		}
		c.Replicas = n
		if _, err := js.CreateOrUpdateObjectStore(ctx, c); err != nil {
			return fmt.Errorf("transport: create or update object store %s: %w", c.Bucket, err)
		}
	}
	return nil
}

// objectMargin is how much longer a claim-check object is kept than the
// longest-lived message that may refer to it: the reference is stored a
// little after the object (a dead letter's copy, an answer's object).
const objectMargin = 24 * time.Hour

// retention makes the lifetimes agree, whatever the definitions and options
// say: a claim-check object lives as long as anything may point at it (every
// bucket keeps objects longer than X12_DLQ, X12_OUT and X12_PEND keep
// messages, by objectMargin; forever if one of them does), and X12_SEEN
// remembers files and interchanges longer than any duplicate window (so a
// file resubmitted after a window has closed still gets its first answers).
func (t *topology) retention() {
	var keep, window time.Duration
	forever := false
	for _, s := range t.defs.Streams {
		window = max(window, s.Duplicates)
		switch s.Name {
		case StreamDLQ, StreamOut, StreamPend:
			if s.MaxAge == 0 {
				forever = true
			}
			keep = max(keep, s.MaxAge)
		}
	}
	for i := range t.defs.ObjectStores {
		c := &t.defs.ObjectStores[i]
		switch {
		case forever:
			c.TTL = 0
		case c.TTL != 0 && c.TTL < keep+objectMargin:
			c.TTL = keep + objectMargin
		}
	}
	for i := range t.defs.KeyValues {
		c := &t.defs.KeyValues[i]
		if c.Bucket == BucketSeen && c.TTL != 0 && c.TTL < window {
			t.log.Warn("transport: X12_SEEN's TTL is shorter than a duplicate window; raised", "ttl", c.TTL, "window", window)
			c.TTL = window
		}
	}
}

// asset is a stream (buckets are streams too: KV_<bucket>, OBJ_<bucket>), or
// a consumer on one.
type asset struct{ stream, consumer string }

// replicasFor resolves the replica count of one asset: the WithReplicas
// count, else its definition, else inherit (a consumer follows its stream),
// else the deployment's size; never fewer than the asset has now.
func (t *topology) replicasFor(ctx context.Context, js jetstream.JetStream, a asset, defined, inherit int) (int, error) {
	want := defined
	if t.replicas > 0 {
		want = t.replicas
	}
	if want <= 0 {
		want = inherit
	}
	if want <= 0 {
		n, err := t.deploymentSize(ctx, js)
		if err != nil {
			return 0, err
		}
		want = n
	}
	have, err := currentReplicas(ctx, js, a)
	if err != nil {
		return 0, err
	}
	if have > want {
		t.log.Warn("transport: not lowering replicas", "stream", a.stream, "consumer", a.consumer, "replicas", have, "asked", want)
		return have, nil
	}
	return want, nil
}

// deploymentSize is the replica count of a definition that leaves it to the
// deployment: the cluster's size, at most MaxReplicas.
func (t *topology) deploymentSize(ctx context.Context, js jetstream.JetStream) (int, error) {
	if t.clusterSize == 0 {
		n, err := deploymentSize(ctx, js.Conn(), t.log)
		if err != nil {
			return 0, err
		}
		t.clusterSize = n
	}
	return min(t.clusterSize, MaxReplicas), nil
}

// currentReplicas is the replica count of an existing asset, 0 if it does
// not exist yet.
func currentReplicas(ctx context.Context, js jetstream.JetStream, a asset) (int, error) {
	s, err := js.Stream(ctx, a.stream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("transport: stream %s: %w", a.stream, err)
	}
	n := s.CachedInfo().Config.Replicas
	if a.consumer == "" {
		return n, nil
	}
	c, err := s.Consumer(ctx, a.consumer)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("transport: consumer %s on %s: %w", a.consumer, a.stream, err)
	}
	if r := c.CachedInfo().Config.Replicas; r > 0 {
		return r, nil
	}
	return n, nil // 0: the consumer has its stream's replicas
}
