package gateway_test

// Probes: the reliability probes as tests, with figures in the test
// log (go test -v). Each has a CI size, run by every `go test` (skipped
// with -short), and the size with GATE278_PROBE=full; see
// ops/probes/README.md. Run the full ones one at a time.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// probeSize is n in CI, full with GATE278_PROBE=full.
func probeSize(ci, full int) int {
	if os.Getenv("GATE278_PROBE") == "full" {
		return full
	}
	return ci
}

// rig is an embedded server with the topology, the gateway's and a
// partner's connections, and a worker started on demand.
type rig struct {
	s       *transport.Server
	gjs     jetstream.JetStream // the gateway's account
	pjs     jetstream.JetStream // the partner's
	pnc     *nats.Conn
	partner string
	worker  *transport.Worker
}

func newRig(t *testing.T, partner string) *rig {
	t.Helper()
	if testing.Short() {
		t.Skip("probe: starts a NATS server")
	}
	ctx := context.Background()
	reg := gateway.DemoRegistry()
	s, err := transport.StartServer(ctx, transport.ServerConfig{DataDir: t.TempDir(), Listen: "127.0.0.1:-1", Partners: reg.Partners()})
	require.NoError(t, err)
	t.Cleanup(s.Shutdown)
	r := &rig{s: s, partner: partner}
	conn := func(seed string) (*nats.Conn, jetstream.JetStream) {
		nc, err := transport.Connect(ctx, transport.ConnectConfig{URL: s.ClientURL(), NKeySeedFile: seed})
		require.NoError(t, err)
		t.Cleanup(nc.Close)
		require.NoError(t, transport.WaitConnected(ctx, nc))
		js, err := jetstream.New(nc)
		require.NoError(t, err)
		return nc, js
	}
	_, r.gjs = conn(s.Credentials().Gateway())
	r.pnc, r.pjs = conn(s.Credentials().Partner(partner))
	require.NoError(t, transport.EnsureTopology(ctx, r.gjs, transport.WithPartners(reg.Names()...)))
	return r
}

// start runs the gateway's worker with the real handler.
func (r *rig) start(t *testing.T, workers int) {
	t.Helper()
	ctx := context.Background()
	ledger, err := transport.NewLedger(ctx, r.gjs)
	require.NoError(t, err)
	key, err := transport.SealKeyFromSeed(r.s.Credentials().Gateway())
	require.NoError(t, err)
	h := &gateway.Handler{Config: config(t), Ledger: ledger, Partners: gateway.DemoRegistry()}
	var log *slog.Logger
	if os.Getenv("GATE278_PROBE_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	w, err := transport.NewWorker(r.gjs, transport.WorkerConfig{Handler: h, Outputs: outputs.Kinds, Workers: workers, SealKey: key, Logger: log})
	require.NoError(t, err)
	require.NoError(t, w.Start(ctx))
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = w.Stop(sctx)
	})
	r.worker = w
}

// count is the number of messages of stream on subject.
func (r *rig) count(t *testing.T, stream, subject string) uint64 {
	t.Helper()
	s, err := r.gjs.Stream(context.Background(), stream)
	require.NoError(t, err)
	info, err := s.Info(context.Background(), jetstream.WithSubjectFilter(subject))
	require.NoError(t, err)
	return info.State.Subjects[subject]
}

// withControl gives a sample file its own interchange control number.
func withControl(t *testing.T, data []byte, n int) []byte {
	t.Helper()
	old := string(data[90:99]) // ISA13
	c := fmt.Sprintf("%09d", n)
	out := strings.Replace(string(data), "*"+old+"*", "*"+c+"*", 1)
	return []byte(strings.Replace(out, "IEA*1*"+old+"~", "IEA*1*"+c+"~", 1))
}

// memSampler samples the process's heap in use until stopped; peak RSS
// is the kernel's high-water mark (VmHWM). The embedded NATS server runs in
// the same process: its memory is in both.
type memSampler struct {
	peakHeap atomic.Uint64
	stop     chan struct{}
	done     sync.WaitGroup
}

func sampleMemory() *memSampler {
	m := &memSampler{stop: make(chan struct{})}
	m.done.Add(1)
	go func() {
		defer m.done.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > m.peakHeap.Load() {
				m.peakHeap.Store(ms.HeapInuse)
			}
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memSampler) Stop() uint64 {
	close(m.stop)
	m.done.Wait()
	return m.peakHeap.Load()
}

// peakRSS reads VmHWM from /proc/self/status (0 where there is none).
func peakRSS() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

const mib = 1 << 20

// TestProbeBacklogDrained: a backlog of files (CI 300; full 20,000)
// submitted while no worker runs is drained by one worker with bounded
// memory: every file answered by exactly one 999, none dead-lettered.
// Figures: drain time, files per second, peak heap in use, peak RSS.
func TestProbeBacklogDrained(t *testing.T) {
	n := probeSize(300, 20000)
	r := newRig(t, "nutmeghi")
	data, err := os.ReadFile("../../../../samples/adjudication/anthem-set1-e0779-chemo.x12")
	require.NoError(t, err)
	ctx := context.Background()
	for i := range n {
		_, err := transport.Submit(ctx, r.pjs, r.partner, "backlog.x12", bytes.NewReader(withControl(t, data, 100000+i)))
		require.NoError(t, err)
	}
	in, err := r.gjs.Stream(ctx, transport.StreamIn)
	require.NoError(t, err)
	info, err := in.Info(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(n), info.State.Msgs, "the backlog")
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	mem := sampleMemory()
	start := time.Now()
	r.start(t, 2)
	require.Eventually(t, func() bool {
		info, err := in.Info(ctx)
		return err == nil && info.State.Msgs == 0
	}, 30*time.Minute, 50*time.Millisecond)
	took := time.Since(start)
	peak := mem.Stop()
	require.Eventually(t, func() bool { return r.count(t, transport.StreamOut, "x12.999.out."+r.partner) >= uint64(n) }, time.Minute, 50*time.Millisecond)
	require.Equal(t, uint64(n), r.count(t, transport.StreamOut, "x12.999.out."+r.partner), "one 999 per file, exactly")
	require.Equal(t, uint64(n), r.count(t, transport.StreamOut, "x12.278.out."+r.partner), "one 278 per file, exactly")
	dlq, err := r.gjs.Stream(ctx, transport.StreamDLQ)
	require.NoError(t, err)
	require.Zero(t, dlq.CachedInfo().State.Msgs)
	t.Logf("PROBE backlog: %d files drained in %s (%.0f files/s); heap in use %d MiB before, peak %d MiB; peak RSS %d MiB (server and worker in one process)",
		n, took.Round(time.Millisecond), float64(n)/took.Seconds(), base.HeapInuse/mib, peak/mib, peakRSS()/mib)
	require.Less(t, peak, uint64(1<<30), "bounded heap")
}

// hostile is one bad input and how it is sent.
type hostile struct {
	name    string
	data    []byte
	partner string
	header  nats.Header // raw publish with these headers (no Submit)
}

// hostileCorpus is the corpus of bad inputs: every error sample, the base
// file truncated, with bytes flipped and segments dropped, and inputs
// outside any syntax; extra random mutations up to n in all.
func hostileCorpus(t *testing.T, n int) []hostile {
	t.Helper()
	var out []hostile
	files, err := filepath.Glob("../../../../samples/errors/*.edi")
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		out = append(out, hostile{name: filepath.Base(f), data: b, partner: owner(b)})
	}
	base, err := os.ReadFile("../../../../samples/adjudication/anthem-set1-e0779-chemo.x12")
	require.NoError(t, err)
	fixed := []hostile{
		{name: "empty", data: nil},
		{name: "whitespace", data: []byte(" \r\n\t ")},
		{name: "binary", data: bytes.Repeat([]byte{0, 0xff, 0x1b, 0x7f}, 4096)},
		{name: "isa only", data: []byte("ISA")},
		{name: "isa header only", data: base[:106]},
		{name: "one huge segment", data: append(append([]byte{}, base[:106]...), bytes.Repeat([]byte("X"), 512<<10)...)},
		{name: "utf-8 junk", data: []byte("ISA*ünïcødé*" + strings.Repeat("€", 10000) + "~")},
		{name: "nul delimiters", data: bytes.ReplaceAll(base, []byte("*"), []byte{0})},
		{name: "same delimiters", data: bytes.ReplaceAll(base, []byte("~"), []byte("*"))},
		{name: "group flood", data: []byte(strings.Replace(string(base), "GE*1*2001~", "GE*1*2001~"+strings.Repeat("GS*HI*X~GE*0*1~", 5000), 1))},
		{name: "hl chain", data: []byte(strings.Replace(string(base), "HL*1**20*1~", "HL*1**20*1~"+hlChain(50000), 1))},
		{name: "odd file-name header", header: nats.Header{transport.HeaderFileName: []string{strings.Repeat("n", 4000)}}, data: base},
		{name: "odd digest header", header: nats.Header{transport.HeaderContentDigest: []string{strings.Repeat("d", 5000)}}, data: base},
	}
	out = append(out, fixed...)
	rng := rand.New(rand.NewPCG(278, 11))
	for i := 0; len(out) < n; i++ {
		b := append([]byte(nil), base...)
		switch i % 4 {
		case 0: // truncated
			b = b[:rng.IntN(len(b))]
		case 1: // bytes flipped
			for range 1 + rng.IntN(8) {
				b[rng.IntN(len(b))] = byte(rng.IntN(256))
			}
		case 2: // a segment dropped
			segs := strings.Split(string(b), "~")
			k := rng.IntN(len(segs))
			b = []byte(strings.Join(append(segs[:k:k], segs[k+1:]...), "~"))
		case 3: // a segment repeated
			segs := strings.Split(string(b), "~")
			k := rng.IntN(len(segs))
			b = []byte(strings.Join(append(segs[:k+1:k+1], segs[k:]...), "~"))
		}
		out = append(out, hostile{name: fmt.Sprintf("mutation %d", i), data: withControl(t, b, 500000+i)})
	}
	for i := range out {
		if out[i].partner == "" {
			out[i].partner = "nutmeghi"
		}
	}
	return out
}

func hlChain(n int) string {
	var b strings.Builder
	for i := 2; i < n; i++ {
		fmt.Fprintf(&b, "HL*%d*%d*22*1~", i+100, i+99)
	}
	return b.String()
}

// TestProbeHostileFiles: every file of the hostile corpus (CI 80; full 521)
// is answered with a TA1 or a 999, or dead-lettered with a reason; the
// worker stays up and answers a sound file afterwards.
func TestProbeHostileFiles(t *testing.T) {
	n := probeSize(80, 521)
	r := newRig(t, "nutmeghi")
	ctx := context.Background()
	r.start(t, 2)
	corpus := hostileCorpus(t, n)
	pjs := map[string]jetstream.JetStream{r.partner: r.pjs}
	ids := map[string]string{}
	start := time.Now()
	for _, h := range corpus {
		js, ok := pjs[h.partner]
		if !ok {
			nc, err := transport.Connect(ctx, transport.ConnectConfig{URL: r.s.ClientURL(), NKeySeedFile: r.s.Credentials().Partner(h.partner)})
			require.NoError(t, err)
			t.Cleanup(nc.Close)
			require.NoError(t, transport.WaitConnected(ctx, nc))
			js, err = jetstream.New(nc)
			require.NoError(t, err)
			pjs[h.partner] = js
		}
		if h.header != nil {
			id := h.partner + "/probe-" + strconv.Itoa(len(ids))
			msg := &nats.Msg{Subject: transport.SubjectInPfx + h.partner, Header: h.header, Data: h.data}
			_, err := js.PublishMsg(ctx, msg, jetstream.WithMsgID(id))
			require.NoError(t, err, h.name)
			ids[id] = h.name
			continue
		}
		id, err := transport.Submit(ctx, js, h.partner, "hostile.x12", bytes.NewReader(h.data))
		require.NoError(t, err, h.name)
		ids[id] = h.name
	}
	r.drained(t, probeWait())
	took := time.Since(start)
	require.NoError(t, r.worker.Ready(ctx), "the worker stays up")
	answered := r.answered(t)
	how := map[string]int{}
	var missing []string
	for id, name := range ids {
		h, ok := answered[id]
		if !ok && answered[fileOf(id)] != "" {
			h, ok = "original answers (same bytes sent before)", true
		}
		if !ok {
			missing = append(missing, name)
		}
		how[h]++
	}
	require.Empty(t, missing, "unanswered hostile files")
	// A sound file afterwards is answered.
	data, err := os.ReadFile("../../../../samples/adjudication/anthem-set1-e0779-chemo.x12")
	require.NoError(t, err)
	good, err := transport.Submit(ctx, r.pjs, r.partner, "good.x12", bytes.NewReader(withControl(t, data, 999999)))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return r.answered(t)[good] == outputs.Kind999 }, time.Minute, 20*time.Millisecond)
	t.Logf("PROBE hostile: %d files, all answered in %s: %v; worker up, a sound file answered afterwards", len(ids), took.Round(time.Millisecond), how)
}

// drained waits until X12_IN is empty and nothing is in flight.
func (r *rig) drained(t *testing.T, wait time.Duration) {
	t.Helper()
	require.Eventually(t, func() bool {
		st, err := transport.Status(context.Background(), r.gjs, outputs.Kinds)
		return err == nil && st.Inbound.Stored == 0 && st.Inbound.AckPending == 0
	}, wait, 50*time.Millisecond)
}

// answered reads X12_OUT and X12_DLQ: how each inbound file (and each file,
// by fileOf) was answered — "ta1" or "999" (its first acknowledgment), or
// "dlq:<reason>".
func (r *rig) answered(t *testing.T) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, name := range []string{transport.StreamOut, transport.StreamDLQ} {
		s, err := r.gjs.Stream(ctx, name)
		require.NoError(t, err)
		info, err := s.Info(ctx)
		require.NoError(t, err)
		for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
			m, err := s.GetMsg(ctx, seq)
			if err != nil {
				continue
			}
			id, how := m.Header.Get(transport.HeaderInboundID), m.Header.Get(transport.HeaderKind)
			if name == transport.StreamDLQ {
				id, how = strings.TrimPrefix(m.Header.Get(jetstream.MsgIDHeader), "dlq-"), "dlq:"+m.Header.Get(transport.HeaderDlqReason)
			} else if how != outputs.KindTA1 && how != outputs.Kind999 {
				continue
			}
			if _, ok := out[id]; !ok {
				out[id] = how
			}
			if _, ok := out[fileOf(id)]; !ok {
				out[fileOf(id)] = how
			}
		}
	}
	return out
}

// probeWait bounds a probe's wait for answers.
func probeWait() time.Duration {
	if os.Getenv("GATE278_PROBE") == "full" {
		return 10 * time.Minute
	}
	return time.Minute
}

// fileOf is the part of an inbound ID every submission of the same bytes
// by the same partner shares.
func fileOf(id string) string {
	p := strings.SplitN(id, "/", 3)
	if len(p) < 2 {
		return id
	}
	return p[0] + "/" + p[1]
}
