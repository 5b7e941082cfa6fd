package tryfile

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
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

// pageServer mounts an open Page in a real console and returns its URL
// and a visitor's client with the form's token.
func pageServer(t *testing.T) (string, *http.Client, string) {
	t.Helper()
	rs, err := review.ParseReviewers([]byte(`{"reviewers": []}`))
	require.NoError(t, err)
	c, err := console.New(console.Options{Reviewers: rs, API: http.NotFoundHandler(),
		Counts: func([]*cases.Case, time.Time) metrics.CaseSnapshot { return metrics.CaseSnapshot{} },
		Try: func(c *console.Console) http.Handler {
			return &Page{Config: config(t), Layout: c, Open: true, Now: func() time.Time { return now }}
		}})
	require.NoError(t, err)
	hs := httptest.NewServer(c)
	t.Cleanup(hs.Close)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar}
	resp, err := client.Get(hs.URL + Path)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(b))
	require.NotNil(t, m)
	return hs.URL, client, m[1]
}

// TestPageLargeFiles: a form over the size bound is 413 in words (not a
// token error); a file of 25 interchanges is tried whole but the page
// explains the first 20 and says how many more there are, and says the
// answer is a trial.
func TestPageLargeFiles(t *testing.T) {
	base, client, token := pageServer(t)
	resp, err := client.PostForm(base+Path, url.Values{"csrf": {token}, "file": {strings.Repeat("A", 2<<20)}})
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	require.Contains(t, string(b), "larger than 1 MiB")

	one := string(sample(t, "adjudication/vt-ind1-chemo.x12"))
	var file strings.Builder
	for i := range 25 {
		ix := strings.NewReplacer("000002046", fmt.Sprintf("%09d", 7000+i), "*2046*", fmt.Sprintf("*%d*", 7000+i), "GE*1*2046", fmt.Sprintf("GE*1*%d", 7000+i)).Replace(one)
		file.WriteString(ix)
	}
	resp, err = client.PostForm(base+Path, url.Values{"csrf": {token}, "file": {file.String()}})
	require.NoError(t, err)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	body := string(b)
	require.Equal(t, 20, strings.Count(body, `<article class="line">`), "the first 20 explained")
	require.Contains(t, body, "5 more request(s) in this file are not explained here")
	require.Contains(t, body, "A trial: nothing was submitted.")
	require.Contains(t, body, `<dd id="try-outcome">accepted</dd>`)
}
