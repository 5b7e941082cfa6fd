package adjudicate

import "time"

// HCR01 action codes produced by the engine.
const (
	ActionCertified    = "A1" // certified in total
	ActionPartial      = "A2" // certified, partial (event roll-up only)
	ActionNotCertified = "A3" // not certified
	ActionPended       = "A4" // pended
	ActionCancelled    = "C"  // cancelled
)

// Line classes.
const (
	ClassPump   = "pump"
	ClassSupply = "supply"
	ClassDrug   = "drug"
	ClassRouted = "routed"
	ClassOther  = "other"
)

// Criterion results.
const (
	Met      = "met"
	NotMet   = "not_met"
	Unknown  = "unknown"
	Attested = "attested"
	Skipped  = "skipped"
	// NotApplicable is the result of a criterion whose set cannot apply to
	// the driving drug (the enteral set for an intravenous drug, a Vermont
	// indication for a drug of another class): neither met nor failed.
	NotApplicable = "not_applicable"
)

// Evidence kinds (CriterionResult.Kind): what kind of evidence decided a
// criterion.
const (
	KindStructured = "structured"       // a structured fact of the request (place of service, pump code, HSD, diagnosis, provider)
	KindProxy      = "code-table proxy" // the drug's entry in the policy's drug table (e.g. on the LCD V(A) list)
	KindAttachment = "attachment"       // attested by an attachment whose report type can show it (CriterionResult.Attachment)
)

// Rules name what produced a line's or the event's action (Trace.Rule).
const (
	RuleCriteriaMet     = "criteria-met"            // coverage criteria met → A1
	RuleNonCoverage     = "conclusive-non-coverage" // policy non-coverage → A3
	RuleAdverseReview   = "adverse-review"          // A3 turned into A4 0V by adverse: review
	RulePendDocuments   = "pend-documents"          // criteria unknown, documents would settle them → A4 0U
	RulePendReview      = "pend-review"             // criteria need a clinician → A4 0V
	RuleOutOfScope      = "out-of-scope"            // a scope criterion failed → routed, A4 0V
	RuleImplausible     = "implausible-data"        // the request's data cannot be certified as asked → A4 0V
	RuleSupplyFollows   = "supply-follows-pump"     // supply line takes the pump line's decision
	RuleSupplyNoPump    = "supply-without-pump"     // supply line with no pump line → A4 0U
	RuleDrugRouted      = "drug-routed"             // drug line → A4 0V, routed
	RuleDrugWithPump    = "drug-with-pump"          // drug line takes the pump's decision (drug_lines: with-pump)
	RuleRouted          = "routed"                  // code owned by another policy → A4 0V
	RuleOther           = "other"                   // code no policy here addresses → A4 0V
	RuleCancel          = "cancel"                  // UM02 3 → C
	RuleAppeal          = "appeal"                  // UM02 1/2 → A4 0V
	RuleUnsupportedCert = "unsupported-cert-type"   // unknown UM02 → A4 0V
	RuleRequestError    = "request-error"           // AAA instead of an HCR
	RuleNotConsidered   = "not-considered"          // a parent loop carries an AAA; no 2000F HCR
	RuleRollUp          = "event-roll-up"           // the event action rolled up from its lines
)

// Result is the decision on one transaction set.
type Result struct {
	Payer         string `json:"payer"`          // payer configuration name ("" when unknown)
	Policy        string `json:"policy"`         // policy ID
	PolicyVersion string `json:"policy_version"` // policy version
	// DecidedAt is the adjudication time passed to Decide.
	DecidedAt time.Time `json:"decided_at"`
	// Event is the 2000E decision (HCR, or AAA in Event.Errors).
	Event EventDecision `json:"event"`
	// Lines has one decision per request line, in request order.
	Lines []LineDecision `json:"lines"`
	// Errors are AAA segments for loops above 2000E (2010A, 2010C). When it
	// is not empty, Event and Lines carry no decision.
	Errors []RequestError `json:"errors,omitempty"`
	// Pending reports that something pends: BHT06 19 (else 18).
	Pending bool `json:"pending"`
}

// EventDecision is the 2000E decision.
type EventDecision struct {
	Action     string   `json:"action,omitempty"`      // HCR01; "" when Errors is set or the event was not considered
	Reasons    []string `json:"reasons,omitempty"`     // HCR03
	AuthNumber string   `json:"auth_number,omitempty"` // HCR02: certification number (A1, A2), review number (A3)
	CertFrom   string   `json:"cert_from,omitempty"`   // DTP*007 start (A1, A2)
	CertTo     string   `json:"cert_to,omitempty"`     // DTP*007 end (A1, A2)
	AdminRef   string   `json:"admin_ref,omitempty"`   // REF*NT for pends
	Message    string   `json:"message,omitempty"`     // MSG
	Rule       string   `json:"rule,omitempty"`        // what produced the action
	// Errors are AAA segments for 2000E instead of an HCR.
	Errors []RequestError `json:"errors,omitempty"`
}

// LineDecision is the 2000F decision on one service line. A line with
// neither Action nor Errors was not considered because a parent loop carries
// an AAA (Trace.Rule is RuleNotConsidered): send no 2000F HCR for it.
type LineDecision struct {
	Line       int      `json:"line"`                  // index in Request.Lines
	Code       string   `json:"code"`                  // procedure code as sent
	Class      string   `json:"class"`                 // pump, supply, drug, routed, other
	Action     string   `json:"action,omitempty"`      // HCR01: A1, A3, A4, C
	Reasons    []string `json:"reasons,omitempty"`     // HCR03
	AuthNumber string   `json:"auth_number,omitempty"` // HCR02: certification (A1), review (A3) or cancelled (C) number
	CertFrom   string   `json:"cert_from,omitempty"`   // DTP*007 start (A1)
	CertTo     string   `json:"cert_to,omitempty"`     // DTP*007 end (A1)
	AdminRef   string   `json:"admin_ref,omitempty"`   // REF*NT for pends
	Documents  []string `json:"documents,omitempty"`   // LOINC codes for HI LOI on 0U pends
	Message    string   `json:"message,omitempty"`     // MSG
	// Errors are AAA segments for this line instead of an HCR.
	Errors []RequestError `json:"errors,omitempty"`
	Trace  Trace          `json:"trace"`
}

// RequestError is one AAA segment.
type RequestError struct {
	Loop     string `json:"loop"`      // 2010A, 2010C, 2000E, 2000F
	Line     int    `json:"line"`      // line index for 2000F, else -1
	Code     string `json:"code"`      // AAA03 reject reason
	FollowUp string `json:"follow_up"` // AAA04 follow-up action
	Reason   string `json:"reason"`    // plain-language explanation (no PHI)
}

// Trace explains one line decision. Its JSON field names are stable.
// Criteria are cited by reference (Policy, Version and each result's ID),
// not by their text, which the policy holds.
type Trace struct {
	Policy  string `json:"policy"`
	Version string `json:"version"`
	// Rule is what produced the action (one of the Rule constants).
	Rule string `json:"rule"`
	// Drug is the driving drug of a pump line: the one drug line whose
	// criteria the trace shows (DESIGN §5: one drug satisfies a whole set;
	// drugs never combine). Absent when the request has no drug line.
	Drug DrivingDrug `json:"drug,omitzero"`
	// Criteria are the results of every criterion evaluated for the line, in
	// policy file order (pump lines; empty for lines that follow another),
	// for the driving drug.
	Criteria []CriterionResult `json:"criteria,omitempty"`
	// Decisive are the criterion IDs that produced the action.
	Decisive []string `json:"decisive,omitempty"`
	// FollowsLine is the index of the pump line whose decision a supply or
	// drug line took, or -1.
	FollowsLine int `json:"follows_line"`
	// Recommended is set when a payer requires review before an adverse
	// determination: the automatic outcome ("not certified").
	Recommended string `json:"recommended,omitempty"`
	// RecommendedReasons are the HCR03 codes of the recommended outcome.
	RecommendedReasons []string `json:"recommended_reasons,omitempty"`
	// ToChange says, for pends and denials, what would change the outcome.
	ToChange []string `json:"to_change,omitempty"`
	// Implausible are the reasons the line's data cannot be certified as
	// sent (rule implausible-data): more than 24 infusion hours a day, a
	// second pump for one regimen, dates outside the event or longer than
	// the payer's maximum, an order from a provider who does not prescribe.
	Implausible []string `json:"implausible,omitempty"`
	// Notes record checks that were skipped and other facts for a reader.
	Notes []string `json:"notes,omitempty"`
}

// DrivingDrug names the drug line a pump line's criteria were evaluated
// for: its index in Request.Lines and its code as sent.
type DrivingDrug struct {
	Line int    `json:"line"`
	Code string `json:"code"`
}

// CriterionResult is the evaluation of one criterion. It cites the
// criterion by reference: its ID here, the policy and version on the
// line's Trace; [LookupCriterion] resolves the criterion's text and the
// seed section it cites.
type CriterionResult struct {
	ID     string `json:"id"`
	Result string `json:"result"`          // met, not_met, unknown, attested, skipped, not_applicable
	Needs  string `json:"needs,omitempty"` // for unknown: "documents" or "review"
	// Kind is the kind of evidence that decided the result (KindStructured,
	// KindProxy, KindAttachment); empty for composites, skipped and not
	// applicable criteria, and unknown results no evidence decided.
	Kind string `json:"kind,omitempty"`
	// Attachment is the PWK01 report type that attested the criterion.
	Attachment string   `json:"attachment,omitempty"`
	Evidence   []string `json:"evidence,omitempty"`
}

// Citation names the seed file and section a criterion comes from.
type Citation struct {
	File    string `json:"file"`
	Section string `json:"section"`
}
