package console_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
)

// broken is the error sample whose 2000E TRN lacks TRN02. Expected, from
// the guide (TRN02 is required) and the 999 rules: IK3 at segment 13 TRN
// in loop 2000E, IK4 TRN02 (data element 127) code 1 (required element
// missing), IK5 R, AK9 R; in words "segment 13 (TRN, loop 2000E): element
// TRN02 (data element 127) is missing". Nothing is decided.
func broken(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../../../samples/errors/999-guide-missing-required-element.edi")
	require.NoError(t, err)
	return string(b)
}

const trn02Missing = "segment 13 (TRN, loop 2000E): element TRN02 (data element 127) is missing"

var tryToken = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// tryCSRF reads the try page's form token.
func (c *client) tryCSRF() string {
	c.t.Helper()
	resp, body := c.get("/console/try")
	require.Equal(c.t, http.StatusOK, resp.StatusCode)
	m := tryToken.FindStringSubmatch(body)
	require.NotNil(c.t, m, "the try form has a token")
	return m[1]
}

// TestTryPageSignedIn: a reviewer pastes a broken file and a pending one.
// The broken one is answered with its 999 in words; the pending one with
// its 278 and the decision explained; neither opens a case, publishes
// anything or leaves its content in the log.
func TestTryPageSignedIn(t *testing.T) {
	s := serve(t)
	anon := s.client(t)
	resp, _ := anon.get("/console/try")
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "closed to visitors by default")
	require.Contains(t, resp.Header.Get("Location"), "/console/signin")

	lee := s.client(t)
	lee.signIn("rn-lee")
	token := lee.tryCSRF()
	require.Equal(t, lee.csrf(), token, "a signed-in form carries the session's token")

	resp, body := lee.post("/console/try", url.Values{"csrf": {token}, "file": {broken(t)}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, body, trn02Missing)
	require.Contains(t, body, "IK5 R (rejected)")
	require.Contains(t, body, "IK3*TRN*13*2000*8~", "the 999 itself (IK303 the standard's loop ID, element 447 being at most 4 characters)")
	require.NotContains(t, body, "Each request, explained", "nothing decided")
	require.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	require.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'none'")

	resp, body = lee.post("/console/try", url.Values{"csrf": {token}, "file": {string(sample(t))}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, body, "Each request, explained")
	require.Contains(t, body, "HCR*A4", "the pended 278 response")
	require.Contains(t, body, "Outcome: PENDED")

	// Another session's token is refused.
	diaz := s.client(t)
	diaz.signIn("rn-diaz")
	resp, body = diaz.post("/console/try", url.Values{"csrf": {token}, "file": {broken(t)}})
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	require.NotContains(t, body, trn02Missing)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cs, err := s.store.List(ctx, cases.Production)
	require.NoError(t, err)
	require.Empty(t, cs, "a tried file opens no case")
	tcs, err := s.store.List(ctx, cases.Test)
	require.NoError(t, err)
	require.Empty(t, tcs)
	logs := s.logs.String()
	for _, content := range []string{"HOLLOWAY", "ZQH4418207", "19620311", "ERR-3039"} {
		require.NotContains(t, logs, content, "nothing of a tried file in the log")
	}
	require.Contains(t, logs, "tryfile: file tried")
}

// TestTryPageOpen: with TryOpen, a visitor who is not signed in tries a
// file, uploaded as a file; its form token must match its own cookie.
func TestTryPageOpen(t *testing.T) {
	s := serve(t, gateway.ConsoleOptions{TryOpen: true})
	v := s.client(t)
	token := v.tryCSRF()

	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	require.NoError(t, mw.WriteField("csrf", token))
	fw, err := mw.CreateFormFile("upload", "broken.edi")
	require.NoError(t, err)
	_, err = fw.Write([]byte(broken(t)))
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	resp, err := v.http.Post(s.base+"/console/try", mw.FormDataContentType(), &b)
	require.NoError(t, err)
	body := readBody(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, body, trn02Missing)
	require.NotContains(t, body, "Signed in as", "a visitor sees no reviewer's navigation")

	// A token without its cookie (another site's form, another visitor) is refused.
	other := s.client(t)
	resp, body = other.post("/console/try", url.Values{"csrf": {token}, "file": {broken(t)}})
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	require.NotContains(t, body, trn02Missing)

	// Empty and oversized files get a clear answer.
	resp, body = v.post("/console/try", url.Values{"csrf": {token}, "file": {"  \n"}})
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	require.Contains(t, body, "Paste a 278 request")
	resp, body = v.post("/console/try", url.Values{"csrf": {token}, "file": {strings.Repeat("A", 1<<20+1)}})
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	require.Contains(t, body, "larger than 1 MiB")

	// The queue stays closed to visitors.
	resp, _ = v.get("/console/queue")
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	var b bytes.Buffer
	_, err := b.ReadFrom(resp.Body)
	require.NoError(t, err)
	return b.String()
}

// TestBrowserTryPage: in headless Chromium, a visitor pastes the broken
// file into the open try page and reads the 999 in plain words.
func TestBrowserTryPage(t *testing.T) {
	ctx := newBrowser(t)
	s := serve(t, gateway.ConsoleOptions{TryOpen: true})
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(s.base+"/console/try"),
		chromedp.WaitVisible(chromedp.CSS("#file")),
	))
	screenshot(t, ctx, "20-try-empty")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#file"), broken(t)),
		chromedp.Click(chromedp.CSS("#try-submit")),
		chromedp.WaitVisible(chromedp.CSS("#try-result")),
	))
	require.Equal(t, "rejected", text(t, ctx, "#try-outcome"))
	words := text(t, ctx, "#try-words")
	require.Contains(t, words, trn02Missing)
	require.Contains(t, text(t, ctx, "#try-999"), "IK4*2*127*1~")
	screenshot(t, ctx, "21-try-broken-file")

	// A well-formed request: its 278 and its decision explained.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#file"), string(sample(t))),
		chromedp.Click(chromedp.CSS("#try-submit")),
		chromedp.WaitVisible(chromedp.CSS("#try-278")),
	))
	require.Equal(t, "accepted", text(t, ctx, "#try-outcome"))
	require.Contains(t, text(t, ctx, "#try-result .explanation"), "Outcome: PENDED")
	screenshot(t, ctx, "22-try-pended-request")
}
