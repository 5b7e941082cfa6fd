package transport

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"
)

// TestWatchOutputsSlowReaderMissesNothing: outputs stored faster than the
// watcher's reader takes them — more than the watcher's channel holds (256)
// plus what a client subscription buffers (64 MB) — all reach the reader,
// each exactly once, also the last ones, after which nothing more is
// stored. Unbounded pulls lost about 30 of these 450 (the client dropped
// them as a slow consumer, and the ordered consumer would only have noticed
// the gap when a later message arrived).
func TestWatchOutputsSlowReaderMissesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 180 MB")
	}
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	ctx := ctxT(t, 120*time.Second)
	w, err := WatchOutputs(ctx, js, time.Now().Add(-time.Second))
	require.NoError(t, err)
	defer w.Stop()
	const n = 450
	body := bytes.Repeat([]byte("x"), 400<<10)
	for i := range n {
		msg := nats.NewMsg("x12.278.out.acme")
		msg.Header.Set(HeaderInboundID, "acme/sha256:"+strconv.Itoa(i)+"/1")
		msg.Data = body
		_, err := js.PublishMsg(ctx, msg, jetstream.WithMsgID("watch-"+strconv.Itoa(i)))
		require.NoError(t, err)
	}
	time.Sleep(3 * time.Second) // the reader is busy: the client buffers what is pushed
	seen := map[string]int{}
	timeout := time.After(60 * time.Second)
	for len(seen) < n {
		select {
		case d := <-w.C():
			seen[d.InboundID]++
		case <-timeout:
			t.Fatalf("%d of %d outputs seen", len(seen), n)
		}
	}
	select {
	case d := <-w.C():
		seen[d.InboundID]++
	case <-time.After(time.Second):
	}
	for id, k := range seen {
		require.Equal(t, 1, k, id)
	}
}
