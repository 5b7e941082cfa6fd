// Package ops holds gate278's reviewed operational definitions that the
// binary itself needs at run time.
//
// Only the JetStream topology lives here as Go-visible data: the stream,
// consumer, key-value and object-store definitions under nats/jetstream/.
// They are plain JSON in the JetStream API wire format (the field names of
// jetstream.StreamConfig, jetstream.ConsumerConfig, jetstream.KeyValueConfig
// and jetstream.ObjectStoreConfig; durations in nanoseconds), so that they
// can be reviewed like any other configuration, diffed against
// `nats stream info --json`, and unmarshalled directly. Package transport
// loads them through JetStream and creates or updates them at start-up.
//
// File names carry the kind and, for consumers, the stream:
//
//	stream.<STREAM>.json
//	consumer.<STREAM>.<DURABLE>.json
//	kv.<BUCKET>.json
//	objectstore.<BUCKET>.json
package ops

import "embed"

// JetStream holds the JetStream definitions, rooted at the ops directory:
// every file is at nats/jetstream/<name>.json.
//
//go:embed nats/jetstream/*.json
var JetStream embed.FS
