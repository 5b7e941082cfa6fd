package transport

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/outputs"
)

// startServer runs an embedded server on a random loopback port.
func startServer(t testing.TB, edit ...func(*ServerConfig)) *Server {
	t.Helper()
	cfg := ServerConfig{DataDir: t.TempDir(), Listen: "127.0.0.1:-1"}
	for _, e := range edit {
		e(&cfg)
	}
	s, err := StartServer(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(s.Shutdown)
	return s
}

// connect opens a TCP connection to s as the gateway (so that it survives
// server restarts).
func connect(t testing.TB, s *Server) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	return connectAs(t, s.ClientURL(), s.Credentials().Gateway())
}

// connectAs opens a TCP connection to url with the NKey seed in file seed.
func connectAs(t testing.TB, url, seed string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := Connect(context.Background(), ConnectConfig{URL: url, Name: t.Name(), NKeySeedFile: seed, ReconnectWait: 20 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	require.NoError(t, waitConnected(ctxT(t, 10*time.Second), nc))
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	return nc, js
}

func ctxT(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// shortWindows gives every stream a one-second duplicate window, so that a
// one-second X12_SEEN TTL is not raised to the windows.
func shortWindows(t *topology) {
	for i := range t.defs.Streams {
		t.defs.Streams[i].Duplicates = time.Second
	}
}

// testConsumer makes redelivery quick in tests.
func testConsumer(ackWait time.Duration, maxDeliver int) TopologyOption {
	return WithConsumerConfig(func(c *jetstream.ConsumerConfig) {
		c.AckWait = ackWait
		c.MaxDeliver = maxDeliver
	})
}

func setup(t testing.TB, js jetstream.JetStream, opts ...TopologyOption) {
	t.Helper()
	require.NoError(t, EnsureTopology(ctxT(t, 30*time.Second), js, opts...))
}

// echo answers each file with one 278 output carrying the same bytes.
func echo(ctx context.Context, m *Message, out Publisher) error {
	r, err := m.Open(ctx)
	if err != nil {
		return err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return out.Publish(ctx, Outbound{Kind: outputs.Kind278, Subject: "x12.278.out." + m.Partner, ID: m.ID + ".278", Data: b})
}

// publishAll publishes outs in order.
func publishAll(ctx context.Context, out Publisher, outs []Outbound) error {
	for _, o := range outs {
		if err := out.Publish(ctx, o); err != nil {
			return err
		}
	}
	return nil
}

func startWorker(t testing.TB, js jetstream.JetStream, h HandlerFunc, edit ...func(*WorkerConfig)) *Worker {
	t.Helper()
	cfg := WorkerConfig{Handler: h, Outputs: outputs.Kinds, Workers: 4, BackoffBase: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond, PollInterval: 100 * time.Millisecond, PullExpiry: 2 * time.Second, AckTimeout: 2 * time.Second}
	for _, e := range edit {
		e(&cfg)
	}
	w, err := NewWorker(js, cfg)
	require.NoError(t, err)
	require.NoError(t, w.Start(ctxT(t, 10*time.Second)))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = w.Stop(ctx)
	})
	return w
}

// tick is how often require.Eventually polls in these tests; its timeouts
// are generous safety nets, never assertions about speed.
const tick = 10 * time.Millisecond

func streamMsgs(t testing.TB, js jetstream.JetStream, name string) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, name)
	if err != nil {
		return 1 << 62 // transient (restart, election): keep polling
	}
	info, err := s.Info(ctx)
	if err != nil {
		return 1 << 62
	}
	return info.State.Msgs
}

// allMsgs reads every stored message of a stream.
func allMsgs(t testing.TB, js jetstream.JetStream, name string) []*jetstream.RawStreamMsg {
	t.Helper()
	ctx := ctxT(t, 30*time.Second)
	s, err := js.Stream(ctx, name)
	require.NoError(t, err)
	info, err := s.Info(ctx)
	require.NoError(t, err)
	var out []*jetstream.RawStreamMsg
	if info.State.Msgs == 0 {
		return nil
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			continue // deleted
		}
		out = append(out, m)
	}
	return out
}

// answeredOnce checks that X12_OUT holds exactly one output per id in ids.
func answeredOnce(t testing.TB, js jetstream.JetStream, ids []string) {
	t.Helper()
	seen := map[string]int{}
	for _, m := range allMsgs(t, js, StreamOut) {
		seen[m.Header.Get(HeaderInboundID)]++
	}
	require.Len(t, seen, len(ids), "distinct inbound ids answered")
	for _, id := range ids {
		require.Equal(t, 1, seen[id], "outputs for %s", id)
	}
}

func submitN(t testing.TB, js jetstream.JetStream, partner string, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		id, err := Submit(ctxT(t, 30*time.Second), js, partner, fmt.Sprintf("f%d.x12", i), strings.NewReader(fmt.Sprintf("ISA file %d of %s", i, t.Name())))
		require.NoError(t, err)
		ids[i] = id
	}
	return ids
}

// submitInBackground submits n distinct files while the test goes on; wait
// returns once all are submitted, and ids then holds their identities.
func submitInBackground(t testing.TB, js jetstream.JetStream, n int, label string) (ids []string, wait func()) {
	ids = make([]string, n)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range n {
			id, err := Submit(ctxT(t, 60*time.Second), js, "acme", "f", strings.NewReader(fmt.Sprintf("ISA %s %d", label, i)))
			if err != nil {
				t.Errorf("submit %d: %v", i, err)
				return
			}
			ids[i] = id
		}
	}()
	return ids, func() { <-done }
}

// countingObserver records events.
type countingObserver struct {
	mu       sync.Mutex
	settled  map[string]int
	dead     map[string]int
	received int
	pub      int
	polled   int
}

var _ Observer = (*countingObserver)(nil)

func newObserver() *countingObserver {
	return &countingObserver{settled: map[string]int{}, dead: map[string]int{}}
}

func (o *countingObserver) Received(int64, uint64) { o.mu.Lock(); o.received++; o.mu.Unlock() }
func (o *countingObserver) Settled(out string, _ time.Duration) {
	o.mu.Lock()
	o.settled[out]++
	o.mu.Unlock()
}
func (o *countingObserver) DeadLettered(r string) { o.mu.Lock(); o.dead[r]++; o.mu.Unlock() }
func (o *countingObserver) Published(string, int, time.Duration) {
	o.mu.Lock()
	o.pub++
	o.mu.Unlock()
}
func (o *countingObserver) InFlight(int) {}
func (o *countingObserver) Workers(int)  {}
func (o *countingObserver) ConsumerState(uint64, uint64, uint64, int) {
	o.mu.Lock()
	o.polled++
	o.mu.Unlock()
}
func (o *countingObserver) get(f func(*countingObserver) int) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return f(o)
}

// syncLog is a log sink safe for concurrent writers.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newTestLogger logs text to l.
func newTestLogger(l *syncLog) *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }
