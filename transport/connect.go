package transport

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
)

// ConnectConfig says how to reach NATS.
type ConnectConfig struct {
	// URL is one or more comma-separated NATS URLs. Ignored when Server is
	// set.
	URL string
	// Server, when set, connects in-process to an embedded server.
	Server *Server
	// Name is the client connection name shown by server monitoring.
	Name string
	// CredsFile is a NATS credentials file (user JWT + NKey seed).
	CredsFile string
	// JWTFile and NKeySeedFile are a user JWT and its seed in separate files;
	// NKeySeedFile alone authenticates with a bare NKey.
	JWTFile      string
	NKeySeedFile string
	// TLSCA verifies the server; TLSCert and TLSKey authenticate the client.
	TLSCA, TLSCert, TLSKey string
	// ReconnectWait is the base of the reconnect backoff (default 250ms,
	// doubled per attempt up to 5s, with up to half taken off at random).
	// Reconnects never stop.
	ReconnectWait time.Duration
	// Logger receives connection events (never message bodies).
	Logger *slog.Logger
}

// Connect opens a NATS connection that reconnects forever with backoff. If
// the servers are not reachable yet it keeps trying in the background and
// returns a connection that is not connected yet.
func Connect(ctx context.Context, cfg ConnectConfig) (*nats.Conn, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	base := cfg.ReconnectWait
	if base <= 0 {
		base = 250 * time.Millisecond
	}
	opts := []nats.Option{
		nats.Name(cfg.Name),
		nats.MaxReconnects(-1),
		nats.RetryOnFailedConnect(true),
		nats.CustomReconnectDelay(backoff{base: base, max: 5 * time.Second}.delay),
		nats.DisconnectErrHandler(func(nc *nats.Conn, err error) {
			log.Warn("nats disconnected", "error", err)
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted())
		}),
		nats.ErrorHandler(func(nc *nats.Conn, sub *nats.Subscription, err error) {
			subj := ""
			if sub != nil {
				subj = sub.Subject
			}
			log.Error("nats async error", "subject", subj, "error", err)
		}),
	}
	if cfg.CredsFile != "" {
		opts = append(opts, nats.UserCredentials(cfg.CredsFile))
	} else if cfg.JWTFile != "" {
		opts = append(opts, nats.UserCredentials(cfg.JWTFile, cfg.NKeySeedFile))
	} else if cfg.NKeySeedFile != "" {
		o, err := nats.NkeyOptionFromSeed(cfg.NKeySeedFile)
		if err != nil {
			return nil, fmt.Errorf("transport: nkey seed %s: %w", cfg.NKeySeedFile, err)
		}
		opts = append(opts, o)
	}
	if cfg.TLSCA != "" {
		opts = append(opts, nats.RootCAs(cfg.TLSCA))
	}
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		opts = append(opts, nats.ClientCert(cfg.TLSCert, cfg.TLSKey))
	}
	url := cfg.URL
	if cfg.Server != nil {
		opts = append(opts, nats.InProcessServer(cfg.Server.NATS()))
		url = ""
	} else if url == "" {
		url = nats.DefaultURL
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("transport: connect: %w", err)
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("transport: connect %s: %w", redact(url), err)
	}
	return nc, nil
}

// redact hides credentials embedded in URLs.
func redact(u string) string {
	for i := 0; i < len(u); i++ {
		if u[i] == '@' {
			return "<redacted>" + u[i:]
		}
	}
	return u
}
