package gateway

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/ops/metrics"
)

// CaseScanEvery is how often the gateway scans X12_CASES for the case
// metrics.
const CaseScanEvery = 30 * time.Second

// DueSoonWithin is the horizon of gate278_cases_due_soon.
const DueSoonWithin = 24 * time.Hour

// caseSnapshot is what the case metrics show of the production cases at
// now: the cases not final by policy, urgency and state, the oldest one's
// age, those whose final determination is due within DueSoonWithin and
// those already late. It is pure.
func caseSnapshot(cs []*cases.Case, now time.Time) metrics.CaseSnapshot {
	return envSnapshot(cases.Production, cs, now)
}

// envSnapshot is caseSnapshot of the cases of one environment (the
// console's queue counts its environment's cases with it).
func envSnapshot(env string, cs []*cases.Case, now time.Time) metrics.CaseSnapshot {
	s := metrics.CaseSnapshot{Open: map[metrics.OpenCases]int{}}
	for _, c := range cs {
		if c.State.Final() || c.Environment() != env {
			continue
		}
		policy := c.Policy
		if policy == "" {
			policy = metrics.None
		}
		s.Open[metrics.OpenCases{Policy: policy, Urgency: string(c.Urgency), State: string(c.State)}]++
		if age := now.Sub(c.Received); age > s.OldestOpen {
			s.OldestOpen = age
		}
		if !c.CloseOutFlagged.IsZero() {
			s.CloseOutDue++
		}
		switch {
		case cases.Late(c.Due.Final, now):
			s.Overdue++
		case !c.Due.Final.IsZero() && c.Due.Final.Sub(now) <= DueSoonWithin:
			s.DueSoon++
		}
	}
	return s
}

// caseScanner feeds the case metrics from periodic scans of X12_CASES
// (close-out has its own loop, closeOuter).
// Decisions are observed when a scan first sees a case decided since the
// previous scan (the case's last change in (last, now]); a decision made
// while no gateway ran is not observed. Each gateway observes the
// decisions it sees, so with several gateways take max, not sum, across
// instances.
type caseScanner struct {
	store *casestore.Store
	m     *metrics.CaseMetrics
	now   func() time.Time
	log   *slog.Logger
	last  time.Time
}

// scan reads the production cases once and records them.
func (s *caseScanner) scan(ctx context.Context) {
	now := s.now()
	cs, err := s.store.List(ctx, cases.Production)
	if err != nil {
		s.log.Warn("scanning cases for metrics", "err", err)
		return
	}
	s.m.Set(caseSnapshot(cs, now))
	if !s.last.IsZero() {
		for _, c := range cs {
			if c.State == cases.Decided && c.Updated.After(s.last) && !c.Updated.After(now) {
				s.m.Decided(string(c.Urgency), c.Updated.Sub(c.Received))
			}
		}
	}
	s.last = now
}

// run scans at once and then every interval until ctx ends.
func (s *caseScanner) run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.scan(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// newCaseScanner registers the case metrics on reg; now nil is time.Now.
func newCaseScanner(store *casestore.Store, reg prometheus.Registerer, policies []string, now func() time.Time, log *slog.Logger) *caseScanner {
	if now == nil {
		now = time.Now
	}
	return &caseScanner{store: store, m: metrics.NewCases(reg, policies), now: now, log: log}
}
