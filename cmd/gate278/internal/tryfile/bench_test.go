package tryfile

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gate278/gate278/adjudicate"
)

// BenchmarkRun: one pasted request (a pended Vermont sample) through the
// try page's run: the pipeline, the 999's words and the explanation.
func BenchmarkRun(b *testing.B) {
	in, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "samples", "adjudication", "vt-ind1-chemo.x12"))
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := adjudicate.DefaultConfig()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), cfg, bytes.NewReader(in), now); err != nil {
			b.Fatal(err)
		}
	}
}
