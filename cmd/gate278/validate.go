package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gate278/gate278/adjudicate/pipeline"
)

// openInput opens FILE, or standard input for "-".
func openInput(name string, stdin io.Reader) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(stdin), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("opening input: %w", err)
	}
	return f, nil
}

// runValidate writes the TA1 and 999 acknowledgments of a file, or with
// -explain says them in words.
func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	now := fs.String("now", "", "fix the clock (RFC 3339) so that output is deterministic")
	config := fs.String("config", "", "configuration file (JSON): the receiver IDs the gateway answers for; default: the embedded one")
	explain := fs.Bool("explain", false, "print what the TA1s and 999s say, in words, instead of the acknowledgments")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gate278 validate [-explain] [-config FILE] [-now RFC3339] FILE|-")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	clock, err := parseNow(*now)
	if err != nil {
		fmt.Fprintf(stderr, "gate278 validate: -now: %v\n", err)
		return 2
	}
	cfg, err := loadConfig(*config)
	if err != nil {
		fmt.Fprintf(stderr, "gate278 validate: %v\n", err)
		return 2
	}
	in, err := openInput(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintf(stderr, "gate278 validate: %v\n", err)
		return 2
	}
	defer in.Close()
	var x pipeline.AckWords
	opts := pipeline.Options{Now: clock, Receiver: cfg.Receives}
	if *explain {
		opts.Acknowledged = x.Acknowledged
	}
	rep, err := pipeline.Process(context.Background(), in, opts, func(o pipeline.Output) error {
		if *explain || (o.Kind != pipeline.KindTA1 && o.Kind != pipeline.KindAck) {
			return nil
		}
		_, err := stdout.Write(o.Data)
		return err
	})
	if err == nil && *explain {
		err = x.Write(stdout, rep, true)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gate278 validate: %v\n", err)
		return 2
	}
	if rep.Result() == "rejected" {
		return 1
	}
	return 0
}

func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want RFC 3339 like 2026-03-02T09:16:00Z: %w", err)
	}
	return t, nil
}
