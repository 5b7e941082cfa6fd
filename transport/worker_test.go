package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/outputs"
)

func TestLoadDefinitions(t *testing.T) {
	d, err := LoadDefinitions(nil)
	require.NoError(t, err)
	names := map[string]jetstream.StreamConfig{}
	for _, s := range d.Streams {
		names[s.Name] = s
	}
	require.Len(t, names, 6) // and X12_CASE_HISTORY, the review cases' audit trail (cmd/gate278/internal/casestore)
	require.Equal(t, jetstream.WorkQueuePolicy, names[StreamEvents].Retention)
	require.Equal(t, jetstream.WorkQueuePolicy, names[StreamIn].Retention)
	require.Equal(t, jetstream.FileStorage, names[StreamIn].Storage)
	require.Equal(t, []string{"x12.278.in.>"}, names[StreamIn].Subjects)
	require.GreaterOrEqual(t, names[StreamIn].Duplicates, 2*time.Minute)
	require.Equal(t, jetstream.LimitsPolicy, names[StreamOut].Retention)
	require.ElementsMatch(t, []string{"x12.278.out.>", "x12.999.out.>", "x12.ta1.out.>", "x12.278.trace.>", "x12.rejected.>"}, names[StreamOut].Subjects)
	require.GreaterOrEqual(t, names[StreamOut].Duplicates, time.Hour)
	require.Equal(t, []string{"x12.278.pend.>"}, names[StreamPend].Subjects)
	require.Equal(t, []string{"x12.dlq.>"}, names[StreamDLQ].Subjects)
	require.Len(t, d.Consumers, 2)
	c := d.Consumers[1] // sorted by file name: X12_EVENTS, then X12_IN
	require.Equal(t, StreamEvents, d.Consumers[0].Stream)
	require.Equal(t, ConsumerDLQ, d.Consumers[0].Config.Durable)
	require.Equal(t, StreamIn, c.Stream)
	require.Equal(t, ConsumerName, c.Config.Durable)
	require.Equal(t, jetstream.AckExplicitPolicy, c.Config.AckPolicy)
	require.Equal(t, 5, c.Config.MaxDeliver)
	require.Equal(t, 30*time.Second, c.Config.AckWait)
	require.Len(t, d.KeyValues, 2) // sorted by file name: X12_CASES (casestore), then X12_SEEN
	require.Equal(t, BucketSeen, d.KeyValues[1].Bucket)
	require.Len(t, d.ObjectStores, 1)
	require.Equal(t, BucketLarge, d.ObjectStores[0].Bucket)
}

func TestEnsureTopologyIdempotent(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	setup(t, js, WithOutputMaxAge(48*time.Hour), WithSeenTTL(time.Minute))
	setup(t, js, WithOutputMaxAge(time.Hour), WithSeenTTL(time.Minute))
	ctx := ctxT(t, 10*time.Second)
	out, err := js.Stream(ctx, StreamOut)
	require.NoError(t, err)
	require.Equal(t, time.Hour, out.CachedInfo().Config.MaxAge)
	require.Equal(t, 1, out.CachedInfo().Config.Replicas)
	kv, err := js.KeyValue(ctx, BucketSeen)
	require.NoError(t, err)
	st, err := kv.Status(ctx)
	require.NoError(t, err)
	require.Equal(t, 2*time.Hour, st.TTL(), "raised to the longest duplicate window (X12_PEND's, X12_DLQ's)")
	obj, err := js.ObjectStore(ctx, BucketLarge)
	require.NoError(t, err)
	ost, err := obj.Status(ctx)
	require.NoError(t, err)
	dlq, err := js.Stream(ctx, StreamDLQ)
	require.NoError(t, err)
	require.Equal(t, dlq.CachedInfo().Config.MaxAge+objectMargin, ost.TTL(), "objects outlive every message that may point at them")
}

func TestWorkerAnswersEachFileOnce(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	obs := newObserver()
	startWorker(t, js, echo, func(c *WorkerConfig) { c.Observer = obs })
	ids := submitN(t, js, "acme", 40)
	require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) == 40 }, 30*time.Second, tick)
	require.Zero(t, streamMsgs(t, js, StreamIn))
	answeredOnce(t, js, ids)
	for _, m := range allMsgs(t, js, StreamOut) {
		require.Equal(t, outputs.Kind278, m.Header.Get(HeaderKind))
		require.Equal(t, "x12.278.in.acme", m.Header.Get(HeaderInboundSubject))
		require.NotEmpty(t, m.Header.Get(HeaderInboundSeq))
		require.Equal(t, "x12.278.out.acme", m.Subject)
		require.Equal(t, m.Header.Get(HeaderInboundID)+".278", m.Header.Get(jetstream.MsgIDHeader))
	}
	require.Equal(t, 40, obs.get(func(o *countingObserver) int { return o.received }))
	require.Equal(t, 40, obs.get(func(o *countingObserver) int { return o.pub }))
	require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.polled }) > 0 }, 10*time.Second, tick)
}

func TestTransientErrorIsRetried(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	obs := newObserver()
	var delivered sync.Map
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		if m.Delivered < 3 {
			return errors.New("backend unavailable")
		}
		delivered.Store(m.ID, m.Delivered)
		return echo(ctx, m, out)
	}, func(c *WorkerConfig) { c.Observer = obs })
	ids := submitN(t, js, "acme", 5)
	require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) == 5 }, 30*time.Second, tick)
	answeredOnce(t, js, ids)
	require.Equal(t, 10, obs.get(func(o *countingObserver) int { return o.settled[OutcomeNak] }))
	for _, id := range ids {
		d, ok := delivered.Load(id)
		require.True(t, ok)
		require.Equal(t, uint64(3), d)
	}
	require.Zero(t, streamMsgs(t, js, StreamDLQ))
}

func TestDeadLetters(t *testing.T) {
	tests := []struct {
		name    string
		handler HandlerFunc
		edit    func(*WorkerConfig)
		reason  string
		errText string
	}{
		{name: "poison", reason: ReasonPoison, errText: "bad ISA",
			handler: func(context.Context, *Message, Publisher) error { return Permanent(errors.New("bad ISA")) }},
		{name: "panic", reason: ReasonPoison, errText: "panic",
			handler: func(context.Context, *Message, Publisher) error { panic("boom") }},
		{name: "max_deliver", reason: ReasonMaxDeliver, errText: "flaky",
			handler: func(context.Context, *Message, Publisher) error { return errors.New("flaky") }},
		{name: "max_deliver_advisory", reason: ReasonMaxDeliver,
			handler: func(context.Context, *Message, Publisher) error { return errors.New("flaky") }},
		{name: "oversize", reason: ReasonOversize, errText: "maximum file size",
			handler: echo, edit: func(c *WorkerConfig) { c.MaxFileSize = 8 }},
		{name: "bad_output", reason: ReasonPoison, errText: "kind",
			handler: func(ctx context.Context, _ *Message, out Publisher) error {
				return out.Publish(ctx, Outbound{Kind: "bogus", Subject: "x12.278.out.x", ID: "x"})
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t)
			_, js := connect(t, s)
			setup(t, js, testConsumer(time.Second, 3))
			obs := newObserver()
			payload := []byte("ISA*poison*" + tc.name)
			good := []byte("ISA*good")
			w := startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
				if m.Header.Get(HeaderFileName) == "good.x12" {
					return echo(ctx, m, out)
				}
				return tc.handler(ctx, m, out)
			}, func(c *WorkerConfig) {
				c.Observer = obs
				if tc.edit != nil {
					c.MaxFileSize = 0
					tc.edit(c)
				}
			})
			w.noFinalDLQ = tc.name == "max_deliver_advisory"
			ctx := ctxT(t, 30*time.Second)
			rc, err := SubmitReceipt(ctx, js, "acme", "bad.x12", bytes.NewReader(payload))
			require.NoError(t, err)
			id := rc.ID
			require.Eventually(t, func() bool { return streamMsgs(t, js, StreamDLQ) == 1 }, 30*time.Second, tick)
			require.Eventually(t, func() bool { return streamMsgs(t, js, StreamIn) == 0 }, 10*time.Second, tick)
			dl := allMsgs(t, js, StreamDLQ)[0]
			require.Equal(t, "x12.dlq.acme", dl.Subject)
			require.Equal(t, payload, dl.Data)
			require.Equal(t, tc.reason, dl.Header.Get(HeaderDlqReason))
			require.Contains(t, dl.Header.Get(HeaderDlqError), tc.errText)
			require.Equal(t, id, dl.Header.Get(HeaderInboundID))
			require.Equal(t, "bad.x12", dl.Header.Get(HeaderFileName), "original headers kept")
			require.Equal(t, rc.Digest, dl.Header.Get(HeaderContentDigest))
			require.Equal(t, "dlq-"+id, dl.Header.Get(jetstream.MsgIDHeader))
			require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.dead[tc.reason] }) == 1 }, 10*time.Second, tick)

			// The worker carries on.
			if tc.name != "oversize" {
				gid, err := Submit(ctx, js, "acme", "good.x12", bytes.NewReader(good))
				require.NoError(t, err)
				require.Eventually(t, func() bool { return streamMsgs(t, js, StreamOut) == 1 }, 30*time.Second, tick)
				answeredOnce(t, js, []string{gid})
			}
			require.NoError(t, w.Ready(ctx))
		})
	}
}

func TestEverySubmissionStored(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	ctx := ctxT(t, 10*time.Second)
	r1, err := SubmitReceipt(ctx, js, "acme", "a.x12", strings.NewReader("ISA*same"))
	require.NoError(t, err)
	r2, err := SubmitReceipt(ctx, js, "acme", "b.x12", strings.NewReader("ISA*same"))
	require.NoError(t, err)
	require.NotEqual(t, r1.ID, r2.ID, "every submission is one of its own")
	require.Equal(t, r1.Digest, r2.Digest)
	require.True(t, strings.HasPrefix(r1.ID, "acme/"+r1.Digest+"/"), r1.ID)
	require.Len(t, r1.Digest, len("sha256:")+64)
	r3, err := SubmitReceipt(ctx, js, "globex", "c.x12", strings.NewReader("ISA*same"))
	require.NoError(t, err)
	require.Equal(t, r1.Digest, r3.Digest)
	require.False(t, r1.Duplicate || r2.Duplicate || r3.Duplicate)
	require.Equal(t, uint64(3), streamMsgs(t, js, StreamIn))
	_, err = Submit(ctx, js, "bad.partner", "x", strings.NewReader("x"))
	require.Error(t, err)
}

func TestLedgerClaim(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js, WithSeenTTL(time.Second), shortWindows)
	ctx := ctxT(t, 20*time.Second)
	l, err := NewLedger(ctx, js)
	require.NoError(t, err)
	key := "SENDER ID      .000000001"
	prior, fresh, err := l.Claim(ctx, key, "sha256:aa")
	require.NoError(t, err)
	require.True(t, fresh)
	require.Empty(t, prior)
	prior, fresh, err = l.Claim(ctx, key, "sha256:bb")
	require.NoError(t, err)
	require.False(t, fresh)
	require.Equal(t, "sha256:aa", prior)
	_, fresh, err = l.Claim(ctx, "SENDER ID      .000000002", "sha256:cc")
	require.NoError(t, err)
	require.True(t, fresh)
	require.NotEqual(t, LedgerKey("a.b"), LedgerKey("a=2Eb."))
	// Concurrent claims: exactly one wins.
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, fresh, err := l.Claim(ctx, "race", fmt.Sprint(i))
			if err == nil && fresh {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	require.Equal(t, int32(1), wins.Load())
	require.NoError(t, l.Release(ctx, "race"))
	_, fresh, err = l.Claim(ctx, "race", "again")
	require.NoError(t, err)
	require.True(t, fresh)
	// Entries expire after the TTL.
	require.Eventually(t, func() bool {
		_, fresh, err := l.Claim(ctx, key, "sha256:dd")
		return err == nil && fresh
	}, 15*time.Second, tick)
}

// TestRedrive: a dead letter is redriven at once, as a submission of its own
// (whatever X12_IN's duplicate window remembers), and removed once the
// replacement is stored; should the file fail again, its new dead letter is
// kept (it used to be dropped as a duplicate of the first, and the file
// lost); a file redriven after its fix is answered once.
func TestRedrive(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	var fixed atomic.Bool
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		if !fixed.Load() {
			return Permanent(errors.New("handler bug"))
		}
		return echo(ctx, m, out)
	})
	ids := submitN(t, js, "acme", 1)
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamDLQ) == 1 }, 10*time.Second, tick)
	first := allMsgs(t, js, StreamDLQ)[0]
	ctx := ctxT(t, 20*time.Second)
	rc, err := Redrive(ctx, js, first.Sequence)
	require.NoError(t, err)
	require.False(t, rc.Duplicate)
	require.Equal(t, ids[0]+"/redrive-"+strconv.FormatUint(first.Sequence, 10), rc.ID)
	// It fails again: a dead letter of its own, the first one gone.
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamIn) == 0 && streamMsgs(t, js, StreamDLQ) == 1 }, 10*time.Second, tick)
	second := allMsgs(t, js, StreamDLQ)[0]
	require.NotEqual(t, first.Sequence, second.Sequence)
	require.Equal(t, rc.ID, second.Header.Get(HeaderInboundID))
	require.Equal(t, first.Data, second.Data)
	_, err = Redrive(ctx, js, first.Sequence)
	require.Error(t, err, "already redriven")

	fixed.Store(true)
	rc, err = Redrive(ctx, js, second.Sequence)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamOut) == 1 && streamMsgs(t, js, StreamDLQ) == 0 }, 10*time.Second, tick)
	answeredOnce(t, js, []string{rc.ID})
}

// TestRedriveOldClaimCheck: a claim-checked file's dead letter has its own
// copy of the object, kept as long as the dead letter: redriven after the
// original object is gone, the file is answered.
func TestRedriveOldClaimCheck(t *testing.T) {
	s := startServer(t, func(c *ServerConfig) { c.MaxPayload = 64 << 10 })
	_, js := connect(t, s)
	setup(t, js)
	var fixed atomic.Bool
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		if !fixed.Load() {
			return Permanent(errors.New("handler bug"))
		}
		return echo(ctx, m, out)
	})
	ctx := ctxT(t, 30*time.Second)
	payload := bytes.Repeat([]byte("ISA*large~"), 30000)
	rc, err := SubmitReceipt(ctx, js, "acme", "big.x12", bytes.NewReader(payload))
	require.NoError(t, err)
	require.True(t, rc.ClaimCheck)
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamDLQ) == 1 }, 10*time.Second, tick)
	dl := allMsgs(t, js, StreamDLQ)[0]
	store, err := js.ObjectStore(ctx, BucketLarge)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(dl.Header.Get(HeaderObject), "in/acme/dlq-"), "the dead letter has its own copy")
	require.Eventually(t, func() bool {
		list, _ := store.List(ctx)
		return len(list) == 1 && list[0].Name == dl.Header.Get(HeaderObject)
	}, 10*time.Second, tick, "the original object is deleted, the copy kept")
	fixed.Store(true)
	rr, err := Redrive(ctx, js, dl.Sequence)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamOut) == 1 && streamMsgs(t, js, StreamIn) == 0 }, 10*time.Second, tick)
	out := allMsgs(t, js, StreamOut)[0]
	require.Equal(t, rr.ID, out.Header.Get(HeaderInboundID))
	body, err := (&Delivery{Header: out.Header, Data: out.Data}).Body(ctx, js)
	require.NoError(t, err)
	require.True(t, bytes.Equal(payload, body))
}

// TestManyOutputsPerFile: a batch file whose answer is thousands of
// messages (a trace per transaction set) is published window by window and
// acked once every output is stored.
func TestManyOutputsPerFile(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	obs := newObserver()
	const n = 3*publishWindow + 17
	many := func(ctx context.Context, m *Message, out Publisher) error {
		outs := make([]Outbound, n)
		for i := range outs {
			outs[i] = Outbound{Kind: outputs.KindTrace, Subject: "x12.278.trace." + m.Partner, ID: fmt.Sprintf("%s.trace.%d", m.ID, i), Data: []byte("{}")}
		}
		return publishAll(ctx, out, outs)
	}
	startWorker(t, js, many, func(c *WorkerConfig) { c.Observer = obs })
	submitN(t, js, "acme", 2)
	require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) == 2 }, 60*time.Second, tick)
	require.Equal(t, uint64(2*n), streamMsgs(t, js, StreamOut))
	require.Equal(t, 2*n, obs.get(func(o *countingObserver) int { return o.pub }))
}

// TestOutputsPublishedAsProduced: an output is stored while the handler is
// still running (the worker does not hold a file's outputs until the end),
// and the file is acked only after the handler returns.
func TestOutputsPublishedAsProduced(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	obs := newObserver()
	var storedWhileRunning atomic.Bool
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		if err := out.Publish(ctx, Outbound{Kind: outputs.Kind999, Subject: "x12.999.out." + m.Partner, ID: m.ID + ".999", Data: []byte("999")}); err != nil {
			return err
		}
		// The first output reaches X12_OUT before the second is produced.
		storedWhileRunning.Store(assert.Eventually(t, func() bool { return streamMsgs(t, js, StreamOut) == 1 }, 10*time.Second, 10*time.Millisecond))
		if obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) != 0 {
			return errors.New("acked before the handler returned")
		}
		return echo(ctx, m, out)
	}, func(c *WorkerConfig) { c.Observer = obs })
	ids := submitN(t, js, "acme", 1)
	require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) == 1 }, 30*time.Second, 10*time.Millisecond)
	require.True(t, storedWhileRunning.Load())
	require.Equal(t, uint64(2), streamMsgs(t, js, StreamOut))
	require.Zero(t, obs.get(func(o *countingObserver) int { return o.settled[OutcomeNak] }))
	seen := map[string]int{}
	for _, m := range allMsgs(t, js, StreamOut) {
		seen[m.Header.Get(HeaderInboundID)]++
	}
	require.Equal(t, map[string]int{ids[0]: 2}, seen)
}

// TestIgnoredPublishErrorStillCounts: a handler that drops the error of a
// bad output does not get its file acked: it is dead-lettered as poison.
func TestIgnoredPublishErrorStillCounts(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	obs := newObserver()
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		_ = out.Publish(ctx, Outbound{Kind: outputs.Kind278, Subject: "x12.999.out." + m.Partner, ID: m.ID + ".278"}) // wrong subject
		return nil
	}, func(c *WorkerConfig) { c.Observer = obs })
	submitN(t, js, "acme", 1)
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamDLQ) == 1 }, 30*time.Second, 10*time.Millisecond)
	dl := allMsgs(t, js, StreamDLQ)[0]
	require.Equal(t, ReasonPoison, dl.Header.Get(HeaderDlqReason))
	require.Contains(t, dl.Header.Get(HeaderDlqError), "invalid subject")
	require.Zero(t, obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }))
}

// TestCopyInbound: an output that copies the inbound file carries its bytes
// (inline) or a reference to its claim-check object, which the ack then
// keeps instead of deleting; either way the copy reads back as the input.
func TestCopyInbound(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int
	}{{"inline", 1 << 10}, {"claim_check", 200 << 10}} {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t, func(c *ServerConfig) { c.MaxPayload = 64 << 10 })
			_, js := connect(t, s)
			setup(t, js)
			obs := newObserver()
			startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
				return out.Publish(ctx, Outbound{Kind: outputs.KindRejected, Subject: "x12.rejected." + m.Partner, ID: m.ID + ".kept", CopyInbound: true})
			}, func(c *WorkerConfig) { c.Observer = obs })
			payload := bytes.Repeat([]byte("ISA*copy~"), tc.size/9)
			ctx := ctxT(t, 30*time.Second)
			rc, err := SubmitReceipt(ctx, js, "acme", "kept.x12", bytes.NewReader(payload))
			require.NoError(t, err)
			require.Equal(t, tc.size > 64<<10, rc.ClaimCheck)
			require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) == 1 }, 30*time.Second, 10*time.Millisecond)
			kept := allMsgs(t, js, StreamOut)
			require.Len(t, kept, 1)
			d := Delivery{Header: kept[0].Header, Data: kept[0].Data}
			body, err := d.Body(ctx, js)
			require.NoError(t, err)
			require.True(t, bytes.Equal(payload, body), "the copy is the input")
			require.Equal(t, rc.ClaimCheck, kept[0].Header.Get(HeaderObject) != "", "a claim check is copied by reference")
		})
	}
}

func TestPublishWindowFitsTheClientLimit(t *testing.T) {
	require.Equal(t, publishWindow, window(1))
	require.Equal(t, publishWindow, window(4))
	for _, workers := range []int{1, 4, 16, 64, 1000, 10000} {
		w := window(workers)
		require.Positive(t, w)
		require.LessOrEqual(t, w*workers, max(clientAsyncLimit, workers), "%d workers", workers)
	}
}

// TestOnAnsweredRunsAfterTheAck: a handler's "answered" hook runs once the
// outputs are stored and the file acked, not when the file is retried.
func TestOnAnsweredRunsAfterTheAck(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	var runs, storedAtRun atomic.Int32
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		m.OnAnswered(func() {
			runs.Add(1)
			storedAtRun.Store(int32(streamMsgs(t, js, StreamOut)))
		})
		if err := echo(ctx, m, out); err != nil {
			return err
		}
		if m.Delivered == 1 {
			return errors.New("retry me")
		}
		return nil
	})
	submitN(t, js, "acme", 1)
	require.Eventually(t, func() bool { return runs.Load() == 1 && streamMsgs(t, js, StreamIn) == 0 }, 20*time.Second, tick)
	require.Equal(t, int32(1), storedAtRun.Load(), "the output was stored before")
	time.Sleep(100 * time.Millisecond)
	require.Equal(t, int32(1), runs.Load(), "not for the retried delivery")
}
