package casestore

import (
	"fmt"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
)

// Payers are the review-case rules of the configured payers: each one's
// clock regime and business-day calendar, and its close-out setting. A
// case names its payer by the configured name (adjudicate.Result.Payer);
// the payer ID is accepted too. A payer not configured (or a case opened
// before it was) gets the defaults: CMS-0057-F, the US federal holidays in
// America/New_York, close-out auto.
type Payers struct {
	byName map[string]payerRules
	def    payerRules
}

type payerRules struct {
	clocks   cases.Clocks
	closeOut string
}

// PayersFrom resolves the payers of cfg (nil: the defaults only).
func PayersFrom(cfg *adjudicate.Config) (*Payers, error) {
	def, err := rules(adjudicate.ClocksCMS, adjudicate.DefaultTimeZone, adjudicate.HolidaysUSFederal, adjudicate.CloseOutAuto)
	if err != nil {
		return nil, err
	}
	p := &Payers{byName: map[string]payerRules{}, def: def}
	if cfg == nil {
		return p, nil
	}
	for _, pc := range cfg.Payers() {
		r, err := rules(pc.Clocks, pc.TimeZone, pc.Holidays, pc.CloseOut)
		if err != nil {
			return nil, fmt.Errorf("casestore: payer %s: %w", pc.ID, err)
		}
		p.byName[pc.Name] = r
		p.byName[pc.ID] = r
	}
	return p, nil
}

func rules(regime, zone, holidays, closeOut string) (payerRules, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return payerRules{}, fmt.Errorf("casestore: time zone %q: %w", zone, err)
	}
	var hs []cases.Holiday
	if holidays != adjudicate.HolidaysNone {
		hs = cases.USFederalHolidays()
	}
	cal, err := cases.NewCalendar(loc, hs)
	if err != nil {
		return payerRules{}, err
	}
	c, err := cases.NewClocks(cases.Regime(regime), cal)
	if err != nil {
		return payerRules{}, err
	}
	if closeOut == "" {
		closeOut = adjudicate.CloseOutAuto
	}
	return payerRules{clocks: c, closeOut: closeOut}, nil
}

func (p *Payers) of(payer string) payerRules {
	if r, ok := p.byName[payer]; ok {
		return r
	}
	return p.def
}

// Clocks is the clock regime and calendar of payer's cases.
func (p *Payers) Clocks(payer string) cases.Clocks { return p.of(payer).clocks }

// CloseOut is payer's close-out setting (adjudicate.CloseOutAuto, …).
func (p *Payers) CloseOut(payer string) string { return p.of(payer).closeOut }
