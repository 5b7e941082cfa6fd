package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/transport"
)

// startReview runs the gateway with a reviewers' file and returns the
// JetStream handle and the HTTP base URL.
func startReview(t *testing.T) (jetstream.JetStream, string) {
	t.Helper()
	js, base, _, _ := startReviewNATS(t)
	return js, base
}

// startReviewNATS is startReview that also returns the embedded server's
// client URL and the gateway's seed file, for a second gateway to join.
func startReviewNATS(t *testing.T) (js jetstream.JetStream, base, natsURL, seed string) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a NATS server")
	}
	data := t.TempDir()
	urls := serveReviewing(t, gateway.Options{DataDir: data, NATSListen: "127.0.0.1:-1"})
	seed = transport.Credentials{Dir: filepath.Join(data, "credentials")}.Gateway()
	nkey, err := nats.NkeyOptionFromSeed(seed)
	require.NoError(t, err)
	nc, err := nats.Connect(urls[0], nkey)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	js, err = jetstream.New(nc)
	require.NoError(t, err)
	return js, "http://" + urls[1], urls[0], seed
}

// serveReviewing runs gateway.Serve with o's NATS (embedded or joined),
// the test's configuration and clock, and the tests' reviewers' file
// (reviewersFile), until the test ends; it returns the NATS
// client URL and the HTTP address bound.
func serveReviewing(t *testing.T, o gateway.Options) [2]string {
	t.Helper()
	o.Reviewers = reviewersFile(t, t.TempDir())
	o.Config, o.Listen, o.Workers, o.Version, o.Grace = config(t), "127.0.0.1:0", 2, "test", 10*time.Second
	o.Registry, o.Logger, o.Now = prometheus.NewRegistry(), slog.New(slog.DiscardHandler), func() time.Time { return clock }
	started := make(chan [2]string, 1)
	o.Started = func(n, h string) { started <- [2]string{n, h} }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- gateway.Serve(ctx, o) }()
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
	return urls
}

// TestPendToFinalResponse: a pended file through the worker opens its
// case; a reviewer decides it over serve's HTTP listener; the final 278
// goes to the submitting partner once, after the pended one.
func TestPendToFinalResponse(t *testing.T) {
	js, base := startReview(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, err := transport.Submit(ctx, js, "clearhub", "a.x12", bytes.NewReader(pendingSample(t, "VTMEDICAID")))
	require.NoError(t, err)

	get := func(path, user, pw string) (int, []byte) {
		req, err := http.NewRequest("GET", base+path, nil)
		require.NoError(t, err)
		if user != "" {
			req.SetBasicAuth(user, pw)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, b
	}
	code, _ := get("/v1/cases", "", "")
	require.Equal(t, http.StatusUnauthorized, code)
	code, _ = get("/metrics", "", "")
	require.Equal(t, http.StatusOK, code, "the metrics stay where they were")

	var list []struct{ ID string }
	require.Eventually(t, func() bool {
		code, body := get("/v1/cases", "rn-lee", "lee-secret")
		return code == http.StatusOK && json.Unmarshal(body, &list) == nil && len(list) == 1
	}, 30*time.Second, 50*time.Millisecond, "the case is opened")
	id := list[0].ID

	body, err := json.Marshal(map[string]any{"rationale": "chart reviewed", "lines": map[string]any{
		"1": cases.LineDecision{Action: cases.Certify, From: "20260303", To: "20260501"},
		"2": cases.LineDecision{Action: cases.NotCertify, Code: "0V", Reason: "home infusion is not shown to be needed"},
	}})
	require.NoError(t, err)
	req, err := http.NewRequest("POST", base+"/v1/cases/"+id+"/decide", bytes.NewReader(body))
	require.NoError(t, err)
	req.SetBasicAuth("rn-lee", "lee-secret")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))

	cons, err := js.OrderedConsumer(ctx, "X12_OUT", jetstream.OrderedConsumerConfig{FilterSubjects: []string{"x12.278.out.clearhub"}})
	require.NoError(t, err)
	var got []string
	for len(got) < 2 {
		m, err := cons.Next(jetstream.FetchMaxWait(10 * time.Second))
		require.NoError(t, err)
		got = append(got, string(m.Data()))
	}
	require.Contains(t, got[0], "*19~", "the pended response: BHT06 19")
	require.Contains(t, got[1], "BHT*0007*11*CH-778812*", "the final response echoes BHT03")
	require.Contains(t, got[1], "HCR*A2*")
	require.Contains(t, got[1], "*18~HL*1**20*1~")
	require.Contains(t, got[1], "REF*NT*"+id+"~")
	_, err = cons.Next(jetstream.FetchMaxWait(500 * time.Millisecond))
	require.Error(t, err, "exactly one final response")

	store, err := casestore.Open(ctx, js)
	require.NoError(t, err)
	evs, err := store.History(ctx, cases.Production, id)
	require.NoError(t, err)
	require.Equal(t, cases.ResponsePublished, evs[len(evs)-1].Kind)
}
