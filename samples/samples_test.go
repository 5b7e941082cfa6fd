package samples_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// now is the clock of every golden: gate278 adjudicate -now 2026-03-02T09:16:00Z.
var now = time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC)

// sample is one input file and where its goldens live.
type sample struct {
	name   string // path relative to samples/, e.g. adjudication/x.x12
	path   string // input file
	golden string // golden path prefix: <golden>.out, <golden>.trace.jsonl, <golden>.explain.txt
	config string // <path>.config.json when present
}

// samples lists every input: samples/adjudication/*.x12, samples/errors/*.edi,
// and the request samples of samples/requests/ (goldens under testdata/requests/).
func samples(t *testing.T) []sample {
	t.Helper()
	var out []sample
	for _, pat := range []string{"adjudication/*.x12", "errors/*.edi", "requests/*.x12"} {
		files, err := filepath.Glob(pat)
		require.NoError(t, err)
		for _, f := range files {
			s := sample{name: f, path: f, golden: f}
			if strings.HasPrefix(f, "requests/") {
				s.golden = filepath.Join("testdata", f)
			}
			if _, err := os.Stat(f + ".config.json"); err == nil {
				s.config = f + ".config.json"
			}
			out = append(out, s)
		}
	}
	require.NotEmpty(t, out)
	slices.SortFunc(out, func(a, b sample) int { return strings.Compare(a.name, b.name) })
	return out
}

// output is one emitted interchange.
type output struct {
	kind string
	data []byte
}

// result is everything a sample produces, in the CLI's order.
type result struct {
	outputs []output // TA1s, then 999s, then 278s (as gate278 adjudicate prints them)
	traces  []byte   // one JSON trace per line (gate278 adjudicate -trace)
	explain []byte   // gate278 explain, per request
}

func (r *result) stdout() []byte {
	var b bytes.Buffer
	for _, o := range r.outputs {
		b.Write(o.data)
	}
	return b.Bytes()
}

func loadConfig(t *testing.T, s sample) *adjudicate.Config {
	t.Helper()
	if s.config == "" {
		cfg, err := adjudicate.DefaultConfig()
		require.NoError(t, err)
		return cfg
	}
	f, err := os.Open(s.config)
	require.NoError(t, err)
	defer f.Close()
	cfg, err := adjudicate.LoadConfig(f)
	require.NoError(t, err, s.config)
	return cfg
}

// run processes a sample as gate278 adjudicate -now 2026-03-02T09:16:00Z does.
func run(t *testing.T, s sample) *result {
	t.Helper()
	in, err := os.Open(s.path)
	require.NoError(t, err)
	defer in.Close()
	var ta1, acks, resp []output
	res := &result{}
	var traces, explain bytes.Buffer
	_, err = pipeline.Process(in, pipeline.Options{Now: now, Config: loadConfig(t, s)}, func(o pipeline.Output) error {
		switch o.Kind {
		case pipeline.KindTA1:
			ta1 = append(ta1, output{o.Kind, bytes.Clone(o.Data)})
		case pipeline.KindAck:
			acks = append(acks, output{o.Kind, bytes.Clone(o.Data)})
		case pipeline.Kind278:
			resp = append(resp, output{o.Kind, bytes.Clone(o.Data)})
		case pipeline.KindTrace:
			traces.Write(o.Data)
			traces.WriteByte('\n')
			var rec pipeline.TraceRecord
			if err := json.Unmarshal(o.Data, &rec); err != nil {
				return err
			}
			fmt.Fprintf(&explain, "=== Request %s (transaction set %s of group %s, interchange %s from %s)\n",
				rec.Reference, rec.Set, rec.Group, rec.Interchange, rec.Sender)
			if err := adjudicate.Explain(&explain, rec.Result); err != nil {
				return err
			}
			explain.WriteByte('\n')
		}
		return nil
	})
	require.NoError(t, err)
	res.outputs = append(append(ta1, acks...), resp...)
	res.traces, res.explain = traces.Bytes(), explain.Bytes()
	return res
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if len(got) == 0 {
			os.Remove(path)
			return
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if len(got) == 0 && os.IsNotExist(err) {
		return
	}
	require.NoError(t, err, "missing golden %s: run go test ./samples -update", path)
	require.Equal(t, string(want), string(got), "golden %s differs: review the change, then go test ./samples -update", path)
}

// TestGoldens compares every sample's outputs byte for byte with its goldens.
func TestGoldens(t *testing.T) {
	for _, s := range samples(t) {
		t.Run(s.name, func(t *testing.T) {
			r := run(t, s)
			golden(t, s.golden+".out", r.stdout())
			golden(t, s.golden+".trace.jsonl", r.traces)
			if strings.HasPrefix(s.name, "adjudication/") {
				golden(t, s.golden+".explain.txt", r.explain)
			}
		})
	}
}

// TestDeterminism processes every sample twice: the bytes must not change.
func TestDeterminism(t *testing.T) {
	for _, s := range samples(t) {
		a, b := run(t, s), run(t, s)
		require.Equal(t, string(a.stdout()), string(b.stdout()), s.name)
		require.Equal(t, string(a.traces), string(b.traces), s.name)
	}
}

// TestCriteriaCoverage checks that every criterion of the embedded policies
// is evaluated (met, not met, unknown or attested) by at least one sample.
func TestCriteriaCoverage(t *testing.T) {
	ids, err := adjudicate.CriterionIDs()
	require.NoError(t, err)
	seen := map[string]map[string]bool{}
	for _, s := range samples(t) {
		r := run(t, s)
		for _, ln := range bytes.Split(bytes.TrimSpace(r.traces), []byte("\n")) {
			if len(ln) == 0 {
				continue
			}
			var rec struct {
				Result struct {
					Lines []struct {
						Trace struct {
							Criteria []struct{ ID, Result string }
						}
					}
				}
			}
			require.NoError(t, json.Unmarshal(ln, &rec), s.name)
			for _, l := range rec.Result.Lines {
				for _, c := range l.Trace.Criteria {
					if seen[c.ID] == nil {
						seen[c.ID] = map[string]bool{}
					}
					seen[c.ID][c.Result] = true
				}
			}
		}
	}
	var missing []string
	for _, id := range ids {
		exercised := false
		for res := range seen[id] {
			if res != "skipped" {
				exercised = true
			}
		}
		if !exercised {
			missing = append(missing, id)
		}
	}
	require.Empty(t, missing, "criteria never evaluated (only skipped or absent) in any sample's trace")
}

// ---- reading the outputs back, independently of the gateway's code ----

// segments splits one interchange using the delimiters its ISA declares.
func segments(data []byte) [][]string {
	s := string(data)
	elem, term := byte('*'), byte('~')
	if strings.HasPrefix(s, "ISA") && len(s) >= 106 {
		elem, term = s[3], s[105]
	}
	var out [][]string
	for _, seg := range strings.Split(s, string(term)) {
		seg = strings.Trim(seg, "\r\n")
		if seg == "" {
			continue
		}
		out = append(out, strings.Split(seg, string(elem)))
	}
	return out
}

func el(seg []string, i int) string {
	if i < len(seg) {
		return seg[i]
	}
	return ""
}

// outcome is the key result of a sample, computed from its outputs.
type outcome struct {
	TA1  []string // TA104/TA105 per TA1, e.g. "R/005"
	Ack  []string // per 999: "IK5 A" per set, then "AK9 A" (with AK905+ codes)
	Sets []string // per 278 response set: HL level and HCR01[/HCR03] or AAA03, e.g. "EV:A1 SS:A1 SS:A4/0V"
}

func summarize(r *result) outcome {
	var o outcome
	for _, out := range r.outputs {
		segs := segments(out.data)
		switch out.kind {
		case pipeline.KindTA1:
			for _, seg := range segs {
				if seg[0] == "TA1" {
					o.TA1 = append(o.TA1, el(seg, 4)+"/"+el(seg, 5))
				}
			}
		case pipeline.KindAck:
			var parts []string
			for _, seg := range segs {
				switch seg[0] {
				case "IK5":
					parts = append(parts, "IK5 "+strings.Join(seg[1:], "/"))
				case "AK9":
					parts = append(parts, "AK9 "+strings.Join(append([]string{seg[1]}, seg[min(5, len(seg)):]...), "/"))
				}
			}
			o.Ack = append(o.Ack, strings.Join(parts, "; "))
		case pipeline.Kind278:
			var cur []string
			level := ""
			for _, seg := range segs {
				switch seg[0] {
				case "ST":
					cur = nil
				case "HL":
					level = el(seg, 3)
					if level == "SS" {
						cur = append(cur, "SS:-")
					}
				case "HCR":
					v := el(seg, 1)
					if r := el(seg, 3); r != "" {
						v += "/" + r
					}
					cur = setLast(cur, level, v)
				case "AAA":
					cur = setLast(cur, level, "AAA"+el(seg, 3))
				case "SE":
					o.Sets = append(o.Sets, strings.Join(cur, " "))
				}
			}
		}
	}
	return o
}

// setLast records v for the current HL: a service line's placeholder is
// replaced; other levels are appended.
func setLast(cur []string, level, v string) []string {
	if level == "SS" && len(cur) > 0 && cur[len(cur)-1] == "SS:-" {
		cur[len(cur)-1] = "SS:" + v
		return cur
	}
	if level == "SS" {
		cur[len(cur)-1] += "," + v
		return cur
	}
	return append(cur, level+":"+v)
}

// TestSummaries prints the outcome of every sample (go test -run TestSummaries -v).
func TestSummaries(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("verbose only")
	}
	for _, s := range samples(t) {
		o := summarize(run(t, s))
		t.Logf("%s\n\tTA1 %q\n\t999 %q\n\t278 %q", s.name, o.TA1, o.Ack, o.Sets)
	}
}
