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
	// AssignMe offers "Assign to me" (not when the case is already the
	// reviewer's, nor to a reviewer when it is someone else's); AssignTo
	// are a supervisor's "Assign to" choices (reviewers' names only).
	AssignMe bool
	AssignTo []string
	// Elsewhere names the assignee when the case is someone else's and
	// the reviewer is not a supervisor (no decision form is offered).
	Elsewhere string
	// CanDeny: the reviewer may make adverse determinations (not certify,
	// modify; review.Identity.Adverse).
	CanDeny            bool
	Reasons, Documents []adjudicate.CodeText
	Error, Notice      string
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
		"service type "+ev.UM.ServiceType, "level of service "+notGiven(word(levelWords, ev.UM.LevelOfService))), ", ")
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

// notGiven is s, or "not given" for a value the request leaves out.
func notGiven(s string) string {
	if s == "" {
		return "not given"
	}
	return s
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
		// The passages are the current policy version's: a trace decided
		// under another version shows one only where that version cites
		// the same section.
		if c.o.Passages != nil {
			if section, text, ok := c.o.Passages(t.Policy, cr.ID); ok && (cv.Section == "" || cv.Section == section) {
				cv.Section, cv.Passage = section, text
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
	add("Documents request due: the last time to ask for documents (CORE: 2 business days from receipt)", cs.Due.DocumentsRequest, cs.Due.DocumentsRequested.IsZero())
	add("Documents requested", cs.Due.DocumentsRequested, false)
	add("Documents received", cs.Due.DocumentsReceived, false)
	add("Final determination due ("+finalRule(cs)+")", cs.Due.Final, true)
	if cs.State == cases.WaitingDocuments {
		add("May be closed out (CORE 15 business days)", cs.Due.CloseOut, true)
	}
	return out
}

// workView says what the reviewer who may do on the case (the API
// enforces the same rules): decide and ask for documents when the case is
// theirs or unassigned, or they supervise; take it when it is unassigned
// (a supervisor: any case not theirs); a supervisor assigns to any
// reviewer; not certify and modify only with the adverse flag, read from
// the configuration as the API does.
func (v *caseView) workView(cs *cases.Case, who review.Identity, rs *review.Reviewers) {
	if id, ok := rs.Lookup(who.Name); ok {
		who = id
	}
	works := who.Role == review.Reviewer || who.Role == review.Supervisor
	supervisor := who.Role == review.Supervisor
	open := !cs.State.Final() && works
	theirs := cs.Assignee == "" || cs.Assignee == who.Name || supervisor
	v.CanDecide = open && theirs
	v.AssignMe = open && cs.Assignee != who.Name && (cs.Assignee == "" || supervisor)
	if open && supervisor {
		v.AssignTo = rs.Names(review.Reviewer, review.Supervisor)
	}
	if open && !theirs {
		v.Elsewhere = cs.Assignee
	}
	v.CanDeny = who.Adverse
}

// finalRule names the rule that set a case's final due time. Under CORE a
// request with nothing missing is complete at receipt, so its final clock
// (2 business days from complete documents) is the documents request's
// (2 business days from receipt): the same time, by two rules.
func finalRule(cs *cases.Case) string {
	switch {
	case cs.Regime == cases.RegimeCMS && cs.Urgency == cases.Expedited:
		return "CMS-0057-F: 72 hours from receipt, expedited"
	case cs.Regime == cases.RegimeCMS:
		return "CMS-0057-F: 7 calendar days from receipt, standard"
	case !cs.Due.DocumentsReceived.IsZero():
		return "CORE: 2 business days from the documents received"
	}
	return "CORE: 2 business days from complete documents; nothing was missing at receipt"
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
		CanCancel: !cs.State.Final() && s.who.Role == review.Supervisor,
		Reasons:   adjudicate.DenialReasons(), Documents: adjudicate.Documents()}
	v.workView(cs, s.who, c.o.Reviewers)
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
		v.Notice = "The case is assigned to " + v.Assignee + "."
		if v.Assignee == s.who.Name {
			v.Notice = "The case is assigned to you."
		}
	case "documents":
		v.Notice = "The documents are requested; the 278 asking for them is published."
	case "cancelled":
		v.Notice = "The case is cancelled; its final 278 is published."
	}
	c.render(w, r, http.StatusOK, "case", s, "Case "+v.ID, v)
}

// upperFirst capitalizes the first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
