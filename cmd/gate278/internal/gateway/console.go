package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/cmd/gate278/internal/console"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
	"github.com/gate278/gate278/cmd/gate278/internal/tryfile"
	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// ConsoleOptions are what the console takes from serve beyond the
// gateway's own parts.
type ConsoleOptions struct {
	// Secure marks the session cookie Secure (the listener has TLS; set
	// by itself with -review-tls-cert).
	Secure bool
	// IdleTimeout ends an unused session (default 15 minutes).
	IdleTimeout time.Duration
	// TryOpen lets visitors who are not signed in use the "Try a file"
	// page (signed-in reviewers always may).
	TryOpen bool
}

// mountConsole mounts the reviewers' console under /console/ beside the
// reviewers' API (mountReview): its pages call that same API in-process,
// show the seed passages of cfg's policies, and try files under cfg; the
// operations page reads the transport's queues and dead letters.
func mountConsole(mux *http.ServeMux, api *review.API, rs *review.Reviewers, cfg *adjudicate.Config, co ConsoleOptions, g *transport.Gateway, log *slog.Logger, now func() time.Time) error {
	routes := http.NewServeMux()
	api.Mount(routes)
	c, err := console.New(console.Options{
		Reviewers: rs, API: routes, Counts: caseSnapshot, CountsIn: envSnapshot, Passages: cfg.Passage,
		Status: func(ctx context.Context) (transport.StatusReport, error) {
			return transport.Status(ctx, g.JS, outputs.Kinds)
		},
		DeadLetters: func(ctx context.Context, n int) ([]console.DeadLetter, error) {
			return lastDeadLetters(ctx, g.JS, n)
		},
		Try: func(c *console.Console) http.Handler {
			return &tryfile.Page{Config: cfg, Layout: c, Open: co.TryOpen, Secure: co.Secure, Now: now, Logger: log}
		},
		Secure: co.Secure, IdleTimeout: co.IdleTimeout, Now: now, Logger: log,
	})
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	mux.Handle(console.Prefix, c)
	mux.Handle(strings.TrimSuffix(console.Prefix, "/"), c) // its redirect to Prefix with the console's headers
	if co.TryOpen {
		log.Info("gateway: the console's Try a file page is open to visitors who are not signed in (-console-try-open)")
	}
	return nil
}

// lastDeadLetters reads the newest n dead letters of X12_DLQ, newest
// first, by sequence (direct reads: nothing is consumed or acknowledged).
// Only their headers are shown, never the file.
func lastDeadLetters(ctx context.Context, js jetstream.JetStream, n int) ([]console.DeadLetter, error) {
	s, err := js.Stream(ctx, transport.StreamDLQ)
	if err != nil {
		return nil, fmt.Errorf("gateway: dead letters: %w", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("gateway: dead letters: %w", err)
	}
	var out []console.DeadLetter
	first, last := info.State.FirstSeq, info.State.LastSeq
	for seq, tries := last, 0; seq >= first && seq > 0 && len(out) < n && tries < 4*n; seq, tries = seq-1, tries+1 {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue // deleted (redriven)
		}
		if err != nil {
			return out, fmt.Errorf("gateway: dead letter %d: %w", seq, err)
		}
		out = append(out, console.DeadLetter{Seq: m.Sequence, Subject: m.Subject, At: m.Time,
			Reason: m.Header.Get(transport.HeaderDlqReason), Error: m.Header.Get(transport.HeaderDlqError),
			Delivered: m.Header.Get(transport.HeaderDlqDelivered)})
	}
	return out, nil
}
