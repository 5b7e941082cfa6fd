package transport

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"
)

// benchPayload is a typical small 278 file (2 KiB).
var benchPayload = bytes.Repeat([]byte("ISA*00*          *00*          *ZZ*SUBMITTER~"), 2048/40+1)[:2048]

// benchServer starts an embedded server and an in-process connection, as
// `gate278 serve` runs by default.
func benchServer(b *testing.B) (*Server, jetstream.JetStream) {
	b.Helper()
	s := startServer(b)
	nc, err := Connect(context.Background(), ConnectConfig{Server: s})
	require.NoError(b, err)
	b.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	require.NoError(b, err)
	setup(b, js)
	return s, js
}

// fileN makes file i unique (distinct digests) without changing its size.
func fileN(i int) []byte {
	p := slices.Clone(benchPayload)
	copy(p[len(p)-20:], fmt.Appendf(nil, "%019d~", i))
	return p
}

// submitParallel submits n files from g goroutines.
func submitParallel(b *testing.B, js jetstream.JetStream, n, g int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if _, err := Submit(context.Background(), js, "bench", "f", bytes.NewReader(fileN(i))); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkEndToEnd measures files/second through the whole transport:
// Submit -> worker -> handler (echo) -> output published (PubAck) ->
// DoubleAck.
func BenchmarkEndToEnd(b *testing.B) {
	for _, workers := range []int{2, 32} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			_, js := benchServer(b)
			obs := newObserver()
			startWorker(b, js, echo, func(c *WorkerConfig) { c.Workers = workers; c.Observer = obs; c.PullExpiry = 0; c.AckTimeout = 0 })
			b.SetBytes(int64(len(benchPayload)))
			b.ResetTimer()
			start := time.Now()
			submitParallel(b, js, b.N, 8)
			for obs.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) < b.N {
				time.Sleep(time.Millisecond)
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "files/s")
		})
	}
}

// BenchmarkRelayCeiling is the bare JetStream relay of the same bytes, same
// submission: consume, publish the output (async), ack. It is the ceiling
// for BenchmarkEndToEnd.
func BenchmarkRelayCeiling(b *testing.B) {
	_, js := benchServer(b)
	ctx := context.Background()
	cons, err := js.Consumer(ctx, StreamIn, ConsumerName)
	require.NoError(b, err)
	var done atomic.Int64
	cc, err := cons.Consume(func(m jetstream.Msg) {
		md, _ := m.Metadata()
		f, err := js.PublishAsync("x12.278.out.bench", m.Data(), jetstream.WithMsgID(fmt.Sprint(md.Sequence.Stream)))
		if err != nil {
			b.Error(err)
			return
		}
		go func() {
			select {
			case <-f.Ok():
				_ = m.Ack()
				done.Add(1)
			case err := <-f.Err():
				b.Error(err)
			}
		}()
	}, jetstream.PullMaxMessages(64))
	require.NoError(b, err)
	defer cc.Stop()
	b.SetBytes(int64(len(benchPayload)))
	b.ResetTimer()
	start := time.Now()
	submitParallel(b, js, b.N, 8)
	for done.Load() < int64(b.N) {
		time.Sleep(time.Millisecond)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "files/s")
}

// BenchmarkLatency offers files at a steady 1,000 files/s and reports the
// submit-to-output latency percentiles (p50_ms, p99_ms), measured from each
// file's scheduled submit time (no coordinated omission) to the arrival of
// its output at a subscriber.
func BenchmarkLatency(b *testing.B) {
	_, js := benchServer(b)
	startWorker(b, js, echo, func(c *WorkerConfig) { c.Workers = 16; c.PullExpiry = 0; c.AckTimeout = 0 })
	const rate = 1000
	n := max(b.N, 200)
	var mu sync.Mutex
	sent := make(map[string]time.Time, n)
	lat := make([]time.Duration, 0, n)
	got := make(chan struct{}, n)
	sub, err := js.Conn().Subscribe("x12.278.out.>", func(m *nats.Msg) {
		now := time.Now()
		id := m.Header.Get(HeaderInboundID)
		mu.Lock()
		if t0, ok := sent[id]; ok {
			lat = append(lat, now.Sub(t0))
			delete(sent, id)
			got <- struct{}{}
		}
		mu.Unlock()
	})
	require.NoError(b, err)
	defer sub.Unsubscribe()
	// Precompute ids so the subscriber can match early outputs.
	files := make([][]byte, n)
	ids := make([]string, n)
	for i := range n {
		files[i] = fileN(1_000_000 + i)
		ids[i] = "bench/" + digestID(files[i])
	}
	b.ResetTimer()
	start := time.Now()
	for i := range n {
		at := start.Add(time.Duration(i) * time.Second / rate)
		time.Sleep(time.Until(at))
		mu.Lock()
		sent[ids[i]] = at
		mu.Unlock()
		go func() {
			if _, err := Submit(context.Background(), js, "bench", "f", bytes.NewReader(files[i])); err != nil {
				b.Error(err)
			}
		}()
	}
	for range n {
		<-got
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
	b.ReportMetric(float64(n), "files")
}
