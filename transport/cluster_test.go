package transport

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startCluster runs a three-node JetStream cluster on loopback and returns
// its nodes and their client URLs, comma-separated. The nodes share their
// credentials.
func startCluster(t *testing.T) ([]*Server, string) {
	t.Helper()
	creds := t.TempDir()
	ports := []int{freePort(t), freePort(t), freePort(t)}
	var routes []string
	for _, p := range ports {
		routes = append(routes, "nats-route://127.0.0.1:"+strconv.Itoa(p))
	}
	var nodes []*Server
	var urls []string
	for i, p := range ports {
		s := startServer(t, func(c *ServerConfig) {
			c.Name = fmt.Sprintf("n%d", i+1)
			c.ClusterName = "gate278-test"
			c.ClusterListen = "127.0.0.1:" + strconv.Itoa(p)
			c.Routes = routes
			c.CredentialsDir = creds
		})
		nodes = append(nodes, s)
		urls = append(urls, s.ClientURL())
	}
	// Every node answers the account ping before the cluster is used: a
	// topology ensured earlier would count fewer servers.
	nc, _ := connectAs(t, strings.Join(urls, ","), nodes[0].Credentials().Gateway())
	require.Eventually(t, func() bool {
		n, err := ClusterSize(ctxT(t, 10*time.Second), nc)
		return err == nil && n == len(nodes)
	}, 30*time.Second, 100*time.Millisecond)
	nc.Close()
	return nodes, strings.Join(urls, ",")
}

// ensureOnCluster runs EnsureTopology until the cluster has elected its
// meta leader and the topology is in place.
func ensureOnCluster(t *testing.T, js jetstream.JetStream, opts ...TopologyOption) {
	t.Helper()
	var last error
	ok := assert.Eventually(t, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		last = EnsureTopology(ctx, js, opts...)
		return last == nil
	}, 30*time.Second, 100*time.Millisecond)
	require.True(t, ok, "topology on the cluster: %v", last)
}

// replicasOf is the replica count of a stream (or of a consumer on it).
func replicasOf(t *testing.T, js jetstream.JetStream, stream string, consumer ...string) int {
	t.Helper()
	n, err := currentReplicas(ctxT(t, 5*time.Second), js, asset{stream: stream, consumer: strings.Join(consumer, "")})
	require.NoError(t, err)
	return n
}

// TestClusterReplicas: on a three-node cluster the topology follows the
// deployment (three replicas), a value written in a definition is kept as
// written, and a later start asking for fewer (-replicas 1) lowers nothing.
func TestClusterReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("three-node cluster")
	}
	nodes, url := startCluster(t)
	nc, js := connectAs(t, url, nodes[0].Credentials().Gateway())
	n, err := ClusterSize(ctxT(t, 10*time.Second), nc)
	require.NoError(t, err)
	require.Equal(t, 3, n, "the cluster's size")

	// X12_PEND as an operator would write it in its JSON definition.
	pendR1 := WithStreamConfig(StreamPend, func(c *jetstream.StreamConfig) { c.Replicas = 1 })
	ensureOnCluster(t, js, pendR1)
	for _, s := range []string{StreamIn, StreamOut, StreamDLQ, StreamEvents, "KV_" + BucketSeen, "OBJ_" + BucketLarge} {
		require.Equal(t, 3, replicasOf(t, js, s), s)
	}
	require.Equal(t, 3, replicasOf(t, js, StreamIn, ConsumerName), "the consumer follows its stream")
	require.Equal(t, 1, replicasOf(t, js, StreamPend), "the definition's value is kept")

	// A start with -replicas 1 does not lower what exists.
	ensureOnCluster(t, js, WithReplicas(1))
	require.Equal(t, 3, replicasOf(t, js, StreamIn))
	require.Equal(t, 3, replicasOf(t, js, StreamIn, ConsumerName))
	require.Equal(t, 1, replicasOf(t, js, StreamPend))

	// Back to the shipped definition (0: the deployment's size): raised.
	ensureOnCluster(t, js)
	require.Equal(t, 3, replicasOf(t, js, StreamPend))
}

// TestClusterNodeLoss runs a three-node JetStream cluster on loopback with
// R3 streams, two Workers on separate connections sharing the consumer, and
// shuts one node down mid-run: every file is answered exactly once.
func TestClusterNodeLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("three-node cluster")
	}
	nodes, url := startCluster(t)
	gw := nodes[0].Credentials().Gateway()
	_, js := connectAs(t, url, gw)
	// The meta leader needs a moment: retry until the topology exists; it
	// has three replicas, the cluster's size.
	ensureOnCluster(t, js, testConsumer(2*time.Second, 10))
	require.Equal(t, 3, replicasOf(t, js, StreamIn))
	_, jsA := connectAs(t, url, gw)
	_, jsB := connectAs(t, url, gw)
	obsA, obsB := newObserver(), newObserver()
	// A little work per file keeps the run going while the node goes down.
	slow := func(ctx context.Context, m *Message, out Publisher) error {
		time.Sleep(10 * time.Millisecond)
		return echo(ctx, m, out)
	}
	startWorker(t, jsA, slow, func(c *WorkerConfig) { c.Observer = obsA; c.Workers = 2 })
	startWorker(t, jsB, slow, func(c *WorkerConfig) { c.Observer = obsB; c.Workers = 2 })

	const n = 200
	ids, submitted := submitInBackground(t, js, n, "cluster")
	acked := func() int {
		return obsA.get(func(o *countingObserver) int { return o.settled[OutcomeAck] }) +
			obsB.get(func(o *countingObserver) int { return o.settled[OutcomeAck] })
	}
	require.Eventually(t, func() bool { return acked() >= 40 }, 60*time.Second, tick)
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
	submitted()
	require.Eventually(t, func() bool {
		return streamMsgs(t, js, StreamIn) == 0 && streamMsgs(t, js, StreamOut) >= n
	}, 90*time.Second, tick)
	answeredOnce(t, js, ids)
	t.Log("answered after the node loss:", acked()-before)
	require.Positive(t, acked()-before)
	require.Positive(t, obsA.get(func(o *countingObserver) int { return o.received }))
	require.Positive(t, obsB.get(func(o *countingObserver) int { return o.received }))
}
