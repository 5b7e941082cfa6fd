package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
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
	// Closed, when set, is called once the connection is closed for good.
	Closed func()
}

// Connect opens a NATS connection that reconnects forever with backoff. If
// the servers are not reachable yet it keeps trying in the background and
// returns a connection that is not connected yet (WaitConnected waits).
// Until it has connected once, an authentication or TLS failure is final:
// the connection is closed at once and WaitConnected returns the server's
// reason (ErrRefused), instead of retrying what cannot succeed.
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
			connected(nc)
			log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted())
		}),
		nats.ConnectHandler(func(nc *nats.Conn) { connected(nc) }),
		nats.ClosedHandler(func(nc *nats.Conn) {
			if refusal(nc) == nil {
				connStates.Delete(nc)
			}
			if cfg.Closed != nil {
				cfg.Closed()
			}
		}),
		nats.ReconnectErrHandler(func(nc *nats.Conn, err error) {
			if refuse(nc, err) {
				log.Error("nats refused the connection; giving up", "error", err)
				return
			}
			log.Debug("nats connect attempt failed", "error", err)
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
		if fatalConnectError(err) {
			err = fmt.Errorf("%w: %w", ErrRefused, err)
		}
		return nil, fmt.Errorf("transport: connect %s: %w", RedactURLs(url), err)
	}
	if nc.IsConnected() {
		connected(nc)
	} else if err := nc.LastError(); err != nil {
		refuse(nc, err)
	}
	return nc, nil
}

// ErrRefused says the server refused the connection for a reason retrying
// does not change: authentication (no, wrong or expired credentials) or
// TLS (an untrusted certificate, TLS required or refused).
var ErrRefused = errors.New("transport: NATS refused the connection")

// connStates records, per connection, whether it ever connected and, if it
// was refused before that, why.
var connStates sync.Map // *nats.Conn -> *connState

type connState struct {
	once    atomic.Bool
	refused atomic.Pointer[error]
}

func stateOf(nc *nats.Conn) *connState {
	s, _ := connStates.LoadOrStore(nc, &connState{})
	return s.(*connState)
}

func connected(nc *nats.Conn) { stateOf(nc).once.Store(true) }

// refuse closes a connection that never connected when err is final, and
// reports whether it did.
func refuse(nc *nats.Conn, err error) bool {
	st := stateOf(nc)
	if st.once.Load() || !fatalConnectError(err) {
		return false
	}
	err = fmt.Errorf("%w: %w", ErrRefused, err)
	if st.refused.CompareAndSwap(nil, &err) {
		go nc.Close()
	}
	return true
}

// refusal is why nc was refused, nil if it was not.
func refusal(nc *nats.Conn) error {
	if s, ok := connStates.Load(nc); ok {
		if p := s.(*connState).refused.Load(); p != nil {
			return *p
		}
	}
	return nil
}

// fatalConnectError reports whether a connection attempt failed for a
// reason another attempt does not change.
func fatalConnectError(err error) bool {
	if err == nil {
		return false
	}
	var (
		unknownCA *x509.UnknownAuthorityError
		invalid   x509.CertificateInvalidError
		host      x509.HostnameError
		record    tls.RecordHeaderError
		alert     tls.AlertError
	)
	switch {
	case errors.Is(err, nats.ErrAuthorization), errors.Is(err, nats.ErrAuthExpired), errors.Is(err, nats.ErrAuthRevoked),
		errors.Is(err, nats.ErrAccountAuthExpired), errors.Is(err, nats.ErrSecureConnRequired), errors.Is(err, nats.ErrSecureConnWanted),
		errors.As(err, &unknownCA), errors.As(err, &invalid), errors.As(err, &host), errors.As(err, &record), errors.As(err, &alert):
		return true
	}
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "authorization violation") || strings.Contains(s, "authentication") ||
		strings.Contains(s, "tls error") || strings.Contains(s, "x509:") || strings.Contains(s, "tls: ")
}

// RedactURLs hides the passwords of comma-separated NATS URLs
// (url.URL.Redacted) and any other user information.
func RedactURLs(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		u, err := url.Parse(p)
		switch {
		case err == nil && u.User != nil:
			if _, hasPass := u.User.Password(); !hasPass {
				u.User = url.User("xxxxx") // a token or a user alone is a secret too
			}
			parts[i] = u.Redacted()
		case err != nil && strings.Contains(p, "@"):
			parts[i] = "xxxxx" + p[strings.LastIndex(p, "@"):]
		default:
			parts[i] = p
		}
	}
	return strings.Join(parts, ",")
}
