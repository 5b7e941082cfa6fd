package adjudicate

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testNow is the fixed adjudication time of the tests.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// NPIs with valid check digits (1234567893 is the CMS example).
const (
	npiOncologist = "1234567893"
	npiOther      = "1245319599"
	// npiRequester is the requesting supplier's own NPI: an ordering
	// provider carrying it is the requester standing in for the prescriber.
	npiRequester = "1654321987"
)

// mod changes a request under construction.
type mod func(*Request)

// newReq builds a clean single-event request for a payer ID ("ANTHEMCT" or
// "VTMEDICAID") with home POS, March 2026 dates and a colon cancer
// diagnosis, then applies the mods.
func newReq(payerID string, lines []Line, mods ...mod) *Request {
	r := &Request{
		Identity:       "SUBMITTER|000000101|101|0001",
		PayerQualifier: "PI", PayerID: payerID,
		SubscriberID: "MEMBER0001",
		Patient:      Person{Gender: "F", BirthDate: "19700101"},
		Requester:    Provider{Entity: "1P", NPI: npiRequester, Taxonomy: "332B00000X", Role: "AS"},
		Event: Event{
			Category: "HS", CertType: "I", ServiceType: "18", POS: "12", LevelOfService: "E",
			From: "20260301", To: "20260331",
			Diagnoses: []Diagnosis{{Qualifier: "ABK", Code: "C189"}},
		},
		Lines: lines,
	}
	for _, m := range mods {
		m(r)
	}
	return r
}

func hc(code string, mods ...func(*Line)) Line {
	l := Line{Qualifier: "HC", Code: code, Units: 1, UnitBasis: "UN"}
	for _, m := range mods {
		m(&l)
	}
	return l
}

func hours(h float64) func(*Line) {
	return func(l *Line) {
		l.Delivery = append(l.Delivery, DeliveryPattern{Qualifier: "HS", Quantity: h, PeriodQualifier: "26", Periods: 1})
	}
}

func modifiers(ms ...string) func(*Line) { return func(l *Line) { l.Modifiers = ms } }

func dx(codes ...string) mod {
	return func(r *Request) {
		r.Event.Diagnoses = nil
		for i, c := range codes {
			q := "ABF"
			if i == 0 {
				q = "ABK"
			}
			r.Event.Diagnoses = append(r.Event.Diagnoses, Diagnosis{Qualifier: q, Code: c})
		}
	}
}

func pos(p string) mod       { return func(r *Request) { r.Event.POS = p } }
func cert(t string) mod      { return func(r *Request) { r.Event.CertType = t } }
func gender(g string) mod    { return func(r *Request) { r.Patient.Gender = g } }
func identity(id string) mod { return func(r *Request) { r.Identity = id } }
func dates(from, to string) mod {
	return func(r *Request) { r.Event.From, r.Event.To = from, to }
}
func priorAuth(n string) mod { return func(r *Request) { r.Event.PriorAuth = n } }
func pwk(t string) mod {
	return func(r *Request) {
		r.Event.Attachments = append(r.Event.Attachments, Attachment{ReportType: t, Transmission: "FX", ControlNumber: "ATT1"})
	}
}
func ordering(npi, taxonomy string) mod {
	return func(r *Request) {
		r.Event.Providers = append(r.Event.Providers, Provider{Entity: "DK", NPI: npi, Taxonomy: taxonomy})
	}
}

// configJSON loads a configuration file text, failing the test on error.
func configJSON(t testing.TB, text string) *Config {
	t.Helper()
	cfg, err := LoadConfig(strings.NewReader(text))
	require.NoError(t, err)
	return cfg
}

func defaultConfig(t testing.TB) *Config {
	t.Helper()
	cfg, err := DefaultConfig()
	require.NoError(t, err)
	return cfg
}

func decide(t testing.TB, req *Request, cfg *Config) *Result {
	t.Helper()
	res, err := Decide(req, cfg, testNow)
	require.NoError(t, err)
	require.Len(t, res.Lines, len(req.Lines))
	return res
}

// criterionResult finds a criterion's result in a line trace.
func criterionResult(t testing.TB, ld *LineDecision, id string) CriterionResult {
	t.Helper()
	for _, r := range ld.Trace.Criteria {
		if r.ID == id {
			return r
		}
	}
	require.Failf(t, "criterion not in trace", "%s not evaluated on line %d", id, ld.Line)
	return CriterionResult{}
}

// want describes the expected outcome of a case; zero fields are not
// checked.
type want struct {
	actions      []string          // HCR01 per line ("" = AAA or not considered)
	reasons      map[int][]string  // HCR03 per line
	event        string            // event HCR01
	eventReasons []string          // event HCR03
	rule         string            // rule of line 0
	decisive     []string          // decisive criteria of line 0
	results      map[string]string // criterion → result on line 0
	needs        map[string]string // criterion → needs on line 0
	msg          []string          // substrings of line 0's MSG
	docs         []string          // LOINC documents of line 0
	recommended  string            // trace recommendation of line 0
	pending      *bool             // BHT06 19
	check        func(*testing.T, *Result)
}

func boolp(b bool) *bool { return &b }

func (w want) verify(t *testing.T, res *Result) {
	t.Helper()
	if w.actions != nil {
		got := make([]string, len(res.Lines))
		for i := range res.Lines {
			got[i] = res.Lines[i].Action
		}
		require.Equal(t, w.actions, got, "line actions")
	}
	for i, rs := range w.reasons {
		require.Equal(t, rs, res.Lines[i].Reasons, "reasons of line %d", i)
	}
	if w.event != "" {
		require.Equal(t, w.event, res.Event.Action, "event action")
	}
	if w.eventReasons != nil {
		require.Equal(t, w.eventReasons, res.Event.Reasons, "event reasons")
	}
	l0 := &res.Lines[0]
	if w.rule != "" {
		require.Equal(t, w.rule, l0.Trace.Rule, "rule of line 0")
	}
	if w.decisive != nil {
		require.Equal(t, w.decisive, l0.Trace.Decisive, "decisive criteria of line 0")
	}
	for id, r := range w.results {
		require.Equal(t, r, criterionResult(t, l0, id).Result, "result of %s", id)
	}
	for id, n := range w.needs {
		require.Equal(t, n, criterionResult(t, l0, id).Needs, "needs of %s", id)
	}
	for _, m := range w.msg {
		require.Contains(t, l0.Message, m, "MSG of line 0")
	}
	if w.docs != nil {
		require.Equal(t, w.docs, l0.Documents, "documents of line 0")
	}
	if w.recommended != "" {
		require.Equal(t, w.recommended, l0.Trace.Recommended)
	}
	if w.pending != nil {
		require.Equal(t, *w.pending, res.Pending, "pending")
	}
	if w.check != nil {
		w.check(t, res)
	}
	// Every result explains without formatting errors.
	var buf bytes.Buffer
	require.NoError(t, Explain(&buf, res))
	require.NotContains(t, buf.String(), "%!")
	require.NotContains(t, buf.String(), "MEMBER0001")
	// Invariants of every result.
	for i := range res.Lines {
		ld := &res.Lines[i]
		require.False(t, ld.Action != "" && len(ld.Errors) > 0, "line %d has both an HCR and an AAA", i)
		switch ld.Action {
		case ActionCertified:
			require.NotEmpty(t, ld.AuthNumber, "A1 without HCR02 on line %d", i)
			require.NotEmpty(t, ld.CertFrom, "A1 without DTP*007 on line %d", i)
		case ActionNotCertified:
			require.NotEmpty(t, ld.Reasons, "A3 without HCR03 on line %d", i)
			require.NotEmpty(t, ld.Message, "A3 without MSG on line %d", i)
			require.LessOrEqual(t, len(ld.Message), 264)
		case ActionPended:
			require.NotEmpty(t, ld.Reasons, "A4 without HCR03 on line %d", i)
			require.NotEmpty(t, ld.AdminRef, "A4 without REF*NT on line %d", i)
			require.True(t, res.Pending)
		}
	}
}
