package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
)

// formDecision reads the decision form: per pended line "action-N",
// "auth-N", "from-N", "to-N", "units-N", "code-N", "reason-N"; and
// "rationale".
func formDecision(f url.Values, lines []lineView) review.DecideRequest {
	req := review.DecideRequest{Lines: map[int]cases.LineDecision{}, Rationale: strings.TrimSpace(f.Get("rationale"))}
	date := func(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "-", "") }
	for _, l := range lines {
		if !l.Pended {
			continue
		}
		n := strconv.Itoa(l.Number)
		a := cases.Action(f.Get("action-" + n))
		if a == "" {
			continue
		}
		ld := cases.LineDecision{Action: a}
		switch a {
		case cases.Certify:
			ld.Authorization, ld.From, ld.To = strings.TrimSpace(f.Get("auth-"+n)), date(f.Get("from-"+n)), date(f.Get("to-"+n))
		case cases.Modify:
			ld.Authorization, ld.From, ld.To = strings.TrimSpace(f.Get("auth-"+n)), date(f.Get("from-"+n)), date(f.Get("to-"+n))
			ld.Units, ld.Reason = strings.TrimSpace(f.Get("units-"+n)), strings.TrimSpace(f.Get("reason-"+n))
		case cases.NotCertify:
			ld.Code, ld.Reason = f.Get("code-"+n), strings.TrimSpace(f.Get("reason-"+n))
		}
		req.Lines[l.Number] = ld
	}
	return req
}

// previewView is the preview page: the change in words, the 278 it will
// publish, and a form that sends it (Body, the API request as JSON, posted
// to the console's Send route).
type previewView struct {
	ID, Env, X12 string
	Heading      string   // what the page previews
	Lines        []string // the change, a sentence a line
	Rationale    string
	Send, Button string // the route that sends it, and its button
	Body         string
}

// previewed is an API request that can name the revision it was
// previewed at (review.Expected).
type previewed interface{ SetRevision(uint64) }

// showPreview asks the API's preview route (apiRoute, below the case) for
// the 278 that req would publish and shows it with its send form, or the
// case page with the API's refusal in words. The form holds req with the
// revision the preview was made at, so the API refuses to send it (409)
// if the case changed in between.
func (c *Console) showPreview(w http.ResponseWriter, r *http.Request, s *session, v *caseView, apiRoute string, req previewed, p previewView) {
	var pv review.PreviewResponse
	if err := c.call(r, s, http.MethodPost, "/v1/cases/"+url.PathEscape(v.ID)+"/"+apiRoute, url.Values{"env": {v.Env}}, req, &pv); err != nil {
		c.refused(w, r, s, v, err)
		return
	}
	req.SetRevision(pv.Revision)
	b, err := json.Marshal(req)
	if err != nil {
		c.apiFailed(w, r, s, err)
		return
	}
	p.ID, p.Env, p.X12, p.Body = v.ID, v.Env, segmentLines(pv.X12), string(b)
	c.render(w, r, http.StatusOK, "preview", s, "Preview of case "+v.ID, p)
}

// preview shows the 278 the decision form would publish (the API's
// preview route) with a button that sends it.
func (c *Console) preview(w http.ResponseWriter, r *http.Request, s *session) {
	v, err := c.caseView(r, s, environment(r), r.PathValue("id"))
	if err != nil {
		c.apiFailed(w, r, s, err)
		return
	}
	req := formDecision(r.PostForm, v.Lines)
	p := previewView{Heading: "the final 278", Rationale: req.Rationale, Send: "decide", Button: "Send this decision"}
	for _, l := range v.Lines {
		if ld, ok := req.Lines[l.Number]; ok {
			p.Lines = append(p.Lines, decisionWords(l, ld))
		}
	}
	c.showPreview(w, r, s, v, "preview", &req, p)
}

// sendPreviewed sends the previewed request (the JSON the preview page
// holds in "body") to the API's route and goes back to the case.
func sendPreviewed[T any](c *Console, w http.ResponseWriter, r *http.Request, s *session, apiRoute, done string) {
	env, id := environment(r), r.PathValue("id")
	var req T
	if err := json.Unmarshal([]byte(r.PostForm.Get("body")), &req); err != nil {
		c.render(w, r, http.StatusBadRequest, "error", s, "Refused", errorView{Message: "What to send is missing; preview it again."})
		return
	}
	err := c.call(r, s, http.MethodPost, "/v1/cases/"+url.PathEscape(id)+"/"+apiRoute, url.Values{"env": {env}}, req, nil)
	c.afterChange(w, r, s, env, id, err, done)
}

// decisionWords says a line's decision in a sentence.
func decisionWords(l lineView, ld cases.LineDecision) string {
	head := "Line " + strconv.Itoa(l.Number) + " " + l.Code + ": "
	period := ""
	if ld.From != "" {
		period = " from " + ccyymmdd(ld.From) + " to " + ccyymmdd(ld.To)
	}
	switch ld.Action {
	case cases.Certify:
		return head + "certify" + period
	case cases.Modify:
		s := head + "modify"
		if ld.Units != "" {
			s += " to " + ld.Units + " units"
		}
		return s + period + ", because " + ld.Reason
	case cases.NotCertify:
		return head + "not certify (" + ld.Code + " " + adjudicate.ReasonName(ld.Code) + "), because " + ld.Reason
	}
	return head + string(ld.Action)
}

// segmentLines puts each segment of an X12 text on its own line.
func segmentLines(x string) string {
	if x == "" {
		return ""
	}
	// The segment terminator is the 106th character of the ISA.
	if len(x) > 105 && strings.HasPrefix(x, "ISA") {
		t := string(x[105])
		return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(x, "\n", ""), t, t+"\n"))
	}
	return x
}

// refused shows the case page again with the API's refusal in words and
// the form as entered.
func (c *Console) refused(w http.ResponseWriter, r *http.Request, s *session, v *caseView, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		c.apiFailed(w, r, s, err)
		return
	}
	v.Error, v.Form = ae.Words(), r.PostForm
	c.render(w, r, ae.Status, "case", s, "Case "+v.ID, v)
}

// decide sends the previewed decision to the API's decide route.
func (c *Console) decide(w http.ResponseWriter, r *http.Request, s *session) {
	sendPreviewed[review.DecideRequest](c, w, r, s, "decide", "decided")
}

// afterChange sends the reviewer back to the case: with a notice after a
// change, or the case page with the refusal in words.
func (c *Console) afterChange(w http.ResponseWriter, r *http.Request, s *session, env, id string, err error, done string) {
	if err == nil {
		http.Redirect(w, r, Prefix+"cases/"+url.PathEscape(id)+"?"+url.Values{"env": {env}, "done": {done}}.Encode(), http.StatusSeeOther)
		return
	}
	v, verr := c.caseView(r, s, env, id)
	if verr != nil {
		c.apiFailed(w, r, s, verr)
		return
	}
	c.refused(w, r, s, v, err)
}

// assign assigns the case to the reviewer the form names ("reviewer", a
// supervisor's "Assign to"), or to the one signed in.
func (c *Console) assign(w http.ResponseWriter, r *http.Request, s *session) {
	env, id := environment(r), r.PathValue("id")
	req := review.AssignRequest{Reviewer: strings.TrimSpace(r.PostForm.Get("reviewer"))}
	err := c.call(r, s, http.MethodPost, "/v1/cases/"+url.PathEscape(id)+"/assign", url.Values{"env": {env}}, req, nil)
	c.afterChange(w, r, s, env, id, err, "assigned")
}

// requestDocuments previews asking for the LOINC documents checked or
// typed per line ("docs-N", several values; "docs-other-N",
// comma-separated); sendDocuments sends it.
func (c *Console) requestDocuments(w http.ResponseWriter, r *http.Request, s *session) {
	v, err := c.caseView(r, s, environment(r), r.PathValue("id"))
	if err != nil {
		c.apiFailed(w, r, s, err)
		return
	}
	req := review.DocumentsRequest{Lines: map[int][]string{}, Rationale: strings.TrimSpace(r.PostForm.Get("rationale"))}
	for k, vs := range r.PostForm {
		n, ok := strings.CutPrefix(k, "docs-")
		other := false
		if rest, isOther := strings.CutPrefix(n, "other-"); isOther {
			n, other = rest, true
		}
		line, err := strconv.Atoi(n)
		if !ok || err != nil {
			continue
		}
		for _, v := range vs {
			codes := []string{v}
			if other {
				codes = strings.Split(v, ",")
			}
			for _, code := range codes {
				if code = strings.TrimSpace(code); code != "" {
					req.Lines[line] = append(req.Lines[line], code)
				}
			}
		}
	}
	if len(req.Lines) == 0 {
		c.refused(w, r, s, v, &apiError{Status: http.StatusBadRequest, Message: "choose at least one document"})
		return
	}
	p := previewView{Heading: "the 278 asking for documents", Rationale: req.Rationale,
		Send: "request-documents/send", Button: "Send this request for documents"}
	for _, l := range v.Lines {
		if codes, ok := req.Lines[l.Number]; ok {
			p.Lines = append(p.Lines, "Line "+strconv.Itoa(l.Number)+" "+l.Code+": ask for "+documentWords(codes))
		}
	}
	c.showPreview(w, r, s, v, "request-documents/preview", &req, p)
}

func (c *Console) sendDocuments(w http.ResponseWriter, r *http.Request, s *session) {
	sendPreviewed[review.DocumentsRequest](c, w, r, s, "request-documents", "documents")
}

// cancel previews a cancellation (every line answered C); sendCancel
// sends it.
func (c *Console) cancel(w http.ResponseWriter, r *http.Request, s *session) {
	v, err := c.caseView(r, s, environment(r), r.PathValue("id"))
	if err != nil {
		c.apiFailed(w, r, s, err)
		return
	}
	req := review.CancelRequest{Rationale: strings.TrimSpace(r.PostForm.Get("rationale"))}
	if req.Rationale == "" {
		c.refused(w, r, s, v, &apiError{Status: http.StatusBadRequest, Message: "a cancellation needs its reason"})
		return
	}
	p := previewView{Heading: "the final 278 cancelling the case", Rationale: req.Rationale,
		Lines: []string{"Every line: cancelled (HCR C)"}, Send: "cancel/send", Button: "Cancel the case and send this"}
	c.showPreview(w, r, s, v, "cancel/preview", &req, p)
}

func (c *Console) sendCancel(w http.ResponseWriter, r *http.Request, s *session) {
	sendPreviewed[review.CancelRequest](c, w, r, s, "cancel", "cancelled")
}

// documentWords names LOINC codes: "Progress note (LOINC 11506-3)".
func documentWords(codes []string) string {
	parts := make([]string, len(codes))
	for i, code := range codes {
		if name := adjudicate.DocumentName(code); name != "" {
			parts[i] = name + " (LOINC " + code + ")"
		} else {
			parts[i] = "LOINC " + code
		}
	}
	return strings.Join(parts, ", ")
}
