package cases

import (
	"fmt"
	"strings"
	"time"
)

// Action is what a reviewer decides for one line. Asking for more
// documents and cancelling are decisions about the whole case
// ([Case.RequestDocuments], [Case.Cancel]).
type Action string

// The line actions and the HCR01 each answers with.
const (
	Certify    Action = "certify"     // A1, with the certified dates
	Modify     Action = "modify"      // A6: fewer units or a shorter period
	NotCertify Action = "not-certify" // A3, with HCR03 and a specific reason
)

// HCR01 is the action's action code.
func (a Action) HCR01() string {
	switch a {
	case Certify:
		return "A1"
	case Modify:
		return "A6"
	case NotCertify:
		return "A3"
	}
	return ""
}

// LineDecision is a reviewer's decision on one pended line.
type LineDecision struct {
	Action Action `json:"action"`
	// Authorization is HCR02 for A1/A6; empty lets the gateway derive one.
	Authorization string `json:"authorization,omitempty"`
	// From and To are the certified period (CCYYMMDD), for DTP*007.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Units is the certified quantity of a modified line.
	Units string `json:"units,omitempty"`
	// Code is HCR03, required on A3.
	Code string `json:"code,omitempty"`
	// Reason is the specific reason in plain words (MSG), required on A3
	// (CMS-0057-F) and A6.
	Reason string `json:"reason,omitempty"`
}

// Decision is a reviewer's final determination of a case.
type Decision struct {
	Reviewer string    `json:"reviewer"`
	At       time.Time `json:"at"`
	// Lines are keyed by line number; every pended line needs one.
	Lines map[int]LineDecision `json:"lines"`
	// Rationale is required when a line's action contradicts the engine's
	// recommendation.
	Rationale string `json:"rationale,omitempty"`
}

// Adverse reports whether the decision is an adverse determination: a
// line not certified (A3) or modified (A6, a reduction of what was
// asked). 42 CFR 438.210(b)(3) and 422.566(d) have such a decision made
// by a health care professional with appropriate clinical expertise.
func (d Decision) Adverse() bool {
	for _, l := range d.Lines {
		if l.Action == NotCertify || l.Action == Modify {
			return true
		}
	}
	return false
}

// validDate reports whether s is a CCYYMMDD calendar date.
func validDate(s string) bool {
	_, err := time.Parse("20060102", s)
	return len(s) == 8 && err == nil
}

// check reports what is wrong with one line's decision.
func (d LineDecision) check(l Line) error {
	if d.Action.HCR01() == "" {
		return fmt.Errorf("line %d: action %q is not %s, %s or %s", l.Number, d.Action, Certify, Modify, NotCertify)
	}
	for _, v := range []string{d.From, d.To} {
		if v != "" && !validDate(v) {
			return fmt.Errorf("line %d: date %q is not CCYYMMDD", l.Number, v)
		}
	}
	if d.From != "" && d.To != "" && d.To < d.From {
		return fmt.Errorf("line %d: the period ends (%s) before it starts (%s)", l.Number, d.To, d.From)
	}
	switch d.Action {
	case Certify:
		if d.From == "" || d.To == "" {
			return fmt.Errorf("line %d: a certification needs its certified dates", l.Number)
		}
	case Modify:
		if d.Units == "" && (d.From == "" || d.To == "") {
			return fmt.Errorf("line %d: a modification needs the units or the period certified", l.Number)
		}
		if strings.TrimSpace(d.Reason) == "" {
			return fmt.Errorf("line %d: a modification needs its reason", l.Number)
		}
	case NotCertify:
		if d.Code == "" || strings.TrimSpace(d.Reason) == "" {
			return fmt.Errorf("line %d: a denial needs its HCR03 code and a specific reason (CMS-0057-F)", l.Number)
		}
	}
	return nil
}

// Decide records the final determination, or refuses it with an error and
// changes nothing: a case already final, a line the case does not have, a
// pended line left undecided, a line that was not pended, an incomplete
// line decision, or a contradiction of the engine without a rationale.
func (c *Case) Decide(d Decision) error {
	if !c.State.CanMove(Decided) {
		return &TransitionError{Case: c.ID, From: c.State, To: Decided}
	}
	if d.Reviewer == "" {
		return invalid(c.ID, "a decision needs its reviewer")
	}
	for n := range d.Lines {
		if n < 1 || n > len(c.Lines) {
			return invalid(c.ID, "there is no line %d (the case has %d)", n, len(c.Lines))
		}
	}
	for _, l := range c.Lines {
		ld, ok := d.Lines[l.Number]
		pended := l.Result == "A4"
		switch {
		case !pended && ok:
			return invalid(c.ID, "line %d was answered %s automatically and is not under review", l.Number, l.Result)
		case !pended:
			continue
		case !ok:
			return invalid(c.ID, "line %d is pended and has no decision", l.Number)
		}
		if err := ld.check(l); err != nil {
			return invalid(c.ID, "%v", err)
		}
		if l.Recommendation != "" && l.Recommendation != ld.Action.HCR01() && strings.TrimSpace(d.Rationale) == "" {
			return invalid(c.ID, "line %d: %s contradicts the engine's %s and needs a written rationale", l.Number, ld.Action, l.Recommendation)
		}
	}
	if err := c.Move(Decided, d.At); err != nil {
		return err
	}
	for i := range c.Lines {
		if ld, ok := d.Lines[c.Lines[i].Number]; ok {
			c.Lines[i].Decision = &ld
		}
	}
	return nil
}
