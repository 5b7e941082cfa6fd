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
//	POST /v1/cases/{id}/assign?env=   {"reviewer": "name"}           reviewer (self, an unassigned case), supervisor
//	POST /v1/cases/{id}/decide?env=   {"lines": {...}, "rationale", "revision"}  reviewer, supervisor
//	POST /v1/cases/{id}/preview?env=  the same body: the 278 it would publish, nothing stored (preview.go)
//	POST /v1/cases/{id}/cancel?env=   {"rationale": "why", "revision"}  supervisor
//	POST /v1/cases/{id}/request-documents?env=  {"lines": {"1": ["11506-3"]}, "rationale", "revision"}  reviewer, supervisor
//	POST /v1/cases/{id}/cancel/preview?env=, /v1/cases/{id}/request-documents/preview?env=
//	     the same bodies: the 278 each would publish, nothing stored (preview.go)
//
// env is production (default) or test. A decision or a cancellation is
// stored and its final 278 published exactly once (casestore.Respond).
//
// "revision" (optional; the CLI leaves it out) is the revision a preview
// answered: the step is stored only if the case is still at it, else 409
// "the case changed since you previewed it; preview again" (so a preview
// is a preview of what is sent, not of a case another reviewer changed).
//
// Assignment: a case assigned to someone is decided, and its documents
// requested, only by its assignee or a supervisor; a reviewer takes only
// an unassigned case (or keeps its own), a supervisor assigns and
// reassigns any. Refusals are 403 naming the assignee ([AssigneeError]):
// it is a matter of who asks, not of the case's state (409).
//
// Adverse determinations: a decision with a not-certify or modify line
// needs a reviewer marked "adverse" in the reviewers' file (a physician or
// medical director; 42 CFR 438.210(b)(3), 422.566(d)), whatever the role:
// 403 [ErrNotAdverse] otherwise, and nothing is stored or sent. Certify,
// documents requests and cancellations do not need it.
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

// Errors the API answers 403 with.
var (
	// ErrNotAssignee: the case is assigned to someone else.
	ErrNotAssignee = errors.New("the case is assigned to someone else")
	// ErrNotAdverse: an adverse determination by a reviewer who may not
	// make one.
	ErrNotAdverse = errors.New("a not-certify or modify decision is an adverse determination, made only by a reviewer with clinical expertise (42 CFR 438.210(b)(3), 422.566(d)): your entry in the reviewers' file is not marked adverse")
)

// AssigneeError is a step refused because the case is assigned to
// Assignee, not to the reviewer asking (who is not a supervisor).
type AssigneeError struct {
	Case, Assignee string
	// Step is what was refused: "decide", "request documents for",
	// "reassign".
	Step string
}

func (e *AssigneeError) Error() string {
	return fmt.Sprintf("case %s is assigned to %s: only %s or a supervisor may %s it", e.Case, e.Assignee, e.Assignee, e.Step)
}

// Unwrap makes errors.Is(err, ErrNotAssignee) hold.
func (e *AssigneeError) Unwrap() error { return ErrNotAssignee }

// assigned refuses step on a case assigned to someone other than who,
// unless who is a supervisor; it runs inside the step, so under the same
// compare-and-set as the change it guards.
func assigned(who Identity, what string, step caseStep) caseStep {
	return func(c *cases.Case) (cases.Event, error) {
		if c.Assignee != "" && c.Assignee != who.Name && who.Role != Supervisor {
			return cases.Event{}, &AssigneeError{Case: c.ID, Assignee: c.Assignee, Step: what}
		}
		return step(c)
	}
}

// storeError answers a store or case error with its status: 404 no such
// case, 403 assigned to someone else, 409 changed meanwhile (since the
// preview) or not allowed in its state, 422 an invalid decision, 500
// otherwise (logged without PHI: the errors name cases and reviewers, not
// patients).
func (a *API) storeError(w http.ResponseWriter, err error) {
	var ae *AssigneeError
	switch {
	case errors.Is(err, casestore.ErrNotFound):
		fail(w, http.StatusNotFound, "no such case")
	case errors.As(err, &ae):
		fail(w, http.StatusForbidden, ae.Error())
	case errors.Is(err, casestore.ErrStale):
		fail(w, http.StatusConflict, casestore.ErrStale.Error())
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
	c, rev, err := a.Store.Change(r.Context(), e, r.PathValue("id"), assigned(who, "reassign", func(c *cases.Case) (cases.Event, error) {
		if err := c.Assign(req.Reviewer, at); err != nil {
			return cases.Event{}, err
		}
		return cases.Event{Kind: cases.Assigned, Actor: who.Name, At: at, Rationale: "assigned to " + req.Reviewer}, nil
	}))
	if err != nil {
		a.storeError(w, err)
		return
	}
	reply(w, http.StatusOK, map[string]any{"revision": rev, "state": c.State, "assignee": c.Assignee})
}

// Expected is the revision a step was previewed at (PreviewResponse's):
// set, the step is stored only if the case is still at that revision
// (casestore.Store.ChangeAt); 0 (left out) stores it over whatever is
// current.
type Expected struct {
	Revision uint64 `json:"revision,omitempty"`
}

// SetRevision sets the expected revision (the console's preview form).
func (e *Expected) SetRevision(rev uint64) { e.Revision = rev }

// DecideRequest is the body of a decision: each pended line's decision by
// line number, the rationale a decision against the engine needs, and the
// revision it was previewed at.
type DecideRequest struct {
	Lines     map[int]cases.LineDecision `json:"lines"`
	Rationale string                     `json:"rationale,omitempty"`
	Expected
}

// step is a request's body read into the change it makes: its
// environment, its time, the revision it expects and the step.
type step struct {
	env      string
	at       time.Time
	expected uint64
	change   caseStep
}

// decision reads a decision's body (decide and preview) into the step
// that stores it by who now, or ok false when it was answered: 400 a bad
// body, 403 an adverse determination by a reviewer who may not make one.
func (a *API) decision(w http.ResponseWriter, r *http.Request, who Identity) (st step, ok bool) {
	if st.env = env(w, r); st.env == "" {
		return st, false
	}
	var req DecideRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "the body is {\"lines\": {\"1\": {\"action\": …}}, \"rationale\": …}")
		return st, false
	}
	st.at, st.expected = a.now(), req.Revision
	d := cases.Decision{Reviewer: who.Name, At: st.at, Lines: req.Lines, Rationale: req.Rationale}
	if d.Adverse() && !who.Adverse {
		fail(w, http.StatusForbidden, ErrNotAdverse.Error())
		return st, false
	}
	st.change = assigned(who, "decide", casestore.DecideStep(d))
	return st, true
}

func (a *API) decide(w http.ResponseWriter, r *http.Request, who Identity) {
	if st, ok := a.decision(w, r, who); ok {
		a.change(w, r, st)
	}
}

// CancelRequest is the body of a cancellation.
type CancelRequest struct {
	Rationale string `json:"rationale"`
	Expected
}

// cancel voids a case (the request was withdrawn or entered in error): its
// final 278 answers every line C.
func (a *API) cancel(w http.ResponseWriter, r *http.Request, who Identity) {
	if st, ok := a.cancelStep(w, r, who); ok {
		a.change(w, r, st)
	}
}

// cancelStep reads a cancellation's body into the step that stores it
// (cancel) or previews it; ok false when it was answered (400).
func (a *API) cancelStep(w http.ResponseWriter, r *http.Request, who Identity) (st step, ok bool) {
	if st.env = env(w, r); st.env == "" {
		return st, false
	}
	var req CancelRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil || req.Rationale == "" {
		fail(w, http.StatusBadRequest, "the body is {\"rationale\": why}")
		return st, false
	}
	at := a.now()
	st.at, st.expected = at, req.Revision
	st.change = func(c *cases.Case) (cases.Event, error) {
		if err := c.Cancel(at); err != nil {
			return cases.Event{}, err
		}
		return cases.Event{Kind: cases.CancelledEvent, Actor: who.Name, At: at, Rationale: req.Rationale}, nil
	}
	return st, true
}

// caseStep changes a case and says the event (casestore.Store.Change).
type caseStep = func(*cases.Case) (cases.Event, error)

// change stores st (at its expected revision) and publishes the 278 it
// answers with. A stored step whose publish failed is answered 200 with
// published false: casestore.RespondAll sends it.
func (a *API) change(w http.ResponseWriter, r *http.Request, st step) {
	c, rev, err := a.Store.ChangeAt(r.Context(), st.env, r.PathValue("id"), st.expected, st.change)
	if err != nil {
		a.storeError(w, err)
		return
	}
	err = a.Store.Respond(r.Context(), st.env, c.ID)
	if err != nil && a.Logger != nil {
		a.Logger.Warn("review: step stored, response not yet published", "case", c.ID, "error", err.Error())
	}
	reply(w, http.StatusOK, map[string]any{"revision": rev, "state": c.State, "published": err == nil})
}

// previewChange answers the 278 that st would publish and the revision
// to send it at, storing nothing.
func (a *API) previewChange(w http.ResponseWriter, r *http.Request, st step) {
	body, rev, err := a.Store.PreviewStep(r.Context(), st.env, r.PathValue("id"), st.at, st.change)
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
	Expected
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
	if st, ok := a.documentsStep(w, r, who); ok {
		a.change(w, r, st)
	}
}

// documentsStep reads a documents request's body into the step that
// stores it (requestDocuments) or previews it; ok false when it was
// answered.
func (a *API) documentsStep(w http.ResponseWriter, r *http.Request, who Identity) (st step, ok bool) {
	if st.env = env(w, r); st.env == "" {
		return st, false
	}
	if a.Clocks == nil {
		fail(w, http.StatusNotImplemented, "no clocks configured for documents requests")
		return st, false
	}
	var req DocumentsRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil || len(req.Lines) == 0 {
		fail(w, http.StatusBadRequest, "the body is {\"lines\": {\"1\": [LOINC, …]}, \"rationale\": …}")
		return st, false
	}
	at := a.now()
	st.at, st.expected = at, req.Revision
	st.change = assigned(who, "request documents for", func(c *cases.Case) (cases.Event, error) {
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
	})
	return st, true
}
