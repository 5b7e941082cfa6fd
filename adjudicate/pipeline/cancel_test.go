package pipeline_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
)

// TestProcessStopsWhenContextEnds: a cancelled context reaches an inline
// file between interchanges: what was emitted stays emitted, nothing more
// is, and Process says why it stopped.
func TestProcessStopsWhenContextEnds(t *testing.T) {
	raw, err := os.ReadFile("../../samples/requests/multi-interchange-mixed-delims.x12")
	require.NoError(t, err)
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	all := map[int]bool{}
	_, err = pipeline.Process(context.Background(), strings.NewReader(string(raw)), pipeline.Options{Now: benchClock, Config: cfg},
		func(o pipeline.Output) error { all[o.Interchange] = true; return nil })
	require.NoError(t, err)
	require.Greater(t, len(all), 1, "the sample has several interchanges with outputs")

	t.Run("before_start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		emitted := 0
		_, err := pipeline.Process(ctx, strings.NewReader(string(raw)), pipeline.Options{Now: benchClock, Config: cfg},
			func(pipeline.Output) error { emitted++; return nil })
		require.ErrorIs(t, err, context.Canceled)
		require.Zero(t, emitted)
	})
	t.Run("after_the_first_interchange", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		seen := map[int]bool{}
		_, err := pipeline.Process(ctx, strings.NewReader(string(raw)), pipeline.Options{Now: benchClock, Config: cfg},
			func(o pipeline.Output) error {
				seen[o.Interchange] = true
				cancel() // a hard stop while the first interchange is being emitted
				return nil
			})
		require.ErrorIs(t, err, context.Canceled)
		require.Len(t, seen, 1, "nothing of a later interchange is emitted")
	})
	t.Run("emit_error_stops", func(t *testing.T) {
		full := errors.New("publisher full")
		calls := 0
		_, err := pipeline.Process(context.Background(), strings.NewReader(string(raw)), pipeline.Options{Now: benchClock, Config: cfg},
			func(pipeline.Output) error { calls++; return full })
		require.ErrorIs(t, err, full)
		require.Equal(t, 1, calls)
	})
}
