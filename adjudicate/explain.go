package adjudicate

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Explain writes a plain-text account of a result for a clinician or a
// provider's staff who have never seen X12: first the outcome, with the
// line that pends and why when the event pends; then each line with its
// code and plain name, the decision in words, the message the provider
// receives, why it was decided (the criteria set met, the documents
// awaited, or the recommendation a clinician reviews), what would change
// the outcome, and every criterion with its result, the kind of evidence
// that met it, the evidence and the policy section it cites. Criteria that
// cannot apply to the request are listed apart as not applicable.
//
// Criteria are cited by reference in a trace; their text and seed section
// are resolved from the policy version the trace names (see
// [LookupCriterion]). For a version the gateway keeps no record of, the
// explanation says so and shows the criteria by ID. The text depends only
// on the result and the embedded policies, so it is deterministic.
func Explain(w io.Writer, res *Result) error {
	if res == nil {
		return fmt.Errorf("adjudicate: explain: nil result")
	}
	bw := bufio.NewWriter(w)
	x := explainer{w: bw}
	if ps, err := Policies(); err == nil {
		x.pol = ps[res.Policy]
		for _, p := range ps {
			x.codes = p.codes // the code tables are shared by every policy
			break
		}
	}
	x.result(res)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("adjudicate: explain: %w", err)
	}
	return nil
}

type explainer struct {
	w     *bufio.Writer
	pol   *Policy     // the embedded policy of the result's ID, or nil
	codes *codeTables // code names, reasons, documents
	// cites are the criteria texts and citations of the version the
	// result was decided under (nil when the gateway keeps no record of
	// it).
	cites *citationTable
	// structured reports that pol is the version the result was decided
	// under, so its composites give the structure of the criteria.
	structured bool
	res        *Result
}

func (x *explainer) printf(format string, args ...any) { fmt.Fprintf(x.w, format, args...) }

func (x *explainer) result(res *Result) {
	x.res = res
	if len(res.Errors) > 0 {
		x.printf("The request was not considered.\n")
		for _, e := range res.Errors {
			x.requestError("  ", e)
		}
		return
	}
	x.cites = citations(res.Policy, res.PolicyVersion)
	x.structured = x.pol != nil && x.pol.version == res.PolicyVersion
	x.printf("Payer: %s\n", res.Payer)
	switch {
	case x.cites != nil:
		x.printf("Policy: %s (%s version %s, seed %s)\n", x.cites.title, res.Policy, res.PolicyVersion, x.cites.seed.File)
	default:
		x.printf("Policy: %s version %s\n", res.Policy, res.PolicyVersion)
		x.printf("Note: this decision was made under %s version %s, which this gateway keeps no record of", res.Policy, res.PolicyVersion)
		if x.pol != nil {
			x.printf(" (it holds version %s)", x.pol.version)
		}
		x.printf(". The criteria are shown by ID, without their text or seed section; explain it with a gateway that holds version %s.\n", res.PolicyVersion)
	}
	ed := &res.Event
	if len(ed.Errors) > 0 {
		x.printf("\nThe request as a whole could not be decided:\n")
		for _, e := range ed.Errors {
			x.requestError("  ", e)
		}
		x.printf("No service line was considered.\n")
		return
	}
	x.outcome(res)
	for i := range res.Lines {
		x.line(&res.Lines[i])
	}
}

// outcome is the headline: the event's decision, then one sentence per
// line, the lines that pend first (they are why the event pends), then the
// lines not certified, then the others.
func (x *explainer) outcome(res *Result) {
	ed := &res.Event
	x.printf("\nOutcome: %s", strings.ToUpper(actionWords(ed.Action)))
	if ed.AuthNumber != "" {
		x.printf(" (reference %s)", ed.AuthNumber)
	}
	if ed.CertFrom != "" {
		x.printf(", effective %s to %s", dateWords(ed.CertFrom), dateWords(ed.CertTo))
	}
	x.printf(".\n")
	if ed.Message != "" {
		x.printf("  %s\n", ed.Message)
	}
	for _, pass := range []func(a string) bool{
		func(a string) bool { return a == ActionPended },
		func(a string) bool { return a == ActionNotCertified },
		func(a string) bool { return a != ActionPended && a != ActionNotCertified },
	} {
		for i := range res.Lines {
			if ld := &res.Lines[i]; pass(ld.Action) {
				x.lineSummary(ld)
			}
		}
	}
	if res.Pending {
		x.printf("  Further updates will follow once the pended lines are decided.\n")
	}
}

// lineSummary is one line's sentence of the headline.
func (x *explainer) lineSummary(ld *LineDecision) {
	t := &ld.Trace
	x.printf("  %s", upperFirst(x.lineLabel(ld)))
	switch {
	case len(ld.Errors) > 0:
		x.printf(" has errors and was not decided: %s.\n", ld.Errors[0].Reason)
		return
	case ld.Action == "":
		x.printf(" was not considered because of an error higher in the request.\n")
		return
	case t.FollowsLine >= 0:
		x.printf(" follows line %d: %s.\n", t.FollowsLine+1, strings.ToUpper(actionWords(ld.Action)))
		return
	}
	switch ld.Action {
	case ActionCertified:
		x.printf(" is APPROVED")
		if why := x.certifiedWhy(ld); why != "" {
			x.printf(": %s", why)
		}
		x.printf(".\n")
	case ActionNotCertified:
		x.printf(" is NOT CERTIFIED (%s) under %s.\n", x.reasonInline(ld.Reasons), x.decisiveCitation(t))
	case ActionCancelled:
		x.printf(" is CANCELLED (authorization %s).\n", ld.AuthNumber)
	case ActionPended:
		x.printf(" pends%s.\n", x.pendWhy(ld))
	}
}

// pendWhy says in a few words why a line pends, for the headline.
func (x *explainer) pendWhy(ld *LineDecision) string {
	t := &ld.Trace
	switch t.Rule {
	case RulePendDocuments:
		s := " for documents"
		if len(ld.Documents) > 0 {
			s += ": " + x.documentList(ld.Documents)
		}
		return s + ". " + upperFirst(countWords(len(t.Decisive), "criterion", "criteria")) + " can only be shown by documents, and none that can show them was sent"
	case RulePendReview:
		if t.Recommended != "" {
			return " for a clinician: the criteria are not met, but not on a ground the policy lets a machine deny on (" + strings.Join(t.Decisive, ", ") + ")"
		}
		return " for a clinician's review: the request's data cannot settle " + strings.Join(t.Decisive, ", ")
	case RuleAdverseReview:
		return " for a clinician: the automatic review recommends " + strings.ToUpper(t.Recommended) + " (" + x.reasonInline(t.RecommendedReasons) +
			") because " + x.notMetList(t.Decisive) + " (" + x.decisiveCitation(t) + "). A clinician decides"
	case RuleOutOfScope:
		return ": it is outside this policy's scope (" + x.decisiveCitation(t) + ") and was routed"
	case RuleImplausible:
		if len(t.Implausible) > 0 {
			return " for a clinician: its data cannot be certified as sent (" + t.Implausible[0] + ")"
		}
		return " for a clinician: its data cannot be certified as sent"
	case RuleDrugRouted:
		return ": drug lines are reviewed under the drug benefit, not under the pump policy"
	case RuleSupplyNoPump:
		return ": supplies need the pump in the same request, or the pump's authorization"
	case RuleRouted:
		if len(t.Notes) > 0 {
			return ": the code belongs to another policy (" + t.Notes[0] + ")"
		}
		return ": the code belongs to another policy"
	case RuleOther:
		return ": the code is not addressed by this policy and goes to manual review"
	case RuleAppeal:
		return ": appeals are decided by a clinician"
	case RuleUnsupportedCert:
		return ": this certification type is not decided automatically"
	}
	return ""
}

// lineLabel names a line in a sentence: "line 1 (E0779 pump)".
func (x *explainer) lineLabel(ld *LineDecision) string {
	return fmt.Sprintf("line %d (%s %s)", ld.Line+1, ld.Code, classShort(ld.Class))
}

func (x *explainer) requestError(indent string, e RequestError) {
	x.printf("%sProblem in %s: %s (code %s). What to do: %s.\n", indent, loopWords(e.Loop), e.Reason, e.Code, x.followUpWords(e.FollowUp))
}

// line explains one line: what it is, then its errors, or its decision
// and how it was reached.
func (x *explainer) line(ld *LineDecision) {
	x.printf("\nLine %d: %s", ld.Line+1, ld.Code)
	if name := x.codeName(ld.Code); name != "" {
		x.printf(" %s", name)
	}
	if ld.Class != "" {
		x.printf(" (%s)", classWords(ld.Class))
	}
	x.printf("\n")
	if len(ld.Errors) > 0 {
		x.printf("  Not decided: the line has errors.\n")
		for _, e := range ld.Errors {
			x.requestError("  ", e)
		}
		return
	}
	if ld.Action == "" {
		x.printf("  Not considered because of an error higher in the request.\n")
		return
	}
	x.decision(ld)
	x.why(ld)
	t := &ld.Trace
	if len(ld.Documents) > 0 {
		x.printf("  Documents requested:\n")
		for _, d := range ld.Documents {
			x.printf("    - %s (LOINC %s)\n", x.documentName(d), d)
		}
	}
	if len(t.ToChange) > 0 && t.FollowsLine < 0 {
		x.printf("  What would change the outcome:\n")
		for _, s := range t.ToChange {
			x.printf("    - %s\n", s)
		}
	}
	x.criteria(t)
	for _, n := range t.Notes {
		x.printf("  Note: %s\n", n)
	}
}

// decision says the line's action with its number, reasons, message and
// any recommendation a clinician reviews.
func (x *explainer) decision(ld *LineDecision) {
	x.printf("  Decision: %s", strings.ToUpper(actionWords(ld.Action)))
	switch ld.Action {
	case ActionCertified:
		x.printf(". Authorization number %s, effective %s to %s", ld.AuthNumber, dateWords(ld.CertFrom), dateWords(ld.CertTo))
	case ActionNotCertified:
		x.printf(". Review number %s", ld.AuthNumber)
	case ActionPended:
		x.printf(". Reference %s (quote it when you send more information)", ld.AdminRef)
	case ActionCancelled:
		x.printf(". Authorization %s cancelled", ld.AuthNumber)
	}
	x.printf(".\n")
	if len(ld.Reasons) > 0 {
		x.printf("  Reason: %s\n", x.reasonWords(ld.Reasons))
	}
	if ld.Message != "" {
		x.printf("  Message to the provider: %s\n", ld.Message)
	}
	if t := &ld.Trace; t.Recommended != "" {
		x.printf("  Recommended: %s", strings.ToUpper(t.Recommended))
		if len(t.RecommendedReasons) > 0 {
			x.printf(" (%s)", x.reasonInline(t.RecommendedReasons))
		}
		x.printf(". A clinician makes the decision.\n")
	}
}

// why says how the line's decision was reached.
func (x *explainer) why(ld *LineDecision) {
	t := &ld.Trace
	if t.FollowsLine >= 0 {
		x.printf("  Why: %s on line %d.\n", ruleWords(t.Rule), t.FollowsLine+1)
		return
	}
	drug := ""
	if d := x.drugWords(t); d != "" {
		drug = ", for the driving drug " + d
	}
	switch t.Rule {
	case RuleCriteriaMet:
		x.printf("  Why: %s.\n", orDefault(x.certifiedWhy(ld), ruleWords(t.Rule)))
	case RulePendDocuments:
		x.printf("  Why: some criteria can only be shown by documents that were not sent%s:\n", drug)
		x.criterionList(t, false)
	case RulePendReview:
		x.printf("  Why: %s%s:\n", ruleWords(t.Rule), drug)
		x.criterionList(t, true)
	case RuleAdverseReview:
		x.printf("  Why: the criteria that decided the recommendation%s:\n", drug)
		x.criterionList(t, true)
	case RuleNonCoverage:
		x.printf("  Why: %s%s:\n", ruleWords(t.Rule), drug)
		x.criterionList(t, true)
	case RuleOutOfScope:
		x.printf("  Why: %s:\n", ruleWords(t.Rule))
		x.criterionList(t, true)
	case RuleImplausible:
		x.printf("  Why: %s:\n", ruleWords(t.Rule))
		for _, n := range t.Implausible {
			x.printf("    - %s\n", n)
		}
		if t.Recommended != "" && len(t.Decisive) > 0 {
			x.printf("  The criteria would also not be met:\n")
			x.criterionList(t, true)
		}
	default:
		x.printf("  Why: %s.\n", ruleWords(t.Rule))
	}
}

// criterionList lists the decisive criteria with their result, text and
// citation, and with evidence when withEvidence is set.
func (x *explainer) criterionList(t *Trace, withEvidence bool) {
	for _, id := range t.Decisive {
		r := findResult(t, id)
		x.printf("    - %s", id)
		if r != nil {
			x.printf(" (%s)", resultWords(r))
		}
		c := x.cite(id)
		if c != nil {
			x.printf(": %s", c.Text)
		}
		x.printf("\n")
		if withEvidence && r != nil {
			for _, e := range r.Evidence {
				x.printf("      evidence: %s\n", x.evidenceText(e))
			}
		}
		if c != nil {
			x.printf("      source: %s\n", x.citationWords(c))
		}
		if withEvidence {
			x.failedUnder(t, id)
		}
	}
}

// failedUnder lists, for a decisive composite, the criteria under it that
// failed and made it fail (as the engine finds them), with their
// evidence; criteria that do not apply to the request are left out.
func (x *explainer) failedUnder(t *Trace, id string) {
	if !x.structured {
		return
	}
	c := x.pol.byID[id]
	if c == nil || c.eval != nil {
		return
	}
	res := map[string]*CriterionResult{}
	for i := range t.Criteria {
		res[t.Criteria[i].ID] = &t.Criteria[i]
	}
	failed := func(m *criterion) bool { r := res[m.id]; return r != nil && r.Result == NotMet }
	var leaves []*criterion
	var walk func(c *criterion)
	walk = func(c *criterion) {
		if !failed(c) {
			return
		}
		if c.eval != nil {
			if !hasCriterion(leaves, c) && !hasAny(res[c.id].Evidence, evNoIndication) {
				leaves = append(leaves, c)
			}
			return
		}
		for _, m := range c.all {
			walk(m)
		}
		all := len(c.any) > 0 // every alternative failed or cannot apply
		for _, m := range c.any {
			r := res[m.id]
			all = all && r != nil && (r.Result == NotMet || r.Result == NotApplicable)
		}
		if all {
			for _, m := range c.any {
				walk(m)
			}
		}
	}
	walk(c)
	if len(leaves) == 0 {
		return
	}
	x.printf("      because these criteria under it are not met:\n")
	for _, l := range leaves {
		x.printf("        - %s", l.id)
		if hc := x.cite(l.id); hc != nil {
			x.printf(": %s", hc.Text)
		}
		x.printf("\n")
		for _, e := range res[l.id].Evidence {
			x.printf("          evidence: %s\n", x.evidenceText(e))
		}
	}
}

// criteria lists every criterion evaluated for the line, then apart the
// ones that cannot apply.
func (x *explainer) criteria(t *Trace) {
	if len(t.Criteria) == 0 {
		return
	}
	x.printf("  Criteria of %s (%s version %s)", x.document(), t.Policy, t.Version)
	if d := x.drugWords(t); d != "" {
		x.printf(", for the driving drug %s", d)
	}
	x.printf(":\n")
	var na []*CriterionResult
	for i := range t.Criteria {
		r := &t.Criteria[i]
		if r.Result == NotApplicable {
			na = append(na, r)
			continue
		}
		x.criterion(r)
	}
	if len(na) == 0 {
		return
	}
	x.printf("  Not applicable to this request:\n")
	for _, r := range na {
		x.printf("    %s", r.ID)
		if c := x.cite(r.ID); c != nil {
			x.printf(": %s", c.Text)
		}
		if len(r.Evidence) > 0 {
			x.printf(" (%s)", strings.Join(r.Evidence, "; "))
		}
		x.printf("\n")
	}
}

func (x *explainer) criterion(r *CriterionResult) {
	x.printf("    %s  %s", resultLabel(r), r.ID)
	c := x.cite(r.ID)
	if c != nil {
		x.printf(": %s", c.Text)
	}
	x.printf("\n")
	if r.Result == Met || r.Result == Attested {
		if k := x.evidenceKindWords(r); k != "" {
			x.printf("         shown by: %s\n", k)
		}
	}
	for _, e := range r.Evidence {
		x.printf("         evidence: %s\n", x.evidenceText(e))
	}
	if c != nil {
		x.printf("         source: %s\n", x.citationWords(c))
	}
}

// cite returns the text and citation of a criterion in the version the
// result was decided under, or nil.
func (x *explainer) cite(id string) *historyCriterion {
	if x.cites == nil {
		return nil
	}
	return x.cites.byID[id]
}

// document is the policy's short name (the seed document, e.g.
// CG-DME-21).
func (x *explainer) document() string {
	if x.cites != nil && x.cites.seed.Document != "" {
		return x.cites.seed.Document
	}
	return x.res.Policy
}

// citationWords names a criterion's source: the policy, the section and
// the seed file.
func (x *explainer) citationWords(c *historyCriterion) string {
	return x.document() + ", " + c.Cite.Section + " (" + c.Cite.File + ")"
}

// decisiveCitation names the policy and the section of the first decisive
// criterion.
func (x *explainer) decisiveCitation(t *Trace) string {
	for _, id := range t.Decisive {
		if c := x.cite(id); c != nil {
			return x.document() + ", " + c.Cite.Section
		}
	}
	return x.document()
}

// notMetList names the decisive criteria ("A is not met", "A and B are not
// met").
func (x *explainer) notMetList(ids []string) string {
	switch len(ids) {
	case 0:
		return "the criteria are not met"
	case 1:
		return ids[0] + " is not met"
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " and " + ids[len(ids)-1] + " are not met"
}

// certifiedWhy names what certified a pump line: the alternatives met
// (criteria set 1, indication 1 …), found by walking the policy's
// composites from the coverage criterion through the members that are
// met; "" when the structure is not known (a trace of another version).
func (x *explainer) certifiedWhy(ld *LineDecision) string {
	if !x.structured || len(ld.Trace.Criteria) == 0 {
		return ""
	}
	res := map[string]string{}
	for _, r := range ld.Trace.Criteria {
		res[r.ID] = r.Result
	}
	ok := func(c *criterion) bool { return res[c.id] == Met || res[c.id] == Attested }
	var met []*criterion
	var walk func(c *criterion)
	walk = func(c *criterion) {
		for _, m := range c.all {
			walk(m)
		}
		for _, m := range c.any {
			if !ok(m) {
				continue
			}
			if len(m.any) > 0 {
				walk(m)
			} else if !hasCriterion(met, m) {
				met = append(met, m)
			}
			break
		}
	}
	if !ok(x.pol.coverage) {
		return ""
	}
	walk(x.pol.coverage)
	if len(met) == 0 {
		return "the policy's criteria are met"
	}
	drug := ""
	if d := x.drugWords(&ld.Trace); d != "" {
		drug = ", with the driving drug " + d
	}
	parts := make([]string, len(met))
	for i, c := range met {
		name := sectionName(c.cite.Section)
		if strings.HasPrefix(name, "Criteria set") {
			name = "c" + name[1:]
		}
		parts[i] = name + " is met (" + c.id + ")"
		if res[c.id] == Attested {
			parts[i] = name + " is met, in part by attestation (" + c.id + ")"
		}
	}
	return strings.Join(parts, "; ") + drug
}

// drugWords names a trace's driving drug: its code, name and line.
func (x *explainer) drugWords(t *Trace) string {
	if t.Drug.Code == "" {
		return ""
	}
	s := t.Drug.Code
	if name := x.codeName(t.Drug.Code); name != "" {
		s += " " + name
	}
	return fmt.Sprintf("%s (line %d)", s, t.Drug.Line+1)
}

// sectionName is the last part of a seed section ("Clinical Indications ›
// Medically Necessary › Criteria set 1" → "Criteria set 1"; "Coverage
// Guidelines, indication 1" → "indication 1").
func sectionName(section string) string {
	s := section
	if i := strings.LastIndex(s, "›"); i >= 0 {
		s = s[i+len("›"):]
	} else if i := strings.LastIndex(s, ", "); i >= 0 {
		s = s[i+2:]
	}
	return strings.TrimSpace(s)
}

func findResult(t *Trace, id string) *CriterionResult {
	for i := range t.Criteria {
		if t.Criteria[i].ID == id {
			return &t.Criteria[i]
		}
	}
	return nil
}

// resultWords says a criterion's result in words.
func resultWords(r *CriterionResult) string {
	switch r.Result {
	case Met:
		return "met"
	case Attested:
		return "met by attestation"
	case NotMet:
		return "not met"
	case Skipped:
		return "not checked"
	case NotApplicable:
		return "not applicable"
	case Unknown:
		switch r.Needs {
		case NeedsDocuments:
			return "unknown, needs documents"
		case NeedsReview:
			return "unknown, needs a clinician"
		}
		return "unknown"
	}
	return r.Result
}

// resultLabel is a criterion's result as a label: the result in capitals,
// what an unknown one needs in words.
func resultLabel(r *CriterionResult) string {
	if r.Result == Unknown {
		switch r.Needs {
		case NeedsDocuments:
			return "UNKNOWN (needs documents)"
		case NeedsReview:
			return "UNKNOWN (needs a clinician)"
		}
	}
	return strings.ToUpper(resultWords(r))
}

// evidenceKindWords says which kind of evidence met a criterion
// (CriterionResult.Kind): a structured fact of the request, a code-table
// proxy (the drug's entry in the policy's drug table), or an attachment
// whose report type can show it.
func (x *explainer) evidenceKindWords(r *CriterionResult) string {
	switch r.Kind {
	case KindStructured:
		return "a structured fact of the request"
	case KindProxy:
		return "a code-table proxy (the drug's entry in the policy's drug table)"
	case KindAttachment:
		if r.Attachment != "" {
			name := ""
			if x.codes != nil {
				name = x.codes.pwkNames[r.Attachment]
			}
			if name != "" {
				return "an attachment that can show it: PWK " + r.Attachment + " (" + name + ")"
			}
			return "an attachment that can show it: PWK " + r.Attachment
		}
		return "an attachment that can show it"
	case "":
		return ""
	}
	return r.Kind
}

// evidenceText is an evidence line for a person: a code-table proxy
// names its list by reference, and the list's meaning is added here.
func (x *explainer) evidenceText(e string) string {
	tag, ok := strings.CutPrefix(e, proxyPrefix)
	if !ok || x.codes == nil {
		return e
	}
	if meaning := x.codes.drugTags[tag]; meaning != "" {
		return e + ": " + meaning
	}
	return e
}

func (x *explainer) codeName(code string) string {
	if x.codes != nil {
		if n := x.codes.codeNames[code]; n != "" {
			return n
		}
	}
	if x.pol != nil {
		if d := x.pol.drug("HC", code); d != unknownDrug && d.name != "" {
			return d.name
		}
	}
	return ""
}

// reasonWords names HCR03 codes in words: "requires medical review (0V)".
func (x *explainer) reasonWords(codes []string) string { return x.reasons(codes, " (", ")") }

// reasonInline names HCR03 codes inside parentheses: "requires medical
// review, 0V".
func (x *explainer) reasonInline(codes []string) string { return x.reasons(codes, ", ", "") }

func (x *explainer) reasons(codes []string, open, close string) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = c
		if x.codes != nil {
			if m := x.codes.hcr03[c]; m != "" {
				parts[i] = m + open + c + close
			}
		}
	}
	return strings.Join(parts, "; ")
}

func (x *explainer) followUpWords(code string) string {
	if x.codes != nil {
		if m := x.codes.followUps[code]; m != "" {
			return m
		}
	}
	switch code {
	case "C":
		return "please correct and resubmit"
	case "N":
		return "resubmission not allowed" // 2010A errors come before any policy
	}
	return "follow-up code " + code
}

func (x *explainer) documentName(code string) string {
	if x.codes != nil {
		if n := x.codes.documents[code]; n != "" {
			return n
		}
	}
	return "document"
}

// documentList names LOINC documents in a sentence.
func (x *explainer) documentList(codes []string) string {
	parts := make([]string, len(codes))
	for i, d := range codes {
		parts[i] = strings.ToLower(x.documentName(d)) + " (LOINC " + d + ")"
	}
	return strings.Join(parts, ", ")
}

func actionWords(a string) string {
	switch a {
	case ActionCertified:
		return "approved"
	case ActionPartial:
		return "partly approved"
	case ActionNotCertified:
		return "not certified"
	case ActionPended:
		return "pended"
	case ActionCancelled:
		return "cancelled"
	}
	return "no decision"
}

func classWords(c string) string {
	switch c {
	case ClassPump:
		return "infusion pump"
	case ClassSupply:
		return "pump supply"
	case ClassDrug:
		return "drug"
	case ClassRouted:
		return "belongs to another policy"
	}
	return "not addressed by this policy"
}

// classShort names a line's class in a sentence.
func classShort(c string) string {
	switch c {
	case ClassPump:
		return "pump"
	case ClassSupply:
		return "supply"
	case ClassDrug:
		return "drug"
	case ClassRouted:
		return "routed code"
	}
	return "code"
}

func loopWords(loop string) string {
	switch loop {
	case "2010A":
		return "the payer identification"
	case "2010C":
		return "the member identification"
	case "2000E":
		return "the patient event (diagnoses, dates)"
	case "2000F":
		return "the service line"
	}
	return "loop " + loop
}

func ruleWords(r string) string {
	switch r {
	case RuleCriteriaMet:
		return "the policy's criteria are met"
	case RuleNonCoverage:
		return "the request falls under a non-coverage statement of the policy"
	case RuleAdverseReview:
		return "the criteria are not met, and this payer has a clinician decide every adverse determination"
	case RulePendDocuments:
		return "some criteria can only be shown by documents that were not sent"
	case RulePendReview:
		return "some criteria need a clinician's judgment"
	case RuleOutOfScope:
		return "the request is outside this policy's scope and was routed"
	case RuleImplausible:
		return "the request's data cannot be certified as sent"
	case RuleSupplyFollows:
		return "supplies follow the decision on the pump"
	case RuleSupplyNoPump:
		return "supplies need the pump in the same request, or the pump's authorization"
	case RuleDrugRouted:
		return "drugs are reviewed under the drug benefit, not under the pump policy"
	case RuleDrugWithPump:
		return "this payer covers the drug with the pump, so it follows the decision on the pump"
	case RuleRouted:
		return "the code belongs to another policy"
	case RuleOther:
		return "the code is not addressed by this policy"
	case RuleCancel:
		return "the provider asked to cancel an authorization"
	case RuleAppeal:
		return "appeals are decided by a clinician"
	case RuleUnsupportedCert:
		return "this certification type is not decided automatically"
	case RuleRequestError:
		return "the request has errors"
	case RuleNotConsidered:
		return "not considered"
	}
	return r
}

// countWords writes a count in words for small numbers ("five criteria").
func countWords(n int, one, many string) string {
	words := [...]string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	w := fmt.Sprint(n)
	if n < len(words) {
		w = words[n]
	}
	if n == 1 {
		return w + " " + one
	}
	return w + " " + many
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// dateWords renders CCYYMMDD as CCYY-MM-DD.
func dateWords(d string) string {
	if len(d) != 8 {
		return d
	}
	return d[:4] + "-" + d[4:6] + "-" + d[6:]
}
