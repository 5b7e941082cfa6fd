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
		nonPrescrib: pf.Taxonomies.NonPrescriber,
	}
	if err := p.compileClasses(&pf.Classes); err != nil {
		return nil, err
	}
	if err := p.compileAttestation(pf.Attestation); err != nil {
		return nil, err
	}
	drugs, drugRanges, err := compileDrugs(pf.Drugs, pf.DrugRanges, codes.drugTags, codes.dxGroups)
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
	if err := p.compilePumpGroups(cf.Pump.Codes, cf.Pump.Groups); err != nil {
		return err
	}
	if len(cf.Supply.Groups) > 0 {
		return errors.New("classes.supply.groups: only pump codes have groups")
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

// compilePumpGroups gives every pump code its class of pump.
func (p *Policy) compilePumpGroups(codes []string, groups map[string][]string) error {
	p.pumpGroups = make(map[string]string, len(codes))
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		for i, c := range groups[g] {
			if !slices.Contains(codes, c) {
				return fmt.Errorf("classes.pump.groups.%s[%d]: %q is not a pump code of this policy", g, i, c)
			}
			if prev, dup := p.pumpGroups[c]; dup {
				return fmt.Errorf("classes.pump.groups.%s[%d]: %q is already in group %s", g, i, c, prev)
			}
			p.pumpGroups[c] = g
		}
	}
	for _, c := range codes {
		if p.pumpGroups[c] == "" {
			return fmt.Errorf("classes.pump.groups: pump code %q has no group", c)
		}
	}
	return nil
}

// compileAttestation compiles the attestation kinds: report types the
// code tables know, and a reason.
func (p *Policy) compileAttestation(kinds map[string]attestFile) error {
	p.attestKinds = make(map[string]*attestKind, len(kinds))
	for _, id := range slices.Sorted(maps.Keys(kinds)) {
		k := kinds[id]
		if k.Reason == "" || len(k.ReportTypes) == 0 {
			return fmt.Errorf("attestation.%s: report_types and reason are required", id)
		}
		names := make([]string, len(k.ReportTypes))
		for i, t := range k.ReportTypes {
			n, ok := p.codes.pwkNames[t]
			if !ok {
				return fmt.Errorf("attestation.%s.report_types[%d]: %q is not a PWK report type in codes.json", id, i, t)
			}
			names[i] = n + " (" + t + ")"
		}
		p.attestKinds[id] = &attestKind{id: id, reason: k.Reason, types: k.ReportTypes,
			cannotEv: "no attachment sent can show this: it takes " + strings.Join(names, ", ")}
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
var knownRoutes = map[string]bool{"iv": true, "sc": true, "intrathecal": true, "epidural": true, "parenteral": true, "enteral": true, "oral": true, "inhalation": true, "catheter-flush": true, "implant": true, "depot": true, "unknown": true}

// compileDrugs compiles a drug table: exact codes (each once) and code
// ranges, whose tags must be declared in tags and indications in groups.
func compileDrugs(drugs, ranges []drugFile, tags map[string]string, groups map[string]*dxGroup) (map[string]*drugInfo, []drugRange, error) {
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
		info, err := compileDrug(field, d, tags, groups)
		if err != nil {
			return nil, nil, err
		}
		info.evidence = "drug line " + d.Code + " " + d.Name + " (route " + d.Route + ")"
		if d.NOC {
			info.evidence = "drug line " + d.Code + " " + d.Name + " (not otherwise classified: the drug is not identified)"
		}
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
		info, err := compileDrug(field, d, tags, groups)
		if err != nil {
			return nil, nil, err
		}
		info.inRange = true
		// The evidence names the line's own code (evidence.go); this is
		// what the range adds to it.
		info.evidence = " (" + d.Name + ", known only by the range " + d.Code + ": the drug table does not identify it as an infusion)"
		inRange = append(inRange, drugRange{r: r, info: info})
	}
	return byCode, inRange, nil
}

// compileDrug checks one drug entry's name, source, route, tags and
// indication groups.
func compileDrug(field string, d *drugFile, tags map[string]string, groups map[string]*dxGroup) (*drugInfo, error) {
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
	if d.ValidTo != "" && !isDate(d.ValidTo) {
		return nil, fmt.Errorf("%s.valid_to: %q is not a date CCYYMMDD", field, d.ValidTo)
	}
	info := &drugInfo{code: d.Code, name: d.Name, route: d.Route, tags: d.Tags, labelHours: d.LabelHoursPerDay, noc: d.NOC, validTo: d.ValidTo}
	for j, id := range d.Indications {
		g, ok := groups[id]
		if !ok {
			return nil, fmt.Errorf("%s.indications[%d]: unknown indication group %q (declare it in dx_groups)", field, j, id)
		}
		info.groups = append(info.groups, g)
	}
	return info, nil
}
