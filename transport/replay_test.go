package transport

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/outputs"
)

// versioned answers a file under configuration version v: a 278 whose
// bytes name v, and from version 2 on a pend notice too (the new
// configuration pends where the old one certified). calls counts the
// files it decided.
func versioned(v *atomic.Int32, calls *atomic.Int32) HandlerFunc {
	return func(ctx context.Context, m *Message, out Publisher) error {
		calls.Add(1)
		ver := strconv.Itoa(int(v.Load()))
		outs := []Outbound{{Kind: outputs.Kind278, Subject: "x12.278.out." + m.Partner, ID: fileOf(m.ID) + ".278",
			Data: []byte("ISA*decided under v" + ver + "~")}}
		if v.Load() >= 2 {
			outs = append(outs, Outbound{Kind: outputs.KindPend, Subject: "x12.278.pend.policy-a", ID: fileOf(m.ID) + ".pend",
				Data: []byte("pend under v" + ver)})
		}
		return publishAll(ctx, out, outs)
	}
}

// TestResubmissionAnsweredFromStoredAnswers: a file answered under one
// configuration and resubmitted after the configuration changed (it would
// now be answered with other bytes and a pend notice) is not decided again:
// the handler is not called, the partner sees its original answer again
// (live, naming the new submission), X12_OUT still stores it once, and
// nothing is published on X12_PEND.
func TestResubmissionAnsweredFromStoredAnswers(t *testing.T) {
	s := startServer(t)
	nc, js := connect(t, s)
	setup(t, js)
	key, err := SealKeyFromSeed(s.Credentials().Gateway())
	require.NoError(t, err)
	var version, calls atomic.Int32
	version.Store(1)
	obs := newObserver()
	var logs syncLog
	startWorker(t, js, versioned(&version, &calls), func(c *WorkerConfig) {
		c.Observer = obs
		c.Logger = newTestLogger(&logs)
		c.SealKey = key
	})
	live, err := nc.SubscribeSync("x12.>")
	require.NoError(t, err)
	ctx := ctxT(t, 30*time.Second)
	acked := func() int { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) }
	data := []byte("ISA*request for the replay test~")
	first, err := SubmitReceipt(ctx, js, "acme", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return acked() == 1 }, 20*time.Second, tick)
	original := allMsgs(t, js, StreamOut)
	require.Len(t, original, 1)

	version.Store(2) // the configuration changes
	again, err := SubmitReceipt(ctx, js, "acme", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	require.NotEqual(t, first.ID, again.ID)
	require.Eventually(t, func() bool { return acked() == 2 }, 20*time.Second, tick)
	require.Equal(t, int32(1), calls.Load(), "the resubmission is not decided again")
	require.Contains(t, logs.String(), "answered again with its stored answers")
	require.NotContains(t, logs.String(), "OUTPUT CONFLICT")
	require.Zero(t, streamMsgs(t, js, StreamPend), "no pend notice, no case")
	require.Zero(t, streamMsgs(t, js, StreamDLQ))
	outs := allMsgs(t, js, StreamOut)
	require.Len(t, outs, 1, "stored once")
	require.Equal(t, original[0].Sequence, outs[0].Sequence)
	require.Equal(t, "ISA*decided under v1~", string(outs[0].Data))

	// Live: the inbound files, the first answer, then the same answer again
	// for the resubmission.
	var answers []*nats.Msg
	for {
		m, err := live.NextMsg(500 * time.Millisecond)
		if err != nil {
			break
		}
		if strings.HasPrefix(m.Subject, "x12.278.in.") {
			continue
		}
		answers = append(answers, m)
	}
	require.Len(t, answers, 2)
	for i, want := range []string{first.ID, again.ID} {
		require.Equal(t, "x12.278.out.acme", answers[i].Subject)
		require.Equal(t, want, answers[i].Header.Get(HeaderInboundID))
		require.Equal(t, "ISA*decided under v1~", string(answers[i].Data))
		require.Equal(t, original[0].Header.Get(HeaderSeal), answers[i].Header.Get(HeaderSeal))
	}

	// The answers service finds the resubmission's answer.
	sub, err := ServeAnswers(ctx, js, outputs.Kinds)
	require.NoError(t, err)
	defer sub.Unsubscribe()
	ds, err := FetchAnswers(ctx, nc, "acme", []string{again.ID}, time.Now().Add(-time.Minute))
	require.NoError(t, err)
	require.Len(t, ds, 1)
	require.Equal(t, "ISA*decided under v1~", string(ds[0].Data))
}

// TestIndexedThenAckLostNotDecidedAgain: the index is written before the
// ack, so a file whose ack is lost (the worker's connection gone after its
// answers were stored and indexed) is answered on redelivery with its
// stored answers, even by a worker under another configuration.
func TestIndexedThenAckLostNotDecidedAgain(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js, testConsumer(time.Second, 5))
	key, err := SealKeyFromSeed(s.Credentials().Gateway())
	require.NoError(t, err)
	ncA, jsA := connect(t, s)
	var versionA, versionB, calls atomic.Int32
	versionA.Store(1)
	versionB.Store(2)
	var killed atomic.Bool
	a := startWorker(t, jsA, versioned(&versionA, &calls), func(c *WorkerConfig) { c.Workers = 1; c.SealKey = key })
	a.beforeAck = func(*Message) { killed.Store(true); ncA.Close() }
	data := []byte("ISA*request whose ack is lost~")
	ctx := ctxT(t, 30*time.Second)
	_, err = SubmitReceipt(ctx, js, "acme", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	require.Eventually(t, killed.Load, 10*time.Second, tick)

	_, jsB := connect(t, s)
	var logs syncLog
	startWorker(t, jsB, versioned(&versionB, &calls), func(c *WorkerConfig) { c.SealKey = key; c.Logger = newTestLogger(&logs) })
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamIn) == 0 }, 30*time.Second, tick)
	require.Equal(t, int32(1), calls.Load(), "decided once")
	require.Contains(t, logs.String(), "answered again with its stored answers")
	require.Zero(t, streamMsgs(t, js, StreamPend))
	outs := allMsgs(t, js, StreamOut)
	require.Len(t, outs, 1)
	require.Equal(t, "ISA*decided under v1~", string(outs[0].Data))
}

// TestReplayNeedsTheSameBytes: a file whose ID names another file's digest
// (a client reusing an ID) is not answered from that file's index: it is
// decided.
func TestReplayNeedsTheSameBytes(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	var version, calls atomic.Int32
	version.Store(1)
	obs := newObserver()
	startWorker(t, js, versioned(&version, &calls), func(c *WorkerConfig) { c.Observer = obs })
	ctx := ctxT(t, 30*time.Second)
	first, err := SubmitReceipt(ctx, js, "acme", "a.x12", bytes.NewReader([]byte("ISA*one~")))
	require.NoError(t, err)
	acked := func() int { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) }
	require.Eventually(t, func() bool { return acked() == 1 }, 20*time.Second, tick)
	msg := nats.NewMsg("x12.278.in.acme")
	msg.Data = []byte("ISA*other bytes~")
	msg.Header.Set(nats.MsgIdHdr, fileOf(first.ID)+"/reused")
	_, err = js.PublishMsg(ctx, msg)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return acked() == 2 }, 20*time.Second, tick)
	require.Equal(t, int32(2), calls.Load())
}

// TestClaimCheckedResubmissionReplayed: a file too large to go inline,
// sent again, is recognised by its object's digest and answered with its
// stored answers; its new object is deleted once it is acked.
func TestClaimCheckedResubmissionReplayed(t *testing.T) {
	s := startServer(t, func(c *ServerConfig) { c.MaxPayload = 64 << 10 })
	_, js := connect(t, s)
	setup(t, js)
	var version, calls atomic.Int32
	version.Store(1)
	obs := newObserver()
	startWorker(t, js, versioned(&version, &calls), func(c *WorkerConfig) { c.Observer = obs })
	ctx := ctxT(t, 30*time.Second)
	data := bytes.Repeat([]byte("ISA*large~"), 20000)
	acked := func() int { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) }
	first, err := SubmitReceipt(ctx, js, "acme", "big.x12", bytes.NewReader(data))
	require.NoError(t, err)
	require.True(t, first.ClaimCheck)
	require.Eventually(t, func() bool { return acked() == 1 }, 20*time.Second, tick)
	version.Store(2)
	again, err := SubmitReceipt(ctx, js, "acme", "big.x12", bytes.NewReader(data))
	require.NoError(t, err)
	require.True(t, again.ClaimCheck)
	require.Eventually(t, func() bool { return acked() == 2 }, 20*time.Second, tick)
	require.Equal(t, int32(1), calls.Load(), "answered from the index")
	require.Zero(t, streamMsgs(t, js, StreamPend))
	store, err := js.ObjectStore(ctx, BucketLarge)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		list, _ := store.List(ctx)
		return len(list) == 0
	}, 10*time.Second, tick, "both inbound objects deleted")
}
