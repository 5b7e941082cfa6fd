package metrics_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/gate278/gate278/ops/metrics"
)

// Example wires the metrics the way gate278 serve does: a private registry,
// the transport and the pipeline recording into it, and Handler serving it
// with a readiness check.
func Example() {
	reg := prometheus.NewRegistry()
	m := metrics.New(reg, metrics.BuildInfo{Version: "v1.0.0", Revision: "0123abc"},
		[]string{"anthem-ct-cg-dme-21", "vt-dvha-eip"})

	// The transport and the pipeline record what happens to one file.
	m.Received(4711, 1)
	m.Stage("read_validate", 3*time.Millisecond)
	m.TransactionSet("accepted")
	m.Line("anthem-ct-cg-dme-21", "A1")
	m.Line("anthem-ct-cg-dme-21", "A4")
	m.Event("anthem-ct-cg-dme-21", "A4")
	m.File("accepted")
	m.Published("278", 1200, 2*time.Millisecond)
	m.Settled("ack", 40*time.Millisecond)

	var connected atomic.Bool
	ready := func(context.Context) error {
		if !connected.Load() {
			return errors.New("nats: not connected")
		}
		return nil
	}
	srv := httptest.NewServer(metrics.Handler(reg, ready))
	defer srv.Close()

	show := func(path string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if path == "/metrics" {
			for _, line := range strings.Split(string(body), "\n") {
				if strings.HasPrefix(line, `gate278_lines_total{action="A`) && !strings.HasSuffix(line, " 0") {
					fmt.Println(line)
				}
			}
			return
		}
		fmt.Print(path, " ", resp.StatusCode, " ", string(body))
	}
	show("/healthz")
	show("/readyz")
	connected.Store(true)
	show("/readyz")
	show("/metrics")
	// Output:
	// /healthz 200 ok
	// /readyz 503 not ready: nats: not connected
	// /readyz 200 ok
	// gate278_lines_total{action="A1",policy="anthem-ct-cg-dme-21"} 1
	// gate278_lines_total{action="A4",policy="anthem-ct-cg-dme-21"} 1
}
