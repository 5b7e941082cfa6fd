package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/transport"
)

// clientCommand is the frame every client command (submit, status,
// redrive) shares: a flag set holding the NATS connection flags and
// -timeout, the usage text, messages prefixed with the command's name, and
// the connection itself. A command adds its own flags to fs before parse.
type clientCommand struct {
	name           string // "submit": in messages and in the connection name
	fs             *flag.FlagSet
	stdout, stderr io.Writer

	url, creds, jwt, nkey, tlsCA, tlsCert, tlsKey, dataDir string
	// timeout bounds the command's work, connecting included.
	timeout time.Duration
	// identity names the seed file of the command's user in the embedded
	// server's credentials directory, used when no credentials are given
	// otherwise (set by the command before connect).
	identity func(transport.Credentials) string
}

// Environment variables the client commands read.
const (
	envData   = "GATE278_DATA"       // the gateway's data directory (default of -data)
	envCreds  = "GATE278_NATS_CREDS" // a NATS credentials file
	envNKey   = "GATE278_NATS_NKEY"  // an NKey seed file
	envTLSCA  = "GATE278_NATS_TLS_CA"
	defaultDD = "./data"
)

// newClientCommand returns the command named name with the shared flags
// registered. usage is the first line -h prints; timeout and timeoutHelp
// are the default and the help text of -timeout.
func newClientCommand(name, usage string, timeout time.Duration, timeoutHelp string, stdout, stderr io.Writer) *clientCommand {
	c := &clientCommand{name: name, fs: flag.NewFlagSet(name, flag.ContinueOnError), stdout: stdout, stderr: stderr}
	fs := c.fs
	fs.SetOutput(stderr)
	fs.StringVar(&c.url, "nats", "nats://127.0.0.1:4222", "NATS `URL`(s), comma-separated")
	fs.StringVar(&c.creds, "creds", "", "NATS credentials `FILE`")
	fs.StringVar(&c.jwt, "jwt", "", "user JWT `FILE` (with -nkey)")
	fs.StringVar(&c.nkey, "nkey", "", "NKey seed `FILE`")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "client certificate `FILE`")
	fs.StringVar(&c.tlsKey, "tls-key", "", "client key `FILE`")
	fs.StringVar(&c.tlsCA, "tls-ca", os.Getenv(envTLSCA), "CA certificate `FILE` to verify the server (default $"+envTLSCA+")")
	fs.StringVar(&c.dataDir, "data", envOr(envData, defaultDD), "the gateway's data `DIR`ectory, whose credentials/ the command uses when no -creds, -nkey,\n$"+envCreds+" or $"+envNKey+" is given (default $"+envData+" or "+defaultDD+")")
	fs.DurationVar(&c.timeout, "timeout", timeout, timeoutHelp)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	return c
}

// parse parses the command line. When ok is false the command ends at once
// with exit status code: 0 after -h, 2 after a bad flag (the flag package
// has already said why).
func (c *clientCommand) parse(args []string) (code int, ok bool) {
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

// errorf writes "gate278 NAME: message" to standard error.
func (c *clientCommand) errorf(format string, a ...any) {
	fmt.Fprintf(c.stderr, "gate278 %s: %s\n", c.name, fmt.Sprintf(format, a...))
}

// envOr is the environment variable's value, or def.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// credentials returns the connection's credentials: the flags, else the
// environment, else the command's seed in the data directory's credentials
// (when the file exists). With none, the connection is anonymous, which the
// gateway's server refuses.
func (c *clientCommand) credentials() transport.ConnectConfig {
	cc := transport.ConnectConfig{CredsFile: c.creds, JWTFile: c.jwt, NKeySeedFile: c.nkey}
	switch {
	case c.creds != "" || c.jwt != "" || c.nkey != "":
	case os.Getenv(envCreds) != "":
		cc.CredsFile = os.Getenv(envCreds)
	case os.Getenv(envNKey) != "":
		cc.NKeySeedFile = os.Getenv(envNKey)
	case c.identity != nil:
		seed := c.identity(c.store())
		if _, err := os.Stat(seed); err == nil {
			cc.NKeySeedFile = seed
		}
	}
	return cc
}

// credentialsHint says, after a refusal, which credentials were used.
func (c *clientCommand) credentialsHint(cc transport.ConnectConfig) string {
	switch {
	case cc.CredsFile != "":
		return " (credentials " + cc.CredsFile + ")"
	case cc.NKeySeedFile != "":
		return " (NKey seed " + cc.NKeySeedFile + ")"
	case c.identity != nil:
		return " (no credentials: none given, and no " + c.identity(c.store()) + "; use -data, -nkey or -creds)"
	}
	return ""
}

// store is the credentials directory of the data directory.
func (c *clientCommand) store() transport.Credentials {
	return transport.Credentials{Dir: filepath.Join(c.dataDir, "credentials")}
}

// connect opens the connection and waits until it is up or ctx ends.
func (c *clientCommand) connect(ctx context.Context) (*nats.Conn, jetstream.JetStream, error) {
	cc := c.credentials()
	cc.URL, cc.Name = c.url, "gate278 "+c.name
	cc.TLSCA, cc.TLSCert, cc.TLSKey = c.tlsCA, c.tlsCert, c.tlsKey
	nc, err := transport.Connect(ctx, cc)
	if err != nil {
		return nil, nil, err
	}
	if err := transport.WaitConnected(ctx, nc); err != nil {
		nc.Close()
		if errors.Is(err, transport.ErrRefused) {
			return nil, nil, fmt.Errorf("NATS at %s: %w%s", transport.RedactURLs(c.url), err, c.credentialsHint(cc))
		}
		return nil, nil, fmt.Errorf("cannot reach NATS at %s: %w", transport.RedactURLs(c.url), err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("opening JetStream: %w", err)
	}
	return nc, js, nil
}

// exitCode is 1 when something failed, 0 otherwise.
func exitCode(failed bool) int {
	if failed {
		return 1
	}
	return 0
}
