package gateway_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// TestGroupSenderOfAnotherPartnerRejected: a partner whose interchange
// sender (ISA06) is its own but whose functional group names another
// partner's application sender (GS02) gets a 999 that rejects the group
// (AK9 R, AK905 1: the group is not one the gateway accepts from this
// partner; every set IK5 R 18) and no decision; the file is kept.
func TestGroupSenderOfAnotherPartnerRejected(t *testing.T) {
	cfg := config(t)
	g := start(t, cfg)
	ctx := context.Background()
	data, err := os.ReadFile("../../../../samples/adjudication/anthem-set1-e0779-chemo.x12")
	require.NoError(t, err)
	require.Equal(t, "nutmeghi", owner(data))
	require.Contains(t, string(data), "GS*HI*NUTMEGHI*")
	forged := []byte(strings.Replace(string(data), "GS*HI*NUTMEGHI*", "GS*HI*SUMMITHI*", 1))

	nc, js := g.partnerConn(t, "nutmeghi")
	w, err := transport.WatchPartner(nc, "nutmeghi", outputs.Kinds)
	require.NoError(t, err)
	defer w.Stop()
	r, err := transport.SubmitReceipt(ctx, js, "nutmeghi", "gs02.x12", bytes.NewReader(forged))
	require.NoError(t, err)
	got := answers(t, w, r.ID, 2)
	require.Equal(t, map[string]int{"999": 1, "rejected": 1}, kindsOfDeliveries(got))
	for _, d := range got {
		if d.Kind == "999" {
			require.Contains(t, string(d.Data), "IK5*R*18~")
			require.Contains(t, string(d.Data), "AK9*R*1*1*0*1~")
		} else {
			require.True(t, strings.HasPrefix(d.Header.Get(gateway.HeaderRejected), "999:R/1"), d.Header.Get(gateway.HeaderRejected))
			require.Equal(t, string(forged), string(d.Data), "the file is kept")
		}
	}
	require.Contains(t, g.logs.String(), "group sender (GS02) does not belong to the submitting partner")
}

// startAt runs the gateway like start, on the data directory dir (so that
// a test can restart it with another configuration); stop shuts it down.
func startAt(t *testing.T, cfg *adjudicate.Config, dir string) (g *gw, stop func()) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a NATS server")
	}
	g = &gw{reg: prometheus.NewRegistry(), logs: &syncBuffer{}, data: dir}
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan [2]string, 1)
	done := make(chan error, 1)
	go func() {
		done <- gateway.Serve(ctx, gateway.Options{
			Config: cfg, DataDir: dir, NATSListen: "127.0.0.1:-1", Listen: "127.0.0.1:0", Workers: 2,
			Registry: g.reg, Logger: slog.New(slog.NewJSONHandler(g.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
			Version: "test", Grace: 10 * time.Second,
			Started: func(n, h string) { started <- [2]string{n, h} },
		})
	}()
	select {
	case urls := <-started:
		g.url, g.httpURL = urls[0], "http://"+urls[1]
	case err := <-done:
		t.Fatalf("gateway did not start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("gateway did not start within 30s")
	}
	g.creds = transport.Credentials{Dir: filepath.Join(dir, "credentials")}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			require.NoError(t, <-done)
		})
	}
	t.Cleanup(stop)
	return g, stop
}

// TestResubmissionAfterConfigChangeGetsOriginalAnswers: a file answered
// under one configuration and sent again after the gateway restarted with
// another (whose answers to it differ) gets its original answers: no
// OUTPUT CONFLICT, no dead letter, and the stored answers are those of the
// first configuration: the worker answers it from the answers index, not
// deciding it again.
func TestResubmissionAfterConfigChangeGetsOriginalAnswers(t *testing.T) {
	cfg1 := config(t)
	cfg2, err := adjudicate.LoadConfig(strings.NewReader(`{"defaults": {"attestation": false, "adverse": "auto", "drug_lines": "review",
		"max_certification_months": 1}, "payers": [
		{"name": "Anthem Blue Cross Connecticut", "qualifier": "PI", "id": "ANTHEMCT", "policy": "anthem-ct-cg-dme-21"},
		{"name": "Vermont Medicaid (DVHA)", "qualifier": "PI", "id": "VTMEDICAID", "policy": "vt-dvha-eip"}]}`))
	require.NoError(t, err)
	data, err := os.ReadFile("../../../../samples/adjudication/anthem-set1-e0779-chemo.x12")
	require.NoError(t, err)
	ctx := context.Background()
	dir := t.TempDir()
	// The two configurations answer the file with other bytes under the
	// same output IDs.
	outs1, _ := localAs(t, cfg1, data, "nutmeghi")
	outs2, _ := localAs(t, cfg2, data, "nutmeghi")
	require.Equal(t, kindsOf(outs1), kindsOf(outs2))
	differ := false
	for i := range outs1 {
		require.Equal(t, outs1[i].ID, outs2[i].ID)
		differ = differ || !bytes.Equal(outs1[i].Data, outs2[i].Data)
	}
	require.True(t, differ, "the configurations must answer the file differently")

	g, stop := startAt(t, cfg1, dir)
	nc, js := g.partnerConn(t, "nutmeghi")
	w, err := transport.WatchPartner(nc, "nutmeghi", outputs.Kinds)
	require.NoError(t, err)
	since := time.Now().Add(-time.Minute)
	first, err := transport.SubmitReceipt(ctx, js, "nutmeghi", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	n := 0
	for _, o := range outs1 {
		if o.Kind != "pend" {
			n++
		}
	}
	original := answers(t, w, first.ID, n)
	w.Stop()
	nc.Close()
	stop()

	g, _ = startAt(t, cfg2, dir)
	nc, js = g.partnerConn(t, "nutmeghi")
	again, err := transport.SubmitReceipt(ctx, js, "nutmeghi", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	require.NotEqual(t, first.ID, again.ID)
	require.Eventually(t, func() bool {
		return strings.Contains(g.logs.String(), `"id":"`+again.ID+`"`) && strings.Contains(g.logs.String(), "answered again with its stored answers")
	}, 30*time.Second, 20*time.Millisecond)
	require.NotContains(t, g.logs.String(), "OUTPUT CONFLICT")
	require.Zero(t, gathered(t, g.reg, "gate278_dead_letters_total", "", ""))

	stored, err := transport.FetchAnswers(ctx, nc, "nutmeghi", []string{again.ID}, since)
	require.NoError(t, err)
	want := map[string]string{}
	for _, d := range original {
		want[d.Header.Get(gateway.HeaderOutputOf)] = string(d.Data)
	}
	got := map[string]string{}
	for _, d := range stored {
		got[d.Header.Get(gateway.HeaderOutputOf)] = string(d.Data)
	}
	require.Equal(t, want, got, "the resubmission has its original answers, and only those")
}
