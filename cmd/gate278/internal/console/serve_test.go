package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/transport"
)

// start is the receipt time of the sample's request.
var start = time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC)

// testClock is the gateway's clock, moved by the tests.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

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

// passwords of the reviewers' file of the tests.
var passwords = map[string]string{"rn-lee": "lee-secret", "rn-diaz": "diaz-secret", "md-okafor": "okafor-secret", "audit-kim": "kim-secret"}

var roles = map[string]string{"rn-lee": "reviewer", "rn-diaz": "reviewer", "md-okafor": "supervisor", "audit-kim": "auditor"}

// adverse are the reviewers who may make adverse determinations (not
// certify, modify): rn-lee, whose denials the tests make.
var adverse = map[string]bool{"rn-lee": true}

// served is a running gateway with the console.
type served struct {
	base  string
	nc    *nats.Conn
	js    jetstream.JetStream
	store *casestore.Store
	clock *testClock
	logs  *syncBuffer
}

// serve runs a real gateway.Serve (embedded NATS, the worker, the
// reviewers' API and the console, with the console options co if given)
// with a reviewers' file, and connects to its NATS as the gateway.
func serve(t *testing.T, co ...gateway.ConsoleOptions) *served {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a NATS server")
	}
	t.Setenv("GATE278_TEST_BCRYPT", "1") // accept bcrypt.MinCost, for speed
	var list []map[string]any
	for name, pw := range passwords {
		h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
		require.NoError(t, err)
		list = append(list, map[string]any{"name": name, "role": roles[name], "adverse": adverse[name], "password_hash": string(h)})
	}
	conf, err := json.Marshal(map[string]any{"reviewers": list})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "reviewers.json")
	require.NoError(t, os.WriteFile(path, conf, 0o600))
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	clock := &testClock{t: start}
	logs := &syncBuffer{}
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan [2]string, 1)
	done := make(chan error, 1)
	go func() {
		done <- gateway.Serve(ctx, gateway.Options{
			Config: cfg, DataDir: data, NATSListen: "127.0.0.1:-1", Listen: "127.0.0.1:0", Workers: 2,
			Registry: prometheus.NewRegistry(), Logger: slog.New(slog.NewJSONHandler(logs, nil)),
			Now: clock.Now, Version: "test", Grace: 10 * time.Second,
			Started: func(n, h string) { started <- [2]string{n, h} }, Reviewers: path,
			Console: consoleOptions(co),
		})
	}()
	var urls [2]string
	select {
	case urls = <-started:
	case err := <-done:
		t.Fatalf("gateway did not start: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("gateway did not start within 60s")
	}
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	nkey, err := nats.NkeyOptionFromSeed(transport.Credentials{Dir: filepath.Join(data, "credentials")}.Gateway())
	require.NoError(t, err)
	nc, err := nats.Connect(urls[0], nkey)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	store, err := casestore.Open(ctx, js)
	require.NoError(t, err)
	return &served{base: "http://" + urls[1], nc: nc, js: js, store: store, clock: clock, logs: logs}
}

func consoleOptions(co []gateway.ConsoleOptions) gateway.ConsoleOptions {
	if len(co) > 0 {
		return co[0]
	}
	return gateway.ConsoleOptions{}
}

// sample is the file whose two lines pend (doc-7.2: K0455 the pump, J1325
// the drug), addressed to the embedded Vermont Medicaid payer.
func sample(t *testing.T) []byte {
	t.Helper()
	raw, err := os.ReadFile("../../../../samples/requests/doc-7.2-dependent-urgent-k0455.x12")
	require.NoError(t, err)
	return []byte(strings.Replace(string(raw), "PI*99999", "PI*VTMEDICAID", 1))
}

// pend submits the sample as its registered partner (clearhub) and
// returns the case it opens.
func (s *served) pend(t *testing.T) *cases.Case {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, err := transport.Submit(ctx, s.js, "clearhub", "a.x12", bytes.NewReader(sample(t)))
	require.NoError(t, err)
	var found *cases.Case
	require.Eventually(t, func() bool {
		cs, err := s.store.List(ctx, cases.Production)
		if err != nil || len(cs) == 0 {
			return false
		}
		found = cs[0]
		return true
	}, 60*time.Second, 50*time.Millisecond, "the sample opens a case")
	return found
}

// client is a browser-like HTTP client: its own cookies, no redirects
// followed.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func (s *served) client(t *testing.T) *client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &client{t: t, base: s.base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get fetches a path; post sends a form.
func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	resp, err := c.http.Get(c.base + path)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp, string(b)
}

func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	resp, err := c.http.PostForm(c.base+path, form)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp, string(b)
}

// signIn signs in as name with its password.
func (c *client) signIn(name string) *http.Response {
	c.t.Helper()
	resp, _ := c.post("/console/signin", url.Values{"name": {name}, "password": {passwords[name]}})
	require.Equal(c.t, http.StatusSeeOther, resp.StatusCode, "signed in as %s", name)
	return resp
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the CSRF token of the client's session, read from a page.
func (c *client) csrf() string {
	c.t.Helper()
	resp, body := c.get("/console/queue")
	require.Equal(c.t, http.StatusOK, resp.StatusCode)
	m := csrfField.FindStringSubmatch(body)
	require.NotNil(c.t, m, "the page has a CSRF token")
	return m[1]
}
