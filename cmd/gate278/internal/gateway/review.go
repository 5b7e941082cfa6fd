package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
)

// mountReview mounts the reviewers' API (/v1/cases…) on serve's HTTP
// listener when a reviewers' file is configured; without one the API is
// not served at all (no anonymous access to cases).
func mountReview(mux *http.ServeMux, path string, store *casestore.Store, payers *casestore.Payers, log *slog.Logger, now func() time.Time) error {
	if path == "" {
		return nil
	}
	rs, err := review.LoadReviewers(path)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	(&review.API{Store: store, Reviewers: rs, Logger: log, Now: now, Clocks: payers.Clocks}).Mount(mux)
	return nil
}

// respondLeftovers sends the final responses a crash left unsent (a
// decision stored, its 278 not recorded as published). A failure is
// logged, not fatal: the next start, or the next decision's Respond, tries
// again, and the Msg-Id keeps a second publish from counting twice.
func respondLeftovers(ctx context.Context, store *casestore.Store, log *slog.Logger) {
	n, err := store.RespondAll(ctx)
	switch {
	case err != nil:
		log.Warn("gateway: sending unsent final responses", "sent", n, "error", err.Error())
	case n > 0:
		log.Info("gateway: sent final responses left unsent", "cases", n)
	}
}
