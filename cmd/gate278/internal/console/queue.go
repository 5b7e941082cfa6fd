package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
	"github.com/gate278/gate278/ops/metrics"
)

// dueSoon is the horizon of the rows that stand out as due soon (the
// case metrics' gate278_cases_due_soon uses the same 24 hours).
const dueSoon = 24 * time.Hour

// environment is a request's env parameter: production unless test.
func environment(r *http.Request) string {
	if r.URL.Query().Get("env") == cases.Test {
		return cases.Test
	}
	return cases.Production
}

// cases lists an environment's cases through the API (summaries), then
// shows each (the full case: its lines and what they wait for).
func (c *Console) allCases(r *http.Request, s *session, env string, q url.Values) ([]*cases.Case, error) {
	lq := url.Values{"env": {env}}
	for _, k := range []string{"state", "policy", "urgency"} {
		if v := q.Get(k); v != "" {
			lq.Set(k, v)
		}
	}
	var list []review.Summary
	if err := c.call(r, s, http.MethodGet, "/v1/cases", lq, nil, &list); err != nil {
		return nil, err
	}
	out := make([]*cases.Case, 0, len(list))
	for _, sum := range list {
		cs, _, err := c.getCase(r, s, env, sum.ID)
		var ae *apiError
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, cs)
	}
	return out, nil
}

// getCase shows one case through the API.
func (c *Console) getCase(r *http.Request, s *session, env, id string) (*cases.Case, uint64, error) {
	var shown struct {
		Revision uint64      `json:"revision"`
		Case     *cases.Case `json:"case"`
	}
	if err := c.call(r, s, http.MethodGet, "/v1/cases/"+url.PathEscape(id), url.Values{"env": {env}}, nil, &shown); err != nil {
		return nil, 0, err
	}
	if shown.Case == nil {
		return nil, 0, fmt.Errorf("console: case %s: empty answer", id)
	}
	return shown.Case, shown.Revision, nil
}

// row is one case of the queue.
type row struct {
	ID, Env, Urgency, State, Policy, Assignee string
	Codes                                     []string
	Waits                                     []string
	Due                                       time.Time
	DueClass, DueWords                        string
}

// countsView is the counts at the top of the queue.
type countsView struct {
	Open, Expedited, Standard, DueSoon, Overdue int
	CloseOutDue                                 int // flagged for a supervisor's close-out
	ByState                                     []stateCount
	Oldest                                      string
}

type stateCount struct {
	State string
	N     int
}

type queueView struct {
	Env                                    string
	Rows                                   []row
	Counts                                 countsView
	Policy, Urgency, State, Assignee       string
	Policies, Urgencies, States, Assignees []string
	Error                                  string
}

// dueWords says how a due time stands at now, and the row's class.
func dueWords(due, now time.Time) (class, words string) {
	switch {
	case due.IsZero():
		return "", "no final clock"
	case cases.Late(due, now):
		return "overdue", "Overdue by " + span(now.Sub(due))
	case due.Sub(now) <= dueSoon:
		return "due-soon", "Due soon: in " + span(due.Sub(now))
	}
	return "", "in " + span(due.Sub(now))
}

// span writes a duration in days and hours, or hours and minutes.
func span(d time.Duration) string {
	d = d.Round(time.Minute)
	switch days := int(d.Hours()) / 24; {
	case days > 0:
		return fmt.Sprintf("%dd %dh", days, int(d.Hours())%24)
	case d >= time.Hour:
		return fmt.Sprintf("%dh %dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dm", int(d.Minutes()))
}

// waits says what each pended line of a case waits for.
func waits(cs *cases.Case) []string {
	var out []string
	for _, l := range cs.Lines {
		if l.Result != adjudicate.ActionPended || l.Decision != nil {
			continue
		}
		what := "clinical review"
		if len(l.Documents) > 0 && cs.State == cases.WaitingDocuments {
			what = "documents " + strings.Join(l.Documents, ", ")
		} else if len(l.Documents) > 0 {
			what = "review of documents " + strings.Join(l.Documents, ", ")
		}
		out = append(out, fmt.Sprintf("line %d %s: %s", l.Number, l.Code, what))
	}
	return out
}

// counts are the counts of env's cases, computed by Options.Counts (the
// case metrics' own counting).
func (c *Console) counts(env string, cs []*cases.Case, now time.Time) countsView {
	var snap metrics.CaseSnapshot
	switch {
	case c.o.CountsIn != nil:
		snap = c.o.CountsIn(env, cs, now)
	case env == cases.Production:
		snap = c.o.Counts(cs, now)
	}
	v := countsView{DueSoon: snap.DueSoon, Overdue: snap.Overdue, CloseOutDue: snap.CloseOutDue}
	byState := map[string]int{}
	for k, n := range snap.Open {
		v.Open += n
		switch k.Urgency {
		case string(cases.Expedited):
			v.Expedited += n
		case string(cases.Standard):
			v.Standard += n
		}
		byState[k.State] += n
	}
	for _, st := range cases.States {
		if n := byState[string(st)]; n > 0 {
			v.ByState = append(v.ByState, stateCount{State: string(st), N: n})
		}
	}
	if snap.OldestOpen > 0 {
		v.Oldest = span(snap.OldestOpen)
	}
	return v
}

func (c *Console) queue(w http.ResponseWriter, r *http.Request, s *session) {
	q := r.URL.Query()
	env := environment(r)
	v := queueView{Env: env, Policy: q.Get("policy"), Urgency: q.Get("urgency"), State: q.Get("state"), Assignee: q.Get("assignee"),
		Urgencies: []string{string(cases.Expedited), string(cases.Standard)}}
	for _, st := range cases.States {
		if !st.Final() {
			v.States = append(v.States, string(st))
		}
	}
	now := c.o.Now()
	all, err := c.allCases(r, s, env, url.Values{})
	if err != nil {
		c.apiFailed(w, r, s, err)
		return
	}
	v.Counts = c.counts(env, all, now)
	policies, assignees := map[string]bool{}, map[string]bool{}
	for _, cs := range all {
		if cs.State.Final() {
			continue
		}
		policies[cs.Policy] = true
		if cs.Assignee != "" {
			assignees[cs.Assignee] = true
		}
		switch {
		case v.Policy != "" && cs.Policy != v.Policy,
			v.Urgency != "" && string(cs.Urgency) != v.Urgency,
			v.State != "" && string(cs.State) != v.State,
			v.Assignee == "-" && cs.Assignee != "",
			v.Assignee != "" && v.Assignee != "-" && cs.Assignee != v.Assignee:
			continue
		}
		rw := row{ID: cs.ID, Env: env, Urgency: string(cs.Urgency), State: string(cs.State), Policy: cs.Policy,
			Assignee: cs.Assignee, Due: cs.Due.Final, Waits: waits(cs)}
		for _, l := range cs.Lines {
			rw.Codes = append(rw.Codes, l.Code)
		}
		rw.DueClass, rw.DueWords = dueWords(cs.Due.Final, now)
		v.Rows = append(v.Rows, rw)
	}
	sort.SliceStable(v.Rows, func(i, j int) bool {
		a, b := v.Rows[i].Due, v.Rows[j].Due
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		return a.Before(b)
	})
	for p := range policies {
		v.Policies = append(v.Policies, p)
	}
	for a := range assignees {
		v.Assignees = append(v.Assignees, a)
	}
	slices.Sort(v.Policies)
	slices.Sort(v.Assignees)
	c.render(w, r, http.StatusOK, "queue", s, "Queue", v)
}

// apiFailed shows an API failure as a page.
func (c *Console) apiFailed(w http.ResponseWriter, r *http.Request, s *session, err error) {
	var ae *apiError
	if errors.As(err, &ae) {
		c.render(w, r, ae.Status, "error", s, "Refused", errorView{Message: ae.Words()})
		return
	}
	if !errors.Is(err, context.Canceled) {
		c.o.Logger.Error("console: the review API failed", "route", r.Pattern, "case", r.PathValue("id"), "error", err.Error())
	}
	c.render(w, r, http.StatusInternalServerError, "error", s, "Error", errorView{Message: "The review API failed; try again."})
}
