// Package transport moves inbound files from NATS JetStream to a handler and
// publishes the handler's outputs. It knows nothing of X12 or policies: it
// moves bytes and maps a handler outcome to Ack, NakWithDelay, InProgress or
// dead-letter + Term.
//
// # Topology
//
// The streams, the consumer and the buckets are defined as reviewed JSON
// files in ops/nats/jetstream (package ops) and created or updated at
// start-up by EnsureTopology. Replicas follow the deployment: the
// definitions' num_replicas 0 resolves to the cluster's size as the servers
// report it (ClusterSize: 1 embedded, 3 on a three-node cluster), a number
// written in a definition is kept, WithReplicas (serve -replicas) overrides
// them all, and an existing asset is never lowered:
//
//	X12_IN    work queue, x12.278.in.<partner>; Nats-Msg-Id dedup (10 min)
//	          durable pull consumer "gate278": explicit ack, AckWait 30s,
//	          MaxDeliver 5, MaxAckPending 1000
//	X12_OUT   limits, x12.278.out.>, x12.999.out.>, x12.ta1.out.>,
//	          x12.278.trace.>; 2 h dedup window; max age configurable
//	X12_PEND  x12.278.pend.<policy>
//	X12_DLQ   x12.dlq.<partner>, 90 days
//	X12_EVENTS the consumer's MAX_DELIVERIES advisories, captured durably;
//	          consumer "gate278-dlq"
//	X12_SEEN  key-value ledger of interchanges seen (Ledger.Claim), TTL
//	X12_LARGE object store for claim checks
//
// # Delivery contract: at-least-once in, exactly-once out
//
// A Worker pulls from the durable consumer with a bounded number of
// concurrent handlers (WorkerConfig.Workers) and a client buffer no larger
// than that (buffered messages burn AckWait). For each delivery:
//
//   - while the handler runs, InProgress is sent every AckWait/3;
//   - the handler publishes its outputs as it produces them (Publisher):
//     each goes out asynchronously with Nats-Msg-Id = Outbound.ID and
//     headers Gate278-Inbound-Id/-Subject/-Seq and Gate278-Kind, a bounded
//     window at a time (by count, within the client's limit of outstanding
//     publishes, and by bytes), so a file's memory does not grow with its
//     outputs. Its kind and subject must be in the worker's output table
//     (WorkerConfig.Outputs, package ops/outputs). Once the handler returns,
//     every output must be acknowledged by JetStream; only then is the file
//     acked with DoubleAck (the server confirms the ack). A redelivered file
//     publishes the same ids, which the X12_OUT duplicate window drops: one
//     response per file;
//   - a transient error (handler error or publish failure) NakWithDelay's
//     the file with exponential backoff;
//   - a Permanent error, a handler panic (recovered and logged with its
//     stack), an invalid output, a file above WorkerConfig.MaxFileSize, or a
//     transient failure on the last delivery (MaxDeliver) copies the file
//     with its original headers and Gate278-Dlq-Reason to X12_DLQ
//     (Msg-Id dlq-<inbound id>) and only then terminates it (on a work
//     queue Term deletes). If the copy fails the file is Nak'ed instead:
//     nothing is dropped;
//   - files whose last delivery was never settled (the worker died) stay in
//     the work queue undelivered; the server's MAX_DELIVERIES advisory is
//     captured in X12_EVENTS and whichever worker consumes it moves the file
//     to X12_DLQ (GetMsg, publish, DeleteMsg), also if no worker was up when
//     the advisory was sent.
//
// The inbound identity is the Nats-Msg-Id of the inbound message (Submit
// uses the content digest "sha256:<hex>"), else "seq-<stream sequence>".
//
// # Large files
//
// Payloads above the server's max payload (less 8 KiB for headers) travel
// by claim check: the bytes go to the X12_LARGE object store (chunked to fit
// the max payload) and the message carries Gate278-Object,
// Gate278-Object-Digest and Gate278-Object-Size with an empty body. Submit
// does this for inbound files, the worker for outputs and dead letters;
// Message.Open streams either kind, so handlers do not care. An output that
// copies the inbound file (Outbound.CopyInbound) and a dead letter refer to
// the inbound object rather than copying it; the object is deleted after the
// ack only when nothing refers to it, and otherwise expires with the bucket.
//
// # Running
//
// Open (GatewayConfig) is the one start-up path, used by `gate278 serve` and
// the tests alike: it starts an embedded nats-server when no URL is given,
// connects (in-process, or with credentials/TLS and endless reconnects),
// finds the deployment's size, ensures the topology (retrying while a
// cluster elects its leaders) and binds the ledger; StartWorker starts the
// worker; Close stops it gracefully (stop pulling, finish in-flight files,
// flush, close). Every retry loop of the package runs through one helper
// (exponential backoff with jitter, bounded by the context). Submit,
// WatchOutputs and Status back the CLI's submit and status commands.
//
// Logging uses an injected *slog.Logger and records subjects, ids and
// sequences only: message bodies carry PHI and are never logged. Handlers
// must keep PHI out of error strings too (they end up in headers and logs).
package transport
