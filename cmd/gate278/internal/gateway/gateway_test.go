package gateway_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

var clock = time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type gw struct {
	js      jetstream.JetStream // the gateway's own account
	url     string              // NATS
	data    string
	creds   transport.Credentials
	httpURL string
	reg     *prometheus.Registry
	logs    *syncBuffer
}

// start runs the gateway on an embedded NATS server with a random port.
func start(t testing.TB, cfg *adjudicate.Config) *gw {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a NATS server")
	}
	g := &gw{reg: prometheus.NewRegistry(), logs: &syncBuffer{}, data: t.TempDir()}
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan [2]string, 1)
	done := make(chan error, 1)
	go func() {
		done <- gateway.Serve(ctx, gateway.Options{
			Config: cfg, DataDir: g.data, NATSListen: "127.0.0.1:-1", Listen: "127.0.0.1:0", Workers: 2,
			Registry: g.reg, Logger: slog.New(slog.NewJSONHandler(g.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
			Now: func() time.Time { return clock }, Version: "test", Grace: 10 * time.Second,
			Started: func(n, h string) { started <- [2]string{n, h} },
		})
	}()
	var urls [2]string
	select {
	case urls = <-started:
	case err := <-done:
		t.Fatalf("gateway did not start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("gateway did not start within 30s")
	}
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	g.creds = transport.Credentials{Dir: filepath.Join(g.data, "credentials")}
	nkey, err := nats.NkeyOptionFromSeed(g.creds.Gateway())
	require.NoError(t, err)
	g.url = urls[0]
	nc, err := nats.Connect(urls[0], nkey)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	g.js, err = jetstream.New(nc)
	require.NoError(t, err)
	g.httpURL = "http://" + urls[1]
	return g
}

func config(t testing.TB) *adjudicate.Config {
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	return cfg
}

// local runs the pipeline in-process with the same clock: what the worker
// must publish for the file.
func local(t *testing.T, cfg *adjudicate.Config, data []byte) ([]pipeline.Output, *pipeline.FileReport) {
	return localAs(t, cfg, data, "")
}

// localAs is local for a file partner submits (its senders checked against
// the demo registry, as the worker does).
func localAs(t *testing.T, cfg *adjudicate.Config, data []byte, partner string) ([]pipeline.Output, *pipeline.FileReport) {
	var outs []pipeline.Output
	opts := pipeline.Options{Now: clock, Config: cfg}
	if partner != "" {
		reg := gateway.DemoRegistry()
		opts.Duplicate = func(ix *ack.Interchange) bool {
			gateway.CheckSender(reg, partner, ix) // no ledger: never a duplicate of another file
			return false
		}
		opts.File = digest(data)
	}
	rep, err := pipeline.Process(context.Background(), bytes.NewReader(data), opts, func(o pipeline.Output) error {
		outs = append(outs, o)
		return nil
	})
	require.NoError(t, err)
	return outs, rep
}

func sampleFiles(t *testing.T) []string {
	files, err := filepath.Glob("../../../../samples/*/*.x12")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// collect waits until want outputs answering each inbound id have arrived.
func collect(t *testing.T, js jetstream.JetStream, since time.Time, want map[string]int) map[string][]transport.Delivery {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	w, err := transport.WatchOutputs(ctx, js, since)
	require.NoError(t, err)
	defer w.Stop()
	got := map[string][]transport.Delivery{}
	missing := func() int {
		n := 0
		for id, k := range want {
			if len(got[id]) < k {
				n += k - len(got[id])
			}
		}
		return n
	}
	for missing() > 0 {
		select {
		case d := <-w.C():
			got[d.InboundID] = append(got[d.InboundID], d)
		case <-ctx.Done():
			t.Fatalf("timed out with %d outputs missing", missing())
		}
	}
	return got
}

// TestSamplesThroughWorker sends every sample through the NATS worker and
// checks that each file gets exactly the outputs the offline pipeline
// produces for it, on the right subjects, and that the metrics and logs
// account for them without a trace of PHI.
func TestSamplesThroughWorker(t *testing.T) {
	cfg := config(t)
	g := start(t, cfg)
	ctx := context.Background()
	since := time.Now().Add(-2 * time.Second)
	want := map[string][]pipeline.Output{}
	counts := map[string]int{}
	results := map[string]int{}
	var lines, sets float64
	files := sampleFiles(t)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		partner := owner(data)
		outs, rep := localAs(t, cfg, data, partner)
		id, err := transport.Submit(ctx, g.js, partner, filepath.Base(f), bytes.NewReader(data))
		require.NoError(t, err)
		want[id] = outs
		counts[id] = len(outs)
		if rep.Result() != "accepted" {
			counts[id]++ // a copy of the input is kept
		}
		results[rep.Result()]++
		for _, n := range rep.Lines {
			lines += float64(n)
		}
		sets += float64(rep.Sets.Accepted + rep.Sets.Rejected)
	}
	got := collect(t, g.js, since, counts)
	for id, outs := range want {
		require.Len(t, got[id], counts[id], "outputs for %s", id)
		byID := map[string]transport.Delivery{}
		for _, d := range got[id] {
			if d.Kind == outputs.KindRejected {
				// The kept copy is the input itself, with what was rejected.
				require.NotEmpty(t, d.Header.Get(gateway.HeaderRejected))
				body, err := d.Body(ctx, g.js)
				require.NoError(t, err)
				require.Equal(t, strings.Split(id, "/")[1], digest(body))
				continue
			}
			byID[d.Header.Get(gateway.HeaderOutputOf)] = d
		}
		for _, o := range outs {
			d, ok := byID[o.ID]
			require.True(t, ok, "output %s of %s not published", o.ID, id)
			require.Equal(t, o.Kind, d.Kind)
			body, err := d.Body(ctx, g.js)
			require.NoError(t, err)
			require.Equal(t, string(o.Data), string(body), "%s differs between worker and offline pipeline", o.ID)
			if o.Kind == pipeline.KindPend {
				require.True(t, strings.HasPrefix(d.Subject, "x12.278.pend."))
			} else {
				partner := strings.TrimPrefix(d.Header.Get(transport.HeaderInboundSubject), "x12.278.in.")
				require.Equal(t, "x12."+map[string]string{"278": "278.out", "999": "999.out", "ta1": "ta1.out", "trace": "278.trace"}[o.Kind]+"."+partner, d.Subject)
			}
		}
	}

	// Metrics, scraped over HTTP and read from the registry.
	resp, err := http.Get(g.httpURL + "/metrics")
	require.NoError(t, err)
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, string(text), "gate278_files_total")
	problems, err := testutil.GatherAndLint(g.reg)
	require.NoError(t, err)
	require.Empty(t, problems)
	for result, n := range results {
		require.Equal(t, float64(n), gathered(t, g.reg, "gate278_files_total", "result", result), "files %s", result)
	}
	require.Equal(t, lines, gathered(t, g.reg, "gate278_lines_total", "", ""))
	require.Equal(t, sets, gathered(t, g.reg, "gate278_transaction_sets_total", "", ""))
	require.Equal(t, float64(len(files)), gathered(t, g.reg, "gate278_inbound_messages_settled_total", "outcome", "ack"))

	// No PHI in logs or metrics: names, member IDs and birth dates of every
	// subscriber and dependent in the samples, each as a whole field value
	// (a random server ID may well contain "ROE").
	phi := people(t, files)
	require.NotEmpty(t, phi)
	logs := g.logs.String()
	require.Contains(t, logs, "file answered")
	for _, v := range phi {
		require.False(t, containsToken(logs, v), "PHI in logs: %q", v)
		require.False(t, containsToken(string(text), v), "PHI in metrics: %q", v)
	}
}

// containsToken reports whether v occurs in text as a whole value: neither
// preceded nor followed by a letter or a digit.
func containsToken(text, v string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], v)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(v)
		if (start == 0 || !wordByte(text[start-1])) && (end == len(text) || !wordByte(text[end])) {
			return true
		}
		from = start + 1
	}
}

// wordByte reports whether c continues a value (letters, digits).
func wordByte(c byte) bool { return unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) }

func TestContainsToken(t *testing.T) {
	for _, tc := range []struct {
		text, v string
		want    bool
	}{
		{`{"server_id":"NDX7ROEQ2K"}`, "ROE", false},
		{`{"last":"ROE"}`, "ROE", true},
		{"ROE", "ROE", true},
		{"name=ROE,", "ROE", true},
		{"ROEX ROE1 XROE", "ROE", false},
		{"19580214x 19580214", "19580214", true},
		{"ZZX5550001112", "ZZX555000111", false},
		{"id ZZX555000111.", "ZZX555000111", true},
	} {
		require.Equal(t, tc.want, containsToken(tc.text, tc.v), "%q in %q", tc.v, tc.text)
	}
}

// gathered sums the samples of a metric, optionally those whose label has
// the given value.
func gathered(t *testing.T, reg *prometheus.Registry, name, label, value string) float64 {
	mfs, err := reg.Gather()
	require.NoError(t, err)
	sum := 0.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			match := label == ""
			for _, l := range m.GetLabel() {
				if l.GetName() == label && l.GetValue() == value {
					match = true
				}
			}
			if match {
				sum += m.GetCounter().GetValue()
			}
		}
	}
	return sum
}

// people returns the PHI values of the samples: subscriber and dependent
// names, member IDs and birth dates, read with the decoder.
func people(t *testing.T, files []string) []string {
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		c := &setCollector{}
		_, err = ack.Walk(bytes.NewReader(data), ack.Options{}, c)
		require.NoError(t, err)
		for _, r := range c.reqs {
			for _, p := range []*x217.Party{&r.Subscriber, r.Dependent} {
				if p == nil {
					continue
				}
				for _, v := range []string{p.Name.Last, p.Name.First, p.Name.ID, p.BirthDate} {
					if len(v) >= 3 {
						out = append(out, v)
					}
				}
			}
		}
	}
	return out
}

type setCollector struct{ reqs []*x217.Request }

func (c *setCollector) InterchangeStart(*ack.Interchange)       {}
func (c *setCollector) GroupStart(*ack.Interchange, *ack.Group) {}
func (c *setCollector) GroupEnd(*ack.Interchange, *ack.Group)   {}
func (c *setCollector) InterchangeEnd(*ack.Interchange)         {}
func (c *setCollector) Set(_ *ack.Interchange, _ *ack.Group, s *ack.Set) {
	if r, err := x217.Decode(s.Segments); err == nil {
		// Copy the strings the test needs: the set's memory is reused.
		cp := &x217.Request{Subscriber: x217.Party{Name: r.Subscriber.Name, BirthDate: r.Subscriber.BirthDate}}
		if r.Dependent != nil {
			cp.Dependent = &x217.Party{Name: r.Dependent.Name, BirthDate: r.Dependent.BirthDate}
		}
		c.reqs = append(c.reqs, cp)
	}
}

// TestDuplicateInterchange: another file reusing a sender's ISA13 gets a
// TA1 025 and no decision; the same file sent again is answered again, with
// the same answers (stored once).
func TestDuplicateInterchange(t *testing.T) {
	cfg := config(t)
	g := start(t, cfg)
	ctx := context.Background()
	data, err := os.ReadFile("../../../../samples/requests/doc-7.3-multi-line-supplies-fax.x12")
	require.NoError(t, err)
	nc, js := g.partnerConn(t, "summithi")
	w, err := transport.WatchPartner(nc, "summithi", outputs.Kinds)
	require.NoError(t, err)
	defer w.Stop()
	outs, _ := localAs(t, cfg, data, "summithi")
	want := len(outs) - kindsOf(outs)["pend"]
	first, err := transport.Submit(ctx, js, "summithi", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	firstGot := answers(t, w, first, want)
	again, err := transport.Submit(ctx, js, "summithi", "a.x12", bytes.NewReader(data))
	require.NoError(t, err)
	require.NotEqual(t, first, again, "every submission has its own identity")
	againGot := answers(t, w, again, want)
	byID := map[string]string{}
	for _, d := range firstGot {
		byID[d.Header.Get(jetstream.MsgIDHeader)] = string(d.Data)
	}
	for _, d := range againGot {
		require.Equal(t, byID[d.Header.Get(jetstream.MsgIDHeader)], string(d.Data), "the resubmission gets the first answers")
	}
	// Only after the first file is answered: with several workers, two
	// files in flight at once race for the interchange.
	other := bytes.Replace(data, []byte("SHI-REQ-0003"), []byte("SHI-REQ-0099"), 1)
	dup, err := transport.Submit(ctx, js, "summithi", "b.x12", bytes.NewReader(other))
	require.NoError(t, err)
	got := answers(t, w, dup, 2)
	require.Equal(t, map[string]int{"ta1": 1, "rejected": 1}, kindsOfDeliveries(got))
	for _, d := range got {
		if d.Kind == "ta1" {
			require.Contains(t, string(d.Data), "*R*025~")
		} else {
			require.Equal(t, "ta1:025", d.Header.Get(gateway.HeaderRejected))
			require.Equal(t, string(other), string(d.Data))
		}
	}
	// Wait for the metric (the worker records it before acking).
	require.Eventually(t, func() bool { return gathered(t, g.reg, "gate278_files_total", "result", "duplicate") == 1 }, 10*time.Second, 50*time.Millisecond)
	require.Equal(t, 1.0, gathered(t, g.reg, "gate278_rejections_total", "code", "025"))
	info, err := g.js.Stream(ctx, transport.StreamOut)
	require.NoError(t, err)
	st, err := info.Info(ctx, jetstream.WithSubjectFilter("x12.278.out.>"))
	require.NoError(t, err)
	require.Equal(t, uint64(1), st.State.Subjects["x12.278.out.summithi"], "one 278 response stored: the resubmission and the duplicate add none")
	require.Zero(t, gathered(t, g.reg, "gate278_dead_letters_total", "", ""))
}

// TestRejectedInterchangeMayBeResent: an interchange rejected at its
// trailer is forgotten by the ledger, so its corrected version, sent with
// the same ISA13, is answered rather than called a duplicate.
func TestRejectedInterchangeMayBeResent(t *testing.T) {
	cfg := config(t)
	g := start(t, cfg)
	ctx := context.Background()
	good, err := os.ReadFile("../../../../samples/requests/doc-7.2-dependent-urgent-k0455.x12")
	require.NoError(t, err)
	bad := bytes.Replace(good, []byte("IEA*1*000000102"), []byte("IEA*1*000000199"), 1)
	require.NotEqual(t, good, bad)
	since := time.Now().Add(-2 * time.Second)
	first, err := transport.Submit(ctx, g.js, "clearhub", "bad.x12", bytes.NewReader(bad))
	require.NoError(t, err)
	got := collect(t, g.js, since, map[string]int{first: 2})
	require.Equal(t, map[string]int{"ta1": 1, "rejected": 1}, kindsOfDeliveries(got[first]))
	outs, _ := local(t, cfg, good)
	second, err := transport.Submit(ctx, g.js, "clearhub", "good.x12", bytes.NewReader(good))
	require.NoError(t, err)
	got = collect(t, g.js, since, map[string]int{first: 2, second: len(outs)})
	require.Equal(t, kindsOf(outs), kindsOfDeliveries(got[second]))
}

// owner is the demo partner of the file's first interchange sender
// (nutmeghi when the file names none).
func owner(data []byte) string {
	if i := bytes.Index(data, []byte("ISA")); i >= 0 && len(data) >= i+106 {
		f := bytes.Split(data[i:i+106], data[i+3:i+4])
		if len(f) > 6 {
			if p, ok := gateway.DemoRegistry().Owner(string(f[5]), string(f[6])); ok {
				return p
			}
		}
	}
	return "nutmeghi"
}

// digest is the identity Submit gives a file.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func kindsOf(outs []pipeline.Output) map[string]int {
	m := map[string]int{}
	for _, o := range outs {
		m[o.Kind]++
	}
	return m
}

func kindsOfDeliveries(ds []transport.Delivery) map[string]int {
	m := map[string]int{}
	for _, d := range ds {
		m[d.Kind]++
	}
	return m
}

// partnerConn connects as partner p with its seed from the gateway's data
// directory: the view of `gate278 submit -partner p`.
func (g *gw) partnerConn(t *testing.T, p string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nkey, err := nats.NkeyOptionFromSeed(g.creds.Partner(p))
	require.NoError(t, err)
	nc, err := nats.Connect(g.url, nkey)
	require.NoError(t, err)
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	return nc, js
}

// answers collects, from w, the deliveries answering inbound id until want
// of them arrived.
func answers(t *testing.T, w *transport.Watcher, id string, want int) []transport.Delivery {
	t.Helper()
	var got []transport.Delivery
	timeout := time.After(30 * time.Second)
	for len(got) < want {
		select {
		case d := <-w.C():
			if d.InboundID == id {
				got = append(got, d)
			}
		case <-timeout:
			t.Fatalf("%d of %d answers to %s", len(got), want, id)
		}
	}
	return got
}

// TestPartnerSpoofingSenderRejected: a partner submitting an interchange
// under another partner's sender ID (ISA06) gets TA1 006 and no decision,
// its file is kept, and the real owner's file — the very same bytes — is
// answered as if nothing had happened.
func TestPartnerSpoofingSenderRejected(t *testing.T) {
	cfg := config(t)
	g := start(t, cfg)
	ctx := context.Background()
	data, err := os.ReadFile("../../../../samples/adjudication/anthem-set1-e0779-chemo.x12")
	require.NoError(t, err)
	require.Equal(t, "nutmeghi", owner(data))

	snc, sjs := g.partnerConn(t, "summithi")
	sw, err := transport.WatchPartner(snc, "summithi", outputs.Kinds)
	require.NoError(t, err)
	defer sw.Stop()
	spoof, err := transport.SubmitReceipt(ctx, sjs, "summithi", "spoof.x12", bytes.NewReader(data))
	require.NoError(t, err)
	got := answers(t, sw, spoof.ID, 2)
	require.Equal(t, map[string]int{"ta1": 1, "rejected": 1}, kindsOfDeliveries(got))
	for _, d := range got {
		if d.Kind == "ta1" {
			require.Contains(t, string(d.Data), "*R*006~")
		} else {
			require.Equal(t, "ta1:006", d.Header.Get(gateway.HeaderRejected))
			require.Equal(t, string(data), string(d.Data), "the spoofed file is kept")
		}
	}

	nnc, njs := g.partnerConn(t, "nutmeghi")
	nw, err := transport.WatchPartner(nnc, "nutmeghi", outputs.Kinds)
	require.NoError(t, err)
	defer nw.Stop()
	real, err := transport.SubmitReceipt(ctx, njs, "nutmeghi", "real.x12", bytes.NewReader(data))
	require.NoError(t, err)
	require.False(t, real.Duplicate)
	outs, _ := localAs(t, cfg, data, "nutmeghi")
	want := 0
	for _, o := range outs {
		if o.Kind != "pend" { // pend notices go to the policy's reviewers
			want++
		}
	}
	got = answers(t, nw, real.ID, want)
	byID := map[string]pipeline.Output{}
	for _, o := range outs {
		byID[o.ID] = o
	}
	for _, d := range got {
		o, ok := byID[d.Header.Get(gateway.HeaderOutputOf)]
		require.True(t, ok, d.Kind)
		require.Equal(t, string(o.Data), string(d.Data), "the owner's answers are untouched")
	}
	require.Zero(t, gathered(t, g.reg, "gate278_dead_letters_total", "", ""))
}
