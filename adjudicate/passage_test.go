package adjudicate

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fromReference are the criteria that come from shared/docs/criteria.md
// rather than a seed sentence, so carry no passage (Config.Passage returns
// an empty text for them). None does today: every criterion's cite.section
// names a section of its seed, including ANTHEM.SCOPE.NOT_DM and
// ANTHEM.SCOPE.NOT_PH, whose section also names criteria.md Correction 1
// but whose rule is the seed's Description sentence. A criterion added from
// criteria.md alone goes here, with the reason.
var fromReference = map[string]string{}

// hyphenBreak is a word hyphenated across a line break in a seed, after
// whitespace is collapsed ("non- liposomal").
var hyphenBreak = regexp.MustCompile(`(\w)- (\w)`)

// normPassage collapses every run of whitespace to one space and joins a
// word hyphenated across a line break, as samples/adversarial/gen_corpus.py
// does: the form a passage is written in.
func normPassage(s string) string {
	return hyphenBreak.ReplaceAllString(strings.Join(strings.Fields(s), " "), "$1-$2")
}

// seedsDir is where the seed documents are: $GATE278_SEEDS, else
// shared/seeds beside the repository (../shared/seeds from its root).
func seedsDir() string {
	if d := os.Getenv("GATE278_SEEDS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "seeds")
}

// TestPassagesVerbatim: every passage is the seed's own words, verbatim in
// the seed file it cites after whitespace normalisation. It needs the
// seeds, which a checkout of the repository alone does not have.
func TestPassagesVerbatim(t *testing.T) {
	dir := seedsDir()
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("seed documents not found in %s: set GATE278_SEEDS to the seeds directory to check the passages against them", dir)
	}
	ps, err := Policies()
	require.NoError(t, err)
	seeds := map[string]string{}
	n := 0
	for _, p := range ps {
		for _, c := range p.criteria {
			if c.passage == "" {
				continue
			}
			seed, ok := seeds[c.cite.File]
			if !ok {
				raw, err := os.ReadFile(filepath.Join(dir, c.cite.File))
				require.NoError(t, err, "%s cites seed %s", c.id, c.cite.File)
				seed = normPassage(string(raw))
				seeds[c.cite.File] = seed
			}
			require.True(t, strings.Contains(seed, c.passage), "%s %s: the passage is not verbatim in %s: %q", p.id, c.id, c.cite.File, c.passage)
			n++
		}
	}
	require.Positive(t, n)
}

// TestPassagesPresent: every criterion carries its seed passage, written
// normalised, except those fromReference, which carry none.
func TestPassagesPresent(t *testing.T) {
	ps, err := Policies()
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, p := range ps {
		for _, c := range p.criteria {
			seen[c.id] = true
			if _, ok := fromReference[c.id]; ok {
				require.Empty(t, c.passage, "%s comes from criteria.md: its passage stays empty", c.id)
				continue
			}
			require.NotEmpty(t, c.passage, "%s %s cites %q: cite.passage must give the seed's words", p.id, c.id, c.cite.Section)
			require.Equal(t, normPassage(c.passage), c.passage, "%s: write the passage with whitespace collapsed", c.id)
		}
	}
	for id := range fromReference {
		require.True(t, seen[id], "fromReference names %s, which no policy has", id)
	}
}

func TestConfigPassage(t *testing.T) {
	cfg, err := DefaultConfig()
	require.NoError(t, err)
	for _, tc := range []struct {
		policy, criterion string
		section, text     string
		ok                bool
	}{
		{"anthem-ct-cg-dme-21", "ANTHEM.IV.SET1.c",
			"Clinical Indications › Medically Necessary › Criteria set 1, bullet 3",
			"The drug is administered by a prolonged infusion of at least 8 hours because of proven improved clinical efficacy", true},
		{"anthem-ct-cg-dme-21", "ANTHEM.SCOPE.NOT_NUTRITION",
			`Description (opening paragraph, "This document addresses…") and Note (CG-MED-08)`,
			"The administration of oral or enteral nutrition is not addressed in this document.", true},
		{"vt-dvha-eip", "VT.IND.1", "Coverage Guidelines, indication 1",
			"Parenteral anticancer chemotherapy drugs (bleomycin, cladribine, cytarabine, doxorubicin (non-liposomal), floxuridine, fluorouracil, vinblastine, vincristine, etc.) in providing an evidence-based chemotherapy regimen.", true},
		{"vt-dvha-eip", "VT.PRESCRIBER.ENROLLED", "Coverage Position, bullet 1 (enrolled in the Vermont Medicaid program)",
			"enrolled in the Vermont Medicaid program", true},
		{"vt-dvha-eip", "VT.EXCL.EI", "Type of service or procedure not covered",
			"The DVHA considers external infusion pumps experimental and investigational for all other indications not listed in the Coverage Guidelines.", true},
		// A criterion of the other policy, an unknown criterion, an unknown
		// policy, and empty names.
		{"vt-dvha-eip", "ANTHEM.IV.SET1.c", "", "", false},
		{"anthem-ct-cg-dme-21", "ANTHEM.NO.SUCH", "", "", false},
		{"no-such-policy", "VT.IND.1", "", "", false},
		{"", "", "", "", false},
	} {
		section, text, ok := cfg.Passage(tc.policy, tc.criterion)
		require.Equal(t, tc.ok, ok, "%s %s", tc.policy, tc.criterion)
		require.Equal(t, tc.section, section, "%s %s", tc.policy, tc.criterion)
		require.Equal(t, tc.text, text, "%s %s", tc.policy, tc.criterion)
	}
}

// TestPassageNotInOutput: passages are for display only; a decision's JSON
// and a policy's criteria listing carry none.
func TestPassageNotInOutput(t *testing.T) {
	cfg, err := DefaultConfig()
	require.NoError(t, err)
	res, err := Decide(&Request{
		Identity: "SUBMITTER|000000101|101|0001", PayerQualifier: "PI", PayerID: "ANTHEMCT", SubscriberID: "MEMBER0001",
		Event: Event{Category: "HS", CertType: "I", ServiceType: "18", POS: "12", From: "20260301", To: "20260331",
			Diagnoses: []Diagnosis{{Qualifier: "ABK", Code: "C189"}}},
		Lines: []Line{{Qualifier: "HC", Code: "E0779", Modifiers: []string{"RR"}, Units: 1}, {Qualifier: "HC", Code: "J9190", Units: 5}},
	}, cfg, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	out, err := json.Marshal(res)
	require.NoError(t, err)
	ps, err := Policies()
	require.NoError(t, err)
	for _, p := range ps {
		info, err := json.Marshal(p.Criteria())
		require.NoError(t, err)
		require.NotContains(t, string(info), "passage")
		for _, c := range p.criteria {
			require.NotContains(t, string(out), c.passage+`"`, c.id)
		}
	}
	require.NotContains(t, string(out), "passage")
}
