package casestore

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/adjudicate/pipeline"
)

var respondClock = time.Date(2026, 3, 10, 13, 6, 0, 0, time.UTC)

// pendedSample stores the case the pended sample doc-7.2 opens, as the
// worker does.
func pendedSample(t *testing.T, s *Store, ctx context.Context) *cases.Case {
	t.Helper()
	raw, err := os.ReadFile("../../../../samples/requests/doc-7.2-dependent-urgent-k0455.x12")
	require.NoError(t, err)
	in := strings.Replace(string(raw), "PI*99999", "PI*VTMEDICAID", 1)
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	var draft *cases.Case
	_, err = pipeline.Process(ctx, strings.NewReader(in), pipeline.Options{Now: respondClock, Config: cfg, Cases: true},
		func(o pipeline.Output) error {
			if o.Kind == pipeline.KindPend {
				draft = o.Case
			}
			return nil
		})
	require.NoError(t, err)
	require.NotNil(t, draft)
	clocks, err := DefaultClocks()
	require.NoError(t, err)
	o := &Opener{Store: s, Clocks: clocks}
	require.NoError(t, o.OpenCase(ctx, *draft))
	c, _, err := s.Get(ctx, cases.Production, draft.ID)
	require.NoError(t, err)
	return c
}

func decision(reviewer string) cases.Decision {
	return cases.Decision{Reviewer: reviewer, At: respondClock.Add(time.Hour), Rationale: "chart reviewed",
		Lines: map[int]cases.LineDecision{
			1: {Action: cases.Certify, From: "20260303", To: "20260501"},
			2: {Action: cases.NotCertify, Code: "0V", Reason: "home infusion is not shown to be needed"},
		}}
}

// responses returns the 278s published for partner CLEARHUB.
func responses(t *testing.T, js jetstream.JetStream, ctx context.Context) []jetstream.Msg {
	t.Helper()
	subject := "x12.278.out.CLEARHUB"
	st, err := js.Stream(ctx, "X12_OUT")
	require.NoError(t, err)
	info, err := st.Info(ctx, jetstream.WithSubjectFilter(subject))
	require.NoError(t, err)
	n := int(info.State.Subjects[subject])
	if n == 0 {
		return nil
	}
	cons, err := js.OrderedConsumer(ctx, "X12_OUT", jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}})
	require.NoError(t, err)
	batch, err := cons.Fetch(n)
	require.NoError(t, err)
	var out []jetstream.Msg
	for m := range batch.Messages() {
		out = append(out, m)
	}
	require.Len(t, out, n)
	return out
}

func kinds(t *testing.T, s *Store, ctx context.Context, id string) []cases.EventKind {
	t.Helper()
	evs, err := s.History(ctx, cases.Production, id)
	require.NoError(t, err)
	var out []cases.EventKind
	for _, e := range evs {
		out = append(out, e.Kind)
	}
	return out
}

// TestDecideAndRespond: a decision is stored, its final 278 published on
// x12.278.out.<partner> with the case's Msg-Id and "response published"
// recorded; responding again sends nothing.
func TestDecideAndRespond(t *testing.T) {
	s, js, ctx := open(t)
	c := pendedSample(t, s, ctx)
	_, rev, err := s.DecideAndRespond(ctx, cases.Production, c.ID, decision("rn-lee"))
	require.NoError(t, err)
	msgs := responses(t, js, ctx)
	require.Len(t, msgs, 1)
	m := msgs[0]
	require.Equal(t, ResponseMsgID(c.Key(), rev), m.Headers().Get("Nats-Msg-Id"))
	require.Equal(t, c.Key(), m.Headers().Get(HeaderCase))
	want, err := pipeline.FinalResponse(mustDecided(t, c), pipeline.FinalControl(c.Key(), rev), respondClock.Add(time.Hour))
	require.NoError(t, err)
	require.Equal(t, string(want), string(m.Data()), "the response is made from the stored case")
	require.Contains(t, string(m.Data()), "BHT*0007*11*CH-778812*")
	require.Equal(t, []cases.EventKind{cases.Created, cases.DecisionMade, cases.ResponsePublished}, kinds(t, s, ctx, c.ID))

	require.NoError(t, s.Respond(ctx, cases.Production, c.ID))
	n, err := s.RespondAll(ctx)
	require.NoError(t, err)
	require.Zero(t, n)
	require.Len(t, responses(t, js, ctx), 1)
	require.Len(t, kinds(t, s, ctx, c.ID), 3)
}

func mustDecided(t *testing.T, c *cases.Case) *cases.Case {
	t.Helper()
	d := *c
	d.Lines = append([]cases.Line(nil), c.Lines...)
	require.NoError(t, d.Decide(decision("rn-lee")))
	return &d
}

// TestRespondAfterCrash: a gateway that stopped after storing the decision
// and before publishing (Decide without Respond) loses nothing: RespondAll
// finds the decided case and sends its response once.
func TestRespondAfterCrash(t *testing.T) {
	s, js, ctx := open(t)
	c := pendedSample(t, s, ctx)
	_, _, err := s.Decide(ctx, cases.Production, c.ID, decision("rn-lee"))
	require.NoError(t, err)
	require.Empty(t, responses(t, js, ctx), "stopped before the publish")

	// Restarted: a new store on the same streams.
	s2, err := Open(ctx, js)
	require.NoError(t, err)
	n, err := s2.RespondAll(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Len(t, responses(t, js, ctx), 1)
	n, err = s2.RespondAll(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "recorded as published")

	require.Equal(t, []cases.EventKind{cases.Created, cases.DecisionMade, cases.ResponsePublished}, kinds(t, s2, ctx, c.ID))
}

// TestRespondRacing: a publish whose record is not yet stored
// (here: another gateway's Respond racing) is published again with the
// same bytes under the same Msg-Id, and the stream keeps one.
func TestRespondRacing(t *testing.T) {
	s, js, ctx := open(t)
	c := pendedSample(t, s, ctx)
	_, _, err := s.Decide(ctx, cases.Production, c.ID, decision("rn-lee"))
	require.NoError(t, err)
	// Both gateways answer at once: both publish, one records.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = s.Respond(ctx, cases.Production, c.ID) }()
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	require.Len(t, responses(t, js, ctx), 1)
	require.Equal(t, []cases.EventKind{cases.Created, cases.DecisionMade, cases.ResponsePublished}, kinds(t, s, ctx, c.ID))
}

// TestConcurrentDecisionsOneResponse: two reviewers decide the same case at the same
// moment: one wins, the other is told the case changed (or is final), and
// exactly one response goes out.
func TestConcurrentDecisionsOneResponse(t *testing.T) {
	s, js, ctx := open(t)
	c := pendedSample(t, s, ctx)
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, who := range []string{"rn-lee", "md-okafor"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, _, errs[i] = s.DecideAndRespond(ctx, cases.Production, c.ID, decision(who))
		}()
	}
	close(start)
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		require.True(t, errors.Is(err, ErrConflict) || errors.Is(err, cases.ErrTransition), "the loser is told the case changed: %v", err)
	}
	require.Equal(t, 1, won)
	require.Len(t, responses(t, js, ctx), 1)
	require.Equal(t, []cases.EventKind{cases.Created, cases.DecisionMade, cases.ResponsePublished}, kinds(t, s, ctx, c.ID))
}
