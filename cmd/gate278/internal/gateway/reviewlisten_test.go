package gateway_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
)

// selfSigned writes a certificate for 127.0.0.1 and its key under dir and
// returns their paths and a pool that trusts it.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gate278 review test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	kb, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	certFile, keyFile = filepath.Join(dir, "review.crt"), filepath.Join(dir, "review.key")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600))
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return certFile, keyFile, pool
}

// reviewersFile writes the tests' reviewers' file under dir: rn-lee
// (password lee-secret), a reviewer who may make adverse determinations,
// hashed at bcrypt's minimum cost for speed.
func reviewersFile(t testing.TB, dir string) string {
	t.Helper()
	t.Setenv("GATE278_TEST_BCRYPT", "1") // accept bcrypt.MinCost, for speed
	h, err := bcrypt.GenerateFromPassword([]byte("lee-secret"), bcrypt.MinCost)
	require.NoError(t, err)
	conf, err := json.Marshal(map[string]any{"reviewers": []map[string]any{{"name": "rn-lee", "role": "reviewer", "adverse": true, "password_hash": string(h)}}})
	require.NoError(t, err)
	path := filepath.Join(dir, "reviewers.json")
	require.NoError(t, os.WriteFile(path, conf, 0o600))
	return path
}

// serveWith starts Serve with the reviewers' listener rl and returns the
// metrics address and the reviewers' address, or Serve's error if it
// refuses to start.
func serveWith(t *testing.T, rl gateway.ReviewListener, logs *syncBuffer) (string, string, error) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan string, 1)
	review := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- gateway.Serve(ctx, gateway.Options{
			Config: config(t), DataDir: filepath.Join(dir, "data"), NATSListen: "127.0.0.1:-1", Listen: "127.0.0.1:0", Workers: 1,
			Registry: prometheus.NewRegistry(), Logger: slog.New(slog.NewJSONHandler(logs, nil)),
			Now: func() time.Time { return clock }, Version: "test", Grace: 10 * time.Second,
			Reviewers: reviewersFile(t, dir), Review: rl,
			Started:       func(_, h string) { started <- h },
			ReviewStarted: func(a string) { review <- a },
		})
	}()
	select {
	case h := <-started:
		t.Cleanup(func() {
			cancel()
			require.NoError(t, <-done)
		})
		return h, <-review, nil
	case err := <-done:
		cancel()
		return "", "", err
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("gateway did not start within 30s")
	}
	return "", "", nil
}

// TestReviewListenTLS: with -review-listen and a certificate, /v1/cases is
// served over HTTPS there (TLS 1.2 at least, the reviewer authenticated),
// and not on the metrics listener any more.
func TestReviewListenTLS(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a NATS server")
	}
	cert, key, pool := selfSigned(t, t.TempDir())
	metricsAddr, reviewAddr, err := serveWith(t, gateway.ReviewListener{Listen: "127.0.0.1:0", TLSCert: cert, TLSKey: key}, &syncBuffer{})
	require.NoError(t, err)

	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, err := http.NewRequest("GET", "https://"+reviewAddr+"/v1/cases", nil)
	require.NoError(t, err)
	req.SetBasicAuth("rn-lee", "lee-secret")
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NotNil(t, resp.TLS)
	require.GreaterOrEqual(t, resp.TLS.Version, uint16(tls.VersionTLS12))

	req.SetBasicAuth("rn-lee", "wrong")
	resp, err = client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	// Plain HTTP to the TLS listener is not served.
	resp, err = http.Get("http://" + reviewAddr + "/v1/cases")
	if err == nil {
		resp.Body.Close()
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, "Go's TLS server answers plain HTTP with 400")
	}
	// The metrics listener no longer serves the API.
	resp, err = http.Get("http://" + metricsAddr + "/v1/cases")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// TestReviewListenRefusesPlainBeyondLoopback: beyond loopback without TLS
// the gateway does not start, unless the override is given, which is
// logged as an error; half a TLS pair is refused.
func TestReviewListenRefusesPlainBeyondLoopback(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a NATS server")
	}
	_, _, err := serveWith(t, gateway.ReviewListener{Listen: "0.0.0.0:0"}, &syncBuffer{})
	require.True(t, errors.Is(err, gateway.ErrInsecureReviewListen), "%v", err)
	_, _, err = serveWith(t, gateway.ReviewListener{Listen: "127.0.0.1:0", TLSCert: "x.crt"}, &syncBuffer{})
	require.ErrorContains(t, err, "both -review-tls-cert and -review-tls-key")

	logs := &syncBuffer{}
	_, addr, err := serveWith(t, gateway.ReviewListener{Listen: "0.0.0.0:0", Insecure: true}, logs)
	require.NoError(t, err)
	require.Contains(t, logs.String(), `"level":"ERROR"`)
	require.Contains(t, logs.String(), "WITHOUT TLS")
	_, port, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	resp, err := http.Get("http://127.0.0.1:" + port + "/v1/cases")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "served, still authenticated")
}
