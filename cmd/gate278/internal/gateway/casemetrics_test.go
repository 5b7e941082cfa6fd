package gateway_test

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/ops/metrics"
)

func TestCaseSnapshot(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	mk := func(state cases.State, usage string, received, final time.Time, u cases.Urgency) *cases.Case {
		return &cases.Case{State: state, Envelope: cases.Envelope{Usage: usage}, Policy: "vt-dvha-eip", Urgency: u, Received: received, Due: cases.Due{Final: final}}
	}
	s := gateway.CaseSnapshotOf([]*cases.Case{
		mk(cases.Open, "P", now.Add(-100*time.Hour), now.Add(-28*time.Hour), cases.Expedited),           // overdue, oldest
		mk(cases.WaitingDocuments, "P", now.Add(-60*time.Hour), now.Add(12*time.Hour), cases.Expedited), // due soon
		mk(cases.InReview, "P", now.Add(-time.Hour), now.Add(24*time.Hour), cases.Standard),             // due in exactly 24 h: soon
		mk(cases.InReview, "P", now.Add(-time.Hour), now.Add(25*time.Hour), cases.Standard),             // not yet
		mk(cases.Decided, "P", now.Add(-200*time.Hour), now.Add(-100*time.Hour), cases.Standard),        // final: not counted
		mk(cases.Open, "T", now.Add(-300*time.Hour), now.Add(-200*time.Hour), cases.Standard),           // test: not counted
	}, now)
	require.Equal(t, metrics.CaseSnapshot{
		Open: map[metrics.OpenCases]int{
			{Policy: "vt-dvha-eip", Urgency: "expedited", State: "open"}:              1,
			{Policy: "vt-dvha-eip", Urgency: "expedited", State: "waiting-documents"}: 1,
			{Policy: "vt-dvha-eip", Urgency: "standard", State: "in-review"}:          2,
		},
		OldestOpen: 100 * time.Hour, DueSoon: 2, Overdue: 1,
	}, s)
}

func TestCaseScannerOverStore(t *testing.T) {
	cfg := config(t)
	g := start(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	draft := caseDraft(t, cfg, pendingSample(t, "VTMEDICAID"), clock)
	store, err := casestore.Open(ctx, g.js)
	require.NoError(t, err)
	clocks, err := casestore.DefaultClocks()
	require.NoError(t, err)
	d := *draft
	d.Partner = "clearhub"
	require.NoError(t, (&casestore.Opener{Store: store, Clocks: clocks}).OpenCase(ctx, d))
	c, _, err := store.Get(ctx, cases.Production, d.ID)
	require.NoError(t, err)

	reg := prometheus.NewRegistry()
	now := clock.Add(50 * time.Hour)
	s := gateway.NewCaseScannerForTest(store, reg, gateway.PolicyIDs(cfg), func() time.Time { return now })
	s.Scan(ctx)
	require.Equal(t, 1.0, gauge(t, reg, "gate278_cases_open", "state", string(c.State)))
	require.Equal(t, 50*3600.0, gauge(t, reg, "gate278_cases_oldest_open_age_seconds", "", ""))
	require.Equal(t, 1.0, gauge(t, reg, "gate278_cases_due_soon", "", ""), "72 h from receipt: 22 h left")
	require.Equal(t, 0.0, gauge(t, reg, "gate278_cases_overdue", "", ""))

	now = clock.Add(73 * time.Hour)
	s.Scan(ctx)
	require.Equal(t, 0.0, gauge(t, reg, "gate278_cases_due_soon", "", ""))
	require.Equal(t, 1.0, gauge(t, reg, "gate278_cases_overdue", "", ""))
	require.Equal(t, 0.0, gauge(t, reg, "gate278_cases_close_out_due", "", ""))

	// Flagged for a supervisor's close-out (close_out: review): counted
	// until the case is final.
	_, _, err = store.Change(ctx, cases.Production, d.ID, func(c *cases.Case) (cases.Event, error) {
		c.CloseOutFlagged = clock.Add(73 * time.Hour)
		return cases.Event{Kind: cases.CloseOutFlagged, Actor: "gate278", At: c.CloseOutFlagged}, nil
	})
	require.NoError(t, err)
	s.Scan(ctx)
	require.Equal(t, 1.0, gauge(t, reg, "gate278_cases_close_out_due", "", ""))

	// A decision between two scans is observed once, by the next scan.
	_, _, err = store.Change(ctx, cases.Production, d.ID, func(c *cases.Case) (cases.Event, error) {
		c.State, c.Updated = cases.Decided, clock.Add(74*time.Hour)
		return cases.Event{Kind: cases.DecisionMade, Actor: "rn-lee", At: c.Updated}, nil
	})
	require.NoError(t, err)
	now = clock.Add(75 * time.Hour)
	s.Scan(ctx)
	s.Scan(ctx)
	require.Equal(t, 0.0, gauge(t, reg, "gate278_cases_overdue", "", ""))
	require.Equal(t, 0.0, gauge(t, reg, "gate278_cases_open", "", ""))
	require.Equal(t, 0.0, gauge(t, reg, "gate278_cases_close_out_due", "", ""), "a final case is not awaiting close-out")
	h := histogramOf(t, reg, "gate278_case_decision_seconds", "expedited")
	require.Equal(t, uint64(1), h.GetSampleCount())
	require.Equal(t, 74*3600.0, h.GetSampleSum())
}

// The close-out loop, not the metrics scan, closes out a case whose
// documents are 15 business days late (Vermont Medicaid: close_out auto).
func TestCaseScannerClosesOut(t *testing.T) {
	cfg := config(t)
	g := start(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	draft := caseDraft(t, cfg, pendingSample(t, "VTMEDICAID"), clock)
	store, err := casestore.Open(ctx, g.js)
	require.NoError(t, err)
	clocks, err := casestore.DefaultClocks()
	require.NoError(t, err)
	d := *draft
	d.Partner = "clearhub"
	require.NoError(t, (&casestore.Opener{Store: store, Clocks: clocks}).OpenCase(ctx, d))
	c, _, err := store.Get(ctx, cases.Production, d.ID)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, c.State)

	reg := prometheus.NewRegistry()
	now := c.Due.CloseOut.Add(-time.Second)
	payers, err := casestore.PayersFrom(cfg)
	require.NoError(t, err)
	closer := gateway.NewCloseOuterForTest(store, payers, func() time.Time { return now })
	s := gateway.NewCaseScannerForTest(store, reg, gateway.PolicyIDs(cfg), func() time.Time { return now })
	closer.Sweep(ctx)
	c, _, err = store.Get(ctx, cases.Production, d.ID)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, c.State)
	now = c.Due.CloseOut
	s.Scan(ctx)
	c, _, err = store.Get(ctx, cases.Production, d.ID)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, c.State, "the metrics scan closes nothing out")
	closer.Sweep(ctx)
	c, _, err = store.Get(ctx, cases.Production, d.ID)
	require.NoError(t, err)
	require.Equal(t, cases.ClosedOut, c.State)
	s.Scan(ctx)
	require.Equal(t, 0.0, gauge(t, reg, "gate278_cases_open", "", ""), "a closed-out case is final")
}

// gauge sums a gauge's series (those with label=value; every one when
// label is "").
func gauge(t *testing.T, reg *prometheus.Registry, name, label, value string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	require.NoError(t, err)
	sum := 0.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			match := label == ""
			for _, l := range m.GetLabel() {
				match = match || l.GetName() == label && l.GetValue() == value
			}
			if match {
				sum += m.GetGauge().GetValue()
			}
		}
	}
	return sum
}

// histogramOf is the histogram of one urgency.
func histogramOf(t *testing.T, reg *prometheus.Registry, name, urgency string) *dto.Histogram {
	t.Helper()
	mfs, err := reg.Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "urgency" && l.GetValue() == urgency {
					return m.GetHistogram()
				}
			}
		}
	}
	t.Fatalf("no %s{urgency=%q}", name, urgency)
	return nil
}
