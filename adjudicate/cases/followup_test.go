package cases

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFollowUpCertifies: a follow-up certifies the case only when it
// repeats the case's lines and the engine answers A1, with dates, on every
// pended one; the engine's decision certifies exactly the pended lines.
func TestFollowUpCertifies(t *testing.T) {
	c, err := New(sample(t, "P"), vermont(t))
	require.NoError(t, err)
	when := c.Received.Add(26 * 3600e9)
	f := FollowUp{Environment: Production, ID: c.ID, At: when, Documents: true, Lines: []FollowUpLine{
		{Code: "E0781", Result: "A1", Auth: "C1", CertFrom: "20261201", CertTo: "20270228"},
		{Code: "A4222", Result: "A1", Auth: "C2", CertFrom: "20261201", CertTo: "20270228"},
	}}
	require.True(t, f.Certifies(c))
	d := f.Decision(c)
	require.Equal(t, Engine, d.Reviewer)
	require.Equal(t, map[int]LineDecision{1: {Action: Certify, Authorization: "C1", From: "20261201", To: "20270228"}}, d.Lines)
	require.NoError(t, c.Decide(d), "the engine's decision passes the reviewers' checks")

	for name, mod := range map[string]func(*FollowUp){
		"still pended": func(f *FollowUp) { f.Lines[0].Result = "A4" },
		"no dates":     func(f *FollowUp) { f.Lines[0].CertTo = "" },
		"other code":   func(f *FollowUp) { f.Lines[0].Code = "E0779" },
		"fewer lines":  func(f *FollowUp) { f.Lines = f.Lines[:1] },
	} {
		g := f
		g.Lines = append([]FollowUpLine(nil), f.Lines...)
		mod(&g)
		c, err := New(sample(t, "P"), vermont(t))
		require.NoError(t, err)
		require.False(t, g.Certifies(c), name)
	}
}

// TestReceiveDocuments: documents brought by a follow-up put the case in
// review, stop the close-out clock and start CORE's 2 business days, which
// under CMS-0057-F bind when they end before the 7 days from receipt. A
// final case is refused.
func TestReceiveDocuments(t *testing.T) {
	c, err := New(sample(t, "P"), vermont(t))
	require.NoError(t, err)
	// Received Wednesday 2026-11-25 10:00 New York; documents Friday
	// 11-27 (after Thanksgiving, a business day) at 09:00: Monday 11-30
	// and Tuesday 12-01 are the 2 business days, ending at midnight.
	got := at(t, "2026-11-27T09:00:00-05:00")
	require.NoError(t, c.ReceiveDocuments(vermont(t), got))
	require.Equal(t, InReview, c.State)
	require.True(t, c.Due.CloseOut.IsZero())
	require.True(t, at(t, "2026-12-02T00:00:00-05:00").Equal(c.Due.Final), "CORE's end, before CMS's 12-02 10:00")
	require.NoError(t, c.Cancel(got))
	require.ErrorIs(t, c.ReceiveDocuments(vermont(t), got), ErrTransition)
	require.ErrorIs(t, CheckFollowUp(c, FollowUp{Environment: Production, ID: c.ID}), ErrTransition)
	require.ErrorIs(t, CheckFollowUp(c, FollowUp{Environment: Test, ID: c.ID}), ErrInvalid)
}
