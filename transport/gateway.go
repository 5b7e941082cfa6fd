package transport

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// GatewayConfig is everything `gate278 serve` needs from the transport.
type GatewayConfig struct {
	// NATSURL joins an existing NATS deployment. Empty starts an embedded
	// server (Embedded) and connects in-process.
	NATSURL string
	// Embedded configures the embedded server when NATSURL is empty
	// (DataDir is required then; Listen defaults to 127.0.0.1:4222).
	Embedded ServerConfig
	// Connect carries name, credentials and TLS; its URL and Server fields
	// are set by Open.
	Connect ConnectConfig
	// Replicas, when > 0, gives every stream, consumer and bucket that many
	// replicas (the serve -replicas flag; see WithReplicas). 0 keeps the
	// definitions' num_replicas, whose 0 means the deployment's size: 1
	// embedded, the number of JetStream servers of the cluster with NATSURL.
	// Existing assets are never lowered.
	Replicas int
	// Topology adjusts the ops definitions (WithOutputMaxAge, WithSeenTTL ...).
	Topology []TopologyOption
	// Partners are the trading partners: each gets its claim-check bucket
	// and, on the embedded server, its account and user (with NATSURL, the
	// deployment's accounts are the operator's; see ops/nats).
	Partners []Partner
	// Logger for the transport (never message bodies). Default: discard.
	Logger *slog.Logger
}

// Gateway bundles a running transport: the optional embedded server, the
// connection, the JetStream context with the topology in place, the dedup
// ledger and (after StartWorker) the worker.
type Gateway struct {
	Server *Server // nil when joining an existing deployment
	Conn   *nats.Conn
	JS     jetstream.JetStream
	Ledger *Ledger
	Worker *Worker
	// ClusterSize is the number of JetStream servers of the deployment, as
	// found at start-up (1 for a single server): what a definition's
	// num_replicas of 0 resolves to.
	ClusterSize int
	log         *slog.Logger
	closed      chan struct{}      // closed with the connection
	answers     *nats.Subscription // ServeAnswers
	sealKey     []byte             // from the gateway's NKey seed (seal.go)
}

// Lost is closed when the connection to NATS is closed for good (by Close,
// or because the server refused it: its credentials were revoked).
func (g *Gateway) Lost() <-chan struct{} { return g.closed }

// Open starts the embedded server if needed, connects, and creates or
// updates the topology, retrying while the JetStream cluster elects its
// leaders, until ctx is done. It is the one way gate278 brings its
// transport up: `gate278 serve` runs it, and so do the tests.
func Open(ctx context.Context, cfg GatewayConfig) (_ *Gateway, err error) {
	g := &Gateway{log: cfg.Logger, closed: make(chan struct{})}
	if g.log == nil {
		g.log = slog.New(slog.DiscardHandler)
	}
	defer func() {
		if err != nil {
			g.Close(context.WithoutCancel(ctx)) // g, not the nil result
		}
	}()
	if err := g.connect(ctx, cfg); err != nil {
		return nil, err
	}
	if err := g.ensureTopology(ctx, cfg); err != nil {
		return nil, err
	}
	if g.Ledger, err = NewLedger(ctx, g.JS); err != nil {
		return nil, err
	}
	return g, nil
}

// connect starts the embedded server (without a URL) and connects to it or
// to the deployment.
func (g *Gateway) connect(ctx context.Context, cfg GatewayConfig) error {
	cc := cfg.Connect
	if cc.Logger == nil {
		cc.Logger = g.log
	}
	if cc.Name == "" {
		cc.Name = "gate278"
	}
	var once sync.Once
	cc.Closed = func() { once.Do(func() { close(g.closed) }) }
	if cfg.NATSURL == "" {
		sc := cfg.Embedded
		if sc.Logger == nil {
			sc.Logger = g.log
		}
		if sc.Partners == nil {
			sc.Partners = cfg.Partners
		}
		var err error
		if g.Server, err = StartServer(ctx, sc); err != nil {
			return err
		}
		cc.Server, cc.URL = g.Server, ""
		if cc.CredsFile == "" && cc.JWTFile == "" && cc.NKeySeedFile == "" {
			cc.NKeySeedFile = g.Server.Credentials().Gateway()
		}
		g.log.Info("transport: embedded NATS started", "url", g.Server.ClientURL(), "data", sc.DataDir)
	} else {
		cc.URL = cfg.NATSURL
	}
	var err error
	if seed := cmp.Or(cc.NKeySeedFile, cc.CredsFile); seed != "" {
		if g.sealKey, err = SealKeyFromSeed(seed); err != nil {
			return err
		}
	} else {
		g.log.Warn("transport: the gateway has no NKey seed: its answers are not sealed, and a file resubmitted after a configuration change is dead-lettered as a conflict")
	}
	if g.Conn, err = Connect(ctx, cc); err != nil {
		return err
	}
	if err := waitConnected(ctx, g.Conn); err != nil {
		return fmt.Errorf("transport: connect: %w", err)
	}
	if g.JS, err = jetstream.New(g.Conn); err != nil {
		return fmt.Errorf("transport: jetstream: %w", err)
	}
	return nil
}

// ensureTopology finds the deployment's size and creates or updates the
// topology, retrying while a freshly started cluster elects its leaders.
func (g *Gateway) ensureTopology(ctx context.Context, cfg GatewayConfig) error {
	n, err := deploymentSize(ctx, g.Conn, g.log)
	if err != nil {
		return err
	}
	g.ClusterSize = n
	opts := append([]TopologyOption{}, cfg.Topology...)
	names := make([]string, len(cfg.Partners))
	for i, p := range cfg.Partners {
		names[i] = p.Name
	}
	opts = append(opts, WithPartners(names...), WithClusterSize(n), WithReplicas(cfg.Replicas), WithTopologyLogger(g.log))
	policy := retryPolicy{
		backoff:        backoff{base: 100 * time.Millisecond, max: 5 * time.Second},
		attemptTimeout: 10 * time.Second,
		notify: func(err error, wait time.Duration) {
			g.log.Warn("transport: topology not ready; retrying", "error", err, "wait", wait)
		},
	}
	err = retry(ctx, policy, func(ctx context.Context) error { return EnsureTopology(ctx, g.JS, opts...) })
	if err != nil {
		return fmt.Errorf("transport: topology: %w", err)
	}
	g.log.Info("transport: topology ready", "cluster_size", n, "replicas_flag", cfg.Replicas)
	return nil
}

// StartWorker creates and starts the worker (cfg.Logger defaults to the
// gateway's logger).
func (g *Gateway) StartWorker(ctx context.Context, cfg WorkerConfig) error {
	if g.Worker != nil {
		return fmt.Errorf("transport: worker already started")
	}
	if cfg.Logger == nil {
		cfg.Logger = g.log
	}
	if cfg.SealKey == nil {
		cfg.SealKey = g.sealKey
	}
	w, err := NewWorker(g.JS, cfg)
	if err != nil {
		return err
	}
	if err := w.Start(ctx); err != nil {
		return err
	}
	g.Worker = w
	if g.answers, err = ServeAnswers(context.WithoutCancel(ctx), g.JS, cfg.Outputs); err != nil {
		return err
	}
	return nil
}

// Ready is for /readyz: connected, topology present, workers running.
func (g *Gateway) Ready(ctx context.Context) error {
	if g.Worker == nil {
		return fmt.Errorf("transport: worker not started")
	}
	return g.Worker.Ready(ctx)
}

// ClientURL is the URL other clients (gate278 submit, the nats CLI) reach
// NATS on: the embedded server's listener, else the server connected to
// (credentials redacted).
func (g *Gateway) ClientURL() string {
	if g.Server != nil {
		return g.Server.ClientURL()
	}
	return g.Conn.ConnectedUrlRedacted()
}

// Close shuts down in order: stop the worker gracefully (in-flight files
// finish while ctx lasts), flush and close the connection, stop the
// embedded server.
func (g *Gateway) Close(ctx context.Context) error {
	var errs []error
	if g.answers != nil {
		_ = g.answers.Unsubscribe()
	}
	if g.Worker != nil {
		errs = append(errs, g.Worker.Stop(ctx))
	}
	if g.Conn != nil && !g.Conn.IsClosed() {
		if err := g.Conn.FlushWithContext(ctx); err != nil && g.Conn.IsConnected() {
			errs = append(errs, fmt.Errorf("transport: flush: %w", err))
		}
		g.Conn.Close()
	}
	if g.Server != nil {
		g.Server.Shutdown()
	}
	return errors.Join(errs...)
}
