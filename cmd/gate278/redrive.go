package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/gate278/gate278/transport"
)

// runRedrive implements `gate278 redrive [-nats URL] DLQ-SEQ...`: once the
// cause of a dead letter is fixed, it puts the file back on X12_IN, as a
// submission of its own that gets the file's first answers (a partly
// answered file is not answered twice); the dead letter is deleted once the
// replacement is stored.
func runRedrive(args []string, stdout, stderr io.Writer) int {
	c := newClientCommand("redrive", "usage: gate278 redrive [-nats URL] DLQ-SEQ...   (sequences of X12_DLQ, as `nats stream view X12_DLQ` shows them)",
		30*time.Second, "give up after `DURATION`", stdout, stderr)
	if code, ok := c.parse(args); !ok {
		return code
	}
	// Redriving writes X12_IN and X12_DLQ: the gateway's own identity.
	c.identity = transport.Credentials.Gateway
	if c.fs.NArg() == 0 {
		c.fs.Usage()
		return 2
	}
	var seqs []uint64
	for _, a := range c.fs.Args() {
		n, err := strconv.ParseUint(a, 10, 64)
		if err != nil || n == 0 {
			c.errorf("%q is not an X12_DLQ sequence number", a)
			return 2
		}
		seqs = append(seqs, n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	nc, js, err := c.connect(ctx)
	if err != nil {
		c.errorf("%v", err)
		return 1
	}
	defer nc.Close()
	failed := false
	for _, seq := range seqs {
		rc, err := transport.Redrive(ctx, js, seq)
		switch {
		case err != nil:
			c.errorf("%d: %v", seq, err)
			failed = true
		case rc.Duplicate:
			fmt.Fprintf(stdout, "%d: already redriven as %s (X12_IN seq %d); dead letter removed\n", seq, rc.ID, rc.Seq)
		default:
			fmt.Fprintf(stdout, "%d: back on %s as X12_IN seq %d (%s)\n", seq, rc.Subject, rc.Seq, rc.ID)
		}
	}
	return exitCode(failed)
}
