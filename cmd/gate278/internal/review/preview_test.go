package review

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
)

// decision of doc-7.2: certify the pump (K0455), deny the drug (J1325).
var good = DecideRequest{Rationale: "chart reviewed", Lines: map[int]cases.LineDecision{
	1: {Action: cases.Certify, From: "20260303", To: "20260501"},
	2: {Action: cases.NotCertify, Code: "0V", Reason: "home infusion is not shown to be needed"},
}}

// body drops the envelope segments (ISA, GS, GE, IEA), whose control
// numbers differ between a preview and the published response.
func body(x12 string) []string {
	var out []string
	for _, s := range strings.Split(x12, "~") {
		switch {
		case strings.HasPrefix(s, "ISA*"), strings.HasPrefix(s, "GS*"), strings.HasPrefix(s, "GE*"), strings.HasPrefix(s, "IEA*"):
			continue
		}
		out = append(out, s)
	}
	return out
}

// TestPreviewStoresNothing: the preview of a decision is the 278 the
// decision then publishes (but for its control numbers), and stores and
// publishes nothing; a refused decision is refused by the preview with
// the same status; an auditor may not preview; the published response is
// readable afterwards, byte for byte what went out on X12_OUT.
func TestPreviewStoresNothing(t *testing.T) {
	f := start(t)
	ctx := context.Background()
	code, b := f.do(t, "audit-kim", "POST", "/v1/cases/"+f.id+"/preview", good)
	require.Equal(t, http.StatusForbidden, code, string(b))
	code, b = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/preview", DecideRequest{Lines: map[int]cases.LineDecision{1: {Action: cases.Certify}}})
	require.Equal(t, http.StatusUnprocessableEntity, code, string(b))
	code, b = f.do(t, "rn-lee", "GET", "/v1/cases/"+f.id+"/response", nil)
	require.Equal(t, http.StatusNotFound, code, "nothing published yet: %s", b)

	code, b = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/preview", good)
	require.Equal(t, http.StatusOK, code, string(b))
	var pv PreviewResponse
	require.NoError(t, json.Unmarshal(b, &pv))
	// Written from the guide and final.go before running: BHT02 11 and
	// BHT06 18, REF*NT of the case, HCR A1 with DTP*007 on line 1, A3 0V
	// with the MSG on line 2, A2 on the event.
	require.Contains(t, pv.X12, "BHT*0007*11*CH-778812*")
	require.Contains(t, pv.X12, "*18~HL*1**20*1~")
	require.Contains(t, pv.X12, "REF*NT*"+f.id+"~")
	require.Contains(t, pv.X12, "HCR*A2*")
	require.Contains(t, pv.X12, "DTP*007*RD8*20260303-20260501~")
	require.Regexp(t, `HCR\*A3\*[^*~]+\*0V~`, pv.X12)
	require.Contains(t, pv.X12, "MSG*Not certified under vt-dvha-eip (clinical review); home infusion is not shown to be needed~")

	store, err := casestore.Open(ctx, f.js)
	require.NoError(t, err)
	c, _, err := store.Get(ctx, cases.Production, f.id)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, c.State, "the preview stored nothing")
	evs, err := store.History(ctx, cases.Production, f.id)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	st, err := f.js.Stream(ctx, "X12_OUT")
	require.NoError(t, err)
	info, err := st.Info(ctx)
	require.NoError(t, err)
	require.Zero(t, info.State.Msgs, "the preview published nothing")

	code, b = f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/decide", good)
	require.Equal(t, http.StatusOK, code, string(b))
	cons, err := f.js.OrderedConsumer(ctx, "X12_OUT", jetstream.OrderedConsumerConfig{FilterSubjects: []string{"x12.278.out.CLEARHUB"}})
	require.NoError(t, err)
	m, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
	require.NoError(t, err)
	require.Equal(t, body(pv.X12), body(string(m.Data())), "the preview is what was published, but for the control numbers")

	code, b = f.do(t, "audit-kim", "GET", "/v1/cases/"+f.id+"/response", nil)
	require.Equal(t, http.StatusOK, code, string(b))
	var pub PreviewResponse
	require.NoError(t, json.Unmarshal(b, &pub))
	require.Equal(t, string(m.Data()), pub.X12, "the standing response is byte for byte the published one")
}

// TestWithIdentity: an in-process caller passes an authenticated identity
// in the context; the API uses the configured identity (its role, not the
// one the caller claims), refuses names it does not know, and nothing from
// the network sets it.
func TestWithIdentity(t *testing.T) {
	f := start(t)
	store, err := casestore.Open(context.Background(), f.js)
	require.NoError(t, err)
	conf, err := json.Marshal(map[string]any{"reviewers": []map[string]string{
		{"name": "rn-lee", "role": "reviewer", "password_hash": hash(t, "lee-secret")},
		{"name": "audit-kim", "role": "auditor", "password_hash": hash(t, "kim-secret")},
	}})
	require.NoError(t, err)
	rs, err := ParseReviewers(conf)
	require.NoError(t, err)
	mux := http.NewServeMux()
	(&API{Store: store, Reviewers: rs, Now: func() time.Time { return clock }}).Mount(mux)
	call := func(ctx context.Context, method, path, body string) int {
		req := httptest.NewRequestWithContext(ctx, method, path, strings.NewReader(body))
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		return w.Code
	}
	ctx := context.Background()
	require.Equal(t, http.StatusOK, call(WithIdentity(ctx, Identity{Name: "rn-lee"}), "GET", "/v1/cases/"+f.id, ""))
	require.Equal(t, http.StatusUnauthorized, call(WithIdentity(ctx, Identity{Name: "nobody", Role: Supervisor}), "GET", "/v1/cases", ""))
	require.Equal(t, http.StatusForbidden, call(WithIdentity(ctx, Identity{Name: "audit-kim", Role: Supervisor}), "POST", "/v1/cases/"+f.id+"/cancel", `{"rationale":"x"}`),
		"the configured role counts, not the claimed one")
	require.Equal(t, http.StatusUnauthorized, call(ctx, "GET", "/v1/cases", ""))

	// Over real HTTP nothing sets it: a served copy of the same mux wants credentials.
	hs := httptest.NewServer(mux)
	defer hs.Close()
	resp, err := http.Get(hs.URL + "/v1/cases")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

// TestPreviewCancelAndDocuments: a cancellation and a documents request
// are previewed like a decision: the 278 each then publishes (but for its
// control numbers), nothing stored or published before; the roles and
// refusals of the action itself apply. Written from the guide and
// final.go before running: a cancellation answers every line HCR*C with
// BHT06 18; a documents request answers BHT06 19 with A4 0U and HI LOI
// listing the new code on its line.
func TestPreviewCancelAndDocuments(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, who, route string
		body             any
		want             []string
	}{
		{"cancel", "md-okafor", "cancel", CancelRequest{Rationale: "withdrawn by the provider"}, []string{"HCR*C*", "*18~HL*1**20*1~"}},
		{"documents", "rn-lee", "request-documents", DocumentsRequest{Lines: map[int][]string{2: {"34133-9"}}, Rationale: "need the discharge summary"},
			[]string{"*19~HL*1**20*1~", "HI*LOI:34133-9~", "HCR*A4*"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := start(t)
			if tc.name == "cancel" {
				code, _ := f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/cancel/preview", tc.body)
				require.Equal(t, http.StatusForbidden, code, "a reviewer may not preview a cancellation either")
			} else {
				// The case waits for the documents the pended response asked
				// for; a reviewer takes it to ask for more (in-review).
				code, _ := f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/assign", AssignRequest{})
				require.Equal(t, http.StatusOK, code)
				code, b := f.do(t, "rn-lee", "POST", "/v1/cases/"+f.id+"/request-documents/preview", DocumentsRequest{Lines: map[int][]string{2: {"not-loinc"}}})
				require.Equal(t, http.StatusUnprocessableEntity, code, "refused as the request itself is: %s", b)
			}
			store, err := casestore.Open(ctx, f.js)
			require.NoError(t, err)
			evs, err := store.History(ctx, "production", f.id)
			require.NoError(t, err)
			before := len(evs)
			code, b := f.do(t, tc.who, "POST", "/v1/cases/"+f.id+"/"+tc.route+"/preview", tc.body)
			require.Equal(t, http.StatusOK, code, string(b))
			var pv PreviewResponse
			require.NoError(t, json.Unmarshal(b, &pv))
			for _, w := range tc.want {
				require.Contains(t, pv.X12, w)
			}
			st, err := f.js.Stream(ctx, "X12_OUT")
			require.NoError(t, err)
			info, err := st.Info(ctx)
			require.NoError(t, err)
			require.Zero(t, info.State.Msgs, "the preview published nothing")
			evs, err = store.History(ctx, "production", f.id)
			require.NoError(t, err)
			require.Equal(t, before, len(evs), "the preview stored nothing")

			code, b = f.do(t, tc.who, "POST", "/v1/cases/"+f.id+"/"+tc.route, tc.body)
			require.Equal(t, http.StatusOK, code, string(b))
			cons, err := f.js.OrderedConsumer(ctx, "X12_OUT", jetstream.OrderedConsumerConfig{FilterSubjects: []string{"x12.278.out.CLEARHUB"}})
			require.NoError(t, err)
			m, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
			require.NoError(t, err)
			require.Equal(t, body(pv.X12), body(string(m.Data())), "the preview is what was published, but for the control numbers")
		})
	}
}
