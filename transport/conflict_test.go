package transport

import (
	"bytes"
	"context"
	"errors"
	"strconv"
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
	// The observer is told just after the dead letter is stored.
	require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.dead[ReasonConflict] }) == 1 }, 5*time.Second, tick)
	require.Zero(t, obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }), "never acked as answered")
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

// TestResubmissionAfterConfigChangeKeepsOriginalAnswer: a file answered
// once, then sent again after the configuration changed (its answer would
// now be other bytes under the same ID), keeps its original answer: the
// stored message carries the gateway's seal, so it is the gateway's own
// answer and not a forgery — no conflict, no dead letter, acked. A message
// under the same ID without a valid seal (a forgery, or one sealed with
// another key) is still a conflict.
func TestResubmissionAfterConfigChangeKeepsOriginalAnswer(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	key, err := SealKeyFromSeed(s.Credentials().Gateway())
	require.NoError(t, err)
	var version atomic.Int32
	version.Store(1)
	// The answer depends on the configuration (a policy version).
	decide := func(ctx context.Context, m *Message, out Publisher) error {
		return out.Publish(ctx, Outbound{Kind: outputs.Kind278, Subject: "x12.278.out." + m.Partner, ID: fileOf(m.ID) + ".278",
			Data: []byte("ISA*decided under policy v" + strconv.Itoa(int(version.Load())) + "~")})
	}
	obs := newObserver()
	var logs syncLog
	startWorker(t, js, decide, func(c *WorkerConfig) {
		c.Observer = obs
		c.Logger = newTestLogger(&logs)
		c.SealKey = key
	})
	ctx := ctxT(t, 30*time.Second)
	submit := func(id string) {
		_, err := js.PublishMsg(ctx, &nats.Msg{Subject: "x12.278.in.acme", Data: []byte("ISA*request~")}, jetstream.WithMsgID(id))
		require.NoError(t, err)
	}
	acked := func() int { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) }
	submit("acme/sha256:aaaa/1")
	require.Eventually(t, func() bool { return acked() == 1 }, 20*time.Second, tick)
	first := allMsgs(t, js, StreamOut)[0]
	require.NotEmpty(t, first.Header.Get(HeaderSeal), "the answer is sealed")

	version.Store(2) // the configuration changes
	submit("acme/sha256:aaaa/2")
	require.Eventually(t, func() bool { return acked() == 2 }, 20*time.Second, tick)
	require.Zero(t, streamMsgs(t, js, StreamDLQ), "no conflict")
	require.NotContains(t, logs.String(), "OUTPUT CONFLICT")
	outs := allMsgs(t, js, StreamOut)
	require.Len(t, outs, 1)
	require.Equal(t, "ISA*decided under policy v1~", string(outs[0].Data), "the original answer stands")

	// A forgery under the ID of a file's answer: unsealed, and sealed with
	// another key.
	other := bytes.Repeat([]byte{7}, 32)
	for i := range 2 {
		file := "acme/sha256:bbb" + strconv.Itoa(i)
		forged := nats.NewMsg("x12.278.out.acme")
		forged.Data = []byte("ISA*forged~")
		if i == 1 {
			forged.Header.Set(HeaderSeal, seal(other, file+".278", forged.Subject, fingerprint(nil, forged.Data)))
		}
		_, err = js.PublishMsg(ctx, forged, jetstream.WithMsgID(file+".278"))
		require.NoError(t, err)
		submit(file + "/1")
		require.Eventually(t, func() bool { return streamMsgs(t, js, StreamDLQ) == uint64(i+1) }, 20*time.Second, tick)
	}
	for _, dl := range allMsgs(t, js, StreamDLQ) {
		require.Equal(t, ReasonConflict, dl.Header.Get(HeaderDlqReason))
	}
	require.Contains(t, logs.String(), "OUTPUT CONFLICT")
}
