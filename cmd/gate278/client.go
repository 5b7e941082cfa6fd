package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
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

	url, creds, jwt, nkey, tlsCA, tlsCert, tlsKey string
	// timeout bounds the command's work, connecting included.
	timeout time.Duration
}

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
	fs.StringVar(&c.tlsCA, "tls-ca", "", "CA certificate `FILE` to verify the server")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "client certificate `FILE`")
	fs.StringVar(&c.tlsKey, "tls-key", "", "client key `FILE`")
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

// connect opens the connection and waits until it is up or ctx ends.
func (c *clientCommand) connect(ctx context.Context) (*nats.Conn, jetstream.JetStream, error) {
	nc, err := transport.Connect(ctx, transport.ConnectConfig{
		URL: c.url, Name: "gate278 " + c.name, CredsFile: c.creds, JWTFile: c.jwt, NKeySeedFile: c.nkey,
		TLSCA: c.tlsCA, TLSCert: c.tlsCert, TLSKey: c.tlsKey,
	})
	if err != nil {
		return nil, nil, err
	}
	for !nc.IsConnected() {
		select {
		case <-ctx.Done():
			nc.Close()
			return nil, nil, fmt.Errorf("cannot reach NATS at %s: %w", c.url, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
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
