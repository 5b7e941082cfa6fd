package tryfile

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
)

//go:embed page.html
var pageFiles embed.FS

var pageTemplate = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"indent": func(depth int) string {
		if depth > 4 {
			depth = 4
		}
		return "depth-" + string(rune('0'+depth))
	},
	// tone marks a line of the acknowledgments' words: what was rejected
	// or is in error, and what was accepted.
	"tone": func(l Line) string {
		switch {
		case l.Depth >= 3 || strings.Contains(l.Text, "rejected"):
			return "bad"
		case strings.Contains(l.Text, "accepted"):
			return "good"
		}
		return ""
	},
	// outcome says a file's result in words.
	"outcome": func(o string) string { return strings.ReplaceAll(o, "_", " ") },
	"rejectedTA1": func(r *Result) bool {
		for _, l := range r.Words {
			if strings.Contains(l.Text, "TA1 009") {
				return true
			}
		}
		return false
	},
}).ParseFS(pageFiles, "page.html"))

// Layout is what the page needs of the console it is mounted in
// (console.Console): its layout, who is signed in, and its CSRF tokens.
type Layout interface {
	RenderHTML(w http.ResponseWriter, r *http.Request, status int, title string, body template.HTML)
	Identity(r *http.Request) (review.Identity, bool)
	CSRFToken(r *http.Request) string
	CheckCSRF(r *http.Request) bool
}

// Page is the console's "Try a file" page: a form to paste or upload a
// 278 request, and what the gateway would answer to it. It is an
// http.Handler for GET and POST.
//
// Signed-in reviewers may always use it; anyone else only when Open is
// set (the operator's -console-try-open). A signed-in form carries the
// session's CSRF token; an anonymous one a token that must match its own
// SameSite=Strict cookie (double submit), so another site cannot post to
// it. At most Concurrent files are tried at once (others are told to try
// again), each for at most Timeout. Nothing of the file is logged or kept.
type Page struct {
	Config *adjudicate.Config
	Layout Layout
	// Open lets people who are not signed in try files.
	Open bool
	// Secure sets the anonymous token cookie's Secure flag (TLS).
	Secure bool
	// Now is the clock of the answers (nil: time.Now).
	Now func() time.Time
	// Concurrent bounds the files tried at once (default 2); Timeout
	// bounds one (default 10 s).
	Concurrent int
	Timeout    time.Duration
	Logger     *slog.Logger

	slotsOnce sync.Once
	slots     chan struct{}
}

// tokenCookie carries the anonymous form's token.
const tokenCookie = "gate278_try"

// Path is where the console mounts the page.
const Path = "/console/try"

type pageView struct {
	CSRF      string
	Anonymous bool
	Text      string // what was pasted, shown again in the form
	Error     string
	Result    *Result
	// Shown are the decisions explained on the page (the first
	// ShownDecisions), More how many more the file has; Ack and
	// Responses are the X12 shown, clipped at ShownX12 bytes (the
	// Clipped counts say how many bytes were left out).
	Shown                        []Decision
	More                         int
	Ack, Responses               string
	AckClipped, ResponsesClipped int
}

// What one page shows of a large file: the page of a 1 MiB batch would
// otherwise be many times its size. gate278 adjudicate and explain give
// the whole answer.
const (
	ShownDecisions = 20
	ShownX12       = 128 << 10
)

// clip cuts s after n bytes, at a line end, and says how many bytes it
// left out.
func clip(s string, n int) (string, int) {
	if len(s) <= n {
		return s, 0
	}
	cut := strings.LastIndexByte(s[:n], '\n') + 1
	if cut == 0 {
		cut = n
	}
	return s[:cut], len(s) - cut
}

func (p *Page) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Page) log() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// ServeHTTP implements http.Handler.
func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, signed := p.Layout.Identity(r)
	if !signed && !p.Open {
		next := ""
		if r.Method == http.MethodGet {
			next = "?next=" + Path
		}
		http.Redirect(w, r, "/console/signin"+next, http.StatusSeeOther)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		p.render(w, r, http.StatusOK, pageView{CSRF: p.token(w, r, signed), Anonymous: !signed})
	case http.MethodPost:
		p.try(w, r, signed)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// token is the form's CSRF token: the session's, or for an anonymous
// visitor the value of its token cookie (set here when it has none).
func (p *Page) token(w http.ResponseWriter, r *http.Request, signed bool) string {
	if signed {
		return p.Layout.CSRFToken(r)
	}
	if c, err := r.Cookie(tokenCookie); err == nil && len(c.Value) == 64 {
		return c.Value
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	v := hex.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: v, Path: Path, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: p.Secure, MaxAge: 3600})
	return v
}

// checkToken checks the posted form's token.
func (p *Page) checkToken(r *http.Request, signed bool) bool {
	if signed {
		return p.Layout.CheckCSRF(r)
	}
	c, err := r.Cookie(tokenCookie)
	if err != nil || len(c.Value) != 64 {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.FormValue("csrf"))) == 1
}

func (p *Page) try(w http.ResponseWriter, r *http.Request, signed bool) {
	v := pageView{Anonymous: !signed}
	// A slot first: a file is read only when it can be tried at once, so
	// uploads that wait (or trickle in) never pile up in memory.
	select {
	case p.slot() <- struct{}{}:
		defer func() { <-p.slot() }()
	default:
		v.CSRF = p.token(w, r, signed)
		v.Error = "Other files are being tried right now. Try again in a moment."
		w.Header().Set("Retry-After", "2")
		w.Header().Set("Connection", "close") // the unread upload is not drained
		p.render(w, r, http.StatusServiceUnavailable, v)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxSize+64<<10)
	// ParseMultipartForm would hide a url-encoded body's size error behind
	// ErrNotMultipart: a pasted file sent url-encoded is parsed as such.
	var err error
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "multipart/") {
		err = r.ParseMultipartForm(MaxSize + 64<<10)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		v.CSRF = p.token(w, r, signed)
		var tooBig *http.MaxBytesError
		status := http.StatusBadRequest
		v.Error = "The form could not be read (it was cut short, or has too many parts). Reload the page and try again."
		if errors.As(err, &tooBig) {
			status, v.Error = http.StatusRequestEntityTooLarge, "The file is larger than 1 MiB; try one interchange at a time."
		}
		w.Header().Set("Connection", "close")
		p.render(w, r, status, v)
		return
	}
	if !p.checkToken(r, signed) {
		v.CSRF = p.token(w, r, signed)
		v.Error = "This form is not from this page (its security token does not match). Reload the page and try again."
		p.render(w, r, http.StatusForbidden, v)
		return
	}
	v.CSRF = p.token(w, r, signed)
	in, text := p.input(r)
	v.Text = text
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	t0 := time.Now()
	res, err := Run(ctx, p.Config, in, p.now())
	status := http.StatusOK
	switch {
	case errors.Is(err, ErrEmpty):
		v.Error, status = "Paste a 278 request, or choose a file, then press Try.", http.StatusBadRequest
	case errors.Is(err, ErrTooLarge):
		v.Error, status = "The file is larger than 1 MiB; try one interchange at a time.", http.StatusRequestEntityTooLarge
	case errors.Is(err, context.DeadlineExceeded):
		v.Error, status = "The file took too long to process here; try a smaller one.", http.StatusServiceUnavailable
	case err != nil:
		v.Error, status = "The file could not be processed.", http.StatusInternalServerError
		p.log().Error("tryfile: processing a tried file", "error", err.Error())
	default:
		v.Result = res
		v.Shown, v.More = res.Decisions, 0
		if len(v.Shown) > ShownDecisions {
			v.Shown, v.More = v.Shown[:ShownDecisions], len(res.Decisions)-ShownDecisions
		}
		v.Responses, v.ResponsesClipped = clip(res.Responses, ShownX12)
		v.Ack, v.AckClipped = clip(res.Ack, ShownX12)
	}
	// The size and the outcome only: nothing of the file.
	p.log().Info("tryfile: file tried", "signed_in", signed, "bytes", resultBytes(res), "outcome", resultOutcome(res),
		"status", status, "ms", time.Since(t0).Milliseconds())
	p.render(w, r, status, v)
}

// input is the uploaded file if one was chosen, else the pasted text
// (which is also shown again in the form).
func (p *Page) input(r *http.Request) (io.Reader, string) {
	if f, h, err := r.FormFile("upload"); err == nil && h.Size > 0 {
		defer f.Close()
		b, _ := io.ReadAll(io.LimitReader(f, MaxSize+1))
		return bytes.NewReader(b), ""
	}
	text := r.FormValue("file")
	return strings.NewReader(text), text
}

func (p *Page) slot() chan struct{} {
	p.slotsOnce.Do(func() {
		n := p.Concurrent
		if n <= 0 {
			n = 2
		}
		p.slots = make(chan struct{}, n)
	})
	return p.slots
}

func (p *Page) render(w http.ResponseWriter, r *http.Request, status int, v pageView) {
	w.Header().Set("Cache-Control", "no-store")
	var b strings.Builder
	if err := pageTemplate.Execute(&b, v); err != nil {
		p.log().Error("tryfile: rendering the page", "error", err.Error())
		http.Error(w, "the page could not be drawn", http.StatusInternalServerError)
		return
	}
	p.Layout.RenderHTML(w, r, status, "Try a file", template.HTML(b.String())) // executed by html/template above
}

func resultBytes(r *Result) int {
	if r == nil {
		return 0
	}
	return r.Bytes
}

func resultOutcome(r *Result) string {
	if r == nil {
		return ""
	}
	return r.Outcome
}
