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
	"github.com/gate278/gate278/adjudicate/pipeline"
)

// seedExpectation is one entry of adversarial/expected.json: what a request must
// get, written from the seed clause before the engine ran on it.
type seedExpectation struct {
	File   string `json:"file"`
	Payer  string `json:"payer"`
	Class  string `json:"class"`
	Clause string `json:"clause"`
	Why    string `json:"why"`
	Event  string `json:"event"`
	Lines  []struct {
		Code        string `json:"code"`
		HCR01       string `json:"hcr01"`
		HCR03       string `json:"hcr03"`
		Recommended string `json:"recommended"`
		Note        string `json:"note"`
		Alt         struct {
			HCR03       []string `json:"hcr03"`
			Recommended []string `json:"recommended"`
		} `json:"alt"`
	} `json:"lines"`
}

func loadExpectations(t *testing.T) []seedExpectation {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("adversarial", "expected.json"))
	require.NoError(t, err)
	var exp []seedExpectation
	require.NoError(t, json.Unmarshal(b, &exp))
	require.GreaterOrEqual(t, len(exp), 100, "the adversarial corpus holds at least 100 requests")
	return exp
}

// lineOutcome is what the gateway answered for one 2000F line.
type lineOutcome struct {
	hcr01, hcr03, recommended string
}

// adversarialOutcomes runs one corpus file under the embedded default
// configuration and reads each line's HCR01/HCR03 from the 278 response and
// the recommendation from its trace.
func adversarialOutcomes(t *testing.T, file string) (lines []lineOutcome, event string) {
	t.Helper()
	lines, event, _ = corpusOutcomes(t, "adversarial", file)
	return lines, event
}

// corpusOutcomes runs one file of a corpus directory under the embedded
// default configuration and reads each line's outcome, the event's HCR01
// and the first AAA above the lines ("AAA<code>@<HL03>", or "").
func corpusOutcomes(t *testing.T, dir, file string) (lines []lineOutcome, event, upper string) {
	t.Helper()
	r := run(t, sample{name: dir + "/" + file, path: filepath.Join(dir, file)})
	for _, out := range r.outputs {
		if out.kind != pipeline.Kind278 {
			continue
		}
		level := ""
		for _, seg := range segments(out.data) {
			switch seg[0] {
			case "HL":
				level = el(seg, 3)
				if level == "SS" {
					lines = append(lines, lineOutcome{hcr01: "-"})
				}
			case "HCR":
				switch level {
				case "SS":
					lines[len(lines)-1].hcr01, lines[len(lines)-1].hcr03 = el(seg, 1), el(seg, 3)
				case "EV":
					event = el(seg, 1)
				}
			case "AAA":
				if level == "SS" {
					lines[len(lines)-1].hcr01 = "AAA" + el(seg, 3)
				} else if upper == "" {
					upper = "AAA" + el(seg, 3) + "@" + level
				}
			}
		}
	}
	for _, ln := range strings.Split(strings.TrimSpace(string(r.traces)), "\n") {
		if ln == "" {
			continue
		}
		var rec pipeline.TraceRecord
		require.NoError(t, json.Unmarshal([]byte(ln), &rec))
		for i, ld := range rec.Result.Lines {
			if i < len(lines) {
				lines[i].recommended = ld.Trace.Recommended
			}
		}
	}
	if len(lines) == 0 && upper == "" {
		for _, out := range r.outputs {
			if out.kind == pipeline.KindAck {
				upper = "999" // the set was answered by a 999 alone
				break
			}
		}
	}
	return lines, event, upper
}

// TestAdversarialCorpus runs every request of samples/adversarial, each
// written from a seed clause with its expected outcome before the engine
// ran on it, and compares every line. A line certified (A1) where the seed
// does not support it is a wrong approval, the worst defect this product
// can have; under the default configuration (adverse: review) no line may be
// A3 either.
func TestAdversarialCorpus(t *testing.T) {
	exp := loadExpectations(t)
	var wrongA1, other []string
	for _, e := range exp {
		got, event := adversarialOutcomes(t, e.File)
		if len(got) != len(e.Lines) {
			other = append(other, fmt.Sprintf("%s: %d lines answered, %d expected", e.File, len(got), len(e.Lines)))
			continue
		}
		for i, want := range e.Lines {
			g := got[i]
			where := fmt.Sprintf("%s line %d (%s, %s)", e.File, i+1, want.Code, e.Class)
			switch {
			case g.hcr01 == adjudicate.ActionCertified && want.HCR01 != adjudicate.ActionCertified:
				wrongA1 = append(wrongA1, fmt.Sprintf("%s: certified, expected %s/%s — %s", where, want.HCR01, want.HCR03, want.Note))
			case g.hcr01 == adjudicate.ActionNotCertified:
				other = append(other, fmt.Sprintf("%s: A3 under the default configuration (adverse: review)", where))
			case g.hcr01 == adjudicate.ActionPended && want.HCR01 == adjudicate.ActionCertified && overPends[fmt.Sprintf("%s line %d", e.File, i+1)] != "":
				t.Logf("over-pend (reasoned exception): %s: %s", where, overPends[fmt.Sprintf("%s line %d", e.File, i+1)])
			case g.hcr01 != want.HCR01:
				other = append(other, fmt.Sprintf("%s: %s/%s, expected %s/%s — %s", where, g.hcr01, g.hcr03, want.HCR01, want.HCR03, want.Note))
			case want.HCR01 == adjudicate.ActionPended && g.hcr03 != want.HCR03 && !slices.Contains(want.Alt.HCR03, g.hcr03):
				other = append(other, fmt.Sprintf("%s: A4/%s, expected A4/%s — %s", where, g.hcr03, want.HCR03, want.Note))
			case want.Recommended != g.recommended && !slices.Contains(want.Alt.Recommended, g.recommended):
				other = append(other, fmt.Sprintf("%s: recommended %q, expected %q — %s", where, g.recommended, want.Recommended, want.Note))
			}
		}
		if e.Event != "" && event != e.Event {
			other = append(other, fmt.Sprintf("%s: event %s, expected %s", e.File, event, e.Event))
		}
	}
	t.Logf("%d requests, %d wrong approvals, %d other differences", len(exp), len(wrongA1), len(other))
	if len(wrongA1) > 0 {
		t.Errorf("wrong approvals (%d):\n  %s", len(wrongA1), strings.Join(wrongA1, "\n  "))
	}
	if len(other) > 0 {
		t.Errorf("differences from the expected outcomes (%d):\n  %s", len(other), strings.Join(other, "\n  "))
	}
}

// overPends are the corpus lines the engine pends where the corpus expected a
// certification, each with the reason it is a reasoned over-pend and not a
// defect. Only over-pends may be listed here: a wrong approval never is.
var overPends = map[string]string{
	"adv-vt-pos-ind2-amphotericin-invasive-aspergillosis.x12 line 1": "amphotericin B is on the drug table's LCD V(C) list for intermittent, rate-controlled infusion; a 24 h/day regimen contradicts the list entry that would show Vermont condition 6 (proven advantage over infusions under 8 hours), so a clinician judges it and the medical record does not attest over the contradiction (DESIGN §5: contradiction beats attestation). The same rule keeps acyclovir on E0779 (adv-vt-combine-acyclovir-plus-5fu-nocancer-e0779) from a wrong approval.",
}

// TestNoA3UnderTheDefaultConfiguration runs every adjudication and corpus
// sample under the embedded default configuration, whatever its own
// configuration file says: adverse determinations are made by clinicians
// (DESIGN §5), so no line and no event may be HCR*A3.
func TestNoA3UnderTheDefaultConfiguration(t *testing.T) {
	var files []string
	for _, pat := range []string{"adjudication/*.x12", "adversarial/*.x12"} {
		fs, err := filepath.Glob(pat)
		require.NoError(t, err)
		files = append(files, fs...)
	}
	require.NotEmpty(t, files)
	for _, f := range files {
		r := run(t, sample{name: f, path: f}) // no config: the embedded default
		for _, out := range r.outputs {
			if out.kind != pipeline.Kind278 {
				continue
			}
			for _, seg := range segments(out.data) {
				require.False(t, seg[0] == "HCR" && el(seg, 1) == adjudicate.ActionNotCertified, "%s: HCR*A3 under the default configuration", f)
			}
		}
	}
}
