package transport

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"
)

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key to
// dir and returns their paths (the certificate is its own CA).
func selfSigned(t testing.TB, dir string) (cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gate278 test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	require.NoError(t, err)
	kder, err := x509.MarshalECPrivateKey(k)
	require.NoError(t, err)
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600))
	return cert, key
}

// TestListenBeyondLoopback: a listener beyond loopback needs TLS; the
// explicit override starts the server and logs an error saying so.
func TestListenBeyondLoopback(t *testing.T) {
	ctx := ctxT(t, 20*time.Second)
	_, err := StartServer(ctx, ServerConfig{DataDir: t.TempDir(), Listen: "0.0.0.0:-1"})
	require.ErrorIs(t, err, ErrInsecureListen)

	var logs syncLog
	s, err := StartServer(ctx, ServerConfig{DataDir: t.TempDir(), Listen: "0.0.0.0:-1", InsecureListen: true,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	require.NoError(t, err)
	s.Shutdown()
	require.Contains(t, logs.String(), "level=ERROR")
	require.Contains(t, logs.String(), "WITHOUT TLS")

	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	s = startServer(t, func(c *ServerConfig) { c.Listen, c.TLSCert, c.TLSKey = "0.0.0.0:-1", cert, key })
	require.True(t, s.TLS())
	url := s.ClientURL()
	require.True(t, strings.HasPrefix(url, "tls://127.0.0.1:"), url)
	nc, err := Connect(ctx, ConnectConfig{URL: url, TLSCA: cert, NKeySeedFile: s.Credentials().Gateway()})
	require.NoError(t, err)
	defer nc.Close()
	require.NoError(t, waitConnected(ctx, nc))
	require.True(t, nc.TLSRequired())
	// Without the CA the server's certificate is not trusted.
	_, err = nats.Connect(url, nats.Timeout(2*time.Second))
	require.ErrorContains(t, err, "certificate")
}
