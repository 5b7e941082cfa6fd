package cases

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func newYork(t *testing.T) *Calendar {
	t.Helper()
	cal, err := DefaultCalendar()
	require.NoError(t, err)
	return cal
}

// at parses an RFC 3339 time; every expected value below was worked out
// by hand from a wall calendar, not by the code under test.
func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return v
}

func TestHolidaysObserved(t *testing.T) {
	cal := newYork(t)
	tests := []struct {
		day  string // a moment on that day, New York time
		want string // "" a business day, "weekend", or the holiday's name
	}{
		{"2026-01-01T12:00:00-05:00", "New Year's Day"},                      // Thursday
		{"2026-01-19T12:00:00-05:00", "Birthday of Martin Luther King, Jr."}, // 3rd Monday
		{"2026-02-16T12:00:00-05:00", "Washington's Birthday"},               // 3rd Monday
		{"2026-05-25T12:00:00-04:00", "Memorial Day"},                        // last Monday (31st is a Sunday)
		{"2026-06-19T12:00:00-04:00", "Juneteenth National Independence Day"},
		{"2026-07-03T12:00:00-04:00", "Independence Day"}, // the 4th is a Saturday: observed Friday
		{"2026-07-04T12:00:00-04:00", "weekend"},
		{"2026-09-07T12:00:00-04:00", "Labor Day"},
		{"2026-10-12T12:00:00-04:00", "Columbus Day"},
		{"2026-11-11T12:00:00-05:00", "Veterans Day"},
		{"2026-11-26T12:00:00-05:00", "Thanksgiving Day"},
		{"2026-11-27T12:00:00-05:00", ""}, // the day after is not a federal holiday
		{"2026-12-25T12:00:00-05:00", "Christmas Day"},
		{"2027-07-05T12:00:00-04:00", "Independence Day"}, // the 4th is a Sunday: observed Monday
		{"2027-12-24T12:00:00-05:00", "Christmas Day"},    // the 25th is a Saturday
		{"2027-12-31T12:00:00-05:00", "New Year's Day"},   // 2028-01-01 is a Saturday: observed the year before
		{"2028-01-03T12:00:00-05:00", ""},
		// 2026-11-26T03:00Z is still Wednesday the 25th in New York.
		{"2026-11-26T03:00:00Z", ""},
		{"2026-11-26T05:00:00Z", "Thanksgiving Day"},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			d := at(t, tt.day)
			name, holiday := cal.Holiday(d)
			switch tt.want {
			case "":
				require.False(t, holiday, "holiday %q", name)
				require.True(t, cal.BusinessDay(d))
			case "weekend":
				require.False(t, holiday, "holiday %q", name)
				require.False(t, cal.BusinessDay(d))
			default:
				require.True(t, holiday)
				require.Equal(t, tt.want, name)
				require.False(t, cal.BusinessDay(d))
			}
		})
	}
}

func TestEndOfBusinessDays(t *testing.T) {
	cal := newYork(t)
	tests := []struct {
		name  string
		start string
		n     int
		want  string
	}{
		{"plain week", "2026-11-16T10:00:00-05:00", 2, "2026-11-19T00:00:00-05:00"}, // Mon → end of Wed
		{"over a weekend", "2026-11-20T16:30:00-05:00", 2, "2026-11-25T00:00:00-05:00"},
		{"over Thanksgiving and a weekend", "2026-11-25T10:00:00-05:00", 2, "2026-12-01T00:00:00-05:00"}, // Fri 27, Mon 30
		{"started on the holiday", "2026-11-26T09:00:00-05:00", 2, "2026-12-01T00:00:00-05:00"},
		{"started on a Saturday", "2026-11-28T09:00:00-05:00", 2, "2026-12-02T00:00:00-05:00"}, // Mon 30, Tue 1
		{"evening UTC is the day before in New York", "2026-11-26T03:00:00Z", 2, "2026-12-01T05:00:00Z"},
		// 27 30 | 1 2 3 4 | 7 8 9 10 11 | 14 15 16 17
		{"fifteen over Thanksgiving", "2026-11-25T10:00:00-05:00", 15, "2026-12-18T00:00:00-05:00"},
		// Fri 24 (Christmas observed), Mon 27, Tue 28, Wed 29, Thu 30, Fri 31 (New Year observed), Mon 3
		{"over both observed year-end holidays", "2027-12-23T12:00:00-05:00", 5, "2028-01-04T00:00:00-05:00"},
		{"zero is the end of the day", "2026-11-25T10:00:00-05:00", 0, "2026-11-26T00:00:00-05:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cal.EndOfBusinessDays(at(t, tt.start), tt.n)
			require.True(t, at(t, tt.want).Equal(got), "want %s, got %s", tt.want, got)
		})
	}
}

func TestClocks(t *testing.T) {
	cal := newYork(t)
	cms, err := NewClocks(RegimeCMS, cal)
	require.NoError(t, err)
	core, err := NewClocks(RegimeCORE, cal)
	require.NoError(t, err)
	z := ""
	tests := []struct {
		name      string
		clocks    Clocks
		received  string
		urgency   Urgency
		documents bool
		// then, when not "", the documents arrive at this time
		docsAt                           string
		wantRequest, wantFinal, wantShut string
	}{
		{
			name: "CMS standard over Thanksgiving, documents listed", clocks: cms,
			received: "2026-11-25T10:00:00-05:00", urgency: Standard, documents: true,
			wantRequest: "2026-12-01T00:00:00-05:00", // Fri 27, Mon 30
			wantFinal:   "2026-12-02T10:00:00-05:00", // 7 calendar days, holiday and weekend included
			wantShut:    "2026-12-18T00:00:00-05:00", // 15 business days
		},
		{
			name: "CMS expedited: 72 hours run through the holiday", clocks: cms,
			received: "2026-11-25T10:00:00-05:00", urgency: Expedited, documents: true,
			wantRequest: "2026-12-01T00:00:00-05:00",
			wantFinal:   "2026-11-28T10:00:00-05:00", // a Saturday
			wantShut:    "2026-12-18T00:00:00-05:00",
		},
		{
			name: "CMS documents received keep the CMS final clock", clocks: cms,
			received: "2026-11-25T10:00:00-05:00", urgency: Standard, documents: true,
			docsAt:      "2026-11-30T09:00:00-05:00",
			wantRequest: "2026-12-01T00:00:00-05:00",
			wantFinal:   "2026-12-02T10:00:00-05:00",
			wantShut:    z,
		},
		{
			name: "CMS standard across the end of daylight saving: 169 hours", clocks: cms,
			received: "2026-10-30T09:00:00-04:00", urgency: Standard,
			wantRequest: "2026-11-04T00:00:00-05:00", // Fri → Mon 2, Tue 3
			wantFinal:   "2026-11-06T09:00:00-05:00",
			wantShut:    z,
		},
		{
			name: "CMS expedited across the end of daylight saving: 72 elapsed hours", clocks: cms,
			received: "2026-10-30T09:00:00-04:00", urgency: Expedited,
			wantRequest: "2026-11-04T00:00:00-05:00",
			wantFinal:   "2026-11-02T08:00:00-05:00",
			wantShut:    z,
		},
		{
			name: "CORE complete at receipt over a weekend", clocks: core,
			received: "2026-11-20T16:30:00-05:00", urgency: Standard,
			wantRequest: "2026-11-25T00:00:00-05:00",
			wantFinal:   "2026-11-25T00:00:00-05:00", // Mon 23, Tue 24
			wantShut:    z,
		},
		{
			name: "CORE waiting for documents has no final clock", clocks: core,
			received: "2026-11-25T10:00:00-05:00", urgency: Expedited, documents: true,
			wantRequest: "2026-12-01T00:00:00-05:00",
			wantFinal:   z,
			wantShut:    "2026-12-18T00:00:00-05:00",
		},
		{
			name: "CORE final 2 business days after the documents", clocks: core,
			received: "2026-11-25T10:00:00-05:00", urgency: Standard, documents: true,
			docsAt:      "2026-12-04T14:00:00-05:00", // a Friday
			wantRequest: "2026-12-01T00:00:00-05:00",
			wantFinal:   "2026-12-09T00:00:00-05:00", // Mon 7, Tue 8
			wantShut:    z,
		},
		{
			name: "CORE received on the holiday", clocks: core,
			received: "2026-11-26T09:00:00-05:00", urgency: Standard,
			wantRequest: "2026-12-01T00:00:00-05:00",
			wantFinal:   "2026-12-01T00:00:00-05:00",
			wantShut:    z,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			received := at(t, tt.received)
			d := tt.clocks.Opened(received, tt.urgency, tt.documents)
			if tt.documents {
				require.True(t, received.Equal(d.DocumentsRequested), "the pended response asked for the documents")
			} else {
				require.True(t, d.DocumentsRequested.IsZero())
			}
			if tt.docsAt != "" {
				d = tt.clocks.DocumentsReceivedAt(d, at(t, tt.docsAt))
				require.True(t, at(t, tt.docsAt).Equal(d.DocumentsReceived))
			}
			for _, c := range []struct {
				what string
				want string
				got  time.Time
			}{{"documents request", tt.wantRequest, d.DocumentsRequest}, {"final", tt.wantFinal, d.Final}, {"close-out", tt.wantShut, d.CloseOut}} {
				if c.want == "" {
					require.True(t, c.got.IsZero(), "%s: want no clock, got %s", c.what, c.got)
					continue
				}
				require.True(t, at(t, c.want).Equal(c.got), "%s: want %s, got %s", c.what, c.want, c.got)
			}
		})
	}
}

func TestDocumentsRequestedAgainRestartsCloseOut(t *testing.T) {
	core, err := NewClocks(RegimeCORE, newYork(t))
	require.NoError(t, err)
	d := core.Opened(at(t, "2026-11-20T16:30:00-05:00"), Standard, false)
	require.False(t, d.Final.IsZero())
	// A reviewer asks for more on Monday the 30th: the final clock waits, close-out runs 15 business days.
	d = core.DocumentsRequestedAt(d, at(t, "2026-11-30T11:00:00-05:00"))
	require.True(t, d.Final.IsZero())
	// Dec 1 2 3 4 | 7 8 9 10 11 | 14 15 16 17 18 | 21 → end of Mon 21
	require.True(t, at(t, "2026-12-22T00:00:00-05:00").Equal(d.CloseOut), "got %s", d.CloseOut)
	require.False(t, Late(d.CloseOut, at(t, "2026-12-21T23:59:59-05:00")))
	require.True(t, Late(d.CloseOut, at(t, "2026-12-22T00:00:00-05:00")))
	require.False(t, Late(time.Time{}, at(t, "2030-01-01T00:00:00Z")), "a clock that is not running is never late")
}

func TestUrgencyOf(t *testing.T) {
	for um06, want := range map[string]Urgency{"U": Expedited, "03": Expedited, "E": Standard, "": Standard, "u": Standard} {
		require.Equal(t, want, UrgencyOf(um06), "UM06 %q", um06)
	}
}

func TestBadSettings(t *testing.T) {
	_, err := NewClocks("fastest", newYork(t))
	require.ErrorContains(t, err, `clock regime "fastest" is not`)
	_, err = NewClocks(RegimeCMS, nil)
	require.ErrorContains(t, err, "needs a calendar")
	_, err = NewCalendar(nil, nil)
	require.ErrorContains(t, err, "needs a time zone")
	for _, tt := range []struct {
		h    Holiday
		want string
	}{
		{Holiday{Month: 1, Day: 1}, "needs a name"},
		{Holiday{Name: "x", Month: 13, Day: 1}, "month 13"},
		{Holiday{Name: "x", Month: 1, Day: 1, Nth: 1}, "not both"},
		{Holiday{Name: "x", Month: 1, Day: 32}, "day 32"},
		{Holiday{Name: "x", Month: 1, Nth: 5}, "nth 5"},
		{Holiday{Name: "x", Month: 1, Nth: 1, Weekday: 7}, "weekday 7"},
	} {
		_, err := NewCalendar(time.UTC, []Holiday{tt.h})
		require.ErrorContains(t, err, tt.want)
	}
	// A calendar of its own: UTC with one company holiday.
	cal, err := NewCalendar(time.UTC, []Holiday{{Name: "Founders' Day", Month: time.March, Weekday: time.Friday, Nth: 1}})
	require.NoError(t, err)
	name, ok := cal.Holiday(at(t, "2026-03-06T10:00:00Z"))
	require.True(t, ok)
	require.Equal(t, "Founders' Day", name)
	require.True(t, cal.BusinessDay(at(t, "2026-11-26T10:00:00Z")), "no federal holidays in this calendar")
}
