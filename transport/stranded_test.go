package transport

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/outputs"
)

// strand leaves X12_IN's messages below the consumer's ack floor, as a
// killed server can: for a while the consumer takes only x12.278.in.zzz,
// one file there is acked (the floor passes the others), then the
// consumer is back as defined.
func strand(t *testing.T, js jetstream.JetStream) {
	t.Helper()
	ctx := ctxT(t, 10*time.Second)
	setup(t, js, WithConsumerConfig(func(c *jetstream.ConsumerConfig) { c.FilterSubject = "x12.278.in.zzz" }))
	_, err := Submit(ctx, js, "zzz", "floor.x12", strings.NewReader("ISA*floor~"))
	require.NoError(t, err)
	cons, err := js.Consumer(ctx, StreamIn, ConsumerName)
	require.NoError(t, err)
	b, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
	require.NoError(t, err)
	for m := range b.Messages() {
		require.NoError(t, m.DoubleAck(ctx))
	}
	setup(t, js)
	info, err := cons.Info(ctx)
	require.NoError(t, err)
	s, err := js.Stream(ctx, StreamIn)
	require.NoError(t, err)
	require.Equal(t, s.CachedInfo().State.LastSeq, info.AckFloor.Stream, "the ack floor is past them")
}

// TestStrandedFilesCleared: files left in X12_IN below the consumer's ack
// floor are never delivered again; status says so, and a starting worker
// resubmits them (answered) or, when their subject is invalid,
// dead-letters them. Nothing stays stranded, nothing is lost.
func TestStrandedFilesCleared(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	ids := submitN(t, js, "acme", 3)
	ctx := ctxT(t, 30*time.Second)
	_, err := js.PublishMsg(ctx, &nats.Msg{Subject: "x12.278.in.acme\x7f", Data: []byte("ISA*odd subject~")})
	require.NoError(t, err)
	strand(t, js)

	rep, err := Status(ctx, js, outputs.Kinds)
	require.NoError(t, err)
	require.Equal(t, uint64(4), rep.Inbound.Stranded)
	require.Zero(t, rep.Inbound.Stuck, "stranded files are not counted as exhausted")
	require.Zero(t, rep.Inbound.Pending)

	obs := newObserver()
	startWorker(t, js, echo, func(c *WorkerConfig) { c.Observer = obs })
	require.Eventually(t, func() bool {
		return streamMsgs(t, js, StreamIn) == 0 && streamMsgs(t, js, StreamOut) == 3 && streamMsgs(t, js, StreamDLQ) == 1
	}, 20*time.Second, tick)
	var answered []string
	for _, m := range allMsgs(t, js, StreamOut) {
		id := m.Header.Get(HeaderInboundID)
		answered = append(answered, id)
		require.Contains(t, id, "/stranded-")
	}
	for _, id := range ids {
		found := false
		for _, a := range answered {
			found = found || strings.HasPrefix(a, id+"/stranded-")
		}
		require.True(t, found, "%s resubmitted and answered", id)
	}
	dl := allMsgs(t, js, StreamDLQ)[0]
	require.Equal(t, ReasonInvalid, dl.Header.Get(HeaderDlqReason))
	require.Equal(t, "ISA*odd subject~", string(dl.Data))
	rep, err = Status(ctx, js, outputs.Kinds)
	require.NoError(t, err)
	require.Zero(t, rep.Inbound.Stranded)
}

// TestExhaustedFileWithoutAdvisoryDeadLettered: a file whose last delivery
// failed without the worker dead-lettering it, and whose MAX_DELIVERIES
// advisory never reached a worker (lost: here purged), sits in X12_IN,
// never delivered again. The sweep finds it (the worker marked its last
// delivery, and the mark went stale) and moves it to X12_DLQ with reason
// exhausted: not resubmitted (it would only fail again), not left
// unanswered.
func TestExhaustedFileWithoutAdvisoryDeadLettered(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js, testConsumer(300*time.Millisecond, 2))
	obs := newObserver()
	failing := func(context.Context, *Message, Publisher) error { return errors.New("backend down") }
	w := startWorker(t, js, failing, func(c *WorkerConfig) { c.Observer = obs; c.SweepInterval = time.Hour })
	w.noFinalDLQ = true // the last delivery is handed back (as if the worker died)
	w.events.Stop()     // and nobody reads the advisory
	ids := submitN(t, js, "acme", 1)
	ctx := ctxT(t, 30*time.Second)
	cons, err := js.Consumer(ctx, StreamIn, ConsumerName)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		ci, err := cons.Info(ctx)
		return err == nil && ci.NumPending == 0 && ci.NumAckPending == 0 && ci.Delivered.Stream == 1
	}, 20*time.Second, tick, "exhausted")
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamEvents) == 1 }, 10*time.Second, tick)
	ev, err := js.Stream(ctx, StreamEvents)
	require.NoError(t, err)
	require.NoError(t, ev.Purge(ctx), "the advisory is lost")
	require.Equal(t, uint64(1), streamMsgs(t, js, StreamIn), "unanswered, in X12_IN")

	w.staleMark = 500 * time.Millisecond
	require.Eventually(t, func() bool {
		cleared, err := w.sweep(ctx)
		require.NoError(t, err)
		return cleared == 1
	}, 10*time.Second, 50*time.Millisecond)
	require.Zero(t, streamMsgs(t, js, StreamIn))
	dls := allMsgs(t, js, StreamDLQ)
	require.Len(t, dls, 1)
	require.Equal(t, ReasonExhausted, dls[0].Header.Get(HeaderDlqReason))
	require.Equal(t, ids[0], dls[0].Header.Get(jetstream.MsgIDHeader)[len("dlq-"):])
	require.Equal(t, 1, obs.get(func(o *countingObserver) int { return o.dead[ReasonExhausted] }))
	rep, err := Status(ctx, js, outputs.Kinds)
	require.NoError(t, err)
	require.Zero(t, rep.Inbound.Stranded)
	require.Zero(t, rep.Inbound.Stuck)
}
