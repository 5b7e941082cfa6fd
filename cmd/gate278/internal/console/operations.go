package console

import (
	"net/http"
	"net/url"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// deadLetterCount is how many of the last dead letters the operations
// page lists.
const deadLetterCount = 20

type outputCount struct {
	Kind string
	N    uint64
}

type operationsView struct {
	Status       *transport.StatusReport
	Outputs      []outputCount
	StatusError  string
	Counts       countsView
	Late, Soon   []row
	DeadLetters  []DeadLetter
	DeadError    string
	NoDeadLetter bool
}

// operations shows the queues of `gate278 status`, the production cases'
// clocks and the last dead letters.
func (c *Console) operations(w http.ResponseWriter, r *http.Request, s *session) {
	var v operationsView
	if c.o.Status == nil {
		v.StatusError = "The queues are not available from this console."
	} else if rep, err := c.o.Status(r.Context()); err != nil {
		c.o.Logger.Warn("console: reading the queues", "error", err.Error())
		v.StatusError = "The queues could not be read: " + err.Error()
	} else {
		v.Status = &rep
		for _, k := range outputs.Kinds {
			v.Outputs = append(v.Outputs, outputCount{Kind: k.Name, N: rep.Outputs[k.Name]})
		}
	}
	now := c.o.Now()
	prod, err := c.allCases(r, s, cases.Production, url.Values{})
	if err != nil {
		c.apiFailed(w, r, s, err)
		return
	}
	v.Counts = c.counts(cases.Production, prod, now)
	for _, cs := range prod {
		if cs.State.Final() {
			continue
		}
		rw := row{ID: cs.ID, Env: cases.Production, Urgency: string(cs.Urgency), State: string(cs.State), Policy: cs.Policy,
			Assignee: cs.Assignee, Due: cs.Due.Final}
		rw.DueClass, rw.DueWords = dueWords(cs.Due.Final, now)
		switch rw.DueClass {
		case "overdue":
			v.Late = append(v.Late, rw)
		case "due-soon":
			v.Soon = append(v.Soon, rw)
		}
	}
	if c.o.DeadLetters == nil {
		v.DeadError = "The dead letters are not available from this console."
	} else if dl, err := c.o.DeadLetters(r.Context(), deadLetterCount); err != nil {
		c.o.Logger.Warn("console: reading the dead letters", "error", err.Error())
		v.DeadError = "The dead letters could not be read: " + err.Error()
	} else {
		v.DeadLetters, v.NoDeadLetter = dl, len(dl) == 0
	}
	c.render(w, r, http.StatusOK, "operations", s, "Operations", v)
}
