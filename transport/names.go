package transport

// Stream, consumer and bucket names. Other packages, the ops definitions and
// operators' tooling depend on them; they never change.
const (
	StreamIn      = "X12_IN"      // inbound files (work queue)
	StreamOut     = "X12_OUT"     // 278 responses, 999, TA1, traces
	StreamPend    = "X12_PEND"    // pended lines awaiting clinical review
	StreamDLQ     = "X12_DLQ"     // dead letters
	StreamEvents  = "X12_EVENTS"  // captured MAX_DELIVERIES advisories of the gate278 consumer
	ConsumerDLQ   = "gate278-dlq" // durable pull consumer on X12_EVENTS
	ConsumerName  = "gate278"     // durable pull consumer on X12_IN
	BucketSeen    = "X12_SEEN"    // KV dedup ledger
	BucketLarge   = "X12_LARGE"
	SubjectInPfx  = "x12.278.in." // + partner
	SubjectDLQPfx = "x12.dlq."    // + partner
)

// The subjects and streams of outputs are not here: they are the output
// vocabulary (package ops/outputs), which the worker and Status are handed.

// Headers set by the transport. They are custom (never Nats- prefixed) and
// case-sensitive, as nats.Header is.
const (
	// HeaderInboundID names the inbound message an output answers: the
	// inbound Nats-Msg-Id if present, else "seq-<stream sequence>".
	HeaderInboundID = "Gate278-Inbound-Id"
	// HeaderInboundSubject is the subject the inbound file was submitted on.
	HeaderInboundSubject = "Gate278-Inbound-Subject"
	// HeaderInboundSeq is the X12_IN stream sequence of the inbound file.
	HeaderInboundSeq = "Gate278-Inbound-Seq"
	// HeaderKind is the output kind (a name of the worker's output table).
	HeaderKind = "Gate278-Kind"
	// HeaderObject names a claim-check object in bucket X12_LARGE; the
	// message body is then empty and the payload lives in the object.
	HeaderObject = "Gate278-Object"
	// HeaderObjectBucket is the object store holding the claim-check
	// object: a partner's bucket (PartnerBucket), or X12_LARGE when absent.
	HeaderObjectBucket = "Gate278-Object-Bucket"
	// HeaderObjectDigest is the object's digest ("SHA-256=<base64url>", as
	// reported by the object store).
	HeaderObjectDigest = "Gate278-Object-Digest"
	// HeaderObjectSize is the object's size in bytes (decimal).
	HeaderObjectSize = "Gate278-Object-Size"
	// HeaderDlqReason is the dead-letter reason code: "poison",
	// "max_deliver", "exhausted", "oversize", "invalid" or "conflict".
	HeaderDlqReason = "Gate278-Dlq-Reason"
	// HeaderDlqError is the error text that caused a dead letter (truncated;
	// handlers must keep PHI out of error strings).
	HeaderDlqError = "Gate278-Dlq-Error"
	// HeaderDlqDropped lists the inbound headers a dead letter leaves out
	// (too large; see MaxHeaderValue).
	HeaderDlqDropped = "Gate278-Dlq-Dropped"
	// HeaderDlqDelivered is the number of deliveries the file had.
	HeaderDlqDelivered = "Gate278-Dlq-Delivered"
	// HeaderFileName is the submitter's file name (base name only).
	HeaderFileName = "Gate278-File-Name"
	// HeaderContentDigest is the inbound file's content digest,
	// "sha256:<hex>" (Submit's Nats-Msg-Id is "<partner>/" and the digest).
	HeaderContentDigest = "Gate278-Content-Digest"
)

// Dead-letter reasons (Observer.DeadLettered and HeaderDlqReason).
const (
	ReasonMaxDeliver = "max_deliver"
	ReasonPoison     = "poison"
	ReasonOversize   = "oversize"
	// ReasonInvalid: the file's subject or headers break the limits
	// (a partner name outside ValidPartner, an oversized header).
	ReasonInvalid = "invalid"
	// ReasonConflict: an output already stored under one of the file's
	// answer IDs is not its answer (ErrOutputConflict).
	ReasonConflict = "conflict"
	// ReasonExhausted: the file exhausted its deliveries and its
	// max-deliveries advisory never reached a worker; the stranded-file
	// sweep found it (exhausted.go).
	ReasonExhausted = "exhausted"
)

// Settle outcomes (Observer.Settled).
const (
	OutcomeAck        = "ack"
	OutcomeNak        = "nak"
	OutcomeTerm       = "term"
	OutcomeDeadLetter = "dead_letter"
)
