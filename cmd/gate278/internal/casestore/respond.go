package casestore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/ops/outputs"
)

// HeaderCase names the case (its store key, never PHI) a final response
// answers.
const HeaderCase = "Gate278-Case"

// ResponseMsgID is the Nats-Msg-Id of the final response a case sends at
// revision rev: a retried publish of the same step is dropped by X12_OUT's
// duplicate window.
func ResponseMsgID(key string, rev uint64) string { return MsgID(key, rev) + ":278" }

// answers reports whether a stored step sends the requester a 278 that is
// not recorded as sent yet: a decision, a cancellation, a close-out, or a
// reviewer's request for documents.
func answers(k cases.EventKind) bool {
	switch k {
	case cases.DecisionMade, cases.CancelledEvent, cases.DocumentsRequested, cases.ClosedOutEvent:
		return true
	}
	return false
}

// Decide records a reviewer's determination by compare-and-set (of two
// concurrent decisions one is stored, the other gets a *ConflictError or,
// if it read the decided case, a *cases.TransitionError). It does not
// publish the response: [Store.Respond] does, and [Store.RespondAll] sends
// whatever a crash left unsent.
func (s *Store) Decide(ctx context.Context, environment, id string, d cases.Decision) (*cases.Case, uint64, error) {
	return s.Change(ctx, environment, id, DecideStep(d))
}

// DecideStep is the change a decision makes to a case, shared by Decide
// and Preview, and by callers that check more under the same
// compare-and-set ([Store.ChangeAt]).
func DecideStep(d cases.Decision) func(*cases.Case) (cases.Event, error) {
	return func(c *cases.Case) (cases.Event, error) {
		if err := c.Decide(d); err != nil {
			return cases.Event{}, err
		}
		return cases.Event{Kind: cases.DecisionMade, Actor: d.Reviewer, At: d.At, Rationale: d.Rationale}, nil
	}
}

// response is the 278 a case sends at revision rev for its step made at
// at, shared by Respond and Preview.
func response(key string, c *cases.Case, rev uint64, at time.Time) ([]byte, error) {
	body, err := pipeline.FinalResponse(c, pipeline.FinalControl(key, rev), at)
	if err != nil {
		return nil, fmt.Errorf("casestore: answering case %s: %w", key, err)
	}
	return body, nil
}

// DecideAndRespond is Decide then Respond: the decision is stored before
// anything is sent, so a crash in between loses nothing (RespondAll).
func (s *Store) DecideAndRespond(ctx context.Context, environment, id string, d cases.Decision) (*cases.Case, uint64, error) {
	c, rev, err := s.Decide(ctx, environment, id, d)
	if err != nil {
		return nil, 0, err
	}
	if err := s.Respond(ctx, environment, id); err != nil {
		return c, rev, err
	}
	return c, rev, nil
}

// record reads a case's stored value and revision.
func (s *Store) record(ctx context.Context, key string) (record, uint64, error) {
	e, err := s.kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return record{}, 0, fmt.Errorf("casestore: case %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return record{}, 0, fmt.Errorf("casestore: reading case %s: %w", key, err)
	}
	var r record
	if err := json.Unmarshal(e.Value(), &r); err != nil {
		return record{}, 0, fmt.Errorf("casestore: decoding case %s at revision %d: %w", key, e.Revision(), err)
	}
	return r, e.Revision(), nil
}

// Respond publishes the 278 the case's last step sends, if that step sends
// one and it is not recorded as sent, on x12.278.out.<partner> with
// Nats-Msg-Id [ResponseMsgID] of the step's revision; then it records
// "response published" in the case (compare-and-set) and its history. The
// response is made from the stored case alone, with the step's time, so
// publishing it again writes the same bytes under the same Msg-Id: X12_OUT
// keeps one (within its duplicate window, 2 h). Of two concurrent
// Responds, both may publish (one message is kept) and one records.
func (s *Store) Respond(ctx context.Context, environment, id string) error {
	if !cases.ValidID(id) {
		return fmt.Errorf("casestore: case %q: %w", id, ErrNotFound)
	}
	key := cases.Key(environment, id)
	r, rev, err := s.record(ctx, key)
	if err != nil {
		return err
	}
	if !answers(r.Event.Kind) {
		return nil
	}
	c := r.Case
	body, err := response(key, c, rev, r.Event.At)
	if err != nil {
		return err
	}
	kind, ok := outputs.Kinds.Lookup(outputs.Kind278)
	if !ok {
		return fmt.Errorf("casestore: answering case %s: no output kind %s", key, outputs.Kind278)
	}
	m := &nats.Msg{Subject: kind.Subject(c.Partner), Data: body, Header: nats.Header{}}
	m.Header.Set(HeaderCase, key)
	m.Header.Set("Gate278-Kind", outputs.Kind278)
	if _, err := s.js.PublishMsg(ctx, m, jetstream.WithMsgID(ResponseMsgID(key, rev))); err != nil {
		return fmt.Errorf("casestore: publishing the response of case %s at revision %d: %w", key, rev, err)
	}
	ev := cases.Event{Kind: cases.ResponsePublished, Actor: cases.System, At: time.Now().UTC(), From: c.State,
		Rationale: "revision " + fmt.Sprint(rev) + " answered"}
	if _, err := s.Update(ctx, c, rev, ev); err != nil {
		var conflict *ConflictError
		if errors.As(err, &conflict) {
			// Another Respond recorded it (or the case moved on): the
			// response went out under the same Msg-Id.
			return nil
		}
		return err
	}
	return nil
}

// RespondAll sends every response a crash left unsent: for each case
// whose last stored step answers the requester and is not recorded as
// published, [Store.Respond]. It returns how many cases it answered.
func (s *Store) RespondAll(ctx context.Context) (int, error) {
	lister, err := s.kv.ListKeys(ctx)
	if err != nil {
		return 0, fmt.Errorf("casestore: listing cases: %w", err)
	}
	// The lister stops itself once every key is read; Stop only ends
	// an early exit (its error then says the watch is already over).
	defer func() { _ = lister.Stop() }()
	var keys []string
	for k := range lister.Keys() {
		keys = append(keys, k)
	}
	n := 0
	for _, key := range keys {
		r, _, err := s.record(ctx, key)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return n, err
		}
		if !answers(r.Event.Kind) {
			continue
		}
		env, id, _ := strings.Cut(key, ".")
		if err := s.Respond(ctx, env, id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
