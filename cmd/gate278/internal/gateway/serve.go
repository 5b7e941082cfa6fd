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

	"github.com/prometheus/client_golang/prometheus"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/ops/metrics"
	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// The metrics are the transport's observer and the handler's recorder, and
// the ledger is the handler's claimer.
var (
	_ transport.Observer = (*metrics.Metrics)(nil)
	_ Recorder           = (*metrics.Metrics)(nil)
	_ Claimer            = (*transport.Ledger)(nil)
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
	// NATSTLS configures the embedded server's client listener: TLSCert
	// and TLSKey (required beyond loopback unless NATSInsecure), TLSCA to
	// require client certificates.
	NATSTLSCert, NATSTLSKey, NATSTLSCA string
	// NATSInsecure lets the embedded server listen beyond loopback without
	// TLS (logged as an error at every start).
	NATSInsecure bool
	// Partners is the partner registry; nil uses DemoRegistry (and says so).
	Partners *Registry
	// Replicas, when > 0, gives every stream, consumer and bucket that many
	// replicas; 0 follows the definitions, which follow the deployment (1
	// embedded, the cluster's size with NATSURL). Never lowers existing ones.
	Replicas   int
	SeenWindow time.Duration // duplicate-interchange window
	OutputAge  time.Duration // X12_OUT max age; 0 keeps the definition's
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
	// Reviewers is the reviewers' file; set, the reviewers' API (/v1/cases)
	// is served on Listen too, or on Review.Listen when that is set.
	Reviewers string
	// Review is the reviewers' own listener (and its TLS); ReviewStarted,
	// if set, is told the address it bound.
	Review        ReviewListener
	ReviewStarted func(addr string)
	// Console configures the reviewers' console, served under /console/
	// next to the reviewers' API when Reviewers is set.
	Console ConsoleOptions
}

func (o *Options) setDefaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Grace <= 0 {
		o.Grace = 30 * time.Second
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Registry == nil {
		o.Registry = prometheus.NewRegistry()
	}
	if o.Partners == nil {
		o.Partners = DemoRegistry()
		o.Logger.Warn("gateway: no -partners registry: using the demo partners of samples/ (give -partners FILE in production)", "partners", o.Partners.Names())
	}
}

// Serve runs the gateway until ctx is done, then shuts down gracefully:
// stop pulling, finish in-flight files, flush, close. It brings the
// transport up with transport.Open, the one start-up path.
func Serve(ctx context.Context, o Options) error {
	o.setDefaults()
	g, err := transport.Open(ctx, o.transportConfig())
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	m := metrics.New(o.Registry, metrics.BuildInfo{Version: o.Version}, PolicyIDs(o.Config))
	mux := http.NewServeMux()
	mux.Handle("/", metrics.Handler(o.Registry, g.Ready))
	web, err := startHTTP(o.Listen, mux)
	if err != nil {
		g.Close(context.WithoutCancel(ctx))
		return err
	}
	defer web.Close()
	h := &Handler{Config: o.Config, Ledger: g.Ledger, Partners: o.Partners, Recorder: m, Logger: o.Logger, Now: o.Now}
	payers, err := casestore.PayersFrom(o.Config)
	if err != nil {
		g.Close(context.WithoutCancel(ctx))
		return fmt.Errorf("gateway: %w", err)
	}
	opener, err := openCases(ctx, g, payers, o.Logger)
	if err != nil {
		g.Close(context.WithoutCancel(ctx))
		return err
	}
	h.Cases = opener
	respondLeftovers(ctx, opener.Store, o.Logger)
	rweb, err := o.serveReviewers(mux, opener.Store, payers, g)
	if err != nil {
		g.Close(context.WithoutCancel(ctx))
		return err
	}
	if rweb != nil {
		defer rweb.Close()
	}
	go newCaseScanner(opener.Store, o.Registry, PolicyIDs(o.Config), o.Now, o.Logger).run(ctx, CaseScanEvery)
	go newCloseOuter(opener.Store, payers, o.Now, o.Logger).run(ctx, CloseOutEvery)
	wc := transport.WorkerConfig{Handler: h, Outputs: outputs.Kinds, Workers: o.Workers, Observer: m, Logger: o.Logger, MaxFileSize: o.MaxFileSize}
	if err := g.StartWorker(ctx, wc); err != nil {
		g.Close(context.WithoutCancel(ctx))
		return fmt.Errorf("gateway: %w", err)
	}
	o.announce(g, web.addr)
	lost := web.wait(ctx, g.Lost(), o.Logger)
	err = o.shutdown(ctx, g, web)
	if lost {
		return fmt.Errorf("gateway: the NATS connection was closed for good: %v", g.Conn.LastError())
	}
	return err
}

// transportConfig is what Open needs of the options.
func (o *Options) transportConfig() transport.GatewayConfig {
	var topo []transport.TopologyOption
	if o.SeenWindow > 0 {
		topo = append(topo, transport.WithSeenTTL(o.SeenWindow))
	}
	if o.OutputAge > 0 {
		topo = append(topo, transport.WithOutputMaxAge(o.OutputAge))
	}
	return transport.GatewayConfig{
		NATSURL: o.NATSURL,
		Embedded: transport.ServerConfig{DataDir: o.DataDir, Listen: o.NATSListen, Logger: o.Logger,
			TLSCert: o.NATSTLSCert, TLSKey: o.NATSTLSKey, TLSCA: o.NATSTLSCA, InsecureListen: o.NATSInsecure},
		Partners: o.Partners.Partners(),
		Connect:  o.Connect,
		Replicas: o.Replicas,
		Topology: topo,
		Logger:   o.Logger,
	}
}

// announce logs that the gateway serves and tells Started.
func (o *Options) announce(g *transport.Gateway, httpAddr string) {
	o.Logger.Info("gate278 serving", "version", o.Version, "workers", o.Workers, "metrics", "http://"+httpAddr+"/metrics",
		"nats", g.ClientURL(), "cluster_size", g.ClusterSize)
	if o.Started != nil {
		o.Started(g.ClientURL(), httpAddr)
	}
}

// shutdown stops the worker (in-flight files finish within the grace
// period), the HTTP listener and the transport.
func (o *Options) shutdown(ctx context.Context, g *transport.Gateway, web *httpServer) error {
	o.Logger.Info("shutting down: no new files, finishing those in flight", "grace", o.Grace)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.Grace)
	defer cancel()
	stopErr := g.Worker.Stop(sctx)
	_ = web.Shutdown(sctx)
	if err := g.Close(sctx); err != nil {
		o.Logger.Warn("closing the transport", "err", err)
	}
	o.Logger.Info("gate278 stopped")
	return stopErr
}

// httpServer serves /metrics, /healthz and /readyz.
type httpServer struct {
	*http.Server
	addr string
	done chan error
}

func startHTTP(listen string, h http.Handler) (*httpServer, error) {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("gateway: metrics listener %s: %w", listen, err)
	}
	s := &httpServer{Server: newHTTPServer(h), addr: ln.Addr().String(), done: make(chan error, 1)}
	go func() { s.done <- s.Serve(ln) }()
	return s, nil
}

// wait returns when ctx is done, the listener has failed, or the NATS
// connection is lost for good (the error then says so).
func (s *httpServer) wait(ctx context.Context, lost <-chan struct{}, log *slog.Logger) (connLost bool) {
	select {
	case <-ctx.Done():
	case <-lost:
		log.Error("the NATS connection is closed for good; stopping")
		return true
	case err := <-s.done:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener failed", "err", err)
		}
	}
	return false
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

// The HTTP listeners' bounds: a request's headers within 5 s, its whole
// body within 30 s (a 1 MiB file over a slow link; a body that trickles in
// is cut off, not held), the answer within 60 s, and an idle kept-alive
// connection 2 minutes.
const (
	httpReadHeader = 5 * time.Second
	httpRead       = 30 * time.Second
	httpWrite      = 60 * time.Second
	httpIdle       = 2 * time.Minute
)

// newHTTPServer is the one configuration of serve's HTTP servers (metrics
// and reviewers' listeners).
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: httpReadHeader, ReadTimeout: httpRead,
		WriteTimeout: httpWrite, IdleTimeout: httpIdle, MaxHeaderBytes: 64 << 10}
}
