// Package casestore keeps prior-authorization review cases in JetStream:
// the current state of each case in key-value bucket X12_CASES and every
// change, as a [cases.Event], on the append-only stream X12_CASE_HISTORY.
// Both are defined under ops/nats/jetstream and created by
// transport.EnsureTopology like the other streams.
//
// Every change is a compare-and-set on the case's KV revision: of two
// reviewers deciding the same case at once, one wins and the other gets a
// *[ConflictError] (errors.Is [ErrConflict]) and must read the case again.
// The value holds the case and the event that made it, so an event whose
// history publish was lost (a crash right after the KV update) can be
// published again from the KV: its Nats-Msg-Id is the case key and
// revision, so the stream keeps it once.
//
// The model and its rules (states, transitions, clocks) are package
// adjudicate/cases; this package only stores them.
package casestore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/adjudicate/cases"
)

// Names of the bucket and the stream; ops/nats/jetstream defines them.
const (
	Bucket        = "X12_CASES"
	StreamHistory = "X12_CASE_HISTORY"
	// SubjectHistoryPfx + <environment>.<ID> is a case's history subject.
	SubjectHistoryPfx = "x12.case.history."
)

// Errors callers branch on.
var (
	// ErrConflict: the case changed since it was read.
	ErrConflict = errors.New("the case changed since it was read")
	// ErrNotFound: no such case in that environment.
	ErrNotFound = errors.New("no such case")
	// ErrExists: a case with that key exists already.
	ErrExists = errors.New("the case exists already")
)

// ConflictError is a refused compare-and-set: Revision is the one the
// writer read.
type ConflictError struct {
	Key      string
	Revision uint64
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("casestore: case %s: %v (read at revision %d)", e.Key, ErrConflict, e.Revision)
}

// Unwrap makes errors.Is(err, ErrConflict) hold.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// ErrStale: the case is not at the revision the caller expected (it was
// previewed at another revision). It wraps ErrConflict too.
var ErrStale = errors.New("the case changed since you previewed it; preview again")

// StaleError is a change refused because the case is not at the revision
// the caller previewed it at ([Store.ChangeAt]).
type StaleError struct {
	Key                string
	Expected, Revision uint64
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("casestore: case %s: %v (previewed at revision %d, now at %d)", e.Key, ErrStale, e.Expected, e.Revision)
}

// Unwrap makes errors.Is hold for ErrStale and ErrConflict.
func (e *StaleError) Unwrap() []error { return []error{ErrStale, ErrConflict} }

// record is the KV value: the case and the event that produced it.
type record struct {
	Case  *cases.Case `json:"case"`
	Event cases.Event `json:"event"`
}

// Store reads and writes cases.
type Store struct {
	js jetstream.JetStream
	kv jetstream.KeyValue
}

// Open binds the bucket; the topology must exist (transport.EnsureTopology).
func Open(ctx context.Context, js jetstream.JetStream) (*Store, error) {
	kv, err := js.KeyValue(ctx, Bucket)
	if err != nil {
		return nil, fmt.Errorf("casestore: opening bucket %s: %w", Bucket, err)
	}
	if _, err := js.Stream(ctx, StreamHistory); err != nil {
		return nil, fmt.Errorf("casestore: opening stream %s: %w", StreamHistory, err)
	}
	return &Store{js: js, kv: kv}, nil
}

// Get reads a case and its revision.
func (s *Store) Get(ctx context.Context, environment, id string) (*cases.Case, uint64, error) {
	if !cases.ValidID(id) {
		return nil, 0, fmt.Errorf("casestore: case %q: %w", id, ErrNotFound)
	}
	key := cases.Key(environment, id)
	e, err := s.kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, 0, fmt.Errorf("casestore: case %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("casestore: reading case %s: %w", key, err)
	}
	var r record
	if err := json.Unmarshal(e.Value(), &r); err != nil {
		return nil, 0, fmt.Errorf("casestore: decoding case %s at revision %d: %w", key, e.Revision(), err)
	}
	return r.Case, e.Revision(), nil
}

// Create stores a new case with its created event; a case with the same
// key is refused with ErrExists (a redelivered file pends again: the case
// it made stands).
func (s *Store) Create(ctx context.Context, c *cases.Case, actor string) (uint64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	ev := cases.Event{Kind: cases.Created, Actor: actor, At: c.Updated}
	ev.Stamp(c)
	b, err := encode(c, ev)
	if err != nil {
		return 0, err
	}
	rev, err := s.kv.Create(ctx, c.Key(), b)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return 0, fmt.Errorf("casestore: case %s: %w", c.Key(), ErrExists)
	}
	if err != nil {
		return 0, fmt.Errorf("casestore: creating case %s: %w", c.Key(), err)
	}
	ev.Revision = rev
	return rev, s.publish(ctx, c.Key(), ev)
}

// Update stores c over revision rev with the event that changed it, or
// refuses with a *ConflictError when the case has changed since rev. An
// error with a non-zero revision means the case is stored but its event
// did not reach the history: [Store.Republish] sends it again.
func (s *Store) Update(ctx context.Context, c *cases.Case, rev uint64, ev cases.Event) (uint64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	ev.Stamp(c)
	b, err := encode(c, ev)
	if err != nil {
		return 0, err
	}
	next, err := s.kv.Update(ctx, c.Key(), b, rev)
	if errors.Is(err, jetstream.ErrKeyRevisionMismatch) || errors.Is(err, jetstream.ErrKeyExists) {
		return 0, &ConflictError{Key: c.Key(), Revision: rev}
	}
	if err != nil {
		return 0, fmt.Errorf("casestore: updating case %s: %w", c.Key(), err)
	}
	ev.Revision = next
	return next, s.publish(ctx, c.Key(), ev)
}

// Change reads a case, lets change apply one step to it (returning the
// event, or an error that aborts), and stores it by compare-and-set. A
// concurrent change makes it fail with a *ConflictError; nothing is
// retried, because the step was judged on what was read.
func (s *Store) Change(ctx context.Context, environment, id string, change func(*cases.Case) (cases.Event, error)) (*cases.Case, uint64, error) {
	return s.ChangeAt(ctx, environment, id, 0, change)
}

// ChangeAt is Change of the case as it was at revision expected (the
// revision a reviewer previewed the step at): a case at another revision
// is refused with a *[StaleError], unless the step itself refuses the
// case as it is now (already final, assigned to another: that error says
// more), and the compare-and-set then stores over that same revision. Expected 0 is
// Change: whatever revision is read.
func (s *Store) ChangeAt(ctx context.Context, environment, id string, expected uint64, change func(*cases.Case) (cases.Event, error)) (*cases.Case, uint64, error) {
	c, rev, err := s.Get(ctx, environment, id)
	if err != nil {
		return nil, 0, err
	}
	from := c.State
	ev, err := change(c)
	if err != nil {
		return nil, 0, err
	}
	if expected != 0 && rev != expected {
		return nil, 0, &StaleError{Key: c.Key(), Expected: expected, Revision: rev}
	}
	ev.From = from
	next, err := s.Update(ctx, c, rev, ev)
	if err != nil {
		return nil, 0, err
	}
	return c, next, nil
}

// History reads every event of one case, oldest first.
func (s *Store) History(ctx context.Context, environment, id string) ([]cases.Event, error) {
	if !cases.ValidID(id) {
		return nil, fmt.Errorf("casestore: case %q: %w", id, ErrNotFound)
	}
	key := cases.Key(environment, id)
	subject := SubjectHistoryPfx + key
	stream, err := s.js.Stream(ctx, StreamHistory)
	if err != nil {
		return nil, fmt.Errorf("casestore: opening stream %s: %w", StreamHistory, err)
	}
	info, err := stream.Info(ctx, jetstream.WithSubjectFilter(subject))
	if err != nil {
		return nil, fmt.Errorf("casestore: counting the history of %s: %w", key, err)
	}
	want := int(info.State.Subjects[subject])
	if want == 0 {
		return nil, nil
	}
	cons, err := s.js.OrderedConsumer(ctx, StreamHistory, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{subject},
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return nil, fmt.Errorf("casestore: reading the history of %s: %w", key, err)
	}
	evs, err := readEvents(ctx, cons, want)
	if err != nil {
		return nil, fmt.Errorf("casestore: reading the history of %s: %w", key, err)
	}
	return evs, nil
}

// readEvents reads want case events from an ordered consumer of the
// history stream, in batches of at most 1,000.
func readEvents(ctx context.Context, cons jetstream.Consumer, want int) ([]cases.Event, error) {
	evs := make([]cases.Event, 0, want)
	for len(evs) < want {
		batch, err := cons.Fetch(min(want-len(evs), 1000))
		if err != nil {
			return nil, err
		}
		for m := range batch.Messages() {
			var ev cases.Event
			if err := json.Unmarshal(m.Data(), &ev); err != nil {
				return nil, fmt.Errorf("decoding an event: %w", err)
			}
			evs = append(evs, ev)
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return evs, nil
}

// Republish publishes a case's last event again (after a crash between the
// KV update and the history publish); the stream drops it if it has it.
func (s *Store) Republish(ctx context.Context, environment, id string) error {
	key := cases.Key(environment, id)
	e, err := s.kv.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("casestore: reading case %s: %w", key, err)
	}
	var r record
	if err := json.Unmarshal(e.Value(), &r); err != nil {
		return fmt.Errorf("casestore: decoding case %s: %w", key, err)
	}
	r.Event.Revision = e.Revision()
	return s.publish(ctx, key, r.Event)
}

func encode(c *cases.Case, ev cases.Event) ([]byte, error) {
	b, err := json.Marshal(record{Case: c, Event: ev})
	if err != nil {
		return nil, fmt.Errorf("casestore: encoding case %s: %w", c.Key(), err)
	}
	return b, nil
}

// MsgID is the Nats-Msg-Id of a case's event at a revision.
func MsgID(key string, rev uint64) string { return "case:" + key + ":" + strconv.FormatUint(rev, 10) }

func (s *Store) publish(ctx context.Context, key string, ev cases.Event) error {
	b, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("casestore: encoding an event of %s: %w", key, err)
	}
	m := &nats.Msg{Subject: SubjectHistoryPfx + key, Data: b, Header: nats.Header{}}
	if _, err := s.js.PublishMsg(ctx, m, jetstream.WithMsgID(MsgID(key, ev.Revision))); err != nil {
		return fmt.Errorf("casestore: recording event %s of %s at revision %d: %w", ev.Kind, key, ev.Revision, err)
	}
	return nil
}

// RecordAnswered appends the record of a request the engine answered at
// once (cases.Answered) to the history, under Msg-Id "answered:<key>": a
// redelivered file records it once (within the stream's duplicate window).
// No case is stored for it.
func (s *Store) RecordAnswered(ctx context.Context, ev cases.Event) error {
	if ev.Kind != cases.Answered || !cases.ValidID(ev.Case) {
		return fmt.Errorf("casestore: recording an answered request %q (%s): %w", ev.Case, ev.Kind, cases.ErrInvalid)
	}
	key := cases.Key(ev.Environment, ev.Case)
	b, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("casestore: encoding the answered request %s: %w", key, err)
	}
	m := &nats.Msg{Subject: SubjectHistoryPfx + key, Data: b, Header: nats.Header{}}
	if _, err := s.js.PublishMsg(ctx, m, jetstream.WithMsgID("answered:"+key)); err != nil {
		return fmt.Errorf("casestore: recording the answered request %s: %w", key, err)
	}
	return nil
}
