package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/transport"
)

// TestCasesCommands: a pended sample is taken from request to final 278
// with gate278 cases only (list, show, assign, decide, history) against a
// real gateway over real HTTP.
func TestCasesCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a NATS server")
	}
	clock := time.Date(2026, 3, 10, 13, 6, 0, 0, time.UTC)
	dir := t.TempDir()
	hashes := map[string]string{}
	t.Setenv("GATE278_TEST_BCRYPT", "1") // accept bcrypt.MinCost, for speed
	for _, who := range []string{"rn-lee", "audit-kim"} {
		h, err := bcrypt.GenerateFromPassword([]byte(who+"-pw"), bcrypt.MinCost)
		require.NoError(t, err)
		hashes[who] = string(h)
	}
	conf, err := json.Marshal(map[string]any{"reviewers": []map[string]any{
		{"name": "rn-lee", "role": "reviewer", "adverse": true, "password_hash": hashes["rn-lee"]},
		{"name": "audit-kim", "role": "auditor", "password_hash": hashes["audit-kim"]},
	}})
	require.NoError(t, err)
	reviewers := filepath.Join(dir, "reviewers.json")
	require.NoError(t, os.WriteFile(reviewers, conf, 0o600))
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan [2]string, 1)
	done := make(chan error, 1)
	go func() {
		done <- gateway.Serve(ctx, gateway.Options{
			Config: cfg, DataDir: filepath.Join(dir, "data"), NATSListen: "127.0.0.1:-1", Listen: "127.0.0.1:0", Workers: 1,
			Registry: prometheus.NewRegistry(), Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return clock },
			Version: "test", Grace: 10 * time.Second, Reviewers: reviewers,
			Started: func(n, h string) { started <- [2]string{n, h} },
		})
	}()
	var urls [2]string
	select {
	case urls = <-started:
	case err := <-done:
		t.Fatalf("gateway did not start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("gateway did not start within 30s")
	}
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	nkey, err := nats.NkeyOptionFromSeed(transport.Credentials{Dir: filepath.Join(dir, "data", "credentials")}.Gateway())
	require.NoError(t, err)
	nc, err := nats.Connect(urls[0], nkey)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	raw, err := os.ReadFile("../../samples/requests/doc-7.2-dependent-urgent-k0455.x12")
	require.NoError(t, err)
	_, err = transport.Submit(context.Background(), js, "clearhub", "a.x12",
		strings.NewReader(strings.Replace(string(raw), "PI*99999", "PI*VTMEDICAID", 1)))
	require.NoError(t, err)

	api := "http://" + urls[1]
	cmd := func(who string, args ...string) (int, string, string) {
		t.Setenv("GATE278_REVIEWER", who)
		t.Setenv("GATE278_PASSWORD", who+"-pw")
		var out, errb bytes.Buffer
		code := run(append(append([]string{"cases"}, args...), "-api", api), nil, &out, &errb)
		return code, out.String(), errb.String()
	}
	code, _, stderr := cmd("", "list")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "401")

	var id string
	require.Eventually(t, func() bool {
		code, out, _ := cmd("rn-lee", "list", "-urgency", "expedited")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) != 2 {
			return false
		}
		id = strings.Fields(lines[1])[0]
		return true
	}, 30*time.Second, 50*time.Millisecond, "the pended file opens its case")

	code, out, stderr := cmd("rn-lee", "show", id)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"state": "waiting-documents"`)
	code, out, stderr = cmd("rn-lee", "assign", id)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"assignee": "rn-lee"`)

	decision := filepath.Join(dir, "decision.json")
	require.NoError(t, os.WriteFile(decision, []byte(`{"rationale": "chart reviewed", "lines": {
		"1": {"action": "certify", "from": "20260303", "to": "20260501"},
		"2": {"action": "not-certify", "code": "0V", "reason": "home infusion is not shown to be needed"}}}`), 0o600))
	code, _, stderr = cmd("audit-kim", "decide", id, "-f", decision)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "403")
	code, out, stderr = cmd("rn-lee", "decide", id, "-f", decision)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"published": true`)
	code, _, stderr = cmd("rn-lee", "decide", id, "-f", decision)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "409")

	code, out, stderr = cmd("audit-kim", "history", id)
	require.Equal(t, 0, code, stderr)
	for _, k := range []string{"created", "assigned", "decided", "response-published"} {
		require.Contains(t, out, k)
	}
	require.Contains(t, out, "rn-lee")

	// The public report counts the case: expedited, asked for documents
	// (extended), one line denied (denied), decided at once under the
	// fixed clock (0 h).
	var rep, repErr bytes.Buffer
	code = run([]string{"report", "prior-auth", "-nats", urls[0], "-data", filepath.Join(dir, "data"), "-from", "2026-03-10", "-to", "2026-03-10", "-payer", "VTMEDICAID", "-format", "json"}, nil, &rep, &repErr)
	require.Equal(t, 0, code, repErr.String())
	var r cases.Report
	require.NoError(t, json.Unmarshal(rep.Bytes(), &r))
	require.Equal(t, 1, r.Expedited.Requests, rep.String())
	require.Equal(t, 1, r.Expedited.Denied)
	require.Equal(t, 1, r.Expedited.Extended)
	require.Equal(t, 1, r.Expedited.Decided)
	require.Zero(t, r.Standard.Requests)
	rep.Reset()
	code = run([]string{"report", "prior-auth", "-nats", urls[0], "-data", filepath.Join(dir, "data"), "-from", "2026-03-11", "-to", "2026-03-31", "-format", "csv"}, nil, &rep, &repErr)
	require.Equal(t, 0, code, repErr.String())
	require.Contains(t, rep.String(), "requests,0,0\n")
}
