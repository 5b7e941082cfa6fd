package casestore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/gate278/gate278/adjudicate/cases"
)

// Opener turns the case draft of a pended set into a stored case, with the
// clocks of its payer.
type Opener struct {
	Store *Store
	// Clocks gives a payer's clock regime and calendar.
	Clocks func(payer string) cases.Clocks
	Logger *slog.Logger
}

// DefaultClocks puts every payer under CMS-0057-F (the shorter final
// clock) with the US federal holidays in America/New_York, until payers
// name their regime in the configuration.
func DefaultClocks() (func(payer string) cases.Clocks, error) {
	cal, err := cases.DefaultCalendar()
	if err != nil {
		return nil, err
	}
	c, err := cases.NewClocks(cases.RegimeCMS, cal)
	if err != nil {
		return nil, err
	}
	return func(string) cases.Clocks { return c }, nil
}

// OpenCase stores the case a pended set opens. A case that exists already
// (the file was delivered again) stands; a draft that cannot be a case is
// logged (its ID and the reason, no PHI) and skipped, because retrying the
// file would not mend it. Store failures are returned: the file is retried.
func (o *Opener) OpenCase(ctx context.Context, draft cases.Case) error {
	c, err := cases.New(draft, o.Clocks(draft.Payer))
	if errors.Is(err, cases.ErrInvalid) {
		if o.Logger != nil {
			o.Logger.Warn("casestore: pended set opens no case", "error", err.Error())
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("casestore: opening case: %w", err)
	}
	if _, err := o.Store.Create(ctx, c, cases.System); err != nil && !errors.Is(err, ErrExists) {
		return err
	}
	return nil
}

// Lookup reads the case a follow-up request names, among partner's cases
// in environment: nil, nil when there is none (another partner's case is
// none of this partner's). A final case is returned as it is: the
// pipeline refuses it.
func (o *Opener) Lookup(ctx context.Context, partner, environment, id string) (*cases.Case, error) {
	c, _, err := o.Store.Get(ctx, environment, id)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if c.Partner != partner {
		return nil, nil
	}
	return c, nil
}

// FollowUp applies a follow-up request of partner to the open case it
// names. With documents, the case records them (documents-received, by
// cases.Engine: in review, the CORE final clock started from the
// follow-up's receipt); then, when the engine's answer to the follow-up
// certifies every pended line, the engine decides the case (decided, by
// cases.Engine) and its final response is published once
// ([Store.DecideAndRespond]). Without documents nothing changes. A case
// that became final or changed hands meanwhile is left alone (logged);
// a concurrent change or a store failure is returned, so the file is
// retried and the follow-up judged again on what is stored then.
func (o *Opener) FollowUp(ctx context.Context, partner string, f cases.FollowUp) error {
	if !f.Documents {
		return nil
	}
	c, _, err := o.Store.Change(ctx, f.Environment, f.ID, func(c *cases.Case) (cases.Event, error) {
		if c.Partner != partner {
			return cases.Event{}, fmt.Errorf("casestore: case %s: %w", c.Key(), ErrNotFound)
		}
		if c.FollowedBy(f.Set) {
			return cases.Event{}, errApplied
		}
		if err := cases.CheckFollowUp(c, f); err != nil {
			return cases.Event{}, err
		}
		if err := c.ReceiveDocuments(o.Clocks(c.Payer), f.At); err != nil {
			return cases.Event{}, err
		}
		c.FollowUps = append(c.FollowUps, f.Set)
		return cases.Event{Kind: cases.DocumentsReceived, Actor: cases.Engine, At: f.At,
			Rationale: "a follow-up request attached documents"}, nil
	})
	if errors.Is(err, errApplied) {
		// The same file again: its documents are recorded; what may be
		// left is the engine's decision (a crash in between).
		c, _, err = o.Store.Get(ctx, f.Environment, f.ID)
	}
	switch {
	case errors.Is(err, ErrNotFound), errors.Is(err, cases.ErrTransition), errors.Is(err, cases.ErrInvalid):
		o.log().Warn("casestore: follow-up changes no case", "case", f.ID, "env", f.Environment, "error", err.Error())
		return nil
	case err != nil:
		return err
	}
	if c.State.Final() || !f.Certifies(c) {
		return nil
	}
	_, _, err = o.Store.DecideAndRespond(ctx, f.Environment, f.ID, f.Decision(c))
	if errors.Is(err, cases.ErrTransition) || errors.Is(err, cases.ErrInvalid) {
		o.log().Warn("casestore: the engine cannot decide a followed-up case", "case", f.ID, "env", f.Environment, "error", err.Error())
		return nil
	}
	if err != nil {
		return fmt.Errorf("casestore: deciding case %s from its follow-up: %w", c.Key(), err)
	}
	return nil
}

// errApplied: the follow-up was applied to the case already.
var errApplied = errors.New("casestore: follow-up applied already")

func (o *Opener) log() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// Answered records a request the engine answered at once, for the public
// report ([Store.RecordAnswered]).
func (o *Opener) Answered(ctx context.Context, ev cases.Event) error {
	return o.Store.RecordAnswered(ctx, ev)
}
