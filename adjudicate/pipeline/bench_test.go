package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

var benchClock = time.Date(2026, 3, 10, 13, 6, 0, 0, time.UTC)

// batch builds one interchange of n transaction sets of the §7.3 shape
// (pump, two supplies, a drug), addressed to the Anthem payer.
func batch(tb testing.TB, n int) []byte {
	tb.Helper()
	raw, err := os.ReadFile("../../samples/requests/doc-7.3-multi-line-supplies-fax.x12")
	if err != nil {
		tb.Fatal(err)
	}
	s := strings.Replace(string(raw), "PI*99999", "PI*ANTHEMCT", 1)
	i, j := strings.Index(s, "ST*"), strings.Index(s, "GE*")
	set := s[i:j]
	var b strings.Builder
	b.WriteString(s[:i])
	for k := 1; k <= n; k++ {
		ctl := fmt.Sprintf("%04d", k)
		b.WriteString(strings.ReplaceAll(set, "*0001", "*"+ctl))
	}
	b.WriteString(strings.Replace(s[j:], "GE*1*", fmt.Sprintf("GE*%d*", n), 1))
	return []byte(b.String())
}

// setOf returns the segments of the first set of data, owned.
func setOf(tb testing.TB, data []byte) []edi.Segment {
	c := &first{}
	if _, err := ack.Walk(bytes.NewReader(data), ack.Options{Validate: x217.ValidateSet}, c); err != nil {
		tb.Fatal(err)
	}
	return c.segs
}

type first struct {
	arena edi.Arena
	segs  []edi.Segment
}

func (f *first) InterchangeStart(*ack.Interchange)       {}
func (f *first) GroupStart(*ack.Interchange, *ack.Group) {}
func (f *first) GroupEnd(*ack.Interchange, *ack.Group)   {}
func (f *first) InterchangeEnd(*ack.Interchange)         {}
func (f *first) Set(_ *ack.Interchange, _ *ack.Group, s *ack.Set) {
	if f.segs == nil {
		// Back to back in one buffer, as ack.Walk holds a set (the second
		// pass finds the buffers grown).
		for range 2 {
			f.arena.Reset()
			f.segs = f.segs[:0]
			for _, seg := range s.Segments {
				f.segs = append(f.segs, f.arena.Add(seg))
			}
		}
	}
}

// BenchmarkDecodeValidate: guide validation and decode of one 4-line set.
func BenchmarkDecodeValidate(b *testing.B) {
	set := setOf(b, batch(b, 1))
	var errs []edi.SegmentError
	var dec x217.Decoder
	b.ReportAllocs()
	for b.Loop() {
		errs = x217.ValidateSet(set, errs[:0])
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		if _, err := dec.Decode(set); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecideSet: decode, adjudicate and encode the response of one
// 4-line set — the per-set work of the gateway.
func BenchmarkDecideSet(b *testing.B) {
	set := setOf(b, batch(b, 1))
	cfg, err := adjudicate.DefaultConfig()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, set[0].Delimiters(), true)
	var dec x217.Decoder
	b.ReportAllocs()
	for b.Loop() {
		req, err := dec.Decode(set)
		if err != nil {
			b.Fatal(err)
		}
		res, err := adjudicate.Decide(pipeline.EngineRequest("S/SUMMITHI/000000103/set/103/0001", req), cfg, benchClock)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		x217.EncodeResponse(w, pipeline.Response(req, res, "20260310", "1306"), "0001")
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcess: the whole adjudicate path over a 2,000-set batch file,
// in MB/s of input, with every output (999, 278, traces, pends) produced.
func BenchmarkProcess(b *testing.B) {
	data := batch(b, 2000)
	cfg, err := adjudicate.DefaultConfig()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rep, err := pipeline.Process(context.Background(), bytes.NewReader(data), pipeline.Options{Now: benchClock, Config: cfg}, func(o pipeline.Output) error {
			_, err := io.Discard.Write(o.Data)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Sets.Accepted != 2000 {
			b.Fatalf("%d sets accepted", rep.Sets.Accepted)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*2000)/1000, "µs/set")
}

// countSink is a pipeline.Sink that keeps only the number of bytes written.
type countSink struct{ n int64 }

func (c *countSink) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }
func (c *countSink) Size() int64                 { return c.n }
func (c *countSink) Truncate(n int64) error      { c.n = n; return nil }

// BenchmarkPipelineTraces: the streaming path of gate278 adjudicate over a
// 2,000-set batch, without traces (TA1, 999 and 278 only) and with them
// (plus the trace stream), in MB/s of input, with the trace bytes per
// transaction set and, for the run with traces, its speed as a fraction of
// the run without. The aim (issue 9): with traces at least half the speed
// of without (speed-vs-without ≥ 0.5).
func BenchmarkPipelineTraces(b *testing.B) {
	const sets = 2000
	data := batch(b, sets)
	cfg, err := adjudicate.DefaultConfig()
	if err != nil {
		b.Fatal(err)
	}
	var without float64 // ns per set without traces
	for _, withTraces := range []bool{false, true} {
		name := "without-traces"
		if withTraces {
			name = "with-traces"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var trace int64
			for b.Loop() {
				var ta1, acks, resp, tr countSink
				sinks := &pipeline.Sinks{TA1: &ta1, Ack: &acks, Response: &resp}
				if withTraces {
					sinks.Trace = &tr
				}
				rep, err := pipeline.Process(context.Background(), bytes.NewReader(data), pipeline.Options{Now: benchClock, Config: cfg, Sinks: sinks}, nil)
				if err != nil {
					b.Fatal(err)
				}
				if rep.Sets.Accepted != sets {
					b.Fatalf("%d sets accepted", rep.Sets.Accepted)
				}
				trace = tr.n
			}
			perSet := float64(b.Elapsed().Nanoseconds()) / float64(b.N*sets)
			b.ReportMetric(perSet/1000, "µs/set")
			if !withTraces {
				without = perSet
				return
			}
			b.ReportMetric(float64(trace)/sets, "trace-B/set")
			if without > 0 {
				b.ReportMetric(without/perSet, "speed-vs-without")
			}
		})
	}
}
