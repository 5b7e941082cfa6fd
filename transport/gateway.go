package transport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	// Replicas for streams, consumer and buckets. Default 1 (embedded) or
	// 3 when NATSURL is set.
	Replicas int
	// Topology adjusts the ops definitions (WithOutputMaxAge, WithSeenTTL ...).
	Topology []TopologyOption
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
	log    *slog.Logger
}

// Open starts the embedded server if needed, connects, and creates or
// updates the topology, retrying while the JetStream cluster elects its
// leaders, until ctx is done.
func Open(ctx context.Context, cfg GatewayConfig) (g *Gateway, err error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	g = &Gateway{log: log}
	defer func() {
		if err != nil {
			g.Close(context.WithoutCancel(ctx))
		}
	}()
	cc := cfg.Connect
	if cc.Logger == nil {
		cc.Logger = log
	}
	if cc.Name == "" {
		cc.Name = "gate278"
	}
	replicas := cfg.Replicas
	if cfg.NATSURL == "" {
		sc := cfg.Embedded
		if sc.Logger == nil {
			sc.Logger = log
		}
		g.Server, err = StartServer(ctx, sc)
		if err != nil {
			return nil, err
		}
		cc.Server, cc.URL = g.Server, ""
		if replicas <= 0 {
			replicas = 1
		}
		log.Info("transport: embedded NATS started", "url", g.Server.ClientURL(), "data", sc.DataDir)
	} else {
		cc.URL = cfg.NATSURL
		if replicas <= 0 {
			replicas = 3
		}
	}
	g.Conn, err = Connect(ctx, cc)
	if err != nil {
		return nil, err
	}
	if err := waitConnected(ctx, g.Conn); err != nil {
		return nil, fmt.Errorf("transport: connect: %w", err)
	}
	g.JS, err = jetstream.New(g.Conn)
	if err != nil {
		return nil, fmt.Errorf("transport: jetstream: %w", err)
	}
	wait := 100 * time.Millisecond
	for {
		tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err = EnsureTopology(tctx, g.JS, replicas, cfg.Topology...)
		cancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil, errors.Join(err, ctx.Err())
		}
		log.Warn("transport: topology not ready; retrying", "error", err)
		select {
		case <-ctx.Done():
			return nil, errors.Join(err, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
	g.Ledger, err = NewLedger(ctx, g.JS)
	if err != nil {
		return nil, err
	}
	return g, nil
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
	w, err := NewWorker(g.JS, cfg)
	if err != nil {
		return err
	}
	if err := w.Start(ctx); err != nil {
		return err
	}
	g.Worker = w
	return nil
}

// Ready is for /readyz: connected, topology present, workers running.
func (g *Gateway) Ready(ctx context.Context) error {
	if g.Worker == nil {
		return fmt.Errorf("transport: worker not started")
	}
	return g.Worker.Ready(ctx)
}

// Close shuts down in order: stop the worker gracefully (in-flight files
// finish while ctx lasts), drain and close the connection, stop the
// embedded server.
func (g *Gateway) Close(ctx context.Context) error {
	var errs []error
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
