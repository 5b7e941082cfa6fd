package cases

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestTransitions: every pair of states (and a state that does not exist)
// is tried; exactly the moves listed here by hand are allowed, every other
// one is refused with a *TransitionError and leaves the case unchanged.
func TestTransitions(t *testing.T) {
	allowed := []string{
		"open→waiting-documents", "open→in-review", "open→decided", "open→cancelled",
		"waiting-documents→in-review", "waiting-documents→decided", "waiting-documents→closed-out", "waiting-documents→cancelled",
		"in-review→open", "in-review→waiting-documents", "in-review→decided", "in-review→cancelled",
	}
	all := append(slices.Clone(States), "escalated")
	now := at(t, "2026-11-25T10:00:00-05:00")
	later := now.Add(time.Hour)
	refused := 0
	for _, from := range all {
		for _, to := range all {
			c := &Case{ID: "N1", State: from, Updated: now}
			err := c.Move(to, later)
			if slices.Contains(allowed, string(from)+"→"+string(to)) {
				require.NoError(t, err, "%s→%s", from, to)
				require.Equal(t, to, c.State)
				require.Equal(t, later, c.Updated)
				continue
			}
			refused++
			var te *TransitionError
			require.ErrorAs(t, err, &te, "%s→%s", from, to)
			require.ErrorIs(t, err, ErrTransition)
			require.Equal(t, from, te.From)
			require.Equal(t, to, te.To)
			require.Equal(t, from, c.State, "a refused move changes nothing")
			require.Equal(t, now, c.Updated)
		}
	}
	require.Equal(t, 7*7-len(allowed), refused)
	for _, s := range []State{Decided, ClosedOut, Cancelled} {
		require.True(t, s.Final(), s)
	}
	for _, s := range []State{Open, WaitingDocuments, InReview, "escalated"} {
		require.False(t, s.Final(), s)
	}
	err := (&Case{ID: "N1", State: Decided}).Move(Open, now)
	require.EqualError(t, err, "cases: case N1 is already decided (final) and cannot become open")
}

// sample is a case as the pipeline would hand it over: a pump line pended
// for documents and a supply line certified automatically.
func sample(t *testing.T, usage string) Case {
	return Case{
		ID: "N00PXZD2S2QC3G", Partner: "CLINIC1", Payer: "VTMEDICAID",
		Policy: "vt-dvha-eip", PolicyVersion: "1.0.0",
		Received: at(t, "2026-11-25T10:00:00-05:00"), Urgency: UrgencyOf("E"),
		Envelope: Envelope{SenderQualifier: "ZZ", Sender: "CLINIC1", ReceiverQualifier: "ZZ", Receiver: "GATE278",
			Interchange: "000000001", Usage: usage, GroupSender: "CLINIC1", GroupReceiver: "GATE278", Group: "1",
			Set: "0001", Convention: "005010X217", Delimiters: "*^:~"},
		Hierarchy: []Level{{Loop: "2000A", HL: "1", Code: "20", Segments: []string{"HL*1**20*1", "NM1*X3*2*VERMONT MEDICAID*****PI*VTMEDICAID"}}},
		Traces:    []string{"REQ-1"},
		Lines: []Line{
			{Number: 1, HL: "5", Code: "E0781", Result: "A4", Rule: "documentation", Documents: []string{"18776-5"}, Recommendation: "A1"},
			{Number: 2, HL: "6", Code: "A4222", Result: "A1"},
		},
	}
}

func vermont(t *testing.T) Clocks {
	c, err := NewClocks(RegimeCMS, newYork(t))
	require.NoError(t, err)
	return c
}

func TestNewCase(t *testing.T) {
	c, err := New(sample(t, "P"), vermont(t))
	require.NoError(t, err)
	require.Equal(t, WaitingDocuments, c.State, "the pended response listed documents")
	require.Equal(t, "production.N00PXZD2S2QC3G", c.Key())
	require.Equal(t, RegimeCMS, c.Regime)
	require.True(t, at(t, "2026-12-02T10:00:00-05:00").Equal(c.Due.Final))
	require.True(t, at(t, "2026-12-18T00:00:00-05:00").Equal(c.Due.CloseOut))

	tc, err := New(sample(t, "T"), vermont(t))
	require.NoError(t, err)
	require.Equal(t, "test.N00PXZD2S2QC3G", tc.Key(), "ISA15 T: a test case never meets the production one")
	require.NotEqual(t, c.Key(), tc.Key())

	s := sample(t, "P")
	for i := range s.Lines {
		s.Lines[i].Documents = nil
	}
	c, err = New(s, vermont(t))
	require.NoError(t, err)
	require.Equal(t, Open, c.State, "medical review with nothing asked for")
	require.True(t, c.Due.CloseOut.IsZero())

	// A case survives the store: JSON in, the same case out.
	b, err := json.Marshal(c)
	require.NoError(t, err)
	var back Case
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, c.Key(), back.Key())
	require.True(t, c.Due.Final.Equal(back.Due.Final))
	require.Equal(t, c.Lines, back.Lines)
}

func TestNewCaseRefused(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Case)
		want   string
	}{
		{"no ID", func(c *Case) { c.ID = "" }, `case ID "" is not`},
		{"ID a key cannot hold", func(c *Case) { c.ID = "N1.>" }, `case ID "N1.>" is not`},
		{"ISA15", func(c *Case) { c.Envelope.Usage = "X" }, `ISA15 "X" is not P or T`},
		{"no partner", func(c *Case) { c.Partner = "" }, "no partner"},
		{"no receipt", func(c *Case) { c.Received = time.Time{} }, "no receipt time"},
		{"urgency", func(c *Case) { c.Urgency = "soon" }, `urgency "soon"`},
		{"no lines", func(c *Case) { c.Lines = nil }, "no lines"},
		{"delimiters", func(c *Case) { c.Envelope.Delimiters = "*~" }, "delimiters"},
		{"line numbers", func(c *Case) { c.Lines[1].Number = 3 }, "line 2 is numbered 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sample(t, "P")
			tt.change(&s)
			_, err := New(s, vermont(t))
			require.ErrorIs(t, err, ErrInvalid)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

func TestDocumentsThenReview(t *testing.T) {
	core, err := NewClocks(RegimeCORE, newYork(t))
	require.NoError(t, err)
	c, err := New(sample(t, "P"), core)
	require.NoError(t, err)
	require.True(t, c.Due.Final.IsZero(), "CORE: no final clock while documents are awaited")

	// Too early to close out: refused, unchanged.
	err = c.CloseOut(at(t, "2026-12-17T23:00:00-05:00"))
	require.ErrorIs(t, err, ErrInvalid)
	require.Equal(t, WaitingDocuments, c.State)

	require.NoError(t, c.DocumentsReceived(core, at(t, "2026-12-04T14:00:00-05:00")))
	require.Equal(t, InReview, c.State)
	require.True(t, at(t, "2026-12-09T00:00:00-05:00").Equal(c.Due.Final))
	require.True(t, c.Due.CloseOut.IsZero())
	require.ErrorIs(t, c.DocumentsReceived(core, at(t, "2026-12-04T15:00:00-05:00")), ErrTransition, "nothing was awaited")

	require.NoError(t, c.Assign("rev1", at(t, "2026-12-07T09:00:00-05:00")))
	require.NoError(t, c.Assign("rev2", at(t, "2026-12-07T09:30:00-05:00")), "reassigned")
	require.Equal(t, "rev2", c.Assignee)
	require.ErrorIs(t, c.Assign("", at(t, "2026-12-07T09:30:00-05:00")), ErrInvalid)

	require.NoError(t, c.RequestDocuments(core, at(t, "2026-12-07T10:00:00-05:00")))
	require.Equal(t, WaitingDocuments, c.State)
	require.True(t, c.Due.Final.IsZero())
	// 8 9 10 11 | 14 15 16 17 18 | 21 22 23 24 (Fri 25 is Christmas) | 28 29 → end of Tue 29
	require.True(t, at(t, "2026-12-30T00:00:00-05:00").Equal(c.Due.CloseOut), "got %s", c.Due.CloseOut)
	require.NoError(t, c.CloseOut(at(t, "2026-12-30T00:00:00-05:00")))
	require.Equal(t, ClosedOut, c.State)
	require.ErrorIs(t, c.Cancel(at(t, "2026-12-30T01:00:00-05:00")), ErrTransition)
}

func TestDecide(t *testing.T) {
	certify := LineDecision{Action: Certify, From: "20261201", To: "20270531"}
	deny := LineDecision{Action: NotCertify, Code: "85", Reason: "The records do not show a trial of oral therapy."}
	tests := []struct {
		name string
		d    Decision
		want string // "" accepted
	}{
		{"certify as the engine recommends", Decision{Reviewer: "rev1", Lines: map[int]LineDecision{1: certify}}, ""},
		{"no reviewer", Decision{Lines: map[int]LineDecision{1: certify}}, "needs its reviewer"},
		{"a line the case does not have", Decision{Reviewer: "rev1", Lines: map[int]LineDecision{1: certify, 3: certify}}, "there is no line 3 (the case has 2)"},
		{"a line answered automatically", Decision{Reviewer: "rev1", Lines: map[int]LineDecision{1: certify, 2: certify}}, "line 2 was answered A1 automatically"},
		{"a pended line left out", Decision{Reviewer: "rev1", Lines: map[int]LineDecision{}}, "line 1 is pended and has no decision"},
		{"an unknown action", Decision{Reviewer: "rev1", Lines: map[int]LineDecision{1: {Action: "approve"}}}, `action "approve" is not`},
		{"a certification without dates", Decision{Reviewer: "rev1", Lines: map[int]LineDecision{1: {Action: Certify}}}, "needs its certified dates"},
		{"a date that is not one", Decision{Reviewer: "rev1", Lines: map[int]LineDecision{1: {Action: Certify, From: "20260231", To: "20260301"}}}, `date "20260231"`},
		{"a period backwards", Decision{Reviewer: "rev1", Lines: map[int]LineDecision{1: {Action: Certify, From: "20270101", To: "20261201"}}}, "ends (20261201) before it starts"},
		{"a modification without a reason", Decision{Reviewer: "rev1", Rationale: "x", Lines: map[int]LineDecision{1: {Action: Modify, Units: "1"}}}, "needs its reason"},
		{"a modification without units or period", Decision{Reviewer: "rev1", Rationale: "x", Lines: map[int]LineDecision{1: {Action: Modify, Reason: "one month"}}}, "units or the period"},
		{"a denial without its specific reason", Decision{Reviewer: "rev1", Rationale: "x", Lines: map[int]LineDecision{1: {Action: NotCertify, Code: "85"}}}, "specific reason (CMS-0057-F)"},
		{"a denial against the engine without a rationale", Decision{Reviewer: "rev1", Lines: map[int]LineDecision{1: deny}}, "contradicts the engine's A1 and needs a written rationale"},
		{"a denial against the engine with one", Decision{Reviewer: "rev1", Rationale: "Peer-to-peer call: the oral trial was not done.", Lines: map[int]LineDecision{1: deny}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(sample(t, "P"), vermont(t))
			require.NoError(t, err)
			before, err := json.Marshal(c)
			require.NoError(t, err)
			tt.d.At = at(t, "2026-11-30T12:00:00-05:00")
			err = c.Decide(tt.d)
			if tt.want == "" {
				require.NoError(t, err)
				require.Equal(t, Decided, c.State)
				require.Equal(t, tt.d.Lines[1], *c.Lines[0].Decision)
				require.Nil(t, c.Lines[1].Decision)
				// A second decision on a final case is refused.
				require.ErrorIs(t, c.Decide(tt.d), ErrTransition)
				return
			}
			require.ErrorContains(t, err, tt.want)
			require.True(t, errors.Is(err, ErrInvalid) || errors.Is(err, ErrTransition))
			after, err := json.Marshal(c)
			require.NoError(t, err)
			require.JSONEq(t, string(before), string(after), "a refused decision changes nothing")
		})
	}
}

func TestLogValueHasNoPHI(t *testing.T) {
	c, err := New(sample(t, "T"), vermont(t))
	require.NoError(t, err)
	c.Hierarchy = append(c.Hierarchy, Level{Loop: "2000C", Segments: []string{"NM1*IL*1*DOE*JANE****MI*MEMBER123"}})
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("case", "case", c)
	require.Contains(t, buf.String(), "case.case=N00PXZD2S2QC3G")
	require.Contains(t, buf.String(), "case.env=test")
	require.NotContains(t, buf.String(), "DOE")
	require.NotContains(t, buf.String(), "MEMBER123")
}

// TestDecisionAdverse: a decision with any not-certify or modify line is
// adverse; certify only is not.
func TestDecisionAdverse(t *testing.T) {
	for _, tt := range []struct {
		lines map[int]LineDecision
		want  bool
	}{
		{map[int]LineDecision{1: {Action: Certify}, 2: {Action: Certify}}, false},
		{map[int]LineDecision{1: {Action: Certify}, 2: {Action: NotCertify}}, true},
		{map[int]LineDecision{1: {Action: Modify}}, true},
		{nil, false},
	} {
		require.Equal(t, tt.want, Decision{Lines: tt.lines}.Adverse(), "%v", tt.lines)
	}
}
