// Package cases is the pure model of a prior-authorization review case: the
// business-day calendar, the regulatory clocks that give a case its due
// times, and the case itself with its states and the transitions allowed
// between them. It knows nothing of NATS, HTTP or X12 syntax; the store
// (JetStream) and the wiring from pend notices live elsewhere.
//
// Beyond the reviewers' steps, the engine acts on a case by itself when a
// follow-up request names it ([FollowUp]: documents received, and a
// decision when it now certifies every pended line), and a request the
// engine answers at once opens no case but leaves an [Answered] record for
// the public report ([PriorAuthReport]).
//
// # Clocks and the rules they follow
//
// Two public rules set the due times (see [Clocks]):
//
//   - CMS Interoperability and Prior Authorization Final Rule, CMS-0057-F
//     (89 FR 8758, February 2024; decision timeframes in force from
//     2026-01-01 for Medicare Advantage, Medicaid and CHIP fee-for-service
//     and managed care): a decision within 72 hours of receipt for an
//     expedited (urgent) request and within 7 calendar days for a standard
//     one.
//   - CAQH CORE Prior Authorization & Referrals (278) Infrastructure Rule
//     (the two-day time limits approved by CAQH CORE in February 2020):
//     within 2 business days of a request, ask for the additional
//     documentation it needs; within 2 business days of receiving all of it,
//     send the final determination; a request whose documents have not
//     arrived within 15 business days of asking may be closed out.
//
// The documentation-request and close-out clocks are CORE's under both
// regimes; the final-determination clock is the regime's ([RegimeCMS] or
// [RegimeCORE], a payer setting). Urgency comes from UM06, the level of
// service: U (urgent) and 03 (emergency) are expedited ([UrgencyOf]).
//
// # Choices where the rules are silent
//
//   - A business day is a day of the calendar's time zone that is neither a
//     Saturday, a Sunday nor one of its named holidays. The day on which a
//     clock starts does not count: "within 2 business days" of Wednesday is
//     due by the end of Friday, of a Saturday by the end of Tuesday.
//   - A due time is the first instant that is late: the end of a business
//     day is midnight starting the next calendar day in the calendar's zone.
//   - 72 hours are 72 elapsed hours. 7 calendar days keep the wall-clock time
//     of receipt in the calendar's zone, so across a change of daylight
//     saving time they are 167 or 169 elapsed hours.
//   - The default calendar is the US federal holidays in America/New_York,
//     each moved to its observed date: a holiday on a Saturday is observed
//     on the Friday before (so New Year's Day 2028 is observed on Friday
//     2027-12-31), one on a Sunday on the Monday after.
package cases
