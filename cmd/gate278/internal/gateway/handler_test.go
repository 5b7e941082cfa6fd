package gateway

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/transport"
)

// recorder is a Publisher that keeps what it is given.
type recorder struct{ outs []transport.Outbound }

func (r *recorder) Publish(_ context.Context, o transport.Outbound) error {
	r.outs = append(r.outs, o)
	return nil
}

// TestAnswersAreAFunctionOfTheFile: without a fixed clock a file is decided
// at the time JetStream stored it, so handling it again (a redelivery)
// publishes the same answers byte for byte — what lets the worker tell its
// own answer from a forgery stored under the answer's ID.
func TestAnswersAreAFunctionOfTheFile(t *testing.T) {
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	files, err := filepath.Glob("../../../../samples/*/*.x12")
	require.NoError(t, err)
	h := &Handler{Config: cfg}
	stored := time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var runs [2]recorder
		for i := range runs {
			m := transport.NewMessage("x12.278.in.acme", "sha256:"+f, data)
			m.Stored = stored // the same message, delivered twice
			require.NoError(t, h.Handle(context.Background(), m, &runs[i]), f)
		}
		require.Equal(t, runs[0].outs, runs[1].outs, f)
		for _, o := range runs[0].outs {
			if o.Kind == "999" || o.Kind == "278" {
				isa := strings.Split(string(o.Data[:106]), string(o.Data[3]))
				require.Equal(t, "260302", isa[9], "%s %s is dated when the file was stored", f, o.Kind)
			}
		}
	}
}
