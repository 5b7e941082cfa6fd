package gateway

import (
	"context"
	"fmt"
	"github.com/gate278/gate278/transport"
	"log/slog"
	"net/http"

	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
)

// serveReviewers serves the reviewers' mux (mountReview) on its own
// listener when Review.Listen is set (the server returned, to close), else
// on the metrics mux.
func (o *Options) serveReviewers(metricsMux *http.ServeMux, store *casestore.Store, payers *casestore.Payers, g *transport.Gateway) (*httpServer, error) {
	if o.Review.Listen == "" {
		if o.Review.TLSCert != "" || o.Review.TLSKey != "" {
			return nil, fmt.Errorf("gateway: -review-tls-cert and -review-tls-key need -review-listen")
		}
		return nil, o.mountReview(metricsMux, store, payers, g, false)
	}
	if o.Reviewers == "" {
		return nil, fmt.Errorf("gateway: -review-listen needs -reviewers (no anonymous access to cases)")
	}
	mux := http.NewServeMux()
	if err := o.mountReview(mux, store, payers, g, o.Review.TLSCert != ""); err != nil {
		return nil, err
	}
	s, err := startReviewHTTP(o.Review, mux, o.Logger)
	if err != nil {
		return nil, err
	}
	o.Logger.Info("reviewers' API serving", "addr", s.addr, "tls", o.Review.TLSCert != "")
	if o.ReviewStarted != nil {
		o.ReviewStarted(s.addr)
	}
	return s, nil
}

// mountReview builds the reviewers' routes — the API (/v1/cases…), and the
// console next to it — on mux, when a reviewers' file is configured;
// without one nothing is served at all (no anonymous access to cases). It
// is the one place that makes the reviewers' mux, whichever listener
// serves it; tls says that listener has TLS (the console's cookie is then
// Secure).
func (o *Options) mountReview(mux *http.ServeMux, store *casestore.Store, payers *casestore.Payers, g *transport.Gateway, tls bool) error {
	if o.Reviewers == "" {
		return nil
	}
	rs, err := review.LoadReviewers(o.Reviewers)
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	api := &review.API{Store: store, Reviewers: rs, Logger: o.Logger, Now: o.Now, Clocks: payers.Clocks}
	api.Mount(mux)
	co := o.Console
	co.Secure = co.Secure || tls
	return mountConsole(mux, api, rs, o.Config, co, g, o.Logger, o.Now)
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
