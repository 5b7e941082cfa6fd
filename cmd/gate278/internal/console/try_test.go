package console_test

import (
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/console"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
	"github.com/gate278/gate278/ops/metrics"
)

// TestTryMount: a page given as Options.Try is served at /console/try
// without signing in, with the console's headers, and draws itself in the
// layout; without one the page says it is not enabled.
func TestTryMount(t *testing.T) {
	rs, err := review.ParseReviewers([]byte(`{"reviewers": []}`))
	require.NoError(t, err)
	counts := func([]*cases.Case, time.Time) metrics.CaseSnapshot { return metrics.CaseSnapshot{} }
	try := func(c *console.Console) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, signed := c.Identity(r)
			require.False(t, signed)
			require.Empty(t, c.CSRFToken(r))
			require.False(t, c.CheckCSRF(r))
			c.RenderHTML(w, r, http.StatusOK, "Try a file", template.HTML(`<h1>Try a file</h1><p id="try">paste here</p>`))
		})
	}
	c, err := console.New(console.Options{Reviewers: rs, API: http.NotFoundHandler(), Counts: counts, Try: try})
	require.NoError(t, err)
	hs := httptest.NewServer(c)
	defer hs.Close()
	resp, err := http.Get(hs.URL + "/console/try")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, wantCSP, resp.Header.Get("Content-Security-Policy"))
	require.Contains(t, string(b), `<p id="try">paste here</p>`)
	require.Contains(t, string(b), `/console/static/console.css`)

	off, err := console.New(console.Options{Reviewers: rs, API: http.NotFoundHandler(), Counts: counts})
	require.NoError(t, err)
	hs2 := httptest.NewServer(off)
	defer hs2.Close()
	resp, err = http.Get(hs2.URL + "/console/try")
	require.NoError(t, err)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
	require.Contains(t, string(b), "not enabled")
}
