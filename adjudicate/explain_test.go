package adjudicate

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	require.Equal(t, string(want), string(got))
}

// goldenCases are requests whose explanation and trace JSON are kept as
// golden files: reviewers read their diffs.
var goldenCases = []struct {
	name  string
	payer string
	lines []Line
	mods  []mod
}{
	{"anthem-set1-certified", "ANTHEMCT", []Line{hc("E0779", modifiers("RR")), hc("A4222"), hc("J9190")}, nil},
	{"anthem-oral-denied", "ANTHEMCT", []Line{hc("E0781"), hc("J8520")}, nil},
	{"anthem-pend-documents", "ANTHEMCT", []Line{hc("E0781"), hc("J2260")}, []mod{dx("I5022")}},
	{"vt-meperidine-denied", "VTMEDICAID", []Line{hc("E0781"), hc("J2175")}, []mod{dx("C509", "G893"), ordering(npiOncologist, "207RX0202X"), pwk("DB")}},
	{"vt-chemo-certified", "VTMEDICAID", []Line{hc("E0781", hours(46)), hc("A4221"), hc("J9190")}, []mod{ordering(npiOncologist, "207RX0202X"), pwk("DB")}},
	{"missing-subscriber", "ANTHEMCT", []Line{hc("E0779")}, []mod{func(r *Request) { r.SubscriberID = "" }}},
	{"cancel", "VTMEDICAID", []Line{hc("E0781"), hc("A4221")}, []mod{cert("3"), priorAuth("CAUTH0001")}},
}

func TestExplainGolden(t *testing.T) {
	cfg := defaultConfig(t)
	for _, gc := range goldenCases {
		t.Run(gc.name, func(t *testing.T) {
			res := decide(t, newReq(gc.payer, gc.lines, gc.mods...), cfg)
			var buf bytes.Buffer
			require.NoError(t, Explain(&buf, res))
			golden(t, gc.name+".txt", buf.Bytes())
			js, err := json.MarshalIndent(res, "", "  ")
			require.NoError(t, err)
			golden(t, gc.name+".json", append(js, '\n'))
		})
	}
}

func TestExplainContent(t *testing.T) {
	res := decide(t, newReq("VTMEDICAID", []Line{hc("E0781"), hc("J2175")}, dx("C509", "G893"), pwk("DB")), defaultConfig(t))
	var buf bytes.Buffer
	require.NoError(t, Explain(&buf, res))
	out := buf.String()
	for _, s := range []string{
		"Line 1: E0781 - ambulatory infusion pump, electric or battery operated, worn by the patient [infusion pump]",
		"Decision: DENIED",
		"experimental service or procedure (0T)",
		"[FAILED] VT.IND.7.NO_MEPERIDINE: The narcotic analgesic is not meperidine.",
		"source: 004_27486b74d1dcb4ec.txt, Coverage Guidelines, indication 7 (except meperidine)",
		"[SKIPPED] VT.PRESCRIBER.ENROLLED",
		"What would change the outcome:",
		"a narcotic analgesic other than meperidine",
		"Line 2: J2175 - meperidine HCl, per 100 mg [drug]",
		"Decision: PENDED",
	} {
		require.Contains(t, out, s)
	}
	require.NotContains(t, out, "MEMBER0001")
	require.NotContains(t, out, "19700101")
	require.Error(t, Explain(&buf, nil))
	require.False(t, strings.Contains(out, "%!"), "formatting error in explanation")
}

// TestTraceJSONFieldNames pins the trace's JSON field names, which the
// trace subject's consumers read.
func TestTraceJSONFieldNames(t *testing.T) {
	res := decide(t, newReq("ANTHEMCT", []Line{hc("E0781"), hc("J2260")}, dx("I5022")), defaultConfig(t))
	var generic map[string]any
	raw, err := json.Marshal(res.Lines[0])
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &generic))
	for _, k := range []string{"line", "code", "class", "action", "reasons", "admin_ref", "documents", "message", "trace"} {
		require.Contains(t, generic, k)
	}
	trace := generic["trace"].(map[string]any)
	for _, k := range []string{"policy", "version", "rule", "criteria", "decisive", "follows_line", "to_change"} {
		require.Contains(t, trace, k)
	}
	c := trace["criteria"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "result", "evidence"} {
		require.Contains(t, c, k)
	}
	// Criteria are cited by reference: the text and section stay in the
	// policy, and every reference resolves.
	require.NotContains(t, c, "citation")
	for _, r := range res.Lines[0].Trace.Criteria {
		citationOf(t, &res.Lines[0], r.ID)
	}
}
