package adjudicate

// The documentation and repeat-service evaluators.

const (
	evNotRenewal     = "not a repeat service (UM02 R or 4, or a previous authorization REF*BB)"
	evRenewal        = "repeat service (renewal, extension or a previous authorization): continued need needs the evaluation of this episode"
	evNotReplacement = "no replacement modifier on the pump line"
	evReplacement    = "replacement modifier on the pump line: the device's age and wear need documentation"
)

// evalDocumentation: only documentation can show the criterion.
func evalDocumentation(c *criterion, ev *evidence) status {
	ev.add(evDocOnly)
	return stDoc
}

// evalRenewal: a repeat service (cert_types, or with prior_auth a previous
// authorization on the line or event) shows continued need by the
// documentation of the criterion's attestation kind; skipped for other
// requests.
func evalRenewal(c *criterion, ev *evidence) status {
	if !hasAny(c.p.CertTypes, ev.cert) && !(c.p.PriorAuth && ev.repeat) {
		ev.add(evNotRenewal)
		return stSkipped
	}
	ev.add(evRenewal)
	return stDoc
}

// evalReplacement: a replacement (modifiers on the pump line) shows the
// device's age and wear by documentation; skipped for other requests.
func evalReplacement(c *criterion, ev *evidence) status {
	for _, m := range ev.line.Modifiers {
		if hasAny(c.p.Modifiers, m) {
			ev.add(evReplacement)
			return stDoc
		}
	}
	ev.add(evNotReplacement)
	return stSkipped
}
