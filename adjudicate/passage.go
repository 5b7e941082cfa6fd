package adjudicate

// Passage returns, for a criterion of a policy this configuration's payers
// use, the seed section it cites and the seed's own words for it: the
// shortest verbatim passage of the payer document that states the
// criterion (whitespace collapsed to single spaces), for a reviewer to read
// beside the criterion's paraphrase. text is empty, with ok true, for a
// criterion that comes from the criteria reference rather than the seed.
// ok is false when no payer of the configuration uses the policy or the
// policy has no such criterion.
//
// The passage is that of the policy's current version (the one this
// configuration decides under): a trace made under another version
// resolves its text and section with [LookupCriterion], and its passage
// applies only where that section is the one Passage returns. Passages are
// never part of a decision, a trace or a response.
func (c *Config) Passage(policy, criterion string) (section, text string, ok bool) {
	for _, p := range c.payers {
		if p.policy == nil || p.policy.id != policy {
			continue
		}
		cr := p.policy.byID[criterion]
		if cr == nil {
			return "", "", false
		}
		return cr.cite.Section, cr.passage, true
	}
	return "", "", false
}
