package transport

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/outputs"
)

// byFile answers each file with one 278 under an ID of the file (every
// submission of the same bytes has the same answer ID, as the gateway's).
func byFile(ctx context.Context, m *Message, out Publisher) error {
	r, err := m.Open(ctx)
	if err != nil {
		return err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return out.Publish(ctx, Outbound{Kind: outputs.Kind278, Subject: "x12.278.out." + m.Partner, ID: fileOf(m.ID) + ".278", Data: b})
}

// answersServer runs a server with partners acme and globex, a worker
// answering byFile, and the answers service.
func answersServer(t testing.TB) (*Server, jetstream.JetStream) {
	s := startServer(t, func(c *ServerConfig) { c.Partners = []Partner{{Name: "acme"}, {Name: "globex"}} })
	_, js := connect(t, s)
	setup(t, js, WithPartners("acme", "globex"))
	startWorker(t, js, byFile)
	sub, err := ServeAnswers(context.Background(), js, outputs.Kinds)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sub.Unsubscribe() })
	return s, js
}

// TestFetchAnswersIndexed: the answers of a file are found by its index,
// whenever they were stored — also before the request's time, as the
// original answers of a file resubmitted later are — and only the
// requested file's answers are sent; without an index, the partner's
// subjects are scanned from the request's time on.
func TestFetchAnswersIndexed(t *testing.T) {
	s, gjs := answersServer(t)
	ctx := ctxT(t, 60*time.Second)
	anc, ajs := connectAs(t, s.ClientURL(), s.Credentials().Partner("acme"))
	var ids []string
	for i := range 20 {
		rc, err := SubmitReceipt(ctx, ajs, "acme", "f.x12", strings.NewReader(fmt.Sprintf("ISA*file %d~", i)))
		require.NoError(t, err)
		ids = append(ids, rc.ID)
	}
	require.Eventually(t, func() bool { return streamMsgs(t, gjs, StreamIn) == 0 && streamMsgs(t, gjs, StreamOut) == 20 }, 20*time.Second, tick)
	time.Sleep(50 * time.Millisecond) // the last index written after its ack
	later := time.Now().Add(time.Second)

	got, err := FetchAnswers(ctx, anc, "acme", []string{ids[7]}, later)
	require.NoError(t, err)
	require.Len(t, got, 1, "only the requested file's answer")
	require.Equal(t, "ISA*file 7~", string(got[0].Data))
	require.Equal(t, ids[7], got[0].InboundID)

	// Resubmitted: the original answer stands (stored once), and the
	// resubmission finds it by the index.
	again, err := SubmitReceipt(ctx, ajs, "acme", "f.x12", strings.NewReader("ISA*file 7~"))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return streamMsgs(t, gjs, StreamIn) == 0 }, 20*time.Second, tick)
	time.Sleep(50 * time.Millisecond)
	got, err = FetchAnswers(ctx, anc, "acme", []string{again.ID}, later)
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, "ISA*file 7~", string(got[0].Data))
	require.Equal(t, uint64(20), streamMsgs(t, gjs, StreamOut))

	// Another partner gets nothing of acme's, whatever it asks for.
	gnc, _ := connectAs(t, s.ClientURL(), s.Credentials().Partner("globex"))
	got, err = FetchAnswers(ctx, gnc, "globex", []string{ids[7]}, time.Time{})
	require.NoError(t, err)
	require.Empty(t, got)

	// Without its index, a file is looked for from the request's time on.
	kv, err := gjs.KeyValue(ctx, BucketSeen)
	require.NoError(t, err)
	require.NoError(t, kv.Delete(ctx, answerIndexKey(fileOf(ids[3]))))
	got, err = FetchAnswers(ctx, anc, "acme", []string{ids[3]}, later)
	require.NoError(t, err)
	require.Empty(t, got, "stored before the request's time")
	got, err = FetchAnswers(ctx, anc, "acme", []string{ids[3]}, time.Time{})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, "ISA*file 3~", string(got[0].Data))
}

// BenchmarkFetchAnswers: one file's answers among a partner's 2,000 stored
// answers, by the index and by scanning the partner's subjects (the path of
// a file without one; what every request did before the index).
func BenchmarkFetchAnswers(b *testing.B) {
	s, gjs := answersServer(b)
	ctx := context.Background()
	anc, ajs := connectAs(b, s.ClientURL(), s.Credentials().Partner("acme"))
	const n = 2000
	since := time.Now().Add(-time.Minute)
	var ids []string
	for i := range n {
		id, err := Submit(ctx, ajs, "acme", "f.x12", strings.NewReader(fmt.Sprintf("ISA*file %d~", i)))
		require.NoError(b, err)
		ids = append(ids, id)
	}
	require.Eventually(b, func() bool { return streamMsgs(b, gjs, StreamOut) == n }, 120*time.Second, 50*time.Millisecond)
	time.Sleep(100 * time.Millisecond)
	kv, err := gjs.KeyValue(ctx, BucketSeen)
	require.NoError(b, err)
	require.NoError(b, kv.Delete(ctx, answerIndexKey(fileOf(ids[0]))))
	for _, bc := range []struct {
		name string
		id   string
	}{{"indexed", ids[n/2]}, {"scan", ids[0]}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				got, err := FetchAnswers(ctx, anc, "acme", []string{bc.id}, since)
				if err != nil || len(got) != 1 {
					b.Fatalf("%d answers, %v", len(got), err)
				}
			}
		})
	}
}
