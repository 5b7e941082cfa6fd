package transport

import (
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/outputs"
)

// The review-case store's bucket and stream (cmd/gate278/internal/casestore
// names them; ops/nats/jetstream defines them with the rest of the
// topology).
const (
	casesBucket  = "X12_CASES"
	casesHistory = "X12_CASE_HISTORY"
)

// TestOperatorAndPartnersVersusCaseStreams: the read-only operator
// (GATE278_OPS) reads the information of the case bucket and history
// stream — what `gate278 status` shows — but never a case (PHI) nor a
// history event, and writes nothing; `status` works as the operator, also
// with files stranded in X12_IN. A partner reaches neither at all. Each
// identity connects to a real server and tries.
func TestOperatorAndPartnersVersusCaseStreams(t *testing.T) {
	s, gjs := partnersServer(t)
	ctx := ctxT(t, 60*time.Second)
	const secret = `{"case":{"patient":"JANE Q PUBLIC","member":"MBR123456789","dob":"19800101"}}`
	gkv, err := gjs.KeyValue(ctx, casesBucket)
	require.NoError(t, err)
	_, err = gkv.Put(ctx, "test.C1", []byte(secret))
	require.NoError(t, err)
	_, err = gjs.Publish(ctx, "x12.case.history.test.C1", []byte(secret))
	require.NoError(t, err)
	caseStreams := []string{"KV_" + casesBucket, casesHistory}

	onc, ojs := connectAs(t, s.ClientURL(), s.Credentials().Operator())
	for _, name := range caseStreams {
		st, err := ojs.Stream(ctx, name)
		require.NoError(t, err, "the operator reads %s's information", name)
		require.Equal(t, uint64(1), st.CachedInfo().State.Msgs)
		_, err = st.GetMsg(ctxT(t, time.Second), 1)
		require.Error(t, err, "the operator never reads a message of %s", name)
		_, err = st.GetLastMsgForSubject(ctxT(t, time.Second), ">")
		require.Error(t, err)
		_, err = ojs.OrderedConsumer(ctxT(t, time.Second), name, jetstream.OrderedConsumerConfig{})
		if err == nil {
			// the ordered consumer is created lazily: its first fetch must fail
			c, _ := ojs.OrderedConsumer(ctx, name, jetstream.OrderedConsumerConfig{})
			_, err = c.Next(jetstream.FetchMaxWait(time.Second))
		}
		require.Error(t, err, "the operator cannot consume %s", name)
		require.Error(t, st.Purge(ctxT(t, time.Second)), "the operator cannot purge %s", name)
		_, err = ojs.UpdateStream(ctxT(t, time.Second), jetstream.StreamConfig{Name: name, Subjects: []string{">"}})
		require.Error(t, err)
		require.Error(t, ojs.DeleteStream(ctxT(t, time.Second), name))
	}
	for _, subj := range []string{"$JS.API.DIRECT.GET." + "KV_" + casesBucket + ".$KV." + casesBucket + ".test.C1",
		"$JS.API.STREAM.MSG.GET." + casesHistory, "$JS.API.STREAM.MSG.DELETE." + casesHistory} {
		_, err := onc.Request(subj, []byte(`{"seq":1}`), 300*time.Millisecond)
		require.Error(t, err, "%s answered the operator", subj)
	}
	// Writes go nowhere: the operator's account has no streams of its own.
	require.NoError(t, onc.Publish("$KV."+casesBucket+".test.C1", []byte("forged")))
	require.NoError(t, onc.Publish("x12.case.history.test.C1", []byte("forged")))
	require.NoError(t, onc.Flush())
	time.Sleep(200 * time.Millisecond)
	e, err := gkv.Get(ctx, "test.C1")
	require.NoError(t, err)
	require.Equal(t, secret, string(e.Value()))
	require.Equal(t, uint64(1), streamMsgs(t, gjs, casesHistory))

	// A partner reaches neither: no information, no message, no write.
	_, ajs := connectAs(t, s.ClientURL(), s.Credentials().Partner("acme"))
	anc := ajs.Conn()
	for _, name := range caseStreams {
		_, err := ajs.Stream(ctxT(t, time.Second), name)
		require.Error(t, err, "a partner sees %s", name)
	}
	_, err = ajs.KeyValue(ctxT(t, time.Second), casesBucket)
	require.Error(t, err)
	for _, subj := range []string{"$JS.API.STREAM.INFO." + casesHistory, "$JS.API.STREAM.MSG.GET." + casesHistory,
		"$JS.API.DIRECT.GET.KV_" + casesBucket + ".$KV." + casesBucket + ".test.C1"} {
		_, err := anc.Request(subj, []byte(`{"seq":1}`), 300*time.Millisecond)
		require.Error(t, err, "%s answered a partner", subj)
	}
	require.NoError(t, anc.Publish("x12.case.history.test.C1", []byte("forged")))
	require.NoError(t, anc.Flush())
	time.Sleep(200 * time.Millisecond)
	require.Equal(t, uint64(1), streamMsgs(t, gjs, casesHistory))
}

// TestStatusAsOperator: `gate278 status` runs as the read-only operator,
// which reads no message: with files stranded in X12_IN it counts them as
// the gateway sees them.
func TestStatusAsOperator(t *testing.T) {
	s := startServer(t)
	_, gjs := connect(t, s)
	setup(t, gjs)
	_, ojs := connectAs(t, s.ClientURL(), s.Credentials().Operator())
	ctx := ctxT(t, 30*time.Second)
	submitN(t, gjs, "acme", 3)
	strand(t, gjs)
	submitN(t, gjs, "acme", 2) // pending, above the floor
	// The consumer's pending count follows the stream's a moment after a
	// publish is acknowledged: wait until the gateway's own view has both.
	var want StatusReport
	require.Eventually(t, func() bool {
		var err error
		want, err = Status(ctx, gjs, outputs.Kinds)
		return err == nil && want.Inbound.Stranded == 3 && want.Inbound.Pending == 2
	}, 10*time.Second, 20*time.Millisecond, "3 stranded and 2 pending, as the gateway sees them")
	got, err := Status(ctx, ojs, outputs.Kinds)
	require.NoError(t, err, "status as the read-only operator")
	require.Equal(t, want.Inbound, got.Inbound)
}
