package casestore

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
)

func TestCloseOutDueOnce(t *testing.T) {
	s, js, ctx := open(t)
	c := pendedSample(t, s, ctx)
	require.Equal(t, cases.WaitingDocuments, c.State, "the pended response asked for documents")
	// Received Tuesday 2026-03-10 13:06 UTC: 15 business days after
	// (no holiday in between) end with Tuesday 2026-03-31, so the case may
	// be closed out from midnight starting April 1 in New York (EDT).
	due := time.Date(2026, 4, 1, 4, 0, 0, 0, time.UTC)
	require.True(t, due.Equal(c.Due.CloseOut), "close-out at %s", c.Due.CloseOut)

	n, err := s.CloseOutDue(ctx, due.Add(-time.Minute), nil)
	require.NoError(t, err)
	require.Zero(t, n, "documents may still arrive")
	require.Empty(t, responses(t, js, ctx))

	n, err = s.CloseOutDue(ctx, due, nil)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	// A second sweep (another gateway, or the next tick) closes nothing
	// and sends nothing more.
	n, err = s.CloseOutDue(ctx, due.Add(time.Hour), nil)
	require.NoError(t, err)
	require.Zero(t, n)
	n, err = s.RespondAll(ctx)
	require.NoError(t, err)
	require.Zero(t, n)

	got, _, err := s.Get(ctx, cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.ClosedOut, got.State)
	msgs := responses(t, js, ctx)
	require.Len(t, msgs, 1, "one final response")
	body := string(msgs[0].Data())
	require.Contains(t, body, "HCR*A3*")
	require.Contains(t, body, "*0U")
	require.Contains(t, body, "MSG*"+cases.CloseOutMessage(c.Policy))
	require.NotContains(t, body, "HCR*A4", "no line is left pended")
	require.Equal(t, []cases.EventKind{cases.Created, cases.ClosedOutEvent, cases.ResponsePublished}, kinds(t, s, ctx, c.ID))
	evs, err := s.History(ctx, cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.System, evs[1].Actor)
	require.True(t, strings.Contains(evs[1].Rationale, "15 business days"))
}

// TestCloseOutReviewAndOff: under close_out review the late case is
// flagged once for a supervisor (close-out-due, actor gate278), stays
// waiting for documents and is sent nothing; under off nothing happens.
func TestCloseOutReviewAndOff(t *testing.T) {
	s, js, ctx := open(t)
	c := pendedSample(t, s, ctx)
	due := c.Due.CloseOut
	mode := adjudicate.CloseOutOff
	setting := func(payer string) string {
		require.Equal(t, c.Payer, payer)
		return mode
	}
	n, err := s.CloseOutDue(ctx, due.Add(time.Hour), setting)
	require.NoError(t, err)
	require.Zero(t, n)
	require.Equal(t, []cases.EventKind{cases.Created}, kinds(t, s, ctx, c.ID))

	mode = adjudicate.CloseOutReview
	for range 2 { // the second sweep finds it flagged already
		_, err = s.CloseOutDue(ctx, due.Add(2*time.Hour), setting)
		require.NoError(t, err)
	}
	got, _, err := s.Get(ctx, cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, got.State)
	require.True(t, due.Add(2*time.Hour).Equal(got.CloseOutFlagged))
	require.Equal(t, []cases.EventKind{cases.Created, cases.CloseOutFlagged}, kinds(t, s, ctx, c.ID))
	require.Empty(t, responses(t, js, ctx), "nothing is sent")
	n, err = s.RespondAll(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "a flag answers nobody")
}
