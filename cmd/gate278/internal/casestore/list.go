package casestore

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/adjudicate/cases"
)

// List reads every case of an environment (production or test), in key
// order of the bucket; an empty bucket gives none.
func (s *Store) List(ctx context.Context, environment string) ([]*cases.Case, error) {
	if environment != cases.Production && environment != cases.Test {
		return nil, fmt.Errorf("casestore: environment %q is not %s or %s", environment, cases.Production, cases.Test)
	}
	lister, err := s.kv.ListKeysFiltered(ctx, environment+".*")
	if errors.Is(err, jetstream.ErrNoKeysFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("casestore: listing %s cases: %w", environment, err)
	}
	defer func() { _ = lister.Stop() }()
	var keys []string
	for k := range lister.Keys() {
		keys = append(keys, k)
	}
	out := make([]*cases.Case, 0, len(keys))
	for _, k := range keys {
		r, _, err := s.record(ctx, k)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r.Case)
	}
	return out, nil
}

// Events reads the whole audit trail of an environment's cases from
// X12_CASE_HISTORY, in stream order (each case's events oldest first).
// It is what the public report is computed from.
func (s *Store) Events(ctx context.Context, environment string) ([]cases.Event, error) {
	if environment != cases.Production && environment != cases.Test {
		return nil, fmt.Errorf("casestore: environment %q is not %s or %s", environment, cases.Production, cases.Test)
	}
	subject := SubjectHistoryPfx + environment + ".>"
	stream, err := s.js.Stream(ctx, StreamHistory)
	if err != nil {
		return nil, fmt.Errorf("casestore: opening stream %s: %w", StreamHistory, err)
	}
	info, err := stream.Info(ctx, jetstream.WithSubjectFilter(subject))
	if err != nil {
		return nil, fmt.Errorf("casestore: counting the %s history: %w", environment, err)
	}
	want := 0
	for _, n := range info.State.Subjects {
		want += int(n)
	}
	if want == 0 {
		return nil, nil
	}
	cons, err := s.js.OrderedConsumer(ctx, StreamHistory, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{subject},
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return nil, fmt.Errorf("casestore: reading the %s history: %w", environment, err)
	}
	evs, err := readEvents(ctx, cons, want)
	if err != nil {
		return nil, fmt.Errorf("casestore: reading the %s history: %w", environment, err)
	}
	return evs, nil
}
