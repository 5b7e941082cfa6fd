package transport

import (
	"bytes"
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"
)

// TestInvalidInboundDeadLettered: a file whose partner name or headers break
// the limits never reaches the handler and is not lost: it is
// dead-lettered with reason invalid and the reason, without the oversized
// headers (which every output would otherwise copy).
func TestInvalidInboundDeadLettered(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	var handled atomic.Int32
	var logs syncLog
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(logs.String())
		}
	})
	startWorker(t, js, func(ctx context.Context, m *Message, out Publisher) error {
		handled.Add(1)
		return echo(ctx, m, out)
	}, func(c *WorkerConfig) { c.Logger = newTestLogger(&logs) })
	ctx := ctxT(t, 30*time.Second)
	publish := func(subject string, h nats.Header) {
		msg := &nats.Msg{Subject: subject, Header: h, Data: []byte("ISA*" + subject + "~")}
		_, err := js.PublishMsg(ctx, msg)
		require.NoError(t, err)
	}
	publish("x12.278.in.a.b", nats.Header{})
	publish("x12.278.in."+strings.Repeat("a", 33), nats.Header{})
	publish("x12.278.in.acme", nats.Header{jetstream.MsgIDHeader: []string{strings.Repeat("i", 60000)}})
	publish("x12.278.in.acme", nats.Header{"X-Big": []string{strings.Repeat("b", 5000)}, HeaderFileName: []string{"big.x12"}})
	if !assertEventually(func() bool { return streamMsgs(t, js, StreamDLQ) == 4 }, 20*time.Second) {
		for _, m := range allMsgs(t, js, StreamDLQ) {
			t.Logf("DLQ %s %v", m.Subject, m.Header)
		}
		for _, m := range allMsgs(t, js, StreamIn) {
			t.Logf("IN %q %v", m.Subject, m.Header)
		}
		t.FailNow()
	}
	require.Eventually(t, func() bool { return streamMsgs(t, js, StreamIn) == 0 }, 10*time.Second, tick)
	require.Zero(t, handled.Load(), "never handed to the handler")
	require.Zero(t, streamMsgs(t, js, StreamOut))
	for _, dl := range allMsgs(t, js, StreamDLQ) {
		require.Equal(t, ReasonInvalid, dl.Header.Get(HeaderDlqReason), dl.Subject)
		require.Contains(t, dl.Header.Get(HeaderDlqError), "invalid inbound file")
		size := 0
		for k, vs := range dl.Header {
			for _, v := range vs {
				size += len(k) + len(v)
			}
		}
		require.Less(t, size, 2*MaxHeaders, "no oversized header copied")
		switch sub := dl.Header.Get(HeaderInboundSubject); {
		case sub == "x12.278.in.acme" && dl.Header.Get(HeaderFileName) == "big.x12":
			require.Equal(t, "x12.dlq.acme", dl.Subject)
			require.Equal(t, "X-Big", dl.Header.Get(HeaderDlqDropped))
		case sub == "x12.278.in.acme":
			require.True(t, strings.HasPrefix(dl.Header.Get(HeaderInboundID), "seq-"), "an oversized Nats-Msg-Id is not the identity")
			require.Contains(t, dl.Header.Get(HeaderDlqError), "Nats-Msg-Id")
		default:
			require.Equal(t, "x12.dlq.unknown", dl.Subject, sub)
			require.NotEmpty(t, dl.Data, "the file is kept")
		}
	}
}

// TestSubmitRefusesBadNames: Submit refuses, before publishing anything, a
// partner name outside the documented syntax and a file name a header
// cannot carry.
func TestSubmitRefusesBadNames(t *testing.T) {
	s := startServer(t)
	_, js := connect(t, s)
	setup(t, js)
	ctx := ctxT(t, 10*time.Second)
	for _, p := range []string{"acme\x7f", strings.Repeat("p", 5000), "", "Acme", "a.b", "a b", "-a"} {
		_, err := Submit(ctx, js, p, "f.x12", strings.NewReader("ISA*x~"))
		require.ErrorIs(t, err, ErrPartnerName, "%q", p)
	}
	_, err := Submit(ctx, js, "acme", "bad\nname.x12", strings.NewReader("ISA*x~"))
	require.ErrorIs(t, err, ErrInvalidInbound)
	_, err = Submit(ctx, js, "acme", strings.Repeat("n", 2000), strings.NewReader("ISA*x~"))
	require.ErrorIs(t, err, ErrInvalidInbound)
	require.Zero(t, streamMsgs(t, js, StreamIn))
}

func assertEventually(f func() bool, d time.Duration) bool {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if f() {
			return true
		}
		time.Sleep(tick)
	}
	return false
}

// TestSubmitBeforeServe: submitting before any gate278 serve has created
// the streams says so (it used to fail with "bucket not found").
func TestSubmitBeforeServe(t *testing.T) {
	s := startServer(t, func(c *ServerConfig) { c.MaxPayload = 64 << 10 })
	_, js := connect(t, s)
	_, err := SubmitReceipt(ctxT(t, 20*time.Second), js, "acme", "big.x12", bytes.NewReader(make([]byte, 100<<10)))
	require.ErrorIs(t, err, ErrNoGateway)
	require.ErrorContains(t, err, "start gate278 serve first")
	_, err = SubmitReceipt(ctxT(t, 2*time.Second), js, "acme", "small.x12", strings.NewReader("ISA*x~"))
	require.ErrorIs(t, err, ErrNoGateway)
}
