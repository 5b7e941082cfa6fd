package adjudicate

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// compilePolicy checks one policy file and compiles it against the shared
// code tables: its header, line classes, drugs and criteria, in that order.
func compilePolicy(pf *policyFile, codes *codeTables) (*Policy, error) {
	if err := checkHeader(pf); err != nil {
		return nil, err
	}
	p := &Policy{
		id: pf.ID, version: pf.Version, title: pf.Title, description: pf.Description, seed: pf.Seed,
		choices: pf.Choices, byID: make(map[string]*criterion), classes: make(map[string]*classEntry),
		codes: codes, drugPrefixes: pf.Classes.Drug.Prefixes, ndcIsDrug: pf.Classes.Drug.NDC,
		prescriber: pf.Taxonomies.Prescriber, supplier: pf.Taxonomies.Supplier,
	}
	if err := p.compileClasses(&pf.Classes); err != nil {
		return nil, err
	}
	drugs, drugRanges, err := compileDrugs(pf.Drugs, pf.DrugRanges, codes.drugTags)
	if err != nil {
		return nil, err
	}
	// The policy's own drugs come after the shared ones: an exact code of
	// the policy replaces the shared entry, its ranges are tried last.
	p.drugs = make(map[string]*drugInfo, len(codes.drugs)+len(drugs))
	maps.Copy(p.drugs, codes.drugs)
	maps.Copy(p.drugs, drugs)
	p.drugRanges = append(slices.Clip(codes.drugRanges), drugRanges...)
	if err := p.compileCriteria(pf); err != nil {
		return nil, err
	}
	return p, nil
}

// checkHeader checks the fields that identify a policy and its recorded
// choices.
func checkHeader(pf *policyFile) error {
	if pf.ID == "" {
		return errors.New("id: missing")
	}
	if pf.Version == "" {
		return errors.New("version: missing")
	}
	if pf.Seed.File == "" {
		return errors.New("seed.file: missing")
	}
	for i, c := range pf.Choices {
		if c.Topic == "" || c.Choice == "" || c.Reason == "" {
			return fmt.Errorf("choices[%d]: topic, choice and reason are required", i)
		}
	}
	return nil
}

// compileClasses compiles the line classes: pump and supply codes, the
// drug class's source and the routed codes and ranges.
func (p *Policy) compileClasses(cf *classesFile) error {
	if len(cf.Pump.Codes) == 0 || cf.Pump.Source == "" {
		return errors.New("classes.pump: codes and source are required")
	}
	if err := p.addClasses("classes.pump.codes", cf.Pump.Codes, ClassPump); err != nil {
		return err
	}
	if cf.Supply.Source == "" {
		return errors.New("classes.supply.source: missing")
	}
	if err := p.addClasses("classes.supply.codes", cf.Supply.Codes, ClassSupply); err != nil {
		return err
	}
	if cf.Drug.Source == "" {
		return errors.New("classes.drug.source: missing")
	}
	for i := range cf.Routed {
		if err := p.compileRouted(fmt.Sprintf("classes.routed[%d]", i), &cf.Routed[i]); err != nil {
			return err
		}
	}
	return nil
}

// addClasses gives each code of a class list its class.
func (p *Policy) addClasses(field string, codes []string, class string) error {
	for i, code := range codes {
		if err := p.addClass(field, i, code, class, nil); err != nil {
			return err
		}
	}
	return nil
}

// addClass gives one exact code its class; a code has one class only.
func (p *Policy) addClass(field string, i int, code, class string, r *routedRange) error {
	if !isHCPCS(code) {
		return fmt.Errorf("%s[%d]: %q is not a well-formed HCPCS code", field, i, code)
	}
	if prev, dup := p.classes[code]; dup {
		return fmt.Errorf("%s[%d]: %q is already classified as %s", field, i, code, prev.class)
	}
	p.classes[code] = &classEntry{class: class, routed: r}
	return nil
}

// compileRouted compiles one classes.routed entry: its exact codes join the
// classes, its ranges are matched after them.
func (p *Policy) compileRouted(field string, rf *routedFile) error {
	if rf.To == "" || rf.Source == "" {
		return fmt.Errorf("%s: to and source are required", field)
	}
	rr := &routedRange{tags: rf.Tags, to: rf.To}
	rr.msg = routedCodeMessage(p, rf.To)
	for j, c := range rf.Codes {
		if !strings.Contains(c, "-") {
			if err := p.addClass(field+".codes", j, c, ClassRouted, rr); err != nil {
				return err
			}
			continue
		}
		cr, err := parseRange(c, isHCPCS)
		if err != nil {
			return fmt.Errorf("%s.codes[%d]: %w", field, j, err)
		}
		rr.ranges = append(rr.ranges, cr)
	}
	p.routedRanges = append(p.routedRanges, *rr)
	return nil
}

// knownRoutes are the drug routes the drug tables may name.
var knownRoutes = map[string]bool{"iv": true, "sc": true, "intrathecal": true, "epidural": true, "parenteral": true, "enteral": true, "oral": true, "inhalation": true, "catheter-flush": true, "unknown": true}

// compileDrugs compiles a drug table: exact codes (each once) and code
// ranges, whose tags must be declared in tags.
func compileDrugs(drugs, ranges []drugFile, tags map[string]string) (map[string]*drugInfo, []drugRange, error) {
	byCode := make(map[string]*drugInfo, len(drugs))
	for i := range drugs {
		d := &drugs[i]
		field := fmt.Sprintf("drugs[%d]", i)
		if !isHCPCS(d.Code) {
			return nil, nil, fmt.Errorf("%s.code: %q is not a well-formed HCPCS code", field, d.Code)
		}
		if _, dup := byCode[d.Code]; dup {
			return nil, nil, fmt.Errorf("%s.code: duplicate %q", field, d.Code)
		}
		info, err := compileDrug(field, d, tags)
		if err != nil {
			return nil, nil, err
		}
		info.evidence = "drug line " + d.Code + " " + d.Name + " (route " + d.Route + ")"
		byCode[d.Code] = info
	}
	var inRange []drugRange
	for i := range ranges {
		d := &ranges[i]
		field := fmt.Sprintf("drug_ranges[%d]", i)
		r, err := parseRange(d.Code, isHCPCS)
		if err != nil {
			return nil, nil, fmt.Errorf("%s.code: %w", field, err)
		}
		info, err := compileDrug(field, d, tags)
		if err != nil {
			return nil, nil, err
		}
		info.evidence = "drug line in " + d.Code + " (" + d.Name + ", route " + d.Route + ")"
		inRange = append(inRange, drugRange{r: r, info: info})
	}
	return byCode, inRange, nil
}

// compileDrug checks one drug entry's name, source, route and tags.
func compileDrug(field string, d *drugFile, tags map[string]string) (*drugInfo, error) {
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
	return &drugInfo{code: d.Code, name: d.Name, route: d.Route, tags: d.Tags, labelHours: d.LabelHoursPerDay}, nil
}
