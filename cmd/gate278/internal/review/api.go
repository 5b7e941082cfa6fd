package review

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
)

// API serves the reviewers' routes under /v1/cases:
//
//	GET  /v1/cases?env=&state=&policy=&urgency=&due_before=RFC3339&close_out_due=true   list (all roles)
//	GET  /v1/cases/{id}?env=                                         show (all roles)
//	GET  /v1/cases/{id}/history?env=                                 history (all roles)
//	GET  /v1/cases/{id}/response?env=                                the 278 its last step published (all roles; preview.go)
//	POST /v1/cases/{id}/assign?env=   {"reviewer": "name"}           reviewer (self), supervisor
//	POST /v1/cases/{id}/decide?env=   {"lines": {...}, "rationale"}  reviewer, supervisor
//	POST /v1/cases/{id}/preview?env=  the same body: the 278 it would publish, nothing stored (preview.go)
//	POST /v1/cases/{id}/cancel?env=   {"rationale": "why"}           supervisor
//	POST /v1/cases/{id}/request-documents?env=  {"lines": {"1": ["11506-3"]}, "rationale"}  reviewer, supervisor
//	POST /v1/cases/{id}/cancel/preview?env=, /v1/cases/{id}/request-documents/preview?env=
//	     the same bodies: the 278 each would publish, nothing stored (preview.go)
//
// env is production (default) or test. A decision or a cancellation is
// stored and its final 278 published exactly once (casestore.Respond).
type API struct {
	Store     *casestore.Store
	Reviewers *Reviewers
	Logger    *slog.Logger
	// Now is the clock of assignments and decisions; nil: time.Now.
	Now func() time.Time
	// Clocks gives a payer's clock regime (the close-out clock of a
	// documents request); nil refuses documents requests.
	Clocks func(payer string) cases.Clocks
}

// Mount registers the routes on mux.
func (a *API) Mount(mux *http.ServeMux) {
	all := []Role{Reviewer, Supervisor, Auditor}
	workers := []Role{Reviewer, Supervisor}
	mux.Handle("GET /v1/cases", a.auth(all, a.list))
	mux.Handle("GET /v1/cases/{id}", a.auth(all, a.show))
	mux.Handle("GET /v1/cases/{id}/history", a.auth(all, a.history))
	mux.Handle("GET /v1/cases/{id}/response", a.auth(all, a.response))
	mux.Handle("POST /v1/cases/{id}/assign", a.auth(workers, a.assign))
	mux.Handle("POST /v1/cases/{id}/decide", a.auth(workers, a.decide))
	mux.Handle("POST /v1/cases/{id}/preview", a.auth(workers, a.preview))
	mux.Handle("POST /v1/cases/{id}/cancel", a.auth([]Role{Supervisor}, a.cancel))
	mux.Handle("POST /v1/cases/{id}/request-documents", a.auth(workers, a.requestDocuments))
	mux.Handle("POST /v1/cases/{id}/cancel/preview", a.auth([]Role{Supervisor}, a.previewCancel))
	mux.Handle("POST /v1/cases/{id}/request-documents/preview", a.auth(workers, a.previewDocuments))
}

func (a *API) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

type handler func(w http.ResponseWriter, r *http.Request, who Identity)

// auth authenticates the request (HTTP Basic, under the reviewers'
// sign-in throttle: 429 with Retry-After for a client address over its
// budget, before any password is checked), checks the role and logs the
// request with the identity, the route pattern, the case number and the
// status: nothing of the body or the case's contents. Every answer has
// the security headers (no caching, no sniffing, no framing).
func (a *API) auth(roles []Role, h handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w := &statusWriter{ResponseWriter: rw, status: http.StatusOK}
		hd := w.Header()
		hd.Set("Content-Security-Policy", apiCSP)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		t0 := time.Now()
		who, known := a.inProcess(r.Context())
		var throttled *ThrottledError
		if name, password, ok := r.BasicAuth(); ok && !known {
			addr := ClientAddr(r)
			var err error
			who, err = a.Reviewers.SignIn(addr, name, password, a.now())
			known = err == nil
			switch {
			case errors.As(err, &throttled):
				a.warn("review sign-in refused: too many failures", addr, a.Reviewers.LogName(name))
			case err != nil:
				a.warn("review sign-in failed", addr, a.Reviewers.LogName(name))
			}
		}
		switch {
		case throttled != nil:
			w.Header().Set("Retry-After", throttled.Seconds())
			fail(w, http.StatusTooManyRequests, "too many failed sign-ins from this address; try again later")
		case !known:
			w.Header().Set("WWW-Authenticate", `Basic realm="gate278 review", charset="UTF-8"`)
			fail(w, http.StatusUnauthorized, "credentials required")
		case !slices.Contains(roles, who.Role):
			fail(w, http.StatusForbidden, "the "+string(who.Role)+" role may not do this")
		default:
			h(w, r, who)
		}
		if a.Logger != nil {
			a.Logger.Info("review request", "reviewer", who.Name, "role", string(who.Role), "method", r.Method,
				"route", r.Pattern, "case", r.PathValue("id"), "status", w.status, "ms", time.Since(t0).Milliseconds())
		}
	})
}

func fail(w http.ResponseWriter, status int, msg string) {
	reply(w, status, map[string]string{"error": msg})
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// env is the request's environment, or "" (answered 400) when unknown.
func env(w http.ResponseWriter, r *http.Request) string {
	e := r.URL.Query().Get("env")
	switch e {
	case "":
		return cases.Production
	case cases.Production, cases.Test:
		return e
	}
	fail(w, http.StatusBadRequest, "env is production or test")
	return ""
}

// storeError answers a store or case error with its status: 404 no such
// case, 409 changed meanwhile or not allowed in its state, 422 an invalid
// decision, 500 otherwise (logged without PHI: the errors name cases, not
// people).
func (a *API) storeError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, casestore.ErrNotFound):
		fail(w, http.StatusNotFound, "no such case")
	case errors.Is(err, casestore.ErrConflict), errors.Is(err, cases.ErrTransition):
		fail(w, http.StatusConflict, err.Error())
	case errors.Is(err, cases.ErrInvalid):
		fail(w, http.StatusUnprocessableEntity, err.Error())
	default:
		if a.Logger != nil {
			a.Logger.Error("review: store failed", "error", err.Error())
		}
		fail(w, http.StatusInternalServerError, "the case store failed")
	}
}

// Summary is one case in a list: what a queue shows, no PHI beyond the
// procedure codes.
type Summary struct {
	ID       string      `json:"id"`
	State    cases.State `json:"state"`
	Policy   string      `json:"policy"`
	Urgency  string      `json:"urgency"`
	Received time.Time   `json:"received"`
	Final    time.Time   `json:"final_due"`
	Assignee string      `json:"assignee,omitempty"`
	Codes    []string    `json:"codes"`
	// CloseOutDue: the documents are past their close-out time and the
	// payer closes out by review (a supervisor decides).
	CloseOutDue bool `json:"close_out_due,omitempty"`
}

func (a *API) list(w http.ResponseWriter, r *http.Request, _ Identity) {
	e := env(w, r)
	if e == "" {
		return
	}
	q := r.URL.Query()
	var before time.Time
	if v := q.Get("due_before"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			fail(w, http.StatusBadRequest, "due_before is an RFC 3339 time")
			return
		}
		before = t
	}
	all, err := a.Store.List(r.Context(), e)
	if err != nil {
		a.storeError(w, err)
		return
	}
	out := []Summary{}
	for _, c := range all {
		switch {
		case q.Get("state") != "" && string(c.State) != q.Get("state"),
			q.Get("policy") != "" && c.Policy != q.Get("policy"),
			q.Get("urgency") != "" && string(c.Urgency) != q.Get("urgency"),
			!before.IsZero() && (c.Due.Final.IsZero() || !c.Due.Final.Before(before)),
			q.Get("close_out_due") == "true" && (c.CloseOutFlagged.IsZero() || c.State.Final()):
			continue
		}
		s := Summary{ID: c.ID, State: c.State, Policy: c.Policy, Urgency: string(c.Urgency), Received: c.Received,
			Final: c.Due.Final, Assignee: c.Assignee, CloseOutDue: !c.CloseOutFlagged.IsZero() && !c.State.Final()}
		for _, l := range c.Lines {
			s.Codes = append(s.Codes, l.Code)
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Final.Before(out[j].Final) })
	reply(w, http.StatusOK, out)
}

func (a *API) show(w http.ResponseWriter, r *http.Request, _ Identity) {
	e := env(w, r)
	if e == "" {
		return
	}
	c, rev, err := a.Store.Get(r.Context(), e, r.PathValue("id"))
	if err != nil {
		a.storeError(w, err)
		return
	}
	reply(w, http.StatusOK, map[string]any{"revision": rev, "case": c})
}

func (a *API) history(w http.ResponseWriter, r *http.Request, _ Identity) {
	e := env(w, r)
	if e == "" {
		return
	}
	id := r.PathValue("id")
	if _, _, err := a.Store.Get(r.Context(), e, id); err != nil {
		a.storeError(w, err)
		return
	}
	evs, err := a.Store.History(r.Context(), e, id)
	if err != nil {
		a.storeError(w, err)
		return
	}
	if evs == nil {
		evs = []cases.Event{}
	}
	reply(w, http.StatusOK, evs)
}

// AssignRequest is the body of an assignment.
type AssignRequest struct {
	Reviewer string `json:"reviewer"`
}

func (a *API) assign(w http.ResponseWriter, r *http.Request, who Identity) {
	e := env(w, r)
	if e == "" {
		return
	}
	var req AssignRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "the body is {\"reviewer\": name}")
		return
	}
	if req.Reviewer == "" {
		req.Reviewer = who.Name
	}
	switch {
	case req.Reviewer != who.Name && who.Role != Supervisor:
		fail(w, http.StatusForbidden, "only a supervisor assigns a case to someone else")
		return
	case !a.Reviewers.Has(req.Reviewer):
		fail(w, http.StatusUnprocessableEntity, "no reviewer "+req.Reviewer)
		return
	}
	at := a.now()
	c, rev, err := a.Store.Change(r.Context(), e, r.PathValue("id"), func(c *cases.Case) (cases.Event, error) {
		if err := c.Assign(req.Reviewer, at); err != nil {
			return cases.Event{}, err
		}
		return cases.Event{Kind: cases.Assigned, Actor: who.Name, At: at, Rationale: "assigned to " + req.Reviewer}, nil
	})
	if err != nil {
		a.storeError(w, err)
		return
	}
	reply(w, http.StatusOK, map[string]any{"revision": rev, "state": c.State, "assignee": c.Assignee})
}

// DecideRequest is the body of a decision: each pended line's decision by
// line number, and the rationale a decision against the engine needs.
type DecideRequest struct {
	Lines     map[int]cases.LineDecision `json:"lines"`
	Rationale string                     `json:"rationale,omitempty"`
}

// decision reads a decision's body (decide and preview): the request's
// environment and the decision by who now, or ok false when it was
// answered (400).
func (a *API) decision(w http.ResponseWriter, r *http.Request, who Identity) (e string, d cases.Decision, ok bool) {
	if e = env(w, r); e == "" {
		return "", d, false
	}
	var req DecideRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "the body is {\"lines\": {\"1\": {\"action\": …}}, \"rationale\": …}")
		return "", d, false
	}
	return e, cases.Decision{Reviewer: who.Name, At: a.now(), Lines: req.Lines, Rationale: req.Rationale}, true
}

func (a *API) decide(w http.ResponseWriter, r *http.Request, who Identity) {
	e, d, ok := a.decision(w, r, who)
	if !ok {
		return
	}
	c, rev, err := a.Store.DecideAndRespond(r.Context(), e, r.PathValue("id"), d)
	if err != nil && c == nil {
		a.storeError(w, err)
		return
	}
	published := err == nil
	if err != nil && a.Logger != nil {
		// Stored, not yet sent: casestore.RespondAll sends it.
		a.Logger.Warn("review: decision stored, response not yet published", "case", c.ID, "error", err.Error())
	}
	reply(w, http.StatusOK, map[string]any{"revision": rev, "state": c.State, "published": published})
}

// CancelRequest is the body of a cancellation.
type CancelRequest struct {
	Rationale string `json:"rationale"`
}

// cancel voids a case (the request was withdrawn or entered in error): its
// final 278 answers every line C.
func (a *API) cancel(w http.ResponseWriter, r *http.Request, who Identity) {
	e, _, step, ok := a.cancelStep(w, r, who)
	if !ok {
		return
	}
	a.change(w, r, e, step)
}

// cancelStep reads a cancellation's body into the step that stores it
// (cancel) or previews it; ok false when it was answered (400).
func (a *API) cancelStep(w http.ResponseWriter, r *http.Request, who Identity) (e string, at time.Time, step caseStep, ok bool) {
	if e = env(w, r); e == "" {
		return "", at, nil, false
	}
	var req CancelRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil || req.Rationale == "" {
		fail(w, http.StatusBadRequest, "the body is {\"rationale\": why}")
		return "", at, nil, false
	}
	at = a.now()
	return e, at, func(c *cases.Case) (cases.Event, error) {
		if err := c.Cancel(at); err != nil {
			return cases.Event{}, err
		}
		return cases.Event{Kind: cases.CancelledEvent, Actor: who.Name, At: at, Rationale: req.Rationale}, nil
	}, true
}

// caseStep changes a case and says the event (casestore.Store.Change).
type caseStep = func(*cases.Case) (cases.Event, error)

// change stores step and publishes the 278 it answers with.
func (a *API) change(w http.ResponseWriter, r *http.Request, e string, step caseStep) {
	c, rev, err := a.Store.Change(r.Context(), e, r.PathValue("id"), step)
	if err != nil {
		a.storeError(w, err)
		return
	}
	published := a.Store.Respond(r.Context(), e, c.ID) == nil
	reply(w, http.StatusOK, map[string]any{"revision": rev, "state": c.State, "published": published})
}

// previewChange answers the 278 that step would publish, storing nothing.
func (a *API) previewChange(w http.ResponseWriter, r *http.Request, e string, at time.Time, step caseStep) {
	body, rev, err := a.Store.PreviewStep(r.Context(), e, r.PathValue("id"), at, step)
	if err != nil {
		a.storeError(w, err)
		return
	}
	reply(w, http.StatusOK, PreviewResponse{Revision: rev, X12: string(body)})
}

// DocumentsRequest asks the provider for documents: the LOINC codes per
// pended line (added to those the case already asks for).
type DocumentsRequest struct {
	Lines     map[int][]string `json:"lines"`
	Rationale string           `json:"rationale,omitempty"`
}

// loinc reports whether s looks like a LOINC code: digits, a dash, one
// check digit.
func loinc(s string) bool {
	n, d, ok := strings.Cut(s, "-")
	if !ok || len(n) == 0 || len(n) > 7 || len(d) != 1 {
		return false
	}
	for _, c := range n + d {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// requestDocuments asks for (more) documents: the case waits for them,
// its close-out clock starts, and a 278 (BHT06 19, A4 0U with HI LOI on
// each pended line) tells the provider what to send.
func (a *API) requestDocuments(w http.ResponseWriter, r *http.Request, who Identity) {
	e, _, step, ok := a.documentsStep(w, r, who)
	if !ok {
		return
	}
	a.change(w, r, e, step)
}

// documentsStep reads a documents request's body into the step that
// stores it (requestDocuments) or previews it; ok false when it was
// answered.
func (a *API) documentsStep(w http.ResponseWriter, r *http.Request, who Identity) (e string, at time.Time, step caseStep, ok bool) {
	if e = env(w, r); e == "" {
		return "", at, nil, false
	}
	if a.Clocks == nil {
		fail(w, http.StatusNotImplemented, "no clocks configured for documents requests")
		return "", at, nil, false
	}
	var req DocumentsRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil || len(req.Lines) == 0 {
		fail(w, http.StatusBadRequest, "the body is {\"lines\": {\"1\": [LOINC, …]}, \"rationale\": …}")
		return "", at, nil, false
	}
	at = a.now()
	return e, at, func(c *cases.Case) (cases.Event, error) {
		for n, codes := range req.Lines {
			if n < 1 || n > len(c.Lines) || c.Lines[n-1].Result != "A4" {
				return cases.Event{}, fmt.Errorf("review: case %s: line %d is not a pended line of the case: %w", c.ID, n, cases.ErrInvalid)
			}
			for _, code := range codes {
				if !loinc(code) {
					return cases.Event{}, fmt.Errorf("review: case %s: line %d: %q is not a LOINC code: %w", c.ID, n, code, cases.ErrInvalid)
				}
			}
		}
		if err := c.RequestDocuments(a.Clocks(c.Payer), at); err != nil {
			return cases.Event{}, err
		}
		for n, codes := range req.Lines {
			l := &c.Lines[n-1]
			for _, code := range codes {
				if !slices.Contains(l.Documents, code) {
					l.Documents = append(l.Documents, code)
				}
			}
		}
		return cases.Event{Kind: cases.DocumentsRequested, Actor: who.Name, At: at, Rationale: req.Rationale}, nil
	}, true
}
