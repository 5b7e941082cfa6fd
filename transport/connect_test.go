package transport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nkeys"
	"github.com/stretchr/testify/require"
)

func TestRedactURLs(t *testing.T) {
	got := RedactURLs("nats://gate278:s3cret@n1:4222, nats://t0ken@n2:4222,nats://n3:4222,bad url%@x:1")
	for _, secret := range []string{"s3cret", "t0ken", "bad url%"} {
		require.NotContains(t, got, secret)
	}
	require.Contains(t, got, "nats://gate278:xxxxx@n1:4222")
	require.Contains(t, got, "nats://n3:4222")
}

// TestRefusalReportedAtOnce: a connection the server refuses for
// authentication or TLS is given up at once, with the server's reason, not
// retried until a deadline.
func TestRefusalReportedAtOnce(t *testing.T) {
	s := startServer(t)
	stranger := filepath.Join(t.TempDir(), "stranger.nk")
	kp, err := nkeys.CreateUser()
	require.NoError(t, err)
	seed, _ := kp.Seed()
	require.NoError(t, os.WriteFile(stranger, seed, 0o600))
	cert, key := selfSigned(t, t.TempDir())
	ts := startServer(t, func(c *ServerConfig) { c.TLSCert, c.TLSKey = cert, key })
	for name, cc := range map[string]ConnectConfig{
		"anonymous":   {URL: s.ClientURL()},
		"password":    {URL: strings.Replace(s.ClientURL(), "nats://", "nats://gate278:s3cret@", 1)},
		"unknown key": {URL: s.ClientURL(), NKeySeedFile: stranger},
		"untrusted":   {URL: ts.ClientURL(), NKeySeedFile: ts.Credentials().Gateway()},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := ctxT(t, 60*time.Second)
			nc, err := Connect(ctx, cc)
			if err == nil {
				defer nc.Close()
				err = WaitConnected(ctx, nc)
			}
			require.ErrorIs(t, err, ErrRefused)
			require.NoError(t, ctx.Err(), "given up before the deadline")
			if name == "untrusted" {
				require.ErrorContains(t, err, "certificate")
			} else {
				require.Contains(t, strings.ToLower(err.Error()), "authorization violation")
			}
			require.NotContains(t, err.Error(), "s3cret")
		})
	}
	// The gateway's start-up path gives up the same way.
	ctx := ctxT(t, 60*time.Second)
	_, err = Open(ctx, GatewayConfig{NATSURL: s.ClientURL(), Connect: ConnectConfig{NKeySeedFile: stranger}})
	require.ErrorIs(t, err, ErrRefused)
	require.NoError(t, ctx.Err())
}
