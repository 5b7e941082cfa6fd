package adjudicate

// The request checks: the AAAs of loops whose data the engine cannot
// decide on. A loop with an AAA gets no HCR, and nothing below a loop
// above 2000E with an AAA is considered.

// requestError answers a loop above 2000E with an AAA; nothing below it is
// considered.
func (e *engine) requestError(loop, role string) {
	e.res.Errors = append(e.res.Errors, e.aaa(loop, -1, role))
	e.notConsidered()
}

// notConsidered marks every line as not considered.
func (e *engine) notConsidered() {
	for i := range e.res.Lines {
		e.res.Lines[i].Trace.Rule = RuleNotConsidered
	}
}

// aaa returns the AAA of an error role in a loop (line -1 above 2000F).
func (e *engine) aaa(loop string, line int, role string) RequestError {
	ef := e.codes.errs[role]
	return RequestError{Loop: loop, Line: line, Code: ef.Code, FollowUp: ef.FollowUp, Reason: ef.Text}
}

// eventErrors validates the 2000E data the engine needs and returns its
// AAAs.
func (e *engine) eventErrors() []RequestError {
	ev := &e.req.Event
	var errs []RequestError
	if !e.diagnosesOK() {
		errs = append(errs, e.aaa("2000E", -1, aaaDiagnosis))
	}
	if !datesOK(ev.From, ev.To) {
		errs = append(errs, e.aaa("2000E", -1, aaaDates))
	}
	if e.eventAuthMissing() {
		errs = append(errs, e.aaa("2000E", -1, aaaMissingAuth))
	}
	return errs
}

// diagnosesOK reports whether every ICD-10-CM diagnosis is well formed and
// there is one, unless the event is a cancellation (nothing is
// adjudicated).
func (e *engine) diagnosesOK() bool {
	n := 0
	for _, d := range e.req.Event.Diagnoses {
		if !isICD10Qualifier(d.Qualifier) {
			continue
		}
		n++
		if !isICD10(d.Code) {
			return false
		}
	}
	return n > 0 || e.req.Event.CertType == "3"
}

// eventAuthMissing reports whether a cancelled event lacks the
// authorization it cancels: none on the event, and no lines or a line
// that cancels without its own.
func (e *engine) eventAuthMissing() bool {
	ev := &e.req.Event
	if ev.CertType != "3" || ev.PriorAuth != "" {
		return false
	}
	if len(e.req.Lines) == 0 {
		return true
	}
	for i := range e.req.Lines {
		ln := &e.req.Lines[i]
		if ln.PriorAuth == "" && (ln.CertType == "" || ln.CertType == "3") {
			return true
		}
	}
	return false
}

// datesOK accepts absent dates, or valid dates with To not before From.
func datesOK(from, to string) bool {
	if from == "" && to == "" {
		return true
	}
	if !isDate(from) || (to != "" && (!isDate(to) || to < from)) {
		return false
	}
	return true
}

// lineErrors validates one 2000F and returns its AAAs.
func (e *engine) lineErrors(i int) []RequestError {
	ln := &e.req.Lines[i]
	var errs []RequestError
	if role := procedureError(ln); role != "" {
		errs = append(errs, e.aaa("2000F", i, role))
	}
	cert := effCert(e.req, ln)
	// A line that is not a cancellation needs service dates, its own or
	// the event's.
	if from, _ := e.dates(ln); !datesOK(ln.From, ln.To) || (cert != "3" && from == "") {
		errs = append(errs, e.aaa("2000F", i, aaaDates))
	}
	if cert == "3" && ln.PriorAuth == "" && e.req.Event.PriorAuth == "" {
		errs = append(errs, e.aaa("2000F", i, aaaMissingAuth))
	}
	return errs
}

// procedureError returns the AAA role of a malformed procedure code or an
// unsupported qualifier, or "".
func procedureError(ln *Line) string {
	switch ln.Qualifier {
	case "HC":
		if !isHCPCS(ln.Code) {
			return aaaProcedure
		}
	case "N4":
		if !isNDC(ln.Code) {
			return aaaProcedure
		}
	default:
		return aaaQualifier
	}
	return ""
}

// dates returns the line's service dates, inheriting the event's.
func (e *engine) dates(ln *Line) (string, string) { return lineDates(e.req, ln) }
