package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/transport"
)

// BenchmarkReviewDecide: reviewers' decisions through the real API (HTTP
// Basic against a bcrypt hash of the minimum cost, over loopback) on a
// gateway with embedded NATS, one case each (the pended doc-7.2 case under
// b.N numbers). Each decision is stored by compare-and-set and its final
// 278 published on X12_OUT before the API answers. It reports decisions
// per second, and the median and 95th percentile time from sending the
// decision to the final 278 arriving at a consumer of
// x12.278.out.clearhub.
func BenchmarkReviewDecide(b *testing.B) {
	dir := b.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan [2]string, 1)
	done := make(chan error, 1)
	cfg := config(b)
	go func() {
		done <- gateway.Serve(ctx, gateway.Options{
			Config: cfg, DataDir: filepath.Join(dir, "data"), NATSListen: "127.0.0.1:-1", Listen: "127.0.0.1:0", Workers: 1,
			Registry: prometheus.NewRegistry(), Logger: slog.New(slog.DiscardHandler),
			Version: "bench", Grace: 10 * time.Second, Reviewers: reviewersFile(b, dir),
			Started: func(n, h string) { started <- [2]string{n, h} },
		})
	}()
	var urls [2]string
	select {
	case urls = <-started:
	case err := <-done:
		b.Fatal(err)
	}
	defer func() {
		cancel()
		<-done
	}()
	nkey, err := nats.NkeyOptionFromSeed(transport.Credentials{Dir: filepath.Join(dir, "data", "credentials")}.Gateway())
	if err != nil {
		b.Fatal(err)
	}
	nc, err := nats.Connect(urls[0], nkey)
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		b.Fatal(err)
	}
	store, err := casestore.Open(ctx, js)
	if err != nil {
		b.Fatal(err)
	}
	draft := caseDraft(b, cfg, pendingSample(b, "VTMEDICAID"), time.Now().UTC())
	payers, err := casestore.PayersFrom(cfg)
	if err != nil {
		b.Fatal(err)
	}
	opener := &casestore.Opener{Store: store, Clocks: payers.Clocks}
	ids := make([]string, b.N)
	for i := range ids {
		d := *draft
		d.ID, d.Partner = fmt.Sprintf("BENCH%09d", i), "clearhub"
		if err := opener.OpenCase(ctx, d); err != nil {
			b.Fatal(err)
		}
		ids[i] = d.ID
	}
	body, _ := json.Marshal(map[string]any{"rationale": "chart reviewed", "lines": map[string]any{
		"1": cases.LineDecision{Action: cases.Certify, From: "20260303", To: "20260501"},
		"2": cases.LineDecision{Action: cases.NotCertify, Code: "0V", Reason: "home infusion is not shown to be needed"},
	}})

	sent := make([]time.Time, b.N)
	arrived := make(chan [2]any, b.N)
	cons, err := js.OrderedConsumer(ctx, "X12_OUT", jetstream.OrderedConsumerConfig{FilterSubjects: []string{"x12.278.out.clearhub"},
		DeliverPolicy: jetstream.DeliverNewPolicy})
	if err != nil {
		b.Fatal(err)
	}
	cc, err := cons.Consume(func(m jetstream.Msg) {
		arrived <- [2]any{m.Headers().Get(casestore.HeaderCase), time.Now()}
	})
	if err != nil {
		b.Fatal(err)
	}
	defer cc.Stop()
	client := &http.Client{}
	b.ResetTimer()
	start := time.Now()
	for i, id := range ids {
		req, _ := http.NewRequest("POST", "http://"+urls[1]+"/v1/cases/"+id+"/decide", bytes.NewReader(body))
		req.SetBasicAuth("rn-lee", "lee-secret")
		sent[i] = time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("decide %s: %d", id, resp.StatusCode)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	lat := make([]time.Duration, 0, b.N)
	timeout := time.After(30 * time.Second)
	for len(lat) < b.N {
		select {
		case a := <-arrived:
			var i int
			if _, err := fmt.Sscanf(strings.TrimPrefix(a[0].(string), "production."), "BENCH%09d", &i); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, a[1].(time.Time).Sub(sent[i]))
		case <-timeout:
			b.Fatalf("%d of %d final responses", len(lat), b.N)
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "decisions/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-to-published-p50")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "ms-to-published-p95")
}
