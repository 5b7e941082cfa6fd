package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
)

// memWriter is the response of an in-process API call.
type memWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (m *memWriter) Header() http.Header         { return m.header }
func (m *memWriter) Write(b []byte) (int, error) { return m.body.Write(b) }
func (m *memWriter) WriteHeader(code int)        { m.status = code }

// apiError is an API answer other than 200, in plain words for a form.
type apiError struct {
	Status  int
	Message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("console: review API %d: %s", e.Status, e.Message)
}

// Words says what went wrong for a reviewer.
func (e *apiError) Words() string {
	msg := e.Message
	// "cases: case 123: line 2: …" → "line 2: …": the case is on the page.
	if i := strings.Index(msg, ": "); strings.HasPrefix(msg, "cases: case ") && i >= 0 {
		if j := strings.Index(msg[i+2:], ": "); j >= 0 {
			msg = msg[i+2+j+2:]
		}
	}
	msg = strings.TrimSuffix(msg, ": invalid")
	msg = strings.TrimSuffix(msg, ": transition not allowed")
	lead := "The review API refused this"
	switch e.Status {
	case http.StatusNotFound:
		lead = "There is no such case"
	case http.StatusConflict:
		if msg == casestore.ErrStale.Error() {
			return "The case changed since you previewed it (someone took another step on it): read it again as it is now and preview again."
		}
		lead = "The case changed meanwhile or cannot take this step in its state; reload it and decide again"
	case http.StatusUnprocessableEntity:
		lead = "The decision is not complete or not allowed"
	case http.StatusForbidden:
		// The API says who may ("the auditor role may not do this", "only
		// a supervisor …"): one sentence of its own.
		if msg != "" {
			return strings.ToUpper(msg[:1]) + msg[1:] + "."
		}
		lead = "Your role may not do this"
		if !strings.HasPrefix(msg, "role ") {
			// The case's assignee or the adverse-determination rule.
			lead = "You may not do this"
		}
	case http.StatusBadRequest:
		lead = "The form is incomplete"
	}
	if msg == "" {
		return lead + "."
	}
	return lead + ": " + msg + "."
}

// call serves one API request in-process as the session's reviewer: the
// API's own handlers, role checks and request log. out, if not nil,
// receives the JSON answer of a 200; any other status is an *apiError.
func (c *Console) call(r *http.Request, s *session, method, path string, q url.Values, body, out any) error {
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("console: encoding the API request: %w", err)
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	target := path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(review.WithIdentity(r.Context(), s.who), method, target, rd)
	if err != nil {
		return fmt.Errorf("console: API request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	w := &memWriter{header: http.Header{}, status: http.StatusOK}
	c.o.API.ServeHTTP(w, req)
	if w.status != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(w.body.Bytes(), &e)
		return &apiError{Status: w.status, Message: e.Error}
	}
	if out != nil {
		if err := json.Unmarshal(w.body.Bytes(), out); err != nil {
			return fmt.Errorf("console: decoding the API answer of %s %s: %w", method, path, err)
		}
	}
	return nil
}
