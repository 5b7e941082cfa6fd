package adjudicate

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// compileCriteria compiles the criteria in file order, resolves the
// composites' members, then the coverage and scope roots.
func (p *Policy) compileCriteria(pf *policyFile) error {
	if len(pf.Criteria) > maxCriteria {
		return fmt.Errorf("criteria: %d criteria exceed the limit of %d", len(pf.Criteria), maxCriteria)
	}
	for i := range pf.Criteria {
		c, err := p.compileCriterion(i, &pf.Criteria[i], pf.Seed.File)
		if err != nil {
			return err
		}
		p.criteria = append(p.criteria, c)
		p.byID[c.id] = c
	}
	if err := p.resolveComposites(); err != nil {
		return err
	}
	if err := p.checkGatedSets(); err != nil {
		return err
	}
	return p.resolveRoots(pf.Coverage, pf.Scope)
}

// checkGatedSets checks that the members of a set limited to routes
// (params.applies_routes) belong to that set only: they are marked not
// applicable with it, so no other composite may read them.
func (p *Policy) checkGatedSets() error {
	for _, g := range p.criteria {
		if len(g.p.AppliesRoutes) == 0 {
			continue
		}
		inside := map[*criterion]bool{}
		var walk func(c *criterion)
		walk = func(c *criterion) {
			for _, ms := range [2][]*criterion{c.all, c.any} {
				for _, m := range ms {
					inside[m] = true
					walk(m)
				}
			}
		}
		walk(g)
		for _, c := range p.criteria {
			if c == g || inside[c] {
				continue
			}
			for _, ms := range [2][]*criterion{c.all, c.any} {
				for _, m := range ms {
					if inside[m] {
						return fmt.Errorf("criteria[%d] (%s): member %q belongs to the route-limited set %q", c.idx, c.id, m.id, g.id)
					}
				}
			}
		}
	}
	return nil
}

// compileCriterion checks and compiles criteria[i]; a citation without a
// file cites the policy's seed.
func (p *Policy) compileCriterion(i int, cf *criterionFile, seedFile string) (*criterion, error) {
	if cf.ID == "" {
		return nil, fmt.Errorf("criteria[%d].id: missing", i)
	}
	field := fmt.Sprintf("criteria[%d] (%s)", i, cf.ID)
	if _, dup := p.byID[cf.ID]; dup {
		return nil, fmt.Errorf("%s.id: duplicate %q", field, cf.ID)
	}
	if cf.Text == "" {
		return nil, fmt.Errorf("%s.text: missing", field)
	}
	if cf.Cite.Section == "" {
		return nil, fmt.Errorf("%s.cite.section: missing", field)
	}
	ev, ok := evaluators[cf.Eval]
	if !ok {
		return nil, fmt.Errorf("%s.eval: unknown evaluator %q", field, cf.Eval)
	}
	c := &criterion{
		idx: i, id: cf.ID, text: cf.Text, cite: Citation{File: cf.Cite.File, Section: cf.Cite.Section},
		passage: cf.Cite.Passage, evalName: cf.Eval, eval: ev.fn,
		deny: cf.Deny, reason: cf.Reason, documents: cf.Documents,
		remedy: cf.Remedy, routeTo: cf.RouteTo,
	}
	if c.cite.File == "" {
		c.cite.File = seedFile
	}
	if cf.Attest != "" {
		if c.attest = p.attestKinds[cf.Attest]; c.attest == nil {
			return nil, fmt.Errorf("%s.attest: unknown attestation kind %q (declare it in attestation)", field, cf.Attest)
		}
	}
	if err := c.compileParams(cf.Params, ev.check); err != nil {
		return nil, fmt.Errorf("%s.%w", field, err)
	}
	if err := p.resolveParams(c); err != nil {
		return nil, fmt.Errorf("%s.params.%w", field, err)
	}
	if err := p.checkOutcome(c); err != nil {
		return nil, fmt.Errorf("%s.%w", field, err)
	}
	p.precomputeTexts(c)
	return c, nil
}

// compileParams decodes the evaluator's parameters, parses the ICD-10-CM
// ranges and lets the evaluator check what it needs.
func (c *criterion) compileParams(raw []byte, check func(*params) error) error {
	if len(raw) > 0 {
		if err := decodeStrict(raw, &c.p); err != nil {
			return fmt.Errorf("params: %w", err)
		}
	}
	for j, d := range c.p.Dx {
		r, err := parseRange(d, isICDPrefix)
		if err != nil {
			return fmt.Errorf("params.dx[%d]: %w", j, err)
		}
		c.dx = append(c.dx, r)
	}
	if check != nil {
		if err := check(&c.p); err != nil {
			return fmt.Errorf("params: %w", err)
		}
	}
	return nil
}

// checkOutcome checks what a criterion does to the outcome: a deny reason
// that is an HCR03 code, the documents that would show it (required when
// it can be attested) and the remedy.
func (p *Policy) checkOutcome(c *criterion) error {
	if c.deny || c.reason != "" {
		if c.reason == "" {
			return errors.New("reason: required when deny is true")
		}
		if _, ok := p.codes.hcr03[c.reason]; !ok {
			return fmt.Errorf("reason: %q is not an HCR03 code in codes.json", c.reason)
		}
	}
	for j, d := range c.documents {
		if _, ok := p.codes.documents[d]; !ok {
			return fmt.Errorf("documents[%d]: %q is not in codes.json documents", j, d)
		}
	}
	if c.attest != nil && len(c.documents) == 0 {
		return errors.New("documents: an attestable criterion must name the documents that show it")
	}
	if c.remedy == "" {
		return errors.New("remedy: missing (what would change the outcome)")
	}
	return nil
}

// resolveParams resolves the parameters that name other tables: the
// unlisted attestation kind, the indication groups, the routes.
func (p *Policy) resolveParams(c *criterion) error {
	if k := c.p.UnlistedAttest; k != "" {
		if c.unlisted = p.attestKinds[k]; c.unlisted == nil {
			return fmt.Errorf("unlisted_attest: unknown attestation kind %q", k)
		}
	}
	for _, g := range c.p.ReviewGroups {
		dg := p.codes.dxGroups[g]
		if dg == nil {
			return fmt.Errorf("review_groups: unknown indication group %q", g)
		}
		c.review = append(c.review, dg)
	}
	for _, g := range c.p.DocGroups {
		dg := p.codes.dxGroups[g]
		if dg == nil {
			return fmt.Errorf("doc_groups: unknown indication group %q", g)
		}
		c.docGroups = append(c.docGroups, dg)
	}
	for _, r := range c.p.AppliesRoutes {
		if !knownRoutes[r] {
			return fmt.Errorf("applies_routes: unknown route %q", r)
		}
	}
	if len(c.p.AppliesRoutes) > 0 && c.evalName != "composite" {
		return errors.New("applies_routes: only a composite set can be limited to routes")
	}
	return nil
}

// precomputeTexts fills the texts the engine writes for a criterion.
func (p *Policy) precomputeTexts(c *criterion) {
	c.denyText = c.id + " not met (" + c.cite.Section + ")"
	if c.p.Table != "" {
		c.skipNote = c.id + ": skipped, the payer has no " + c.p.Table + " table configured"
	}
	if c.routeTo != "" {
		c.routeMsg = routeMessage(p, c)
	}
	if len(c.p.Dx) > 0 {
		c.dxText = strings.Join(c.p.Dx, ", ")
	}
	if c.evalName == "scope_dx_drug" {
		c.noScopeEv = "no diagnosis on the request is in " + c.dxText
		if len(c.p.RoutedTags) > 0 || len(c.p.DrugTags) > 0 {
			c.noScopeEv += " and no line of the request carries this exclusion's codes (" + strings.Join(append(slices.Clip(c.p.DrugTags), c.p.RoutedTags...), ", ") + ")"
		}
		if c.p.DxOnly {
			c.noScopeEv = "the diagnoses on the request are not all in " + c.dxText
		}
	}
	if len(c.p.AppliesRoutes) > 0 {
		c.naText = "this set applies to drugs given by route " + strings.Join(c.p.AppliesRoutes, ", ") + "; the driving drug's route is another"
	}
}

// resolveComposites resolves the members of every composite. A composite
// may only reference criteria listed before it, which also rules out
// cycles.
func (p *Policy) resolveComposites() error {
	for _, c := range p.criteria {
		var err error
		if c.all, err = p.members(c, c.p.All, "all"); err != nil {
			return err
		}
		if c.any, err = p.members(c, c.p.Any, "any"); err != nil {
			return err
		}
	}
	return nil
}

// members resolves the IDs of one member list (params.all or params.any)
// of c.
func (p *Policy) members(c *criterion, ids []string, name string) ([]*criterion, error) {
	out := make([]*criterion, 0, len(ids))
	for j, id := range ids {
		ref, ok := p.byID[id]
		if !ok {
			return nil, fmt.Errorf("criteria[%d] (%s).params.%s[%d]: unknown criterion %q", c.idx, c.id, name, j, id)
		}
		if ref.idx >= c.idx {
			return nil, fmt.Errorf("criteria[%d] (%s).params.%s[%d]: %q must be listed before %q", c.idx, c.id, name, j, id, c.id)
		}
		out = append(out, ref)
	}
	return out, nil
}

// resolveRoots resolves the coverage root and the scope criteria, each of
// which must say where a line it excludes is routed.
func (p *Policy) resolveRoots(coverage string, scope []string) error {
	cov, ok := p.byID[coverage]
	if !ok {
		return fmt.Errorf("coverage: unknown criterion %q", coverage)
	}
	p.coverage = cov
	for i, id := range scope {
		c, ok := p.byID[id]
		if !ok {
			return fmt.Errorf("scope[%d]: unknown criterion %q", i, id)
		}
		if c.routeTo == "" {
			return fmt.Errorf("scope[%d]: %q needs route_to", i, id)
		}
		p.scope = append(p.scope, c)
	}
	p.roots = append([]*criterion{cov}, p.scope...)
	return nil
}
