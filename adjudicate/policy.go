package adjudicate

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed policies/*.json
var embedded embed.FS

// codesFileName is the shared code tables file inside a policy directory.
const codesFileName = "codes.json"

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

type classEntry struct {
	class  string
	routed *routedRange
}

type routedRange struct {
	ranges []codeRange
	tags   []string
	to     string
	msg    string // precomputed MSG
}

type drugInfo struct {
	code, name, route string
	tags              []string
	labelHours        float64
	evidence          string // precomputed evidence text
}

type drugRange struct {
	r    codeRange
	info *drugInfo
}

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

type place struct {
	code, name, setting string
	evLine, evEvent     string // precomputed evidence text
}

var (
	embeddedOnce     sync.Once
	embeddedPolicies map[string]*Policy
	embeddedErr      error
)

// Policies returns the embedded policies keyed by ID. They are loaded and
// validated once.
func Policies() (map[string]*Policy, error) {
	embeddedOnce.Do(func() {
		sub, err := fs.Sub(embedded, "policies")
		if err != nil {
			embeddedErr = fmt.Errorf("adjudicate: embedded policies: %w", err)
			return
		}
		embeddedPolicies, embeddedErr = LoadPolicies(sub)
	})
	return embeddedPolicies, embeddedErr
}

// ValidatePolicies loads and validates the embedded policies and the
// default configuration; `gate278 -check` calls it. The error names the
// file and field at fault.
func ValidatePolicies() error {
	if _, err := Policies(); err != nil {
		return err
	}
	_, err := DefaultConfig()
	return err
}

// CriterionIDs returns every criterion ID of every embedded policy, sorted.
func CriterionIDs() ([]string, error) {
	ps, err := Policies()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, p := range ps {
		for _, c := range p.criteria {
			ids = append(ids, c.id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// LoadPolicies reads codes.json and every other *.json file at the top of
// fsys as a policy, validates and compiles them. Errors name the file and
// the field (e.g. `vt-dvha-eip.json: criteria[4].cite.section: missing`).
func LoadPolicies(fsys fs.FS) (map[string]*Policy, error) {
	raw, err := fs.ReadFile(fsys, codesFileName)
	if err != nil {
		return nil, fmt.Errorf("adjudicate: read policy code tables: %w", err)
	}
	var cf codesFile
	if err := decodeStrict(raw, &cf); err != nil {
		return nil, fmt.Errorf("%s: %w", codesFileName, err)
	}
	codes, err := compileCodes(&cf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", codesFileName, err)
	}
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("adjudicate: list policies: %w", err)
	}
	out := make(map[string]*Policy)
	for _, name := range names {
		if name == codesFileName {
			continue
		}
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("adjudicate: read policy: %w", err)
		}
		var pf policyFile
		if err := decodeStrict(raw, &pf); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		p, err := compilePolicy(&pf, codes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); p.id != want {
			return nil, fmt.Errorf("%s: id: %q does not match the file name", name, p.id)
		}
		out[p.id] = p
	}
	if len(out) == 0 {
		return nil, errors.New("adjudicate: no policy files")
	}
	return out, nil
}

func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON document")
	}
	return nil
}

func compileCodes(cf *codesFile) (*codeTables, error) {
	t := &codeTables{
		reasons: cf.Reasons, errs: cf.Errors, hcr03: cf.HCR03, aaa: cf.AAA,
		followUps: cf.FollowUps, documents: cf.Documents, pwkNames: cf.PWKTypes,
		places: make(map[string]*place),
	}
	for _, role := range []string{"not_medically_necessary", "experimental", "non_covered", "pend_documents", "pend_review", "not_considered"} {
		code, ok := cf.Reasons[role]
		if !ok {
			return nil, fmt.Errorf("reasons.%s: missing", role)
		}
		if _, ok := cf.HCR03[code]; !ok {
			return nil, fmt.Errorf("reasons.%s: %q is not in hcr03", role, code)
		}
	}
	for _, role := range []string{"unknown_payer", "missing_payer", "missing_subscriber", "diagnosis", "procedure", "qualifier", "dates", "missing_auth"} {
		e, ok := cf.Errors[role]
		if !ok {
			return nil, fmt.Errorf("errors.%s: missing", role)
		}
		if _, ok := cf.AAA[e.Code]; !ok {
			return nil, fmt.Errorf("errors.%s.code: %q is not in aaa", role, e.Code)
		}
		if _, ok := cf.FollowUps[e.FollowUp]; !ok {
			return nil, fmt.Errorf("errors.%s.follow_up: %q is not in follow_ups", role, e.FollowUp)
		}
		if e.Text == "" {
			return nil, fmt.Errorf("errors.%s.text: missing", role)
		}
	}
	if len(cf.PWKTypes) == 0 {
		return nil, errors.New("pwk_types: missing")
	}
	for k := range cf.PWKTypes {
		t.pwkTypes = append(t.pwkTypes, k)
	}
	sort.Strings(t.pwkTypes)
	for k, v := range cf.Documents {
		if !isLOINC(k) || v == "" {
			return nil, fmt.Errorf("documents.%s: not a well-formed LOINC code with a name", k)
		}
	}
	for i, pl := range cf.Places {
		if len(pl.Code) != 2 || !isDigits(pl.Code) || pl.Name == "" {
			return nil, fmt.Errorf("places[%d]: code must be two digits with a name", i)
		}
		switch pl.Setting {
		case "home", "facility", "ambiguous":
		default:
			return nil, fmt.Errorf("places[%d].setting: must be home, facility or ambiguous", i)
		}
		if _, dup := t.places[pl.Code]; dup {
			return nil, fmt.Errorf("places[%d].code: duplicate %q", i, pl.Code)
		}
		t.places[pl.Code] = &place{
			code: pl.Code, name: pl.Name, setting: pl.Setting,
			evLine:  "place of service " + pl.Code + " (" + pl.Name + ", " + pl.Setting + " setting) on the line UM04",
			evEvent: "place of service " + pl.Code + " (" + pl.Name + ", " + pl.Setting + " setting) on the event UM04",
		}
	}
	if len(cf.DrugTags) == 0 {
		return nil, errors.New("drug_tags: missing")
	}
	t.drugTags = cf.DrugTags
	t.pwkEv = make(map[string][2]string, len(cf.PWKTypes))
	for k := range cf.PWKTypes {
		t.pwkEv[k] = [2]string{t.buildPWKEvidence(k, true), t.buildPWKEvidence(k, false)}
	}
	t.reasonLists = make(map[string][]string, len(cf.HCR03))
	for k := range cf.HCR03 {
		t.reasonLists[k] = []string{k}[:1:1]
	}
	for k := range cf.CodeNames {
		if !isHCPCS(k) {
			return nil, fmt.Errorf("code_names.%s: not a well-formed HCPCS code", k)
		}
	}
	t.codeNames = cf.CodeNames
	shared := &Policy{drugs: make(map[string]*drugInfo)}
	if err := shared.compileDrugs(cf.Drugs, cf.DrugRanges, cf.DrugTags); err != nil {
		return nil, err
	}
	t.drugs, t.drugRanges = shared.drugs, shared.drugRanges
	return t, nil
}

// isLOINC reports whether s looks like a LOINC code: digits, a hyphen and a
// check digit.
func isLOINC(s string) bool {
	n, c, ok := strings.Cut(s, "-")
	return ok && isDigits(n) && len(n) <= 7 && len(c) == 1 && isDigits(c)
}

func compilePolicy(pf *policyFile, codes *codeTables) (*Policy, error) {
	if pf.ID == "" {
		return nil, errors.New("id: missing")
	}
	if pf.Version == "" {
		return nil, errors.New("version: missing")
	}
	if pf.Seed.File == "" {
		return nil, errors.New("seed.file: missing")
	}
	p := &Policy{
		id: pf.ID, version: pf.Version, title: pf.Title, description: pf.Description, seed: pf.Seed,
		choices: pf.Choices, byID: make(map[string]*criterion), classes: make(map[string]*classEntry),
		drugs: make(map[string]*drugInfo), codes: codes,
		drugPrefixes: pf.Classes.Drug.Prefixes, ndcIsDrug: pf.Classes.Drug.NDC,
		prescriber: pf.Taxonomies.Prescriber, supplier: pf.Taxonomies.Supplier,
	}
	for i, c := range pf.Choices {
		if c.Topic == "" || c.Choice == "" || c.Reason == "" {
			return nil, fmt.Errorf("choices[%d]: topic, choice and reason are required", i)
		}
	}
	if err := p.compileClasses(&pf.Classes); err != nil {
		return nil, err
	}
	for code, d := range codes.drugs {
		p.drugs[code] = d
	}
	p.drugRanges = append(p.drugRanges, codes.drugRanges...)
	if err := p.compileDrugs(pf.Drugs, pf.DrugRanges, codes.drugTags); err != nil {
		return nil, err
	}
	if err := p.compileCriteria(pf); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Policy) compileClasses(cf *classesFile) error {
	add := func(field string, i int, code, class string, r *routedRange) error {
		if !isHCPCS(code) {
			return fmt.Errorf("%s[%d]: %q is not a well-formed HCPCS code", field, i, code)
		}
		if prev, dup := p.classes[code]; dup {
			return fmt.Errorf("%s[%d]: %q is already classified as %s", field, i, code, prev.class)
		}
		p.classes[code] = &classEntry{class: class, routed: r}
		return nil
	}
	if len(cf.Pump.Codes) == 0 || cf.Pump.Source == "" {
		return errors.New("classes.pump: codes and source are required")
	}
	for i, c := range cf.Pump.Codes {
		if err := add("classes.pump.codes", i, c, ClassPump, nil); err != nil {
			return err
		}
	}
	if cf.Supply.Source == "" {
		return errors.New("classes.supply.source: missing")
	}
	for i, c := range cf.Supply.Codes {
		if err := add("classes.supply.codes", i, c, ClassSupply, nil); err != nil {
			return err
		}
	}
	if cf.Drug.Source == "" {
		return errors.New("classes.drug.source: missing")
	}
	for i, r := range cf.Routed {
		field := fmt.Sprintf("classes.routed[%d]", i)
		if r.To == "" || r.Source == "" {
			return fmt.Errorf("%s: to and source are required", field)
		}
		rr := &routedRange{tags: r.Tags, to: r.To}
		rr.msg = truncateMSG("Routed to " + r.To + "; not decided under " + p.id + ".")
		for j, c := range r.Codes {
			if strings.Contains(c, "-") {
				cr, err := parseRange(c, isHCPCS)
				if err != nil {
					return fmt.Errorf("%s.codes[%d]: %w", field, j, err)
				}
				rr.ranges = append(rr.ranges, cr)
				continue
			}
			if err := add(field+".codes", j, c, ClassRouted, rr); err != nil {
				return err
			}
		}
		p.routedRanges = append(p.routedRanges, *rr)
	}
	return nil
}

var knownRoutes = map[string]bool{"iv": true, "sc": true, "intrathecal": true, "epidural": true, "parenteral": true, "enteral": true, "oral": true, "inhalation": true, "catheter-flush": true, "unknown": true}

func (p *Policy) compileDrugs(drugs, ranges []drugFile, tags map[string]string) error {
	mk := func(field string, d *drugFile) (*drugInfo, error) {
		if d.Name == "" || d.Source == "" {
			return nil, fmt.Errorf("%s: name and source are required", field)
		}
		if !knownRoutes[d.Route] {
			return nil, fmt.Errorf("%s.route: unknown route %q", field, d.Route)
		}
		for j, t := range d.Tags {
			if _, ok := tags[t]; !ok {
				return nil, fmt.Errorf("%s.tags[%d]: unknown tag %q (declare it in drug_tags)", field, j, t)
			}
		}
		info := &drugInfo{code: d.Code, name: d.Name, route: d.Route, tags: d.Tags, labelHours: d.LabelHoursPerDay}
		info.evidence = "drug line " + d.Code + " " + d.Name + " (route " + d.Route + ")"
		return info, nil
	}
	seen := make(map[string]bool)
	for i := range drugs {
		d := &drugs[i]
		field := fmt.Sprintf("drugs[%d]", i)
		if !isHCPCS(d.Code) {
			return fmt.Errorf("%s.code: %q is not a well-formed HCPCS code", field, d.Code)
		}
		if seen[d.Code] {
			return fmt.Errorf("%s.code: duplicate %q", field, d.Code)
		}
		seen[d.Code] = true
		info, err := mk(field, d)
		if err != nil {
			return err
		}
		p.drugs[d.Code] = info
	}
	for i := range ranges {
		d := &ranges[i]
		field := fmt.Sprintf("drug_ranges[%d]", i)
		r, err := parseRange(d.Code, isHCPCS)
		if err != nil {
			return fmt.Errorf("%s.code: %w", field, err)
		}
		info, err := mk(field, d)
		if err != nil {
			return err
		}
		info.evidence = "drug line in " + d.Code + " (" + d.Name + ", route " + d.Route + ")"
		p.drugRanges = append(p.drugRanges, drugRange{r: r, info: info})
	}
	return nil
}

func (p *Policy) compileCriteria(pf *policyFile) error {
	if len(pf.Criteria) > maxCriteria {
		return fmt.Errorf("criteria: %d criteria exceed the limit of %d", len(pf.Criteria), maxCriteria)
	}
	for i := range pf.Criteria {
		cf := &pf.Criteria[i]
		field := fmt.Sprintf("criteria[%d]", i)
		if cf.ID == "" {
			return fmt.Errorf("%s.id: missing", field)
		}
		field = fmt.Sprintf("criteria[%d] (%s)", i, cf.ID)
		if _, dup := p.byID[cf.ID]; dup {
			return fmt.Errorf("%s.id: duplicate %q", field, cf.ID)
		}
		if cf.Text == "" {
			return fmt.Errorf("%s.text: missing", field)
		}
		if cf.Cite.Section == "" {
			return fmt.Errorf("%s.cite.section: missing", field)
		}
		if cf.Cite.File == "" {
			cf.Cite.File = pf.Seed.File
		}
		ev, ok := evaluators[cf.Eval]
		if !ok {
			return fmt.Errorf("%s.eval: unknown evaluator %q", field, cf.Eval)
		}
		c := &criterion{
			idx: i, id: cf.ID, text: cf.Text, cite: cf.Cite, evalName: cf.Eval, eval: ev.fn,
			attest: cf.Attest, deny: cf.Deny, reason: cf.Reason, documents: cf.Documents,
			remedy: cf.Remedy, routeTo: cf.RouteTo,
		}
		if len(cf.Params) > 0 {
			if err := decodeStrict(cf.Params, &c.p); err != nil {
				return fmt.Errorf("%s.params: %w", field, err)
			}
		}
		for j, d := range c.p.Dx {
			r, err := parseRange(d, isICDPrefix)
			if err != nil {
				return fmt.Errorf("%s.params.dx[%d]: %w", field, j, err)
			}
			c.dx = append(c.dx, r)
		}
		if ev.check != nil {
			if err := ev.check(&c.p); err != nil {
				return fmt.Errorf("%s.params: %w", field, err)
			}
		}
		if c.deny || cf.Reason != "" {
			if c.reason == "" {
				return fmt.Errorf("%s.reason: required when deny is true", field)
			}
			if _, ok := p.codes.hcr03[c.reason]; !ok {
				return fmt.Errorf("%s.reason: %q is not an HCR03 code in codes.json", field, c.reason)
			}
		}
		for j, d := range c.documents {
			if _, ok := p.codes.documents[d]; !ok {
				return fmt.Errorf("%s.documents[%d]: %q is not in codes.json documents", field, j, d)
			}
		}
		if c.attest && len(c.documents) == 0 {
			return fmt.Errorf("%s.documents: an attestable criterion must name the documents that show it", field)
		}
		if c.remedy == "" {
			return fmt.Errorf("%s.remedy: missing (what would change the outcome)", field)
		}
		c.denyText = c.id + " not met (" + c.cite.Section + ")"
		if c.p.Table != "" {
			c.skipNote = c.id + ": skipped, the payer has no " + c.p.Table + " table configured"
		}
		if c.routeTo != "" {
			c.routeMsg = truncateMSG("Routed to " + c.routeTo + ": outside " + p.id + " scope (" + c.id + ", " + c.cite.Section + ").")
		}
		p.criteria = append(p.criteria, c)
		p.byID[c.id] = c
	}
	// Resolve composite references; a composite may only reference criteria
	// listed before it, which also rules out cycles.
	for _, c := range p.criteria {
		field := fmt.Sprintf("criteria[%d] (%s).params", c.idx, c.id)
		resolve := func(ids []string, name string) ([]*criterion, error) {
			out := make([]*criterion, 0, len(ids))
			for j, id := range ids {
				ref, ok := p.byID[id]
				if !ok {
					return nil, fmt.Errorf("%s.%s[%d]: unknown criterion %q", field, name, j, id)
				}
				if ref.idx >= c.idx {
					return nil, fmt.Errorf("%s.%s[%d]: %q must be listed before %q", field, name, j, id, c.id)
				}
				out = append(out, ref)
			}
			return out, nil
		}
		var err error
		if c.all, err = resolve(c.p.All, "all"); err != nil {
			return err
		}
		if c.any, err = resolve(c.p.Any, "any"); err != nil {
			return err
		}
	}
	cov, ok := p.byID[pf.Coverage]
	if !ok {
		return fmt.Errorf("coverage: unknown criterion %q", pf.Coverage)
	}
	p.coverage = cov
	for i, id := range pf.Scope {
		c, ok := p.byID[id]
		if !ok {
			return fmt.Errorf("scope[%d]: unknown criterion %q", i, id)
		}
		if c.routeTo == "" {
			return fmt.Errorf("scope[%d]: %q needs route_to", i, id)
		}
		p.scope = append(p.scope, c)
	}
	return nil
}

// classify returns the class of a line and, for routed lines, where to.
func (p *Policy) classify(qualifier, code string) (string, *routedRange) {
	if qualifier == "N4" {
		if p.ndcIsDrug {
			return ClassDrug, nil
		}
		return ClassOther, nil
	}
	if e, ok := p.classes[code]; ok {
		return e.class, e.routed
	}
	for i := range p.routedRanges {
		if matchAny(p.routedRanges[i].ranges, code) {
			return ClassRouted, &p.routedRanges[i]
		}
	}
	for _, pre := range p.drugPrefixes {
		if strings.HasPrefix(code, pre) {
			return ClassDrug, nil
		}
	}
	return ClassOther, nil
}

var unknownNDC = &drugInfo{route: "unknown", evidence: "drug line by NDC (no NDC table: drug and route unknown)"}
var unknownDrug = &drugInfo{route: "unknown", evidence: "drug line with a code not in the policy drug table (drug and route unknown)"}

func (p *Policy) drug(qualifier, code string) *drugInfo {
	if qualifier == "N4" {
		return unknownNDC
	}
	if d, ok := p.drugs[code]; ok {
		return d
	}
	for i := range p.drugRanges {
		if p.drugRanges[i].r.match(code) {
			return p.drugRanges[i].info
		}
	}
	return unknownDrug
}

// truncateMSG keeps a message within the 264 characters of MSG01.
func truncateMSG(s string) string {
	if len(s) <= 264 {
		return s
	}
	return s[:261] + "..."
}

var hoursText [49]string

func init() {
	for h := range hoursText {
		hoursText[h] = strconv.Itoa(h)
	}
}

// hoursString formats hours without allocating for whole hours up to 48.
func hoursString(h float64) string {
	if h >= 0 && h <= 48 && h == float64(int(h)) {
		return hoursText[int(h)]
	}
	return strconv.FormatFloat(h, 'f', -1, 64)
}
