package samples_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// now is the clock of every golden: gate278 adjudicate -now 2026-03-02T09:16:00Z.
var now = time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC)

// sample is one input file and where its goldens live.
type sample struct {
	name   string // path relative to samples/, e.g. adjudication/x.x12
	path   string // input file
	golden string // golden path prefix: <golden>.out, <golden>.trace.jsonl, <golden>.explain.txt
	config string // <path>.config.json when present
}

// samples lists every input: samples/adjudication/*.x12, samples/errors/*.edi,
// and the request samples of samples/requests/ (goldens under testdata/requests/).
func samples(t *testing.T) []sample {
	t.Helper()
	var out []sample
	for _, pat := range []string{"adjudication/*.x12", "errors/*.edi", "requests/*.x12"} {
		files, err := filepath.Glob(pat)
		require.NoError(t, err)
		for _, f := range files {
			s := sample{name: f, path: f, golden: f}
			if strings.HasPrefix(f, "requests/") {
				s.golden = filepath.Join("testdata", f)
			}
			if _, err := os.Stat(f + ".config.json"); err == nil {
				s.config = f + ".config.json"
			}
			out = append(out, s)
		}
	}
	require.NotEmpty(t, out)
	slices.SortFunc(out, func(a, b sample) int { return strings.Compare(a.name, b.name) })
	return out
}

// output is one emitted interchange.
type output struct {
	kind string
	data []byte
}

// result is everything a sample produces, in the CLI's order.
type result struct {
	outputs []output // TA1s, then 999s, then 278s (as gate278 adjudicate prints them)
	traces  []byte   // one JSON trace per line (gate278 adjudicate -trace)
	explain []byte   // gate278 explain, per request
}

func (r *result) stdout() []byte {
	var b bytes.Buffer
	for _, o := range r.outputs {
		b.Write(o.data)
	}
	return b.Bytes()
}

func loadConfig(t *testing.T, s sample) *adjudicate.Config {
	t.Helper()
	if s.config == "" {
		cfg, err := adjudicate.DefaultConfig()
		require.NoError(t, err)
		return cfg
	}
	f, err := os.Open(s.config)
	require.NoError(t, err)
	defer f.Close()
	cfg, err := adjudicate.LoadConfig(f)
	require.NoError(t, err, s.config)
	return cfg
}

// run processes a sample as gate278 adjudicate -now 2026-03-02T09:16:00Z does.
func run(t *testing.T, s sample) *result {
	t.Helper()
	in, err := os.Open(s.path)
	require.NoError(t, err)
	defer in.Close()
	var ta1, acks, resp []output
	res := &result{}
	var traces, explain bytes.Buffer
	_, err = pipeline.Process(context.Background(), in, pipeline.Options{Now: now, Config: loadConfig(t, s)}, func(o pipeline.Output) error {
		switch o.Kind {
		case pipeline.KindTA1:
			ta1 = append(ta1, output{o.Kind, bytes.Clone(o.Data)})
		case pipeline.KindAck:
			acks = append(acks, output{o.Kind, bytes.Clone(o.Data)})
		case pipeline.Kind278:
			resp = append(resp, output{o.Kind, bytes.Clone(o.Data)})
		case pipeline.KindTrace:
			traces.Write(o.Data)
			traces.WriteByte('\n')
			var rec pipeline.TraceRecord
			if err := json.Unmarshal(o.Data, &rec); err != nil {
				return err
			}
			fmt.Fprintf(&explain, "=== Request %s (transaction set %s of group %s, interchange %s from %s)\n",
				rec.Reference, rec.Set, rec.Group, rec.Interchange, rec.Sender)
			if err := adjudicate.Explain(&explain, rec.Result); err != nil {
				return err
			}
			explain.WriteByte('\n')
		}
		return nil
	})
	require.NoError(t, err)
	res.outputs = append(append(ta1, acks...), resp...)
	res.traces, res.explain = traces.Bytes(), explain.Bytes()
	return res
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if len(got) == 0 {
			os.Remove(path)
			return
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if len(got) == 0 && os.IsNotExist(err) {
		return
	}
	require.NoError(t, err, "missing golden %s: run go test ./samples -update", path)
	require.Equal(t, string(want), string(got), "golden %s differs: review the change, then go test ./samples -update", path)
}

// TestGoldens compares every sample's outputs byte for byte with its goldens.
func TestGoldens(t *testing.T) {
	for _, s := range samples(t) {
		t.Run(s.name, func(t *testing.T) {
			r := run(t, s)
			golden(t, s.golden+".out", r.stdout())
			golden(t, s.golden+".trace.jsonl", r.traces)
			if strings.HasPrefix(s.name, "adjudication/") {
				golden(t, s.golden+".explain.txt", r.explain)
			}
		})
	}
}

// TestDeterminism processes every sample twice: the bytes must not change.
func TestDeterminism(t *testing.T) {
	for _, s := range samples(t) {
		a, b := run(t, s), run(t, s)
		require.Equal(t, string(a.stdout()), string(b.stdout()), s.name)
		require.Equal(t, string(a.traces), string(b.traces), s.name)
	}
}

// TestCriteriaCoverage checks that every criterion of the embedded policies
// is evaluated (met, not met, unknown or attested) by at least one sample.
func TestCriteriaCoverage(t *testing.T) {
	ids, err := adjudicate.CriterionIDs()
	require.NoError(t, err)
	seen := map[string]map[string]bool{}
	for _, s := range samples(t) {
		r := run(t, s)
		for _, ln := range bytes.Split(bytes.TrimSpace(r.traces), []byte("\n")) {
			if len(ln) == 0 {
				continue
			}
			var rec struct {
				Result struct {
					Lines []struct {
						Trace struct {
							Criteria []struct{ ID, Result string }
						}
					}
				}
			}
			require.NoError(t, json.Unmarshal(ln, &rec), s.name)
			for _, l := range rec.Result.Lines {
				for _, c := range l.Trace.Criteria {
					if seen[c.ID] == nil {
						seen[c.ID] = map[string]bool{}
					}
					seen[c.ID][c.Result] = true
				}
			}
		}
	}
	var missing []string
	for _, id := range ids {
		exercised := false
		for res := range seen[id] {
			if res != "skipped" {
				exercised = true
			}
		}
		if !exercised {
			missing = append(missing, id)
		}
	}
	require.Empty(t, missing, "criteria never evaluated (only skipped or absent) in any sample's trace")
}

// ---- reading the outputs back, independently of the gateway's code ----

// segments splits one interchange using the delimiters its ISA declares.
func segments(data []byte) [][]string {
	s := string(data)
	elem, term := byte('*'), byte('~')
	if strings.HasPrefix(s, "ISA") && len(s) >= 106 {
		elem, term = s[3], s[105]
	}
	var out [][]string
	for _, seg := range strings.Split(s, string(term)) {
		seg = strings.Trim(seg, "\r\n")
		if seg == "" {
			continue
		}
		out = append(out, strings.Split(seg, string(elem)))
	}
	return out
}

func el(seg []string, i int) string {
	if i < len(seg) {
		return seg[i]
	}
	return ""
}

// outcome is the key result of a sample, computed from its outputs.
type outcome struct {
	TA1 []string // TA104/TA105 per TA1, e.g. "R/005"
	// Ack has one entry per 999 interchange: for each group, "IK5 " and the
	// IK5 elements of each set, then "AK9 " with AK901 and any AK905…
	// codes, e.g. "IK5 A; IK5 R/5; AK9 P".
	Ack []string
	// Sets has one entry per 278 response set: the HL levels that carry a
	// decision or an error, in order, as LEVEL:HCR01[/HCR03] or
	// LEVEL:AAA=AAA03 (20 UMO, 22 subscriber, EV event, SS service line;
	// HCR03 repetitions joined by the file's repetition separator), e.g.
	// "EV:A4/0V SS:A1 SS:A4/0V". A service line with neither is "SS:-".
	Sets []string
}

func summarize(r *result) outcome {
	var o outcome
	for _, out := range r.outputs {
		segs := segments(out.data)
		switch out.kind {
		case pipeline.KindTA1:
			for _, seg := range segs {
				if seg[0] == "TA1" {
					o.TA1 = append(o.TA1, el(seg, 4)+"/"+el(seg, 5))
				}
			}
		case pipeline.KindAck:
			var parts []string
			for _, seg := range segs {
				switch seg[0] {
				case "IK5":
					parts = append(parts, "IK5 "+strings.Join(seg[1:], "/"))
				case "AK9":
					parts = append(parts, "AK9 "+strings.Join(append([]string{seg[1]}, seg[min(5, len(seg)):]...), "/"))
				}
			}
			o.Ack = append(o.Ack, strings.Join(parts, "; "))
		case pipeline.Kind278:
			var cur []string
			level := ""
			for _, seg := range segs {
				switch seg[0] {
				case "ST":
					cur = nil
				case "HL":
					level = el(seg, 3)
					if level == "SS" {
						cur = append(cur, "SS:-")
					}
				case "HCR":
					v := el(seg, 1)
					if r := el(seg, 3); r != "" {
						v += "/" + r
					}
					cur = setLast(cur, level, v)
				case "AAA":
					cur = setLast(cur, level, "AAA="+el(seg, 3))
				case "SE":
					o.Sets = append(o.Sets, strings.Join(cur, " "))
				}
			}
		}
	}
	return o
}

// setLast records v for the current HL: a service line's placeholder is
// replaced; other levels are appended.
func setLast(cur []string, level, v string) []string {
	if level == "SS" && len(cur) > 0 && cur[len(cur)-1] == "SS:-" {
		cur[len(cur)-1] = "SS:" + v
		return cur
	}
	if level == "SS" {
		cur[len(cur)-1] += "," + v
		return cur
	}
	return append(cur, level+":"+v)
}

// TestSummaries prints the outcome of every sample (go test -run TestSummaries -v).
func TestSummaries(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("verbose only")
	}
	for _, s := range samples(t) {
		o := summarize(run(t, s))
		t.Logf("%s\n\tTA1 %q\n\t999 %q\n\t278 %q", s.name, o.TA1, o.Ack, o.Sets)
	}
}

// expectation is what one sample proves, checked from its outputs.
type expectation struct {
	file   string   // relative to samples/
	ta1    []string // TA104/TA105 of each TA1
	ack    []string // see outcome.Ack
	sets   []string // see outcome.Sets
	known  string   // a known bug in the gateway: the expectation is what the guide says, the golden what the code does
	proves string
}

// expectations is the README table, as a test. Every sample has a row.
var expectations = []expectation{
	{file: "adjudication/aaa-bad-procedure-code.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V SS:AAA=AG SS:AAA=AG"}, proves: "2000F procedure codes that are not well-formed HCPCS (E07) or 11-digit NDC (8 digits) get AAA AG in their own loop and no HCR; the other lines are still decided"},
	{file: "adjudication/aaa-invalid-icd10.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:AAA=AF"}, proves: "a diagnosis that is not an ICD-10-CM code: AAA AF at 2000E, no lines returned"},
	{file: "adjudication/aaa-missing-diagnosis.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:AAA=AF"}, proves: "no 2000E HI on an initial request: AAA AF at 2000E, no HCR, lines not returned"},
	{file: "adjudication/aaa-missing-service-dates.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:AAA=57 SS:A4/0V"}, proves: "a pump line with neither DTP*472 nor an event DTP*AAH: AAA 57 on that line; the drug line, with dates, is still routed"},
	{file: "adjudication/aaa-missing-subscriber-id.x12", ack: []string{"IK5 R/5; AK9 R"}, proves: "2010C NM1 without NM108/NM109: the guide requires them, so the 999 rejects the set (IK4 8 66 1, IK4 9 67 1) and no 278 answers it (DESIGN §5 Request errors)"},
	{file: "adjudication/aaa-procedure-qualifier.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:AAA=33 SS:A4/0V"}, proves: "SV101-1 IV (a guide qualifier, HIEC, that the gateway does not adjudicate: only HC and N4): AAA 33 C on the line (54 is not in 2000F's list); a qualifier outside the guide's HC, IV, N4, WK is a 999 matter"},
	{file: "adjudication/aaa-unknown-umo.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "UMO PI HARBOR01 is not configured: AAA 79 N at 2010A (AAA04 there is N, P or Y), HL*20 HL04 0, nothing below"},
	{file: "adjudication/anthem-adverse-review.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V"}, proves: "the oral-drug denial of anthem-oral-drug-denied-despite-pwk becomes A4 0V, MSG 'Pended for clinical peer review…', trace recommended 'not certified'"},
	{file: "adjudication/anthem-appeal-immediate.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "UM02 1 with REF*BB: every line pends 0V for a clinician; the pump trace carries the automatic recommendation (not certified: oral drug)"},
	{file: "adjudication/anthem-appeal-standard.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "UM02 2: pends 0V; recommendation 'certified' (criteria set 1 met)"},
	{file: "adjudication/anthem-attestation-off.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "milrinone with a PWK DB under attestation: false: the documentation criteria become 'review' (documents sent, no attestation); an inotrope pends for a clinician anyway (criteria.md A-9): A4 0V"},
	{file: "adjudication/anthem-attested-pwk-line.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V"}, proves: "milrinone E0781 with no HSD: the PWK DB on the line attests set 1 bullet 3 (the prescribed ≥ 8 h regimen), but an inotrope pends for a clinician whatever is attached (criteria.md A-9): A4 0V; the supply follows"},
	{file: "adjudication/anthem-cancel-line-without-auth.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V SS:AAA=15"}, proves: "an initial request with one cancel line (UM02 3) lacking REF*BB: AAA 15 C (required application data missing; MA is not in 2000F's list) on that line only"},
	{file: "adjudication/anthem-cancel-with-auth.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:C SS:C SS:C"}, proves: "UM02 3 with event REF*BB and no diagnosis: HCR C with the cancelled number on event and lines"},
	{file: "adjudication/anthem-cancel-without-auth.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:AAA=15"}, proves: "UM02 3 without REF*BB anywhere: AAA 15 C at 2000E (MA is not in 2000E's list), lines not returned"},
	{file: "adjudication/anthem-cert-type-n-unsupported.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "UM02 N (valid in the guide, not adjudicated): A4 0V 'Certification type not adjudicated automatically'"},
	{file: "adjudication/anthem-catheter-flush-no-pump-needed.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A3/0F SS:A4/0V"}, proves: "heparin lock flush J1642 needs no pump: set 1 and set 2 bullet 2 fail on structured data, the enteral set does not apply; under adverse: auto (config) A3 0F despite the PWK"},
	{file: "adjudication/anthem-dependent-child.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V"}, proves: "2000D dependent (HL*23, INS) echoed; urgent (UM06 U); acyclovir + E0780 + B00.4 → criteria set 2 → A1"},
	{file: "adjudication/anthem-drug-lines-with-pump.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A1 SS:A1 SS:A1"}, proves: "the drug line takes the pump's A1; event A1, BHT06 18"},
	{file: "adjudication/anthem-duration-conflict.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "E0780 (< 8 h by definition) with HSD 24 hours per day: conflicting structured evidence pends for review even with a PWK"},
	{file: "adjudication/anthem-enteral-attested-pwk.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "J7340 enteral suspension with no HSD and a PWK PE, but the diagnosis is the category G20, not a code of A52507 group 4 (G20.A1–G20.B2): the drug's indication is not shown, so the label bullet is a clinician's, never attested → A4 0V"},
	{file: "adjudication/anthem-enteral-label-match.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "J7340 with HSD 16 hours per day = label, but the diagnosis G20 is not in the drug's indication group (A52507 group 4, G20.A1–G20.B2) → A4 0V; the intravenous sets do not apply (enteral drug)"},
	{file: "adjudication/anthem-enteral-label-mismatch.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "J7340 with HSD 20 hours per day ≠ 16 h label → A4 0V"},
	{file: "adjudication/anthem-inotrope-review-no-pwk.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V"}, proves: "milrinone E0781 + I50.22 without PWK: inotropes pend for a clinician (criteria.md A-9: severity is a clinical judgment), A4 0V on the pump and the supply; REF*NT; BHT06 19"},
	{file: "adjudication/anthem-new-and-cancel-lines.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V SS:C"}, proves: "a new pump line (A1) beside a line cancelling an older authorization (UM02 3 + REF*BB on the line → C)"},
	{file: "adjudication/anthem-no-drug-line.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U SS:A4/0U"}, proves: "E0779 with no drug line: drug-dependent criteria are missing → A4 0U with LOINC document requests"},
	{file: "adjudication/anthem-no-place-of-service.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "no UM04 anywhere: the home setting is documentation-only → A4 0U HI LOI 18776-5"},
	{file: "adjudication/anthem-noc-drug-review.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "J3490 unclassified drug (route unknown): A4 0V"},
	{file: "adjudication/anthem-oral-drug-denied-despite-pwk.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A3/0F SS:A3/0F SS:A4/0V"}, proves: "oral capecitabine J8520 with a PWK DB: structured evidence (not IV, not enteral) beats attestation → under adverse: auto (config) A3 0F on the pump and its supply, MSG with the section"},
	{file: "adjudication/anthem-other-code.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V SS:A4/0V"}, proves: "E1390 (oxygen concentrator) is no class of this policy: A4 0V 'routed to manual review'"},
	{file: "adjudication/anthem-pend-contact.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V"}, proves: "the milrinone pend of anthem-inotrope-review-no-pwk with a payer contact configured: 2010EB NM1*L5 and PER name whom to call about the pended request"},
	{file: "adjudication/anthem-pwk-not-accepted-type.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "a PWK RR (not an accepted report type) attests nothing (trace: no attachment); the milrinone line pends for a clinician as inotropes do (A-9)"},
	{file: "adjudication/anthem-renewal-revision-extension.x12", ack: []string{"IK5 A; IK5 A; IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V", "EV:A4/0V SS:A1 SS:A4/0V", "EV:A4/0V SS:A1 SS:A4/0V"}, proves: "three sets: UM02 R, S and 4 with REF*BB are adjudicated like initial requests (the seed has no repeat-service criteria) → A1"},
	{file: "adjudication/anthem-routed-codes.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V"}, proves: "no pump line; E0784 insulin pump, A9276 CGM, B9002 enteral nutrition pump, A4305 elastomeric, E0782 implantable, K0601 battery: each A4 0V with the owning document in MSG"},
	{file: "adjudication/anthem-scope-diabetes.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "only E10.65: pump routed to CG-DME-51/50 (A4 0V), never A3; the E0784 line routed too"},
	{file: "adjudication/anthem-scope-nutrition.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "E0781 with B4150 formula and no drug: routed to CG-MED-08"},
	{file: "adjudication/anthem-scope-pulmonary-hypertension.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V"}, proves: "epoprostenol + I27.0: pump routed (PH excluded); K0455 routed"},
	{file: "adjudication/anthem-scope-setting.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V"}, proves: "pump line POS 11 office → routed to the facility benefit; second pump line POS 31 (SNF) is a second ambulatory pump for the one drug line on overlapping dates → A4 0V implausible-data"},
	{file: "adjudication/anthem-set1-e0779-chemo.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A1 SS:A4/0V"}, proves: "E0779 (≥ 8 h by definition) + fluorouracil J9190 + C18.0 at home → criteria set 1 by structured proxies → A1 with HCR02 and DTP*007; A4222 follows; drug line A4 0V routed"},
	{file: "adjudication/anthem-set1-hsd-hours.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V"}, proves: "E0781 with HSD 46 hours per episode + doxorubicin → criteria set 1 → A1"},
	{file: "adjudication/anthem-set2-e0780-antiviral.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A1 SS:A4/0V"}, proves: "E0780 (< 8 h) + ganciclovir J1570 + B25.9 → criteria set 2 (rate-controlled antiviral) → A1; K0552 follows"},
	{file: "adjudication/anthem-set2-hsd-hours.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V"}, proves: "E0781 with HSD 2 hours per day + liposomal amphotericin → criteria set 2 → A1"},
	{file: "adjudication/anthem-subcutaneous-route-review.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "subcutaneous immune globulin J1559: the IV lead-in is unknown for SC drugs → A4 0V"},
	{file: "adjudication/anthem-supplies-without-pump.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U SS:A4/0U SS:A4/0U SS:A4/0U"}, proves: "A4221, A4222, E0776 without a pump line: each A4 0U with HI LOI 18776-5"},
	{file: "adjudication/multi-groups-ack-requested.x12", ta1: []string{"A/000"}, ack: []string{"IK5 A; AK9 A; IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V", "EV:A4/0V SS:A3/0F SS:A4/0V"}, proves: "ISA14 1 (TA1 A 000), two functional groups: one 999 with two AK1 sets, one 278 interchange with two GS groups (A1, and A3 under adverse: auto)"},
	{file: "adjudication/multi-sets-one-file.x12", ack: []string{"IK5 A; IK5 A; IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V", "EV:A4/0V SS:A3/0T SS:A4/0V", "20:AAA=79"}, proves: "three transaction sets in one group for three UMOs: Anthem A1, Vermont meperidine A3 0T (adverse: auto), unknown UMO AAA 79"},
	{file: "adjudication/vt-adverse-review.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "meperidine becomes A4 0V pending a clinical peer; trace recommended 'not certified' 0T"},
	{file: "adjudication/vt-appeal-meperidine.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "UM02 2 appeal of a meperidine denial: pends 0V; recommendation 'not certified'"},
	{file: "adjudication/vt-cancel.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:C SS:C"}, proves: "UM02 3 with the REF*BB on the line only: C"},
	{file: "adjudication/vt-catheter-flush-experimental.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A3/0T SS:A4/0V"}, proves: "heparin lock flush J1642 (no pump needed, no listed indication): E&I → A3 0T under adverse: auto"},
	{file: "adjudication/vt-cond3-office-not-home.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "POS 11: condition 3 (no return to the office) not met, not a denial ground → A4 0V, recommended not certified"},
	{file: "adjudication/vt-drug-lines-with-pump.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U SS:A4/0U SS:A4/0U"}, proves: "drug_lines: with-pump: the fluorouracil line takes the decision of the pump it drives; with only a DME prescription the clinical conditions are asked for, so both pend 0U"},
	{file: "adjudication/vt-ind1-chemo.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0U SS:A4/0V"}, proves: "indication 1 (fluorouracil + C16.0) and condition 6 (HSD 46 h) met structurally; a PWK DB shows the regimen and pump (conditions 1, 5) but not the clinical conditions (2, 4, prescriber knowledge/treating: 08/09/M1) → A4 0U; A4221 follows; enrolled check skipped (no table)"},
	{file: "adjudication/vt-ind10-ziconotide.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "indication 10: ziconotide J2278 + G89.4 (severe chronic pain); its documentation parts and conditions 2/4 need a clinical record, a DB alone → A4 0U"},
	{file: "adjudication/vt-ind11-catch-all-review.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "SC immune globulin (no listed indication): indication 11 needs a clinician → A4 0V"},
	{file: "adjudication/vt-ind2-antimicrobial.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "indication 2: vancomycin (antibacterial) + osteomyelitis M86.10 (bacterial), HSD 24 h/day; the clinical conditions need 08/09/M1, a DB alone → A4 0U"},
	{file: "adjudication/vt-ind2-intermittent-cond6-review.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "indication 2 acyclovir on E0780 (< 8 h): condition 6 (advantage over < 8 h infusions) needs review → A4 0V"},
	{file: "adjudication/vt-ind3-colorectal.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "indications 1 and 3 (fluorouracil + colorectal C18.0): unresectability and the clinical conditions need a clinical record, a DB alone → A4 0U"},
	{file: "adjudication/vt-ind4-gallium.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "indication 4: gallium nitrate billed J1457 for March 2026, after the code ended (12/31/2025, criteria.md §3.2 V(F)): the code identifies no drug on those dates → A4 0V, correct the code"},
	{file: "adjudication/vt-ind5-deferoxamine.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "indication 5: deferoxamine J0895 + E83.111 (chronic iron overload), HSD 10 h/day; conditions 2/4 need a clinical record, a DB alone → A4 0U"},
	{file: "adjudication/vt-ind6-heparin-gender-mismatch.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "heparin + pregnancy code for a member with DMG03 M: indication 6 not met → catch-all review → A4 0V"},
	{file: "adjudication/vt-ind6-heparin-pregnancy.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "indication 6: heparin J1644 + O99.113/Z3A.20, female; anticoagulation through pregnancy needs a clinical record, a DB alone → A4 0U"},
	{file: "adjudication/vt-ind7-meperidine-denied.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A3/0T SS:A3/0T SS:A4/0V"}, proves: "meperidine J2175 for cancer pain: A3 0T on pump and supply under adverse: auto; MSG names VT.IND.7.NO_MEPERIDINE and VT.EXCL.EI with their sections"},
	{file: "adjudication/vt-ind7-morphine-cancer-pain.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "indication 7: morphine J2270 + G89.3/C25.9 (cancer pain); intractability and the oral trial need a clinical record, a DB alone → A4 0U"},
	{file: "adjudication/vt-ind8-pulmonary-hypertension-k0455.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "indication 8 for a dependent child: K0455 + epoprostenol + I27.20; condition 5 met by the K0455/prostacyclin pair; conditions 2/4 need a clinical record, a DB alone → A4 0U (contrast: Anthem routes PH)"},
	{file: "adjudication/vt-ind9-inotrope.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "indication 9: milrinone + I50.22 (depressed function); severity and conditions 2/4 need a clinical record, a DB alone → A4 0U"},
	{file: "adjudication/vt-ind9-inotrope-no-pwk.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "indication 9 without a PWK: only documentation-only criteria are pending, so the pump pends 0U with LOINC document requests; the catch-all indication 11 (review) does not hide that"},
	{file: "adjudication/vt-indication-dx-mismatch.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "fluorouracil with low back pain M54.5: indication 1 diagnosis missing → A4 0V"},
	{file: "adjudication/vt-meperidine-with-morphine-review.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V"}, proves: "meperidine together with morphine: the exclusion is not conclusive → A4 0V"},
	{file: "adjudication/vt-no-pwk-pend-documents.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0U SS:A4/0V"}, proves: "indication 1 met structurally but no PWK: conditions 2 and 4 and prescriber knowledge/treating need documents → A4 0U HI LOI 11506-3, 18776-5"},
	{file: "adjudication/vt-partial-a2.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A2 SS:A1 SS:A3/0M SS:A1 SS:A3/0M"}, proves: "two regimens, one pump each (adverse: auto, with-pump): the E0779 ordered by an enrolled oncologist takes fluorouracil (A1); the E0781 of the same class cannot take it again and is driven by morphine, its prescriber not enrolled (A3 0M); each drug line follows the pump it drives; event A2 with DTP*007"},
	{file: "adjudication/vt-prescriber-absent.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "no ordering provider (requester is a home infusion pharmacy) and no PWK: prescriber criteria → A4 0U"},
	{file: "adjudication/vt-prescriber-enrolled-table.x12", ack: []string{"IK5 A; IK5 A; IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V", "EV:A4/0V SS:A3/0M SS:A3/0M SS:A4/0V", "EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "three sets (adverse: auto): enrolled NPI → VT.PRESCRIBER.ENROLLED met, the DB alone leaves the clinical conditions → A4 0U; not enrolled → A3 0M (pump and supply); no ordering provider → the order is asked for, A4 0U"},
	{file: "adjudication/vt-prescriber-taxonomy-not-practitioner.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V"}, proves: "line-level ordering provider with a DME-supplier taxonomy (332B00000X): a pump needs a practitioner's order, so the data cannot be certified as sent (implausible-data), and the prescriber criteria are contradicted, never attested → A4 0V"},
	{file: "adjudication/vt-renewal-evaluation.x12", ack: []string{"IK5 A; IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V", "EV:A4/0V SS:A1 SS:A4/0V"}, proves: "UM02 R with REF*BB and no PWK → A4 0U (11506-3 progress note for the episode's evaluation); UM02 4 with PWK 09 → A1"},
	{file: "adjudication/vt-replacement-5-year.x12", ack: []string{"IK5 A; IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V", "EV:A4/0V SS:A1 SS:A4/0V"}, proves: "SV1 modifier RA (replacement) without documents → A4 0U 11506-3/34133-9; with PWK M1 → A1"},
	{file: "adjudication/vt-requester-is-prescriber.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U^0V SS:A4/0U SS:A4/0V"}, proves: "no 2010EA/2010F DK: the requesting oncology practice (2010B) does not stand in for the prescriber; the ordering provider is asked for → A4 0U"},
	{file: "adjudication/vt-routed-codes.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V SS:A4/0V"}, proves: "E0787, A4239 CGM, B4034, B9004, A4306, E0786, J7686 routed with the DVHA owner in MSG; E0601 other"},
	{file: "adjudication/vt-supplies-without-pump.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0U SS:A4/0U SS:A4/0U"}, proves: "A4221 and K0552 without a pump line: A4 0U HI LOI 18776-5"},
	{file: "adjudication/vt-unlisted-oral-experimental.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A3/0T SS:A3/0T SS:A4/0V"}, proves: "oral capecitabine: no parenteral indication → E&I A3 0T on pump and supply under adverse: auto"},
	{file: "errors/999-ak9-1-not-hi-group.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/18; AK9 R/1"}, proves: "GS01 HC: the group is not supported, so its set is not processed either (IK5 R 18, AK904 0)"},
	{file: "errors/999-ak9-19-duplicate-group.edi", ta1: []string{"A/000"}, ack: []string{"IK5 A; AK9 A; IK5 R/18; AK9 R/19"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V"}, proves: "two groups with the same GS06: second rejected 19, its set with it (IK5 R 18)"},
	{file: "errors/999-ak9-2-group-version.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/I6; AK9 R/2"}, proves: "GS08 005010X222A1 (set I6, group 2)"},
	{file: "errors/999-ak9-3-ge-missing.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/18; AK9 R/3"}, proves: "no GE: the group and its set are rejected (IK5 R 18, AK904 0)"},
	{file: "errors/999-ak9-4-ge02-mismatch.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/18; AK9 R/4"}, proves: "GE02 differs from GS06: the group and its set are rejected"},
	{file: "errors/999-ak9-5-set-count.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/18; AK9 R/5"}, proves: "GE01 3 with one set: the group and its set are rejected; AK902 3, AK903 1, AK904 0"},
	{file: "errors/999-ak9-6-gs06-syntax.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/18; AK9 R/6"}, proves: "GS06 not numeric: AK102 0 (N0), the group and its set rejected"},
	{file: "errors/999-ak9-p-partial-acceptance.edi", ta1: []string{"A/000"}, ack: []string{"IK5 A; IK5 R/5; AK9 P"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V"}, proves: "two sets, the second with UM02 Z: AK9 P, only the first answered"},
	{file: "errors/999-guide-bad-date-format-qualifier.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/5; AK9 R"}, proves: "DTP*AAH D8 with a range: IK4 3 1251 8"},
	{file: "errors/999-guide-bad-date.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/5; AK9 R"}, proves: "DTP*AAH RD8 20260345: IK4 3 1251 8 (invalid date)"},
	{file: "errors/999-guide-date-range-reversed.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/5; AK9 R"}, proves: "DTP*AAH RD8 end before start: IK4 8 (a request error the guide catches before AAA 57)"},
	{file: "errors/999-guide-element-too-long.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/5; AK9 R"}, proves: "UM03 1888: IK4 3 1365 5 (too long)"},
	{file: "errors/999-guide-hl-child-code.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/I5; AK9 R"}, proves: "HL04 1 on a service line with no child: IK4 4 736 I12, IK5 I5"},
	{file: "errors/999-guide-hl-level-code.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/5; AK9 R"}, proves: "HL03 ZZ: IK4 3 735 7, children lose their parent"},
	{file: "errors/999-guide-missing-required-element.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/5; AK9 R"}, proves: "TRN02 empty: IK4 2 127 1"},
	{file: "errors/999-guide-missing-required-segment.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/5; AK9 R"}, proves: "2000E UM removed: IK3 UM 3 (SE01 adjusted)"},
	{file: "errors/999-guide-segment-out-of-order.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/5; AK9 R"}, proves: "DTP*AAH before UM: IK3 UM 3 and UM 7"},
	{file: "errors/999-guide-unexpected-segment-cr4.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/I5; AK9 R"}, proves: "CR4 (not in X217) in 2000E: IK3 I4, IK5 I5"},
	{file: "errors/999-guide-unrecognized-segment.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/5; AK9 R"}, proves: "ZZQ in 2000E: IK3 1"},
	{file: "errors/999-ik5-1-not-278.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/1; AK9 R"}, proves: "ST01 277"},
	{file: "errors/999-ik5-2-se-missing.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/2; AK9 R"}, proves: "no SE"},
	{file: "errors/999-ik5-23-duplicate-st02.edi", ta1: []string{"A/000"}, ack: []string{"IK5 A; IK5 R/23; AK9 P"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V"}, proves: "two sets with ST02 0001 in one group: second rejected 23, first answered; AK9 P"},
	{file: "errors/999-ik5-3-se02-mismatch.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/3; AK9 R"}, proves: "SE02 0002 vs ST02 0001"},
	{file: "errors/999-ik5-4-segment-count.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/4; AK9 R"}, proves: "SE01 99"},
	{file: "errors/999-ik5-5-invalid-code-value.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/5; AK9 R"}, proves: "UM02 Z: IK3 UM / IK4 2 1322 7 (invalid code value)"},
	{file: "errors/999-ik5-7-st02-syntax.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/7; AK9 R"}, proves: "ST02/SE02 01 (fewer than 4 digits)"},
	{file: "errors/999-ik5-i5-hl-parent.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/I5; AK9 R"}, proves: "HL*5*3: a service line under the subscriber (IK4 HL02 I12, IK5 I5)"},
	{file: "errors/999-ik5-i6-st03-not-x217.edi", ta1: []string{"A/000"}, ack: []string{"IK5 R/I6; AK9 R"}, proves: "ST03 005010X216"},
	{file: "errors/ta1-001-iea02-mismatch.edi", ta1: []string{"R/001"}, proves: "IEA02 differs from ISA13"},
	{file: "errors/ta1-005-sender-qualifier.edi", ta1: []string{"R/005"}, proves: "ISA05 QQ is not an ID qualifier"},
	{file: "errors/ta1-006-sender-blank.edi", ta1: []string{"R/006"}, proves: "ISA06 blank"},
	{file: "errors/ta1-007-receiver-qualifier.edi", ta1: []string{"R/007"}, proves: "ISA07 Q1 is not an ID qualifier"},
	{file: "errors/ta1-008-receiver-blank.edi", ta1: []string{"R/008"}, proves: "ISA08 blank"},
	{file: "errors/ta1-010-authorization-qualifier.edi", ta1: []string{"R/010"}, proves: "ISA01 07"},
	{file: "errors/ta1-012-security-qualifier.edi", ta1: []string{"R/012"}, proves: "ISA03 09"},
	{file: "errors/ta1-014-date.edi", ta1: []string{"R/014"}, proves: "ISA09 261302 (month 13)"},
	{file: "errors/ta1-015-time.edi", ta1: []string{"R/015"}, proves: "ISA10 2515"},
	{file: "errors/ta1-016-standards-identifier.edi", ta1: []string{"R/016"}, proves: "ISA11 U (4010 style) instead of a repetition separator"},
	{file: "errors/ta1-017-version.edi", ta1: []string{"R/017"}, proves: "ISA12 00401"},
	{file: "errors/ta1-018-control-number.edi", ta1: []string{"R/018"}, proves: "ISA13 not numeric"},
	{file: "errors/ta1-019-ack-requested.edi", ta1: []string{"R/019"}, proves: "ISA14 2"},
	{file: "errors/ta1-020-usage-indicator.edi", ta1: []string{"R/020"}, proves: "ISA15 Q"},
	{file: "errors/ta1-021-group-count.edi", ta1: []string{"R/021"}, proves: "IEA01 2 with one group"},
	{file: "errors/ta1-023-premature-end.edi", ta1: []string{"R/023"}, proves: "file ends before IEA"},
	{file: "errors/ta1-024-data-outside-group.edi", ta1: []string{"R/024"}, proves: "a BHT between ISA and GS"},
	{file: "errors/ta1-024-no-isa.edi", ta1: []string{"R/024"}, proves: "file starts at GS"},
	{file: "errors/ta1-025-duplicate-interchange.edi", ta1: []string{"A/000", "R/025"}, ack: []string{"IK5 A; AK9 A"}, sets: []string{"EV:A4/0V SS:A1 SS:A4/0V"}, proves: "the same interchange (sender + ISA13) twice in one file: the first is answered (TA1 A, 999, 278), the second rejected"},
	{file: "errors/ta1-026-element-separator.edi", ta1: []string{"R/026"}, proves: "every * replaced by A (element separator is a letter)"},
	{file: "errors/ta1-027-component-separator.edi", ta1: []string{"R/027"}, proves: "ISA16 equals the element separator"},
	{file: "requests/delim-control-chars.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/delim-crlf.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/delim-gt-component.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/delim-newline-terminator.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/delim-one-line.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/doc-7.1-subscriber-pump-drug.x12", ta1: []string{"A/000"}, ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/doc-7.2-dependent-urgent-k0455.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/doc-7.3-multi-line-supplies-fax.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/doc-7.4-extension-delim-pipe-bang-caret.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/guide-admission-review.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/guide-referral.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/guide-services-reservation.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/guide-transport.x12", ack: []string{"IK5 A; AK9 A"}, sets: []string{"20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
	{file: "requests/multi-interchange-mixed-delims.x12", ack: []string{"IK5 A; IK5 A; AK9 A", "IK5 A; AK9 A; IK5 A; AK9 A"}, sets: []string{"20:AAA=79", "20:AAA=79", "20:AAA=79", "20:AAA=79"}, proves: "request sample (samples/requests/README.md); UMO PI 99999 is not configured: AAA 79"},
}

// TestOutcomes checks the key outcome of every sample (the HCR01/HCR03 of
// each line and event, the AAA03, the TA1 code, the IK5/AK9 codes) against
// the table above.
func TestOutcomes(t *testing.T) {
	rows := map[string]expectation{}
	for _, e := range expectations {
		_, dup := rows[e.file]
		require.False(t, dup, "two rows for %s", e.file)
		rows[e.file] = e
	}
	for _, s := range samples(t) {
		e, ok := rows[s.name]
		require.True(t, ok, "%s has no row in expectations (and the README table)", s.name)
		t.Run(s.name, func(t *testing.T) {
			got := summarize(run(t, s))
			want := outcome{TA1: e.ta1, Ack: e.ack, Sets: e.sets}
			if e.known != "" && !reflect.DeepEqual(got, want) {
				t.Skipf("known issue, still present: %s\n\tgot  %q\n\twant %q", e.known, got, want)
			}
			require.Equal(t, want.TA1, got.TA1, "TA1: %s", e.proves)
			require.Equal(t, want.Ack, got.Ack, "999: %s", e.proves)
			require.Equal(t, want.Sets, got.Sets, "278: %s", e.proves)
		})
	}
}

// TestReadmeListsEverySample keeps README.md's table in step with the corpus.
func TestReadmeListsEverySample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	for _, s := range samples(t) {
		if strings.HasPrefix(s.name, "requests/") {
			continue
		}
		require.Contains(t, string(readme), "`"+filepath.Base(s.name)+"`", "README.md does not list %s", s.name)
	}
}

// TestResponseRules reads every 278 response back and checks the rules of
// x12-278.md §3 and DESIGN §5 that hold for any request: BHT echo and BHT06,
// trace echo, HCR or AAA in every returned event and line, what each action
// carries, the event roll-up, HL04 and the trailer counts.
func TestResponseRules(t *testing.T) {
	for _, s := range samples(t) {
		r := run(t, s)
		in, err := os.ReadFile(s.path)
		require.NoError(t, err)
		requested := map[string]bool{} // request BHT03
		for _, seg := range requestSegments(in) {
			if seg[0] == "BHT" {
				requested[el(seg, 3)] = true
			}
		}
		for _, o := range r.outputs {
			if o.kind != pipeline.Kind278 {
				continue
			}
			checkInterchange(t, s.name, segments(o.data), requested)
		}
	}
}

// loop is one HL of a response with the segments under it.
type loop struct {
	id, parent, level, children string
	segs                        [][]string
}

func (l *loop) all(id string) [][]string {
	var out [][]string
	for _, s := range l.segs {
		if s[0] == id {
			out = append(out, s)
		}
	}
	return out
}

func checkInterchange(t *testing.T, name string, segs [][]string, requested map[string]bool) {
	t.Helper()
	groups, sets, inSet := 0, 0, 0
	var bht []string
	var loops []*loop
	for _, seg := range segs {
		if inSet > 0 {
			inSet++
		}
		switch seg[0] {
		case "GS":
			groups++
			sets = 0
		case "GE":
			require.Equal(t, fmt.Sprint(sets), el(seg, 1), "%s: GE01", name)
		case "IEA":
			require.Equal(t, fmt.Sprint(groups), el(seg, 1), "%s: IEA01", name)
		case "ST":
			sets++
			inSet = 1
			loops, bht = nil, nil
		case "BHT":
			bht = seg
		case "HL":
			loops = append(loops, &loop{id: el(seg, 1), parent: el(seg, 2), level: el(seg, 3), children: el(seg, 4)})
		case "SE":
			require.Equal(t, fmt.Sprint(inSet), el(seg, 1), "%s: SE01", name)
			checkSet(t, name, bht, loops, requested)
			inSet = 0
		default:
			if len(loops) > 0 {
				l := loops[len(loops)-1]
				l.segs = append(l.segs, seg)
			}
		}
	}
}

func checkSet(t *testing.T, name string, bht []string, loops []*loop, requested map[string]bool) {
	t.Helper()
	ref := el(bht, 3)
	require.Equal(t, "0007", el(bht, 1), "%s: BHT01", name)
	require.Equal(t, "11", el(bht, 2), "%s: BHT02 of a response", name)
	if len(requested) > 0 {
		require.True(t, requested[ref], "%s: BHT03 %q echoes no request BHT03", name, ref)
	}
	pending := false
	var event string
	var lines []string
	for i, l := range loops {
		hasChild := false
		for _, m := range loops[i+1:] {
			if m.parent == l.id {
				hasChild = true
			}
		}
		require.Equal(t, map[bool]string{true: "1", false: "0"}[hasChild], l.children, "%s %s: HL04 of HL %s", name, ref, l.id)
		for _, trn := range l.all("TRN") {
			require.Equal(t, "2", el(trn, 1), "%s %s: a request TRN comes back as TRN*2", name, ref)
		}
		if l.level != "EV" && l.level != "SS" {
			continue
		}
		hcr, aaa := l.all("HCR"), l.all("AAA")
		require.True(t, len(hcr) == 1 != (len(aaa) > 0), "%s %s: HL %s needs exactly one HCR or an AAA (got %d HCR, %d AAA)", name, ref, l.id, len(hcr), len(aaa))
		require.NotEmpty(t, l.all("TRN"), "%s %s: HL %s lost its trace number", name, ref, l.id)
		if len(hcr) == 0 {
			continue
		}
		h := hcr[0]
		action, reasons := el(h, 1), el(h, 3)
		switch action {
		case "A1", "A2":
			require.NotEmpty(t, el(h, 2), "%s %s: HCR02 on %s", name, ref, action)
			require.NotEmpty(t, dtp(l, "007"), "%s %s: DTP*007 on %s", name, ref, action)
		case "A3":
			require.NotEmpty(t, reasons, "%s %s: HCR03 on A3", name, ref)
			if l.level == "SS" {
				msg := l.all("MSG")
				require.Len(t, msg, 1, "%s %s: MSG on a line A3", name, ref)
				require.Contains(t, el(msg[0], 1), "Not certified under", "%s %s", name, ref)
				require.Contains(t, el(msg[0], 1), "(", "%s %s: the seed section", name, ref)
			}
		case "A4":
			pending = true
			require.NotEmpty(t, reasons, "%s %s: HCR03 on A4", name, ref)
			require.NotEmpty(t, ref2(l, "NT"), "%s %s: REF*NT on A4", name, ref)
			if l.level == "SS" && strings.Contains(reasons, "0U") {
				hi := l.all("HI")
				require.Len(t, hi, 1, "%s %s: HI LOI on a 0U line", name, ref)
				for _, c := range hi[0][1:] {
					require.True(t, strings.HasPrefix(c, "LOI"), "%s %s: HI composite %q", name, ref, c)
				}
			}
		case "A6":
			// Only a reviewer modifies (final responses from review cases).
			require.NotEmpty(t, el(h, 2), "%s %s: HCR02 on A6", name, ref)
			if l.level == "SS" {
				require.Len(t, l.all("MSG"), 1, "%s %s: MSG with the reason on a line A6", name, ref)
			}
		case "C":
			require.NotEmpty(t, el(h, 2), "%s %s: HCR02 on C (the cancelled number)", name, ref)
		default:
			t.Fatalf("%s %s: unexpected HCR01 %q", name, ref, action)
		}
		if l.level == "EV" {
			event = action
		} else {
			lines = append(lines, action)
		}
	}
	want := map[bool]string{true: "19", false: "18"}[pending]
	require.Equal(t, want, el(bht, 6), "%s %s: BHT06", name, ref)
	if event != "" && len(lines) > 0 {
		require.Equal(t, rollUp(lines), event, "%s %s: event HCR01 from lines %v", name, ref, lines)
	}
}

// rollUp is DESIGN §5's event decision: all A1 → A1; all A3 → A3; only A1
// and A3 → A2; any A4 → A4; cancellations alone → C. A reviewer's
// modification (A6) counts as a certification: with A1 alone → A6.
func rollUp(lines []string) string {
	n := map[string]int{}
	for _, a := range lines {
		n[a]++
	}
	switch {
	case n["C"] == len(lines):
		return "C"
	case n["A4"] > 0:
		return "A4"
	case n["A3"] > 0 && n["A1"]+n["A6"] == 0:
		return "A3"
	case n["A3"] > 0:
		return "A2"
	case n["A6"] > 0:
		return "A6"
	}
	return "A1"
}

func dtp(l *loop, qual string) string {
	for _, d := range l.all("DTP") {
		if el(d, 1) == qual {
			return el(d, 3)
		}
	}
	return ""
}

func ref2(l *loop, qual string) string {
	for _, d := range l.all("REF") {
		if el(d, 1) == qual {
			return el(d, 2)
		}
	}
	return ""
}

// requestSegments reads every interchange of an input file, each with the
// delimiters its own ISA declares; it stops at anything it cannot read (the
// error samples).
func requestSegments(data []byte) [][]string {
	var out [][]string
	s := string(data)
	for {
		s = strings.TrimLeft(s, "\r\n\t ")
		if !strings.HasPrefix(s, "ISA") || len(s) < 106 {
			return out
		}
		elem, term := s[3], s[105]
		for {
			i := strings.IndexByte(s, term)
			if i < 0 {
				return out
			}
			seg := strings.Split(strings.Trim(s[:i], "\r\n"), string(elem))
			s = s[i+1:]
			out = append(out, seg)
			if seg[0] == "IEA" {
				break
			}
		}
	}
}
