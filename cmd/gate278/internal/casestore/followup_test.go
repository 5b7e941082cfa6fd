package casestore

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
)

// TestFollowUpAppliedOnce: the same follow-up applied twice (the file
// delivered again) records its documents and the engine's decision once
// and sends one final response; one of another partner changes nothing;
// one without documents changes nothing.
func TestFollowUpAppliedOnce(t *testing.T) {
	s, js, ctx := open(t)
	c := pendedSample(t, s, ctx)
	clocks, err := DefaultClocks()
	require.NoError(t, err)
	o := &Opener{Store: s, Clocks: clocks}
	at := respondClock.Add(time.Hour)
	f := cases.FollowUp{Environment: cases.Production, ID: c.ID, At: at, Set: "ZZ/CLEARHUB/000000200/set/1/0001", Documents: true}
	for _, l := range c.Lines {
		f.Lines = append(f.Lines, cases.FollowUpLine{Code: l.Code, Result: "A1", Auth: "AUTH" + l.HL, CertFrom: "20260303", CertTo: "20260501"})
	}
	require.True(t, f.Certifies(c))

	require.NoError(t, o.FollowUp(ctx, "nobody", f), "another partner's follow-up is left alone")
	nodocs := f
	nodocs.Documents = false
	require.NoError(t, o.FollowUp(ctx, c.Partner, nodocs))
	require.Equal(t, []cases.EventKind{cases.Created}, kinds(t, s, ctx, c.ID))

	for range 2 {
		require.NoError(t, o.FollowUp(ctx, c.Partner, f))
	}
	got, _, err := s.Get(ctx, cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.Decided, got.State)
	require.Equal(t, []string{f.Set}, got.FollowUps)
	require.Equal(t, []cases.EventKind{cases.Created, cases.DocumentsReceived, cases.DecisionMade, cases.ResponsePublished}, kinds(t, s, ctx, c.ID))
	require.Len(t, responses(t, js, ctx), 1)
}
