package casestore

import (
	"context"
	"fmt"
	"time"

	"github.com/gate278/gate278/adjudicate/cases"
)

// Preview returns the final 278 that decision d would publish for a case,
// and the case's current revision, storing and publishing nothing. It
// applies the decision with the step Decide stores (a decision Decide
// would refuse is refused with the same error) and writes the response
// with the builder Respond publishes, at the decision's time. What differs
// from the published response: the control numbers (ISA13, GS06), which
// come from the revision that will store the decision, and the times
// (ISA09/ISA10, GS04/GS05, BHT04/BHT05), which are those of the moment the
// decision is sent. The revision returned is the one to send the decision
// at ([Store.ChangeAt]): a case changed in between refuses it.
func (s *Store) Preview(ctx context.Context, environment, id string, d cases.Decision) ([]byte, uint64, error) {
	return s.PreviewStep(ctx, environment, id, d.At, DecideStep(d))
}

// PreviewStep is Preview for any step that Change would store (a
// cancellation, a documents request): the 278 the case would answer with
// after step at time at, storing and publishing nothing.
func (s *Store) PreviewStep(ctx context.Context, environment, id string, at time.Time, step func(*cases.Case) (cases.Event, error)) ([]byte, uint64, error) {
	c, rev, err := s.Get(ctx, environment, id)
	if err != nil {
		return nil, 0, err
	}
	if _, err := step(c); err != nil {
		return nil, 0, err
	}
	if err := c.Validate(); err != nil {
		return nil, 0, err
	}
	body, err := response(c.Key(), c, rev, at)
	if err != nil {
		return nil, 0, err
	}
	return body, rev, nil
}

// Published returns the 278 the case's last answering step (a decision, a
// cancellation, a close-out, a documents request) sent, and that step's
// revision, rebuilt from the stored case with the builder Respond
// publishes with, so byte for byte what went out. It is ErrNotFound when
// the case has no such step, or a later step changed the case (its
// standing answer is then not the current case's).
func (s *Store) Published(ctx context.Context, environment, id string) ([]byte, uint64, error) {
	c, _, err := s.Get(ctx, environment, id)
	if err != nil {
		return nil, 0, err
	}
	evs, err := s.History(ctx, environment, id)
	if err != nil {
		return nil, 0, err
	}
	for i := len(evs) - 1; i >= 0; i-- {
		ev := evs[i]
		if answers(ev.Kind) {
			body, err := response(c.Key(), c, ev.Revision, ev.At)
			if err != nil {
				return nil, 0, err
			}
			return body, ev.Revision, nil
		}
		if ev.Kind != cases.ResponsePublished {
			break
		}
	}
	return nil, 0, fmt.Errorf("casestore: case %s has no standing response: %w", c.Key(), ErrNotFound)
}
