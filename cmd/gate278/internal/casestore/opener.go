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
