package cases

import (
	"errors"
	"fmt"
	"time"
)

// Holiday is a named day off, given as a rule so that it holds every year:
// either a fixed date (Month and Day) or the Nth Weekday of Month (Nth 1–4,
// or -1 for the last).
type Holiday struct {
	Name    string       `json:"name"`
	Month   time.Month   `json:"month"`
	Day     int          `json:"day,omitempty"`
	Weekday time.Weekday `json:"weekday,omitempty"`
	Nth     int          `json:"nth,omitempty"`
	// Observed moves a fixed date that falls on a Saturday to the Friday
	// before and one that falls on a Sunday to the Monday after.
	Observed bool `json:"observed,omitempty"`
}

// validate reports what is wrong with the rule, if anything.
func (h Holiday) validate() error {
	switch {
	case h.Name == "":
		return errors.New("a holiday needs a name")
	case h.Month < time.January || h.Month > time.December:
		return fmt.Errorf("holiday %q: month %d is not 1–12", h.Name, h.Month)
	case h.Day != 0 && h.Nth != 0:
		return fmt.Errorf("holiday %q: give a day of the month or an nth weekday, not both", h.Name)
	case h.Day != 0:
		if h.Day < 1 || h.Day > 31 {
			return fmt.Errorf("holiday %q: day %d is not 1–31", h.Name, h.Day)
		}
	case h.Nth < -1 || h.Nth == 0 || h.Nth > 4:
		return fmt.Errorf("holiday %q: nth %d is not 1–4 or -1 (the last)", h.Name, h.Nth)
	case h.Weekday < time.Sunday || h.Weekday > time.Saturday:
		return fmt.Errorf("holiday %q: weekday %d is not 0–6", h.Name, h.Weekday)
	}
	return nil
}

// Date is the day the holiday is observed in year, as midnight in loc. An
// observed fixed date may fall in the year before (New Year's Day on a
// Saturday).
func (h Holiday) Date(year int, loc *time.Location) time.Time {
	if h.Day != 0 {
		d := time.Date(year, h.Month, h.Day, 0, 0, 0, 0, loc)
		if h.Observed {
			switch d.Weekday() {
			case time.Saturday:
				d = d.AddDate(0, 0, -1)
			case time.Sunday:
				d = d.AddDate(0, 0, 1)
			}
		}
		return d
	}
	if h.Nth == -1 {
		last := time.Date(year, h.Month+1, 0, 0, 0, 0, 0, loc)
		back := (int(last.Weekday()) - int(h.Weekday) + 7) % 7
		return last.AddDate(0, 0, -back)
	}
	first := time.Date(year, h.Month, 1, 0, 0, 0, 0, loc)
	ahead := (int(h.Weekday) - int(first.Weekday()) + 7) % 7
	return first.AddDate(0, 0, ahead+7*(h.Nth-1))
}

// USFederalHolidays are the eleven legal public holidays of 5 U.S.C. 6103,
// fixed dates moved to their observed days.
func USFederalHolidays() []Holiday {
	return []Holiday{
		{Name: "New Year's Day", Month: time.January, Day: 1, Observed: true},
		{Name: "Birthday of Martin Luther King, Jr.", Month: time.January, Weekday: time.Monday, Nth: 3},
		{Name: "Washington's Birthday", Month: time.February, Weekday: time.Monday, Nth: 3},
		{Name: "Memorial Day", Month: time.May, Weekday: time.Monday, Nth: -1},
		{Name: "Juneteenth National Independence Day", Month: time.June, Day: 19, Observed: true},
		{Name: "Independence Day", Month: time.July, Day: 4, Observed: true},
		{Name: "Labor Day", Month: time.September, Weekday: time.Monday, Nth: 1},
		{Name: "Columbus Day", Month: time.October, Weekday: time.Monday, Nth: 2},
		{Name: "Veterans Day", Month: time.November, Day: 11, Observed: true},
		{Name: "Thanksgiving Day", Month: time.November, Weekday: time.Thursday, Nth: 4},
		{Name: "Christmas Day", Month: time.December, Day: 25, Observed: true},
	}
}

// DefaultZone is the time zone of the default calendar.
const DefaultZone = "America/New_York"

// Calendar says which days are business days, in one time zone.
type Calendar struct {
	loc      *time.Location
	holidays []Holiday
}

// NewCalendar checks the holiday rules and returns their calendar in loc.
func NewCalendar(loc *time.Location, holidays []Holiday) (*Calendar, error) {
	if loc == nil {
		return nil, errors.New("cases: a calendar needs a time zone")
	}
	for _, h := range holidays {
		if err := h.validate(); err != nil {
			return nil, fmt.Errorf("cases: calendar: %w", err)
		}
	}
	return &Calendar{loc: loc, holidays: append([]Holiday(nil), holidays...)}, nil
}

// DefaultCalendar is the US federal holidays in America/New_York.
func DefaultCalendar() (*Calendar, error) {
	loc, err := time.LoadLocation(DefaultZone)
	if err != nil {
		return nil, fmt.Errorf("cases: loading the default zone %s: %w", DefaultZone, err)
	}
	return NewCalendar(loc, USFederalHolidays())
}

// Location is the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// day is midnight starting t's calendar day in the calendar's zone.
func (c *Calendar) day(t time.Time) time.Time {
	y, m, d := t.In(c.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, c.loc)
}

// Holiday names the holiday observed on t's day in the calendar's zone, if
// there is one.
func (c *Calendar) Holiday(t time.Time) (name string, ok bool) {
	day := c.day(t)
	// An observed date can move across a year's end, so the neighbouring
	// years' rules are checked too.
	for _, y := range []int{day.Year() - 1, day.Year(), day.Year() + 1} {
		for _, h := range c.holidays {
			if h.Date(y, c.loc).Equal(day) {
				return h.Name, true
			}
		}
	}
	return "", false
}

// BusinessDay reports whether t's day in the calendar's zone is a business
// day: not a Saturday, a Sunday or a holiday.
func (c *Calendar) BusinessDay(t time.Time) bool {
	switch t.In(c.loc).Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, holiday := c.Holiday(t)
	return !holiday
}

// EndOfBusinessDays is when n business days after t run out: midnight ending
// the nth business day after t's day (t's own day does not count). n < 1
// is the end of t's day.
func (c *Calendar) EndOfBusinessDays(t time.Time, n int) time.Time {
	day := c.day(t)
	for counted := 0; counted < n; {
		day = day.AddDate(0, 0, 1)
		if c.BusinessDay(day) {
			counted++
		}
	}
	return day.AddDate(0, 0, 1)
}
