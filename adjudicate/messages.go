package adjudicate

import "strings"

// What a decision says: the MSG texts the provider reads, and the
// criterion lists of the trace.
//
// A provider-facing MSG is plain words: it names the policy by its
// document name and section, never a criterion ID; it says what would
// change the outcome (a document to send, a fact the request should show);
// it fits the 264 characters of MSG01 and is never cut inside a word —
// parts that do not fit are left out whole. A recommended denial is a
// pend for the provider: the MSG says the request waits for a clinician
// and what is needed, and "recommended: not certified" stays in the trace.

// Fixed MSG texts.
const (
	msgAppeal           = "Appeal received: pended for review by a clinician."
	msgUnsupportedCert  = "Certification type not adjudicated automatically: pended for review."
	msgSupplyNoPump     = "Supply line with no pump line in this request: send the pump request or its authorization."
	msgDrug             = "Drug line routed to drug benefit review; used as evidence for the pump line."
	msgDrugNoPump       = "Drug line routed to drug benefit review."
	msgOther            = "Code not addressed by the external infusion pump policy: routed to manual review."
	msgNoLineConsidered = "No service line could be considered: see the errors on each line."
	msgNoLines          = "No service lines in the request: pended for review."
)

// maxMSG is the length of MSG01.
const maxMSG = 264

// asciiMSG maps the typographic characters of the policy texts (section
// names such as "Clinical Indications › Not Medically Necessary") to the
// ASCII a 278 carries, as edi/x217.Text does, so that the MSG the engine
// returns is the MSG the provider reads.
var asciiMSG = strings.NewReplacer("›", "/", "…", "...", "–", "-", "—", "-", "‘", "'", "’", "'", "“", "\"", "”", "\"", "≥", ">=", "≤", "<=", "×", "x")

// msgLen is the most characters an ASCII text can take in MSG01 once
// written into a 278 (edi/x217.Text): a character that may be the file's
// component separator (":", "^", ">", "|", "!") becomes two (" -"). A MSG
// within maxMSG by this measure is never cut when it is written.
func msgLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':', '^', '>', '|', '!':
			n++
		}
	}
	return n
}

// msgText composes a MSG01 text from parts, keeping a part only when the
// whole still fits: a message is never cut inside a word.
type msgText struct {
	b strings.Builder
	n int // msgLen of b
}

func newMSG(lead string) *msgText {
	m := &msgText{}
	m.b.Grow(maxMSG)
	m.write(lead)
	return m
}

func (m *msgText) write(s string) {
	s = asciiMSG.Replace(s)
	m.b.WriteString(s)
	m.n += msgLen(s)
}

// fits reports whether s can still be appended.
func (m *msgText) fits(s string) bool { return m.n+msgLen(asciiMSG.Replace(s)) <= maxMSG }

// add appends s if it fits and reports whether it did.
func (m *msgText) add(s string) bool {
	if !m.fits(s) {
		return false
	}
	m.write(s)
	return true
}

// list appends lead and then, in order, the items that fit, separated by
// "; ", and end; an item too long for what is left is left out and a
// shorter one after it may still fit. Nothing is written when no item
// fits. It reports whether the first item was written.
func (m *msgText) list(lead string, items []string, end string) bool {
	n, first := 0, false
	for k, it := range items {
		sep := "; "
		if n == 0 {
			sep = lead
		}
		if !m.fits(sep + it + end) {
			continue
		}
		m.write(sep + it)
		first = first || k == 0
		n++
	}
	if n > 0 {
		m.write(end)
	}
	return first
}

func (m *msgText) String() string { return m.b.String() }

// fitMSG keeps a fixed text within MSG01, leaving out whole words at its
// end (and ending the sentence) when it is longer.
func fitMSG(s string) string {
	s = asciiMSG.Replace(s)
	for msgLen(s) > maxMSG {
		cut := strings.LastIndexByte(strings.TrimSuffix(s, "."), ' ')
		if cut <= 0 {
			return s
		}
		s = strings.TrimRight(s[:cut], " ,;:(") + "."
	}
	return s
}

// policyName is the name a provider knows the policy by: its document
// (CG-DME-21), else its title.
func (p *Policy) policyName() string {
	if p.seed.Document != "" {
		return p.seed.Document
	}
	return p.title
}

// routeMessage is the MSG of a line routed by scope criterion c: where it
// goes, which section puts it outside the policy, and what would keep it
// under the policy.
func routeMessage(p *Policy, c *criterion) string {
	m := newMSG("Routed to " + c.routeTo + ": outside the scope of " + p.policyName())
	m.add(" (" + c.cite.Section + ")")
	m.write(".")
	if c.remedy != "" {
		m.add(" It stays under " + p.policyName() + " with " + c.remedy + ".")
	}
	return fitMSG(m.String())
}

// routedCodeMessage is the MSG of a line whose code another policy owns.
func routedCodeMessage(p *Policy, to string) string {
	return fitMSG("Routed to " + to + "; not decided under " + p.policyName() + ".")
}

// documentsMessage is the MSG of a line pended for documents (0U): which
// documents to send and what they must show.
func documentsMessage(p *Policy, cs []*criterion) string {
	docs := documents(cs)
	names := make([]string, len(docs))
	for i, d := range docs {
		names[i] = strings.ToLower(p.codes.documents[d])
	}
	m := newMSG("Pended for more information")
	if len(names) > 0 {
		m.add(": please send " + andList(names, "a ") + " (LOINC " + strings.Join(docs, ", ") + ")")
	}
	m.write(".")
	m.list(" Needed: ", remedies(cs), ".")
	return m.String()
}

// implausibleMessage is the MSG of a line whose data cannot be certified
// as sent (0V): what to correct.
func implausibleMessage(reasons []string) string {
	m := newMSG("Pended for review by a clinician: the request cannot be certified as sent.")
	m.list(" To correct: ", reasons, ".")
	return m.String()
}

// reviewMessage is the MSG of a line pended for a clinician (0V) on
// criteria the request cannot settle: what would help the decision.
func reviewMessage(cs []*criterion) string {
	m := newMSG("Pended for review by a clinician.")
	m.list(" What would help: ", remedies(cs), ".")
	return m.String()
}

// adverseReviewMessage is the MSG of a recommended denial (adverse:
// review): the request waits for a clinician, under which section, and
// what is needed. The recommendation itself is only in the trace.
func adverseReviewMessage(p *Policy, dec []*criterion, st *evalState) string {
	return sectionAndNeeds("Pended for review by a clinician under "+p.policyName(), ", %s", dec, " What is needed: ", denyRemedies(dec, st))
}

// denyMessage is the MSG of a line not certified (A3, adverse: auto): the
// policy and section, and what would change the outcome.
func denyMessage(p *Policy, dec []*criterion, st *evalState) string {
	return sectionAndNeeds("Not certified under "+p.policyName(), " (%s)", dec, " Needed: ", denyRemedies(dec, st))
}

// sectionAndNeeds writes lead, the section of the first decisive criterion
// (in the form of section, %s standing for it), and the remedies that fit.
// The most specific remedy comes first and matters most: when it does not
// fit beside the section, the section is left out.
func sectionAndNeeds(lead, section string, dec []*criterion, needsLead string, needs []string) string {
	build := func(withSection bool) (*msgText, bool) {
		m := newMSG(lead)
		if withSection && len(dec) > 0 {
			m.add(strings.Replace(section, "%s", dec[0].cite.Section, 1))
		}
		m.write(".")
		first := m.list(needsLead, needs, ".")
		return m, first
	}
	m, first := build(true)
	if !first && len(needs) > 0 {
		if m2, ok := build(false); ok {
			m = m2
		}
	}
	return m.String()
}

// denyRemedies lists what would change a denial, most specific first: the
// remedies of the decisive leaves, of the failed leaves under decisive
// composites (leaving out criteria that do not concern the request, such
// as indications of drugs it does not carry), then of the decisive
// composites themselves.
func denyRemedies(dec []*criterion, st *evalState) []string {
	var cs []*criterion
	for _, c := range dec {
		if c.eval != nil {
			cs = append(cs, c)
		}
	}
	for _, c := range dec {
		if c.eval != nil {
			continue
		}
		for _, l := range st.failedLeaves(c, nil) {
			r := &st.results[l.idx]
			if r.Result == NotApplicable || hasAny(r.Evidence, evNoIndication, evExcludedDrug) || hasCriterion(cs, l) {
				continue
			}
			cs = append(cs, l)
		}
	}
	for _, c := range dec {
		if c.eval == nil {
			cs = append(cs, c)
		}
	}
	return remedies(cs)
}

// andList joins words as a sentence does: "a progress note and a plan of
// care note".
func andList(items []string, article string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = article + s
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// ids lists the criteria's IDs (Trace.Decisive).
func ids(cs []*criterion) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.id
	}
	return out
}

// remedies lists the criteria's remedies once each (Trace.ToChange).
func remedies(cs []*criterion) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		if !hasAny(out, c.remedy) {
			out = append(out, c.remedy)
		}
	}
	return out
}

// documents lists the LOINC documents that would show the criteria, once
// each.
func documents(cs []*criterion) []string {
	var out []string
	for _, c := range cs {
		for _, d := range c.documents {
			if !hasAny(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// denyReasons lists the HCR03 reasons of the decisive criteria once each.
func denyReasons(dec []*criterion) []string {
	out := make([]string, 0, 1)
	for _, c := range dec {
		if !hasAny(out, c.reason) {
			out = append(out, c.reason)
		}
	}
	return out
}
