package pipeline_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/edi"
)

// FuzzProcess drives the whole pipeline — envelopes, guide, decode,
// adjudication, responses, traces — with arbitrary input. It must never
// panic or fail on in-memory input, must always answer (at least a TA1 or a
// 999), and every acknowledgment and response it writes must be a complete,
// correctly counted interchange.
func FuzzProcess(f *testing.F) {
	for _, dir := range []string{"requests", "adjudication", "errors"} {
		files, _ := filepath.Glob(filepath.Join("../../samples", dir, "*.*"))
		for _, name := range files {
			if filepath.Ext(name) != ".x12" && filepath.Ext(name) != ".edi" {
				continue
			}
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
	cfg, err := adjudicate.DefaultConfig()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var outs []pipeline.Output
		_, err := pipeline.Process(context.Background(), bytes.NewReader(data), pipeline.Options{Now: benchClock, Config: cfg, Limits: edi.Limits{MaxSegment: 4096}},
			func(o pipeline.Output) error {
				outs = append(outs, o)
				return nil
			})
		if err != nil {
			t.Fatalf("Process failed on in-memory input: %v", err)
		}
		answered := false
		for _, o := range outs {
			switch o.Kind {
			case pipeline.KindTA1, pipeline.KindAck, pipeline.Kind278:
				answered = answered || o.Kind != pipeline.Kind278
				checkEnvelope(t, o)
			}
		}
		if !answered {
			t.Fatalf("no TA1 or 999 for %q", data)
		}
	})
}
