package adjudicate

import "strings"

// What a decision says: the MSG texts and the criterion lists of the trace.

// Fixed MSG texts.
const (
	msgAppeal           = "Appeal received: pended for review by a clinician."
	msgUnsupportedCert  = "Certification type not adjudicated automatically: pended for review."
	msgSupplyNoPump     = "Supply line with no pump line in this request: send the pump request or its authorization."
	msgDrug             = "Drug line routed to drug benefit review; used as evidence for the pump line."
	msgDrugNoPump       = "Drug line routed to drug benefit review."
	msgOther            = "Code not addressed by the external infusion pump policy: routed to manual review."
	msgAdverseReview    = "Pended for clinical peer review before any adverse determination. " // before the denial's MSG
	msgImplausible      = "Pended for clinical review: the request's data cannot be certified as sent (see the reasons)."
	msgNoLineConsidered = "No service line could be considered: see the errors on each line."
	msgNoLines          = "No service lines in the request: pended for review."
)

// maxMSG is the length of MSG01.
const maxMSG = 264

// truncateMSG keeps a message within the 264 characters of MSG01.
func truncateMSG(s string) string {
	if len(s) <= maxMSG {
		return s
	}
	return s[:maxMSG-3] + "..."
}

// denyMessage names the decisive criteria, their seed sections and, for a
// composite, the failed criteria under it.
func denyMessage(p *Policy, dec []*criterion, st *evalState) string {
	var b strings.Builder
	b.Grow(maxMSG)
	b.WriteString("Not certified under ")
	b.WriteString(p.id)
	b.WriteString(": ")
	for k, c := range dec {
		if k > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.denyText)
		if len(c.all) > 0 || len(c.any) > 0 {
			writeFailed(&b, st, c)
		}
	}
	b.WriteString(".")
	return truncateMSG(b.String())
}

// writeFailed names up to three failed criteria under composite c, leaving
// out indications that simply do not concern the drug on the request.
func writeFailed(b *strings.Builder, st *evalState, c *criterion) {
	n := 0
	for _, l := range st.failedLeaves(c, nil) {
		if hasAny(st.results[l.idx].Evidence, evNoIndication) {
			continue
		}
		if n == 3 {
			b.WriteString(", ...")
			return
		}
		if n == 0 {
			b.WriteString(" - failed: ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(l.id)
		n++
	}
}

// pendMessage names up to six criteria after a prefix.
func pendMessage(prefix string, cs []*criterion) string {
	var b strings.Builder
	b.Grow(128)
	b.WriteString(prefix)
	for j, c := range cs {
		if j == 6 {
			b.WriteString(", ...")
			break
		}
		if j > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.id)
	}
	b.WriteString(".")
	return truncateMSG(b.String())
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
