package transport

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/outputs"
)

func TestLargeFileThroughObjectStore(t *testing.T) {
	s := startServer(t, func(c *ServerConfig) { c.MaxPayload = 64 << 10 })
	nc, js := connect(t, s)
	require.Equal(t, int64(64<<10), nc.MaxPayload())
	setup(t, js)
	var sawClaimCheck atomic.Bool
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		if m.ClaimCheck() {
			sawClaimCheck.Store(true)
		}
		return echo(ctx, m, out)
	})
	payload := make([]byte, 300<<10)
	_, err := rand.Read(payload)
	require.NoError(t, err)

	ctx := ctxT(t, 60*time.Second)
	since := time.Now().Add(-2 * time.Second)
	watch, err := WatchOutputs(ctx, js, since)
	require.NoError(t, err)
	defer watch.Stop()
	rc, err := SubmitReceipt(ctx, js, "acme", "big.x12", bytes.NewReader(payload))
	require.NoError(t, err)
	require.True(t, rc.ClaimCheck)

	select {
	case d := <-watch.C():
		require.Equal(t, rc.ID, d.InboundID)
		require.Equal(t, outputs.Kind278, d.Kind)
		require.NotEmpty(t, d.Header.Get(HeaderObject), "output went through the object store")
		require.Empty(t, d.Data)
		body, err := d.Body(ctx, js)
		require.NoError(t, err)
		require.True(t, bytes.Equal(payload, body), "output bytes")
	case <-ctx.Done():
		t.Fatal("no output")
	}
	require.True(t, sawClaimCheck.Load())
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamIn) == 0 }, 10*time.Second, tick)
	// The inbound object is deleted once the file is acked.
	obs, err := js.ObjectStore(ctx, BucketLarge)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		list, _ := obs.List(ctx)
		for _, o := range list {
			if len(o.Name) > 3 && o.Name[:3] == "in/" {
				return false
			}
		}
		return true
	}, 10*time.Second, tick)
}

func TestWorkerKilledMidFile(t *testing.T) {
	tests := []struct {
		name string
		// kill arranges for worker A to lose its connection at some point.
		duringHandler bool
	}{
		{name: "after_publish_before_ack"},
		{name: "during_handler", duringHandler: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t)
			_, js := connect(t, s)
			setup(t, js, testConsumer(time.Second, 5))
			ncA, jsA := connect(t, s)
			var killed atomic.Bool
			handlerA := HandlerFunc(func(ctx context.Context, m *Message, out Publisher) error {
				if tc.duringHandler {
					killed.Store(true)
					ncA.Close()
				}
				return echo(ctx, m, out)
			})
			a := startWorker(t, jsA, handlerA, func(c *WorkerConfig) { c.Workers = 1 })
			if !tc.duringHandler {
				a.beforeAck = func(*Message) { killed.Store(true); ncA.Close() }
			}
			ids := submitN(t, js, "acme", 6)
			require.Eventually(t, killed.Load, 10*time.Second, tick)
			// Worker B on its own connection picks up what A left.
			_, jsB := connect(t, s)
			startWorker(t, jsB, echo)
			require.Eventually(t, func() bool {
				return streamMsgs(t, js, StreamIn) == 0 && streamMsgs(t, js, StreamOut) >= 6
			}, 30*time.Second, tick)
			answeredOnce(t, js, ids)
		})
	}
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func TestServerRestartUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts a server")
	}
	dir := t.TempDir()
	listen := "127.0.0.1:" + strconv.Itoa(freePort(t))
	start := func() *Server {
		s, err := StartServer(context.Background(), ServerConfig{DataDir: dir, Listen: listen})
		require.NoError(t, err)
		return s
	}
	s := start()
	t.Cleanup(func() { s.Shutdown() }) // registered first: runs after the clients' cleanups
	url := s.ClientURL()
	gw := s.Credentials().Gateway()
	_, js := connectAs(t, url, gw)
	setup(t, js, testConsumer(2*time.Second, 10))
	_, jsW := connectAs(t, url, gw)
	obs := newObserver()
	startWorker(t, jsW, echo, func(c *WorkerConfig) { c.Observer = obs })

	const n = 150
	ids, submitted := submitInBackground(t, js, n, "restart")
	require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) >= 30 }, 30*time.Second, tick)
	s.Shutdown()
	s = start()
	submitted()
	require.Eventually(t, func() bool {
		return streamMsgs(t, js, StreamIn) == 0 && streamMsgs(t, js, StreamOut) >= n
	}, 60*time.Second, tick)
	answeredOnce(t, js, ids)
}

func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	release := make(chan struct{})
	var started atomic.Int32
	w := startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		started.Add(1)
		<-release
		return echo(ctx, m, out)
	}, func(c *WorkerConfig) { c.Workers = 3 })
	ids := submitN(t, js, "acme", 3)
	require.Eventually(t, func() bool { return started.Load() == 3 }, 10*time.Second, tick)
	stopped := make(chan error, 1)
	go func() { stopped <- w.Stop(ctxT(t, 30*time.Second)) }()
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned before in-flight files finished: %v", err)
	default:
	}
	close(release)
	require.NoError(t, <-stopped)
	require.Zero(t, streamMsgs(t, js, StreamIn))
	answeredOnce(t, js, ids)
	require.Error(t, w.Ready(ctxT(t, 5*time.Second)))
}

func TestStatusCounts(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		if m.Header.Get(HeaderFileName) == "poison.x12" {
			return Permanent(fmt.Errorf("unreadable"))
		}
		outs := []Outbound{
			{Kind: outputs.Kind999, Subject: "x12.999.out." + m.Partner, ID: m.ID + ".999", Data: []byte("999")},
			{Kind: outputs.Kind278, Subject: "x12.278.out." + m.Partner, ID: m.ID + ".278", Data: []byte("278")},
			{Kind: outputs.KindTrace, Subject: "x12.278.trace." + m.Partner, ID: m.ID + ".trace", Data: []byte("{}")},
			{Kind: outputs.KindPend, Subject: "x12.278.pend.anthem", ID: m.ID + ".pend", Data: []byte("{}")},
		}
		if m.Header.Get(HeaderFileName) == "f0.x12" {
			outs = append(outs, Outbound{Kind: outputs.KindTA1, Subject: "x12.ta1.out." + m.Partner, ID: m.ID + ".ta1", Data: []byte("TA1")})
		}
		return publishAll(ctx, out, outs)
	})
	submitN(t, js, "acme", 3)
	ctx := ctxT(t, 30*time.Second)
	_, err := Submit(ctx, js, "acme", "poison.x12", bytes.NewReader([]byte("junk")))
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		return streamMsgs(t, js, StreamIn) == 0 && streamMsgs(t, js, StreamOut) == 10 && streamMsgs(t, js, StreamDLQ) == 1
	}, 30*time.Second, tick)
	rep, err := Status(ctx, js, outputs.Kinds)
	require.NoError(t, err)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	var got struct {
		Inbound     map[string]uint64 `json:"inbound"`
		Outputs     map[string]uint64 `json:"outputs"`
		DeadLetters *uint64           `json:"dead_letters"`
	}
	require.NoError(t, json.Unmarshal(b, &got))
	require.Equal(t, map[string]uint64{"278": 3, "999": 3, "ta1": 1, "trace": 3, "pend": 3, "rejected": 0}, got.Outputs)
	require.NotNil(t, got.DeadLetters)
	require.Equal(t, uint64(1), *got.DeadLetters)
	for _, k := range []string{"pending", "ack_pending", "redelivered"} {
		v, ok := got.Inbound[k]
		require.True(t, ok, k)
		require.Zero(t, v, k)
	}
	_ = io.Discard
	_ = jetstream.MsgIDHeader
}

func TestGatewayEmbedded(t *testing.T) {
	ctx := ctxT(t, 30*time.Second)
	g, err := Open(ctx, GatewayConfig{Embedded: ServerConfig{DataDir: t.TempDir(), Listen: "127.0.0.1:-1"}})
	require.NoError(t, err)
	require.Equal(t, 1, g.ClusterSize, "embedded: a cluster of one")
	require.Equal(t, 1, replicasOf(t, g.JS, StreamIn))
	require.Error(t, g.Ready(ctx))
	require.NoError(t, g.StartWorker(ctx, WorkerConfig{Handler: HandlerFunc(echo), Outputs: outputs.Kinds, Workers: 2}))
	require.NoError(t, g.Ready(ctx))
	// An external client (gate278 submit) reaches it over loopback.
	_, js := connect(t, g.Server)
	ids := submitN(t, js, "acme", 3)
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamOut) == 3 }, 10*time.Second, tick)
	answeredOnce(t, js, ids)
	_, fresh, err := g.Ledger.Claim(ctx, "k", "v")
	require.NoError(t, err)
	require.True(t, fresh)
	require.NoError(t, g.Close(ctx))
}

func TestStopDeadlineHandsFilesBack(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	var started atomic.Int32
	_, jsA := connect(t, s)
	a := startWorker(t, jsA, func(ctx context.Context, m *Message, out Publisher) error {
		started.Add(1)
		<-ctx.Done() // a handler that only stops when told to
		return ctx.Err()
	}, func(c *WorkerConfig) { c.Workers = 2 })
	ids := submitN(t, js, "acme", 2)
	require.Eventually(t, func() bool { return started.Load() == 2 }, 10*time.Second, tick)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, a.Stop(ctx), context.DeadlineExceeded)
	// The files were handed back (Nak), not dead-lettered: another worker
	// answers them.
	startWorker(t, js, echo)
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamOut) == 2 && streamMsgs(t, js, StreamIn) == 0 }, 20*time.Second, tick)
	answeredOnce(t, js, ids)
	require.Zero(t, streamMsgs(t, js, StreamDLQ))
}

func TestLongFileKeptAliveWithInProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("handler outlives AckWait")
	}
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js, testConsumer(time.Second, 5))
	var calls atomic.Int32
	obs := newObserver()
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		calls.Add(1)
		time.Sleep(2500 * time.Millisecond) // longer than AckWait: heartbeats keep it ours
		return echo(ctx, m, out)
	}, func(c *WorkerConfig) { c.Observer = obs })
	ids := submitN(t, js, "acme", 1)
	require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) == 1 }, 20*time.Second, tick)
	require.Equal(t, int32(1), calls.Load(), "not redelivered while in progress")
	answeredOnce(t, js, ids)
}

func TestConnectConfigErrors(t *testing.T) {
	_, err := Connect(context.Background(), ConnectConfig{URL: "nats://127.0.0.1:1", NKeySeedFile: "/nonexistent/seed"})
	require.Error(t, err)
	_, err = Connect(context.Background(), ConnectConfig{URL: "nats://127.0.0.1:1", TLSCA: "/nonexistent/ca.pem"})
	require.Error(t, err)
	_, err = StartServer(context.Background(), ServerConfig{})
	require.Error(t, err, "data dir required")
	_, err = StartServer(context.Background(), ServerConfig{DataDir: t.TempDir(), Listen: "nohostport"})
	require.Error(t, err)
}

// TestExhaustedWhileNoWorkerListens: a file exhausts MaxDeliver while no
// gate278 worker runs (the puller died on its last delivery). The advisory
// is captured in X12_EVENTS; the next worker to start moves the file to
// X12_DLQ.
func TestExhaustedWhileNoWorkerListens(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js, testConsumer(300*time.Millisecond, 2))
	ids := submitN(t, js, "acme", 1)
	ctx := ctxT(t, 30*time.Second)
	cons, err := js.Consumer(ctx, StreamIn, ConsumerName)
	require.NoError(t, err)
	for range 2 { // two deliveries, never acked
		b, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
		require.NoError(t, err)
		n := 0
		for range b.Messages() {
			n++
		}
		require.Equal(t, 1, n)
	}
	// The server notices the exhaustion (and advises) when it next tries to
	// deliver, i.e. on the next pull: here one nobody listens for.
	require.Eventually(t, func() bool {
		b, err := cons.Fetch(1, jetstream.FetchMaxWait(200*time.Millisecond))
		if err == nil {
			for range b.Messages() {
				assert.Fail(t, "exhausted file delivered again")
			}
		}
		return streamMsgs(t, js, StreamEvents) == 1
	}, 10*time.Second, tick, "advisory captured")
	rep, err := Status(ctx, js, outputs.Kinds)
	require.NoError(t, err)
	require.Equal(t, uint64(1), rep.Inbound.Stuck)

	startWorker(t, js, echo)
	require.Eventually(t, func() bool {
		return streamMsgs(t, js, StreamDLQ) == 1 && streamMsgs(t, js, StreamIn) == 0 && streamMsgs(t, js, StreamEvents) == 0
	}, 10*time.Second, tick)
	dl := allMsgs(t, js, StreamDLQ)[0]
	require.Equal(t, ReasonMaxDeliver, dl.Header.Get(HeaderDlqReason))
	require.Equal(t, ids[0], dl.Header.Get(HeaderInboundID))
	require.Equal(t, "2", dl.Header.Get(HeaderDlqDelivered))
}

// TestSlowClaimCheckedFile: a handler that pauses in the middle of a
// claim-checked file (busy deciding what it read so far) still reads the
// rest: chunks are fetched when the reader asks for them, so no read times
// out (it used to after about five seconds, every delivery, until the file
// was dead-lettered).
func TestSlowClaimCheckedFile(t *testing.T) {
	if testing.Short() {
		t.Skip("pauses for seven seconds")
	}
	s := startServer(t, func(c *ServerConfig) { c.MaxPayload = 64 << 10 })
	_, js := connect(t, s)
	setup(t, js, testConsumer(2*time.Second, 2))
	obs := newObserver()
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		r, err := m.Open(ctx)
		if err != nil {
			return err
		}
		defer r.Close()
		head := make([]byte, 1000)
		if _, err := io.ReadFull(r, head); err != nil {
			return err
		}
		time.Sleep(7 * time.Second)
		rest, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		return out.Publish(ctx, Outbound{Kind: outputs.Kind278, Subject: "x12.278.out." + m.Partner, ID: m.ID + ".278", Data: append(head, rest...)})
	}, func(c *WorkerConfig) { c.Observer = obs })
	payload := make([]byte, 300<<10)
	_, err := rand.Read(payload)
	require.NoError(t, err)
	rc, err := SubmitReceipt(ctxT(t, 30*time.Second), js, "acme", "slow.x12", bytes.NewReader(payload))
	require.NoError(t, err)
	require.True(t, rc.ClaimCheck)
	require.Eventually(t, func() bool { return obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) == 1 }, 30*time.Second, tick)
	require.Zero(t, streamMsgs(t, js, StreamDLQ))
	answeredOnce(t, js, []string{rc.ID})
}

// TestHardStopHandsBackCPUBoundFiles: a handler that never looks at its
// context (a CPU-bound file) does not hold Stop past the grace period: the
// file is handed back at once and another worker answers it well before
// AckWait would have.
func TestHardStopHandsBackCPUBoundFiles(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js) // AckWait 30 s
	var started atomic.Int32
	var released atomic.Bool
	t.Cleanup(func() { released.Store(true) })
	_, jsA := connect(t, s)
	a := startWorker(t, jsA, func(ctx context.Context, m *Message, out Publisher) error {
		started.Add(1)
		for !released.Load() { // busy, deaf to ctx
			runtime.Gosched()
		}
		return nil
	}, func(c *WorkerConfig) { c.Workers = 1 })
	ids := submitN(t, js, "acme", 1)
	require.Eventually(t, func() bool { return started.Load() == 1 }, 10*time.Second, tick)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, a.Stop(ctx), context.DeadlineExceeded)
	startWorker(t, js, echo)
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamOut) == 1 && streamMsgs(t, js, StreamIn) == 0 }, 15*time.Second, tick, "handed back, not left to AckWait")
	answeredOnce(t, js, ids)
}
