package console_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/transport"
)

// outCount is how many 278s went to the requester clearhub after the
// pended response itself (which it waits for).
func (s *served) outCount(t *testing.T) uint64 {
	t.Helper()
	var n uint64
	require.Eventually(t, func() bool {
		st, err := s.js.Stream(t.Context(), "X12_OUT")
		require.NoError(t, err)
		info, err := st.Info(t.Context(), jetstream.WithSubjectFilter("x12.278.out.clearhub"))
		require.NoError(t, err)
		n = info.State.Subjects["x12.278.out.clearhub"]
		return n >= 1
	}, 30*time.Second, 20*time.Millisecond, "the pended response")
	return n - 1
}

// TestStalePreviewOverHTTP: rn-lee previews a decision (the page says
// precisely what will differ); the supervisor then asks for documents
// (a 278 goes out); rn-lee's previewed decision is refused 409 with
// "preview again" in words on the case page, and nothing more is sent.
func TestStalePreviewOverHTTP(t *testing.T) {
	s := serve(t)
	c := s.pend(t)
	okafor := s.client(t)
	okafor.signIn("md-okafor")
	otoken := okafor.csrf()
	resp, _ := okafor.post("/console/cases/"+c.ID+"/assign?env=production", url.Values{"csrf": {otoken}, "reviewer": {"rn-lee"}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)

	lee := s.client(t)
	lee.signIn("rn-lee")
	token := lee.csrf()
	resp, body := lee.post("/console/cases/"+c.ID+"/preview?env=production", url.Values{"csrf": {token},
		"action-1": {"certify"}, "from-1": {"2026-03-03"}, "to-1": {"2026-05-01"},
		"action-2": {"certify"}, "from-2": {"2026-03-03"}, "to-2": {"2026-05-01"}, "rationale": {"chart reviewed"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	require.Contains(t, body, "control numbers (ISA13, GS06)")
	require.Contains(t, body, "(ISA09/ISA10, GS04/GS05, BHT04/BHT05), which are those of the moment you send it")
	m := previewBody.FindStringSubmatch(body)
	require.NotNil(t, m)
	decision := html.UnescapeString(m[1])
	require.Contains(t, decision, `"revision":`, "the form carries the previewed revision")

	resp, body = okafor.post("/console/cases/"+c.ID+"/request-documents?env=production", url.Values{"csrf": {otoken}, "docs-2": {"34133-9"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	dm := previewBody.FindStringSubmatch(body)
	require.NotNil(t, dm)
	resp, _ = okafor.post("/console/cases/"+c.ID+"/request-documents/send?env=production", url.Values{"csrf": {otoken}, "body": {html.UnescapeString(dm[1])}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	require.EqualValues(t, 1, s.outCount(t))

	resp, body = lee.post("/console/cases/"+c.ID+"/decide?env=production", url.Values{"csrf": {token}, "body": {decision}})
	require.Equal(t, http.StatusConflict, resp.StatusCode)
	require.Contains(t, body, "The case changed since you previewed it")
	require.Contains(t, body, "preview again")
	require.EqualValues(t, 1, s.outCount(t), "the stale decision is not sent")
	got, _, err := s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, got.State)
}

// TestAssignmentOverHTTP: a supervisor gets "Assign to" with the
// reviewers' names (no auditor) and assigns rn-lee; rn-lee is not offered
// "Assign to me" any more; rn-diaz is offered neither a decision nor
// "Assign to me", is told whose case it is, and a decision posted anyway
// is refused 403 naming rn-lee.
func TestAssignmentOverHTTP(t *testing.T) {
	s := serve(t)
	c := s.pend(t)
	okafor := s.client(t)
	okafor.signIn("md-okafor")
	resp, body := okafor.get("/console/cases/" + c.ID)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, body, `id="assign-to-form"`)
	require.Contains(t, body, `<option value="rn-diaz">rn-diaz</option><option value="rn-lee">rn-lee</option>`)
	require.NotContains(t, body, `<option value="audit-kim">`)
	resp, _ = okafor.post("/console/cases/"+c.ID+"/assign?env=production", url.Values{"csrf": {okafor.csrf()}, "reviewer": {"rn-lee"}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	_, body = okafor.get(resp.Header.Get("Location"))
	require.Contains(t, body, "The case is assigned to rn-lee.")

	lee := s.client(t)
	lee.signIn("rn-lee")
	_, body = lee.get("/console/cases/" + c.ID)
	require.NotContains(t, body, `id="assign-me"`, "already hers")
	require.NotContains(t, body, `id="assign-to-form"`, "not a supervisor")
	require.Contains(t, body, `id="decide-form"`)

	diaz := s.client(t)
	diaz.signIn("rn-diaz")
	_, body = diaz.get("/console/cases/" + c.ID)
	require.NotContains(t, body, `id="assign-me"`)
	require.NotContains(t, body, `id="decide-form"`)
	require.NotContains(t, body, `id="read-only"`)
	require.Contains(t, body, "This case is assigned to rn-lee: only rn-lee or a supervisor decides it")
	token := diaz.csrf()
	resp, body = diaz.post("/console/cases/"+c.ID+"/preview?env=production", url.Values{"csrf": {token},
		"action-1": {"certify"}, "from-1": {"2026-03-03"}, "to-1": {"2026-05-01"}})
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	require.Contains(t, body, "Case "+c.ID+" is assigned to rn-lee: only rn-lee or a supervisor may decide it.")
	resp, _ = diaz.post("/console/cases/"+c.ID+"/assign?env=production", url.Values{"csrf": {token}})
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	got, _, err := s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, "rn-lee", got.Assignee)
}

// TestAdverseOverHTTP: a reviewer without the adverse flag (rn-diaz, and
// the supervisor) is offered certify and documents only, with the note
// that a physician reviewer decides denials; a not-certify posted anyway
// is refused 403 citing the rule; rn-lee (adverse) is offered all three.
func TestAdverseOverHTTP(t *testing.T) {
	s := serve(t)
	c := s.pend(t)
	for _, who := range []string{"rn-diaz", "md-okafor"} {
		cl := s.client(t)
		cl.signIn(who)
		_, body := cl.get("/console/cases/" + c.ID)
		require.Contains(t, body, `id="decide-form"`, who)
		require.Contains(t, body, `id="action-1-certify"`, who)
		require.NotContains(t, body, `id="action-1-not-certify"`, who)
		require.NotContains(t, body, `id="action-1-modify"`, who)
		require.Contains(t, body, `id="docs-form"`, who)
		require.Contains(t, body, "a physician reviewer decides it", who)
		resp, body := cl.post("/console/cases/"+c.ID+"/preview?env=production", url.Values{"csrf": {cl.csrf()},
			"action-1": {"certify"}, "from-1": {"2026-03-03"}, "to-1": {"2026-05-01"},
			"action-2": {"not-certify"}, "code-2": {"0V"}, "reason-2": {"not needed"}, "rationale": {"x"}})
		require.Equal(t, http.StatusForbidden, resp.StatusCode, who)
		require.Contains(t, body, "42 CFR 438.210(b)(3), 422.566(d)", who)
	}
	lee := s.client(t)
	lee.signIn("rn-lee")
	_, body := lee.get("/console/cases/" + c.ID)
	require.Contains(t, body, `id="action-1-not-certify"`)
	require.Contains(t, body, `id="action-1-modify"`)
	require.NotContains(t, body, `id="no-adverse"`)
	require.Zero(t, s.outCount(t))
}

// TestTestQueueAndWords: the queue of the test environment is headed by
// it and counts its cases (production counts none); a request without
// UM06 reads "level of service not given"; each clock names its rule.
func TestTestQueueAndWords(t *testing.T) {
	s := serve(t)
	in := string(sample(t))
	require.Contains(t, in, "*0*P*:")
	require.Contains(t, in, "UM*HS*I*18*12:B**U~")
	in = strings.Replace(strings.Replace(in, "*0*P*:", "*0*T*:", 1), "UM*HS*I*18*12:B**U~", "UM*HS*I*18*12:B~", 1)
	_, err := transport.Submit(t.Context(), s.js, "clearhub", "t.x12", strings.NewReader(in))
	require.NoError(t, err)
	var c *cases.Case
	require.Eventually(t, func() bool {
		cs, err := s.store.List(t.Context(), cases.Test)
		if err != nil || len(cs) == 0 {
			return false
		}
		c = cs[0]
		return true
	}, 60*time.Second, 50*time.Millisecond, "a test case")

	kim := s.client(t)
	kim.signIn("audit-kim")
	_, body := kim.get("/console/queue?env=test")
	require.Contains(t, body, `<h2 id="counts-h">Open test cases</h2>`)
	require.Contains(t, body, `<dd id="count-open">1</dd>`)
	_, body = kim.get("/console/queue")
	require.Contains(t, body, `<h2 id="counts-h">Open production cases</h2>`)
	require.Contains(t, body, `<dd id="count-open">0</dd>`)

	_, body = kim.get("/console/cases/" + c.ID + "?env=test")
	require.Contains(t, body, "level of service not given")
	require.Contains(t, body, "Final determination due (CMS-0057-F: 7 calendar days from receipt, standard)")
	require.Contains(t, body, "Documents request due: the last time to ask for documents (CORE: 2 business days from receipt)")
}
