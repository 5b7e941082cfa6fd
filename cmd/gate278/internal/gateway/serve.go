package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/ops/metrics"
	"github.com/gate278/gate278/transport"
)

// Options configure Serve.
type Options struct {
	Config *adjudicate.Config
	// NATS: a URL joins an existing deployment; empty starts the embedded
	// server with JetStream under DataDir, listening on NATSListen.
	NATSURL    string
	DataDir    string
	NATSListen string
	Connect    transport.ConnectConfig // credentials and TLS for NATSURL
	Replicas   int                     // stream replicas (1 embedded, 3 in a cluster)
	SeenWindow time.Duration           // duplicate-interchange window
	OutputAge  time.Duration           // X12_OUT max age; 0 keeps the definition's
	// Listen is the HTTP address of /metrics, /healthz and /readyz.
	Listen  string
	Workers int
	// MaxFileSize dead-letters larger files; 0: no limit.
	MaxFileSize int64
	Version     string
	Logger      *slog.Logger
	// Grace bounds the graceful shutdown (default 30s).
	Grace time.Duration
	// Registry receives the metrics; nil makes a new one.
	Registry *prometheus.Registry
	// Now is the clock of the decisions (tests fix it); nil: time.Now.
	Now func() time.Time
	// Started, if set, is called once the gateway is ready, with the NATS
	// client URL and the HTTP address actually bound.
	Started func(natsURL, httpAddr string)
}

// Serve runs the gateway until ctx is done, then shuts down gracefully:
// stop pulling, finish in-flight files, flush, close.
func Serve(ctx context.Context, o Options) error {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if o.Grace <= 0 {
		o.Grace = 30 * time.Second
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	cc := o.Connect
	cc.Logger = log
	if cc.Name == "" {
		cc.Name = "gate278"
	}
	replicas := o.Replicas
	var srv *transport.Server
	if o.NATSURL == "" {
		var err error
		srv, err = transport.StartServer(ctx, transport.ServerConfig{DataDir: o.DataDir, Listen: o.NATSListen, Logger: log})
		if err != nil {
			return fmt.Errorf("gateway: embedded NATS: %w", err)
		}
		defer srv.Shutdown()
		cc.Server = srv
		if replicas <= 0 {
			replicas = 1
		}
		log.Info("embedded NATS server with JetStream started", "url", srv.ClientURL(), "data", o.DataDir)
	} else {
		cc.URL = o.NATSURL
	}
	if replicas <= 0 {
		replicas = 1
	}
	nc, err := transport.Connect(ctx, cc)
	if err != nil {
		return fmt.Errorf("gateway: connecting to NATS: %w", err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("gateway: JetStream: %w", err)
	}
	topo := []transport.TopologyOption{}
	if o.SeenWindow > 0 {
		topo = append(topo, transport.WithSeenTTL(o.SeenWindow))
	}
	if o.OutputAge > 0 {
		topo = append(topo, transport.WithOutputMaxAge(o.OutputAge))
	}
	if err := ensureTopology(ctx, js, replicas, topo, log); err != nil {
		return err
	}
	ledger, err := transport.NewLedger(ctx, js)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}

	reg := o.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := metrics.New(reg, metrics.BuildInfo{Version: o.Version}, PolicyIDs(o.Config))
	h := &Handler{Config: o.Config, Ledger: ledger, Recorder: m, Logger: log, Now: o.Now}
	w, err := transport.NewWorker(js, transport.WorkerConfig{Handler: h, Workers: o.Workers, Observer: m, Logger: log, MaxFileSize: o.MaxFileSize})
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}

	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return fmt.Errorf("gateway: metrics listener %s: %w", o.Listen, err)
	}
	hs := &http.Server{Handler: metrics.Handler(reg, w.Ready), ReadHeaderTimeout: 5 * time.Second}
	httpDone := make(chan error, 1)
	go func() { httpDone <- hs.Serve(ln) }()
	defer hs.Close()

	if err := w.Start(ctx); err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	log.Info("gate278 serving", "version", o.Version, "workers", o.Workers, "metrics", "http://"+ln.Addr().String()+"/metrics",
		"nats", nc.ConnectedUrlRedacted(), "replicas", replicas)
	if o.Started != nil {
		url := nc.ConnectedUrlRedacted()
		if srv != nil {
			url = srv.ClientURL()
		}
		o.Started(url, ln.Addr().String())
	}

	select {
	case <-ctx.Done():
	case err := <-httpDone:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener failed", "err", err)
		}
	}
	log.Info("shutting down: no new files, finishing those in flight", "grace", o.Grace)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.Grace)
	defer cancel()
	stopErr := w.Stop(sctx)
	_ = hs.Shutdown(sctx)
	if err := nc.Drain(); err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
		log.Warn("draining the NATS connection", "err", err)
	}
	log.Info("gate278 stopped")
	return stopErr
}

// ensureTopology creates or updates the streams, consumer and buckets,
// retrying while a freshly started cluster elects its leaders.
func ensureTopology(ctx context.Context, js jetstream.JetStream, replicas int, opts []transport.TopologyOption, log *slog.Logger) error {
	var err error
	for attempt := 0; attempt < 30; attempt++ {
		if err = transport.EnsureTopology(ctx, js, replicas, opts...); err == nil {
			return nil
		}
		log.Warn("JetStream topology not ready yet", "err", err, "attempt", attempt+1)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	return fmt.Errorf("gateway: JetStream topology: %w", err)
}

// PolicyIDs lists the policies the configuration's payers use: the closed
// set of the metrics' policy label.
func PolicyIDs(cfg *adjudicate.Config) []string {
	if cfg == nil {
		return nil
	}
	seen := map[string]bool{}
	var ids []string
	for _, p := range cfg.Payers() {
		if !seen[p.Policy] {
			seen[p.Policy] = true
			ids = append(ids, p.Policy)
		}
	}
	return ids
}
