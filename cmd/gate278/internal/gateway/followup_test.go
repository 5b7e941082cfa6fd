package gateway_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/transport"
)

// The follow-up tests take samples/adjudication/vt-drug-lines-with-pump.x12
// (a test interchange, ISA15 T, from GRNMTNHI) under its configuration
// (drug_lines: with-pump). Expected outcomes, from its golden .out (same
// clock): the set pends A4 0U on the event and both lines, the event's
// REF*NT is N6RYGT99ZF7408, which is the case's number; a DB alone does not
// show the clinical conditions (vt-ind1-chemo: "a DB alone → A4 0U").
// With a PWK 09 (progress report) and M1 (medical record) as well, the
// engine certifies the event and both lines (A1 with DTP*007
// 20260305-20260604), as `gate278 adjudicate` shows for the same request.
const (
	followUpSample = "../../../../samples/adjudication/vt-drug-lines-with-pump.x12"
	followUpCase   = "N6RYGT99ZF7408"
)

func followUpConfig(t *testing.T) *adjudicate.Config {
	t.Helper()
	f, err := os.Open(followUpSample + ".config.json")
	require.NoError(t, err)
	defer f.Close()
	cfg, err := adjudicate.LoadConfig(f)
	require.NoError(t, err)
	return cfg
}

// followUpFile is the sample as a follow-up: ISA13 isa13, REF*NT*ref at
// 2000E (none when ""), the extra PWKs, from sender (8 letters) with ISA15
// usage.
func followUpFile(t *testing.T, isa13, ref, sender, usage string, pwks ...string) []byte {
	t.Helper()
	raw, err := os.ReadFile(followUpSample)
	require.NoError(t, err)
	s := string(raw)
	s = strings.ReplaceAll(s, "000002075", isa13)
	s = strings.ReplaceAll(s, "GRNMTNHI", sender)
	s = strings.Replace(s, "*0*T*:~", "*0*"+usage+"*:~", 1)
	added := 0
	if ref != "" {
		s = strings.Replace(s, "UM*HS*I*18*12:B~\n", "UM*HS*I*18*12:B~\nREF*NT*"+ref+"~\n", 1)
		added++
	}
	for _, p := range pwks {
		s = strings.Replace(s, "PWK*DB*EL***AC*VTM-0232A1~\n", "PWK*DB*EL***AC*VTM-0232A1~\n"+p+"~\n", 1)
		added++
	}
	s = strings.Replace(s, "SE*31*0001~", fmt.Sprintf("SE*%d*0001~", 31+added), 1)
	return []byte(s)
}

var certifyingPWKs = []string{"PWK*09*EL***AC*VTM-0232A2", "PWK*M1*EL***AC*VTM-0232A3"}

// caseResponses returns the final responses (those naming a case) on
// x12.278.out.<partner>.
func caseResponses(t *testing.T, js jetstream.JetStream, partner string) []jetstream.Msg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	subject := "x12.278.out." + partner
	st, err := js.Stream(ctx, "X12_OUT")
	require.NoError(t, err)
	info, err := st.Info(ctx, jetstream.WithSubjectFilter(subject))
	require.NoError(t, err)
	n := int(info.State.Subjects[subject])
	if n == 0 {
		return nil
	}
	cons, err := js.OrderedConsumer(ctx, "X12_OUT", jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}})
	require.NoError(t, err)
	batch, err := cons.Fetch(n)
	require.NoError(t, err)
	var out []jetstream.Msg
	for m := range batch.Messages() {
		if m.Headers().Get(casestore.HeaderCase) != "" {
			out = append(out, m)
		}
	}
	return out
}

// openFollowUpCase starts a gateway and submits the sample as partner
// grnmtnhi: its case is opened, waiting for documents.
func openFollowUpCase(t *testing.T) (*gw, *casestore.Store) {
	t.Helper()
	g := start(t, followUpConfig(t))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	raw, err := os.ReadFile(followUpSample)
	require.NoError(t, err)
	_, err = transport.Submit(ctx, g.js, "grnmtnhi", "pend.x12", bytes.NewReader(raw))
	require.NoError(t, err)
	store, err := casestore.Open(ctx, g.js)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		_, _, err := store.Get(ctx, cases.Test, followUpCase)
		return err == nil
	}, 30*time.Second, 20*time.Millisecond, "the pended sample opens its case")
	c, _, err := store.Get(ctx, cases.Test, followUpCase)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, c.State, "the pended response asked for documents")
	return g, store
}

// submitAndAnswer submits a file as partner and returns its 278 answer.
func submitAndAnswer(t *testing.T, g *gw, partner string, data []byte) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	w, err := transport.WatchOutputs(ctx, g.js, time.Now().Add(-time.Second))
	require.NoError(t, err)
	defer w.Stop()
	id, err := transport.Submit(ctx, g.js, partner, "follow-up.x12", bytes.NewReader(data))
	require.NoError(t, err)
	for _, d := range answers(t, w, id, 3) { // 999, 278, trace
		if d.Kind == "278" {
			body, err := d.Body(ctx, g.js)
			require.NoError(t, err)
			return string(body)
		}
	}
	t.Fatal("no 278 answer")
	return ""
}

func historyKinds(t *testing.T, store *casestore.Store) ([]cases.EventKind, []string) {
	t.Helper()
	evs, err := store.History(context.Background(), cases.Test, followUpCase)
	require.NoError(t, err)
	var kinds []cases.EventKind
	var actors []string
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
		actors = append(actors, e.Actor)
	}
	return kinds, actors
}

// TestFollowUpCertifies: a follow-up naming the case with the documents
// that show the clinical conditions closes the case: decided by the
// engine, documents-received then decided in its history, and its final
// response (BHT06 18, the original trace numbers, A1 on both lines)
// published exactly once.
func TestFollowUpCertifies(t *testing.T) {
	g, store := openFollowUpCase(t)
	answer := submitAndAnswer(t, g, "grnmtnhi", followUpFile(t, "000002076", followUpCase, "GRNMTNHI", "T", certifyingPWKs...))
	require.Contains(t, answer, "HCR*A1*", "the follow-up itself is certified")

	ctx := context.Background()
	require.Eventually(t, func() bool {
		return len(caseResponses(t, g.js, "grnmtnhi")) == 1
	}, 30*time.Second, 20*time.Millisecond, "the case's final response is published")
	c, _, err := store.Get(ctx, cases.Test, followUpCase)
	require.NoError(t, err)
	require.Equal(t, cases.Decided, c.State)
	for _, l := range c.Lines {
		require.NotNil(t, l.Decision, "line %d", l.Number)
		require.Equal(t, cases.Certify, l.Decision.Action)
		require.Equal(t, "20260305", l.Decision.From)
		require.Equal(t, "20260604", l.Decision.To)
	}
	require.Eventually(t, func() bool {
		kinds, _ := historyKinds(t, store)
		return len(kinds) == 4
	}, 10*time.Second, 20*time.Millisecond)
	kinds, actors := historyKinds(t, store)
	require.Equal(t, []cases.EventKind{cases.Created, cases.DocumentsReceived, cases.DecisionMade, cases.ResponsePublished}, kinds)
	require.Equal(t, []string{cases.System, cases.Engine, cases.Engine, cases.System}, actors)

	final := string(caseResponses(t, g.js, "grnmtnhi")[0].Data())
	require.Contains(t, final, "*18~", "BHT06 18: final")
	require.Contains(t, final, "TRN*2*VTM-0232L1*9876543210~")
	require.Contains(t, final, "REF*NT*"+followUpCase+"~")
	require.Equal(t, 3, strings.Count(final, "HCR*A1*"), "the event and both lines certified")

	// The same follow-up again (a new interchange): the case is final, so
	// it is refused and nothing more is sent.
	again := submitAndAnswer(t, g, "grnmtnhi", followUpFile(t, "000002077", followUpCase, "GRNMTNHI", "T", certifyingPWKs...))
	require.Contains(t, again, "AAA*N**AA*C~")
	require.Len(t, caseResponses(t, g.js, "grnmtnhi"), 1)
}

// TestFollowUpStillPends: a follow-up whose documents do not show what is
// missing (a DB alone) moves the case to review with the CORE final clock
// started (2 business days from the follow-up: Monday 2026-03-02 09:16 UTC
// is 04:16 in New York, so the end of Wednesday 2026-03-04 there), sends
// no final response, and answers the follow-up with the case's numbers.
func TestFollowUpStillPends(t *testing.T) {
	g, store := openFollowUpCase(t)
	answer := submitAndAnswer(t, g, "grnmtnhi", followUpFile(t, "000002076", followUpCase, "GRNMTNHI", "T"))
	require.Contains(t, answer, "HCR*A4**0U~")
	require.Contains(t, answer, "REF*NT*"+followUpCase+"~", "the follow-up's answer names the same case")

	ctx := context.Background()
	require.Eventually(t, func() bool {
		c, _, err := store.Get(ctx, cases.Test, followUpCase)
		return err == nil && c.State == cases.InReview
	}, 30*time.Second, 20*time.Millisecond)
	c, _, err := store.Get(ctx, cases.Test, followUpCase)
	require.NoError(t, err)
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	require.True(t, time.Date(2026, 3, 5, 0, 0, 0, 0, ny).Equal(c.Due.Final), "final due %s", c.Due.Final)
	require.True(t, clock.Equal(c.Due.DocumentsReceived))
	require.True(t, c.Due.CloseOut.IsZero(), "no close-out once documents arrived")
	kinds, actors := historyKinds(t, store)
	require.Equal(t, []cases.EventKind{cases.Created, cases.DocumentsReceived}, kinds)
	require.Equal(t, cases.Engine, actors[1])
	require.Empty(t, caseResponses(t, g.js, "grnmtnhi"))
	// No second case was opened for the follow-up.
	cs, err := store.List(ctx, cases.Test)
	require.NoError(t, err)
	require.Len(t, cs, 1)
}

// TestFollowUpRefused: a follow-up naming an unknown case, a closed case,
// another partner's case, or a test case from a production interchange
// gets AAA*N**AA*C at 2000E and no line decisions, and changes nothing.
func TestFollowUpRefused(t *testing.T) {
	g, store := openFollowUpCase(t)
	ctx := context.Background()
	check := func(name string, partner string, data []byte) {
		t.Helper()
		before, rev, err := store.Get(ctx, cases.Test, followUpCase)
		require.NoError(t, err)
		answer := submitAndAnswer(t, g, partner, data)
		require.Contains(t, answer, "AAA*N**AA*C~", name)
		require.NotContains(t, answer, "HCR*", name)
		require.NotContains(t, answer, "HL*5*", name+": no line is considered")
		after, rev2, err := store.Get(ctx, cases.Test, followUpCase)
		require.NoError(t, err)
		require.Equal(t, rev, rev2, name+": the case is unchanged")
		require.Equal(t, before.State, after.State, name)
		cs, err := store.List(ctx, cases.Test)
		require.NoError(t, err)
		require.Len(t, cs, 1, name+": no case is opened")
	}
	check("unknown", "grnmtnhi", followUpFile(t, "000002076", "NOSUCHCASE0001", "GRNMTNHI", "T", certifyingPWKs...))
	check("other partner", "nutmeghi", followUpFile(t, "000002077", followUpCase, "NUTMEGHI", "T", certifyingPWKs...))
	check("production", "grnmtnhi", followUpFile(t, "000002078", followUpCase, "GRNMTNHI", "P", certifyingPWKs...))

	_, _, err := store.Change(ctx, cases.Test, followUpCase, func(c *cases.Case) (cases.Event, error) {
		return cases.Event{Kind: cases.CancelledEvent, Actor: "sup", At: clock}, c.Cancel(clock)
	})
	require.NoError(t, err)
	check("closed", "grnmtnhi", followUpFile(t, "000002079", followUpCase, "GRNMTNHI", "T", certifyingPWKs...))
	kinds, _ := historyKinds(t, store)
	require.NotContains(t, kinds, cases.DocumentsReceived)
}

// TestAnsweredAtOnceIsReported: a production request the engine certifies
// at once (the sample with the certifying documents and no REF*NT) opens
// no case but leaves one answered record, so the public report counts it:
// written first, Vermont standard (UM06 absent) 1 request, 1 approved
// (share 1), decided in 0 h; nothing expedited. The same file delivered
// again records nothing more.
func TestAnsweredAtOnceIsReported(t *testing.T) {
	g := start(t, followUpConfig(t))
	ctx := context.Background()
	data := followUpFile(t, "000002080", "", "GRNMTNHI", "P", certifyingPWKs...)
	answer := submitAndAnswer(t, g, "grnmtnhi", data)
	require.Contains(t, answer, "HCR*A1*")
	store, err := casestore.Open(ctx, g.js)
	require.NoError(t, err)
	var evs []cases.Event
	require.Eventually(t, func() bool {
		evs, err = store.Events(ctx, cases.Production)
		return err == nil && len(evs) == 1
	}, 10*time.Second, 20*time.Millisecond)
	ev := evs[0]
	require.Equal(t, cases.Answered, ev.Kind)
	require.Equal(t, cases.Engine, ev.Actor)
	require.Equal(t, cases.Approved, ev.Outcome)
	require.True(t, clock.Equal(ev.At))
	cs, err := store.List(ctx, cases.Production)
	require.NoError(t, err)
	require.Empty(t, cs, "no case is opened")

	r := cases.PriorAuthReport(evs, clock.Truncate(24*time.Hour), clock.Truncate(24*time.Hour).Add(24*time.Hour), "")
	std := r.Standard
	require.Equal(t, [5]int{1, 1, 0, 0, 1}, [5]int{std.Requests, std.Approved, std.Denied, std.Extended, std.Decided})
	require.Equal(t, 1.0, std.ApprovedShare)
	require.Zero(t, std.MedianTime)
	require.Zero(t, r.Expedited.Requests)

	// Delivered again (the ledger answers it the same): one record still.
	_, err = transport.Submit(ctx, g.js, "grnmtnhi", "again.x12", bytes.NewReader(data))
	require.NoError(t, err)
	time.Sleep(500 * time.Millisecond)
	evs, err = store.Events(ctx, cases.Production)
	require.NoError(t, err)
	require.Len(t, evs, 1)
}
