package gateway_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/transport"
)

// TestPendOpensCaseThroughWorker: a file whose set pends, sent through the
// NATS worker, leaves its review case in X12_CASES (under the submitting
// partner, with its clocks) and a created event on X12_CASE_HISTORY; the
// same file delivered again makes no second case.
func TestPendOpensCaseThroughWorker(t *testing.T) {
	cfg := config(t)
	g := start(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	data := pendingSample(t, "VTMEDICAID")
	draft := caseDraft(t, cfg, data, clock)

	_, err := transport.Submit(ctx, g.js, "clearhub", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	store, err := casestore.Open(ctx, g.js)
	require.NoError(t, err)
	var c *cases.Case
	require.Eventually(t, func() bool {
		c, _, err = store.Get(ctx, cases.Production, draft.ID)
		return err == nil
	}, 30*time.Second, 20*time.Millisecond, "the case is opened")
	require.Equal(t, "clearhub", c.Partner, "the answer goes to the submitting partner")
	require.Equal(t, cases.Expedited, c.Urgency)
	require.Equal(t, cases.RegimeCMS, c.Regime)
	require.True(t, clock.Equal(c.Received))
	require.True(t, clock.Add(72*time.Hour).Equal(c.Due.Final), "CMS-0057-F expedited: 72 hours from receipt")
	require.Contains(t, []cases.State{cases.Open, cases.WaitingDocuments}, c.State)
	require.Equal(t, draft.Lines, c.Lines)

	// The history event follows the KV write: wait for it.
	var evs []cases.Event
	require.Eventually(t, func() bool {
		evs, err = store.History(ctx, cases.Production, draft.ID)
		return err == nil && len(evs) == 1
	}, 10*time.Second, 20*time.Millisecond)
	require.Equal(t, cases.Created, evs[0].Kind)
	require.Equal(t, cases.System, evs[0].Actor)

	// A case that exists is not opened again (a redelivered file).
	clocks, err := casestore.DefaultClocks()
	require.NoError(t, err)
	opener := &casestore.Opener{Store: store, Clocks: clocks}
	d := *draft
	d.Partner = "clearhub"
	require.NoError(t, opener.OpenCase(ctx, d))
	evs, err = store.History(ctx, cases.Production, draft.ID)
	require.NoError(t, err)
	require.Len(t, evs, 1)
}

// TestCaseTakesPayerRegime: the same pended request addressed to Anthem
// (embedded: caqh-core) pends for medical review (A4 0V, no documents
// asked for: open) and opens a case under CAQH CORE: nothing is missing, so
// the final determination is due 2 business days from receipt — Monday
// 2026-03-02 09:16 UTC, so Tuesday and Wednesday, midnight ending Wednesday
// in New York, 2026-03-05 05:00 UTC (Vermont's, above, is CMS-0057-F's 72
// hours).
func TestCaseTakesPayerRegime(t *testing.T) {
	cfg := config(t)
	g := start(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	data := pendingSample(t, "ANTHEMCT")
	draft := caseDraft(t, cfg, data, clock)
	_, err := transport.Submit(ctx, g.js, "clearhub", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	store, err := casestore.Open(ctx, g.js)
	require.NoError(t, err)
	var c *cases.Case
	require.Eventually(t, func() bool {
		c, _, err = store.Get(ctx, cases.Production, draft.ID)
		return err == nil
	}, 30*time.Second, 20*time.Millisecond, "the case is opened")
	require.Equal(t, cases.RegimeCORE, c.Regime)
	require.Equal(t, cases.Open, c.State)
	require.True(t, time.Date(2026, 3, 5, 5, 0, 0, 0, time.UTC).Equal(c.Due.Final), "final due %s", c.Due.Final)
}
