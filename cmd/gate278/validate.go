package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
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
	var x ackExplainer
	opts := pipeline.Options{Now: clock, Receiver: cfg.Receives}
	if *explain {
		opts.Acknowledged = x.acknowledged
	}
	rep, err := pipeline.Process(context.Background(), in, opts, func(o pipeline.Output) error {
		if *explain || (o.Kind != pipeline.KindTA1 && o.Kind != pipeline.KindAck) {
			return nil
		}
		_, err := stdout.Write(o.Data)
		return err
	})
	if err == nil && *explain {
		err = x.write(stdout, rep, true)
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

// ackExplainer keeps what the 999s say about each transaction set, to say
// it in words once the file is read: the same words wherever a person
// reads an acknowledgment (gate278 validate -explain, gate278 explain).
type ackExplainer struct {
	sets []explainedSet
}

type explainedSet struct {
	interchange, group int // ordinals
	control            string
	codes              []string
	errs               []edi.SegmentError
}

// acknowledged is pipeline.Options.Acknowledged.
func (x *ackExplainer) acknowledged(ix *ack.Interchange, g *ack.Group, s *ack.Set) {
	x.sets = append(x.sets, explainedSet{interchange: ix.Ordinal, group: g.Ordinal, control: s.Control,
		codes: append([]string(nil), s.Codes...), errs: append([]edi.SegmentError(nil), s.Errors...)})
}

// codeWords says codes of one list: "5 (one or more segments are in error)".
func codeWords(l *ack.CodeList, codes []string) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = c + " (" + l.Text(c) + ")"
	}
	return strings.Join(parts, ", ")
}

// write says, per interchange, group and transaction set, what the TA1
// and 999 say, and for a rejected set every IK3/IK4 (ack.Explain). With
// all unset it says the rejected groups and sets only (gate278 explain).
func (x *ackExplainer) write(w io.Writer, rep *pipeline.FileReport, all bool) error {
	var b strings.Builder
	for i, ix := range rep.Interchanges {
		if ix.TA1 != ack.TA1NoError {
			if all {
				fmt.Fprintf(&b, "Interchange %s from %s: rejected, TA1 %s (%s). Nothing in it is answered.\n",
					ix.Control, ix.Sender, ix.TA1, ack.TA105.Text(ix.TA1))
			}
			continue
		}
		if all {
			fmt.Fprintf(&b, "Interchange %s from %s: accepted.\n", ix.Control, ix.Sender)
		}
		for j, g := range ix.Groups {
			if !all && g.Status == ack.StatusAccepted {
				continue
			}
			fmt.Fprintf(&b, "  Group %s of interchange %s: AK9 %s (%s)", g.Control, ix.Control, g.Status, ack.AK901.Text(g.Status))
			if len(g.Codes) > 0 {
				fmt.Fprintf(&b, ": %s", codeWords(ack.AK905, g.Codes))
			}
			b.WriteString(".\n")
			for _, s := range x.sets {
				if s.interchange != i+1 || s.group != j+1 {
					continue
				}
				codes := s.codes
				if len(codes) == 0 && len(g.Codes) > 0 {
					codes = []string{ack.SetNotInGroup} // the 999 rejects the sets of a rejected group
				}
				if len(codes) == 0 {
					if all {
						fmt.Fprintf(&b, "    Transaction set %s: IK5 A (accepted).\n", s.control)
					}
					continue
				}
				fmt.Fprintf(&b, "    Transaction set %s: IK5 R (rejected): %s.\n", s.control, codeWords(ack.IK502, codes))
				for _, e := range s.errs {
					for _, line := range ack.Explain(e) {
						fmt.Fprintf(&b, "      %s\n", line)
					}
				}
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
