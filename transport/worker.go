package transport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/ops/outputs"
)

// WorkerConfig configures a Worker.
type WorkerConfig struct {
	// Handler turns a file into outputs (required).
	Handler Handler
	// Outputs is the closed set of output kinds the handler may publish,
	// each only on its own subjects (required; gate278 uses
	// outputs.Kinds). An output outside it dead-letters the file.
	Outputs outputs.Table
	// Workers is the number of files handled concurrently. Default
	// GOMAXPROCS.
	Workers int
	// Observer receives events. Default NopObserver.
	Observer Observer
	// Logger logs subjects, ids and sequences, never bodies. Default: discard.
	Logger *slog.Logger
	// BackoffBase and BackoffMax shape the NakWithDelay backoff after a
	// transient failure: BackoffBase * 2^(delivered-1), capped at BackoffMax,
	// less up to half of it at random. Defaults 1s and 1m.
	BackoffBase, BackoffMax time.Duration
	// MaxFileSize dead-letters larger files with reason "oversize" without
	// calling the handler. 0 means no limit.
	MaxFileSize int64
	// PollInterval is how often consumer info is polled into
	// Observer.ConsumerState. Default 5s (a burst of files drains within a
	// 15 s scrape interval: a longer poll would miss it).
	PollInterval time.Duration
	// PullExpiry is the lifetime of one pull request; the server sends idle
	// heartbeats every PullExpiry/2 and a pull whose heartbeats stop (the
	// server or the consumer leader went away) is replaced after two missed
	// heartbeats. Shorter means faster failover. Default 5s, minimum 1s.
	PullExpiry time.Duration
	// AckTimeout bounds DoubleAck, Term and dead-letter publishes. Default 10s.
	AckTimeout time.Duration
	// SweepInterval is how often the worker looks for files stranded in
	// X12_IN below the consumer's ack floor (see stranded.go), besides at
	// start. Default 1m.
	SweepInterval time.Duration
	// SealKey seals every output (HeaderSeal, see seal.go), so that an
	// answer stored earlier under an output's ID — decided under an earlier
	// configuration — is told from a forgery. Gateway.StartWorker derives
	// it from the gateway's NKey seed. Nil: outputs are not sealed, and any
	// stored output unlike the answer is a conflict.
	SealKey []byte
}

// Worker consumes X12_IN through the durable consumer gate278, calls the
// handler for each file, publishes its outputs and settles the file. Any
// number of Workers, in one process or many, may share the consumer.
type Worker struct {
	js  jetstream.JetStream
	cfg WorkerConfig
	log *slog.Logger
	obs Observer

	window     int // outputs of one file awaiting their PubAck
	cons       jetstream.Consumer
	objects    jetstream.ObjectStore // X12_LARGE
	seen       jetstream.KeyValue    // X12_SEEN: last-delivery marks (exhausted.go)
	buckets    sync.Map              // bucket name -> jetstream.ObjectStore
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
	closing    bool                   // set under mu before waiting on wg: no new work after it
	files      map[*inflight]struct{} // under mu: the deliveries being handled

	// beforeAck is a test hook run after outputs are published, before Ack.
	beforeAck func(*Message)
	// noFinalDLQ is a test hook: Nak on the last delivery instead of
	// dead-lettering, leaving it to the MAX_DELIVERIES advisory path.
	noFinalDLQ bool
	// staleMark, when set, replaces markStale's default (tests).
	staleMark time.Duration
}

// NewWorker validates cfg and returns a Worker that is not started yet.
func NewWorker(js jetstream.JetStream, cfg WorkerConfig) (*Worker, error) {
	if cfg.Handler == nil {
		return nil, fmt.Errorf("transport: worker: a handler is required")
	}
	if len(cfg.Outputs) == 0 {
		return nil, fmt.Errorf("transport: worker: an output table is required")
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
		cfg.PollInterval = 5 * time.Second
	}
	if cfg.AckTimeout <= 0 {
		cfg.AckTimeout = 10 * time.Second
	}
	if cfg.PullExpiry <= 0 {
		cfg.PullExpiry = 5 * time.Second
	}
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = time.Minute
	}
	cfg.PullExpiry = max(cfg.PullExpiry, time.Second)
	return &Worker{js: js, cfg: cfg, log: cfg.Logger, obs: cfg.Observer, window: window(cfg.Workers)}, nil
}

// Start binds the consumer and the object store (EnsureTopology must have
// run), starts pulling with cfg.Workers concurrent handlers, the dead-letter
// mover for MAX_DELIVERIES advisories and the consumer-info poller. It
// returns once pulling has started.
func (w *Worker) Start(ctx context.Context) error {
	if w.running.Load() {
		return fmt.Errorf("transport: worker: already started")
	}
	if err := w.bind(ctx); err != nil {
		return err
	}
	w.sem = make(chan struct{}, w.cfg.Workers)
	w.handleCtx, w.hardCancel = context.WithCancel(context.WithoutCancel(ctx))
	w.stopPoll = make(chan struct{})
	if err := w.consume(ctx); err != nil {
		w.hardCancel()
		return err
	}
	w.running.Store(true)
	w.obs.Workers(w.cfg.Workers)
	w.wg.Add(2)
	go w.poll()
	go w.sweepLoop(w.cfg.SweepInterval)
	w.log.Info("transport: worker started", "workers", w.cfg.Workers, "ack_wait", w.ackWait, "max_deliver", w.maxDeliver)
	return nil
}

// bind looks up the consumer (and its AckWait and MaxDeliver) and the
// object store.
func (w *Worker) bind(ctx context.Context) error {
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
	w.bindSeen(ctx)
	w.ackWait, w.maxDeliver = info.Config.AckWait, info.Config.MaxDeliver
	if w.ackWait <= 0 {
		w.ackWait = 30 * time.Second
	}
	return nil
}

// consume starts pulling the advisories (to the dead-letter mover) and the
// inbound files (to dispatch).
func (w *Worker) consume(ctx context.Context) error {
	events, err := w.js.Consumer(ctx, StreamEvents, ConsumerDLQ)
	if err != nil {
		return fmt.Errorf("transport: worker: bind consumer %s on %s: %w", ConsumerDLQ, StreamEvents, err)
	}
	w.events, err = events.Consume(w.onMaxDeliveries,
		jetstream.PullMaxMessages(4),
		jetstream.PullExpiry(w.cfg.PullExpiry),
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			w.log.Debug("transport: consume advisories", "error", err)
		}))
	if err != nil {
		return fmt.Errorf("transport: worker: consume %s/%s: %w", StreamEvents, ConsumerDLQ, err)
	}
	w.cc, err = w.cons.Consume(w.dispatch,
		jetstream.PullMaxMessages(w.cfg.Workers),
		jetstream.PullExpiry(w.cfg.PullExpiry),
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			w.log.Warn("transport: consume", "error", err)
		}))
	if err != nil {
		w.events.Stop()
		return fmt.Errorf("transport: worker: consume %s/%s: %w", StreamIn, ConsumerName, err)
	}
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
		w.stopPulling(ctx)
		err = w.finishInFlight(ctx)
		if ferr := w.js.Conn().FlushWithContext(ctx); ferr != nil && err == nil && !errors.Is(ferr, nats.ErrConnectionClosed) {
			err = fmt.Errorf("transport: worker: flush: %w", ferr)
		}
		w.obs.Workers(0)
		w.log.Info("transport: worker stopped")
	})
	return err
}

// stopPulling drains both consume contexts (their buffered messages are
// still handled) and waits until they are closed, or drops the buffers when
// the server is gone or ctx ends (those files are redelivered after
// AckWait).
func (w *Worker) stopPulling(ctx context.Context) {
	consumers := []jetstream.ConsumeContext{w.events, w.cc}
	for _, c := range consumers {
		if w.js.Conn().IsConnected() {
			c.Drain() // draining needs the server
		} else {
			c.Stop()
		}
	}
	for _, c := range consumers {
		select {
		case <-c.Closed():
		case <-ctx.Done():
			c.Stop()
		}
	}
}

// finishInFlight stops new work and waits for the files and helpers in
// flight. If ctx ends first (the grace period), it is a hard stop: their
// context is cancelled, every file still being handled is handed back at
// once (Nak; another worker takes it, its outputs are published again under
// the same IDs) and is no longer this worker's to settle, and Stop returns
// after a moment even if a handler does not (a CPU-bound file).
func (w *Worker) finishInFlight(ctx context.Context) error {
	w.mu.Lock()
	w.closing = true
	w.mu.Unlock()
	close(w.stopPoll)
	defer w.hardCancel()
	done := make(chan struct{})
	go func() { w.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	w.hardCancel()
	w.mu.Lock()
	for f := range w.files {
		if f.taken.CompareAndSwap(false, true) {
			if err := f.jm.Nak(); err == nil {
				w.obs.Settled(OutcomeNak, time.Since(f.stored))
			}
		}
	}
	w.mu.Unlock()
	select {
	case <-done:
	case <-time.After(hardStopWait):
		w.log.Warn("transport: worker: handlers still running after the hard stop; their files were handed back")
	}
	return fmt.Errorf("transport: worker: stop: %w", ctx.Err())
}

// hardStopWait is how long a hard stop waits for handlers that ignore
// their cancelled context.
const hardStopWait = 2 * time.Second

// inflight is one delivery being handled.
type inflight struct {
	jm     jetstream.Msg
	stored time.Time
	// taken says who settles the delivery: whoever sets it first, the
	// handler's outcome or a hard stop handing the file back.
	taken atomic.Bool
}

// begin registers a delivery being handled; end removes it.
func (w *Worker) begin(jm jetstream.Msg, stored time.Time) *inflight {
	f := &inflight{jm: jm, stored: stored}
	w.mu.Lock()
	if w.files == nil {
		w.files = map[*inflight]struct{}{}
	}
	w.files[f] = struct{}{}
	w.mu.Unlock()
	return f
}

func (w *Worker) end(f *inflight) {
	w.mu.Lock()
	delete(w.files, f)
	w.mu.Unlock()
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
