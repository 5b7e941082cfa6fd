package transport

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestClusterNodeLoss runs a three-node JetStream cluster on loopback with
// R3 streams, two Workers on separate connections sharing the consumer, and
// shuts one node down mid-run: every file is answered exactly once.
func TestClusterNodeLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("three-node cluster")
	}
	ports := []int{freePort(t), freePort(t), freePort(t)}
	var routes []string
	for _, p := range ports {
		routes = append(routes, "nats-route://127.0.0.1:"+strconv.Itoa(p))
	}
	var nodes []*Server
	for i, p := range ports {
		s := startServer(t, func(c *ServerConfig) {
			c.Name = fmt.Sprintf("n%d", i+1)
			c.ClusterName = "gate278-test"
			c.ClusterListen = "127.0.0.1:" + strconv.Itoa(p)
			c.Routes = routes
		})
		nodes = append(nodes, s)
	}
	var urls []string
	for _, s := range nodes {
		urls = append(urls, s.ClientURL())
	}
	url := strings.Join(urls, ",")
	_, js := connect(t, url)
	// The meta leader needs a moment: retry until the R3 topology exists.
	eventually(t, 30*time.Second, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return EnsureTopology(ctx, js, 3, testConsumer(2*time.Second, 10)) == nil
	}, "R3 topology")
	_, jsA := connect(t, url)
	_, jsB := connect(t, url)
	obsA, obsB := newObserver(), newObserver()
	// A little work per file keeps the run going while the node goes down.
	slow := func(ctx context.Context, m *Message) ([]Output, error) {
		time.Sleep(10 * time.Millisecond)
		return echo(ctx, m)
	}
	startWorker(t, jsA, slow, func(c *WorkerConfig) { c.Observer = obsA; c.Workers = 2 })
	startWorker(t, jsB, slow, func(c *WorkerConfig) { c.Observer = obsB; c.Workers = 2 })

	const n = 200
	ids := make([]string, n)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range n {
			id, err := Submit(ctxT(t, 60*time.Second), js, "acme", "f", bytes.NewReader(fmt.Appendf(nil, "ISA cluster %d", i)))
			if err != nil {
				t.Errorf("submit %d: %v", i, err)
				return
			}
			ids[i] = id
		}
	}()
	acked := func() int {
		return obsA.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) +
			obsB.get(func(o *countingObserver) int { return o.settled[OutcomeAck] })
	}
	eventually(t, 60*time.Second, func() bool { return acked() >= 40 })
	// Take down the node leading the consumer: the hardest case (leader
	// election for the consumer, pulls and acks in flight to it).
	ci, err := js.Consumer(ctxT(t, 5*time.Second), StreamIn, ConsumerName)
	require.NoError(t, err)
	info, err := ci.Info(ctxT(t, 5*time.Second))
	require.NoError(t, err)
	require.NotNil(t, info.Cluster)
	victim := nodes[0]
	for _, s := range nodes {
		if s.NATS().Name() == info.Cluster.Leader {
			victim = s
		}
	}
	before := acked()
	t.Log("shutting down consumer leader", info.Cluster.Leader, "after", before, "files")
	victim.Shutdown()
	wg.Wait()
	eventually(t, 90*time.Second, func() bool {
		return streamMsgs(t, js, StreamIn) == 0 && streamMsgs(t, js, StreamOut) >= n
	})
	answeredOnce(t, js, ids)
	t.Log("answered after the node loss:", acked()-before)
	require.Positive(t, acked()-before)
	require.Positive(t, obsA.get(func(o *countingObserver) int { return o.received }))
	require.Positive(t, obsB.get(func(o *countingObserver) int { return o.received }))
}
