package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const sample = "../../samples/requests/doc-7.1-subscriber-pump-drug.x12"

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(sample)
	require.NoError(t, err)
	bad := filepath.Join(dir, "bad.x12")
	require.NoError(t, os.WriteFile(bad, bytes.Replace(good, []byte("IEA*1*000000101"), []byte("IEA*1*000000999"), 1), 0o600))
	rejectedSet := filepath.Join(dir, "set.x12")
	require.NoError(t, os.WriteFile(rejectedSet, bytes.Replace(good, []byte("UM*HS*I*18*12:B"), []byte("UM*HS*Z*18*12:B"), 1), 0o600))
	badConfig := filepath.Join(dir, "config.json")
	require.NoError(t, os.WriteFile(badConfig, []byte(`{"payers":[{"name":"x","qualifier":"PI","id":"X","policy":"anthem-ct-cg-dme-21","adverse":"sometimes"}]}`), 0o600))
	tests := []struct {
		name string
		args []string
		want int
		out  string // substring of stdout
		err  string // substring of stderr
	}{
		{"validate accepted", []string{"validate", "-now", "2026-03-02T09:16:00Z", sample}, 0, "IK5*A~", ""},
		{"validate TA1 rejection", []string{"validate", bad}, 1, "*R*001~", ""},
		{"validate every set rejected", []string{"validate", rejectedSet}, 1, "IK5*R*5~", ""},
		{"adjudicate accepted", []string{"adjudicate", "-now", "2026-03-02T09:16:00Z", sample}, 0, "ST*278*0001*005010X217~", ""},
		{"adjudicate rejected", []string{"adjudicate", bad}, 1, "TA1*000000101", ""},
		{"explain", []string{"explain", sample}, 0, "Request SHI-REQ-0001", ""},
		{"no file", []string{"validate"}, 2, "", "usage: gate278 validate"},
		{"missing file", []string{"adjudicate", filepath.Join(dir, "nope.x12")}, 2, "", "opening input"},
		{"bad clock", []string{"adjudicate", "-now", "yesterday", sample}, 2, "", "RFC 3339"},
		{"bad configuration names the field", []string{"adjudicate", "-config", badConfig, sample}, 2, "", "adverse"},
		{"check", []string{"adjudicate", "-check"}, 0, "ok:", ""},
		{"serve check", []string{"serve", "-check"}, 0, "ok:", ""},
		{"try page without the console", []string{"serve", "-console-try-open", "-data", dir}, 2, "", "-console-try-open needs -reviewers"},
		{"unknown command", []string{"frobnicate"}, 2, "", "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			got := run(tt.args, strings.NewReader(""), &out, &errb)
			require.Equal(t, tt.want, got, "stdout:\n%s\nstderr:\n%s", out.String(), errb.String())
			require.Contains(t, out.String(), tt.out)
			require.Contains(t, errb.String(), tt.err)
		})
	}
}

// TestAdjudicateOrderAndDeterminism: TA1, then 999, then 278; the same
// input and clock give the same bytes, from a file or from stdin.
func TestAdjudicateOrderAndDeterminism(t *testing.T) {
	data, err := os.ReadFile("../../samples/requests/multi-interchange-mixed-delims.x12")
	require.NoError(t, err)
	var a, b, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"adjudicate", "-now", "2026-03-02T09:16:00Z", "../../samples/requests/multi-interchange-mixed-delims.x12"}, nil, &a, &errb), errb.String())
	require.Equal(t, 0, run([]string{"adjudicate", "-now", "2026-03-02T09:16:00Z", "-"}, bytes.NewReader(data), &b, &errb), errb.String())
	require.Equal(t, a.String(), b.String())
	out := a.String()
	last999 := strings.LastIndex(out, "ST*999")
	first278 := strings.Index(out, "ST*278")
	require.Positive(t, last999)
	require.Greater(t, first278, last999, "every 999 comes before the first 278")
}

// bigBatch streams n transaction sets of a 278 for the Anthem payer,
// generated on the fly so that the input itself takes no memory.
func bigBatch(t testing.TB, n int) io.Reader {
	raw, err := os.ReadFile("../../samples/requests/doc-7.3-multi-line-supplies-fax.x12")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(raw), "PI*99999", "PI*ANTHEMCT", 1)
	i, j := strings.Index(s, "ST*"), strings.Index(s, "GE*")
	head, set, tail := s[:i], s[i:j], strings.Replace(s[j:], "GE*1*", fmt.Sprintf("GE*%d*", n), 1)
	pr, pw := io.Pipe()
	go func() {
		w := io.Writer(pw)
		io.WriteString(w, head)
		for k := 1; k <= n; k++ {
			io.WriteString(w, strings.ReplaceAll(set, "*0001", fmt.Sprintf("*%06d", k)))
		}
		io.WriteString(w, tail)
		pw.Close()
	}()
	return pr
}

// peakHeap runs adjudicate with traces over n sets and returns the largest
// live heap seen, sampled as the input is read.
func peakHeap(t *testing.T, n int) (uint64, string) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	in := &sampler{r: bigBatch(t, n), every: 256 << 10, f: func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak {
			peak = v
		}
	}}
	var out countWriter
	var errb bytes.Buffer
	trace := filepath.Join(t.TempDir(), "trace.jsonl")
	code := run([]string{"adjudicate", "-now", "2026-03-10T13:06:00Z", "-trace", trace, "-"}, in, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	st, err := os.Stat(trace)
	require.NoError(t, err)
	require.Positive(t, st.Size())
	return peak, fmt.Sprintf("%d bytes out", out.n)
}

type sampler struct {
	r     io.Reader
	every int
	since int
	f     func()
}

func (s *sampler) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.since += n
	if s.since >= s.every {
		s.since = 0
		s.f()
	}
	return n, err
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// TestAdjudicateMemoryFlat: ten times the transaction sets does not take
// ten times the memory — responses and traces stream through spools.
func TestAdjudicateMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("processes a large batch")
	}
	small, _ := peakHeap(t, 2_000)
	large, info := peakHeap(t, 20_000)
	t.Logf("peak live heap: %d KiB for 2,000 sets, %d KiB for 20,000 sets (%s)", small>>10, large>>10, info)
	require.Less(t, large, 2*small+16<<20, "memory grows with the number of transaction sets")
}

// BenchmarkAdjudicateCommand: the whole adjudicate command — read,
// validate, decide, write TA1/999/278 — over a 5,000-set batch, in MB/s,
// without -trace and with it (the traces written to a file), with the trace
// bytes per set and the speed with traces as a fraction of the speed
// without.
func BenchmarkAdjudicateCommand(b *testing.B) {
	const sets = 5_000
	var input bytes.Buffer
	if _, err := io.Copy(&input, bigBatch(b, sets)); err != nil {
		b.Fatal(err)
	}
	trace := filepath.Join(b.TempDir(), "trace.jsonl")
	var without float64 // ns per run without -trace
	for _, withTraces := range []bool{false, true} {
		name, args := "without-trace", []string{"adjudicate", "-now", "2026-03-10T13:06:00Z", "-"}
		if withTraces {
			name, args = "with-trace", []string{"adjudicate", "-now", "2026-03-10T13:06:00Z", "-trace", trace, "-"}
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(input.Len()))
			b.ReportAllocs()
			for b.Loop() {
				var out countWriter
				var errb bytes.Buffer
				if code := run(args, bytes.NewReader(input.Bytes()), &out, &errb); code != 0 {
					b.Fatalf("exit %d: %s", code, errb.String())
				}
			}
			perRun := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if !withTraces {
				without = perRun
				return
			}
			if st, err := os.Stat(trace); err == nil {
				b.ReportMetric(float64(st.Size())/sets, "trace-B/set")
			}
			if without > 0 {
				b.ReportMetric(without/perRun, "speed-vs-without")
			}
		})
	}
}

// TestExplainTraces: explain reads a file of decision traces as well as a
// 278 file and says the same; a trace of a policy version the gateway
// keeps no record of is explained by criterion ID, and says so.
func TestExplainTraces(t *testing.T) {
	const sample = "../../samples/adjudication/anthem-set1-e0779-chemo.x12"
	var fromX12, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"explain", "-now", "2026-03-02T09:16:00Z", sample}, strings.NewReader(""), &fromX12, &errb), errb.String())
	traces, err := os.ReadFile(sample + ".trace.jsonl")
	require.NoError(t, err)
	var fromTraces bytes.Buffer
	require.Equal(t, 0, run([]string{"explain", "-"}, bytes.NewReader(traces), &fromTraces, &errb), errb.String())
	require.Equal(t, fromX12.String(), fromTraces.String())

	// A trace of version 1.0.0 resolves to that version's words (kept in
	// the policy history); a version no one keeps is shown by ID.
	version := regexp.MustCompile(`"(policy_)?version":"[^"]*"`)
	asVersion := func(v string) []byte {
		return version.ReplaceAllFunc(traces, func(m []byte) []byte {
			return regexp.MustCompile(`:"[^"]*"`).ReplaceAll(m, []byte(`:"`+v+`"`))
		})
	}
	var fromV1 bytes.Buffer
	require.Equal(t, 0, run([]string{"explain", "-"}, bytes.NewReader(asVersion("1.0.0")), &fromV1, &errb), errb.String())
	require.Contains(t, fromV1.String(), "(anthem-ct-cg-dme-21 version 1.0.0, seed 000_215f0b6b90ae3e1a.txt)")
	require.Contains(t, fromV1.String(), "ANTHEM.IV.ROUTE: The medication is intravenous: the medically necessary statement")
	var fromOld bytes.Buffer
	require.Equal(t, 0, run([]string{"explain", "-"}, bytes.NewReader(asVersion("0.0.1")), &fromOld, &errb), errb.String())
	require.Contains(t, fromOld.String(), "which this gateway keeps no record of")
	require.Contains(t, fromOld.String(), "MET  ANTHEM.IV.SET1.a\n")

	var out bytes.Buffer
	errb.Reset()
	require.Equal(t, 2, run([]string{"explain", "-"}, strings.NewReader(`{"sender":"X"`), &out, &errb))
	require.Contains(t, errb.String(), "reading trace 1")
}
