package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// WorkerConfig configures a Worker.
type WorkerConfig struct {
	// Handler turns a file into outputs (required).
	Handler Handler
	// Workers is the number of files handled concurrently. Default
	// GOMAXPROCS.
	Workers int
	// Observer receives events. Default NopObserver.
	Observer Observer
	// Logger logs subjects, ids and sequences, never bodies. Default: discard.
	Logger *slog.Logger
	// BackoffBase and BackoffMax shape the NakWithDelay backoff after a
	// transient failure: BackoffBase * 2^(delivered-1), capped at BackoffMax,
	// with up to 10% jitter. Defaults 1s and 1m.
	BackoffBase, BackoffMax time.Duration
	// MaxFileSize dead-letters larger files with reason "oversize" without
	// calling the handler. 0 means no limit.
	MaxFileSize int64
	// PollInterval is how often consumer info is polled into
	// Observer.ConsumerState. Default 15s.
	PollInterval time.Duration
	// PullExpiry is the lifetime of one pull request; the server sends idle
	// heartbeats every PullExpiry/2 and a pull whose heartbeats stop (the
	// server or the consumer leader went away) is replaced after two missed
	// heartbeats. Shorter means faster failover. Default 5s, minimum 1s.
	PullExpiry time.Duration
	// AckTimeout bounds DoubleAck, Term and dead-letter publishes. Default 10s.
	AckTimeout time.Duration
}

// Worker consumes X12_IN through the durable consumer gate278, calls the
// handler for each file, publishes its outputs and settles the file. Any
// number of Workers, in one process or many, may share the consumer.
type Worker struct {
	js  jetstream.JetStream
	cfg WorkerConfig
	log *slog.Logger
	obs Observer

	cons       jetstream.Consumer
	objects    jetstream.ObjectStore
	ackWait    time.Duration
	maxDeliver int

	cc         jetstream.ConsumeContext
	events     jetstream.ConsumeContext // MAX_DELIVERIES advisories
	sem        chan struct{}
	wg         sync.WaitGroup // in-flight files and helpers
	inflight   atomic.Int64
	running    atomic.Bool
	handleCtx  context.Context
	hardCancel context.CancelFunc
	stopPoll   chan struct{}
	stopOnce   sync.Once
	mu         sync.Mutex
	closing    bool // set under mu before waiting on wg: no new work after it

	// beforeAck is a test hook run after outputs are published, before Ack.
	beforeAck func(*Message)
	// noFinalDLQ is a test hook: Nak on the last delivery instead of
	// dead-lettering, leaving it to the MAX_DELIVERIES advisory path.
	noFinalDLQ bool
}

// NewWorker validates cfg and returns a Worker that is not started yet.
func NewWorker(js jetstream.JetStream, cfg WorkerConfig) (*Worker, error) {
	if cfg.Handler == nil {
		return nil, fmt.Errorf("transport: worker: a handler is required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Observer == nil {
		cfg.Observer = NopObserver{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.BackoffBase <= 0 {
		cfg.BackoffBase = time.Second
	}
	if cfg.BackoffMax <= 0 {
		cfg.BackoffMax = time.Minute
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 15 * time.Second
	}
	if cfg.AckTimeout <= 0 {
		cfg.AckTimeout = 10 * time.Second
	}
	if cfg.PullExpiry <= 0 {
		cfg.PullExpiry = 5 * time.Second
	}
	cfg.PullExpiry = max(cfg.PullExpiry, time.Second)
	return &Worker{js: js, cfg: cfg, log: cfg.Logger, obs: cfg.Observer}, nil
}

// Start binds the consumer and the object store (EnsureTopology must have
// run), starts pulling with cfg.Workers concurrent handlers, the dead-letter
// mover for MAX_DELIVERIES advisories and the consumer-info poller. It
// returns once pulling has started.
func (w *Worker) Start(ctx context.Context) error {
	if w.running.Load() {
		return fmt.Errorf("transport: worker: already started")
	}
	cons, err := w.js.Consumer(ctx, StreamIn, ConsumerName)
	if err != nil {
		return fmt.Errorf("transport: worker: bind consumer %s on %s: %w", ConsumerName, StreamIn, err)
	}
	objects, err := w.js.ObjectStore(ctx, BucketLarge)
	if err != nil {
		return fmt.Errorf("transport: worker: bind object store %s: %w", BucketLarge, err)
	}
	info := cons.CachedInfo()
	w.cons, w.objects = cons, objects
	w.ackWait, w.maxDeliver = info.Config.AckWait, info.Config.MaxDeliver
	if w.ackWait <= 0 {
		w.ackWait = 30 * time.Second
	}
	w.sem = make(chan struct{}, w.cfg.Workers)
	w.handleCtx, w.hardCancel = context.WithCancel(context.WithoutCancel(ctx))
	w.stopPoll = make(chan struct{})

	events, err := w.js.Consumer(ctx, StreamEvents, ConsumerDLQ)
	if err != nil {
		w.hardCancel()
		return fmt.Errorf("transport: worker: bind consumer %s on %s: %w", ConsumerDLQ, StreamEvents, err)
	}
	ecc, err := events.Consume(w.onMaxDeliveries,
		jetstream.PullMaxMessages(4),
		jetstream.PullExpiry(w.cfg.PullExpiry),
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			w.log.Debug("transport: consume advisories", "error", err)
		}))
	if err != nil {
		w.hardCancel()
		return fmt.Errorf("transport: worker: consume %s/%s: %w", StreamEvents, ConsumerDLQ, err)
	}
	w.events = ecc

	cc, err := cons.Consume(w.dispatch,
		jetstream.PullMaxMessages(w.cfg.Workers),
		jetstream.PullExpiry(w.cfg.PullExpiry),
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			w.log.Warn("transport: consume", "error", err)
		}))
	if err != nil {
		ecc.Stop()
		w.hardCancel()
		return fmt.Errorf("transport: worker: consume %s/%s: %w", StreamIn, ConsumerName, err)
	}
	w.cc = cc
	w.running.Store(true)
	w.obs.Workers(w.cfg.Workers)
	w.wg.Add(1)
	go w.poll()
	w.log.Info("transport: worker started", "workers", w.cfg.Workers, "ack_wait", w.ackWait, "max_deliver", w.maxDeliver)
	return nil
}

// Run starts the worker, waits for ctx to be done, then stops gracefully,
// giving in-flight files up to grace to finish.
func (w *Worker) Run(ctx context.Context, grace time.Duration) error {
	if err := w.Start(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	return w.Stop(sctx)
}

// Stop shuts down gracefully: it stops pulling (Drain, then waits until the
// consume context is closed), lets in-flight files finish and settle, and
// flushes the connection. If ctx ends first, in-flight handlers see their
// context cancelled (their files are redelivered later) and Stop returns the
// context's error. The connection itself stays open (the caller owns it).
func (w *Worker) Stop(ctx context.Context) error {
	if !w.running.Load() {
		return nil
	}
	var err error
	w.stopOnce.Do(func() {
		w.running.Store(false)
		if w.js.Conn().IsConnected() {
			w.events.Drain()
			w.cc.Drain()
		} else {
			// Draining needs the server; without it, drop the buffer (those
			// files are redelivered after AckWait).
			w.events.Stop()
			w.cc.Stop()
		}
		for _, c := range []jetstream.ConsumeContext{w.events, w.cc} {
			select {
			case <-c.Closed():
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			w.events.Stop()
			w.cc.Stop()
		}
		w.mu.Lock()
		w.closing = true
		w.mu.Unlock()
		close(w.stopPoll)
		done := make(chan struct{})
		go func() { w.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
			w.hardCancel()
			<-done
			err = fmt.Errorf("transport: worker: stop: %w", ctx.Err())
		}
		w.hardCancel()
		if ferr := w.js.Conn().FlushWithContext(ctx); ferr != nil && err == nil && !errors.Is(ferr, nats.ErrConnectionClosed) {
			err = fmt.Errorf("transport: worker: flush: %w", ferr)
		}
		w.obs.Workers(0)
		w.log.Info("transport: worker stopped")
	})
	return err
}

// Ready reports whether the worker can do its job: connected, streams and
// consumer present, workers running. It is meant for /readyz.
func (w *Worker) Ready(ctx context.Context) error {
	if !w.js.Conn().IsConnected() {
		return fmt.Errorf("transport: not connected to NATS (%s)", w.js.Conn().Status())
	}
	if !w.running.Load() {
		return fmt.Errorf("transport: workers not running")
	}
	for _, s := range []string{StreamIn, StreamOut, StreamPend, StreamDLQ} {
		if _, err := w.js.Stream(ctx, s); err != nil {
			return fmt.Errorf("transport: stream %s: %w", s, err)
		}
	}
	if _, err := w.cons.Info(ctx); err != nil {
		return fmt.Errorf("transport: consumer %s: %w", ConsumerName, err)
	}
	return nil
}

// track registers one unit of work unless the worker is closing.
func (w *Worker) track() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closing {
		return false
	}
	w.wg.Add(1)
	return true
}

// dispatch runs on the consume goroutine: it waits for a free worker slot
// (bounding in-flight files) and hands the message over.
func (w *Worker) dispatch(jm jetstream.Msg) {
	w.sem <- struct{}{}
	if !w.track() {
		<-w.sem
		return // stopping: the file is redelivered after AckWait
	}
	go func() {
		defer func() { <-w.sem; w.wg.Done() }()
		w.process(jm)
	}()
}

func (w *Worker) poll() {
	defer w.wg.Done()
	t := time.NewTicker(w.cfg.PollInterval)
	defer t.Stop()
	for {
		w.pollOnce()
		select {
		case <-w.stopPoll:
			return
		case <-t.C:
		}
	}
}

func (w *Worker) pollOnce() {
	ctx, cancel := context.WithTimeout(w.handleCtx, 5*time.Second)
	defer cancel()
	info, err := w.cons.Info(ctx)
	if err != nil {
		w.log.Debug("transport: consumer info", "error", err)
		return
	}
	w.obs.ConsumerState(info.NumPending, uint64(info.NumAckPending), uint64(info.NumRedelivered), info.NumWaiting)
}

// message builds the Message for a delivery.
func (w *Worker) message(jm jetstream.Msg, md *jetstream.MsgMetadata) *Message {
	h := cloneHeader(jm.Headers())
	m := &Message{
		Subject:   jm.Subject(),
		Partner:   lastToken(jm.Subject()),
		Header:    h,
		Size:      int64(len(jm.Data())),
		Delivered: md.NumDelivered,
		Seq:       md.Sequence.Stream,
		Stored:    md.Timestamp,
		data:      jm.Data(),
		obs:       w.objects,
	}
	m.ID = inboundID(h, m.Seq)
	if obj := h.Get(HeaderObject); obj != "" {
		m.object, m.digest, m.data = obj, h.Get(HeaderObjectDigest), nil
		if n, err := strconv.ParseInt(h.Get(HeaderObjectSize), 10, 64); err == nil {
			m.Size = n
		}
	}
	return m
}

func inboundID(h nats.Header, seq uint64) string {
	if id := h.Get(jetstream.MsgIDHeader); id != "" {
		return id
	}
	return "seq-" + strconv.FormatUint(seq, 10)
}

// process handles one delivery from start to settlement: the ack table.
func (w *Worker) process(jm jetstream.Msg) {
	md, err := jm.Metadata()
	if err != nil {
		w.log.Error("transport: delivery without metadata; leaving it to redelivery", "subject", jm.Subject(), "error", err)
		return
	}
	m := w.message(jm, md)
	w.obs.Received(m.Size, m.Delivered)
	w.obs.InFlight(int(w.inflight.Add(1)))
	defer func() { w.obs.InFlight(int(w.inflight.Add(-1))) }()
	log := w.log.With("subject", m.Subject, "id", m.ID, "seq", m.Seq, "delivered", m.Delivered)

	stopHB := w.heartbeat(jm)
	err = w.handle(m)
	stopHB()

	if err != nil && w.handleCtx.Err() != nil {
		// Hard stop: hand the file back at once, without judging it.
		log.Warn("transport: stopped while handling; nak", "error", err)
		if jm.Nak() == nil {
			w.obs.Settled(OutcomeNak, time.Since(m.Stored))
		}
		return
	}
	switch {
	case err == nil:
		if w.beforeAck != nil {
			w.beforeAck(m)
		}
		ctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
		aerr := jm.DoubleAck(ctx)
		cancel()
		if aerr != nil {
			// Outputs are published under deterministic ids; the redelivery
			// will publish nothing new.
			log.Warn("transport: ack not confirmed; file will be redelivered", "error", aerr)
			return
		}
		w.obs.Settled(OutcomeAck, time.Since(m.Stored))
		if m.object != "" {
			dctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
			if derr := w.objects.Delete(dctx, m.object); derr != nil {
				log.Debug("transport: delete claim-check object", "object", m.object, "error", derr)
			}
			cancel()
		}
	case errors.Is(err, errOversize):
		w.deadLetter(jm, m, ReasonOversize, err, log)
	case IsPermanent(err):
		w.deadLetter(jm, m, ReasonPoison, err, log)
	case w.maxDeliver > 0 && m.Delivered >= uint64(w.maxDeliver) && !w.noFinalDLQ:
		w.deadLetter(jm, m, ReasonMaxDeliver, err, log)
	default:
		d := w.backoff(m.Delivered)
		log.Warn("transport: transient failure; nak", "delay", d, "error", err)
		if nerr := jm.NakWithDelay(d); nerr != nil {
			log.Warn("transport: nak failed; file will be redelivered after AckWait", "error", nerr)
			return
		}
		w.obs.Settled(OutcomeNak, time.Since(m.Stored))
	}
}

var errOversize = errors.New("file exceeds the maximum file size")

// handle runs the handler (recovering panics) and publishes its outputs.
// A nil error means every output was acknowledged by JetStream.
func (w *Worker) handle(m *Message) error {
	if w.cfg.MaxFileSize > 0 && m.Size > w.cfg.MaxFileSize {
		return fmt.Errorf("%w (%d > %d bytes)", errOversize, m.Size, w.cfg.MaxFileSize)
	}
	outs, err := w.callHandler(m)
	if err != nil {
		return err
	}
	for i := range outs {
		if err := outs[i].validate(); err != nil {
			return Permanent(fmt.Errorf("transport: handler returned a bad output: %w", err))
		}
	}
	return w.publishOutputs(m, outs)
}

// publishWindow bounds the outputs of one file awaiting their PubAck at
// once, so that a batch with thousands of outputs stays well inside the
// client's limit of outstanding asynchronous publishes.
const publishWindow = 256

// publishOutputs publishes every output and returns once JetStream has
// acknowledged all of them. Inline outputs go out asynchronously, a window
// at a time; claim-checked ones one by one.
func (w *Worker) publishOutputs(m *Message, outs []Output) error {
	type inFlight struct {
		f     jetstream.PubAckFuture
		o     *Output
		start time.Time
	}
	futures := make([]inFlight, 0, min(len(outs), publishWindow))
	wait := func() error {
		ctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
		defer cancel()
		for _, p := range futures {
			select {
			case <-p.f.Ok():
				w.obs.Published(p.o.Kind, len(p.o.Data), time.Since(p.start))
			case err := <-p.f.Err():
				return fmt.Errorf("transport: publish %s output %s: %w", p.o.Kind, p.o.ID, err)
			case <-ctx.Done():
				return fmt.Errorf("transport: publish %s output %s: %w", p.o.Kind, p.o.ID, ctx.Err())
			}
		}
		futures = futures[:0]
		return nil
	}
	limit := inlineLimit(w.js.Conn())
	for i := range outs {
		o := &outs[i]
		if int64(len(o.Data)) > limit {
			if err := w.publishOutput(m, o); err != nil {
				return err
			}
			continue
		}
		f, err := w.js.PublishMsgAsync(w.outputMsg(m, o), jetstream.WithMsgID(o.ID))
		if err != nil {
			return fmt.Errorf("transport: publish %s output %s: %w", o.Kind, o.ID, err)
		}
		futures = append(futures, inFlight{f, o, time.Now()})
		if len(futures) == publishWindow {
			if err := wait(); err != nil {
				return err
			}
		}
	}
	return wait()
}

// outputMsg builds the message of one output, with the headers naming the
// inbound file it answers.
func (w *Worker) outputMsg(m *Message, o *Output) *nats.Msg {
	msg := &nats.Msg{Subject: o.Subject, Header: cloneHeader(o.Header), Data: o.Data}
	stripNATSHeaders(msg.Header)
	msg.Header.Set(HeaderInboundID, m.ID)
	msg.Header.Set(HeaderInboundSubject, m.Subject)
	msg.Header.Set(HeaderInboundSeq, strconv.FormatUint(m.Seq, 10))
	msg.Header.Set(HeaderKind, o.Kind)
	return msg
}

func (w *Worker) callHandler(m *Message) (outs []Output, err error) {
	defer func() {
		if r := recover(); r != nil {
			w.log.Error("transport: handler panic", "subject", m.Subject, "id", m.ID, "seq", m.Seq, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			outs, err = nil, Permanent(fmt.Errorf("transport: handler panic: %v", r))
		}
	}()
	return w.cfg.Handler.Handle(w.handleCtx, m)
}

func (w *Worker) publishOutput(m *Message, o *Output) error {
	msg := w.outputMsg(m, o)
	start := time.Now()
	ctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
	defer cancel()
	_, err := publishClaimChecked(ctx, w.js, w.objectStore, msg, o.ID, "out/"+o.ID)
	if err != nil {
		return fmt.Errorf("transport: publish %s output %s: %w", o.Kind, o.ID, err)
	}
	w.obs.Published(o.Kind, len(o.Data), time.Since(start))
	return nil
}

func (w *Worker) objectStore(context.Context) (jetstream.ObjectStore, error) { return w.objects, nil }

// deadLetter copies the file to X12_DLQ and then terminates it. If the copy
// fails the file is Nak'ed instead (nothing is dropped); if it was the last
// delivery, the MAX_DELIVERIES advisory moves it later.
func (w *Worker) deadLetter(jm jetstream.Msg, m *Message, reason string, cause error, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(w.handleCtx, w.cfg.AckTimeout)
	defer cancel()
	if err := publishDeadLetter(ctx, w.js, w.objects, m, reason, cause); err != nil {
		d := w.backoff(m.Delivered)
		log.Error("transport: dead-letter copy failed; nak", "reason", reason, "error", err)
		if nerr := jm.NakWithDelay(d); nerr == nil {
			w.obs.Settled(OutcomeNak, time.Since(m.Stored))
		}
		return
	}
	w.obs.DeadLettered(reason)
	log.Warn("transport: dead-lettered", "reason", reason, "error", cause)
	if err := jm.TermWithReason("gate278 dead-lettered: " + reason); err != nil {
		log.Warn("transport: term failed; the redelivery will be dead-lettered again (deduplicated)", "error", err)
		return
	}
	w.obs.Settled(OutcomeDeadLetter, time.Since(m.Stored))
}

// publishDeadLetter publishes a copy of m (payload or claim-check reference,
// original headers except Nats-*) to x12.dlq.<partner> with Msg-Id
// dlq-<inbound id>.
func publishDeadLetter(ctx context.Context, js jetstream.JetStream, objects jetstream.ObjectStore, m *Message, reason string, cause error) error {
	partner := m.Partner
	if !validToken(partner) {
		partner = "unknown"
	}
	h := cloneHeader(m.Header)
	stripNATSHeaders(h)
	h.Set(HeaderInboundID, m.ID)
	h.Set(HeaderInboundSubject, m.Subject)
	h.Set(HeaderInboundSeq, strconv.FormatUint(m.Seq, 10))
	h.Set(HeaderDlqReason, reason)
	h.Set(HeaderDlqDelivered, strconv.FormatUint(m.Delivered, 10))
	if cause != nil {
		msg := cause.Error()
		if len(msg) > 512 {
			msg = msg[:512]
		}
		h.Set(HeaderDlqError, msg)
	}
	msg := &nats.Msg{Subject: SubjectDLQPfx + partner, Header: h, Data: m.data}
	_, err := publishClaimChecked(ctx, js, func(context.Context) (jetstream.ObjectStore, error) { return objects, nil }, msg, "dlq-"+m.ID, "dlq/"+m.ID)
	if err != nil {
		return fmt.Errorf("transport: dead-letter %s: %w", m.ID, err)
	}
	return nil
}

func (w *Worker) backoff(delivered uint64) time.Duration {
	n := min(max(delivered, 1)-1, 20)
	d := w.cfg.BackoffBase << n
	if d <= 0 || d > w.cfg.BackoffMax {
		d = w.cfg.BackoffMax
	}
	return d + rand.N(d/10+1)
}

// heartbeat sends InProgress every AckWait/3 until stopped, so a long file
// is not redelivered while it is being handled.
func (w *Worker) heartbeat(jm jetstream.Msg) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(max(w.ackWait/3, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if err := jm.InProgress(); err != nil {
					w.log.Debug("transport: in-progress", "subject", jm.Subject(), "error", err)
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// maxDeliveriesAdvisory is the part of
// io.nats.jetstream.advisory.v1.max_deliver we use.
type maxDeliveriesAdvisory struct {
	Stream     string `json:"stream"`
	Consumer   string `json:"consumer"`
	StreamSeq  uint64 `json:"stream_seq"`
	Deliveries uint64 `json:"deliveries"`
}

// onMaxDeliveries handles one captured MAX_DELIVERIES advisory (stream
// X12_EVENTS): it moves the file that exhausted MaxDeliver without being
// dead-lettered by a worker (e.g. the worker died on the last delivery, or
// its copy failed) from X12_IN to X12_DLQ, then acks the advisory. Moving is
// idempotent, so a redelivered advisory does no harm.
func (w *Worker) onMaxDeliveries(jm jetstream.Msg) {
	var adv maxDeliveriesAdvisory
	if err := json.Unmarshal(jm.Data(), &adv); err != nil || adv.StreamSeq == 0 {
		w.log.Warn("transport: unreadable max-deliveries advisory; dropped", "subject", jm.Subject(), "error", err)
		_ = jm.Term()
		return
	}
	if !w.track() {
		return // stopping: redelivered later
	}
	go func() {
		defer w.wg.Done()
		if err := w.moveToDLQ(adv.StreamSeq, adv.Deliveries); err != nil {
			w.log.Error("transport: move exhausted file to dead letters", "seq", adv.StreamSeq, "error", err)
			_ = jm.NakWithDelay(w.backoff(1))
			return
		}
		_ = jm.Ack()
	}()
}

func (w *Worker) moveToDLQ(seq, deliveries uint64) error {
	ctx, cancel := context.WithTimeout(w.handleCtx, 2*w.cfg.AckTimeout)
	defer cancel()
	stream, err := w.js.Stream(ctx, StreamIn)
	if err != nil {
		return fmt.Errorf("transport: bind %s: %w", StreamIn, err)
	}
	raw, err := stream.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil // already dead-lettered and terminated by a worker
	}
	if err != nil {
		return fmt.Errorf("transport: get %s seq %d: %w", StreamIn, seq, err)
	}
	h := cloneHeader(raw.Header)
	m := &Message{Subject: raw.Subject, Partner: lastToken(raw.Subject), Header: h, Seq: seq,
		Delivered: deliveries, Stored: raw.Time, data: raw.Data, Size: int64(len(raw.Data))}
	m.ID = inboundID(h, seq)
	if err := publishDeadLetter(ctx, w.js, w.objects, m, ReasonMaxDeliver, errors.New("maximum deliveries reached")); err != nil {
		return err
	}
	if err := stream.DeleteMsg(ctx, seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return fmt.Errorf("transport: delete %s seq %d: %w", StreamIn, seq, err)
	}
	w.obs.DeadLettered(ReasonMaxDeliver)
	w.obs.Settled(OutcomeDeadLetter, time.Since(m.Stored))
	w.log.Warn("transport: dead-lettered after max deliveries", "subject", m.Subject, "id", m.ID, "seq", seq)
	return nil
}
