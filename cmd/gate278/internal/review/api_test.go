package review

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/transport"
)

var clock = time.Date(2026, 3, 10, 13, 6, 0, 0, time.UTC)

// syncBuffer is a log sink the server's goroutines share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func hash(t *testing.T, pw string) string {
	t.Helper()
	t.Setenv("GATE278_TEST_BCRYPT", "1") // accept bcrypt.MinCost, for speed
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	require.NoError(t, err)
	return string(h)
}

type fixture struct {
	url  string
	id   string
	js   jetstream.JetStream
	logs *syncBuffer
}

// start runs a real embedded NATS with the topology, stores the case the
// pended sample doc-7.2 opens, and serves the API over real HTTP.
func start(t *testing.T) *fixture {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	srv, err := transport.StartServer(ctx, transport.ServerConfig{DataDir: t.TempDir(), Listen: "127.0.0.1:-1"})
	require.NoError(t, err)
	t.Cleanup(srv.Shutdown)
	nc, err := transport.Connect(ctx, transport.ConnectConfig{URL: srv.ClientURL(), Name: t.Name(), NKeySeedFile: srv.Credentials().Gateway()})
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	require.NoError(t, transport.EnsureTopology(ctx, js))
	store, err := casestore.Open(ctx, js)
	require.NoError(t, err)

	raw, err := os.ReadFile("../../../../samples/requests/doc-7.2-dependent-urgent-k0455.x12")
	require.NoError(t, err)
	in := strings.Replace(string(raw), "PI*99999", "PI*VTMEDICAID", 1)
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	var draft *cases.Case
	_, err = pipeline.Process(ctx, strings.NewReader(in), pipeline.Options{Now: clock, Config: cfg, Cases: true},
		func(o pipeline.Output) error {
			if o.Kind == pipeline.KindPend {
				draft = o.Case
			}
			return nil
		})
	require.NoError(t, err)
	require.NotNil(t, draft)
	clocks, err := casestore.DefaultClocks()
	require.NoError(t, err)
	require.NoError(t, (&casestore.Opener{Store: store, Clocks: clocks}).OpenCase(ctx, *draft))

	// rn-lee may make adverse determinations (the tests' denials are
	// hers); rn-diaz and the supervisor may not.
	conf, err := json.Marshal(map[string]any{"reviewers": []map[string]any{
		{"name": "rn-lee", "role": "reviewer", "adverse": true, "password_hash": hash(t, "lee-secret")},
		{"name": "rn-diaz", "role": "reviewer", "password_hash": hash(t, "diaz-secret")},
		{"name": "md-okafor", "role": "supervisor", "password_hash": hash(t, "okafor-secret")},
		{"name": "audit-kim", "role": "auditor", "password_hash": hash(t, "kim-secret")},
	}})
	require.NoError(t, err)
	rs, err := ParseReviewers(conf)
	require.NoError(t, err)
	logs := &syncBuffer{}
	mux := http.NewServeMux()
	api := &API{Store: store, Reviewers: rs, Logger: slog.New(slog.NewJSONHandler(logs, nil)), Now: func() time.Time { return clock.Add(time.Hour) },
		Clocks: clocks}
	api.Mount(mux)
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return &fixture{url: hs.URL, id: draft.ID, js: js, logs: logs}
}

var passwords = map[string]string{"rn-lee": "lee-secret", "rn-diaz": "diaz-secret", "md-okafor": "okafor-secret", "audit-kim": "kim-secret"}

// do sends a request as who ("" none) and returns the status and body.
func (f *fixture) do(t *testing.T, who, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, f.url+path, rd)
	require.NoError(t, err)
	if who != "" {
		req.SetBasicAuth(who, passwords[who])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

func TestAuthentication(t *testing.T) {
	f := start(t)
	code, _ := f.do(t, "", "GET", "/v1/cases", nil)
	require.Equal(t, http.StatusUnauthorized, code, "no credentials")
	req, err := http.NewRequest("GET", f.url+"/v1/cases/"+f.id, nil)
	require.NoError(t, err)
	req.SetBasicAuth("rn-lee", "wrong")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "wrong password")
	require.Contains(t, resp.Header.Get("WWW-Authenticate"), "Basic")
	req.SetBasicAuth("nobody", "lee-secret")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "unknown reviewer")

	code, _ = f.do(t, "audit-kim", "POST", "/v1/cases/"+f.id+"/decide", DecideRequest{})
	require.Equal(t, http.StatusForbidden, code, "an auditor decides nothing")
	code, _ = f.do(t, "audit-kim", "POST", "/v1/cases/"+f.id+"/assign", AssignRequest{Reviewer: "audit-kim"})
	require.Equal(t, http.StatusForbidden, code)
	code, _ = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/assign", AssignRequest{Reviewer: "rn-diaz"})
	require.Equal(t, http.StatusForbidden, code, "only a supervisor assigns others")
	code, _ = f.do(t, "audit-kim", "GET", "/v1/cases/"+f.id, nil)
	require.Equal(t, http.StatusOK, code, "an auditor reads")
}

func TestParseReviewersRefusesPlainPasswords(t *testing.T) {
	_, err := ParseReviewers([]byte(`{"reviewers":[{"name":"a","role":"reviewer","password_hash":"secret"}]}`))
	require.ErrorIs(t, err, ErrConfig)
	_, err = ParseReviewers([]byte(`{"reviewers":[{"name":"a","role":"boss","password_hash":"` + hash(t, "x") + `"}]}`))
	require.ErrorIs(t, err, ErrConfig)
	// A password long enough that a random bcrypt string cannot hold it by
	// chance (a two-letter one did, about once in 75 runs).
	const pw = "correct horse battery staple"
	h, err := HashPassword(pw)
	require.NoError(t, err)
	require.NotContains(t, h, pw)
	require.NoError(t, bcrypt.CompareHashAndPassword([]byte(h), []byte(pw)), "the hash is of the password")
}

// TestReviewFlow: list and filter, show, assign, decide (the final 278 is
// published), a second decision is refused, and the history has every
// step; the request log names the reviewers and holds no PHI.
func TestReviewFlow(t *testing.T) {
	f := start(t)
	code, body := f.do(t, "rn-lee", "GET", "/v1/cases?state=waiting-documents&policy=vt-dvha-eip&urgency=expedited", nil)
	require.Equal(t, http.StatusOK, code, string(body))
	var list []Summary
	require.NoError(t, json.Unmarshal(body, &list))
	require.Len(t, list, 1)
	require.Equal(t, f.id, list[0].ID)
	require.Equal(t, []string{"K0455", "J1325"}, list[0].Codes)
	code, body = f.do(t, "rn-lee", "GET", "/v1/cases?state=decided", nil)
	require.Equal(t, http.StatusOK, code)
	require.JSONEq(t, `[]`, string(body))
	code, body = f.do(t, "rn-lee", "GET", "/v1/cases?due_before=2026-03-01T00:00:00Z", nil)
	require.Equal(t, http.StatusOK, code)
	require.JSONEq(t, `[]`, string(body), "due after that")
	code, _ = f.do(t, "rn-lee", "GET", "/v1/cases?env=test", nil)
	require.Equal(t, http.StatusOK, code)

	code, body = f.do(t, "rn-lee", "GET", "/v1/cases/"+f.id, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), `"state":"waiting-documents"`)
	code, _ = f.do(t, "rn-lee", "GET", "/v1/cases/NOSUCHCASE", nil)
	require.Equal(t, http.StatusNotFound, code)

	code, body = f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/assign", AssignRequest{Reviewer: "rn-lee"})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Contains(t, string(body), `"assignee":"rn-lee"`)

	bad := DecideRequest{Lines: map[int]cases.LineDecision{1: {Action: cases.Certify, From: "20260303", To: "20260501"}, 9: {Action: cases.Certify}}}
	code, body = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/decide", bad)
	require.Equal(t, http.StatusUnprocessableEntity, code, string(body))
	require.Contains(t, string(body), "no line 9")

	good := DecideRequest{Rationale: "chart reviewed", Lines: map[int]cases.LineDecision{
		1: {Action: cases.Certify, From: "20260303", To: "20260501"},
		2: {Action: cases.NotCertify, Code: "0V", Reason: "home infusion is not shown to be needed"},
	}}
	code, body = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/decide", good)
	require.Equal(t, http.StatusOK, code, string(body))
	require.Contains(t, string(body), `"published":true`)
	code, body = f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/decide", certifyAll)
	require.Equal(t, http.StatusConflict, code, string(body))
	require.Contains(t, string(body), "final")

	st, err := f.js.Stream(context.Background(), "X12_OUT")
	require.NoError(t, err)
	info, err := st.Info(context.Background(), jetstream.WithSubjectFilter("x12.278.out.CLEARHUB"))
	require.NoError(t, err)
	require.EqualValues(t, 1, info.State.Subjects["x12.278.out.CLEARHUB"], "one final response")

	code, body = f.do(t, "audit-kim", "GET", "/v1/cases/"+f.id+"/history", nil)
	require.Equal(t, http.StatusOK, code)
	var evs []cases.Event
	require.NoError(t, json.Unmarshal(body, &evs))
	var kinds []cases.EventKind
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	require.Equal(t, []cases.EventKind{cases.Created, cases.Assigned, cases.DecisionMade, cases.ResponsePublished}, kinds)
	require.Equal(t, "md-okafor", evs[1].Actor)
	require.Equal(t, "rn-lee", evs[2].Actor)

	logs := f.logs.String()
	for _, who := range []string{"rn-lee", "md-okafor", "audit-kim"} {
		require.Contains(t, logs, `"reviewer":"`+who+`"`)
	}
	for _, phi := range []string{"DOE", "LILY", "ZZX987654321", "20150704", "JOHN"} {
		require.NotContains(t, logs, phi, "no PHI in the request log")
	}
}

// TestCancel: a supervisor cancels a case with a rationale; its final 278
// answers C; a reviewer may not cancel.
func TestCancel(t *testing.T) {
	f := start(t)
	code, _ := f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/cancel", CancelRequest{Rationale: "withdrawn by the provider"})
	require.Equal(t, http.StatusForbidden, code)
	code, _ = f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/cancel", CancelRequest{})
	require.Equal(t, http.StatusBadRequest, code, "a cancellation says why")
	code, body := f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/cancel", CancelRequest{Rationale: "withdrawn by the provider"})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Contains(t, string(body), `"published":true`)
	cons, err := f.js.OrderedConsumer(context.Background(), "X12_OUT", jetstream.OrderedConsumerConfig{FilterSubjects: []string{"x12.278.out.CLEARHUB"}})
	require.NoError(t, err)
	m, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
	require.NoError(t, err)
	require.Contains(t, string(m.Data()), "HCR*C*"+f.id+"~")
	code, _ = f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/cancel", CancelRequest{Rationale: "again"})
	require.Equal(t, http.StatusConflict, code, "already final")
}

// TestRequestDocuments: a reviewer asks for one more document on a pended
// line; the case waits for documents with its close-out clock and a 278
// (BHT06 19, A4 0U, HI LOI with the new code) goes to the provider.
func TestRequestDocuments(t *testing.T) {
	f := start(t)
	code, _ := f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/assign", AssignRequest{})
	require.Equal(t, http.StatusOK, code)
	code, body := f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/request-documents", DocumentsRequest{Lines: map[int][]string{2: {"not-loinc"}}})
	require.Equal(t, http.StatusUnprocessableEntity, code, string(body))
	code, body = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/request-documents",
		DocumentsRequest{Lines: map[int][]string{2: {"34133-9"}}, Rationale: "need the discharge summary"})
	require.Equal(t, http.StatusOK, code, string(body))
	require.Contains(t, string(body), `"state":"waiting-documents"`)
	require.Contains(t, string(body), `"published":true`)
	cons, err := f.js.OrderedConsumer(context.Background(), "X12_OUT", jetstream.OrderedConsumerConfig{FilterSubjects: []string{"x12.278.out.CLEARHUB"}})
	require.NoError(t, err)
	m, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
	require.NoError(t, err)
	got := string(m.Data())
	require.Contains(t, got, "*19~HL*1**20*1~")
	require.Contains(t, got, "HI*LOI:34133-9~")
	code, body = f.do(t, "rn-lee", "GET", "/v1/cases/"+f.id, nil)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), `"close_out"`)
}

// TestListCloseOutDue: a case flagged for close-out by review (payer
// setting close_out: review) is what close_out_due=true lists.
func TestListCloseOutDue(t *testing.T) {
	f := start(t)
	list := func() []Summary {
		code, body := f.do(t, "md-okafor", "GET", "/v1/cases?close_out_due=true", nil)
		require.Equal(t, http.StatusOK, code, string(body))
		var out []Summary
		require.NoError(t, json.Unmarshal(body, &out))
		return out
	}
	require.Empty(t, list(), "nothing is flagged yet")
	ctx := context.Background()
	store, err := casestore.Open(ctx, f.js)
	require.NoError(t, err)
	c, _, err := store.Get(ctx, cases.Production, f.id)
	require.NoError(t, err)
	n, err := store.CloseOutDue(ctx, c.Due.CloseOut, func(string) string { return adjudicate.CloseOutReview })
	require.NoError(t, err)
	require.Equal(t, 1, n)
	got := list()
	require.Len(t, got, 1)
	require.Equal(t, f.id, got[0].ID)
	require.True(t, got[0].CloseOutDue)
	require.Equal(t, cases.WaitingDocuments, got[0].State)
}

// outCount is how many 278s went to the requester CLEARHUB.
func (f *fixture) outCount(t *testing.T) uint64 {
	t.Helper()
	st, err := f.js.Stream(context.Background(), "X12_OUT")
	require.NoError(t, err)
	info, err := st.Info(context.Background(), jetstream.WithSubjectFilter("x12.278.out.CLEARHUB"))
	require.NoError(t, err)
	return info.State.Subjects["x12.278.out.CLEARHUB"]
}

// revision is the case's current revision.
func (f *fixture) revision(t *testing.T) uint64 {
	t.Helper()
	code, body := f.do(t, "audit-kim", "GET", "/v1/cases/"+f.id, nil)
	require.Equal(t, http.StatusOK, code, string(body))
	var v struct{ Revision uint64 }
	require.NoError(t, json.Unmarshal(body, &v))
	return v.Revision
}

// certifyAll certifies both lines of doc-7.2 (against the engine's pend:
// with a rationale).
var certifyAll = DecideRequest{Rationale: "chart reviewed: criteria met", Lines: map[int]cases.LineDecision{
	1: {Action: cases.Certify, From: "20260303", To: "20260501"},
	2: {Action: cases.Certify, From: "20260303", To: "20260501"},
}}

// TestAdverseNeedsTheFlag: a not-certify or modify decision by a reviewer
// (or a supervisor) not marked adverse is refused 403 citing the rule, in
// the preview too, and nothing is stored or sent; the same reviewer may
// certify; a reviewer marked adverse may deny (TestReviewFlow).
func TestAdverseNeedsTheFlag(t *testing.T) {
	f := start(t)
	rev := f.revision(t)
	modify := DecideRequest{Rationale: "fewer days", Lines: map[int]cases.LineDecision{
		1: {Action: cases.Modify, From: "20260303", To: "20260401", Reason: "one month first"},
		2: {Action: cases.Certify, From: "20260303", To: "20260401"},
	}}
	for _, tt := range []struct {
		who   string
		route string
		req   DecideRequest
	}{
		{"rn-diaz", "decide", good},
		{"rn-diaz", "preview", good},
		{"rn-diaz", "decide", modify},
		{"md-okafor", "decide", good},
		{"md-okafor", "decide", modify},
	} {
		code, body := f.do(t, tt.who, "POST", "/v1/cases/"+f.id+"/"+tt.route, tt.req)
		require.Equal(t, http.StatusForbidden, code, "%s %s: %s", tt.who, tt.route, body)
		require.Contains(t, string(body), "42 CFR 438.210(b)(3), 422.566(d)")
		require.Contains(t, string(body), "adverse determination")
	}
	require.Equal(t, rev, f.revision(t), "nothing stored")
	require.Zero(t, f.outCount(t), "nothing sent")

	code, body := f.do(t, "rn-diaz", "POST", "/v1/cases/"+f.id+"/decide", certifyAll)
	require.Equal(t, http.StatusOK, code, "certifying needs no flag: %s", body)
	require.Contains(t, string(body), `"published":true`)
	require.EqualValues(t, 1, f.outCount(t))
}

// TestParseReviewersAdverse: the flag is read; an auditor cannot have it.
func TestParseReviewersAdverse(t *testing.T) {
	rs, err := ParseReviewers([]byte(`{"reviewers":[{"name":"md-a","role":"reviewer","adverse":true,"password_hash":"` + hash(t, "x") + `"},
		{"name":"rn-b","role":"reviewer","password_hash":"` + hash(t, "x") + `"}]}`))
	require.NoError(t, err)
	a, _ := rs.Lookup("md-a")
	b, _ := rs.Lookup("rn-b")
	require.True(t, a.Adverse)
	require.False(t, b.Adverse)
	_, err = ParseReviewers([]byte(`{"reviewers":[{"name":"k","role":"auditor","adverse":true,"password_hash":"` + hash(t, "x") + `"}]}`))
	require.ErrorIs(t, err, ErrConfig)
}

// TestAssignmentEnforced: a case assigned to rn-lee is not taken, decided
// or asked for documents by rn-diaz (403 naming rn-lee, nothing stored or
// sent); a supervisor reassigns it to rn-diaz, who then may, and rn-lee
// then may not.
func TestAssignmentEnforced(t *testing.T) {
	f := start(t)
	code, body := f.do(t, "rn-diaz", "POST", "/v1/cases/"+f.id+"/assign", AssignRequest{})
	require.Equal(t, http.StatusOK, code, "a reviewer takes an unassigned case: %s", body)
	code, body = f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/assign", AssignRequest{Reviewer: "rn-lee"})
	require.Equal(t, http.StatusOK, code, "a supervisor reassigns: %s", body)
	rev := f.revision(t)
	docs := DocumentsRequest{Lines: map[int][]string{2: {"34133-9"}}, Rationale: "need the discharge summary"}
	for _, tt := range []struct {
		route string
		req   any
		words string
	}{
		{"assign", AssignRequest{}, "only rn-lee or a supervisor may reassign it"},
		{"decide", certifyAll, "only rn-lee or a supervisor may decide it"},
		{"preview", certifyAll, "only rn-lee or a supervisor may decide it"},
		{"request-documents", docs, "only rn-lee or a supervisor may request documents for it"},
		{"request-documents/preview", docs, "only rn-lee or a supervisor may request documents for it"},
	} {
		code, body := f.do(t, "rn-diaz", "POST", "/v1/cases/"+f.id+"/"+tt.route, tt.req)
		require.Equal(t, http.StatusForbidden, code, "%s: %s", tt.route, body)
		require.Contains(t, string(body), "is assigned to rn-lee: "+tt.words, tt.route)
	}
	require.Equal(t, rev, f.revision(t), "nothing stored")
	require.Zero(t, f.outCount(t), "nothing sent")

	code, body = f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/assign", AssignRequest{Reviewer: "rn-diaz"})
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/request-documents", docs)
	require.Equal(t, http.StatusForbidden, code, string(body))
	require.Contains(t, string(body), "assigned to rn-diaz")
	code, body = f.do(t, "rn-diaz", "POST", "/v1/cases/"+f.id+"/request-documents", docs)
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/decide", certifyAll)
	require.Equal(t, http.StatusOK, code, "a supervisor decides a case assigned to another: %s", body)
	require.EqualValues(t, 2, f.outCount(t))
}

// TestStalePreview: rn-lee previews a decision on the case assigned to
// her; the supervisor then asks
// for documents (a 278 goes out); rn-lee's decision sent at the previewed
// revision is refused 409 "preview again" and sends nothing; so are a
// cancellation and a documents request at a stale revision; a decision
// previewed again goes out.
func TestStalePreview(t *testing.T) {
	f := start(t)
	code, body := f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/assign", AssignRequest{Reviewer: "rn-lee"})
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/preview", good)
	require.Equal(t, http.StatusOK, code, string(body))
	var pv PreviewResponse
	require.NoError(t, json.Unmarshal(body, &pv))
	require.Equal(t, f.revision(t), pv.Revision, "the preview names the revision it was made at")

	docs := DocumentsRequest{Lines: map[int][]string{2: {"34133-9"}}, Rationale: "need the discharge summary"}
	code, body = f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/request-documents", docs)
	require.Equal(t, http.StatusOK, code, string(body))
	require.EqualValues(t, 1, f.outCount(t))
	rev := f.revision(t)

	stale := good
	stale.Revision = pv.Revision
	code, body = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/decide", stale)
	require.Equal(t, http.StatusConflict, code, string(body))
	require.JSONEq(t, `{"error":"the case changed since you previewed it; preview again"}`, string(body))
	staleDocs := docs
	staleDocs.Revision = pv.Revision
	code, body = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/request-documents", staleDocs)
	require.Equal(t, http.StatusConflict, code, string(body))
	code, body = f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/cancel", CancelRequest{Rationale: "withdrawn", Expected: Expected{Revision: pv.Revision}})
	require.Equal(t, http.StatusConflict, code, string(body))
	require.Equal(t, rev, f.revision(t), "nothing stored")
	require.EqualValues(t, 1, f.outCount(t), "nothing more sent")

	code, body = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/preview", good)
	require.Equal(t, http.StatusOK, code, string(body))
	require.NoError(t, json.Unmarshal(body, &pv))
	require.Equal(t, rev, pv.Revision)
	fresh := good
	fresh.Revision = pv.Revision
	code, body = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/decide", fresh)
	require.Equal(t, http.StatusOK, code, string(body))
	require.EqualValues(t, 2, f.outCount(t))
}
