package console_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
)

const wantCSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// TestSessionsAndHeaders over real HTTP against a real serve: every page
// sends the security headers; nothing with PHI is served unsigned (pages
// and forms redirect to the sign-in page, which shows none); the session
// cookie is HttpOnly and SameSite=Strict; a form without the session's
// own CSRF token, or with another session's, is refused 403 and changes
// nothing; a session idle for the timeout is over; repeated failures of a
// name are throttled and logged by name, without the password; the logs
// hold no PHI.
func TestSessionsAndHeaders(t *testing.T) {
	s := serve(t)
	c := s.pend(t)
	lee := s.client(t)

	resp, body := lee.get("/console/signin")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, wantCSP, resp.Header.Get("Content-Security-Policy"))
	require.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
	require.Equal(t, "same-origin", resp.Header.Get("Referrer-Policy"))
	require.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	require.Contains(t, body, `<label for="password">`)
	resp, body = lee.get("/console/static/console.css")
	require.Equal(t, http.StatusOK, resp.StatusCode, "the stylesheet is served unsigned")
	require.Equal(t, wantCSP, resp.Header.Get("Content-Security-Policy"))
	require.Contains(t, body, "--ink")

	for _, path := range []string{"/console/queue", "/console/cases/" + c.ID, "/console/operations"} {
		resp, body = lee.get(path)
		require.Equal(t, http.StatusSeeOther, resp.StatusCode, path)
		require.True(t, strings.HasPrefix(resp.Header.Get("Location"), "/console/signin?next="), resp.Header.Get("Location"))
		require.NotContains(t, body, "DOE", "no PHI unsigned")
		require.NotContains(t, body, "K0455", "no case unsigned")
	}
	resp, _ = lee.post("/console/cases/"+c.ID+"/assign", url.Values{})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "a form unsigned is sent to sign in")

	resp, _ = lee.post("/console/signin", url.Values{"name": {"rn-lee"}, "password": {"wrong"}})
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "a wrong password is refused")
	resp = lee.signIn("rn-lee")
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "gate278_session" {
			cookie = ck
		}
	}
	require.NotNil(t, cookie)
	require.True(t, cookie.HttpOnly)
	require.Equal(t, http.SameSiteStrictMode, cookie.SameSite)
	require.False(t, cookie.Secure, "no TLS on this listener")
	require.Equal(t, "/console/", cookie.Path)
	require.GreaterOrEqual(t, len(cookie.Value), 43, "32 random bytes")

	resp, body = lee.get("/console/queue")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, wantCSP, resp.Header.Get("Content-Security-Policy"))
	require.Equal(t, "no-store", resp.Header.Get("Cache-Control"), "pages with PHI are not cached")
	require.Contains(t, body, c.ID)
	require.Contains(t, body, "rn-lee")
	tokenLee := lee.csrf()

	diaz := s.client(t)
	diaz.signIn("rn-diaz")
	tokenDiaz := diaz.csrf()
	require.NotEqual(t, tokenLee, tokenDiaz, "one token per session")

	resp, _ = lee.post("/console/cases/"+c.ID+"/assign", url.Values{})
	require.Equal(t, http.StatusForbidden, resp.StatusCode, "no token")
	resp, body = lee.post("/console/cases/"+c.ID+"/assign", url.Values{"csrf": {tokenDiaz}})
	require.Equal(t, http.StatusForbidden, resp.StatusCode, "another session's token")
	require.Contains(t, body, "not from your session")
	got, _, err := s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Empty(t, got.Assignee, "a refused form changes nothing")
	resp, _ = lee.post("/console/cases/"+c.ID+"/assign", url.Values{"csrf": {tokenLee}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "its own token")
	got, _, err = s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, "rn-lee", got.Assignee, "assigned through the API")

	s.clock.Add(16 * time.Minute)
	resp, _ = lee.get("/console/queue")
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "idle for the timeout: signed out")

	resp, _ = diaz.post("/console/signout", url.Values{"csrf": {tokenDiaz}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	resp, _ = diaz.get("/console/queue")
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "signed out")

	for range 5 {
		resp, _ = diaz.post("/console/signin", url.Values{"name": {"rn-diaz"}, "password": {"guess-not-the-password"}})
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}
	resp, _ = diaz.post("/console/signin", url.Values{"name": {"rn-diaz"}, "password": {passwords["rn-diaz"]}})
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "throttled after repeated failures")
	resp, _ = diaz.post("/console/signin", url.Values{"name": {"rn-diaz"}, "password": {passwords["rn-diaz"]}})
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	s.clock.Add(6 * time.Minute)
	diaz.signIn("rn-diaz")

	resp, _ = diaz.post("/console/signin", url.Values{"name": {"rn-diaz"}, "password": {"x"}, "next": {"https://evil.example/"}})
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	u, err := url.Parse(s.base + "/console/")
	require.NoError(t, err)
	replaced := diaz.http.Jar.Cookies(u)
	require.Len(t, replaced, 1)
	resp = diaz.signIn("rn-lee")
	require.Equal(t, "/console/queue", resp.Header.Get("Location"))
	req, err := http.NewRequest("GET", s.base+"/console/queue", nil)
	require.NoError(t, err)
	req.AddCookie(replaced[0])
	old, err := (&http.Client{CheckRedirect: diaz.http.CheckRedirect}).Do(req)
	require.NoError(t, err)
	old.Body.Close()
	require.Equal(t, http.StatusSeeOther, old.StatusCode, "signing in again ends the session it replaces")

	logs := s.logs.String()
	require.Contains(t, logs, `"msg":"console sign-in failed","reviewer":"rn-diaz"`)
	require.Contains(t, logs, `"route":"GET /console/queue"`)
	require.Contains(t, logs, `"case":"`+c.ID+`"`)
	for _, secret := range []string{"guess-not-the-password", "lee-secret", "diaz-secret", tokenLee, cookie.Value} {
		require.NotContains(t, logs, secret, "no password, token or session in the logs")
	}
	for _, phi := range []string{"DOE", "LILY", "ZZX987654321", "20150704"} {
		require.NotContains(t, logs, phi, "no PHI in the logs")
	}
}

// TestRoles: an auditor reads the queue, the case and its history but is
// offered no decision form, and a decision it posts anyway (with its own
// valid token) is refused by the API's role check.
func TestRoles(t *testing.T) {
	s := serve(t)
	c := s.pend(t)
	kim := s.client(t)
	kim.signIn("audit-kim")
	resp, body := kim.get("/console/cases/" + c.ID)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, body, "Service lines")
	require.NotContains(t, body, `id="decide-form"`)
	require.Contains(t, body, `id="read-only"`)
	// The seed's own words (adjudicate/policies, cite.passage), under the
	// section the policy cites.
	require.Contains(t, body, `<p class="cite">Seed section: Coverage Position, bullet 1 (prescribed by a licensed medical provider)</p><blockquote class="passage">When the external infusion pump is prescribed by a licensed medical provider</blockquote>`, "the seed passage itself")
	require.Contains(t, body, "pulmonary hypertension", "the diagnosis described by the code tables")
	token := kim.csrf()
	resp, body = kim.post("/console/cases/"+c.ID+"/preview", url.Values{"csrf": {token}, "action-1": {"certify"}})
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	require.Contains(t, body, "role may not do this.")
	resp, _ = kim.post("/console/cases/"+c.ID+"/assign", url.Values{"csrf": {token}})
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	got, _, err := s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, got.State, "nothing changed")

	lee := s.client(t)
	lee.signIn("rn-lee")
	resp, body = lee.post("/console/cases/"+c.ID+"/cancel", url.Values{"csrf": {lee.csrf()}, "rationale": {"withdrawn"}})
	require.Equal(t, http.StatusForbidden, resp.StatusCode, "only a supervisor cancels")
	require.Contains(t, body, "role may not do this.")
}

// TestOperations: the operations page shows the queues, the clocks and the
// last dead letters with their reasons, read without consuming them, and
// never a dead letter's content.
func TestOperations(t *testing.T) {
	s := serve(t)
	s.pend(t)
	s.clock.Add(73 * time.Hour) // past the 72 hours: overdue
	msg := &nats.Msg{Subject: "x12.278.in.clearhub", Data: []byte("ISA*NOT-SHOWN-CONTENT~"),
		Header: nats.Header{"X-Big": []string{strings.Repeat("b", 2000)}}}
	_, err := s.js.PublishMsg(t.Context(), msg)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		st, err := s.js.Stream(t.Context(), "X12_DLQ")
		if err != nil {
			return false
		}
		info, err := st.Info(t.Context())
		return err == nil && info.State.Msgs == 1
	}, 30*time.Second, 50*time.Millisecond, "the file is dead-lettered")

	kim := s.client(t)
	kim.signIn("audit-kim")
	for range 2 { // reading does not consume
		resp, body := kim.get("/console/operations")
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Contains(t, body, `id="dead-letters"`)
		require.Contains(t, body, "x12.dlq.clearhub")
		require.Contains(t, body, "<td>invalid</td>")
		require.Contains(t, body, "invalid inbound file")
		require.NotContains(t, body, "NOT-SHOWN-CONTENT")
		require.Contains(t, body, `id="queues"`)
		require.Contains(t, body, `<th scope="row">X12_DLQ</th><td>1</td>`)
		require.Contains(t, body, `<li class="overdue">`)
		require.Contains(t, body, "Overdue by 1h 0m")
		require.Contains(t, body, `href="/metrics"`)
	}
	resp, body := kim.get("/console/queue")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, body, `<tr class="overdue">`)
	require.Regexp(t, `<div class="overdue"><dt>Overdue</dt><dd>1</dd></div>`, body, "counted as the metrics count")
}

// TestDecideOverHTTP: the preview form, then the decision it holds; the
// same decision sent again is refused 409 in plain words on the case page.
func TestDecideOverHTTP(t *testing.T) {
	s := serve(t)
	c := s.pend(t)
	lee := s.client(t)
	lee.signIn("rn-lee")
	token := lee.csrf()
	form := url.Values{"csrf": {token}, "action-1": {"certify"}, "from-1": {"2026-03-03"}, "to-1": {"20260501"},
		"action-2": {"modify"}, "units-2": {"270"}, "reason-2": {"half the requested quantity is supported"}, "rationale": {"chart reviewed"}}
	resp, body := lee.post("/console/cases/"+c.ID+"/preview?env=production", form)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	require.Contains(t, body, "MSG*Modified to 270 units; half the requested quantity is supported~")
	m := previewBody.FindStringSubmatch(body)
	require.NotNil(t, m)
	decision := html.UnescapeString(m[1])
	resp, _ = lee.post("/console/cases/"+c.ID+"/decide?env=production", url.Values{"csrf": {token}, "body": {decision}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	resp, body = lee.post("/console/cases/"+c.ID+"/decide?env=production", url.Values{"csrf": {token}, "body": {decision}})
	require.Equal(t, http.StatusConflict, resp.StatusCode)
	require.Contains(t, body, "The case changed meanwhile or cannot take this step in its state")
	require.Contains(t, body, "is already decided (final)")
	got, _, err := s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.Decided, got.State)
	require.Equal(t, "270", got.Lines[1].Decision.Units)
}

// previewBody is the request a preview page holds, to send.
var previewBody = regexp.MustCompile(`name="body" value="([^"]+)"`)

// TestDocumentsAndCancelPreviewed: asking for documents and cancelling are
// previewed like a decision before anything is stored or sent. Written
// from the guide and final.go before running: the documents request's 278
// has BHT06 19 and HI LOI with the new code on its line, and once sent the
// case waits for documents with a documents-requested event; the
// cancellation's 278 answers every line HCR C with BHT06 18, and once sent
// the case is cancelled.
func TestDocumentsAndCancelPreviewed(t *testing.T) {
	s := serve(t)
	c := s.pend(t)
	lee := s.client(t)
	lee.signIn("rn-lee")
	token := lee.csrf()
	resp, _ := lee.post("/console/cases/"+c.ID+"/assign?env=production", url.Values{"csrf": {token}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)

	resp, body := lee.post("/console/cases/"+c.ID+"/request-documents?env=production",
		url.Values{"csrf": {token}, "docs-other-2": {"34133-9"}, "rationale": {"need the discharge summary"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	require.Contains(t, body, "Preview: the 278 asking for documents")
	require.Contains(t, body, "HI*LOI:34133-9~")
	require.Regexp(t, `BHT\*0007\*11\*[^~]+\*19~`, body)
	got, _, err := s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.InReview, got.State, "the preview stored nothing")
	m := previewBody.FindStringSubmatch(body)
	require.NotNil(t, m)
	resp, _ = lee.post("/console/cases/"+c.ID+"/request-documents/send?env=production", url.Values{"csrf": {token}, "body": {html.UnescapeString(m[1])}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	got, _, err = s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, got.State)
	require.Contains(t, got.Lines[1].Documents, "34133-9")

	okafor := s.client(t)
	okafor.signIn("md-okafor")
	otoken := okafor.csrf()
	resp, body = okafor.post("/console/cases/"+c.ID+"/cancel?env=production", url.Values{"csrf": {otoken}, "rationale": {"withdrawn by the provider"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	require.Contains(t, body, "Preview: the final 278 cancelling the case")
	require.Regexp(t, `HCR\*C\*`, body)
	require.Regexp(t, `BHT\*0007\*11\*[^~]+\*18~`, body)
	m = previewBody.FindStringSubmatch(body)
	require.NotNil(t, m)
	got, _, err = s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, got.State, "the preview stored nothing")
	resp, _ = okafor.post("/console/cases/"+c.ID+"/cancel/send?env=production", url.Values{"csrf": {otoken}, "body": {html.UnescapeString(m[1])}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	got, _, err = s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.Cancelled, got.State)
}
