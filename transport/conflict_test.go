package transport

import (
	"bytes"
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/outputs"
)

// TestForgedOutputDetected: a message published before the gateway answers,
// under the ID the gateway will give its answer, is not taken for the
// answer: the file is dead-lettered with reason conflict and logged as an
// error, never acked as answered.
func TestForgedOutputDetected(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	obs := newObserver()
	var logs syncLog
	startWorker(t, js, echo, func(c *WorkerConfig) {
		c.Observer = obs
		c.Logger = newTestLogger(&logs)
	})
	ctx := ctxT(t, 30*time.Second)
	payload := "ISA*the real request~"
	id := "acme/known-in-advance"
	forged := nats.NewMsg("x12.278.out.acme")
	forged.Data = []byte("ISA*forged answer~")
	forged.Header.Set(HeaderInboundID, id)
	_, err := js.PublishMsg(ctx, forged, jetstream.WithMsgID(id+".278"))
	require.NoError(t, err)

	_, err = js.PublishMsg(ctx, &nats.Msg{Subject: "x12.278.in.acme", Data: []byte(payload)}, jetstream.WithMsgID(id))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamDLQ) == 1 }, 20*time.Second, tick)
	dl := allMsgs(t, js, StreamDLQ)[0]
	require.Equal(t, ReasonConflict, dl.Header.Get(HeaderDlqReason))
	require.Equal(t, payload, string(dl.Data), "the file is kept")
	require.Zero(t, obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }), "never acked as answered")
	require.Equal(t, 1, obs.get(func(o *countingObserver) int { return o.dead[ReasonConflict] }))
	require.Contains(t, logs.String(), "OUTPUT CONFLICT")
	require.Equal(t, uint64(1), streamMsgs(t, js, StreamOut))
}

// TestRedeliveredLargeOutputVerified: a redelivered file republishes its
// claim-checked answer; JetStream keeps the first, the worker checks it is
// the same answer, deletes the object it wrote in vain, and acks.
func TestRedeliveredLargeOutputVerified(t *testing.T) {
	s := startServer(t, func(c *ServerConfig) { c.MaxPayload = 64 << 10 })
	_, js := connect(t, s)
	setup(t, js, testConsumer(time.Second, 5))
	obs := newObserver()
	big := bytes.Repeat([]byte("ISA*large answer~"), 10000)
	var calls atomic.Int32
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		if err := out.Publish(ctx, Outbound{Kind: outputs.Kind278, Subject: "x12.278.out." + m.Partner, ID: m.ID + ".278", Data: big}); err != nil {
			return err
		}
		if calls.Add(1) == 1 {
			return errors.New("lost after publishing")
		}
		return nil
	}, func(c *WorkerConfig) { c.Observer = obs })
	ids := submitN(t, js, "acme", 1)
	require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) == 1 }, 20*time.Second, tick)
	require.Equal(t, int32(2), calls.Load())
	answeredOnce(t, js, ids)
	require.Zero(t, streamMsgs(t, js, StreamDLQ))
	store, err := js.ObjectStore(ctxT(t, 5*time.Second), BucketLarge)
	require.NoError(t, err)
	list, err := store.List(ctxT(t, 5*time.Second))
	require.NoError(t, err)
	require.Len(t, list, 1, "one object: the stored answer's")
	out := allMsgs(t, js, StreamOut)[0]
	d := Delivery{Header: out.Header}
	body, err := d.Body(ctxT(t, 5*time.Second), js)
	require.NoError(t, err)
	require.True(t, bytes.Equal(big, body))
}
