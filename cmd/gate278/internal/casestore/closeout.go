package casestore

import (
	"context"
	"errors"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
)

// CloseOutDue deals with every case of both environments still waiting
// for documents past its close-out time (CAQH CORE: 15 business days after
// they were asked for) at now, as its payer's close-out setting says
// (setting(payer); nil: auto for all):
//   - auto: the case is closed out and sent its final response
//     ([cases.CloseOutHCR01] with [cases.CloseOutHCR03]);
//   - review: the case is flagged once (close-out-due) for a supervisor,
//     and nothing is sent;
//   - off: nothing.
//
// It is safe to run from several gateways at once: each step is a
// compare-and-set, so a case another sweep changed is skipped, and the
// response's Msg-Id is the case and revision, so it goes out once. It
// returns how many cases this call closed or flagged, and the first error
// (the sweep goes on past one).
func (s *Store) CloseOutDue(ctx context.Context, now time.Time, setting func(payer string) string) (int, error) {
	if setting == nil {
		setting = func(string) string { return adjudicate.CloseOutAuto }
	}
	n := 0
	var first error
	keep := func(err error) {
		if first == nil {
			first = err
		}
	}
	for _, env := range []string{cases.Production, cases.Test} {
		cs, err := s.List(ctx, env)
		if err != nil {
			keep(err)
			continue
		}
		for _, c := range cs {
			if c.State != cases.WaitingDocuments || !cases.Late(c.Due.CloseOut, now) {
				continue
			}
			mode := setting(c.Payer)
			if mode == adjudicate.CloseOutOff || mode == adjudicate.CloseOutReview && !c.CloseOutFlagged.IsZero() {
				continue
			}
			if mode == adjudicate.CloseOutReview {
				_, _, err := s.Change(ctx, env, c.ID, func(c *cases.Case) (cases.Event, error) {
					if err := c.FlagCloseOut(now); err != nil {
						return cases.Event{}, err
					}
					return cases.Event{Kind: cases.CloseOutFlagged, Actor: cases.System, At: now,
						Rationale: "documents requested were not received within 15 business days (CAQH CORE); the payer closes out by review"}, nil
				})
				var conflict *ConflictError
				switch {
				case errors.As(err, &conflict), errors.Is(err, cases.ErrInvalid), errors.Is(err, cases.ErrTransition):
				case err != nil:
					keep(err)
				default:
					n++
				}
				continue
			}
			_, _, err := s.Change(ctx, env, c.ID, func(c *cases.Case) (cases.Event, error) {
				if err := c.CloseOut(now); err != nil {
					return cases.Event{}, err
				}
				return cases.Event{Kind: cases.ClosedOutEvent, Actor: cases.System, At: now,
					Rationale: "documents requested were not received within 15 business days (CAQH CORE)"}, nil
			})
			var conflict *ConflictError
			switch {
			case errors.As(err, &conflict), errors.Is(err, cases.ErrTransition):
				continue // another sweep or a reviewer got there first
			case err != nil:
				keep(err)
				continue
			}
			n++
			if err := s.Respond(ctx, env, c.ID); err != nil {
				keep(err) // RespondAll sends it at the next start
			}
		}
	}
	return n, first
}
