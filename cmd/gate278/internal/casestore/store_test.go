package casestore

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/transport"
)

// open starts a real embedded server, creates the topology from the ops
// definitions and opens the store.
func open(t *testing.T) (*Store, jetstream.JetStream, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	srv, err := transport.StartServer(ctx, transport.ServerConfig{DataDir: t.TempDir(), Listen: "127.0.0.1:-1"})
	require.NoError(t, err)
	t.Cleanup(srv.Shutdown)
	nc, err := transport.Connect(ctx, transport.ConnectConfig{URL: srv.ClientURL(), Name: t.Name(), NKeySeedFile: srv.Credentials().Gateway()})
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	require.NoError(t, transport.EnsureTopology(ctx, js))
	s, err := Open(ctx, js)
	require.NoError(t, err)
	return s, js, ctx
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return v
}

func newCase(t *testing.T, usage string) *cases.Case {
	t.Helper()
	cal, err := cases.DefaultCalendar()
	require.NoError(t, err)
	clocks, err := cases.NewClocks(cases.RegimeCMS, cal)
	require.NoError(t, err)
	c, err := cases.New(cases.Case{
		ID: "N00PXZD2S2QC3G", Partner: "CLINIC1", Payer: "VTMEDICAID", Policy: "vt-dvha-eip", PolicyVersion: "1.0.0",
		Received: at(t, "2026-11-25T10:00:00-05:00"), Urgency: cases.Standard,
		Envelope: cases.Envelope{Sender: "CLINIC1", Interchange: "000000001", Usage: usage, Group: "1", Set: "0001", Delimiters: "*^:~"},
		Lines:    []cases.Line{{Number: 1, Code: "E0781", Result: "A4", Rule: "medical-review"}},
	}, clocks)
	require.NoError(t, err)
	return c
}

func TestDefinitions(t *testing.T) {
	defs, err := transport.LoadDefinitions(nil)
	require.NoError(t, err)
	var kv *jetstream.KeyValueConfig
	for i := range defs.KeyValues {
		if defs.KeyValues[i].Bucket == Bucket {
			kv = &defs.KeyValues[i]
		}
	}
	require.NotNil(t, kv, "ops/nats/jetstream/kv.%s.json", Bucket)
	require.Zero(t, kv.Replicas, "replicas follow the deployment")
	require.Zero(t, kv.TTL, "a case never expires")
	var st *jetstream.StreamConfig
	for i := range defs.Streams {
		if defs.Streams[i].Name == StreamHistory {
			st = &defs.Streams[i]
		}
	}
	require.NotNil(t, st, "ops/nats/jetstream/stream.%s.json", StreamHistory)
	require.Zero(t, st.Replicas)
	require.Equal(t, []string{SubjectHistoryPfx + ">"}, st.Subjects)
	require.True(t, st.DenyDelete && st.DenyPurge, "the audit trail cannot be rewritten")
	require.GreaterOrEqual(t, st.MaxAge, 6*365*24*time.Hour, "kept for years")
}

func TestCreateGetHistory(t *testing.T) {
	s, js, ctx := open(t)
	c := newCase(t, "P")
	rev, err := s.Create(ctx, c, cases.System)
	require.NoError(t, err)

	_, err = s.Create(ctx, c, cases.System)
	require.ErrorIs(t, err, ErrExists, "a redelivered pend does not make a second case")

	got, gotRev, err := s.Get(ctx, cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, rev, gotRev)
	require.Equal(t, c.Key(), got.Key())
	require.True(t, c.Due.Final.Equal(got.Due.Final))

	_, _, err = s.Get(ctx, cases.Test, c.ID)
	require.ErrorIs(t, err, ErrNotFound, "the production case is not a test case")
	_, _, err = s.Get(ctx, cases.Production, "no.such>")
	require.ErrorIs(t, err, ErrNotFound)

	// The same number from a test interchange is its own case.
	tc := newCase(t, "T")
	_, err = s.Create(ctx, tc, cases.System)
	require.NoError(t, err)

	assigned := at(t, "2026-11-30T09:00:00-05:00")
	_, _, err = s.Change(ctx, cases.Production, c.ID, func(c *cases.Case) (cases.Event, error) {
		return cases.Event{Kind: cases.Assigned, Actor: "rev1", At: assigned}, c.Assign("rev1", assigned)
	})
	require.NoError(t, err)
	// A refused step stores nothing.
	_, _, err = s.Change(ctx, cases.Production, c.ID, func(c *cases.Case) (cases.Event, error) {
		return cases.Event{}, c.CloseOut(assigned)
	})
	require.ErrorIs(t, err, cases.ErrTransition)

	evs, err := s.History(ctx, cases.Production, c.ID)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	require.Equal(t, cases.Created, evs[0].Kind)
	require.Equal(t, cases.Open, evs[0].To)
	require.Equal(t, rev, evs[0].Revision)
	require.Equal(t, cases.Assigned, evs[1].Kind)
	require.Equal(t, cases.Open, evs[1].From)
	require.Equal(t, cases.InReview, evs[1].To)
	require.Equal(t, "rev1", evs[1].Actor)

	// Publishing the last event again (recovery after a crash) keeps it once.
	require.NoError(t, s.Republish(ctx, cases.Production, c.ID))
	evs, err = s.History(ctx, cases.Production, c.ID)
	require.NoError(t, err)
	require.Len(t, evs, 2)

	tevs, err := s.History(ctx, cases.Test, c.ID)
	require.NoError(t, err)
	require.Len(t, tevs, 1)

	// Nothing in the audit trail can be deleted or purged.
	stream, err := js.Stream(ctx, StreamHistory)
	require.NoError(t, err)
	require.Error(t, stream.DeleteMsg(ctx, 1))
	require.Error(t, stream.Purge(ctx))
}

// TestConcurrentDecisions: reviewers decide the same case at once; exactly
// one wins, every other gets a ConflictError, and the history has one
// decision.
func TestConcurrentDecisions(t *testing.T) {
	s, _, ctx := open(t)
	c := newCase(t, "P")
	_, err := s.Create(ctx, c, cases.System)
	require.NoError(t, err)

	// Every reviewer reads the case at the same revision before any writes.
	const reviewers = 8
	type read struct {
		c   *cases.Case
		rev uint64
	}
	reads := make([]read, reviewers)
	for i := range reads {
		reads[i].c, reads[i].rev, err = s.Get(ctx, cases.Production, c.ID)
		require.NoError(t, err)
	}
	var (
		wg        sync.WaitGroup
		start     = make(chan struct{})
		errs      = make([]error, reviewers)
		decidedAt = at(t, "2026-11-30T12:00:00-05:00")
	)
	for i := range reviewers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := reads[i]
			d := cases.Decision{Reviewer: "rev", At: decidedAt, Lines: map[int]cases.LineDecision{
				1: {Action: cases.Certify, From: "20261201", To: "20270531"}}}
			if err := r.c.Decide(d); err != nil {
				errs[i] = err
				return
			}
			<-start
			_, errs[i] = s.Update(ctx, r.c, r.rev, cases.Event{Kind: cases.DecisionMade, Actor: d.Reviewer, At: decidedAt, From: cases.Open})
		}()
	}
	close(start)
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
			continue
		}
		var ce *ConflictError
		require.True(t, errors.As(err, &ce), "%v", err)
		require.ErrorIs(t, err, ErrConflict)
		require.Equal(t, c.Key(), ce.Key)
	}
	require.Equal(t, 1, wins)

	got, _, err := s.Get(ctx, cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.Decided, got.State)
	evs, err := s.History(ctx, cases.Production, c.ID)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	require.Equal(t, cases.DecisionMade, evs[1].Kind)

	// Deciding it again from what is stored now is refused by the model.
	_, _, err = s.Change(ctx, cases.Production, c.ID, func(c *cases.Case) (cases.Event, error) {
		return cases.Event{Kind: cases.DecisionMade}, c.Decide(cases.Decision{Reviewer: "late", At: decidedAt, Lines: map[int]cases.LineDecision{1: {Action: cases.Certify, From: "20261201", To: "20270531"}}})
	})
	require.ErrorIs(t, err, cases.ErrTransition)
}

// TestChangeAt: a step at the revision read is stored; at an older one it
// is refused with a *StaleError (errors.Is ErrStale and ErrConflict) and
// stores nothing; a step the case refuses as it is now gives that error
// instead; expected 0 is Change.
func TestChangeAt(t *testing.T) {
	s, _, ctx := open(t)
	c := newCase(t, "P")
	rev, err := s.Create(ctx, c, cases.System)
	require.NoError(t, err)
	when := at(t, "2026-11-30T09:00:00-05:00")
	assign := func(who string) func(*cases.Case) (cases.Event, error) {
		return func(c *cases.Case) (cases.Event, error) {
			return cases.Event{Kind: cases.Assigned, Actor: who, At: when}, c.Assign(who, when)
		}
	}
	_, next, err := s.ChangeAt(ctx, cases.Production, c.ID, rev, assign("rev1"))
	require.NoError(t, err)
	_, _, err = s.ChangeAt(ctx, cases.Production, c.ID, rev, assign("rev2"))
	var stale *StaleError
	require.ErrorAs(t, err, &stale)
	require.Equal(t, rev, stale.Expected)
	require.Equal(t, next, stale.Revision)
	require.ErrorIs(t, err, ErrStale)
	require.ErrorIs(t, err, ErrConflict)
	got, gotRev, err := s.Get(ctx, cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, next, gotRev, "nothing stored")
	require.Equal(t, "rev1", got.Assignee)
	_, _, err = s.ChangeAt(ctx, cases.Production, c.ID, rev, func(c *cases.Case) (cases.Event, error) {
		return cases.Event{}, c.CloseOut(when)
	})
	require.ErrorIs(t, err, cases.ErrTransition, "the case's own refusal says more than stale")
	_, _, err = s.ChangeAt(ctx, cases.Production, c.ID, 0, assign("rev2"))
	require.NoError(t, err)
}
