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
	auto  bool // adverse: auto (the denials); else the embedded default
}{
	{"anthem-set1-certified", "ANTHEMCT", []Line{hc("E0779", modifiers("RR")), hc("A4222"), hc("J9190")}, nil, false},
	{"anthem-oral-denied", "ANTHEMCT", []Line{hc("E0781"), hc("J8520")}, nil, true},
	{"anthem-pend-documents", "ANTHEMCT", []Line{hc("E0781"), hc("J9190")}, nil, false},
	{"vt-meperidine-denied", "VTMEDICAID", []Line{hc("E0781"), hc("J2175")}, []mod{dx("C509", "G893"), ordering(npiOncologist, "207RX0202X"), pwk("DB")}, true},
	{"vt-chemo-certified", "VTMEDICAID", []Line{hc("E0781", hours(46)), hc("A4221"), hc("J9190")}, []mod{ordering(npiOncologist, "207RX0202X"), pwk("DB"), pwk("M1")}, false},
	{"missing-subscriber", "ANTHEMCT", []Line{hc("E0779")}, []mod{func(r *Request) { r.SubscriberID = "" }}, false},
	{"cancel", "VTMEDICAID", []Line{hc("E0781"), hc("A4221")}, []mod{cert("3"), priorAuth("CAUTH0001")}, false},
}

// autoConfig is the default configuration with automatic denials.
const autoConfig = `{"defaults":{"adverse":"auto"}}`

func TestExplainGolden(t *testing.T) {
	for _, gc := range goldenCases {
		t.Run(gc.name, func(t *testing.T) {
			cfg := defaultConfig(t)
			if gc.auto {
				cfg = configJSON(t, autoConfig)
			}
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
	res := decide(t, newReq("VTMEDICAID", []Line{hc("E0781"), hc("J2175")}, dx("C509", "G893"), pwk("DB")), configJSON(t, autoConfig))
	var buf bytes.Buffer
	require.NoError(t, Explain(&buf, res))
	out := buf.String()
	for _, s := range []string{
		"Outcome: PENDED.",
		"Line 2 (J2175 drug) pends: drug lines are reviewed under the drug benefit",
		"Line 1: E0781 ambulatory infusion pump, electric or battery operated, worn by the patient (infusion pump)",
		"Decision: NOT CERTIFIED",
		"experimental service or procedure (0T)",
		"NOT MET  VT.IND.7.NO_MEPERIDINE: The narcotic analgesic is not meperidine.",
		"source: DVHA External Infusion Pump guideline, Coverage Guidelines, indication 7 (except meperidine) (004_27486b74d1dcb4ec.txt)",
		"NOT CHECKED  VT.PRESCRIBER.ENROLLED",
		"shown by: an attachment that can show it: PWK DB (DME prescription)",
		"What would change the outcome:",
		"a narcotic analgesic other than meperidine",
		"Line 2: J2175 meperidine HCl, per 100 mg (drug)",
		"Decision: PENDED",
	} {
		require.Contains(t, out, s)
	}
	require.NotContains(t, out, "MEMBER0001")
	require.NotContains(t, out, "19700101")
	require.Error(t, Explain(&buf, nil))
	require.False(t, strings.Contains(out, "%!"), "formatting error in explanation")
}

// TestExplainPendHeadline: when the event pends, the headline says which
// line pends and why before anything else.
func TestExplainPendHeadline(t *testing.T) {
	res := decide(t, newReq("VTMEDICAID", []Line{hc("E0781", hours(46)), hc("J9190")}, ordering(npiOncologist, "207RX0202X")), defaultConfig(t))
	require.Equal(t, ActionPended, res.Lines[0].Action)
	require.Equal(t, RulePendDocuments, res.Lines[0].Trace.Rule)
	var buf bytes.Buffer
	require.NoError(t, Explain(&buf, res))
	head, _, _ := strings.Cut(buf.String(), "\nLine 1:")
	require.Contains(t, head, "Outcome: PENDED.\n  Line 1 (E0781 pump) pends for documents: ")
	require.Contains(t, head, "progress note (LOINC 11506-3)")
}

// TestExplainNotApplicable: a criterion that cannot apply is listed apart,
// never as failed.
func TestExplainNotApplicable(t *testing.T) {
	res := decide(t, newReq("ANTHEMCT", []Line{hc("E0779"), hc("J9190")}), defaultConfig(t))
	tr := &res.Lines[0].Trace
	for i := range tr.Criteria {
		if strings.HasPrefix(tr.Criteria[i].ID, "ANTHEM.ENT.") {
			tr.Criteria[i].Result = NotApplicable
		}
	}
	var buf bytes.Buffer
	require.NoError(t, Explain(&buf, res))
	out := buf.String()
	_, na, ok := strings.Cut(out, "  Not applicable to this request:\n")
	require.True(t, ok, out)
	require.Contains(t, na, "    ANTHEM.ENT.a: The infusion pump is necessary to safely administer the enteral drug.")
	require.NotContains(t, out, "NOT MET  ANTHEM.ENT.a")
}

// TestExplainOtherVersions: a result decided under a superseded policy
// version is explained with that version's texts from the history; a
// version the gateway keeps no record of is said so, and its criteria are
// shown by ID.
func TestExplainOtherVersions(t *testing.T) {
	res := decide(t, newReq("ANTHEMCT", []Line{hc("E0779"), hc("J9190")}), defaultConfig(t))
	old := func(version string) string {
		r := *res
		r.PolicyVersion = version
		r.Lines = append([]LineDecision(nil), res.Lines...)
		for i := range r.Lines {
			r.Lines[i].Trace.Version = version
		}
		var buf bytes.Buffer
		require.NoError(t, Explain(&buf, &r))
		return buf.String()
	}
	out := old("0.0.1")
	require.Contains(t, out, "Note: this decision was made under anthem-ct-cg-dme-21 version 0.0.1, which this gateway keeps no record of (it holds version "+res.PolicyVersion+").")
	require.Contains(t, out, "    MET  ANTHEM.IV.SET1.a\n")
	require.NotContains(t, out, "source:")

	_, h, err := loadHistory()
	require.NoError(t, err)
	superseded := newCitationTable(&historyFile{ID: "anthem-ct-cg-dme-21", Version: "0.9.0", Title: "CG-DME-21 as it was", Seed: SeedInfo{File: "000_215f0b6b90ae3e1a.txt", Document: "CG-DME-21"},
		Criteria: []historyCriterion{{ID: "ANTHEM.IV.SET1.a", Text: "Home parenteral administration is reasonable and necessary.", Cite: Citation{File: "000_215f0b6b90ae3e1a.txt", Section: "Criteria set 1, first bullet"}}}})
	key := [2]string{"anthem-ct-cg-dme-21", "0.9.0"}
	h[key] = superseded
	defer delete(h, key)
	out = old("0.9.0")
	require.Contains(t, out, "Policy: CG-DME-21 as it was (anthem-ct-cg-dme-21 version 0.9.0")
	require.Contains(t, out, "MET  ANTHEM.IV.SET1.a: Home parenteral administration is reasonable and necessary.")
	require.Contains(t, out, "source: CG-DME-21, Criteria set 1, first bullet (000_215f0b6b90ae3e1a.txt)")
}

// TestTraceJSONFieldNames pins the trace's JSON field names, which the
// trace subject's consumers read.
func TestTraceJSONFieldNames(t *testing.T) {
	res := decide(t, newReq("ANTHEMCT", []Line{hc("E0781"), hc("J9190")}), defaultConfig(t))
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
