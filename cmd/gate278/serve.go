package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/transport"
)

// newLogger logs JSON when stderr is not a terminal, text when it is.
func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("-log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return slog.New(slog.NewTextHandler(w, opts)), nil
		}
	}
	return slog.New(slog.NewJSONHandler(w, opts)), nil
}

// runServe runs the gateway worker.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "payer configuration (JSON); default: the embedded configuration")
	natsURL := fs.String("nats", "", "NATS URL(s) of an existing deployment; empty starts the embedded server")
	dataDir := fs.String("data", "./data", "JetStream store directory of the embedded server")
	natsListen := fs.String("nats-listen", transport.DefaultListen, "client listener of the embedded server (loopback by default)")
	listen := fs.String("listen", "127.0.0.1:9278", "HTTP listener for /metrics, /healthz and /readyz")
	workers := fs.Int("workers", 0, "files handled concurrently (default GOMAXPROCS)")
	replicas := fs.Int("replicas", 0, "replicas of every stream, consumer and bucket, overriding num_replicas in the JetStream definitions;\n"+
		"0 keeps the definitions', whose 0 (as shipped) follows the deployment: 1 embedded, the cluster's size with -nats (3 on three nodes).\n"+
		"Existing streams are never lowered")
	seen := fs.Duration("dedup-window", 24*time.Hour, "how long a sender's ISA13 is remembered to detect duplicate interchanges")
	outAge := fs.Duration("output-max-age", 0, "how long outputs stay in X12_OUT (default: the stream definition's)")
	maxFile := fs.Int64("max-file-size", 512<<20, "dead-letter files larger than this many bytes")
	grace := fs.Duration("grace", 30*time.Second, "how long in-flight files may take to finish at shutdown")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	creds := fs.String("creds", "", "NATS credentials file (user JWT and NKey seed)")
	nkey := fs.String("nkey", "", "NATS NKey seed file (with -jwt: the seed of the user JWT)")
	jwt := fs.String("jwt", "", "NATS user JWT file, signed for the -nkey seed")
	tlsCA := fs.String("tls-ca", "", "CA certificate that verifies the NATS server")
	tlsCert := fs.String("tls-cert", "", "client certificate for NATS")
	tlsKey := fs.String("tls-key", "", "client key for NATS")
	reviewers := fs.String("reviewers", "", "reviewers' file (names, roles, bcrypt hashes); set, the reviewers' API /v1/cases and the console /console/ are served on -listen (or -review-listen)")
	reviewListen := fs.String("review-listen", "", "serve the reviewers' API here instead of on -listen (beyond loopback: TLS, or -review-insecure-listen)")
	reviewCert := fs.String("review-tls-cert", "", "TLS certificate (PEM) of -review-listen")
	reviewKey := fs.String("review-tls-key", "", "TLS key (PEM) of -review-listen")
	reviewInsecure := fs.Bool("review-insecure-listen", false, "let -review-listen be beyond loopback WITHOUT TLS (logged as an error)")
	tryOpen := fs.Bool("console-try-open", false, "let visitors who are not signed in use the console's Try a file page (nothing they paste is kept); needs -reviewers")
	check := fs.Bool("check", false, "load and validate the configuration and the embedded policies, then exit")
	partners := fs.String("partners", "", "trading-partner registry (JSON: names, sender IDs, NKeys); default: the demo partners of samples/")
	natsTLSCert := fs.String("nats-tls-cert", "", "TLS certificate of the embedded server's client listener (required beyond loopback)")
	natsTLSKey := fs.String("nats-tls-key", "", "TLS key of the embedded server's client listener")
	natsTLSCA := fs.String("nats-tls-ca", "", "CA that the embedded server verifies client certificates with (optional)")
	natsInsecure := fs.Bool("nats-insecure-listen", false, "let the embedded server listen beyond loopback WITHOUT TLS (logged as an error)")
	printAccounts := fs.Bool("print-nats-accounts", false, "print the NATS accounts block (accounts, users' public keys, imports and exports) for the registry\n"+
		"and the seeds under -data/credentials (created where missing), for a NATS deployment of your own, then exit")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gate278 serve [-config FILE] [-nats URL] [-data DIR] [-listen 127.0.0.1:9278] [-workers N]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		fmt.Fprintf(stderr, "gate278 serve: %v\n", err)
		return 2
	}
	var registry *gateway.Registry
	if *partners != "" {
		if registry, err = gateway.LoadRegistry(*partners); err != nil {
			fmt.Fprintf(stderr, "gate278 serve: %v\n", err)
			return 2
		}
	}
	if *printAccounts {
		reg := registry
		if reg == nil {
			reg = gateway.DemoRegistry()
		}
		conf, err := transport.AccountsConfig(transport.Credentials{Dir: filepath.Join(*dataDir, "credentials")}, reg.Partners(), nil)
		if err != nil {
			fmt.Fprintf(stderr, "gate278 serve: %v\n", err)
			return 2
		}
		fmt.Fprint(stdout, conf)
		return 0
	}
	if *check {
		if err := checkPolicies(cfg, stdout); err != nil {
			fmt.Fprintf(stderr, "gate278 serve: %v\n", err)
			return 2
		}
		return 0
	}
	log, err := newLogger(stderr, *logLevel)
	if err != nil {
		fmt.Fprintf(stderr, "gate278 serve: %v\n", err)
		return 2
	}
	if *tryOpen && *reviewers == "" {
		fmt.Fprintln(stderr, "gate278 serve: -console-try-open needs -reviewers (the console, and its Try a file page, is served with the reviewers' API)")
		return 2
	}
	if *natsURL == "" && strings.TrimSpace(*dataDir) == "" {
		fmt.Fprintln(stderr, "gate278 serve: -data must name a directory for the embedded server's store")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = gateway.Serve(ctx, gateway.Options{
		Config: cfg, NATSURL: *natsURL, DataDir: *dataDir, NATSListen: *natsListen, Partners: registry,
		NATSTLSCert: *natsTLSCert, NATSTLSKey: *natsTLSKey, NATSTLSCA: *natsTLSCA, NATSInsecure: *natsInsecure,
		Connect:  transport.ConnectConfig{CredsFile: *creds, JWTFile: *jwt, NKeySeedFile: *nkey, TLSCA: *tlsCA, TLSCert: *tlsCert, TLSKey: *tlsKey},
		Replicas: *replicas, SeenWindow: *seen, OutputAge: *outAge, Listen: *listen, Workers: *workers,
		MaxFileSize: *maxFile, Version: version, Logger: log, Grace: *grace, Reviewers: *reviewers,
		Review:  gateway.ReviewListener{Listen: *reviewListen, TLSCert: *reviewCert, TLSKey: *reviewKey, Insecure: *reviewInsecure},
		Console: gateway.ConsoleOptions{TryOpen: *tryOpen},
	})
	if err != nil {
		log.Error("gate278 serve failed", "err", err)
		return 1
	}
	return 0
}
