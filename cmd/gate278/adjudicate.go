package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/edi/ack"
)

// loadConfig returns the embedded default configuration, or the file's.
func loadConfig(path string) (*adjudicate.Config, error) {
	if path == "" {
		return adjudicate.DefaultConfig()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening configuration: %w", err)
	}
	defer f.Close()
	cfg, err := adjudicate.LoadConfig(f)
	if err != nil {
		return nil, fmt.Errorf("configuration %s: %w", path, err)
	}
	return cfg, nil
}

// checkPolicies loads and validates every embedded policy (the -check flag).
func checkPolicies(cfg *adjudicate.Config, stdout io.Writer) error {
	if err := adjudicate.ValidatePolicies(); err != nil {
		return err
	}
	ids, err := adjudicate.CriterionIDs()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %d payers configured, %d criteria in the embedded policies\n", len(cfg.Payers()), len(ids))
	return nil
}

// spool keeps one kind of output in order, in memory up to a bound and in
// a temporary file beyond it, so that a large batch does not hold every
// response in memory at once. Writes to the file go through a buffer (one
// trace per transaction set would otherwise be one system call each). It
// is a pipeline.Sink.
type spool struct {
	mem  bytes.Buffer
	file *os.File
	buf  *bufio.Writer // in front of file
	size int64
}

const (
	spoolMemory = 4 << 20
	spoolBuffer = 256 << 10
)

var _ pipeline.Sink = (*spool)(nil)

func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && s.mem.Len()+len(p) > spoolMemory {
		f, err := os.CreateTemp("", "gate278-spool-*")
		if err != nil {
			return 0, fmt.Errorf("spooling output: %w", err)
		}
		os.Remove(f.Name()) // the open file lives on; nothing is left behind
		s.file, s.buf = f, bufio.NewWriterSize(f, spoolBuffer)
		if _, err := s.buf.Write(s.mem.Bytes()); err != nil {
			return 0, fmt.Errorf("spooling output: %w", err)
		}
		s.mem = bytes.Buffer{}
	}
	var n int
	var err error
	if s.file != nil {
		n, err = s.buf.Write(p)
	} else {
		n, err = s.mem.Write(p)
	}
	s.size += int64(n)
	return n, err
}

// Size implements pipeline.Sink.
func (s *spool) Size() int64 { return s.size }

// Truncate implements pipeline.Sink.
func (s *spool) Truncate(n int64) error {
	if n > s.size {
		return fmt.Errorf("spool: truncate to %d beyond size %d", n, s.size)
	}
	s.size = n
	if s.file == nil {
		s.mem.Truncate(int(n))
		return nil
	}
	if err := s.buf.Flush(); err != nil {
		return err
	}
	if err := s.file.Truncate(n); err != nil {
		return err
	}
	_, err := s.file.Seek(n, io.SeekStart)
	return err
}

// copyTo writes everything spooled to w.
func (s *spool) copyTo(w io.Writer) error {
	if s.file == nil {
		_, err := w.Write(s.mem.Bytes())
		return err
	}
	defer s.file.Close()
	if err := s.buf.Flush(); err != nil {
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.file)
	return err
}

// fileCommand holds what adjudicate and explain share: a configuration,
// a clock and one input file.
type fileCommand struct {
	name   string
	fs     *flag.FlagSet
	config *string
	now    *string
	check  *bool

	cfg   *adjudicate.Config
	clock time.Time
	in    io.ReadCloser
}

func newFileCommand(name, usage string, stderr io.Writer) *fileCommand {
	c := &fileCommand{name: name, fs: flag.NewFlagSet(name, flag.ContinueOnError)}
	c.fs.SetOutput(stderr)
	c.config = c.fs.String("config", "", "payer configuration (JSON); default: the embedded configuration")
	c.now = c.fs.String("now", "", "fix the clock (RFC 3339): every output becomes byte-for-byte deterministic")
	c.check = c.fs.Bool("check", false, "load and validate the configuration and the embedded policies, then exit")
	c.fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gate278 "+usage)
		c.fs.PrintDefaults()
	}
	return c
}

// parse parses the flags, loads the configuration and opens the input. It
// returns done with the exit status when the command is over already
// (usage errors, -check).
func (c *fileCommand) parse(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int, done bool) {
	fail := func(format string, a ...any) (int, bool) {
		fmt.Fprintf(stderr, "gate278 "+c.name+": "+format+"\n", a...)
		return 2, true
	}
	if err := c.fs.Parse(args); err != nil {
		return 2, true
	}
	var err error
	if c.cfg, err = loadConfig(*c.config); err != nil {
		return fail("%v", err)
	}
	if *c.check {
		if err := checkPolicies(c.cfg, stdout); err != nil {
			return fail("%v", err)
		}
		return 0, true
	}
	if c.fs.NArg() != 1 {
		c.fs.Usage()
		return 2, true
	}
	if c.clock, err = parseNow(*c.now); err != nil {
		return fail("-now: %v", err)
	}
	if c.in, err = openInput(c.fs.Arg(0), stdin); err != nil {
		return fail("%v", err)
	}
	return 0, false
}

// exit maps the outcome of a processed file to the exit status.
func (c *fileCommand) exit(rep *pipeline.FileReport, err error, stderr io.Writer) int {
	if err != nil {
		fmt.Fprintf(stderr, "gate278 %s: %v\n", c.name, err)
		return 2
	}
	if rep.Result() == "rejected" {
		return 1
	}
	return 0
}

// runAdjudicate writes every output interchange of a file: TA1s, then
// 999s, then 278 responses.
func runAdjudicate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := newFileCommand("adjudicate", "adjudicate [-config FILE] [-trace FILE] [-now RFC3339] FILE|-", stderr)
	tracePath := c.fs.String("trace", "", "write the decision traces to this file, one JSON object per line")
	if code, done := c.parse(args, stdin, stdout, stderr); done {
		return code
	}
	defer c.in.Close()
	var err error
	var traceFile *os.File
	if *tracePath != "" {
		traceFile, err = os.Create(*tracePath)
		if err != nil {
			fmt.Fprintf(stderr, "gate278 adjudicate: -trace: %v\n", err)
			return 2
		}
		defer traceFile.Close()
	}
	// Stream: each kind spools in order (a rejected envelope's output is
	// truncated away), then TA1s, 999s and 278s go out in that order.
	var ta1, acks, responses, traces spool
	sinks := &pipeline.Sinks{TA1: &ta1, Ack: &acks, Response: &responses}
	if traceFile != nil {
		sinks.Trace = &traces
	}
	rep, err := pipeline.Process(context.Background(), c.in, pipeline.Options{Now: c.clock, Config: c.cfg, Sinks: sinks}, nil)
	if err == nil {
		out := bufio.NewWriter(stdout)
		err = errors.Join(ta1.copyTo(out), acks.copyTo(out), responses.copyTo(out), out.Flush())
	}
	if err == nil && traceFile != nil {
		tw := bufio.NewWriterSize(traceFile, spoolBuffer)
		err = errors.Join(traces.copyTo(tw), tw.Flush(), traceFile.Close())
	}
	return c.exit(rep, err, stderr)
}

// runExplain prints each decision of a file for a person: a 278 file is
// adjudicated first; a file of decision traces (what adjudicate -trace
// writes, or the trace subject carries) is explained as it was decided,
// under the policy version each trace names.
func runExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := newFileCommand("explain", "explain [-config FILE] [-now RFC3339] FILE|-  (a 278 file, or a file of decision traces)", stderr)
	if code, done := c.parse(args, stdin, stdout, stderr); done {
		return code
	}
	defer c.in.Close()
	out := bufio.NewWriter(stdout)
	in := bufio.NewReader(c.in)
	if isTraceFile(in) {
		if err := errors.Join(explainTraces(in, out), out.Flush()); err != nil {
			fmt.Fprintf(stderr, "gate278 explain: %v\n", err)
			return 2
		}
		return 0
	}
	var acks pipeline.AckWords // the 999's words for rejected sets
	rep, err := pipeline.Process(context.Background(), in, pipeline.Options{Now: c.clock, Config: c.cfg, Acknowledged: acks.Acknowledged}, func(o pipeline.Output) error {
		if o.Kind != pipeline.KindTrace {
			return nil
		}
		return explainTrace(out, o.Data)
	})
	if err == nil {
		explainRejections(out, rep)
		err = errors.Join(acks.Write(out, rep, false), out.Flush())
	}
	return c.exit(rep, err, stderr)
}

// isTraceFile reports whether the input is decision traces (JSON) rather
// than X12, which always starts with ISA.
func isTraceFile(in *bufio.Reader) bool {
	for {
		b, err := in.Peek(1)
		if err != nil {
			return false
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			in.ReadByte()
			continue
		}
		return b[0] == '{'
	}
}

// explainTraces explains every trace of a JSON-lines file of traces.
func explainTraces(in *bufio.Reader, out io.Writer) error {
	dec := json.NewDecoder(in)
	for n := 1; ; n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("reading trace %d: %w", n, err)
		}
		if err := explainTrace(out, raw); err != nil {
			return fmt.Errorf("trace %d: %w", n, err)
		}
	}
}

// explainTrace explains one trace record.
func explainTrace(out io.Writer, data []byte) error {
	var rec pipeline.TraceRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		return fmt.Errorf("reading trace: %w", err)
	}
	if rec.Result == nil {
		return errors.New("reading trace: no result in the trace record")
	}
	fmt.Fprintf(out, "=== Request %s (transaction set %s of group %s, interchange %s from %s)\n",
		rec.Reference, rec.Set, rec.Group, rec.Interchange, rec.Sender)
	if err := adjudicate.Explain(out, rec.Result); err != nil {
		return err
	}
	_, err := fmt.Fprintln(out)
	return err
}

// explainRejections tells a person which envelopes were refused and why.
func explainRejections(w io.Writer, rep *pipeline.FileReport) {
	for _, ix := range rep.Interchanges {
		if ix.TA1 != "000" {
			fmt.Fprintf(w, "Interchange %s from %s was rejected (TA1 code %s: %s). Nothing in it was decided; run \"gate278 validate\" for the acknowledgment.\n",
				ix.Control, ix.Sender, ix.TA1, ack.TA105.Text(ix.TA1))
			continue
		}
		for _, g := range ix.Groups {
			if g.Status == "R" || len(g.SetCode) > 0 {
				fmt.Fprintf(w, "Group %s of interchange %s: status %s; %d transaction set(s) rejected against the standard or the 278 guide were not decided. Each error follows, with its segment and element (as \"gate278 validate -explain\" says it).\n",
					g.Control, ix.Control, g.Status, count(g.SetCode))
			}
		}
	}
}

func count(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
