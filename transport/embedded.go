package transport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/gate278/gate278/ops/outputs"
)

// DefaultListen is where the embedded server accepts clients by default:
// loopback only, the standard NATS port.
const DefaultListen = "127.0.0.1:4222"

// ServerConfig configures an embedded nats-server with JetStream.
type ServerConfig struct {
	// Name is the server name; it must be unique within a cluster.
	// Default "gate278".
	Name string
	// DataDir is the JetStream file store directory (required).
	DataDir string
	// Listen is the client host:port. Default DefaultListen; port -1 picks
	// a free port (tests).
	Listen string
	// MaxPayload overrides the server's max message payload (default 1 MiB).
	MaxPayload int32
	// ClusterName, ClusterListen (host:port, port -1 for a free one) and
	// Routes (nats-route://host:port URLs of the other members) make the
	// server a member of a JetStream cluster. Leave ClusterListen empty for
	// a single server.
	ClusterName   string
	ClusterListen string
	Routes        []string
	// ReadyTimeout bounds the wait for the server to accept clients.
	// Default 10s.
	ReadyTimeout time.Duration
	// Partners are the trading partners that may submit files, each in an
	// account of its own (see AccountGateway). The server always requires
	// authentication: with no partners only the gateway and the operator
	// can connect.
	Partners []Partner
	// CredentialsDir holds the users' NKey seeds, created on first start
	// (default DataDir/credentials). Servers of one cluster share it.
	CredentialsDir string
	// Outputs is the output table whose partner subjects partners receive
	// (default outputs.Kinds).
	Outputs outputs.Table
	// TLSCert and TLSKey make the client listener TLS; TLSCA, when set,
	// also requires and verifies client certificates.
	TLSCert, TLSKey, TLSCA string
	// InsecureListen allows a client listener beyond loopback without TLS.
	// The server logs an error saying so at every start: credentials and
	// PHI then cross the network in clear text.
	InsecureListen bool
	// Logger receives the server's own log lines; nil silences the server.
	Logger *slog.Logger
}

// Server is a running embedded nats-server.
type Server struct {
	ns    *server.Server
	creds Credentials
	tls   bool
}

// ErrInsecureListen refuses a client listener beyond loopback without TLS.
var ErrInsecureListen = errors.New("transport: embedded server: a listener beyond loopback needs TLS (a certificate and key) or the explicit insecure override")

func splitHostPort(hp string) (string, int, error) {
	host, p, err := net.SplitHostPort(hp)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("bad port %q", p)
	}
	return host, port, nil
}

// StartServer starts an embedded nats-server with JetStream and waits until
// it accepts clients.
func StartServer(ctx context.Context, cfg ServerConfig) (*Server, error) {
	if cfg.DataDir == "" {
		return nil, fmt.Errorf("transport: embedded server: a data directory is required")
	}
	if cfg.Name == "" {
		cfg.Name = "gate278"
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.ReadyTimeout <= 0 {
		cfg.ReadyTimeout = 10 * time.Second
	}
	if cfg.CredentialsDir == "" {
		cfg.CredentialsDir = filepath.Join(cfg.DataDir, "credentials")
	}
	if cfg.Outputs == nil {
		cfg.Outputs = outputs.Kinds
	}
	host, port, err := splitHostPort(cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("transport: embedded server: listen address %q: %w", cfg.Listen, err)
	}
	opts, err := serverOptions(cfg, host, port)
	if err != nil {
		return nil, err
	}
	if cfg.ClusterListen != "" {
		chost, cport, err := splitHostPort(cfg.ClusterListen)
		if err != nil {
			return nil, fmt.Errorf("transport: embedded server: cluster listen address %q: %w", cfg.ClusterListen, err)
		}
		opts.Cluster = server.ClusterOpts{Name: cfg.ClusterName, Host: chost, Port: cport}
		for _, r := range cfg.Routes {
			u, err := url.Parse(r)
			if err != nil {
				return nil, fmt.Errorf("transport: embedded server: route %q: %w", r, err)
			}
			opts.Routes = append(opts.Routes, u)
		}
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("transport: embedded server: %w", err)
	}
	if cfg.Logger != nil {
		ns.SetLoggerV2(slogAdapter{cfg.Logger.With("component", "nats-server")}, false, false, false)
		if opts.TLSConfig == nil && !loopback(host) {
			cfg.Logger.Error("transport: INSECURE: the embedded NATS server listens beyond loopback WITHOUT TLS; credentials and PHI cross the network in clear text", "listen", cfg.Listen)
		}
	}
	go ns.Start()
	deadline := time.Now().Add(cfg.ReadyTimeout)
	for !ns.ReadyForConnections(50 * time.Millisecond) {
		if ctx.Err() != nil || time.Now().After(deadline) {
			ns.Shutdown()
			ns.WaitForShutdown()
			if ctx.Err() != nil {
				return nil, fmt.Errorf("transport: embedded server: %w", ctx.Err())
			}
			return nil, fmt.Errorf("transport: embedded server: not ready after %s", cfg.ReadyTimeout)
		}
	}
	return &Server{ns: ns, creds: Credentials{Dir: cfg.CredentialsDir}, tls: opts.TLSConfig != nil}, nil
}

// serverOptions builds the server's options: JetStream, the accounts and
// users (creating their seeds on first start), TLS.
func serverOptions(cfg ServerConfig, host string, port int) (*server.Options, error) {
	tlsOn := cfg.TLSCert != "" || cfg.TLSKey != ""
	if !tlsOn && !loopback(host) && !cfg.InsecureListen {
		return nil, fmt.Errorf("%w (listen %s)", ErrInsecureListen, cfg.Listen)
	}
	id, err := Credentials{Dir: cfg.CredentialsDir}.ensure(cfg.Partners)
	if err != nil {
		return nil, err
	}
	opts := &server.Options{}
	if err := opts.ProcessConfigString(accountsConfig(id, cfg.Outputs)); err != nil {
		return nil, fmt.Errorf("transport: embedded server: accounts: %w", err)
	}
	opts.ServerName, opts.Host, opts.Port = cfg.Name, host, port
	opts.JetStream, opts.StoreDir = true, cfg.DataDir
	opts.NoSigs, opts.NoLog, opts.MaxPayload = true, cfg.Logger == nil, cfg.MaxPayload
	if tlsOn {
		tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: cfg.TLSCert, KeyFile: cfg.TLSKey, CaFile: cfg.TLSCA, Verify: cfg.TLSCA != ""})
		if err != nil {
			return nil, fmt.Errorf("transport: embedded server: TLS: %w", err)
		}
		opts.TLSConfig, opts.TLSVerify, opts.TLSTimeout = tc, cfg.TLSCA != "", 2
	}
	return opts, nil
}

// loopback reports whether host only accepts connections from this machine.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Credentials is where the server's users' seeds are.
func (s *Server) Credentials() Credentials { return s.creds }

// TLS reports whether the client listener requires TLS.
func (s *Server) TLS() bool { return s.tls }

// ClientURL is the URL clients on this machine (gate278 submit, nats CLI)
// use: nats:// (tls:// when the listener requires TLS) with the port the
// server listens on, and loopback for a listener on every interface.
func (s *Server) ClientURL() string {
	u, err := url.Parse(s.ns.ClientURL())
	if err != nil {
		return s.ns.ClientURL()
	}
	if host, port, err := net.SplitHostPort(u.Host); err == nil {
		if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
			u.Host = net.JoinHostPort("127.0.0.1", port)
		}
	}
	return u.String()
}

// ClusterURL is the nats-route:// URL other cluster members route to, or ""
// when the server is not clustered.
func (s *Server) ClusterURL() string {
	a := s.ns.ClusterAddr()
	if a == nil {
		return ""
	}
	return "nats-route://" + a.String()
}

// NATS exposes the underlying server (for nats.InProcessServer).
func (s *Server) NATS() *server.Server { return s.ns }

// Shutdown stops the server and waits until it has stopped.
func (s *Server) Shutdown() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
}

// slogAdapter routes nats-server log lines to slog.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Noticef(format string, v ...any) { a.l.Info(fmt.Sprintf(format, v...)) }
func (a slogAdapter) Warnf(format string, v ...any)   { a.l.Warn(fmt.Sprintf(format, v...)) }
func (a slogAdapter) Fatalf(format string, v ...any)  { a.l.Error(fmt.Sprintf(format, v...)) }
func (a slogAdapter) Errorf(format string, v ...any)  { a.l.Error(fmt.Sprintf(format, v...)) }
func (a slogAdapter) Debugf(format string, v ...any)  { a.l.Debug(fmt.Sprintf(format, v...)) }
func (a slogAdapter) Tracef(format string, v ...any)  { a.l.Debug(fmt.Sprintf(format, v...)) }
