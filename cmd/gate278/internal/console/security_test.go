package console_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// clientFrom is a browser-like client whose connections come from the
// loopback address ip (127.0.0.2…: another client address).
func (s *served) clientFrom(t *testing.T, ip string) *client {
	c := s.client(t)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	c.http.Transport = &http.Transport{DialContext: d.DialContext}
	return c
}

// api sends GET /v1/cases with HTTP Basic name and password; it returns
// the response (body read and closed).
func (c *client) api(name, password string) *http.Response {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.base+"/v1/cases", nil)
	require.NoError(c.t, err)
	req.SetBasicAuth(name, password)
	resp, err := c.http.Do(req)
	require.NoError(c.t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// TestSignInThrottle over real HTTP: the API's HTTP Basic and the
// console's sign-in share one throttle per (name, client address) and per
// address. The sixth guess of a name from one address is refused 429
// with Retry-After on both, even with the right password; the right
// password from another address works on both (a stranger locks nobody
// out); a flood of 20,000 names from one address is refused after twenty
// and resets no one's count; failures are logged with the address and
// only configured names.
func TestSignInThrottle(t *testing.T) {
	s := serve(t)
	a := s.client(t) // 127.0.0.1
	for range 5 {
		resp, _ := a.post("/console/signin", url.Values{"name": {"rn-lee"}, "password": {"guess-not-the-password"}})
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}
	resp, body := a.post("/console/signin", url.Values{"name": {"rn-lee"}, "password": {passwords["rn-lee"]}})
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the sixth guess, on the console")
	require.Equal(t, "300", resp.Header.Get("Retry-After"))
	require.Contains(t, body, "Too many failed sign-ins")
	resp = a.api("rn-lee", passwords["rn-lee"])
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the same throttle on the API")
	require.Equal(t, "300", resp.Header.Get("Retry-After"))

	for range 5 {
		require.Equal(t, http.StatusUnauthorized, a.api("rn-diaz", "guess-not-the-password").StatusCode)
	}
	resp = a.api("rn-diaz", passwords["rn-diaz"])
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the sixth guess, on the API")
	require.NotEmpty(t, resp.Header.Get("Retry-After"))
	resp, _ = a.post("/console/signin", url.Values{"name": {"rn-diaz"}, "password": {passwords["rn-diaz"]}})
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "a name throttled on the API is throttled on the console")

	// Twenty guesses at once from one address: five are tried, the rest
	// refused (each try is counted when it is let through).
	par := s.clientFrom(t, "127.0.0.4")
	var mu sync.Mutex
	var wg sync.WaitGroup
	parallel := map[int]int{}
	for range 20 {
		wg.Go(func() { // no require off the test's goroutine: an error is code 0
			code := 0
			req, err := http.NewRequest("GET", par.base+"/v1/cases", nil)
			if err == nil {
				req.SetBasicAuth("md-okafor", "guess-not-the-password")
				if resp, err := par.http.Do(req); err == nil {
					resp.Body.Close()
					code = resp.StatusCode
				}
			}
			mu.Lock()
			defer mu.Unlock()
			parallel[code]++
		})
	}
	wg.Wait()
	require.Equal(t, map[int]int{http.StatusUnauthorized: 5, http.StatusTooManyRequests: 15}, parallel)

	b := s.clientFrom(t, "127.0.0.2")
	require.Equal(t, http.StatusOK, b.api("rn-lee", passwords["rn-lee"]).StatusCode, "the right password from another address")
	b.signIn("rn-lee")
	b.signIn("rn-diaz")

	flood := s.clientFrom(t, "127.0.0.3")
	resp, _ = flood.post("/console/signin", url.Values{"name": {"Passw0rd-long-rn-lee"}, "password": {"x"}})
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	codes := map[int]int{}
	for i := range 20_000 {
		codes[flood.api(fmt.Sprint("flood-", i), "x").StatusCode]++
	}
	require.Equal(t, map[int]int{http.StatusUnauthorized: 19, http.StatusTooManyRequests: 19_981}, codes,
		"twenty failures across names, then refused before bcrypt")
	require.Equal(t, http.StatusTooManyRequests, a.api("rn-lee", passwords["rn-lee"]).StatusCode, "the flood reset nothing")

	s.clock.Add(5 * time.Minute)
	require.Equal(t, http.StatusOK, a.api("rn-lee", passwords["rn-lee"]).StatusCode, "the window has passed")
	a.signIn("rn-diaz")

	logs := s.logs.String()
	require.Contains(t, logs, `"msg":"console sign-in failed","reviewer":"rn-lee","address":"127.0.0.1"`)
	require.Contains(t, logs, `"msg":"console sign-in refused: too many failures","reviewer":"rn-lee","address":"127.0.0.1"`)
	require.Contains(t, logs, `"msg":"review sign-in refused: too many failures","reviewer":"rn-diaz","address":"127.0.0.1"`)
	require.Contains(t, logs, `"msg":"console sign-in failed","address":"127.0.0.3"`)
	require.Contains(t, logs, `"msg":"review sign-in refused: too many failures","address":"127.0.0.3"`)
	for _, secret := range []string{"Passw0rd-long-rn-lee", "flood-", "guess-not-the-password", "lee-secret"} {
		require.NotContains(t, logs, secret, "no unknown name or password in the logs")
	}
}

// TestSecurityHeadersAndRefusals over real HTTP: a sign-in from a null
// or foreign Origin (or, without Origin, a foreign Referer) is refused;
// the session cookie is a browser-session cookie; the static directory
// is not listed; /console's redirect and every /v1/cases answer carry the
// security headers; an over-size form is 413 in words; a role refusal is
// one sentence.
func TestSecurityHeadersAndRefusals(t *testing.T) {
	s := serve(t)
	c := s.pend(t)
	lee := s.client(t)
	form := url.Values{"name": {"rn-lee"}, "password": {passwords["rn-lee"]}}
	for _, h := range []map[string]string{{"Origin": "null"}, {"Origin": "https://evil.example"}, {"Referer": "https://evil.example/x"}} {
		req, err := http.NewRequest("POST", s.base+"/console/signin", strings.NewReader(form.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := lee.http.Do(req)
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusForbidden, resp.StatusCode, "%v", h)
		require.Contains(t, string(b), "not sent from this console")
	}
	req, err := http.NewRequest("POST", s.base+"/console/signin", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.base)
	resp, err := lee.http.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "its own origin")
	set := resp.Header.Get("Set-Cookie")
	require.True(t, strings.HasPrefix(set, "gate278_session="), set)
	require.NotContains(t, set, "Max-Age", "a session cookie")
	require.NotContains(t, set, "Expires")
	require.Contains(t, set, "HttpOnly")
	require.Contains(t, set, "SameSite=Strict")

	resp, _ = lee.get("/console/static/")
	require.Equal(t, http.StatusNotFound, resp.StatusCode, "no directory listing")
	resp, _ = lee.get("/console/static")
	require.NotEqual(t, http.StatusOK, resp.StatusCode)
	resp, _ = lee.get("/console/static/console.css")
	require.Equal(t, http.StatusOK, resp.StatusCode)

	resp, _ = lee.get("/console")
	require.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)
	require.Equal(t, "/console/", resp.Header.Get("Location"))
	requireHeaders(t, resp, wantCSP)
	for _, who := range []string{"", "rn-lee"} {
		req, err := http.NewRequest("GET", s.base+"/v1/cases/"+c.ID, nil)
		require.NoError(t, err)
		if who != "" {
			req.SetBasicAuth(who, passwords[who])
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		requireHeaders(t, resp, "default-src 'none'; frame-ancestors 'none'")
	}

	token := lee.csrf()
	big := url.Values{"csrf": {token}, "rationale": {strings.Repeat("x", 2<<20)}}
	resp, body := lee.post("/console/cases/"+c.ID+"/assign", big)
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	require.Contains(t, body, "The form is too large to accept (over 1 MiB).")
	require.NotContains(t, body, "security token")

	kim := s.client(t)
	kim.signIn("audit-kim")
	resp, body = kim.post("/console/cases/"+c.ID+"/assign", url.Values{"csrf": {kim.csrf()}})
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	require.Contains(t, body, "The auditor role may not do this.")
	require.NotContains(t, body, "Your role may not do this:")
}

// requireHeaders: the security headers, with the Content-Security-Policy csp.
func requireHeaders(t *testing.T, resp *http.Response, csp string) {
	t.Helper()
	require.Equal(t, csp, resp.Header.Get("Content-Security-Policy"), resp.Request.URL.Path)
	require.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
	require.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	require.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
}
