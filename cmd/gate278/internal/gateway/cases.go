package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/transport"
)

// openCases binds the review-case store (bucket X12_CASES, stream
// X12_CASE_HISTORY, created with the rest of the topology) for the worker
// to open a case for every pended set.
// Each case takes its payer's clock regime and calendar (payers).
func openCases(ctx context.Context, g *transport.Gateway, payers *casestore.Payers, log *slog.Logger) (*casestore.Opener, error) {
	store, err := casestore.Open(ctx, g.JS)
	if err != nil {
		return nil, fmt.Errorf("gateway: %w", err)
	}
	return &casestore.Opener{Store: store, Clocks: payers.Clocks, Logger: log}, nil
}

// CloseOutEvery is how often each gateway sweeps X12_CASES for cases whose
// documents are past their close-out time.
const CloseOutEvery = 30 * time.Second

// closeOuter deals with the cases whose documents did not arrive in 15
// business days, as each payer's close_out setting says
// (casestore.CloseOutDue), in a loop of its own, apart from the metrics.
type closeOuter struct {
	store  *casestore.Store
	payers *casestore.Payers
	now    func() time.Time
	log    *slog.Logger
}

func (c *closeOuter) sweep(ctx context.Context) {
	n, err := c.store.CloseOutDue(ctx, c.now(), c.payers.CloseOut)
	switch {
	case err != nil:
		c.log.Warn("closing out cases", "changed", n, "err", err)
	case n > 0:
		c.log.Info("closed out or flagged cases whose documents did not arrive in 15 business days", "changed", n)
	}
}

// run sweeps at once and then every interval until ctx ends.
func (c *closeOuter) run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		c.sweep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func newCloseOuter(store *casestore.Store, payers *casestore.Payers, now func() time.Time, log *slog.Logger) *closeOuter {
	if now == nil {
		now = time.Now
	}
	return &closeOuter{store: store, payers: payers, now: now, log: log}
}
