// Package console is gate278's web console for clinical reviewers:
// server-rendered pages under /console/ on serve's HTTP listener to sign
// in, work the queue of review cases, read a case in plain words, decide
// it after seeing the 278 it will publish, and watch the gateway's queues,
// clocks and dead letters.
//
// The console is a client of the reviewers' API (package review): every
// read and every change of a case is a call to the API's own handlers,
// in-process, as the signed-in reviewer (review.WithIdentity), so there is
// no second way to change a case and the API's role checks and request log
// apply. Sessions are in memory (a restart signs everyone out), with an
// HttpOnly, SameSite=Strict cookie (Secure when the listener has TLS), an
// idle timeout and an absolute lifetime, and a CSRF token on every form.
// Every page sends a Content-Security-Policy that allows only the
// console's own stylesheet, and pages that show cases are not cached.
// Templates and the stylesheet are embedded; the pages use no JavaScript.
// The console logs the reviewer, the route, the case number and the
// status of each request, never a case's contents.
package console

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
	"github.com/gate278/gate278/ops/metrics"
	"github.com/gate278/gate278/transport"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Prefix is where the console is mounted.
const Prefix = "/console/"

// DeadLetter is one file of X12_DLQ as the operations page lists it: no
// content, only where it came from and why it was refused.
type DeadLetter struct {
	Seq       uint64
	Subject   string
	Reason    string
	Error     string
	Delivered string
	At        time.Time
}

// Options configure the console.
type Options struct {
	// Reviewers authenticate sign-ins (required).
	Reviewers *review.Reviewers
	// API serves the reviewers' routes (/v1/cases…; review.API.Mount):
	// the console calls it in-process for every read and change (required).
	API http.Handler
	// Counts computes the queue's counts from the production cases, the
	// same way as the case metrics (required).
	Counts func(cs []*cases.Case, now time.Time) metrics.CaseSnapshot
	// CountsIn, if set, computes the queue's counts from the cases of
	// environment env with the same code (so the test queue counts its
	// own cases); nil: Counts, and a queue other than production's
	// counts none.
	CountsIn func(env string, cs []*cases.Case, now time.Time) metrics.CaseSnapshot
	// Passages gives a criterion's seed section and passage text; nil or
	// !ok shows the section the policy cites alone.
	Passages func(policy, criterion string) (section, text string, ok bool)
	// Status reads the gateway's queues (transport.Status); nil: the
	// operations page says they are not available.
	Status func(ctx context.Context) (transport.StatusReport, error)
	// DeadLetters reads the last n dead letters, newest first, without
	// consuming them; nil: not shown.
	DeadLetters func(ctx context.Context, n int) ([]DeadLetter, error)
	// Try makes the handler of the "Try a file" page, served at
	// /console/try (and below it) with the console's headers and request
	// log. It is given the console: the page is reached without signing
	// in, so it decides itself whom it serves ([Console.Identity] says who
	// is signed in, [Console.CSRFToken] and [Console.CheckCSRF] guard its
	// forms) and draws itself in the layout with [Console.RenderHTML].
	// Nil: the page says it is not enabled.
	Try func(c *Console) http.Handler
	// Secure sets the cookie's Secure flag (the listener has TLS).
	Secure bool
	// IdleTimeout ends a session not used for this long (default 15 min);
	// Lifetime ends any session this long after sign-in (default 8 h).
	IdleTimeout, Lifetime time.Duration
	// Now is the clock of sessions and due times; nil: time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Console serves the pages.
type Console struct {
	o        Options
	sessions *sessions
	pages    map[string]*template.Template
	mux      *http.ServeMux
}

// cookieName is the session cookie.
const cookieName = "gate278_session"

// csp allows the console's own stylesheet and images and nothing else.
const csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// New makes the console.
func New(o Options) (*Console, error) {
	if o.Reviewers == nil || o.API == nil || o.Counts == nil {
		return nil, fmt.Errorf("console: Reviewers, API and Counts are required")
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 15 * time.Minute
	}
	if o.Lifetime <= 0 {
		o.Lifetime = 8 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	c := &Console{o: o, pages: pages,
		sessions: &sessions{byID: map[string]*session{}, idle: o.IdleTimeout, life: o.Lifetime, now: o.Now},
		mux:      http.NewServeMux()}
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("console: static files: %w", err)
	}
	c.mux.Handle("GET /console/static/", http.StripPrefix("/console/static/", staticOnly(static)))
	c.mux.HandleFunc("GET /console/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix+"queue", http.StatusSeeOther)
	})
	// /console itself (mounted by the caller beside Prefix, so that the
	// redirect to Prefix has the console's headers too).
	c.mux.HandleFunc("/console", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix, http.StatusTemporaryRedirect)
	})
	c.mux.HandleFunc("GET /console/signin", c.signinPage)
	c.mux.HandleFunc("POST /console/signin", c.signin)
	c.mux.Handle("POST /console/signout", c.signed(c.signout))
	c.mux.Handle("GET /console/queue", c.signed(c.queue))
	c.mux.Handle("GET /console/cases/{id}", c.signed(c.casePage))
	c.mux.Handle("POST /console/cases/{id}/preview", c.signed(c.preview))
	c.mux.Handle("POST /console/cases/{id}/decide", c.signed(c.decide))
	c.mux.Handle("POST /console/cases/{id}/assign", c.signed(c.assign))
	c.mux.Handle("POST /console/cases/{id}/request-documents", c.signed(c.requestDocuments))
	c.mux.Handle("POST /console/cases/{id}/request-documents/send", c.signed(c.sendDocuments))
	c.mux.Handle("POST /console/cases/{id}/cancel", c.signed(c.cancel))
	c.mux.Handle("POST /console/cases/{id}/cancel/send", c.signed(c.sendCancel))
	c.mux.Handle("GET /console/operations", c.signed(c.operations))
	var try http.Handler
	if o.Try != nil {
		try = o.Try(c)
	} else {
		try = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s, _ := c.session(r)
			c.render(w, r, http.StatusNotFound, "error", s, "Try a file", errorView{Message: "Trying a file is not enabled on this gateway."})
		})
	}
	c.mux.Handle("/console/try", try)
	c.mux.Handle("/console/try/", try)
	return c, nil
}

// session is the request's live session, if any.
func (c *Console) session(r *http.Request) (*session, bool) {
	ck, err := r.Cookie(cookieName)
	if err != nil {
		return nil, false
	}
	return c.sessions.get(ck.Value)
}

// Identity is the reviewer signed in on the request, if any (for a page
// mounted with Options.Try).
func (c *Console) Identity(r *http.Request) (review.Identity, bool) {
	s, ok := c.session(r)
	if !ok {
		return review.Identity{}, false
	}
	return s.who, true
}

// CSRFToken is the CSRF token of the request's session ("" when nobody is
// signed in), for a form of a page mounted with Options.Try; [Console.CheckCSRF]
// checks it.
func (c *Console) CSRFToken(r *http.Request) string {
	if s, ok := c.session(r); ok {
		return s.csrf
	}
	return ""
}

// CheckCSRF reports whether the form's "csrf" value is the request's
// session's own token (constant time); false when nobody is signed in.
func (c *Console) CheckCSRF(r *http.Request) bool {
	s, ok := c.session(r)
	return ok && s.checkCSRF(r.FormValue("csrf"))
}

// RenderHTML writes a page in the console's layout (header, navigation
// with "Try a file" current, sign-out for a signed-in reviewer) whose
// content is body, already escaped HTML (execute an html/template into it).
func (c *Console) RenderHTML(w http.ResponseWriter, r *http.Request, status int, title string, body template.HTML) {
	s, _ := c.session(r)
	c.render(w, r, status, "try", s, title, body)
}

// parsePages parses each page with the layout.
func parsePages() (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("console: templates: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("console: templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, n)
		if err != nil {
			return nil, fmt.Errorf("console: template %s: %w", n, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// ServeHTTP serves the console's routes with its security headers and
// request log.
func (c *Console) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	t0 := time.Now()
	w := &statusWriter{ResponseWriter: rw, status: http.StatusOK}
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	// same-origin, not no-referrer: under no-referrer a browser sends
	// "Origin: null" with the console's own forms, which sign-in refuses.
	// Nothing leaves for another site either way.
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	if !strings.HasPrefix(r.URL.Path, "/console/static/") {
		h.Set("Cache-Control", "no-store")
	}
	c.mux.ServeHTTP(w, r)
	c.o.Logger.Info("console request", "reviewer", w.who, "method", r.Method, "route", r.Pattern,
		"case", r.PathValue("id"), "status", w.status, "ms", time.Since(t0).Milliseconds())
}

// statusWriter remembers the status and the reviewer for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	who    string
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// signedHandler serves a signed-in reviewer.
type signedHandler func(w http.ResponseWriter, r *http.Request, s *session)

// signed lets only a signed-in reviewer through: anyone else is sent to
// the sign-in page (nothing with PHI is served unsigned); a form without
// the session's own CSRF token is refused 403.
func (c *Console) signed(h signedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, ok := c.session(r)
		if !ok {
			next := ""
			if r.Method == http.MethodGet {
				next = "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, Prefix+"signin"+next, http.StatusSeeOther)
			return
		}
		if sw, ok := w.(*statusWriter); ok {
			sw.who = s.who.Name
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			err := r.ParseForm()
			if tooLarge(err) {
				c.render(w, r, http.StatusRequestEntityTooLarge, "error", s, "Too large", errorView{Message: tooLargeWords})
				return
			}
			if err != nil || !s.checkCSRF(r.PostForm.Get("csrf")) {
				c.render(w, r, http.StatusForbidden, "error", s, "Refused", errorView{
					Message: "This form is not from your session (its security token does not match). Reload the page and try again."})
				return
			}
		}
		h(w, r, s)
	})
}

// safeNext is a sign-in's next page if it is a console page, else the queue.
func safeNext(next string) string {
	if strings.HasPrefix(next, Prefix) && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return Prefix + "queue"
}

type signinView struct {
	Next, Name, Message string
}

func (c *Console) signinPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusOK, "signin", nil, "Sign in", signinView{Next: safeNext(r.URL.Query().Get("next"))})
}

// signin checks the name and password under the reviewers' sign-in
// throttle (review.Reviewers.SignIn, shared with the API): a success
// starts a session; a failure is counted per name and client address and
// per address; an address over its budget is refused 429 before the
// password is checked. Failures and refusals are logged with the client
// address and, only when it is a configured reviewer, the name (never the
// password, nor an unknown name: it may be a password typed in the name
// field).
func (c *Console) signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	if err := r.ParseForm(); err != nil {
		if tooLarge(err) {
			http.Error(w, tooLargeWords, http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "The sign-in form could not be read.", http.StatusBadRequest)
		return
	}
	if !sameSite(r) {
		http.Error(w, "Sign-in refused: the form was not sent from this console.", http.StatusForbidden)
		return
	}
	name, password := strings.TrimSpace(r.PostForm.Get("name")), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	view := signinView{Next: next, Name: name}
	addr := review.ClientAddr(r)
	who, err := c.o.Reviewers.SignIn(addr, name, password, c.o.Now())
	var throttled *review.ThrottledError
	switch {
	case errors.As(err, &throttled):
		c.warn("console sign-in refused: too many failures", addr, name)
		w.Header().Set("Retry-After", throttled.Seconds())
		view.Message = "Too many failed sign-ins from this computer. Wait a few minutes and try again."
		c.render(w, r, http.StatusTooManyRequests, "signin", nil, "Sign in", view)
		return
	case err != nil:
		c.warn("console sign-in failed", addr, name)
		view.Message = "The name or the password is wrong."
		c.render(w, r, http.StatusUnauthorized, "signin", nil, "Sign in", view)
		return
	}
	if old, ok := c.session(r); ok {
		c.sessions.end(old.id) // a new sign-in never keeps the session it replaces
	}
	s := c.sessions.start(who)
	c.o.Logger.Info("console sign-in", "reviewer", who.Name, "role", string(who.Role))
	// A session cookie (no Max-Age or Expires): closing the browser ends
	// it; the server ends it anyway at the idle timeout or the lifetime.
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.id, Path: Prefix, HttpOnly: true, Secure: c.o.Secure,
		SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// warn logs a failed or refused sign-in: the client address, and the
// name only if it is a configured reviewer.
func (c *Console) warn(msg, addr, name string) {
	if n := c.o.Reviewers.LogName(name); n != "" {
		c.o.Logger.Warn(msg, "reviewer", n, "address", addr)
		return
	}
	c.o.Logger.Warn(msg, "address", addr)
}

// sameSite reports whether a sign-in form comes from this console: an
// Origin header must name the request's host ("null", sent by sandboxed
// frames and some redirects, is refused like a foreign origin); without
// an Origin, a Referer, if any, must name it. A request with neither is
// let through: every current browser sends Origin with a form's POST, so
// it is not a browser's cross-site form (curl and scripts send neither).
func sameSite(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" {
		return sameOrigin(o, r)
	}
	if ref := r.Referer(); ref != "" {
		return sameOrigin(ref, r)
	}
	return true
}

// maxForm is the largest form a signed-in page accepts.
const maxForm = 1 << 20

// tooLargeWords answers a form over maxForm.
const tooLargeWords = "The form is too large to accept (over 1 MiB). Send less and try again."

// tooLarge reports whether a form was refused for its size.
func tooLarge(err error) bool {
	var e *http.MaxBytesError
	return errors.As(err, &e)
}

// staticOnly serves the files of fsys and nothing else: a directory
// (its listing) is 404.
func staticOnly(fsys fs.FS) http.Handler {
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(r.URL.Path, "/")
		if name == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		if st, err := fs.Stat(fsys, name); err != nil || st.IsDir() {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// sameOrigin reports whether an Origin header names the request's host.
func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

func (c *Console) signout(w http.ResponseWriter, r *http.Request, s *session) {
	c.sessions.end(s.id)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: Prefix, HttpOnly: true, Secure: c.o.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, Prefix+"signin", http.StatusSeeOther)
}

// view is what the layout shows around a page.
type view struct {
	Title, Nav string
	Who        *review.Identity
	CSRF       string
	Body       any
}

type errorView struct{ Message string }

// render writes a page with the layout.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, s *session, title string, body any) {
	t, ok := c.pages[page]
	if !ok {
		http.Error(w, "no page "+page, http.StatusInternalServerError)
		return
	}
	v := view{Title: title, Nav: page, Body: body}
	if s != nil {
		who := s.who
		v.Who, v.CSRF = &who, s.csrf
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "layout.html", v); err != nil {
		c.o.Logger.Error("console: rendering", "page", page, "route", r.Pattern, "error", err.Error())
		http.Error(w, "the page could not be shown", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(b.String()))
}
