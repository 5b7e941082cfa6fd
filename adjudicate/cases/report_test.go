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

	// Shuffled: the report does not depend on the order of the events.
	evs := append([]Event(nil), h.evs...)
	rand.New(rand.NewSource(7)).Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
	from, to := mar(1, 0), mar(31, 0).Add(24*time.Hour)

	// Written first, by hand. Vermont Medicaid, standard: S1–S5 are the
	// requests (5); approved S1, S2 (2, 0.4); denied S3 (1, 0.2); extended
	// S2, S4 (2, 0.4), of them approved S2 (1, 0.2); one appeal (S6),
	// approved (1, 0.2 of the requests); S4 closed out, S5 pending; times
	// 24, 96, 48 h: average 56 h, median 48 h.
	wantStd := Figures{Requests: 5, Approved: 2, Denied: 1, Extended: 2, ExtendedApproved: 1, Appeals: 1, ApprovedAfterAppeal: 1,
		ClosedOut: 1, Pending: 1, ApprovedShare: 0.4, DeniedShare: 0.2, ExtendedShare: 0.4, ExtendedApprovedShare: 0.2, AfterAppealShare: 0.2,
		Decided: 3, AverageHours: 56, MedianHours: 48}
	// Expedited: E1, E2 (2); approved E1 (0.5), denied E2 (0.5); appeal E3
	// denied; times 6, 24 h: average and median 15 h.
	wantExp := Figures{Requests: 2, Approved: 1, Denied: 1, Appeals: 1, ApprovedShare: 0.5, DeniedShare: 0.5,
		Decided: 2, AverageHours: 15, MedianHours: 15}
	// Every payer, standard: S8 joins (6 requests, 3 approved = 0.5, 1
	// denied, extended 2 = 1/3); times 24, 24, 48, 96: average 48 h,
	// median 36 h.
	wantAll := Figures{Requests: 6, Approved: 3, Denied: 1, Extended: 2, ExtendedApproved: 1, Appeals: 1, ApprovedAfterAppeal: 1,
		ClosedOut: 1, Pending: 1, ApprovedShare: 0.5, DeniedShare: 1.0 / 6, ExtendedShare: 2.0 / 6, ExtendedApprovedShare: 1.0 / 6, AfterAppealShare: 1.0 / 6,
		Decided: 4, AverageHours: 48, MedianHours: 36}

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
