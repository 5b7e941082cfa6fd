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
