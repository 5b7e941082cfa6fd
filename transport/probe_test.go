package transport

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// probeSize is n in CI, full with GATE278_PROBE=full (the sizes;
// see ops/probes/README.md).
func probeSize(ci, full int) int {
	if os.Getenv("GATE278_PROBE") == "full" {
		return full
	}
	return ci
}

// TestProbeClusterStreamLeaderLoss: a three-node cluster, two workers on
// their own connections, files submitted throughout (CI 300; full 3,000);
// the node leading X12_IN's stream goes down mid-run. Every file is
// answered exactly once, none lost. Figures: files sent, answered once,
// lost, the longest pause in answers after the loss (time to recover), and
// the whole run.
func TestProbeClusterStreamLeaderLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("three-node cluster")
	}
	n := probeSize(300, 3000)
	nodes, url := startCluster(t)
	gw := nodes[0].Credentials().Gateway()
	_, js := connectAs(t, url, gw)
	ensureOnCluster(t, js, testConsumer(2*time.Second, 10))
	require.Equal(t, 3, replicasOf(t, js, StreamIn))
	_, jsA := connectAs(t, url, gw)
	_, jsB := connectAs(t, url, gw)
	obsA, obsB := newObserver(), newObserver()
	startWorker(t, jsA, echo, func(c *WorkerConfig) { c.Observer = obsA; c.Workers = 2 })
	startWorker(t, jsB, echo, func(c *WorkerConfig) { c.Observer = obsB; c.Workers = 2 })
	acked := func() int {
		return obsA.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) +
			obsB.get(func(o *countingObserver) int { return o.settled[OutcomeAck] })
	}
	start := time.Now()
	ids, submitted := submitInBackground(t, js, n, "probe")
	require.Eventually(t, func() bool { return acked() >= n/5 }, 5*time.Minute, tick)
	s, err := js.Stream(ctxT(t, 5*time.Second), StreamIn)
	require.NoError(t, err)
	info, err := s.Info(ctxT(t, 5*time.Second))
	require.NoError(t, err)
	require.NotNil(t, info.Cluster)
	var victim *Server
	for _, node := range nodes {
		if node.NATS().Name() == info.Cluster.Leader {
			victim = node
		}
	}
	require.NotNil(t, victim, "the stream leader")
	before := acked()
	lost := time.Now()
	victim.Shutdown()
	// Time to recover: the longest pause between two answers from the loss on.
	var pause time.Duration
	last, prev := time.Now(), acked()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	for acked() < n && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
		if a := acked(); a != prev {
			pause, last, prev = max(pause, time.Since(last)), time.Now(), a
		}
	}
	submitted()
	require.Eventually(t, func() bool {
		return streamMsgs(t, js, StreamIn) == 0 && streamMsgs(t, js, StreamOut) >= uint64(n)
	}, 5*time.Minute, tick)
	answeredOnce(t, js, ids)
	t.Logf("PROBE cluster: %d files sent, %d answered exactly once, 0 lost; stream leader %s down after %d answers; longest pause in answers after it %s; run %s, the last file answered %s after the loss",
		n, len(ids), info.Cluster.Leader, before, pause.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), time.Since(lost).Round(time.Millisecond))
}
