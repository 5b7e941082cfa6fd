package adjudicate

import "slices"

// The compiled form of the policy files: policyload.go reads them,
// compile*.go check and compile them into these types, classify.go looks
// lines up in them.

// Policy is a compiled, validated payer policy: its criteria, code tables
// and recorded choices. It is immutable and safe for concurrent use.
type Policy struct {
	id, version, title, description string
	seed                            SeedInfo
	choices                         []Choice

	criteria []*criterion // file order
	byID     map[string]*criterion
	coverage *criterion
	scope    []*criterion
	roots    []*criterion // coverage, then scope: together they decide a pump line

	classes      map[string]*classEntry // exact HCPCS → class
	routedRanges []routedRange
	drugPrefixes []string
	ndcIsDrug    bool
	drugs        map[string]*drugInfo
	drugRanges   []drugRange
	prescriber   []string               // taxonomy prefixes of prescribers
	supplier     []string               // taxonomy codes of suppliers (never the prescriber)
	nonPrescrib  []string               // taxonomy prefixes of providers who do not prescribe
	pumpGroups   map[string]string      // pump code → pump class (ambulatory, stationary)
	attestKinds  map[string]*attestKind // attestation kinds of the policy file

	codes *codeTables
}

// ID returns the policy ID (e.g. "vt-dvha-eip").
func (p *Policy) ID() string { return p.id }

// Version returns the policy version.
func (p *Policy) Version() string { return p.version }

// Title returns the policy title.
func (p *Policy) Title() string { return p.title }

// Seed returns the seed document the policy encodes.
func (p *Policy) Seed() SeedInfo { return p.seed }

// Choices returns the choices recorded in the policy data, with reasons.
func (p *Policy) Choices() []Choice { return slices.Clone(p.choices) }

// CriterionInfo describes one criterion of a policy.
type CriterionInfo struct {
	ID         string   `json:"id"`
	Text       string   `json:"text"`
	Citation   Citation `json:"citation"`
	Evaluator  string   `json:"evaluator"`
	Attestable bool     `json:"attestable"`
	// AttestBy are the PWK01 report types that can attest the criterion.
	AttestBy []string `json:"attest_by,omitempty"`
}

// Criteria returns the policy's criteria in file order.
func (p *Policy) Criteria() []CriterionInfo {
	out := make([]CriterionInfo, len(p.criteria))
	for i, c := range p.criteria {
		out[i] = CriterionInfo{ID: c.id, Text: c.text, Citation: c.cite, Evaluator: c.evalName, Attestable: c.attest != nil}
		if c.attest != nil {
			out[i].AttestBy = slices.Clone(c.attest.types)
		}
	}
	return out
}

// classEntry is the class of one exact HCPCS code.
type classEntry struct {
	class  string
	routed *routedRange
}

// routedRange is one classes.routed entry: codes another policy owns.
type routedRange struct {
	ranges []codeRange
	tags   []string
	to     string
	msg    string // precomputed MSG
}

// drugInfo is what the drug table says about a drug code.
type drugInfo struct {
	code, name, route string
	tags              []string
	labelHours        float64
	groups            []*dxGroup // indication groups
	noc               bool       // not otherwise classified: not identified
	inRange           bool       // a drug_ranges entry: class known, form not identified
	validTo           string     // last date of service of the code (CCYYMMDD), or ""
	evidence          string     // precomputed evidence text
}

// identified reports whether the drug table identifies the drug itself
// (not a not-otherwise-classified code, an unknown NDC or a code known only
// by its range): only an identified drug satisfies a drug criterion.
func (d *drugInfo) identified() bool { return !d.noc && !d.inRange && d.route != "unknown" }

// dxGroup is one compiled indication group.
type dxGroup struct {
	id, name  string
	all       [][]codeRange // a diagnosis in each list
	ranges    string        // the ranges as written, for evidence
	missingEv string        // precomputed evidence: no diagnosis of the group
}

// attestKind is one kind of documentation and the report types that can
// show it.
type attestKind struct {
	id, reason string
	types      []string
	cannotEv   string // precomputed: the attachments sent cannot show it
}

// drugRange is a drug_ranges entry: one drugInfo for a range of codes.
type drugRange struct {
	r    codeRange
	info *drugInfo
}

// criterion is one compiled criterion: what the file says, the resolved
// composite members and the texts precomputed for the hot path.
type criterion struct {
	idx       int
	id, text  string
	cite      Citation
	passage   string // the seed's words (citeFile.Passage), display only
	evalName  string
	eval      evalFunc
	p         params
	dx        []codeRange
	attest    *attestKind // nil: documentation cannot attest it
	unlisted  *attestKind // params.unlisted_attest
	review    []*dxGroup  // params.review_groups
	docGroups []*dxGroup  // params.doc_groups
	deny      bool
	reason    string
	documents []string
	remedy    string
	routeTo   string
	all, any  []*criterion
	denyText  string // "ID not met (section)"
	routeMsg  string // MSG for an out-of-scope route
	skipNote  string // trace note when a payer table is not configured
	dxText    string // params.dx as written, for evidence
	noScopeEv string // scope_dx_drug: evidence that nothing places the request outside
	naText    string // evidence of a set that does not apply to the driving drug
}

// codeTables is the compiled codes.json, shared by every policy.
type codeTables struct {
	reasons    map[string]string
	errs       map[string]errorFile
	hcr03      map[string]string
	aaa        map[string]string
	followUps  map[string]string
	documents  map[string]string
	pwkTypes   []string // default accepted PWK report types, sorted
	pwkNames   map[string]string
	places     map[string]*place
	drugs      map[string]*drugInfo
	drugRanges []drugRange
	drugTags   map[string]string
	codeNames  map[string]string
	dxGroups   map[string]*dxGroup
	icd10      icd10Table
	proxyEv    map[string]string // drug tag → proxy evidence text
	// Precomputed hot-path values.
	pwkEv       map[string][2]string // PWK type → evidence on the line, on the event
	pwkAA       map[string][2]string // PWK type → note when only available on request
	reasonLists map[string][]string  // HCR03 code → shared one-element list
}

// place is one place of service of the code tables.
type place struct {
	code, name, setting string
	evLine, evEvent     string // precomputed evidence text
}
