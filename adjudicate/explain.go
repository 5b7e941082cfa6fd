package adjudicate

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Explain writes a plain-text account of a result for a person who has
// never seen X12: each line with its code and plain name, the decision in
// words, every criterion with its result, evidence and seed citation, and
// what would change the outcome. The text depends only on the result and
// the embedded policies, so it is deterministic.
func Explain(w io.Writer, res *Result) error {
	if res == nil {
		return fmt.Errorf("adjudicate: explain: nil result")
	}
	bw := bufio.NewWriter(w)
	x := explainer{w: bw}
	if ps, err := Policies(); err == nil {
		x.pol = ps[res.Policy]
	}
	x.result(res)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("adjudicate: explain: %w", err)
	}
	return nil
}

type explainer struct {
	w   *bufio.Writer
	pol *Policy
	// cites are the criteria texts and citations of the version the
	// trace was made under (nil when the gateway keeps no record of it).
	cites *citationTable
}

func (x *explainer) printf(format string, args ...any) { fmt.Fprintf(x.w, format, args...) }

func (x *explainer) result(res *Result) {
	if len(res.Errors) > 0 {
		x.printf("The request was not considered.\n")
		for _, e := range res.Errors {
			x.requestError("  ", e)
		}
		return
	}
	x.printf("Payer: %s\n", res.Payer)
	if x.pol != nil {
		x.printf("Policy: %s (%s, version %s; seed %s)\n", x.pol.title, res.Policy, res.PolicyVersion, x.pol.seed.File)
	} else {
		x.printf("Policy: %s version %s\n", res.Policy, res.PolicyVersion)
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
	x.printf("Overall decision: %s", actionWords(ed.Action))
	if ed.AuthNumber != "" {
		x.printf(" (reference %s)", ed.AuthNumber)
	}
	if ed.CertFrom != "" {
		x.printf(", effective %s to %s", dateWords(ed.CertFrom), dateWords(ed.CertTo))
	}
	x.printf(".\n")
	if len(ed.Reasons) > 0 {
		x.printf("Reasons: %s\n", x.reasonWords(ed.Reasons))
	}
	if ed.Message != "" {
		x.printf("Note: %s\n", ed.Message)
	}
	if res.Pending {
		x.printf("Further updates will follow: at least one line is pended.\n")
	}
	for i := range res.Lines {
		x.line(&res.Lines[i])
	}
}

func (x *explainer) requestError(indent string, e RequestError) {
	x.printf("%sProblem in %s: %s (code %s). What to do: %s.\n", indent, loopWords(e.Loop), e.Reason, e.Code, x.followUpWords(e.FollowUp))
}

// line explains one line: what it is, then its errors, or its decision
// and how it was reached.
func (x *explainer) line(ld *LineDecision) {
	x.lineHeader(ld)
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
	x.howDecided(ld)
}

// lineHeader names the line's code and class.
func (x *explainer) lineHeader(ld *LineDecision) {
	x.printf("\nLine %d: %s", ld.Line+1, ld.Code)
	if name := x.codeName(ld.Code); name != "" {
		x.printf(" - %s", name)
	}
	if ld.Class != "" {
		x.printf(" [%s]", classWords(ld.Class))
	}
	x.printf("\n")
}

// decision says the line's action with its number, reasons and message.
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
}

// howDecided tells the line's trace: the rule, the recommendation, the
// criteria, the documents asked for and what would change the outcome.
func (x *explainer) howDecided(ld *LineDecision) {
	t := &ld.Trace
	x.printf("  How it was decided: %s\n", ruleWords(t.Rule))
	if t.FollowsLine >= 0 {
		x.printf("  This line follows the decision on line %d.\n", t.FollowsLine+1)
	}
	if t.Recommended != "" {
		x.printf("  Automatic recommendation: %s", t.Recommended)
		if len(t.RecommendedReasons) > 0 {
			x.printf(" (%s)", x.reasonWords(t.RecommendedReasons))
		}
		x.printf(".\n")
	}
	if len(t.Criteria) > 0 {
		x.cites = citations(t.Policy, t.Version)
		x.printf("  Criteria (%s version %s):\n", t.Policy, t.Version)
		for i := range t.Criteria {
			x.criterion(&t.Criteria[i])
		}
	}
	if len(t.Decisive) > 0 {
		x.printf("  Criteria that decided it: %s\n", strings.Join(t.Decisive, ", "))
	}
	if len(ld.Documents) > 0 {
		x.printf("  Documents requested:\n")
		for _, d := range ld.Documents {
			x.printf("    - %s (LOINC %s)\n", x.documentName(d), d)
		}
	}
	if len(t.ToChange) > 0 {
		x.printf("  What would change the outcome:\n")
		for _, s := range t.ToChange {
			x.printf("    - %s\n", s)
		}
	}
	for _, n := range t.Notes {
		x.printf("  Note: %s\n", n)
	}
}

func (x *explainer) criterion(r *CriterionResult) {
	word := map[string]string{Met: "MET", NotMet: "FAILED", Unknown: "UNKNOWN", Attested: "ATTESTED", Skipped: "SKIPPED"}[r.Result]
	x.printf("    [%s] %s", word, r.ID)
	var c *historyCriterion
	if x.cites != nil {
		c = x.cites.byID[r.ID]
	}
	if c != nil {
		x.printf(": %s", c.Text)
	}
	x.printf("\n")
	switch r.Needs {
	case NeedsDocuments:
		x.printf("        needs: documents\n")
	case NeedsReview:
		x.printf("        needs: a clinician's review\n")
	}
	for _, e := range r.Evidence {
		x.printf("        evidence: %s\n", e)
	}
	if c != nil {
		x.printf("        source: %s, %s\n", c.Cite.File, c.Cite.Section)
	}
}

func (x *explainer) codeName(code string) string {
	if x.pol == nil {
		return ""
	}
	if n := x.pol.codes.codeNames[code]; n != "" {
		return n
	}
	if d := x.pol.drug("HC", code); d != unknownDrug && d.name != "" {
		return d.name
	}
	return ""
}

func (x *explainer) reasonWords(codes []string) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = c
		if x.pol != nil {
			if m := x.pol.codes.hcr03[c]; m != "" {
				parts[i] = m + " (" + c + ")"
			}
		}
	}
	return strings.Join(parts, "; ")
}

func (x *explainer) followUpWords(code string) string {
	if x.pol != nil {
		if m := x.pol.codes.followUps[code]; m != "" {
			return m
		}
	}
	if code == "C" {
		return "please correct and resubmit"
	}
	return "follow-up code " + code
}

func (x *explainer) documentName(code string) string {
	if x.pol != nil {
		if n := x.pol.codes.documents[code]; n != "" {
			return n
		}
	}
	return "document"
}

func actionWords(a string) string {
	switch a {
	case ActionCertified:
		return "approved"
	case ActionPartial:
		return "partly approved"
	case ActionNotCertified:
		return "denied"
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
		return "the criteria are not met, but this payer has a clinician review every adverse decision"
	case RulePendDocuments:
		return "some criteria can only be shown by documents that were not sent"
	case RulePendReview:
		return "some criteria need a clinician's judgment"
	case RuleOutOfScope:
		return "the request is outside this policy's scope and was routed"
	case RuleSupplyFollows:
		return "supplies follow the decision on the pump"
	case RuleSupplyNoPump:
		return "supplies need a pump request to follow"
	case RuleDrugRouted:
		return "drugs are reviewed under the drug benefit, not the pump policy"
	case RuleDrugWithPump:
		return "this payer covers the drug with the pump, so it follows the pump"
	case RuleRouted:
		return "the code belongs to another policy"
	case RuleOther:
		return "the code is not addressed by this policy"
	case RuleCancel:
		return "the provider asked to cancel an authorization"
	case RuleAppeal:
		return "appeals are decided by a person"
	case RuleUnsupportedCert:
		return "this certification type is not decided automatically"
	case RuleRequestError:
		return "the request has errors"
	case RuleNotConsidered:
		return "not considered"
	}
	return r
}

// dateWords renders CCYYMMDD as CCYY-MM-DD.
func dateWords(d string) string {
	if len(d) != 8 {
		return d
	}
	return d[:4] + "-" + d[4:6] + "-" + d[6:]
}
