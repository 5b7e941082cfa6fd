package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
	"github.com/gate278/gate278/edi/x217"
)

// party is a named party of the request in plain words.
type party struct {
	Role, Name, ID, Birth, Gender string
}

// criterionView is one criterion of a line's automated result.
type criterionView struct {
	ID, Result, Class, Needs, Kind, Attachment string
	Evidence                                   []string
	Text, Section, Passage                     string
}

// lineView is one service line.
type lineView struct {
	Number                           int
	Code, Name, Units, Dates, Result string
	ResultClass                      string
	Reasons                          []string
	Message, Rule, Recommendation    string
	Documents                        []string
	Criteria                         []criterionView
	Aside                            []criterionView // not applicable, skipped
	ToChange, Implausible, Notes     []string
	Pended                           bool
	Decision                         string
	From, To                         string // the requested period, to prefill a certification
	Attachments                      []string
	Providers                        []party
}

type eventView struct {
	Kind, Actor, At, From, To, Rationale string
}

type clockView struct {
	Name, At, Class, Words string
}

// caseView is the case page.
type caseView struct {
	ID, Env, State, Urgency, Policy, PolicyVersion, Payer, Partner, Assignee, Regime string
	Received                                                                         string
	Request                                                                          string
	Parties                                                                          []party
	Dates                                                                            []string
	Diagnoses                                                                        []string
	Attachments                                                                      []string
	Lines                                                                            []lineView
	Clocks                                                                           []clockView
	History                                                                          []eventView
	Published                                                                        string
	Final, CanDecide, CanCancel                                                      bool
	Reasons, Documents                                                               []adjudicate.CodeText
	Error, Notice                                                                    string
	// Form is what the reviewer entered, kept after a refusal.
	Form url.Values
}

// partyOf is a party's plain words.
func partyOf(role string, p x217.Party) party {
	pv := party{Role: role, Name: name(p.Name), ID: idWords(p.Name), Gender: p.Gender}
	if p.BirthDate != "" {
		pv.Birth = ccyymmdd(p.BirthDate)
	}
	return pv
}

func attachments(as []x217.Attachment) []string {
	var out []string
	for _, a := range as {
		s := word(map[string]string{a.ReportType: adjudicate.ReportTypeName(a.ReportType)}, a.ReportType)
		if t := transWords[a.Transmission]; t != "" {
			s += ", sent " + t
		}
		if a.ControlNumber != "" {
			s += ", control number " + a.ControlNumber
		}
		out = append(out, s)
	}
	return out
}

func providers(ps []x217.Provider) []party {
	var out []party
	for _, p := range ps {
		out = append(out, party{Role: upperFirst(word(entityWords, p.Name.Entity)), Name: name(p.Name), ID: idWords(p.Name)})
	}
	return out
}

// requestView fills the request in plain words from the case's kept
// request.
func (v *caseView) requestView(cs *cases.Case, req *x217.Request) {
	ev := req.Event
	v.Request = strings.Join(nonEmpty(word(categoryWords, ev.UM.Category), word(certWords, ev.UM.CertType),
		"service type "+ev.UM.ServiceType, "level of service "+orDash(word(levelWords, ev.UM.LevelOfService))), ", ")
	v.Parties = append(v.Parties, partyOf("Payer (UMO)", req.UMO), partyOf("Requester", req.Requester), partyOf("Subscriber", req.Subscriber))
	if req.Dependent != nil {
		v.Parties = append(v.Parties, partyOf("Patient (dependent)", *req.Dependent))
	}
	v.Parties = append(v.Parties, providers(ev.Providers)...)
	for _, d := range ev.Dates {
		v.Dates = append(v.Dates, word(dateWords, d.Qualifier)+": "+dateRange(d))
	}
	for _, d := range ev.Diagnoses {
		dx := icd(d.Code) + " — " + word(diagnosisWords, d.Qualifier)
		if gs := adjudicate.DiagnosisGroups(d.Code); len(gs) > 0 {
			dx += ": " + strings.Join(gs, "; ")
		}
		v.Diagnoses = append(v.Diagnoses, dx)
	}
	v.Attachments = attachments(ev.Attachments)
	for i := range v.Lines {
		if i >= len(req.Lines) {
			break
		}
		rl := req.Lines[i]
		lv := &v.Lines[i]
		lv.Units = strings.TrimSpace(rl.Service.Units + " " + rl.Service.UnitBasis)
		for _, d := range rl.Dates {
			lv.Dates = word(dateWords, d.Qualifier) + ": " + dateRange(d)
			if from, to := d.Range(); from != "" && lv.From == "" {
				lv.From, lv.To = from, to
			}
		}
		if rl.Service.Description != "" && lv.Name == "" {
			lv.Name = rl.Service.Description
		}
		lv.Attachments = attachments(rl.Attachments)
		lv.Providers = providers(rl.Providers)
	}
	if v.Lines != nil && v.Lines[0].From == "" {
		for _, d := range ev.Dates {
			if from, to := d.Range(); from != "" {
				for i := range v.Lines {
					if v.Lines[i].From == "" {
						v.Lines[i].From, v.Lines[i].To = from, to
					}
				}
				break
			}
		}
	}
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !strings.HasSuffix(s, " ") {
			out = append(out, s)
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// lineOf is one line's automated result in words.
func (c *Console) lineOf(cs *cases.Case, l cases.Line) lineView {
	lv := lineView{Number: l.Number, Code: l.Code, Name: adjudicate.ProcedureName(cs.Policy, l.Code),
		Result: word(actionWords, l.Result), ResultClass: "result-" + strings.ToLower(l.Result),
		Message: l.Message, Rule: l.Rule, Pended: l.Result == adjudicate.ActionPended && !cs.State.Final()}
	if l.Recommendation != "" {
		lv.Recommendation = word(actionWords, l.Recommendation)
	}
	for _, r := range l.Reasons {
		lv.Reasons = append(lv.Reasons, word(map[string]string{r: adjudicate.ReasonName(r)}, r))
	}
	for _, d := range l.Documents {
		lv.Documents = append(lv.Documents, adjudicate.DocumentName(d)+" (LOINC "+d+")")
	}
	if d := l.Decision; d != nil {
		lv.Decision = strings.TrimPrefix(decisionWords(lv, *d), "Line "+strconv.Itoa(l.Number)+" "+l.Code+": ")
	}
	if l.Trace == "" {
		return lv
	}
	var t adjudicate.Trace
	if err := json.Unmarshal([]byte(l.Trace), &t); err != nil {
		lv.Notes = []string{"The engine's trace of this line could not be read."}
		return lv
	}
	lv.ToChange, lv.Implausible, lv.Notes = t.ToChange, t.Implausible, t.Notes
	for _, cr := range t.Criteria {
		cv := criterionView{ID: cr.ID, Result: orDash(resultWords[cr.Result]), Class: "crit-" + strings.ReplaceAll(cr.Result, "_", "-"),
			Needs: cr.Needs, Kind: cr.Kind, Attachment: cr.Attachment, Evidence: cr.Evidence}
		if text, cite, ok := adjudicate.LookupCriterion(t.Policy, t.Version, cr.ID); ok {
			cv.Text, cv.Section = text, cite.Section
		}
		if c.o.Passages != nil {
			if section, text, ok := c.o.Passages(t.Policy, cr.ID); ok {
				if section != "" {
					cv.Section = section
				}
				cv.Passage = text
			}
		}
		if cr.Result == "not_applicable" || cr.Result == "skipped" {
			lv.Aside = append(lv.Aside, cv)
		} else {
			lv.Criteria = append(lv.Criteria, cv)
		}
	}
	return lv
}

func (c *Console) clocks(cs *cases.Case, now time.Time) []clockView {
	var out []clockView
	add := func(name string, t time.Time, due bool) {
		if t.IsZero() {
			return
		}
		cv := clockView{Name: name, At: t.UTC().Format("2006-01-02 15:04 MST")}
		if due && !cs.State.Final() {
			cv.Class, cv.Words = dueWords(t, now)
		}
		out = append(out, cv)
	}
	add("Received", cs.Received, false)
	add("Documents request due (CORE 2 business days)", cs.Due.DocumentsRequest, cs.Due.DocumentsRequested.IsZero())
	add("Documents requested", cs.Due.DocumentsRequested, false)
	add("Documents received", cs.Due.DocumentsReceived, false)
	add("Final determination due", cs.Due.Final, true)
	if cs.State == cases.WaitingDocuments {
		add("May be closed out (CORE 15 business days)", cs.Due.CloseOut, true)
	}
	return out
}

// caseView reads a case, its history and its standing response through
// the API and makes the page.
func (c *Console) caseView(r *http.Request, s *session, env, id string) (*caseView, error) {
	cs, _, err := c.getCase(r, s, env, id)
	if err != nil {
		return nil, err
	}
	v := &caseView{ID: cs.ID, Env: env, State: string(cs.State), Urgency: string(cs.Urgency), Policy: cs.Policy,
		PolicyVersion: cs.PolicyVersion, Payer: cs.Payer, Partner: cs.Partner, Assignee: cs.Assignee, Regime: string(cs.Regime),
		Received: cs.Received.UTC().Format("2006-01-02 15:04 MST"), Final: cs.State.Final(),
		CanDecide: !cs.State.Final() && (s.who.Role == review.Reviewer || s.who.Role == review.Supervisor),
		CanCancel: !cs.State.Final() && s.who.Role == review.Supervisor,
		Reasons:   adjudicate.DenialReasons(), Documents: adjudicate.Documents()}
	for _, l := range cs.Lines {
		v.Lines = append(v.Lines, c.lineOf(cs, l))
	}
	if req, err := pipeline.CaseRequest(cs); err == nil {
		v.requestView(cs, req)
	} else {
		v.Request = "The request kept with the case could not be read."
	}
	v.Clocks = c.clocks(cs, c.o.Now())
	var evs []cases.Event
	if err := c.call(r, s, http.MethodGet, "/v1/cases/"+url.PathEscape(id)+"/history", url.Values{"env": {env}}, nil, &evs); err != nil {
		return nil, err
	}
	for _, e := range evs {
		v.History = append(v.History, eventView{Kind: string(e.Kind), Actor: e.Actor, At: e.At.UTC().Format("2006-01-02 15:04:05 MST"),
			From: string(e.From), To: string(e.To), Rationale: e.Rationale})
	}
	var pub review.PreviewResponse
	err = c.call(r, s, http.MethodGet, "/v1/cases/"+url.PathEscape(id)+"/response", url.Values{"env": {env}}, nil, &pub)
	var ae *apiError
	switch {
	case err == nil:
		v.Published = segmentLines(pub.X12)
	case errors.As(err, &ae) && ae.Status == http.StatusNotFound:
	default:
		return nil, err
	}
	return v, nil
}

func (c *Console) casePage(w http.ResponseWriter, r *http.Request, s *session) {
	env := environment(r)
	v, err := c.caseView(r, s, env, r.PathValue("id"))
	if err != nil {
		c.apiFailed(w, r, s, err)
		return
	}
	switch r.URL.Query().Get("done") {
	case "decided":
		v.Notice = "The decision is stored and its final 278 published to " + v.Partner + "."
	case "assigned":
		v.Notice = "The case is assigned to you."
	case "documents":
		v.Notice = "The documents are requested; the 278 asking for them is published."
	case "cancelled":
		v.Notice = "The case is cancelled; its final 278 is published."
	}
	c.render(w, r, http.StatusOK, "case", s, "Case "+v.ID, v)
}

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

type previewView struct {
	ID, Env, X12, Decision string
	Lines                  []string
	Rationale              string
}

// preview shows the 278 the decision form would publish (the API's
// preview route) with a button that sends it.
func (c *Console) preview(w http.ResponseWriter, r *http.Request, s *session) {
	env, id := environment(r), r.PathValue("id")
	v, err := c.caseView(r, s, env, id)
	if err != nil {
		c.apiFailed(w, r, s, err)
		return
	}
	req := formDecision(r.PostForm, v.Lines)
	var pv review.PreviewResponse
	if err := c.call(r, s, http.MethodPost, "/v1/cases/"+url.PathEscape(id)+"/preview", url.Values{"env": {env}}, req, &pv); err != nil {
		c.refused(w, r, s, v, err)
		return
	}
	b, err := json.Marshal(req)
	if err != nil {
		c.apiFailed(w, r, s, err)
		return
	}
	p := previewView{ID: id, Env: env, X12: segmentLines(pv.X12), Decision: string(b), Rationale: req.Rationale}
	for _, l := range v.Lines {
		if ld, ok := req.Lines[l.Number]; ok {
			p.Lines = append(p.Lines, decisionWords(l, ld))
		}
	}
	c.render(w, r, http.StatusOK, "preview", s, "Preview of case "+id, p)
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

// decide sends the previewed decision (the JSON the preview page holds)
// to the API's decide route.
func (c *Console) decide(w http.ResponseWriter, r *http.Request, s *session) {
	env, id := environment(r), r.PathValue("id")
	var req review.DecideRequest
	if err := json.Unmarshal([]byte(r.PostForm.Get("decision")), &req); err != nil {
		c.render(w, r, http.StatusBadRequest, "error", s, "Refused", errorView{Message: "The decision to send is missing; preview it again."})
		return
	}
	if err := c.call(r, s, http.MethodPost, "/v1/cases/"+url.PathEscape(id)+"/decide", url.Values{"env": {env}}, req, nil); err != nil {
		c.afterChange(w, r, s, env, id, err, "")
		return
	}
	c.afterChange(w, r, s, env, id, nil, "decided")
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

func (c *Console) assign(w http.ResponseWriter, r *http.Request, s *session) {
	env, id := environment(r), r.PathValue("id")
	err := c.call(r, s, http.MethodPost, "/v1/cases/"+url.PathEscape(id)+"/assign", url.Values{"env": {env}}, review.AssignRequest{}, nil)
	c.afterChange(w, r, s, env, id, err, "assigned")
}

// requestDocuments asks for the LOINC documents checked or typed per line
// ("docs-N", several values; "docs-other-N", comma-separated).
func (c *Console) requestDocuments(w http.ResponseWriter, r *http.Request, s *session) {
	env, id := environment(r), r.PathValue("id")
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
		c.afterChange(w, r, s, env, id, &apiError{Status: http.StatusBadRequest, Message: "choose at least one document"}, "")
		return
	}
	err := c.call(r, s, http.MethodPost, "/v1/cases/"+url.PathEscape(id)+"/request-documents", url.Values{"env": {env}}, req, nil)
	c.afterChange(w, r, s, env, id, err, "documents")
}

func (c *Console) cancel(w http.ResponseWriter, r *http.Request, s *session) {
	env, id := environment(r), r.PathValue("id")
	req := review.CancelRequest{Rationale: strings.TrimSpace(r.PostForm.Get("rationale"))}
	if req.Rationale == "" {
		c.afterChange(w, r, s, env, id, &apiError{Status: http.StatusBadRequest, Message: "a cancellation needs its reason"}, "")
		return
	}
	err := c.call(r, s, http.MethodPost, "/v1/cases/"+url.PathEscape(id)+"/cancel", url.Values{"env": {env}}, req, nil)
	c.afterChange(w, r, s, env, id, err, "cancelled")
}

// upperFirst capitalizes the first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
