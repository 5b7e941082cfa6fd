package gateway

import (
	"context"
	"fmt"
	"log/slog"

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
