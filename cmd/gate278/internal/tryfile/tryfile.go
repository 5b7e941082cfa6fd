// Package tryfile runs one 278 request file, pasted or uploaded by a
// trading partner, through the gateway's own pipeline in memory and says
// what the gateway would answer: the TA1 and 999 acknowledgments in plain
// words (each IK3/IK4 as the segment, its loop and the element at fault),
// the 278 responses, and every decision explained. It is the console's
// "Try a file" page; the same words come from gate278 validate -explain
// and gate278 explain.
//
// Nothing is kept: the file is read from memory, no output is published or
// stored, and nothing of its content is logged. What the worker checks
// beyond the file itself (that the sender belongs to the submitting
// partner, that an interchange was not received before) is not checked
// here, and the result says so.
package tryfile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
)

// MaxSize is the largest file tried (a test file, not a production batch).
const MaxSize = 1 << 20

// ErrTooLarge is returned for a file over MaxSize.
var ErrTooLarge = fmt.Errorf("tryfile: the file is larger than %d KiB", MaxSize>>10)

// ErrEmpty is returned for a file with nothing but white space.
var ErrEmpty = errors.New("tryfile: the file is empty")

// Result is what the gateway would answer for one file.
type Result struct {
	// Bytes is the file's size.
	Bytes int
	// Outcome is the file's result: accepted, partially accepted or
	// rejected (pipeline.FileReport.Result).
	Outcome string
	// Accepted and Rejected count the transaction sets.
	Accepted, Rejected int
	// Words say the TA1s and 999s, one line per interchange, group, set
	// and error, nested by Depth.
	Words []Line
	// TA1, Ack and Responses are the acknowledgments and 278 responses
	// the gateway would publish, one segment per line ("" when none).
	TA1, Ack, Responses string
	// Decisions explain each decided transaction set, in file order.
	Decisions []Decision
	// Receivers are the ISA07/ISA08 identities the gateway answers for
	// (anything else gets TA1 009), for a page to say so.
	Receivers []adjudicate.Receiver
}

// Line is one line of words, nested under the line before it of a lower
// Depth.
type Line struct {
	Depth int
	Text  string
}

// Decision is the explanation of one decided request.
type Decision struct {
	Reference   string // BHT03
	Set         string // ST02
	Group       string // GS06
	Interchange string // ISA13
	Sender      string // ISA06
	// Outcome is the event's HCR01 decision (A1, A3, A4…).
	Outcome string
	// Words is adjudicate.Explain's account, for a clinician or a
	// provider's staff.
	Words string
}

// Run reads the file from in and processes it as the gateway would under
// cfg at now. A file over MaxSize is refused with ErrTooLarge and an empty
// one with ErrEmpty; any other file, however broken, gets a Result (a
// broken envelope is what the TA1 and 999 explain).
func Run(ctx context.Context, cfg *adjudicate.Config, in io.Reader, now time.Time) (*Result, error) {
	data, err := io.ReadAll(io.LimitReader(in, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("tryfile: reading the file: %w", err)
	}
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	var (
		words                pipeline.AckWords
		ta1, acks, responses strings.Builder
		decisions            []Decision
	)
	opts := pipeline.Options{Now: now, Config: cfg, Acknowledged: words.Acknowledged}
	rep, err := pipeline.Process(ctx, bytes.NewReader(data), opts, func(o pipeline.Output) error {
		switch o.Kind {
		case pipeline.KindTA1:
			writeSegments(&ta1, o.Data)
		case pipeline.KindAck:
			writeSegments(&acks, o.Data)
		case pipeline.Kind278:
			writeSegments(&responses, o.Data)
		case pipeline.KindTrace:
			d, err := decision(o.Data)
			if err != nil {
				return err
			}
			decisions = append(decisions, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tryfile: %w", err)
	}
	var w strings.Builder
	if err := words.Write(&w, rep, true); err != nil {
		return nil, fmt.Errorf("tryfile: %w", err)
	}
	return &Result{
		Bytes: len(data), Outcome: rep.Result(), Accepted: rep.Sets.Accepted, Rejected: rep.Sets.Rejected,
		Words: nest(w.String()), TA1: ta1.String(), Ack: acks.String(), Responses: responses.String(),
		Decisions: decisions, Receivers: cfg.Receivers(),
	}, nil
}

// decision explains one trace output.
func decision(data []byte) (Decision, error) {
	var rec pipeline.TraceRecord
	if err := json.Unmarshal(data, &rec); err != nil || rec.Result == nil {
		return Decision{}, fmt.Errorf("tryfile: reading a decision trace: %v", err)
	}
	var w strings.Builder
	if err := adjudicate.Explain(&w, rec.Result); err != nil {
		return Decision{}, fmt.Errorf("tryfile: %w", err)
	}
	return Decision{Reference: rec.Reference, Set: rec.Set, Group: rec.Group, Interchange: rec.Interchange,
		Sender: rec.Sender, Outcome: rec.Result.Event.Action, Words: w.String()}, nil
}

// nest turns indented lines (two spaces a level) into Lines.
func nest(text string) []Line {
	var out []Line
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if l == "" {
			continue
		}
		t := strings.TrimLeft(l, " ")
		out = append(out, Line{Depth: (len(l) - len(t)) / 2, Text: t})
	}
	return out
}

// writeSegments writes an X12 interchange one segment per line: the
// segment terminator is the character after ISA16 (position 106).
func writeSegments(b *strings.Builder, x12 []byte) {
	if len(x12) < 106 || !bytes.HasPrefix(x12, []byte("ISA")) {
		b.Write(x12)
		b.WriteByte('\n')
		return
	}
	term := x12[105]
	for _, seg := range bytes.Split(x12, []byte{term}) {
		seg = bytes.TrimSpace(seg)
		if len(seg) == 0 {
			continue
		}
		b.Write(seg)
		b.WriteByte(term)
		b.WriteByte('\n')
	}
}
