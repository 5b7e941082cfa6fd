package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/edi"
)

// anthem returns request 7.3 addressed to the Anthem payer.
func anthem(t *testing.T) string {
	raw, err := os.ReadFile("../../samples/requests/doc-7.3-multi-line-supplies-fax.x12")
	require.NoError(t, err)
	return strings.Replace(string(raw), "PI*99999", "PI*ANTHEMCT", 1)
}

func run(t *testing.T, in string) ([]pipeline.Output, *pipeline.FileReport) {
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	var outs []pipeline.Output
	rep, err := pipeline.Process(context.Background(), strings.NewReader(in), pipeline.Options{Now: benchClock, Config: cfg}, func(o pipeline.Output) error {
		outs = append(outs, o)
		return nil
	})
	require.NoError(t, err)
	for _, o := range outs {
		if o.Kind == pipeline.KindTA1 || o.Kind == pipeline.KindAck || o.Kind == pipeline.Kind278 {
			checkEnvelope(t, o)
		}
	}
	return outs, rep
}

// checkEnvelope reads an output interchange and checks its arithmetic: a
// 106-byte ISA, IEA01 groups and IEA02 = ISA13, GE01 sets and GE02 = GS06,
// SE01 segments and SE02 = ST02.
func checkEnvelope(t *testing.T, o pipeline.Output) {
	t.Helper()
	r := edi.NewReader(bytes.NewReader(o.Data), edi.Limits{})
	var isa13, gs06, st02 string
	groups, sets, segs := 0, 0, 0
	for {
		s, err := r.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "%s output", o.Kind)
		segs++
		switch s.ID() {
		case "ISA":
			require.Equal(t, 106, r.ISALength())
			isa13 = s.String(13)
		case "GS":
			groups++
			gs06, sets = s.String(6), 0
		case "ST":
			sets++
			st02, segs = s.String(2), 1
		case "SE":
			require.Equal(t, fmt.Sprint(segs), s.String(1), "%s SE01", o.Kind)
			require.Equal(t, st02, s.String(2))
		case "GE":
			require.Equal(t, fmt.Sprint(sets), s.String(1), "%s GE01", o.Kind)
			require.Equal(t, gs06, s.String(2))
		case "IEA":
			require.Equal(t, fmt.Sprint(groups), s.String(1), "%s IEA01", o.Kind)
			require.Equal(t, isa13, s.String(2))
			return
		}
	}
	t.Fatalf("%s output has no IEA:\n%s", o.Kind, o.Data)
}

func kinds(outs []pipeline.Output) string {
	var k []string
	for _, o := range outs {
		k = append(k, o.Kind)
	}
	return strings.Join(k, ",")
}

// TestEnvelopeOutcomes: what each envelope outcome sends, and that every
// acknowledgment and response it sends is a complete, counted interchange.
func TestEnvelopeOutcomes(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(string) string
		kinds  string // outputs, in order
		in999  string // a segment the 999 carries
		result string
	}{
		{"accepted", func(s string) string { return s }, "999,278,trace,pend", "AK9*A*1*1*1~", "accepted"},
		{"group not HI: 999 rejects, nothing decided", func(s string) string { return strings.Replace(s, "GS*HI", "GS*HC", 1) },
			"999", "AK9*R*1*1*0*1~", "rejected"},
		{"GE01 wrong: 999 rejects, decisions withdrawn", func(s string) string { return strings.Replace(s, "GE*1*103", "GE*2*103", 1) },
			"999", "AK9*R*2*1*0*5~", "rejected"},
		{"IEA02 wrong: only a TA1", func(s string) string { return strings.Replace(s, "IEA*1*000000103", "IEA*1*000000104", 1) },
			"ta1", "", "rejected"},
		{"set rejected by the guide: no response for it", func(s string) string { return strings.Replace(s, "UM*HS*I*18*12:B**E", "UM*HS*Z*18*12:B**E", 1) },
			"999", "IK5*R*5~", "rejected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.edit(anthem(t))
			outs, rep := run(t, in)
			require.Equal(t, tt.kinds, kinds(outs))
			require.Equal(t, tt.result, rep.Result())
			for _, o := range outs {
				if o.Kind == pipeline.KindAck {
					require.Contains(t, string(o.Data), tt.in999)
				}
			}
		})
	}
}

// TestTraceAndPend: the trace names the set by control and trace numbers
// only, and the pend notice lists exactly the pended lines of the 278.
func TestTraceAndPend(t *testing.T) {
	outs, _ := run(t, anthem(t))
	var rec pipeline.TraceRecord
	var pend pipeline.PendNotice
	var resp string
	for _, o := range outs {
		switch o.Kind {
		case pipeline.KindTrace:
			require.NoError(t, json.Unmarshal(o.Data, &rec))
		case pipeline.KindPend:
			require.NoError(t, json.Unmarshal(o.Data, &pend))
			require.Equal(t, "anthem-ct-cg-dme-21", o.Policy)
		case pipeline.Kind278:
			resp = string(o.Data)
		}
	}
	require.Equal(t, "SHI-REQ-0003", rec.Reference)
	require.Equal(t, []string{"SHI0003EV"}, rec.Traces)
	require.Equal(t, []string{"E0779", "A4221", "A4222", "J1455"}, rec.Codes)
	require.Len(t, rec.Result.Lines, 4)
	pended := 0
	for _, l := range rec.Result.Lines {
		if l.Action == adjudicate.ActionPended {
			pended++
		}
	}
	require.Len(t, pend.Lines, pended)
	if rec.Result.Event.Action == adjudicate.ActionPended {
		pended++ // the event rolls up to A4 too
	}
	require.Equal(t, pended, strings.Count(resp, "HCR*A4"), "one HCR A4 per pended loop in the 278")
	for _, v := range []string{"ROE", "MARCUS", "ZZX555000111", "19710930"} {
		require.NotContains(t, string(must(json.Marshal(rec))), v, "PHI in the trace")
		require.NotContains(t, string(must(json.Marshal(pend))), v, "PHI in the pend notice")
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// TestRejectedAnswersDifferAcrossFiles: two files that repeat one rejected
// interchange (here a duplicate of an interchange already received) get
// TA1s with different control numbers, while one file processed twice gets
// the same bytes (a redelivery must not publish a second answer).
func TestRejectedAnswersDifferAcrossFiles(t *testing.T) {
	raw, err := os.ReadFile("../../samples/errors/ta1-018-control-number.edi")
	require.NoError(t, err)
	isa13 := func(file string) string {
		var ctrl string
		_, err := pipeline.Process(context.Background(), bytes.NewReader(raw), pipeline.Options{Now: benchClock, File: file},
			func(o pipeline.Output) error {
				if o.Kind == pipeline.KindTA1 {
					ctrl = strings.Split(string(o.Data[:106]), string(o.Data[3]))[13]
				}
				return nil
			})
		require.NoError(t, err)
		require.NotEmpty(t, ctrl, "the rejected interchange is answered with a TA1")
		return ctrl
	}
	a, b := isa13("sha256:aaaa"), isa13("sha256:bbbb")
	require.NotEqual(t, a, b, "two files, one rejected interchange: each TA1 has its own ISA13")
	require.Equal(t, a, isa13("sha256:aaaa"), "the same file again: the same TA1")
}

// TestTraceJSONMatchesMarshal: the hand-written trace encoding is what
// encoding/json writes, for the trace of every sample: each trace read
// back and written again by json.Marshal gives the same bytes.
func TestTraceJSONMatchesMarshal(t *testing.T) {
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	files, err := filepath.Glob("../../samples/*/*.x12")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		_, err = pipeline.Process(context.Background(), bytes.NewReader(raw), pipeline.Options{Now: benchClock, Config: cfg}, func(o pipeline.Output) error {
			if o.Kind != pipeline.KindTrace {
				return nil
			}
			var rec pipeline.TraceRecord
			require.NoError(t, json.Unmarshal(o.Data, &rec), f)
			want, err := json.Marshal(&rec)
			require.NoError(t, err)
			require.Equal(t, string(want), string(o.Data), f)
			n++
			return nil
		})
		require.NoError(t, err, f)
	}
	require.Greater(t, n, 100)
}
