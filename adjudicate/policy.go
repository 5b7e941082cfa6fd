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
	prescriber   []string // taxonomy prefixes of prescribers
	supplier     []string // taxonomy codes of suppliers (never the prescriber)

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
}

// Criteria returns the policy's criteria in file order.
func (p *Policy) Criteria() []CriterionInfo {
	out := make([]CriterionInfo, len(p.criteria))
	for i, c := range p.criteria {
		out[i] = CriterionInfo{ID: c.id, Text: c.text, Citation: c.cite, Evaluator: c.evalName, Attestable: c.attest}
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
	evidence          string // precomputed evidence text
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
	evalName  string
	eval      evalFunc
	p         params
	dx        []codeRange
	attest    bool
	deny      bool
	reason    string
	documents []string
	remedy    string
	routeTo   string
	all, any  []*criterion
	denyText  string // "ID not met (section)"
	routeMsg  string // MSG for an out-of-scope route
	skipNote  string // trace note when a payer table is not configured
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
	// Precomputed hot-path values.
	pwkEv       map[string][2]string // PWK type → evidence on the line, on the event
	reasonLists map[string][]string  // HCR03 code → shared one-element list
}

// place is one place of service of the code tables.
type place struct {
	code, name, setting string
	evLine, evEvent     string // precomputed evidence text
}
