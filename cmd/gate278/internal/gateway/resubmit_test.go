package gateway_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// gatewayConn connects to g with the gateway's own credentials.
func (g *gw) gatewayConn(t *testing.T) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nkey, err := nats.NkeyOptionFromSeed(g.creds.Gateway())
	require.NoError(t, err)
	nc, err := nats.Connect(g.url, nkey)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	return nc, js
}

// streamCount is the number of messages stream holds.
func streamCount(t *testing.T, js jetstream.JetStream, stream string) uint64 {
	t.Helper()
	s, err := js.Stream(context.Background(), stream)
	require.NoError(t, err)
	info, err := s.Info(context.Background())
	require.NoError(t, err)
	return info.State.Msgs
}

// caseCount is the number of review cases in both environments.
func caseCount(t *testing.T, js jetstream.JetStream) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	store, err := casestore.Open(ctx, js)
	require.NoError(t, err)
	n := 0
	for _, env := range []string{cases.Production, cases.Test} {
		cs, err := store.List(ctx, env)
		require.NoError(t, err)
		n += len(cs)
	}
	return n
}

// TestResubmissionAfterConfigChangePublishesNothingNew: a file answered
// under a configuration that certifies its drug lines, resubmitted after
// the gateway restarted with one that pends them (a pend notice, a review
// case), is not decided again: the partner gets exactly its original
// answers again (the same IDs, bytes and seals, naming the resubmission),
// nothing else is published on any subject, nothing new is stored, no case
// is opened and no conflict is alarmed.
func TestResubmissionAfterConfigChangePublishesNothingNew(t *testing.T) {
	const sample = "../../../../samples/adjudication/anthem-drug-lines-with-pump.x12"
	b, err := os.ReadFile(sample + ".config.json")
	require.NoError(t, err)
	cfg1, err := adjudicate.LoadConfig(bytes.NewReader(b))
	require.NoError(t, err)
	cfg2 := config(t)
	data, err := os.ReadFile(sample)
	require.NoError(t, err)
	outs1, _ := localAs(t, cfg1, data, "nutmeghi")
	outs2, _ := localAs(t, cfg2, data, "nutmeghi")
	require.Zero(t, kindsOf(outs1)["pend"], "the first configuration certifies")
	require.NotZero(t, kindsOf(outs2)["pend"], "the second pends")
	ctx := context.Background()
	dir := t.TempDir()

	g, stop := startAt(t, cfg1, dir)
	nc, js := g.partnerConn(t, "nutmeghi")
	w, err := transport.WatchPartner(nc, "nutmeghi", outputs.Kinds)
	require.NoError(t, err)
	first, err := transport.SubmitReceipt(ctx, js, "nutmeghi", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	original := answers(t, w, first.ID, len(outs1))
	w.Stop()
	nc.Close()
	stop()

	g, _ = startAt(t, cfg2, dir)
	gnc, gjs := g.gatewayConn(t)
	storedOut := streamCount(t, gjs, transport.StreamOut)
	require.Zero(t, streamCount(t, gjs, transport.StreamPend))
	require.Zero(t, caseCount(t, gjs))
	everything, err := gnc.SubscribeSync(">") // every subject of the gateway's account
	require.NoError(t, err)
	require.NoError(t, gnc.Flush())
	nc, js = g.partnerConn(t, "nutmeghi")
	w, err = transport.WatchPartner(nc, "nutmeghi", outputs.Kinds)
	require.NoError(t, err)
	defer w.Stop()
	again, err := transport.SubmitReceipt(ctx, js, "nutmeghi", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	require.NotEqual(t, first.ID, again.ID)
	got := answers(t, w, again.ID, len(original))
	require.Eventually(t, func() bool { return streamCount(t, gjs, transport.StreamIn) == 0 }, 30*time.Second, 20*time.Millisecond)
	time.Sleep(500 * time.Millisecond) // anything else would have come by now

	// Exactly the original answers, under their IDs, bytes and seals.
	key := func(d transport.Delivery) string {
		return d.Subject + " " + d.Header.Get(nats.MsgIdHdr) + " " + d.Header.Get(transport.HeaderSeal) + " " + string(d.Data)
	}
	var want, have []string
	for i := range original {
		want, have = append(want, key(original[i])), append(have, key(got[i]))
	}
	require.ElementsMatch(t, want, have)
	select {
	case d := <-w.C():
		t.Fatalf("an answer more: %s %s", d.Kind, d.Header.Get(nats.MsgIdHdr))
	default:
	}

	// Nothing else on any subject: the resubmission, its answers again,
	// and the requests of JetStream and the services only (no ledger or
	// case write).
	originals := map[string]bool{}
	for _, d := range original {
		originals[d.Header.Get(nats.MsgIdHdr)] = true
	}
	for {
		m, err := everything.NextMsg(100 * time.Millisecond)
		if err != nil {
			break
		}
		switch {
		case strings.HasPrefix(m.Subject, "$JS."), strings.HasPrefix(m.Subject, "_INBOX."), strings.HasPrefix(m.Subject, "_R_."),
			strings.HasPrefix(m.Subject, "gate278."):
			// requests, replies and acks; no key-value write ($KV.*: a
			// ledger claim, a case) gets here
		case m.Subject == transport.SubjectInPfx+"nutmeghi":
		default:
			require.True(t, originals[m.Header.Get(nats.MsgIdHdr)], "published on %s: %s", m.Subject, m.Header.Get(nats.MsgIdHdr))
		}
	}
	require.Equal(t, storedOut, streamCount(t, gjs, transport.StreamOut), "nothing new stored")
	require.Zero(t, streamCount(t, gjs, transport.StreamPend), "no pend notice")
	require.Zero(t, streamCount(t, gjs, transport.StreamDLQ))
	require.Zero(t, caseCount(t, gjs), "no case opened")
	require.NotContains(t, g.logs.String(), "OUTPUT CONFLICT")
	require.Zero(t, gathered(t, g.reg, "gate278_dead_letters_total", "", ""))
	require.Contains(t, g.logs.String(), "answered again with its stored answers")
}
