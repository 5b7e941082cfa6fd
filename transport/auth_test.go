package transport

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/outputs"
)

// partnersServer runs an embedded server for partners acme and globex, with
// the topology and an echo worker, and returns it and the gateway's
// JetStream context.
func partnersServer(t *testing.T, edit ...func(*ServerConfig)) (*Server, jetstream.JetStream) {
	t.Helper()
	s := startServer(t, append([]func(*ServerConfig){func(c *ServerConfig) {
		c.Partners = []Partner{{Name: "acme"}, {Name: "globex"}}
	}}, edit...)...)
	_, js := connect(t, s)
	setup(t, js, WithPartners("acme", "globex"))
	startWorker(t, js, echo)
	return s, js
}

// TestAnonymousRefused: the embedded server requires authentication, and
// says so at once.
func TestAnonymousRefused(t *testing.T) {
	s := startServer(t)
	_, err := nats.Connect(s.ClientURL(), nats.Timeout(2*time.Second))
	require.ErrorIs(t, err, nats.ErrAuthorization)
	_, err = nats.Connect(s.ClientURL(), nats.UserInfo("gate278", "gate278"))
	require.ErrorIs(t, err, nats.ErrAuthorization)
}

// TestCredentialsFiles: seeds are created once, mode 0600 in a 0700
// directory, kept across restarts, and refused when others may read them.
func TestCredentialsFiles(t *testing.T) {
	dir := t.TempDir()
	c := Credentials{Dir: filepath.Join(dir, "credentials")}
	id, err := c.ensure([]Partner{{Name: "acme"}})
	require.NoError(t, err)
	st, err := os.Stat(c.Dir)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), st.Mode().Perm())
	for _, f := range []string{c.Gateway(), c.Operator(), c.Partner("acme")} {
		st, err := os.Stat(f)
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), st.Mode().Perm(), f)
	}
	again, err := c.ensure([]Partner{{Name: "acme"}})
	require.NoError(t, err)
	require.Equal(t, id, again, "the same identities after a restart")
	require.Equal(t, []string{"acme"}, c.Partners())
	_, err = c.ensure([]Partner{{Name: "Bad.Name"}})
	require.ErrorIs(t, err, ErrPartnerName)
	require.NoError(t, os.Chmod(c.Operator(), 0o644))
	_, err = c.ensure(nil)
	require.ErrorContains(t, err, "readable by others")
}

// TestPartnerIsolation: a partner publishes its own files and sees its own
// answers; it cannot publish an answer, purge X12_IN, write X12_SEEN, read
// X12_IN or see another partner's answers.
func TestPartnerIsolation(t *testing.T) {
	s, gjs := partnersServer(t)
	ctx := ctxT(t, 30*time.Second)
	anc, ajs := connectAs(t, s.ClientURL(), s.Credentials().Partner("acme"))
	gnc, gxjs := connectAs(t, s.ClientURL(), s.Credentials().Partner("globex"))

	acmeSees, err := WatchPartner(anc, "acme", outputs.Kinds)
	require.NoError(t, err)
	defer acmeSees.Stop()
	rc, err := SubmitReceipt(ctx, ajs, "acme", "a.x12", strings.NewReader("ISA*acme~"))
	require.NoError(t, err)
	select {
	case d := <-acmeSees.C():
		require.Equal(t, rc.ID, d.InboundID)
		require.Equal(t, "x12.278.out.acme", d.Subject)
		require.Equal(t, "ISA*acme~", string(d.Data))
	case <-ctx.Done():
		t.Fatal("acme saw no answer")
	}

	// Globex's file is answered, and acme does not see the answer.
	grc, err := SubmitReceipt(ctx, gxjs, "globex", "g.x12", strings.NewReader("ISA*globex~"))
	require.NoError(t, err)
	spy, err := anc.SubscribeSync(">")
	require.NoError(t, err)
	require.Eventually(t, func() bool { return streamMsgs(t, gjs, StreamOut) == 2 }, 10*time.Second, tick)
	answeredOnce(t, gjs, []string{rc.ID, grc.ID})
	select {
	case d := <-acmeSees.C():
		t.Fatalf("acme saw %s", d.Subject)
	case <-time.After(200 * time.Millisecond):
	}
	if m, err := spy.NextMsg(100 * time.Millisecond); err == nil {
		t.Fatalf("acme's account saw %s", m.Subject)
	}

	// A partner may not publish on another partner's subject, nor publish
	// an answer, nor reach any stream of the gateway's.
	short := ctxT(t, 2*time.Second)
	_, err = SubmitReceipt(short, ajs, "globex", "spoof.x12", strings.NewReader("ISA*spoof~"))
	require.Error(t, err)
	short = ctxT(t, 2*time.Second)
	_, err = ajs.Publish(short, "x12.278.out.acme", []byte("forged answer"))
	require.Error(t, err)
	_, err = ajs.Stream(short, StreamIn)
	require.Error(t, err)
	_, err = ajs.KeyValue(short, BucketSeen)
	require.Error(t, err)
	for _, subj := range []string{"$JS.API.STREAM.PURGE." + StreamIn, "$JS.API.STREAM.MSG.GET." + StreamIn, "$KV." + BucketSeen + ".isa/acme/ZZ/X/1"} {
		m, err := anc.Request(subj, []byte(`{"seq":1}`), 300*time.Millisecond)
		if err == nil {
			t.Fatalf("%s answered: %s %q", subj, m.Subject, m.Data)
		}
	}
	_ = gnc

	// Nothing was stored on their behalf, and the files are all there.
	require.Equal(t, uint64(2), streamMsgs(t, gjs, StreamOut))
	kv, err := gjs.KeyValue(ctx, BucketSeen)
	require.NoError(t, err)
	keys, _ := kv.ListKeys(ctx)
	for k := range keys.Keys() {
		if !strings.HasPrefix(k, "answers/") { // the worker's own index of the answers it stored
			t.Fatalf("X12_SEEN has %s", k)
		}
	}
}

// TestReplySubjectCannotInject: a client that names a gateway subject as the
// reply of a request it may send gets the response back in its own account:
// nothing is stored under another partner's name, on an answer subject or
// in X12_SEEN. (In one shared account the server would deliver the response
// there and the stream would keep it.)
func TestReplySubjectCannotInject(t *testing.T) {
	s, gjs := partnersServer(t)
	ctx := ctxT(t, 30*time.Second)
	anc, ajs := connectAs(t, s.ClientURL(), s.Credentials().Partner("acme"))
	onc, _ := connectAs(t, s.ClientURL(), s.Credentials().Operator())
	// acme has a claim-checked object of its own to point at.
	obs, err := ajs.ObjectStore(ctx, PartnerBucket("acme"))
	require.NoError(t, err)
	_, err = obs.PutBytes(ctx, "in/acme/x", []byte("ISA*attacker bytes~"))
	require.NoError(t, err)
	meta := "$JS.API.DIRECT.GET.OBJ_" + PartnerBucket("acme") + "." + objectMetaSubject(PartnerBucket("acme"), "in/acme/x")
	for _, reply := range []string{"x12.278.in.globex", "x12.278.out.globex", "x12.999.out.acme", "$KV.X12_SEEN.isa/globex/ZZ/G/1", "x12.dlq.globex"} {
		require.NoError(t, anc.PublishRequest("$JS.API.STREAM.INFO.OBJ_"+PartnerBucket("acme"), reply, nil))
		require.NoError(t, anc.PublishRequest(meta, reply, nil))
		require.NoError(t, anc.PublishRequest(SubjectInPfx+"acme", reply, []byte("ISA*acme~")))
		require.NoError(t, onc.PublishRequest("$JS.API.STREAM.INFO."+StreamIn, reply, nil))
	}
	require.NoError(t, anc.Flush())
	require.NoError(t, onc.Flush())
	time.Sleep(300 * time.Millisecond)
	for _, name := range []string{StreamOut, StreamDLQ, "KV_" + BucketSeen} {
		for _, m := range allMsgs(t, gjs, name) {
			if name == "KV_"+BucketSeen && strings.HasPrefix(m.Subject, "$KV."+BucketSeen+".answers/") && strings.HasPrefix(string(m.Data), `[{"s":"X12_OUT"`) {
				continue // the worker's own index of the answers it stored
			}
			require.Equal(t, "x12.278.out.acme", m.Subject, "%s holds a message on %s", name, m.Subject)
		}
	}
	for _, m := range allMsgs(t, gjs, StreamIn) {
		require.Equal(t, "x12.278.in.acme", m.Subject)
	}
}

// TestOperatorReadsOnlyInformation: the operator sees the queues (Status)
// but no message, and cannot submit.
func TestOperatorReadsOnlyInformation(t *testing.T) {
	s, gjs := partnersServer(t)
	ctx := ctxT(t, 30*time.Second)
	submitN(t, gjs, "acme", 2)
	require.Eventually(t, func() bool { return streamMsgs(t, gjs, StreamOut) == 2 }, 10*time.Second, tick)
	onc, ojs := connectAs(t, s.ClientURL(), s.Credentials().Operator())
	rep, err := Status(ctx, ojs, outputs.Kinds)
	require.NoError(t, err)
	require.Equal(t, uint64(2), rep.Outputs[outputs.Kind278])
	out, err := ojs.Stream(ctx, StreamOut)
	require.NoError(t, err)
	short := ctxT(t, 2*time.Second)
	_, err = out.GetMsg(short, 1)
	require.Error(t, err, "the operator reads no message")
	_, err = SubmitReceipt(short, ojs, "acme", "x", strings.NewReader("ISA*x~"))
	require.Error(t, err)
	_, err = onc.Request("$JS.API.STREAM.PURGE."+StreamOut, nil, 300*time.Millisecond)
	require.Error(t, err)
	require.Equal(t, uint64(2), streamMsgs(t, gjs, StreamOut))
}

// TestPartnerLargeFile: a partner's large file and its large answer travel
// through the partner's own bucket, which it writes and reads; it cannot
// read another partner's bucket.
func TestPartnerLargeFile(t *testing.T) {
	s, gjs := partnersServer(t, func(c *ServerConfig) { c.MaxPayload = 64 << 10 })
	ctx := ctxT(t, 60*time.Second)
	anc, ajs := connectAs(t, s.ClientURL(), s.Credentials().Partner("acme"))
	watch, err := WatchPartner(anc, "acme", outputs.Kinds)
	require.NoError(t, err)
	defer watch.Stop()
	payload := make([]byte, 300<<10)
	_, err = rand.Read(payload)
	require.NoError(t, err)
	rc, err := SubmitReceipt(ctx, ajs, "acme", "big.x12", bytes.NewReader(payload))
	require.NoError(t, err)
	require.True(t, rc.ClaimCheck)
	select {
	case d := <-watch.C():
		require.Equal(t, rc.ID, d.InboundID)
		require.Equal(t, PartnerBucket("acme"), d.Header.Get(HeaderObjectBucket))
		body, err := d.Body(ctx, ajs)
		require.NoError(t, err)
		require.True(t, bytes.Equal(payload, body))
	case <-ctx.Done():
		t.Fatal("no answer")
	}
	_, gxjs := connectAs(t, s.ClientURL(), s.Credentials().Partner("globex"))
	_, err = gxjs.ObjectStore(ctxT(t, 2*time.Second), PartnerBucket("acme"))
	require.Error(t, err, "globex cannot bind acme's bucket")
	require.Eventually(t, func() bool { return streamMsgs(t, gjs, StreamIn) == 0 }, 10*time.Second, tick)
}

// TestShippedAccountsMatchTheServer: ops/nats/accounts.conf (the accounts of
// a NATS deployment of one's own) is what the embedded server runs with,
// for its example partner, keys aside.
func TestShippedAccountsMatchTheServer(t *testing.T) {
	keys := regexp.MustCompile(`U[A-Z2-7]{55}`)
	norm := func(s string) string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "#") && strings.TrimSpace(l) != "" {
				out = append(out, keys.ReplaceAllString(l, "U…"))
			}
		}
		return strings.Join(out, "\n")
	}
	shipped, err := os.ReadFile(filepath.Join("..", "ops", "nats", "accounts.conf"))
	require.NoError(t, err)
	conf, err := AccountsConfig(Credentials{Dir: t.TempDir()}, []Partner{{Name: "example"}}, nil)
	require.NoError(t, err)
	require.Equal(t, norm(conf), norm(string(shipped)), "regenerate ops/nats/accounts.conf (see its header)")
}

// TestFetchMissedAnswers: a partner whose client was not listening when its
// answers were published gets them from the gateway (the stored ones, of
// every submission of the same bytes); another partner gets none of them.
func TestFetchMissedAnswers(t *testing.T) {
	s, gjs := partnersServer(t)
	ctx := ctxT(t, 30*time.Second)
	since := time.Now().Add(-2 * time.Second)
	// The gateway serves stored answers where a worker runs.
	sub, err := ServeAnswers(ctx, gjs, outputs.Kinds)
	require.NoError(t, err)
	defer sub.Unsubscribe()
	anc, ajs := connectAs(t, s.ClientURL(), s.Credentials().Partner("acme"))
	rc, err := SubmitReceipt(ctx, ajs, "acme", "a.x12", strings.NewReader("ISA*missed~"))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return streamMsgs(t, gjs, StreamOut) == 1 }, 10*time.Second, tick)
	// Sent again: its answer is not stored twice, and either submission's
	// ID finds it.
	again, err := SubmitReceipt(ctx, ajs, "acme", "a.x12", strings.NewReader("ISA*missed~"))
	require.NoError(t, err)
	for _, id := range []string{rc.ID, again.ID} {
		got, err := FetchAnswers(ctx, anc, "acme", []string{id}, since)
		require.NoError(t, err)
		require.NotEmpty(t, got)
		require.Equal(t, "x12.278.out.acme", got[0].Subject)
		require.Equal(t, "ISA*missed~", string(got[0].Data))
	}
	gnc, _ := connectAs(t, s.ClientURL(), s.Credentials().Partner("globex"))
	got, err := FetchAnswers(ctx, gnc, "globex", []string{rc.ID}, since)
	require.NoError(t, err)
	require.Empty(t, got, "another partner's file")
	_, err = FetchAnswers(ctxT(t, time.Second), gnc, "acme", []string{rc.ID}, since)
	require.Error(t, err, "globex cannot ask on acme's subject")
}
