package adjudicate

import (
	"errors"
	"time"
)

// Needs values of an unknown criterion.
const (
	NeedsDocuments = "documents" // documents would settle it (0U)
	NeedsReview    = "review"    // a clinician must judge (0V)
)

// Decide adjudicates one transaction set. It is pure: the same request,
// configuration and time always produce the same result, authorization
// numbers included. An error means the request could not be decided at all
// (a nil request or configuration); denials and request errors are values
// in the Result.
func Decide(req *Request, cfg *Config, now time.Time) (*Result, error) {
	if req == nil {
		return nil, errors.New("adjudicate: nil request")
	}
	if cfg == nil || cfg.codes == nil {
		return nil, errors.New("adjudicate: configuration not loaded (use DefaultConfig or LoadConfig)")
	}
	e := engine{req: req, codes: cfg.codes, res: &Result{DecidedAt: now, Lines: make([]LineDecision, len(req.Lines))}}
	e.run(cfg)
	return e.res, nil
}

// engine decides one request. The steps, in order (run): select the payer
// and policy, check the event and the lines (checks.go), classify the
// lines, decide the pump lines (pump.go), then the lines that follow them
// or are routed (lines.go), then roll the event up (rollup.go). Each line's
// decision is an outcome, written once by apply.
type engine struct {
	req   *Request
	codes *codeTables
	res   *Result
	payer *PayerConfig
	pol   *Policy
	// sc holds the pump lines' scratch buffers, allocated for the first.
	sc *scratch
	// pump is the index of the first pump line with an HCR, or -1.
	pump int
	// nDrivers counts the pump lines decided so far (sc.drivers).
	nDrivers int
}

func (e *engine) run(cfg *Config) {
	e.startLines()
	if loop, role := e.selectPayer(cfg); role != "" {
		e.requestError(loop, role)
		return
	}
	if errs := e.eventErrors(); len(errs) > 0 {
		e.res.Event.Errors, e.res.Event.Rule = errs, RuleRequestError
		e.notConsidered()
		return
	}
	e.classifyLines()
	e.decidePumps()
	e.release()
	e.decideOthers()
	e.rollUp()
}

// startLines fills in what every line decision carries whatever happens.
func (e *engine) startLines() {
	for i := range e.res.Lines {
		ld := &e.res.Lines[i]
		ld.Line, ld.Code, ld.Trace.FollowsLine = i, e.req.Lines[i].Code, -1
	}
}

// selectPayer selects the payer and its policy from the UMO and checks the
// subscriber. It returns the loop and AAA role of a request error, or "".
func (e *engine) selectPayer(cfg *Config) (loop, role string) {
	if e.req.PayerID == "" {
		return "2010A", aaaMissingPayer
	}
	payer, ok := cfg.Payer(e.req.PayerQualifier, e.req.PayerID)
	if !ok {
		return "2010A", aaaUnknownPayer
	}
	e.payer, e.pol = payer, payer.policy
	e.res.Payer, e.res.Policy, e.res.PolicyVersion = payer.Name, e.pol.id, e.pol.version
	for i := range e.res.Lines {
		e.res.Lines[i].Trace.Policy, e.res.Lines[i].Trace.Version = e.pol.id, e.pol.version
	}
	if e.req.SubscriberID == "" {
		return "2010C", aaaMissingSubscriber
	}
	return "", ""
}

// classifyLines gives every line its class and its AAAs; a line with an
// AAA gets no HCR.
func (e *engine) classifyLines() {
	for i := range e.req.Lines {
		ln, ld := &e.req.Lines[i], &e.res.Lines[i]
		ld.Class, _ = e.pol.classify(ln.Qualifier, ln.Code)
		if errs := e.lineErrors(i); len(errs) > 0 {
			ld.Errors, ld.Trace.Rule = errs, RuleRequestError
		}
	}
}

// decidePumps decides the pump lines first, because supplies and drugs
// follow them: the first pump line that gets an HCR other than a
// cancellation is the one they follow.
func (e *engine) decidePumps() {
	e.pump = -1
	e.findDuplicates()
	for i := range e.res.Lines {
		ld := &e.res.Lines[i]
		if len(ld.Errors) > 0 || ld.Class != ClassPump {
			continue
		}
		e.decidePump(i)
		if e.pump < 0 && ld.Action != "" && ld.Action != ActionCancelled {
			e.pump = i
		}
	}
}

// decideOthers decides the lines that are not pump lines.
func (e *engine) decideOthers() {
	for i := range e.res.Lines {
		ld := &e.res.Lines[i]
		if len(ld.Errors) > 0 || ld.Class == ClassPump {
			continue
		}
		o := e.otherOutcome(i)
		e.apply(i, &o)
	}
}

// outcome is the decision on one line before it is written into the
// result: the action, what the response says and what the trace says.
type outcome struct {
	action    string   // HCR01: ActionCertified, ActionNotCertified, ActionPended or ActionCancelled
	reasons   []string // HCR03
	message   string   // MSG
	documents []string // LOINC documents asked for (A4 0U)
	auth      string   // HCR02 of a cancellation: the authorization cancelled
	// What the trace says.
	rule               string
	decisive, toChange []string
	recommended        string
	recommendedReasons []string
	notes              []string
	implausible        []string // Trace.Implausible
	follows            bool     // the line took the decision of a pump line
	followLine         int      // that pump line
}

// pended is an A4 with the shared HCR03 list of a reason role.
func (e *engine) pended(role, msg, rule string) outcome {
	return outcome{action: ActionPended, reasons: e.reasonList(e.reason(role)), message: msg, rule: rule}
}

// apply writes the outcome of line i into its decision, with the numbers
// its action carries.
func (e *engine) apply(i int, o *outcome) {
	ld := &e.res.Lines[i]
	ld.Action, ld.Reasons, ld.Message, ld.Documents = o.action, o.reasons, o.message, o.documents
	ld.AuthNumber, ld.AdminRef = e.numbers(o.action, i)
	switch o.action {
	case ActionCertified:
		ld.CertFrom, ld.CertTo = e.dates(&e.req.Lines[i])
	case ActionCancelled:
		ld.AuthNumber = o.auth
	}
	t := &ld.Trace
	t.Rule, t.Decisive, t.ToChange = o.rule, o.decisive, o.toChange
	t.Recommended, t.RecommendedReasons = o.recommended, o.recommendedReasons
	if len(o.notes) > 0 {
		t.Notes = append(t.Notes, o.notes...)
	}
	t.Implausible = o.implausible
	if o.follows {
		t.FollowsLine = o.followLine
	}
}

// numbers returns the HCR02 and REF*NT numbers an action carries on line
// i (-1 for the event): a certification number on A1 and A2, a review
// number on A3, an administrative reference on A4.
func (e *engine) numbers(action string, i int) (auth, adminRef string) {
	switch action {
	case ActionCertified, ActionPartial:
		return refNumber(e.req.Identity, 'C', i), ""
	case ActionNotCertified:
		return refNumber(e.req.Identity, 'R', i), ""
	case ActionPended:
		return "", refNumber(e.req.Identity, 'N', i)
	}
	return "", ""
}

// reason returns the HCR03 code of a reason role.
func (e *engine) reason(role string) string { return e.codes.reasons[role] }

// reasonList returns a shared one-element HCR03 list (capacity 1, so an
// append by the caller copies it).
func (e *engine) reasonList(code string) []string {
	if l, ok := e.codes.reasonLists[code]; ok {
		return l
	}
	return []string{code}
}
