package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/metrics"
)

func get(t *testing.T, method, url, accept string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	require.NoError(t, err)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(body)
}

// TestHandlerOverHTTP serves Handler on a real listener and checks each
// endpoint as a scraper and a kubelet would see it.
func TestHandlerOverHTTP(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := metrics.New(reg, metrics.BuildInfo{Version: "v9"}, policies)
	m.File("accepted")
	m.Settled("ack", 2*time.Second)

	var notReady atomic.Pointer[error]
	srv := httptest.NewServer(metrics.Handler(reg, func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			return errors.New("no deadline on the readiness context")
		}
		if err := notReady.Load(); err != nil {
			return *err
		}
		return nil
	}))
	defer srv.Close()

	t.Run("metrics text", func(t *testing.T) {
		resp, body := get(t, http.MethodGet, srv.URL+"/metrics", "")
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain"), resp.Header.Get("Content-Type"))
		assert.Contains(t, body, `gate278_files_total{result="accepted"} 1`)
		assert.Contains(t, body, `gate278_build_info{goversion=`)
		assert.Contains(t, body, `gate278_end_to_end_seconds_bucket{le="20"} 1`)
		assert.Contains(t, body, "go_goroutines ")
		assert.Contains(t, body, "process_cpu_seconds_total ")
	})
	t.Run("metrics openmetrics", func(t *testing.T) {
		resp, body := get(t, http.MethodGet, srv.URL+"/metrics",
			"application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "application/openmetrics-text"), resp.Header.Get("Content-Type"))
		assert.Contains(t, body, `gate278_end_to_end_seconds_bucket{le="20.0"} 1`)
		assert.True(t, strings.HasSuffix(body, "# EOF\n"))
	})
	t.Run("healthz", func(t *testing.T) {
		resp, body := get(t, http.MethodGet, srv.URL+"/healthz", "")
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "ok\n", body)
		assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	})
	t.Run("readyz ready", func(t *testing.T) {
		resp, body := get(t, http.MethodGet, srv.URL+"/readyz", "")
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "ok\n", body)
	})
	t.Run("readyz not ready", func(t *testing.T) {
		err := errors.New("nats: no servers available for connection")
		notReady.Store(&err)
		defer notReady.Store(nil)
		resp, body := get(t, http.MethodGet, srv.URL+"/readyz", "")
		assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
		assert.Equal(t, "not ready: nats: no servers available for connection\n", body)
		// Liveness does not follow readiness.
		resp, _ = get(t, http.MethodGet, srv.URL+"/healthz", "")
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	})
	t.Run("head", func(t *testing.T) {
		resp, _ := get(t, http.MethodHead, srv.URL+"/healthz", "")
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	})
	t.Run("post not allowed", func(t *testing.T) {
		resp, _ := get(t, http.MethodPost, srv.URL+"/readyz", "")
		assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	})
	t.Run("unknown path", func(t *testing.T) {
		resp, _ := get(t, http.MethodGet, srv.URL+"/debug/pprof/", "")
		assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	})
}

func TestHandlerNilReadyIsAlwaysReady(t *testing.T) {
	srv := httptest.NewServer(metrics.Handler(prometheus.NewRegistry(), nil))
	defer srv.Close()
	resp, body := get(t, http.MethodGet, srv.URL+"/readyz", "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "ok\n", body)
}
