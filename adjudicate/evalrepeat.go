package adjudicate

// The documentation and repeat-service evaluators.

const (
	evNotRenewal     = "not a renewal or extension (UM02)"
	evRenewal        = "renewal or extension (UM02 R or 4): continued need needs documentation"
	evNotReplacement = "no replacement modifier on the pump line"
	evReplacement    = "replacement modifier on the pump line: device age and wear need documentation"
)

// evalDocumentation: only documentation can show the criterion.
func evalDocumentation(c *criterion, ev *evidence) status {
	ev.add(evDocOnly)
	return stDoc
}

// evalRenewal: a renewal or extension (cert_types) shows continued need by
// documentation; skipped for other requests.
func evalRenewal(c *criterion, ev *evidence) status {
	if !hasAny(c.p.CertTypes, ev.cert) {
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
