package adjudicate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

// TestPolicyHistory: every embedded policy's current version has its
// citation table in policies/history, equal to the policy's criteria (a
// criterion's text or citation changes only with a new version, so a trace
// always resolves to the words it was decided under). go test -update
// writes the table of a new version; the tables of earlier versions stay.
func TestPolicyHistory(t *testing.T) {
	ps, err := Policies()
	require.NoError(t, err)
	for _, p := range ps {
		want, err := json.MarshalIndent(p.history(), "", "  ")
		require.NoError(t, err)
		want = append(want, '\n')
		path := filepath.Join(historyDir, historyName(p.id, p.version))
		if *update {
			require.NoError(t, os.WriteFile(path, want, 0o644))
			continue
		}
		got, err := historyFiles.ReadFile(historyDir + "/" + historyName(p.id, p.version))
		require.NoError(t, err, "%s version %s has no citation table in %s: run go test ./adjudicate -run TestPolicyHistory -update", p.id, p.version, historyDir)
		require.Equal(t, string(want), string(got),
			"%s version %s: the criteria's texts or citations changed without a new version; give the policy a new version and run go test ./adjudicate -run TestPolicyHistory -update", p.id, p.version)
	}
	_, h, err := loadHistory()
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(h), len(ps))
}

func TestLookupCriterion(t *testing.T) {
	ps, err := Policies()
	require.NoError(t, err)
	a := ps["anthem-ct-cg-dme-21"]
	text, cite, ok := LookupCriterion(a.ID(), a.Version(), "ANTHEM.IV.SET1.c")
	require.True(t, ok)
	require.Equal(t, a.byID["ANTHEM.IV.SET1.c"].text, text)
	require.Equal(t, a.Seed().File, cite.File)
	require.Contains(t, cite.Section, "Criteria set 1")
	_, _, ok = LookupCriterion(a.ID(), "0.0.1", "ANTHEM.IV.SET1.c")
	require.False(t, ok, "a version the gateway keeps no record of")
	_, _, ok = LookupCriterion(a.ID(), a.Version(), "ANTHEM.NO.SUCH")
	require.False(t, ok)
	_, _, ok = LookupCriterion("no-such-policy", "1.0.0", "X")
	require.False(t, ok)
}

func TestReadHistory(t *testing.T) {
	good := `{"id":"p","version":"0.9.0","title":"P","seed":{"file":"s.txt","document":"P"},"criteria":[{"id":"P.A","text":"A.","cite":{"file":"s.txt","section":"§1"}}]}`
	h, err := readHistory(fstest.MapFS{"h/p.v0.9.0.json": {Data: []byte(good)}}, "h")
	require.NoError(t, err)
	require.Equal(t, "§1", h[[2]string{"p", "0.9.0"}].byID["P.A"].Cite.Section)
	_, err = readHistory(fstest.MapFS{"h/p.v1.json": {Data: []byte(good)}}, "h")
	require.ErrorContains(t, err, "p.v0.9.0.json")
	_, err = readHistory(fstest.MapFS{"h/p.v0.9.0.json": {Data: []byte(`{"id":"p","version":"0.9.0","criteria":[{"id":"P.A"}]}`)}}, "h")
	require.ErrorContains(t, err, "criteria[0]")
}

// citationOf resolves a criterion result of a line's trace to its
// citation, as explain does.
func citationOf(t testing.TB, ld *LineDecision, id string) Citation {
	t.Helper()
	_, cite, ok := LookupCriterion(ld.Trace.Policy, ld.Trace.Version, id)
	require.True(t, ok, "%s of %s version %s", id, ld.Trace.Policy, ld.Trace.Version)
	return cite
}
