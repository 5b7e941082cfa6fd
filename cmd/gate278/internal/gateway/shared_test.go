package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/transport"
)

// TestTwoGatewaysShareOneQueue: a second gateway joining the first's NATS
// (-nats URL, as the gateway) serves the same cases: a case opened by
// whichever worker took the file is listed by both reviewers' APIs; two
// reviewers deciding it at once, one on each gateway, get one 200 and one
// 409; the winner's final 278 is published once, and both gateways show
// the case decided.
func TestTwoGatewaysShareOneQueue(t *testing.T) {
	js, baseA, natsURL, seed := startReviewNATS(t)
	baseB := startJoined(t, natsURL, seed)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, err := transport.Submit(ctx, js, "clearhub", "a.x12", bytes.NewReader(pendingSample(t, "VTMEDICAID")))
	require.NoError(t, err)

	var id string
	for _, base := range []string{baseA, baseB} {
		require.Eventually(t, func() bool {
			code, body := call(t, base, "GET", "/v1/cases", nil)
			var list []struct{ ID string }
			if code != http.StatusOK || json.Unmarshal(body, &list) != nil || len(list) != 1 {
				return false
			}
			id = list[0].ID
			return true
		}, 30*time.Second, 50*time.Millisecond, "the case is listed by %s", base)
	}

	decision := map[string]any{"rationale": "chart reviewed", "lines": map[string]any{
		"1": cases.LineDecision{Action: cases.Certify, From: "20260303", To: "20260501"},
		"2": cases.LineDecision{Action: cases.NotCertify, Code: "0V", Reason: "home infusion is not shown to be needed"},
	}}
	codes := make([]int, 2)
	var wg sync.WaitGroup
	for i, base := range []string{baseA, baseB} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _ = call(t, base, "POST", "/v1/cases/"+id+"/decide", decision)
		}()
	}
	wg.Wait()
	require.ElementsMatch(t, []int{http.StatusOK, http.StatusConflict}, codes, "one decision wins, the other is told the case changed")

	for _, base := range []string{baseA, baseB} {
		code, body := call(t, base, "GET", "/v1/cases/"+id, nil)
		require.Equal(t, http.StatusOK, code)
		require.Contains(t, string(body), `"state":"decided"`)
	}
	cons, err := js.OrderedConsumer(ctx, "X12_OUT", jetstream.OrderedConsumerConfig{FilterSubjects: []string{"x12.278.out.clearhub"}})
	require.NoError(t, err)
	finals := 0
	for {
		m, err := cons.Next(jetstream.FetchMaxWait(2 * time.Second))
		if err != nil {
			break
		}
		if strings.Contains(string(m.Data()), "*18~HL*1**20*1~") {
			finals++
		}
	}
	require.Equal(t, 1, finals, "one final 278")
}

// call sends a reviewers' API request as rn-lee.
func call(t *testing.T, base, method, path string, v any) (int, []byte) {
	t.Helper()
	var body io.Reader
	if v != nil {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, body)
	require.NoError(t, err)
	req.SetBasicAuth("rn-lee", "lee-secret")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// startJoined runs a second gateway on an existing NATS deployment with
// the gateway's seed and the same reviewer, and returns its HTTP base.
func startJoined(t *testing.T, natsURL, seed string) string {
	t.Helper()
	urls := serveReviewing(t, gateway.Options{NATSURL: natsURL, Connect: transport.ConnectConfig{NKeySeedFile: seed}})
	return "http://" + urls[1]
}
