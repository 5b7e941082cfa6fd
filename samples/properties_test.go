package samples_test

// Metamorphic properties of the engine (issue 9, DESIGN §5 "Certify only
// on specific, consistent evidence"). Each property takes a request whose
// outcome is known, changes it in a way whose effect the seeds fix, and
// checks the new outcome against the old one — no expected outcome is
// written by hand. The requests are every sample of samples/adjudication
// and samples/adversarial (decoded from X12 as the pipeline decodes them)
// and requests generated from a fixed seed; every one is decided by the
// real engine (adjudicate.Decide), with the sample's configuration.
//
//   - removal: removing one piece of evidence (a diagnosis, a drug line, an
//     attachment, the HSD, a place of service, an ordering provider) from a
//     certified pump line leaves it certified only if another piece of the
//     same kind still covers what it showed: the variant's trace cites that
//     other piece in a met or attested criterion. Diagnoses and drug lines
//     always matter (one driving drug with a diagnosis of its own group);
//     the other kinds matter when the trace cited the removed piece in a met
//     or attested criterion.
//   - contradiction: a supplier taxonomy on the ordering provider, a
//     facility place of service, a second identical pump on the same dates
//     or more than 24 infusion hours a day never leaves a line certified.
//   - diagnosis: replacing the diagnoses with one outside the groups of
//     every drug on the request never leaves a line certified.
//   - unidentified drug: adding J3490 or an NDC no drug table holds never
//     turns a pended pump line into a certified one.
//   - monotonicity: removing one piece of evidence never turns a line that
//     is not certified into a certified one, unless the piece was cited by
//     a criterion that decided the outcome (a contradiction taken away).

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// propRequest is one request of the property corpus with the
// configuration it is decided under.
type propRequest struct {
	name string
	cfg  *adjudicate.Config
	req  *adjudicate.Request
}

// setCollector decodes every accepted transaction set of a file into the
// engine's request, as the pipeline does.
type setCollector struct {
	dec  x217.Decoder
	reqs []*adjudicate.Request
	err  error
}

func (c *setCollector) InterchangeStart(*ack.Interchange)       {}
func (c *setCollector) GroupStart(*ack.Interchange, *ack.Group) {}
func (c *setCollector) GroupEnd(*ack.Interchange, *ack.Group)   {}
func (c *setCollector) InterchangeEnd(*ack.Interchange)         {}
func (c *setCollector) Set(ix *ack.Interchange, g *ack.Group, s *ack.Set) {
	if !s.Accepted() || c.err != nil {
		return
	}
	r, err := c.dec.Decode(s.Segments)
	if err != nil {
		c.err = err
		return
	}
	c.reqs = append(c.reqs, pipeline.EngineRequest(pipeline.OutputID(ix, "set", g.Control, s.Control), r))
}

// propCorpus decodes every adjudication, adversarial and red-team sample.
func propCorpus(t *testing.T) []propRequest {
	t.Helper()
	var out []propRequest
	for _, pat := range []string{"adjudication/*.x12", "adversarial/*.x12", "redteam2/*.x12", "redteam2/*.edi", "redteam3/*.x12", "redteam3/*.edi"} {
		files, err := filepath.Glob(pat)
		require.NoError(t, err)
		for _, f := range files {
			s := sample{name: f, path: f}
			if _, err := os.Stat(f + ".config.json"); err == nil {
				s.config = f + ".config.json"
			}
			raw, err := os.ReadFile(f)
			require.NoError(t, err)
			c := &setCollector{}
			_, err = ack.Walk(bytes.NewReader(raw), ack.Options{Validate: x217.ValidateSet}, c)
			require.NoError(t, err, f)
			require.NoError(t, c.err, f)
			cfg := loadConfig(t, s)
			for i, r := range c.reqs {
				name := f
				if len(c.reqs) > 1 {
					name = fmt.Sprintf("%s#%d", f, i+1)
				}
				out = append(out, propRequest{name: name, cfg: cfg, req: r})
			}
		}
	}
	require.NotEmpty(t, out)
	return out
}

// ---- generated requests ----

// genDrugs, genDx, … are what the generator draws from: drugs of every
// indication group, identified and not, diagnoses of every group, places,
// durations, attachments and prescribers.
var (
	genPumps = []string{"E0779", "E0780", "E0781", "E0791"}
	genDrugs = []string{"J9190", "J9000", "J9040", "J9202", "J9999", "J0133", "J1570", "J1455", "J0285", "J3370",
		"J1457", "J0895", "J1644", "J1642", "J2270", "J1170", "J2175", "J1325", "J3285", "J1250", "J2260",
		"J2278", "J1559", "J7340", "J8520", "J3490"}
	genDx     = []string{"C180", "C50911", "C220", "C259", "B004", "B259", "B440", "B351", "A419", "M86171", "I5022", "E83111", "E8352", "G893", "D801", "G20A1", "K5730", "Z5111", "E119", "I2720", "O10019"}
	genPOS    = []string{"12", "12", "12", "13", "", "21", "31"}
	genHSD    = []adjudicate.DeliveryPattern{{}, {Qualifier: "HS", Quantity: 24, PeriodQualifier: "7", Periods: 1}, {Qualifier: "HS", Quantity: 46, PeriodQualifier: "26", Periods: 1}, {Qualifier: "HS", Quantity: 4, PeriodQualifier: "26", Periods: 1}, {Qualifier: "HS", Quantity: 12, PeriodQualifier: "7", Periods: 1}}
	genPWK    = []adjudicate.Attachment{{}, {ReportType: "DB", Transmission: "EL"}, {ReportType: "B3", Transmission: "FX"}, {ReportType: "09", Transmission: "EL"}, {ReportType: "M1", Transmission: "BM"}, {ReportType: "PE", Transmission: "FX"}, {ReportType: "DB", Transmission: "AA"}}
	genDK     = []adjudicate.Provider{{}, {Entity: "DK", NPI: "1234567893", Taxonomy: "207RX0202X"}, {Entity: "DK", NPI: "1245319599", Taxonomy: "207RI0200X"}, {Entity: "DK", NPI: "1234567893", Taxonomy: "363LF0000X"}, {Entity: "DK", NPI: "1234567893"}}
	genPayers = []string{"ANTHEMCT", "VTMEDICAID"}
)

// generated returns n requests drawn from a fixed seed: one pump line, one
// or two drug lines, sometimes a supply, one or two diagnoses, a place of
// service, an HSD, an attachment and an ordering provider, each possibly
// absent.
func generated(t *testing.T, n int) []propRequest {
	t.Helper()
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(278, 9))
	pick := func(n int) int { return rng.IntN(n) }
	out := make([]propRequest, 0, n)
	for k := range n {
		r := &adjudicate.Request{
			Identity:       fmt.Sprintf("ZZ/PROPGEN/%09d/set/1/0001", k),
			PayerQualifier: "PI", PayerID: genPayers[pick(len(genPayers))],
			SubscriberID: "GENMEMBER01",
			Patient:      adjudicate.Person{Gender: []string{"F", "M"}[pick(2)], BirthDate: "19600101"},
			Requester:    adjudicate.Provider{Entity: "1P", NPI: "1654321987", Taxonomy: "3336H0001X", Role: "AS"},
			Event: adjudicate.Event{Category: "HS", CertType: "I", ServiceType: "12", POS: genPOS[pick(len(genPOS))],
				LevelOfService: "E", From: "20260305", To: "20260604"},
		}
		for range 1 + pick(2) {
			r.Event.Diagnoses = append(r.Event.Diagnoses, adjudicate.Diagnosis{Qualifier: "ABK", Code: genDx[pick(len(genDx))]})
		}
		for i := 1; i < len(r.Event.Diagnoses); i++ {
			r.Event.Diagnoses[i].Qualifier = "ABF"
		}
		if dk := genDK[pick(len(genDK))]; dk.Entity != "" {
			r.Event.Providers = append(r.Event.Providers, dk)
		}
		pump := adjudicate.Line{Qualifier: "HC", Code: genPumps[pick(len(genPumps))], Units: 3, UnitBasis: "UN", From: "20260305", To: "20260604"}
		if h := genHSD[pick(len(genHSD))]; h.Qualifier != "" {
			pump.Delivery = append(pump.Delivery, h)
		}
		if a := genPWK[pick(len(genPWK))]; a.ReportType != "" {
			a.ControlNumber = "GEN" + fmt.Sprint(k)
			if pick(2) == 0 {
				pump.Attachments = append(pump.Attachments, a)
			} else {
				r.Event.Attachments = append(r.Event.Attachments, a)
			}
		}
		r.Lines = append(r.Lines, pump)
		if pick(3) == 0 {
			r.Lines = append(r.Lines, adjudicate.Line{Qualifier: "HC", Code: "A4222", Units: 12, UnitBasis: "UN", From: "20260305", To: "20260604"})
		}
		for range 1 + pick(2) {
			r.Lines = append(r.Lines, adjudicate.Line{Qualifier: "HC", Code: genDrugs[pick(len(genDrugs))], Units: 10, UnitBasis: "UN", From: "20260305", To: "20260604"})
		}
		out = append(out, propRequest{name: fmt.Sprintf("generated #%d (%s)", k, describe(r)), cfg: cfg, req: r})
	}
	return out
}

// describe summarizes a request without PHI: payer, lines, diagnoses,
// places, HSD, attachments and prescriber taxonomies.
func describe(r *adjudicate.Request) string {
	var b strings.Builder
	b.WriteString(r.PayerID)
	for _, l := range r.Lines {
		b.WriteString(" " + l.Code)
		if l.POS != "" {
			b.WriteString("@" + l.POS)
		}
		for _, d := range l.Delivery {
			fmt.Fprintf(&b, " HSD%v/%s", d.Quantity, d.PeriodQualifier)
		}
		for _, a := range l.Attachments {
			b.WriteString(" PWK" + a.ReportType + "/" + a.Transmission)
		}
	}
	b.WriteString(" dx")
	for _, d := range r.Event.Diagnoses {
		b.WriteString(" " + d.Code)
	}
	if r.Event.POS != "" {
		b.WriteString(" pos " + r.Event.POS)
	}
	for _, a := range r.Event.Attachments {
		b.WriteString(" PWK" + a.ReportType + "/" + a.Transmission)
	}
	for _, p := range r.Event.Providers {
		b.WriteString(" " + p.Entity + ":" + p.Taxonomy)
	}
	return b.String()
}

// ---- changing requests ----

// clone copies a request deeply enough that a variant never changes its
// base.
func clone(r *adjudicate.Request) *adjudicate.Request {
	c := *r
	c.Event.Diagnoses = slices.Clone(r.Event.Diagnoses)
	c.Event.Attachments = slices.Clone(r.Event.Attachments)
	c.Event.Providers = slices.Clone(r.Event.Providers)
	c.Event.Delivery = slices.Clone(r.Event.Delivery)
	c.Lines = slices.Clone(r.Lines)
	for i := range c.Lines {
		l := &c.Lines[i]
		l.Modifiers = slices.Clone(l.Modifiers)
		l.Delivery = slices.Clone(l.Delivery)
		l.Attachments = slices.Clone(l.Attachments)
		l.Providers = slices.Clone(l.Providers)
	}
	return &c
}

// Kinds of evidence a piece is.
const (
	kindDx         = "diagnosis"
	kindDrug       = "drug line"
	kindAttachment = "attachment"
	kindHSD        = "HSD"
	kindPOS        = "place of service"
	kindOrdering   = "ordering provider"
)

// piece is one piece of evidence of a request for pump line pump: how a
// trace cites it (every pattern of sig matches one evidence text) and how
// to take it away.
type piece struct {
	kind, desc string
	sig        []*regexp.Regexp
	// remove takes the piece away and returns the pump line's new index.
	remove func(r *adjudicate.Request, pump int) int
}

func word(s string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[^0-9A-Za-z.])` + regexp.QuoteMeta(s) + `($|[^0-9A-Za-z])`)
}

// dotted writes an ICD-10-CM code with its decimal point.
func dotted(code string) string {
	if len(code) > 3 {
		return code[:3] + "." + code[3:]
	}
	return code
}

// pieces lists the evidence of request r for pump line pump, given the
// classes of its lines (from a decision on it).
func pieces(r *adjudicate.Request, pump int, classes []string) []piece {
	var ps []piece
	for k, d := range r.Event.Diagnoses {
		ps = append(ps, piece{kind: kindDx, desc: "diagnosis " + d.Code,
			sig: []*regexp.Regexp{regexp.MustCompile(word(d.Code).String() + "|" + word(dotted(d.Code)).String())},
			remove: func(r *adjudicate.Request, pump int) int {
				r.Event.Diagnoses = slices.Delete(r.Event.Diagnoses, k, k+1)
				return pump
			}})
	}
	for j, l := range r.Lines {
		if classes[j] != adjudicate.ClassDrug {
			continue
		}
		ps = append(ps, piece{kind: kindDrug, desc: "drug line " + l.Code, sig: []*regexp.Regexp{word(l.Code)},
			remove: func(r *adjudicate.Request, pump int) int {
				r.Lines = slices.Delete(r.Lines, j, j+1)
				if j < pump {
					pump--
				}
				return pump
			}})
	}
	pl := &r.Lines[pump]
	// The pump code's own definition of the infusion hours (E0779, E0780)
	// shows what an HSD shows; it cannot be removed.
	ps = append(ps, piece{kind: kindHSD, desc: "pump code " + pl.Code, sig: []*regexp.Regexp{word(pl.Code), regexp.MustCompile(`by definition`)}})
	for k, a := range pl.Attachments {
		ps = append(ps, piece{kind: kindAttachment, desc: "PWK " + a.ReportType + "/" + a.Transmission + " on the pump line",
			sig: []*regexp.Regexp{word("PWK " + a.ReportType), regexp.MustCompile(`on the line`)},
			remove: func(r *adjudicate.Request, pump int) int {
				r.Lines[pump].Attachments = slices.Delete(r.Lines[pump].Attachments, k, k+1)
				return pump
			}})
	}
	for k, a := range r.Event.Attachments {
		ps = append(ps, piece{kind: kindAttachment, desc: "PWK " + a.ReportType + "/" + a.Transmission + " on the event",
			sig: []*regexp.Regexp{word("PWK " + a.ReportType), regexp.MustCompile(`on the event`)},
			remove: func(r *adjudicate.Request, pump int) int {
				r.Event.Attachments = slices.Delete(r.Event.Attachments, k, k+1)
				return pump
			}})
	}
	for k, d := range pl.Delivery {
		ps = append(ps, piece{kind: kindHSD, desc: fmt.Sprintf("HSD %v hours per %s", d.Quantity, d.PeriodQualifier), sig: []*regexp.Regexp{regexp.MustCompile(`HSD`)},
			remove: func(r *adjudicate.Request, pump int) int {
				r.Lines[pump].Delivery = slices.Delete(r.Lines[pump].Delivery, k, k+1)
				return pump
			}})
	}
	if pl.POS != "" {
		ps = append(ps, piece{kind: kindPOS, desc: "place of service " + pl.POS + " on the pump line",
			sig:    []*regexp.Regexp{word("place of service " + pl.POS), regexp.MustCompile(`on the line`)},
			remove: func(r *adjudicate.Request, pump int) int { r.Lines[pump].POS = ""; return pump }})
	}
	if r.Event.POS != "" {
		ps = append(ps, piece{kind: kindPOS, desc: "place of service " + r.Event.POS + " on the event",
			sig:    []*regexp.Regexp{word("place of service " + r.Event.POS), regexp.MustCompile(`on the event`)},
			remove: func(r *adjudicate.Request, pump int) int { r.Event.POS = ""; return pump }})
	}
	for k, p := range pl.Providers {
		if p.Entity != "DK" {
			continue
		}
		ps = append(ps, piece{kind: kindOrdering, desc: "ordering provider on the pump line", sig: []*regexp.Regexp{regexp.MustCompile(`ordering provider.*2010F|` + regexp.QuoteMeta("NPI "+p.NPI))},
			remove: func(r *adjudicate.Request, pump int) int {
				r.Lines[pump].Providers = slices.Delete(r.Lines[pump].Providers, k, k+1)
				return pump
			}})
	}
	for k, p := range r.Event.Providers {
		if p.Entity != "DK" {
			continue
		}
		ps = append(ps, piece{kind: kindOrdering, desc: "ordering provider on the event", sig: []*regexp.Regexp{regexp.MustCompile(`ordering provider.*2010EA|` + regexp.QuoteMeta("NPI "+p.NPI))},
			remove: func(r *adjudicate.Request, pump int) int {
				r.Event.Providers = slices.Delete(r.Event.Providers, k, k+1)
				return pump
			}})
	}
	return ps
}

// cited reports whether one evidence text cites the piece.
func (p *piece) cited(evidence string) bool {
	for _, re := range p.sig {
		if !re.MatchString(evidence) {
			return false
		}
	}
	return true
}

// supports reports whether a criterion result shows its criterion
// satisfied (met, or met by attestation).
func supports(r adjudicate.CriterionResult) bool {
	return r.Result == adjudicate.Met || r.Result == adjudicate.Attested
}

// citedBy reports whether the trace cites the piece in a criterion that
// keep says to look at.
func citedBy(tr *adjudicate.Trace, p *piece, keep func(adjudicate.CriterionResult) bool) bool {
	for _, c := range tr.Criteria {
		if !keep(c) {
			continue
		}
		for _, e := range c.Evidence {
			if p.cited(e) {
				return true
			}
		}
	}
	return false
}

// genericDx matches evidence that a diagnosis on the request (not named)
// met a criterion: the old trace wording.
var genericDx = regexp.MustCompile(`^a diagnosis on the request is in`)

// citesKind reports whether a criterion result cites a piece of the kind
// that request v (pump line pump) still has.
func citesKind(c adjudicate.CriterionResult, kind string, vps []piece) bool {
	for _, p := range vps {
		if p.kind != kind {
			continue
		}
		for _, e := range c.Evidence {
			if p.cited(e) {
				return true
			}
		}
	}
	if kind == kindDx {
		for _, e := range c.Evidence {
			if genericDx.MatchString(e) {
				return true
			}
		}
	}
	return false
}

// uncovered returns the criterion that the removed piece p satisfied in
// the base trace and that the variant's trace still counts as satisfied
// without any remaining piece of p's kind and without an attachment
// attesting it — or, for a diagnosis or a drug line, which always matter,
// "" with true when no satisfied criterion of the variant cites a piece of
// that kind at all. It returns false when the variant is covered.
func uncovered(p *piece, bt, vt *adjudicate.Trace, vps []piece) (string, bool) {
	if p.kind == kindDx || p.kind == kindDrug {
		any := false
		for _, c := range vt.Criteria {
			if supports(c) && citesKind(c, p.kind, vps) {
				any = true
				break
			}
		}
		if !any {
			return "", true
		}
	}
	for _, bc := range bt.Criteria {
		if !supports(bc) || !slices.ContainsFunc(bc.Evidence, p.cited) {
			continue
		}
		for _, vc := range vt.Criteria {
			if vc.ID != bc.ID || !supports(vc) {
				continue
			}
			// No ordering provider at all contradicts the prescriber
			// criteria (DESIGN §5): only another one covers it.
			attested := p.kind != kindOrdering && vc.Result == adjudicate.Attested && citesKind(vc, kindAttachment, vps)
			if citesKind(vc, p.kind, vps) || attested {
				continue
			}
			return vc.ID, true
		}
	}
	return "", false
}

// decideProp decides a request, failing the test on an engine error.
func decideProp(t *testing.T, cfg *adjudicate.Config, r *adjudicate.Request) *adjudicate.Result {
	t.Helper()
	res, err := adjudicate.Decide(r, cfg, now)
	require.NoError(t, err)
	return res
}

// classes lists the line classes of a decision.
func classes(res *adjudicate.Result) []string {
	out := make([]string, len(res.Lines))
	for i, l := range res.Lines {
		out[i] = l.Class
	}
	return out
}

// pumpLines lists the pump lines of a decision that carry a decision.
func pumpLines(res *adjudicate.Result) []int {
	var out []int
	for i, l := range res.Lines {
		if l.Class == adjudicate.ClassPump && l.Action != "" {
			out = append(out, i)
		}
	}
	return out
}

// findings collects the violations of one property.
type findings struct {
	name     string
	checked  int
	examples []string
	bases    map[string]bool
	// byCategory counts the violations by what was changed and the payer.
	byCategory map[string]int
	// shown counts the examples kept per category.
	shown map[string]int
}

// add records a violation on a base request under a category (what was
// changed); the first examples of each category are kept.
func (f *findings) add(base, category, what string) {
	if f.bases == nil {
		f.bases, f.byCategory, f.shown = map[string]bool{}, map[string]int{}, map[string]int{}
	}
	f.bases[base] = true
	f.byCategory[category]++
	if f.shown[category] < 3 {
		f.shown[category]++
		f.examples = append(f.examples, base+": "+what)
	}
}

func (f *findings) report(t *testing.T) {
	t.Helper()
	n := 0
	var cats []string
	for c, k := range f.byCategory {
		n += k
		cats = append(cats, fmt.Sprintf("%s %d", c, k))
	}
	slices.Sort(cats)
	t.Logf("%s: %d variants checked, %d violations in %d requests", f.name, f.checked, n, len(f.bases))
	if n > 0 {
		t.Errorf("%s: %d violations in %d requests (%s), e.g.:\n  %s", f.name, n, len(f.bases), strings.Join(cats, "; "), strings.Join(f.examples, "\n  "))
	}
}

// drugGroups gives the indication groups of the drugs the generator and
// the samples use (criteria.md §4 and §6 with its corrections, DESIGN §5):
// a diagnosis outside all of them cannot pair with the drug. A drug not
// listed here is taken to belong to every group.
var drugGroups = map[string][]string{
	"J9190": {"malignancy"}, "J9000": {"malignancy"}, "J9040": {"malignancy"}, "J9100": {"malignancy"}, "J9065": {"malignancy"},
	"J9200": {"malignancy"}, "J9360": {"malignancy"}, "J9370": {"malignancy"},
	"J0133": {"viral"}, "J1570": {"viral"}, "J1455": {"viral"},
	"J0285": {"fungal"}, "J0287": {"fungal"}, "J0288": {"fungal"}, "J0289": {"fungal"},
	"J3370": {"bacterial"},
	"J1457": {"malignancy", "hypercalcemia"},
	"J0895": {"iron"},
	"J1644": {"pregnancy"},
	"J2270": {"malignancy", "pain"}, "J2274": {"malignancy", "pain"}, "J1170": {"malignancy", "pain"}, "J3010": {"malignancy", "pain"}, "J1230": {"malignancy", "pain"},
	"J1325": {"ph"}, "J3285": {"ph"},
	"J1250": {"heart failure"}, "J1265": {"heart failure"}, "J2260": {"heart failure"},
	"J2278": {"pain"},
	"J1559": {"immunodeficiency"}, "J1561": {"immunodeficiency"}, "J1569": {"immunodeficiency"}, "J1575": {"immunodeficiency"},
	"J7340": {"parkinson"}, "J7356": {"parkinson"},
}

// foreignDx are diagnoses of one group each (or of none), to put in place
// of a request's diagnoses.
var foreignDx = []struct{ code, group string }{
	{"C180", "malignancy"}, {"B004", "viral"}, {"B440", "fungal"}, {"A419", "bacterial"}, {"I5022", "heart failure"},
	{"E83111", "iron"}, {"G893", "pain"}, {"D801", "immunodeficiency"}, {"G20A1", "parkinson"},
	{"K5730", ""}, {"Z0000", ""},
}

// outsideGroups returns the foreign diagnoses outside the groups of every
// drug line of the request.
func outsideGroups(r *adjudicate.Request, classes []string) []string {
	groups := map[string]bool{}
	all := false
	for j, l := range r.Lines {
		if classes[j] != adjudicate.ClassDrug {
			continue
		}
		gs, ok := drugGroups[l.Code]
		if !ok {
			all = true
		}
		for _, g := range gs {
			groups[g] = true
		}
	}
	var out []string
	for _, f := range foreignDx {
		if f.group == "" || (!all && !groups[f.group]) {
			out = append(out, f.code)
		}
	}
	return out
}

// contradictions are the changes that add evidence contradicting a
// certification; check names the lines that must not be certified after
// it (the pump line, and for a second pump both pump lines).
var contradictions = []struct {
	name string
	// applies reports whether the base trace shows the policy reads what
	// the change contradicts (nil: always).
	applies func(bt *adjudicate.Trace) bool
	change  func(r *adjudicate.Request, pump int) []int
}{
	{"supplier taxonomy on the ordering provider", nil, func(r *adjudicate.Request, pump int) []int {
		found := false
		for _, ps := range [][]adjudicate.Provider{r.Lines[pump].Providers, r.Event.Providers} {
			for i := range ps {
				if ps[i].Entity == "DK" {
					ps[i].Taxonomy, found = "332B00000X", true
				}
			}
		}
		if !found {
			r.Event.Providers = append(r.Event.Providers, adjudicate.Provider{Entity: "DK", NPI: "1245319599", Taxonomy: "332B00000X"})
		}
		return []int{pump}
	}},
	{"facility place of service (21 inpatient hospital) on the pump line", nil, func(r *adjudicate.Request, pump int) []int {
		r.Lines[pump].POS = "21"
		return []int{pump}
	}},
	{"a second identical pump on the same dates", nil, func(r *adjudicate.Request, pump int) []int {
		r.Lines = slices.Insert(r.Lines, pump+1, clone(&adjudicate.Request{Lines: []adjudicate.Line{r.Lines[pump]}}).Lines[0])
		return []int{pump, pump + 1}
	}},
	{"HSD 30 hours per day", nil, func(r *adjudicate.Request, pump int) []int {
		r.Lines[pump].Delivery = []adjudicate.DeliveryPattern{{Qualifier: "HS", Quantity: 30, PeriodQualifier: "7", Periods: 1}}
		return []int{pump}
	}},
	// The second red-team review's classes (samples/redteam2).
	{"the ordering provider carrying the requester's own NPI", nil, func(r *adjudicate.Request, pump int) []int {
		setOrdering(r, pump, func(p *adjudicate.Provider) { p.NPI = r.Requester.NPI })
		return []int{pump}
	}},
	{"an ordering provider NPI failing its check digit", nil, func(r *adjudicate.Request, pump int) []int {
		setOrdering(r, pump, func(p *adjudicate.Provider) { p.NPI = badCheckDigit(p.NPI) })
		return []int{pump}
	}},
	{"a chiropractor's taxonomy on the ordering provider", nil, func(r *adjudicate.Request, pump int) []int {
		setOrdering(r, pump, func(p *adjudicate.Provider) { p.Taxonomy = "111N00000X" })
		return []int{pump}
	}},
	{"a birth date after the service dates", nil, func(r *adjudicate.Request, pump int) []int {
		r.Patient.BirthDate = "20991231"
		return []int{pump}
	}},
	{"a request date long after the service start", nil, func(r *adjudicate.Request, pump int) []int {
		from := r.Lines[pump].From
		if from == "" {
			from = r.Event.From
		}
		d, err := time.Parse("20060102", from)
		if err != nil {
			return nil
		}
		r.Date = d.AddDate(0, 2, 0).Format("20060102")
		return []int{pump}
	}},
	{"pump units beyond one per rental month", nil, func(r *adjudicate.Request, pump int) []int {
		r.Lines[pump].Units, r.Lines[pump].UnitBasis = 99, "UN"
		return []int{pump}
	}},
	{"an event HSD contradicting the pump line's duration", nil, func(r *adjudicate.Request, pump int) []int {
		h := 0.0
		switch {
		case r.Lines[pump].Code == "E0779":
			h = 2
		case r.Lines[pump].Code == "E0780":
			h = 12
		default:
			for _, d := range r.Lines[pump].Delivery {
				if d.Qualifier == "HS" && d.Quantity > 0 {
					r.Event.Delivery = append(r.Event.Delivery, adjudicate.DeliveryPattern{Qualifier: "HS", Quantity: otherHours(d.Quantity), PeriodQualifier: d.PeriodQualifier, Periods: 1})
					return []int{pump}
				}
			}
			return nil
		}
		r.Event.Delivery = append(r.Event.Delivery, adjudicate.DeliveryPattern{Qualifier: "HS", Quantity: h, PeriodQualifier: "7", Periods: 1})
		return []int{pump}
	}},
	// The third red-team review's classes (samples/redteam3).
	{"the pump line's quantity set to 0", nil, func(r *adjudicate.Request, pump int) []int {
		r.Lines[pump].Units, r.Lines[pump].UnitsSent = 0, true
		return []int{pump}
	}},
	{"a negative quantity on the pump line", nil, func(r *adjudicate.Request, pump int) []int {
		r.Lines[pump].Units, r.Lines[pump].UnitsSent = -3, true
		return []int{pump}
	}},
	{"every drug line's quantity set to 0", nil, func(r *adjudicate.Request, pump int) []int {
		return eachDrugLine(r, pump, func(l *adjudicate.Line) { l.Units, l.UnitsSent = 0, true })
	}},
	{"every drug line a cancellation (UM02 3)", nil, func(r *adjudicate.Request, pump int) []int {
		return eachDrugLine(r, pump, func(l *adjudicate.Line) { l.CertType, l.PriorAuth = "3", "AUTH0001" })
	}},
	{"the event cancelling (UM02 3) while the pump line asks a certification", nil, func(r *adjudicate.Request, pump int) []int {
		if r.Lines[pump].CertType == "" {
			r.Lines[pump].CertType = r.Event.CertType
		}
		if r.Lines[pump].CertType == "" || r.Lines[pump].CertType == "3" {
			r.Lines[pump].CertType = "I"
		}
		r.Event.CertType, r.Event.PriorAuth = "3", "AUTH0001"
		return []int{pump}
	}},
	{"drug line HSD hours contradicting the pump line's duration", nil, func(r *adjudicate.Request, pump int) []int {
		var d adjudicate.DeliveryPattern
		switch p := &r.Lines[pump]; {
		case firstHS(p.Delivery) != nil:
			h := firstHS(p.Delivery)
			d = adjudicate.DeliveryPattern{Qualifier: "HS", Quantity: otherHours(h.Quantity), PeriodQualifier: h.PeriodQualifier, Periods: 1}
		case p.Code == "E0779":
			d = adjudicate.DeliveryPattern{Qualifier: "HS", Quantity: 2, PeriodQualifier: "7", Periods: 1}
		case p.Code == "E0780":
			d = adjudicate.DeliveryPattern{Qualifier: "HS", Quantity: 12, PeriodQualifier: "7", Periods: 1}
		default:
			return nil
		}
		return eachDrugLine(r, pump, func(l *adjudicate.Line) { l.Delivery = []adjudicate.DeliveryPattern{d} })
	}},
	{"a pregnancy diagnosis for a patient aged 3", nil, func(r *adjudicate.Request, pump int) []int {
		from := r.Lines[pump].From
		if from == "" {
			from = r.Event.From
		}
		d, err := time.Parse("20060102", from)
		if err != nil {
			return nil
		}
		r.Patient.BirthDate = d.AddDate(-3, 0, 0).Format("20060102")
		r.Event.Diagnoses = append(r.Event.Diagnoses, adjudicate.Diagnosis{Qualifier: "ABF", Code: "Z331"})
		return []int{pump}
	}},
	{"every diagnosis truncated to its 3-character category", citesLongDx, func(r *adjudicate.Request, pump int) []int {
		for i := range r.Event.Diagnoses {
			if len(r.Event.Diagnoses[i].Code) > 3 {
				r.Event.Diagnoses[i].Code = r.Event.Diagnoses[i].Code[:3]
			}
		}
		return []int{pump}
	}},
}

// eachDrugLine changes every drug line of the request (a J-code or an
// NDC); nil when there is none.
func eachDrugLine(r *adjudicate.Request, pump int, change func(*adjudicate.Line)) []int {
	found := false
	for j := range r.Lines {
		if l := &r.Lines[j]; l.Qualifier == "N4" || strings.HasPrefix(l.Code, "J") {
			change(l)
			found = true
		}
	}
	if !found {
		return nil
	}
	return []int{pump}
}

// firstHS is the first HSD giving hours, or nil.
func firstHS(ds []adjudicate.DeliveryPattern) *adjudicate.DeliveryPattern {
	for i := range ds {
		if ds[i].Qualifier == "HS" && ds[i].Quantity > 0 {
			return &ds[i]
		}
	}
	return nil
}

// longDx finds a diagnosis of 4 characters or more cited as evidence.
var longDx = regexp.MustCompile(`^diagnos[ie]s [A-Z][0-9][0-9A-Z]{2,}`)

// citesLongDx reports whether a met criterion of the trace cites a
// diagnosis code of 4 characters or more: truncating it to its category
// must not leave the line certified (a category is no ICD-10-CM code).
func citesLongDx(bt *adjudicate.Trace) bool {
	for _, c := range bt.Criteria {
		for _, e := range c.Evidence {
			if longDx.MatchString(e) {
				return true
			}
		}
	}
	return false
}

// otherHours is a number of hours different from h, within a day.
func otherHours(h float64) float64 {
	if h >= 23 {
		return h - 1
	}
	return h + 1
}

// setOrdering changes every ordering provider (NM1 DK) of pump line pump
// and the event, adding an oncologist on the event first when there is
// none.
func setOrdering(r *adjudicate.Request, pump int, change func(*adjudicate.Provider)) {
	found := false
	for _, ps := range [][]adjudicate.Provider{r.Lines[pump].Providers, r.Event.Providers} {
		for i := range ps {
			if ps[i].Entity == "DK" {
				change(&ps[i])
				found = true
			}
		}
	}
	if !found {
		p := adjudicate.Provider{Entity: "DK", NPI: "1234567893", Taxonomy: "207RX0202X"}
		change(&p)
		r.Event.Providers = append(r.Event.Providers, p)
	}
}

// badCheckDigit returns the NPI with its check digit changed (a valid one
// becomes invalid); a value that is not 10 digits becomes 1234567890.
func badCheckDigit(npi string) string {
	if len(npi) != 10 {
		return "1234567890"
	}
	d := (npi[9]-'0'+1)%10 + '0'
	return npi[:9] + string(rune(d))
}

// unidentified are drug lines no drug table identifies.
var unidentified = []adjudicate.Line{
	{Qualifier: "HC", Code: "J3490", Units: 1, UnitBasis: "UN"},
	{Qualifier: "N4", Code: "99999099999", Units: 1, UnitBasis: "UN"},
}

// TestProperties checks the metamorphic properties over every sample and
// 600 generated requests.
func TestProperties(t *testing.T) {
	corpus := append(propCorpus(t), generated(t, 600)...)
	removal := &findings{name: "removal (a certified line keeps A1 only if another piece covers the removed one)"}
	contra := &findings{name: "contradiction (contradicting evidence never leaves A1)"}
	dxSwap := &findings{name: "diagnosis (a diagnosis outside the drugs' groups never leaves A1)"}
	noc := &findings{name: "unidentified drug (an unidentified drug line never turns a pend into A1)"}
	mono := &findings{name: "monotonicity (removing evidence never turns a non-A1 into A1)"}
	absent := &findings{name: "unidentified drug (an unidentified drug line never leaves A1 a line certified because a drug is absent)"}
	absenceBases := 0
	certified, pended, other := 0, 0, 0
	for _, pr := range corpus {
		base := decideProp(t, pr.cfg, pr.req)
		cls := classes(base)
		for _, p := range pumpLines(base) {
			bl := &base.Lines[p]
			where := fmt.Sprintf("%s line %d %s", pr.name, p+1, bl.Code)
			switch bl.Action {
			case adjudicate.ActionCertified:
				certified++
				checkRemoval(t, pr, base, p, removal)
				checkContradictions(t, pr, &bl.Trace, p, where, contra)
				checkAbsence(t, pr, &bl.Trace, p, where, absent)
				absenceBases += absenceBase(&bl.Trace)
				checkDiagnosisSwap(t, pr, cls, p, where, dxSwap)
			case adjudicate.ActionPended:
				pended++
				checkUnidentified(t, pr, p, where, noc)
				checkMonotone(t, pr, base, p, mono)
			default:
				other++
				checkMonotone(t, pr, base, p, mono)
			}
		}
	}
	t.Logf("%d requests: %d certified pump lines, %d pended, %d other", len(corpus), certified, pended, other)
	require.NotZero(t, certified, "no certified pump line to vary")
	require.NotZero(t, pended, "no pended pump line to vary")
	require.NotZero(t, absenceBases, "no certified line rests on a drug being absent: the absence property checked nothing")
	for _, f := range []*findings{removal, contra, dxSwap, noc, absent, mono} {
		f.report(t)
	}
}

func checkRemoval(t *testing.T, pr propRequest, base *adjudicate.Result, p int, f *findings) {
	cls := classes(base)
	bt := &base.Lines[p].Trace
	for _, pc := range pieces(pr.req, p, cls) {
		relevant := pc.kind == kindDx || pc.kind == kindDrug || citedBy(bt, &pc, supports)
		if !relevant || pc.remove == nil {
			continue
		}
		v := clone(pr.req)
		vp := pc.remove(v, p)
		res := decideProp(t, pr.cfg, v)
		f.checked++
		vl := &res.Lines[vp]
		if vl.Action != adjudicate.ActionCertified {
			continue
		}
		if id, bad := uncovered(&pc, bt, &vl.Trace, pieces(v, vp, classes(res))); bad {
			what := "no " + pc.kind + " left on the request is cited by a met criterion"
			if id != "" {
				what = id + " still met with no other " + pc.kind + " and no attachment attesting it"
			}
			f.add(fmt.Sprintf("%s line %d %s", pr.name, p+1, base.Lines[p].Code), pr.req.PayerID+" "+pc.kind, "still A1 without the "+pc.desc+": "+what)
		}
	}
}

func checkContradictions(t *testing.T, pr propRequest, bt *adjudicate.Trace, p int, where string, f *findings) {
	for _, c := range contradictions {
		if c.applies != nil && !c.applies(bt) {
			continue
		}
		v := clone(pr.req)
		lines := c.change(v, p)
		res := decideProp(t, pr.cfg, v)
		f.checked++
		if len(lines) == 2 {
			// A second pump: one regimen (one drug line) needs one pump;
			// with more drug lines each pump may have its own driving drug,
			// but two pumps never share one.
			if bad := twoPumps(res, lines, drugLines(v, res)); bad != "" {
				f.add(where, pr.req.PayerID+" "+c.name, bad+" with "+c.name)
			}
			continue
		}
		for _, l := range lines {
			if res.Lines[l].Action == adjudicate.ActionCertified {
				f.add(where, pr.req.PayerID+" "+c.name, fmt.Sprintf("still A1 (line %d) with %s", l+1, c.name))
				break
			}
		}
	}
}

// drugLines counts the drug lines of a decided request.
func drugLines(r *adjudicate.Request, res *adjudicate.Result) int {
	n := 0
	for _, l := range res.Lines {
		if l.Class == adjudicate.ClassDrug {
			n++
		}
	}
	return n
}

// twoPumps checks two identical pump lines on the same dates: with one drug
// line neither may be A1; with more, two A1 lines must have different
// driving drugs. It returns what is wrong, or "".
func twoPumps(res *adjudicate.Result, lines []int, drugs int) string {
	a, b := &res.Lines[lines[0]], &res.Lines[lines[1]]
	switch {
	case drugs <= 1 && (a.Action == adjudicate.ActionCertified || b.Action == adjudicate.ActionCertified):
		return "a pump line still A1 for one drug line"
	case a.Action == adjudicate.ActionCertified && b.Action == adjudicate.ActionCertified && a.Trace.Drug == b.Trace.Drug:
		if a.Trace.Drug.Code == "" {
			return "both pump lines A1, neither naming its driving drug,"
		}
		return "both pump lines A1 with the same driving drug " + a.Trace.Drug.Code + ","
	}
	return ""
}

func checkDiagnosisSwap(t *testing.T, pr propRequest, cls []string, p int, where string, f *findings) {
	for _, code := range outsideGroups(pr.req, cls) {
		v := clone(pr.req)
		v.Event.Diagnoses = []adjudicate.Diagnosis{{Qualifier: "ABK", Code: code}}
		res := decideProp(t, pr.cfg, v)
		f.checked++
		if res.Lines[p].Action == adjudicate.ActionCertified {
			f.add(where, pr.req.PayerID, "still A1 with the diagnosis replaced by "+dotted(code))
		}
	}
}

func checkUnidentified(t *testing.T, pr propRequest, p int, where string, f *findings) {
	checkUnidentifiedAdded(t, pr, p, where, f, "pended, but A1 once an unidentified drug line is added: ")
}

// checkUnidentifiedAdded adds each unidentified drug line in turn: the
// pump line must not be A1 after it.
func checkUnidentifiedAdded(t *testing.T, pr propRequest, p int, where string, f *findings, what string) {
	for _, u := range unidentified {
		v := clone(pr.req)
		u.From, u.To = v.Lines[p].From, v.Lines[p].To
		v.Lines = append(v.Lines, u)
		res := decideProp(t, pr.cfg, v)
		f.checked++
		if res.Lines[p].Action == adjudicate.ActionCertified {
			f.add(where, pr.req.PayerID+" "+u.Code, what+u.Qualifier+" "+u.Code)
		}
	}
}

// absenceEvaluators are the evaluators whose criterion is met when a drug
// is absent from the request (Vermont indication 7, "except meperidine").
var absenceEvaluators = map[string]bool{"drug_not_tagged": true}

// absenceCriteria are the IDs of the criteria absenceEvaluators evaluate.
var absenceCriteria = func() map[string]bool {
	out := map[string]bool{}
	ps, err := adjudicate.Policies()
	if err != nil {
		return out
	}
	for _, p := range ps {
		for _, c := range p.Criteria() {
			if absenceEvaluators[c.Evaluator] {
				out[c.ID] = true
			}
		}
	}
	return out
}()

// absenceBase is 1 when a certified line's trace counts a drug's absence
// as met for an indication that is met too (the absence criterion
// VT.IND.7.NO_MEPERIDINE qualifies VT.IND.7), else 0.
func absenceBase(bt *adjudicate.Trace) int {
	met := map[string]bool{}
	for _, c := range bt.Criteria {
		if supports(c) {
			met[c.ID] = true
		}
	}
	for id := range absenceCriteria {
		if i := strings.LastIndexByte(id, '.'); i > 0 && met[id] && met[id[:i]] {
			return 1
		}
	}
	return 0
}

// checkAbsence adds an unidentified drug line to a line certified because
// a drug is absent: an unidentified line does not show the drug is absent
// (DESIGN §5 "Identified drugs only"), so the line must not stay A1.
func checkAbsence(t *testing.T, pr propRequest, bt *adjudicate.Trace, p int, where string, f *findings) {
	if absenceBase(bt) == 0 {
		return
	}
	checkUnidentifiedAdded(t, pr, p, where, f, "A1 resting on a drug's absence stays A1 with an unidentified drug line ")
}

// checkMonotone removes each piece of evidence from a line that is not
// certified; the line must not become certified, unless the trace shows
// the piece contradicted the certification — taking a contradiction away
// may rightly certify: a criterion not met or one that decided the outcome
// cites it, the trace's notes give it as a reason (implausible data), or
// it is a drug line other than the driving drug (another drug is no
// evidence for the line, but may stand against it: meperidine beside
// morphine, an NDC nobody can identify).
func checkMonotone(t *testing.T, pr propRequest, base *adjudicate.Result, p int, f *findings) {
	cls := classes(base)
	bt := &base.Lines[p].Trace
	against := func(c adjudicate.CriterionResult) bool {
		return c.Result == adjudicate.NotMet || slices.Contains(bt.Decisive, c.ID)
	}
	for _, pc := range pieces(pr.req, p, cls) {
		if pc.remove == nil || citedBy(bt, &pc, against) || slices.ContainsFunc(bt.Notes, pc.cited) || slices.ContainsFunc(bt.Implausible, pc.cited) {
			continue
		}
		if pc.kind == kindDrug && bt.Drug.Code != "" && !pc.cited(bt.Drug.Code) {
			continue
		}
		v := clone(pr.req)
		vp := pc.remove(v, p)
		res := decideProp(t, pr.cfg, v)
		f.checked++
		if res.Lines[vp].Action == adjudicate.ActionCertified {
			f.add(fmt.Sprintf("%s line %d %s", pr.name, p+1, base.Lines[p].Code), pr.req.PayerID+" "+pc.kind,
				fmt.Sprintf("%s (%s) becomes A1 once the %s is removed", base.Lines[p].Action, strings.Join(base.Lines[p].Reasons, "^"), pc.desc))
		}
	}
}

// ---- what a provider reads ----

// TestProviderMessages checks every MSG that any sample and any generated
// request produces (DESIGN §5, issue 9): plain words with no criterion
// ID, within the 264 characters of MSG01 once written into a 278 (with
// the component separator of any file) and not cut in the middle of a
// word — in the engine's result and in the 278 responses of the samples.
func TestProviderMessages(t *testing.T) {
	ids, err := adjudicate.CriterionIDs()
	require.NoError(t, err)
	var bad []string
	n := 0
	check := func(name, msg string, written bool) {
		if msg == "" {
			return
		}
		n++
		long := len(msg) // a MSG01 read back from a 278
		if !written {
			long = 0 // the engine's text, as any file would carry it
			for _, comp := range []byte{':', '^', '>', '|', '!'} {
				long = max(long, len(x217.Text(msg, edi.Delimiters{Element: '*', Component: comp, Segment: '~', Repetition: '{'}, 1<<20)))
			}
		}
		switch {
		case long > 264:
			bad = append(bad, fmt.Sprintf("%s: %d characters in MSG01: %q", name, long, msg))
		case !strings.ContainsAny(msg[len(msg)-1:], ".!?)"):
			bad = append(bad, fmt.Sprintf("%s: cut short: %q", name, msg))
		case strings.HasSuffix(msg, "..."):
			bad = append(bad, fmt.Sprintf("%s: cut short: %q", name, msg))
		default:
			for _, id := range ids {
				if word(id).MatchString(msg) {
					bad = append(bad, fmt.Sprintf("%s: names criterion %s: %q", name, id, msg))
					break
				}
			}
		}
	}
	for _, pr := range append(propCorpus(t), generated(t, 600)...) {
		res := decideProp(t, pr.cfg, pr.req)
		check(pr.name+" event", res.Event.Message, false)
		for i, l := range res.Lines {
			check(fmt.Sprintf("%s line %d %s", pr.name, i+1, l.Code), l.Message, false)
		}
	}
	for _, s := range samples(t) {
		for _, o := range run(t, s).outputs {
			if o.kind != pipeline.Kind278 {
				continue
			}
			for _, seg := range segments(o.data) {
				if seg[0] == "MSG" {
					check(s.name+" 278 MSG01", el(seg, 1), true)
				}
			}
		}
	}
	t.Logf("%d messages checked, %d bad", n, len(bad))
	slices.Sort(bad)
	bad = slices.Compact(bad)
	if len(bad) > 0 {
		ex := bad
		if len(ex) > 30 {
			ex = ex[:30]
		}
		t.Errorf("%d provider messages break the rules, e.g.:\n  %s", len(bad), strings.Join(ex, "\n  "))
	}
}

// certifiedCount counts the certified (A1) lines of a decision.
func certifiedCount(res *adjudicate.Result) int {
	n := 0
	for i := range res.Lines {
		if res.Lines[i].Action == adjudicate.ActionCertified {
			n++
		}
	}
	return n
}

// unreadable are drug lines nobody can identify, the malformed code
// included (a lowercase J-code is answered AAA AG).
var unreadable = append(slices.Clone(unidentified), adjudicate.Line{Qualifier: "HC", Code: "j2175", Units: 1, UnitBasis: "UN"})

// TestRequestProperties checks the metamorphic properties the second
// red-team review (samples/redteam2) showed as classes, over every sample
// and the generated requests:
//   - duplicating a drug line never increases the number of A1 lines (a
//     regimen sent twice is one regimen);
//   - lowercasing a code (a line's procedure code or a diagnosis) never
//     increases the number of A1 lines;
//   - with an unidentified drug line on the request (a NOC code, an NDC
//     the table does not hold, a malformed code) no exclusion criterion is
//     met (DESIGN §5: an unidentified drug never shows a drug is absent).
//
// Adding contradicting structured facts is in TestProperties
// (contradictions).
func TestRequestProperties(t *testing.T) {
	corpus := append(propCorpus(t), generated(t, 600)...)
	dup := &findings{name: "duplicate drug line (never more A1 lines)"}
	lower := &findings{name: "lowercase code (never more A1 lines)"}
	excl := &findings{name: "unidentified drug line (an exclusion criterion is never met)"}
	for _, pr := range corpus {
		base := decideProp(t, pr.cfg, pr.req)
		n := certifiedCount(base)
		for j := range pr.req.Lines {
			if base.Lines[j].Class != adjudicate.ClassDrug {
				continue
			}
			v := clone(pr.req)
			v.Lines = slices.Insert(v.Lines, j+1, v.Lines[j])
			dup.checked++
			if m := certifiedCount(decideProp(t, pr.cfg, v)); m > n {
				dup.add(pr.name, pr.req.PayerID+" "+pr.req.Lines[j].Code, fmt.Sprintf("%d A1 lines become %d once drug line %d (%s) is sent twice", n, m, j+1, pr.req.Lines[j].Code))
			}
		}
		for j := range pr.req.Lines {
			if low := strings.ToLower(pr.req.Lines[j].Code); low != pr.req.Lines[j].Code {
				v := clone(pr.req)
				v.Lines[j].Code = low
				lower.checked++
				if m := certifiedCount(decideProp(t, pr.cfg, v)); m > n {
					lower.add(pr.name, pr.req.PayerID+" line code", fmt.Sprintf("%d A1 lines become %d once line %d's code is written %s", n, m, j+1, low))
				}
			}
		}
		for k, d := range pr.req.Event.Diagnoses {
			if low := strings.ToLower(d.Code); low != d.Code {
				v := clone(pr.req)
				v.Event.Diagnoses[k].Code = low
				lower.checked++
				if m := certifiedCount(decideProp(t, pr.cfg, v)); m > n {
					lower.add(pr.name, pr.req.PayerID+" diagnosis", fmt.Sprintf("%d A1 lines become %d once diagnosis %s is written %s", n, m, d.Code, low))
				}
			}
		}
		for _, p := range pumpLines(base) {
			for _, u := range unreadable {
				v := clone(pr.req)
				u.From, u.To = v.Lines[p].From, v.Lines[p].To
				v.Lines = append(v.Lines, u)
				res := decideProp(t, pr.cfg, v)
				excl.checked++
				for _, c := range res.Lines[p].Trace.Criteria {
					if absenceCriteria[c.ID] && supports(c) {
						excl.add(fmt.Sprintf("%s line %d %s", pr.name, p+1, base.Lines[p].Code), pr.req.PayerID+" "+u.Code,
							fmt.Sprintf("%s %s with drug line %s %s on the request", c.ID, c.Result, u.Qualifier, u.Code))
					}
				}
			}
		}
	}
	require.NotZero(t, excl.checked)
	for _, f := range []*findings{dup, lower, excl} {
		f.report(t)
	}
}
