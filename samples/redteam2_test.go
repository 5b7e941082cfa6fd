package samples_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
)

// redTeamExpectation is one entry of redteam2/expected.json, written by a
// blind reviewer from the seed clause before the engine ran on it.
type redTeamExpectation struct {
	File    string `json:"file"`
	Class   string `json:"class"`
	Clause  string `json:"clause"`
	PostRun bool   `json:"post_run"`
	Lines   []struct {
		Code   string   `json:"code"`
		HCR01  string   `json:"hcr01"` // A1, A4, C or AAA
		Accept []string `json:"accept"`
		Note   string   `json:"note"`
	} `json:"lines"`
}

// redTeamKnownLimits are the corpus lines the engine certifies against the
// reviewer's expectation, each with why it is a known limit rather than a
// defect. Only a wrong approval that rests on free text may be listed:
// DESIGN §5 reads structured data only (free text never satisfies a
// criterion, and the engine does not parse natural language), so a MSG
// that contradicts a coded diagnosis is for the reviewer who reads it.
// The file must carry a MSG (checked).
var redTeamKnownLimits = map[string]string{
	"rt2-anthem-conflict-msg-says-dx-entered-in-error.x12 line 1": "the contradiction is only in the event MSG (the cancer code 'entered in error'); the coded C18.0 and 5-FU meet set 1. DESIGN §5 reads structured data only and is silent on free text that contradicts it; the engine does not parse natural language (samples/redteam2/README.md, known limits).",
}

// redTeamOverPends are lines the engine pends where the reviewer expected
// a certification, each with its reason. None today.
var redTeamOverPends = map[string]string{}

// TestRedTeam2Corpus runs every request of samples/redteam2 under the
// embedded default configuration and compares every line with the
// reviewer's expectation (or one of its accepted alternatives): no wrong
// approval, no A3, no over-pend beyond the reasoned exceptions above.
func TestRedTeam2Corpus(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("redteam2", "expected.json"))
	require.NoError(t, err)
	var exp []redTeamExpectation
	require.NoError(t, json.Unmarshal(b, &exp))
	require.GreaterOrEqual(t, len(exp), 40)
	var wrongA1, other []string
	positives, certified := 0, 0
	for _, e := range exp {
		got, _, upper := corpusOutcomes(t, "redteam2", e.File)
		for i, want := range e.Lines {
			g := upper
			if i < len(got) {
				g = got[i].hcr01
			}
			if g == "" || g == "-" {
				g = "?"
			}
			key := fmt.Sprintf("%s line %d", e.File, i+1)
			where := fmt.Sprintf("%s (%s, %s)", key, want.Code, e.Class)
			if want.HCR01 == adjudicate.ActionCertified {
				positives++
			}
			if g == adjudicate.ActionCertified {
				certified++
			}
			fine := func(w string) bool { return g == w || (w == "AAA" && strings.HasPrefix(g, "AAA")) }
			switch {
			case fine(want.HCR01) || slices.ContainsFunc(want.Accept, fine):
			case g == adjudicate.ActionCertified && redTeamKnownLimits[key] != "":
				raw, err := os.ReadFile(filepath.Join("redteam2", e.File))
				require.NoError(t, err)
				require.Contains(t, string(raw), "MSG*", "%s: a known limit must rest on free text", key)
				t.Logf("known limit (free text): %s: %s", where, redTeamKnownLimits[key])
			case g == adjudicate.ActionCertified:
				wrongA1 = append(wrongA1, fmt.Sprintf("%s: certified, expected %s — %s", where, want.HCR01, want.Note))
			case g == adjudicate.ActionNotCertified:
				other = append(other, where+": A3 under the default configuration (adverse: review)")
			case want.HCR01 == adjudicate.ActionCertified && redTeamOverPends[key] != "":
				t.Logf("over-pend (reasoned exception): %s: %s", where, redTeamOverPends[key])
			default:
				other = append(other, fmt.Sprintf("%s: %s, expected %s — %s", where, g, want.HCR01, want.Note))
			}
		}
	}
	t.Logf("%d requests, %d lines expected A1, %d certified, %d wrong approvals, %d other differences", len(exp), positives, certified, len(wrongA1), len(other))
	require.NotZero(t, positives, "the corpus has positive controls")
	if len(wrongA1) > 0 {
		t.Errorf("wrong approvals (%d):\n  %s", len(wrongA1), strings.Join(wrongA1, "\n  "))
	}
	if len(other) > 0 {
		t.Errorf("differences from the expected outcomes (%d):\n  %s", len(other), strings.Join(other, "\n  "))
	}
}
