package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/gate278/gate278/transport"
)

// runRedrive implements `gate278 redrive [-nats URL] DLQ-SEQ...`: once the
// cause of a dead letter is fixed, it puts the file back on X12_IN under its
// original identity, so a partly answered file is not answered twice.
func runRedrive(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("redrive", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var nf natsClientFlags
	nf.register(fs)
	timeout := fs.Duration("timeout", 30*time.Second, "give up after `DURATION`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gate278 redrive [-nats URL] DLQ-SEQ...   (sequences of X12_DLQ, as `nats stream view X12_DLQ` shows them)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	var seqs []uint64
	for _, a := range fs.Args() {
		n, err := strconv.ParseUint(a, 10, 64)
		if err != nil || n == 0 {
			fmt.Fprintf(stderr, "gate278 redrive: %q is not an X12_DLQ sequence number\n", a)
			return 2
		}
		seqs = append(seqs, n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	nc, js, err := nf.connect(ctx, "gate278 redrive")
	if err != nil {
		fmt.Fprintf(stderr, "gate278 redrive: %v\n", err)
		return 1
	}
	defer nc.Close()
	code := 0
	for _, seq := range seqs {
		rc, err := transport.Redrive(ctx, js, seq)
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "gate278 redrive: %d: %v\n", seq, err)
			code = 1
		case rc.Duplicate:
			fmt.Fprintf(stdout, "%d: X12_IN still remembers %s; the dead letter is kept, try again after the duplicate window\n", seq, rc.ID)
			code = 1
		default:
			fmt.Fprintf(stdout, "%d: back on %s as X12_IN seq %d (%s)\n", seq, rc.Subject, rc.Seq, rc.ID)
		}
	}
	return code
}
