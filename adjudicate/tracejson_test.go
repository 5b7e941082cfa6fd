package adjudicate

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestResultJSONMatchesMarshal: AppendJSON writes what encoding/json
// writes, for the golden cases, results with request errors, and strings
// that need escaping.
func TestResultJSONMatchesMarshal(t *testing.T) {
	cfg := defaultConfig(t)
	var results []*Result
	for _, gc := range goldenCases {
		results = append(results, decide(t, newReq(gc.payer, gc.lines, gc.mods...), cfg))
	}
	results = append(results,
		decide(t, newReq("NOSUCH", []Line{hc("E0779")}), cfg),
		decide(t, newReq("ANTHEMCT", []Line{hc("E07"), hc("E0779")}), cfg),
		decide(t, newReq("ANTHEMCT", []Line{hc("E0779")}, dx()), cfg),
		decide(t, newReq("VTMEDICAID", nil), cfg),
		&Result{},
		&Result{Lines: []LineDecision{}, Payer: "a \"quoted\" <b>&</b> \\ \n\r\t\x01 \u2028\u2029 é › \xff end"},
	)
	for i, r := range results {
		want, err := json.Marshal(r)
		require.NoError(t, err)
		require.Equal(t, string(want), string(r.AppendJSON(nil)), "result %d", i)
	}
	require.Equal(t, "null", string((*Result)(nil).AppendJSON(nil)))
}

func BenchmarkResultJSON(b *testing.B) {
	r := decide(b, newReq("VTMEDICAID", []Line{hc("E0781", hours(46)), hc("A4221"), hc("J9190")}, ordering(npiOncologist, "207RX0202X"), pwk("DB")), defaultConfig(b))
	b.Run("AppendJSON", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = r.AppendJSON(buf[:0])
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
