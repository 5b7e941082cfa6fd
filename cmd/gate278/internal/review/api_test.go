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

	conf, err := json.Marshal(map[string]any{"reviewers": []map[string]string{
		{"name": "rn-lee", "role": "reviewer", "password_hash": hash(t, "lee-secret")},
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
	code, body = f.do(t, "md-okafor", "POST", "/v1/cases/"+f.id+"/decide", good)
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
