package gateway_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/transport"
)

// gateProcess is `gate278 serve` run as a process of its own on a data
// directory and a fixed NATS port, so that it can be killed with SIGKILL
// and started again where it left off.
type gateProcess struct {
	bin, data, nats string
	log             *os.File
	cmd             *exec.Cmd
	exited          chan error
}

// buildGate278 builds the gate278 binary into a temporary directory.
func buildGate278(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gate278")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/gate278/gate278/cmd/gate278").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// freeAddr is a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

// start starts the process (a previous one must have exited).
func (p *gateProcess) start(t *testing.T) {
	t.Helper()
	p.cmd = exec.Command(p.bin, "serve", "-data", p.data, "-nats-listen", p.nats, "-listen", "127.0.0.1:0",
		"-workers", "2", "-log-level", "warn", "-grace", "2s")
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	require.NoError(t, p.cmd.Start())
	p.exited = make(chan error, 1)
	go func(c *exec.Cmd, ch chan error) { ch <- c.Wait() }(p.cmd, p.exited)
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *gateProcess) kill(t *testing.T) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("the killed gateway did not exit")
	}
}

// stop ends the process with SIGTERM (SIGKILL after a while).
func (p *gateProcess) stop() {
	if p.cmd == nil || p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// TestProbeTenKills: files submitted by a partner while `gate278 serve`, a
// process of its own, is killed with SIGKILL again and again while files
// are in flight and started again on the same data directory: every file
// is answered exactly once (its 999, 278 and trace stored once each in
// X12_OUT, counted with the gateway's credentials), none lost, none
// dead-lettered. Figures: files answered, duplicates, lost, the time from
// each restart to its first answer.
func TestProbeTenKills(t *testing.T) {
	if testing.Short() {
		t.Skip("probe: builds gate278 and runs it as a process")
	}
	n, kills := probeSize(150, 1000), probeSize(3, 10)
	data, err := os.ReadFile("../../../../samples/adjudication/anthem-set1-e0779-chemo.x12")
	require.NoError(t, err)
	outs, _ := localAs(t, config(t), data, "nutmeghi")
	want := map[string]int{} // per file, on X12_OUT
	for k, c := range kindsOf(outs) {
		if k != "pend" {
			want[k] = c
		}
	}
	dir := t.TempDir()
	logf, err := os.Create(filepath.Join(dir, "gate278.log"))
	require.NoError(t, err)
	defer logf.Close()
	p := &gateProcess{bin: buildGate278(t), data: filepath.Join(dir, "data"), nats: freeAddr(t), log: logf}
	p.start(t)
	defer p.stop()
	defer func() {
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			t.Logf("gate278 log (last 4 KB):\n%s", tail(b, 4096))
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	creds := transport.Credentials{Dir: filepath.Join(p.data, "credentials")}
	require.Eventually(t, func() bool {
		_, err := os.Stat(creds.Partner("nutmeghi"))
		return err == nil
	}, time.Minute, 20*time.Millisecond, "the gateway creates the credentials")
	conn := func(seed string) jetstream.JetStream {
		nc, err := transport.Connect(ctx, transport.ConnectConfig{URL: "nats://" + p.nats, NKeySeedFile: seed, ReconnectWait: 20 * time.Millisecond})
		require.NoError(t, err)
		t.Cleanup(nc.Close)
		require.NoError(t, transport.WaitConnected(ctx, nc))
		js, err := jetstream.New(nc)
		require.NoError(t, err)
		return js
	}
	gjs, pjs := conn(creds.Gateway()), conn(creds.Partner("nutmeghi"))
	answered := func() uint64 { // 278s stored, or 0 while the server is down
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		s, err := gjs.Stream(ctx, transport.StreamOut)
		if err != nil {
			return 0
		}
		subj := "x12.278.out.nutmeghi"
		info, err := s.Info(ctx, jetstream.WithSubjectFilter(subj))
		if err != nil {
			return 0
		}
		return info.State.Subjects[subj]
	}
	require.Eventually(t, func() bool {
		_, err := gjs.Stream(ctx, transport.StreamOut)
		return err == nil
	}, time.Minute, 20*time.Millisecond, "the gateway creates its streams")

	// The partner submits the files in bursts, one per kill and the rest
	// after the last; each kill falls in the middle of a burst, which goes
	// on across the restart (Submit retries).
	var ids sync.Map
	var submitted atomic.Int64
	bursts := make(chan int)
	subErr := make(chan error, 1)
	go func() {
		i := 0
		for size := range bursts {
			for range size {
				rc, err := transport.SubmitReceipt(ctx, pjs, "nutmeghi", "kill.x12", bytes.NewReader(withControl(t, data, 300000+i)))
				if err != nil {
					subErr <- fmt.Errorf("file %d: %w", i, err)
					return
				}
				ids.Store(rc.ID, i)
				submitted.Add(1)
				i++
			}
		}
		subErr <- nil
	}()

	start := time.Now()
	burst := n / (kills + 1)
	var firstAnswer []time.Duration
	var inFlight []int64 // submitted, not answered, at each kill
	for k := range kills {
		bursts <- burst
		half := int64(k*burst + burst/2)
		require.Eventually(t, func() bool { return submitted.Load() >= half }, 5*time.Minute, time.Millisecond, "burst %d", k+1)
		time.Sleep(time.Duration(rand.IntN(20)) * time.Millisecond)
		inFlight = append(inFlight, submitted.Load()-int64(answered()))
		p.kill(t)
		restarted := time.Now()
		p.start(t)
		var last uint64
		require.Eventually(t, func() bool { last = answered(); return last > 0 }, 2*time.Minute, 2*time.Millisecond, "the gateway back after kill %d", k+1)
		// The first answer after the restart: one more 278 than when the
		// server came back — or none left to give, when the burst was
		// all submitted and answered by then (the next burst waits for
		// this loop, so waiting for one more would wait for ever).
		require.Eventually(t, func() bool {
			a := answered()
			return a > last || a >= uint64(submitted.Load())
		}, 2*time.Minute, 2*time.Millisecond, "an answer after kill %d", k+1)
		firstAnswer = append(firstAnswer, time.Since(restarted))
	}
	bursts <- n - kills*burst
	close(bursts)
	require.NoError(t, <-subErr)
	require.Eventually(t, func() bool { return answered() >= uint64(n) && streamLen(ctx, gjs, transport.StreamIn) == 0 },
		10*time.Minute, 20*time.Millisecond, "every file answered")
	took := time.Since(start)
	time.Sleep(time.Second) // anything more would be stored by now

	// Count every output in X12_OUT per file and kind.
	perFile := map[string]map[string]int{}
	for _, m := range streamAll(t, ctx, gjs, transport.StreamOut) {
		id := m.Header.Get(transport.HeaderInboundID)
		if perFile[id] == nil {
			perFile[id] = map[string]int{}
		}
		perFile[id][m.Header.Get(transport.HeaderKind)]++
	}
	var once, dups, lost int
	var ghosts []string
	ids.Range(func(k, _ any) bool {
		id := k.(string)
		got := perFile[id]
		delete(perFile, id)
		ok := true
		for kind, c := range want {
			switch {
			case got[kind] < c:
				lost++
				ok = false
			case got[kind] > c:
				dups += got[kind] - c
				ok = false
			}
		}
		for kind := range got {
			if _, expected := want[kind]; !expected {
				dups += got[kind]
				ok = false
			}
		}
		if ok {
			once++
		}
		return true
	})
	for id := range perFile {
		ghosts = append(ghosts, id)
	}
	sort.Strings(ghosts)
	dlq := streamLen(ctx, gjs, transport.StreamDLQ)
	sort.Slice(firstAnswer, func(i, j int) bool { return firstAnswer[i] < firstAnswer[j] })
	var worst, median time.Duration
	if len(firstAnswer) > 0 {
		worst, median = firstAnswer[len(firstAnswer)-1], firstAnswer[len(firstAnswer)/2]
	}
	t.Logf("PROBE kill -9: %d files, %d SIGKILLs of gate278 serve (files submitted and not answered at each: %v): %d answered exactly once, %d duplicate outputs, %d lost, %d dead letters, %d answers to no submitted file; all answered in %s; restart to first answer median %s, worst %s (%d restarts with files left)",
		n, kills, inFlight, once, dups, lost, dlq, len(ghosts), took.Round(time.Millisecond), median.Round(time.Millisecond), worst.Round(time.Millisecond), len(firstAnswer))
	require.Equal(t, int64(n), submitted.Load())
	require.Equal(t, n, once, "every file answered exactly once")
	require.Zero(t, dups)
	require.Zero(t, lost)
	require.Zero(t, dlq)
	require.Empty(t, ghosts)
}

// streamLen is the number of messages in stream (0 if it cannot be read).
func streamLen(ctx context.Context, js jetstream.JetStream, stream string) uint64 {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return 0
	}
	info, err := s.Info(ctx)
	if err != nil {
		return 0
	}
	return info.State.Msgs
}

// streamAll reads every message of stream.
func streamAll(t *testing.T, ctx context.Context, js jetstream.JetStream, stream string) []*nats.Msg {
	t.Helper()
	total := streamLen(ctx, js, stream)
	if total == 0 {
		return nil
	}
	cons, err := js.OrderedConsumer(ctx, stream, jetstream.OrderedConsumerConfig{HeadersOnly: true})
	require.NoError(t, err)
	var out []*nats.Msg
	for uint64(len(out)) < total {
		m, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
		if errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, nats.ErrTimeout) {
			break
		}
		require.NoError(t, err)
		out = append(out, &nats.Msg{Subject: m.Subject(), Header: m.Headers()})
	}
	require.Len(t, out, int(total))
	return out
}

// tail is the last n bytes of b.
func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.TrimSpace(string(b))
}
