package cases

import (
	"math/rand"
	"reflect"
	"testing"
	"time"
)

// history is a generated audit trail: each case's events stamped as the
// store stamps them.
type history struct{ evs []Event }

func mar(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }

func (h *history) add(env, id, payer string, u Urgency, typ string, steps ...Event) {
	for _, ev := range steps {
		ev.Case, ev.Environment, ev.Payer, ev.Urgency, ev.Type = id, env, payer, u, typ
		h.evs = append(h.evs, ev)
	}
}

func created(t time.Time, s State) Event { return Event{Kind: Created, At: t, To: s} }
func decided(t time.Time, o Outcome) Event {
	return Event{Kind: DecisionMade, At: t, From: InReview, To: Decided, Outcome: o}
}
func published(t time.Time) Event { return Event{Kind: ResponsePublished, At: t, To: Decided} }

func TestPriorAuthReportHandComputed(t *testing.T) {
	var h history
	const vt, anthem = "VTMEDICAID", "ANTHEM"
	// Standard requests.
	h.add(Production, "S1", vt, Standard, TypeInitial, created(mar(2, 0), Open), decided(mar(3, 0), Approved), published(mar(3, 0))) // 24 h
	h.add(Production, "S2", vt, Standard, TypeInitial, created(mar(5, 0), WaitingDocuments),
		Event{Kind: DocumentsReceived, At: mar(6, 0), From: WaitingDocuments, To: InReview},
		decided(mar(9, 0), Approved), published(mar(9, 1))) // 96 h, extended
	h.add(Production, "S3", vt, Standard, TypeInitial, created(mar(10, 0), Open),
		Event{Kind: Assigned, At: mar(10, 5), To: InReview}, decided(mar(12, 0), Denied)) // 48 h
	h.add(Production, "S4", vt, Standard, TypeInitial, created(mar(15, 0), Open),
		Event{Kind: DocumentsRequested, At: mar(16, 0), To: WaitingDocuments},
		Event{Kind: ClosedOutEvent, At: mar(31, 0).AddDate(0, 0, 10), From: WaitingDocuments, To: ClosedOut}) // extended, closed out
	h.add(Production, "S5", vt, Standard, TypeInitial, created(mar(20, 0), Open))                                                // pending
	h.add(Production, "S6", vt, Standard, TypeAppealStandard, created(mar(21, 0), Open), decided(mar(22, 0), Approved))          // appeal approved
	h.add(Production, "S7", vt, Standard, TypeInitial, created(mar(1, 0).AddDate(0, 0, -2), Open), decided(mar(2, 0), Approved)) // before the period
	h.add(Production, "S8", anthem, Standard, TypeInitial, created(mar(25, 0), Open), decided(mar(26, 0), Approved))             // other payer, 24 h
	h.add(Test, "S9", vt, Standard, TypeInitial, created(mar(5, 0), Open), decided(mar(5, 1), Denied))                           // test: never counted
	// Expedited requests.
	h.add(Production, "E1", vt, Expedited, TypeInitial, created(mar(2, 0), Open), decided(mar(2, 6), Approved))       // 6 h
	h.add(Production, "E2", vt, Expedited, TypeInitial, created(mar(3, 0), Open), decided(mar(4, 0), Denied))         // 24 h
	h.add(Production, "E3", vt, Expedited, TypeAppealImmediate, created(mar(4, 0), Open), decided(mar(4, 9), Denied)) // appeal denied

	// Requests the engine answered at once: no case, one answered event,
	// zero time to decision.
	answered := func(id, env, payer string, u Urgency, typ string, o Outcome, at time.Time) {
		h.evs = append(h.evs, AnsweredEvent(id, env, payer, u, typ, o, at))
	}
	answered("I1", Production, vt, Standard, TypeInitial, OutcomeOf("A1"), mar(7, 0))
	answered("I2", Production, vt, Expedited, TypeInitial, OutcomeOf("A3"), mar(8, 0))
	answered("I3", Production, vt, Expedited, TypeAppealImmediate, OutcomeOf("A1"), mar(9, 0))
	answered("I4", Production, anthem, Standard, TypeInitial, OutcomeOf("A1"), mar(26, 0))
	answered("I5", Test, vt, Standard, TypeInitial, OutcomeOf("A1"), mar(7, 0)) // test: never counted

	// Shuffled: the report does not depend on the order of the events.
	evs := append([]Event(nil), h.evs...)
	rand.New(rand.NewSource(7)).Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
	from, to := mar(1, 0), mar(31, 0).Add(24*time.Hour)

	// Written first, by hand. Vermont Medicaid, standard: S1–S5 and I1
	// are the requests (6); approved S1, S2, I1 (3, 0.5); denied S3 (1,
	// 1/6); extended S2, S4 (2, 1/3), of them approved S2 (1, 1/6); one
	// appeal (S6), approved (1, 1/6 of the requests); S4 closed out, S5
	// pending; times 24, 96, 48 and I1's 0 h: average 42 h, median 36 h.
	wantStd := Figures{Requests: 6, Approved: 3, Denied: 1, Extended: 2, ExtendedApproved: 1, Appeals: 1, ApprovedAfterAppeal: 1,
		ClosedOut: 1, Pending: 1, ApprovedShare: 0.5, DeniedShare: 1.0 / 6, ExtendedShare: 2.0 / 6, ExtendedApprovedShare: 1.0 / 6, AfterAppealShare: 1.0 / 6,
		Decided: 4, AverageHours: 42, MedianHours: 36}
	// Expedited: E1, E2, I2 (3); approved E1 (1/3), denied E2, I2 (2/3);
	// appeals E3 (denied) and I3 (approved at once: 1, 1/3); times 6, 24,
	// 0 h: average 10 h, median 6 h.
	wantExp := Figures{Requests: 3, Approved: 1, Denied: 2, Appeals: 2, ApprovedAfterAppeal: 1, ApprovedShare: 1.0 / 3, DeniedShare: 2.0 / 3,
		AfterAppealShare: 1.0 / 3, Decided: 3, AverageHours: 10, MedianHours: 6}
	// Every payer, standard: S8 and I4 join (8 requests, 5 approved =
	// 0.625, 1 denied = 0.125, extended 2 = 0.25); times 0, 0, 24, 24, 48,
	// 96: average 32 h, median 24 h.
	wantAll := Figures{Requests: 8, Approved: 5, Denied: 1, Extended: 2, ExtendedApproved: 1, Appeals: 1, ApprovedAfterAppeal: 1,
		ClosedOut: 1, Pending: 1, ApprovedShare: 0.625, DeniedShare: 0.125, ExtendedShare: 0.25, ExtendedApprovedShare: 0.125, AfterAppealShare: 0.125,
		Decided: 6, AverageHours: 32, MedianHours: 24}

	r := PriorAuthReport(evs, from, to, vt)
	check(t, "vt standard", r.Standard, wantStd)
	check(t, "vt expedited", r.Expedited, wantExp)
	all := PriorAuthReport(evs, from, to, "")
	check(t, "all standard", all.Standard, wantAll)
	check(t, "all expedited", all.Expedited, wantExp)
	if none := PriorAuthReport(evs, from, to, "NOBODY"); none.Standard.Requests != 0 || none.Standard.ApprovedShare != 0 || none.Standard.Decided != 0 {
		t.Errorf("unknown payer: %+v", none.Standard)
	}
}

func check(t *testing.T, name string, got, want Figures) {
	t.Helper()
	got.decisionTimes = nil
	want.AverageTime = time.Duration(want.AverageHours * float64(time.Hour))
	want.MedianTime = time.Duration(want.MedianHours * float64(time.Hour))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
	}
}

func TestOutcomeAndCertificationType(t *testing.T) {
	c := Case{Envelope: Envelope{Delimiters: "*^:~"}, Hierarchy: []Level{
		{Code: "20", Segments: []string{"HL*1**20*1"}},
		{Code: "EV", Segments: []string{"HL*5*4*EV*1", "UM*HS*2*1"}},
	}, Lines: []Line{{Result: "A1"}, {Result: "A4", Decision: &LineDecision{Action: Modify}}}}
	if got := c.CertificationType(); got != "2" || !Appeal(got) {
		t.Errorf("type %q", got)
	}
	if got := c.Outcome(); got != Approved {
		t.Errorf("A1+A6: %q", got)
	}
	c.Lines = append(c.Lines, Line{Result: "A4", Decision: &LineDecision{Action: NotCertify}})
	if got := c.Outcome(); got != Denied {
		t.Errorf("A1+A6+A3: %q", got)
	}
	c.Lines = append(c.Lines, Line{Result: "A4"})
	if got := c.Outcome(); got != "" {
		t.Errorf("a line still pended: %q", got)
	}
}
