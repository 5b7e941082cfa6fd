package tryfile

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/console"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
	"github.com/gate278/gate278/ops/metrics"
)

// TestPageBusy: with every slot taken, a tried file is refused at once
// with 503, Retry-After and words a visitor understands; a freed slot
// serves again. The page is mounted in a real console.
func TestPageBusy(t *testing.T) {
	rs, err := review.ParseReviewers([]byte(`{"reviewers": []}`))
	require.NoError(t, err)
	var page *Page
	c, err := console.New(console.Options{Reviewers: rs, API: http.NotFoundHandler(),
		Counts: func([]*cases.Case, time.Time) metrics.CaseSnapshot { return metrics.CaseSnapshot{} },
		Try: func(c *console.Console) http.Handler {
			page = &Page{Config: config(t), Layout: c, Open: true, Concurrent: 1, Now: func() time.Time { return now }}
			return page
		}})
	require.NoError(t, err)
	hs := httptest.NewServer(c)
	defer hs.Close()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar}
	resp, err := client.Get(hs.URL + Path)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(b))
	require.NotNil(t, m)
	form := url.Values{"csrf": {m[1]}, "file": {string(sample(t, "errors/999-guide-missing-required-element.edi"))}}

	page.slot() <- struct{}{} // the one slot is taken
	resp, err = client.PostForm(hs.URL+Path, form)
	require.NoError(t, err)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	require.Equal(t, "2", resp.Header.Get("Retry-After"))
	require.Contains(t, string(b), "Other files are being tried right now")

	<-page.slot()
	resp, err = client.PostForm(hs.URL+Path, form)
	require.NoError(t, err)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, string(b), "element TRN02 (data element 127) is missing")
}
