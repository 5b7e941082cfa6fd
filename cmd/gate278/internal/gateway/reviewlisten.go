package gateway

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
)

// ErrInsecureReviewListen refuses a reviewers' listener beyond loopback
// without TLS: the API serves PHI.
var ErrInsecureReviewListen = errors.New("gateway: the reviewers' listener beyond loopback needs TLS (-review-tls-cert and -review-tls-key) or the explicit insecure override")

// ReviewListener is where the reviewers' API (and the console, mounted on
// the same mux) is served apart from the metrics listener.
type ReviewListener struct {
	// Listen is the address; empty serves the reviewers on the metrics
	// listener (Options.Listen).
	Listen string
	// TLSCert and TLSKey (PEM files) serve HTTPS; both or neither.
	TLSCert, TLSKey string
	// Insecure lets Listen be beyond loopback without TLS (logged as an
	// error at every start).
	Insecure bool
}

// startReviewHTTP serves h on the reviewers' listener: HTTPS with the
// configured certificate (TLS 1.2 at least), plain HTTP only on loopback or
// with the override, which is logged as an error.
func startReviewHTTP(rl ReviewListener, h http.Handler, log *slog.Logger) (*httpServer, error) {
	if (rl.TLSCert == "") != (rl.TLSKey == "") {
		return nil, errors.New("gateway: reviewers' listener: give both -review-tls-cert and -review-tls-key, or neither")
	}
	host, _, err := net.SplitHostPort(rl.Listen)
	if err != nil {
		return nil, fmt.Errorf("gateway: reviewers' listener %q: %w", rl.Listen, err)
	}
	tlsOn := rl.TLSCert != ""
	var tc *tls.Config
	if tlsOn {
		cert, err := tls.LoadX509KeyPair(rl.TLSCert, rl.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("gateway: reviewers' listener TLS: %w", err)
		}
		tc = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	if !tlsOn && !loopbackHost(host) {
		if !rl.Insecure {
			return nil, fmt.Errorf("%w (listen %s)", ErrInsecureReviewListen, rl.Listen)
		}
		log.Error("gateway: the reviewers' API (PHI) is served WITHOUT TLS beyond loopback (-review-insecure-listen): put TLS in front of it", "listen", rl.Listen)
	}
	ln, err := net.Listen("tcp", rl.Listen)
	if err != nil {
		return nil, fmt.Errorf("gateway: reviewers' listener %s: %w", rl.Listen, err)
	}
	hs := newHTTPServer(h)
	hs.TLSConfig = tc
	s := &httpServer{Server: hs, addr: ln.Addr().String(), done: make(chan error, 1)}
	if tlsOn {
		ln = tls.NewListener(ln, tc)
	}
	go func() { s.done <- s.Serve(ln) }()
	return s, nil
}

// loopbackHost reports whether host only accepts connections from this
// machine (an empty host listens everywhere).
func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
