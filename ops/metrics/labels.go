package metrics

import (
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/ops/outputs"
)

// Label values outside a closed set are recorded as Other, so that a caller
// bug or unexpected input can never create an unbounded number of series or
// put free text (possibly PHI) into a label.
const (
	// Other replaces any label value that is not in the label's closed set.
	Other = "other"
	// None is the policy of a line or event that no policy adjudicated
	// (for example an unknown payer), and the action of a line or event
	// that got no HCR (for example one answered with an AAA).
	None = "none"
)

// Closed label sets. Each is the complete list of values a label can take
// besides Other. They are variables only so that the tests and the package
// documentation can range over them; nothing modifies them.
var (
	// Outcomes is the closed set of the outcome label of
	// gate278_inbound_messages_settled_total: how an inbound message was
	// settled with JetStream.
	Outcomes = []string{"ack", "nak", "term", "dead_letter"}

	// DeadLetterReasons is the closed set of the reason label of
	// gate278_dead_letters_total.
	DeadLetterReasons = []string{"max_deliver", "exhausted", "poison", "oversize", "invalid", "conflict"}

	// OutputKinds is the closed set of the kind label of
	// gate278_outputs_published_total, gate278_outputs_bytes_total and
	// gate278_publish_seconds: the names of the output vocabulary
	// (package ops/outputs), which the worker also enforces.
	OutputKinds = outputs.Kinds.Names()

	// FileResults is the closed set of the result label of gate278_files_total.
	FileResults = []string{"accepted", "partially_accepted", "rejected", "duplicate"}

	// TransactionSetResults is the closed set of the result label of
	// gate278_transaction_sets_total (IK501 A, E and R).
	TransactionSetResults = []string{"accepted", "accepted_with_errors", "rejected"}

	// Actions is the closed set of the action label of gate278_lines_total
	// and gate278_events_total: the HCR01 action code, or None.
	Actions = []string{"A1", "A2", "A3", "A4", "A6", "C", "CT", "NA", None}

	// Stages is the closed set of the stage label of gate278_stage_seconds.
	Stages = []string{"read_validate", "adjudicate", "encode"}

	// Acks is the closed set of the ack label of gate278_rejections_total.
	Acks = []string{"ta1", "999"}
)

// TA1Codes is the closed set of the code label of gate278_rejections_total
// when ack is "ta1": the interchange note codes TA105 000 to 031, from the
// acknowledgment code table of edi/ack.
var TA1Codes = ack.TA105.Values()

// Codes999 is the closed set of the code label of gate278_rejections_total
// when ack is "999": the union of the transaction set syntax error codes
// (IK502 to IK506) and the functional group syntax error codes (AK905 to
// AK909) of edi/ack's table. Segment and element notes (IK304, IK403) are
// not rejection reasons and are not in the set.
var Codes999 = ack.Union(ack.IK502, ack.AK905)

// set is a closed label set with a fallback.
type set map[string]struct{}

func newSet(values ...[]string) set {
	s := set{}
	for _, vs := range values {
		for _, v := range vs {
			s[v] = struct{}{}
		}
	}
	return s
}

// label returns v if it is in s, and Other otherwise.
func (s set) label(v string) string {
	if _, ok := s[v]; ok {
		return v
	}
	return Other
}

var (
	outcomeSet   = newSet(Outcomes)
	reasonSet    = newSet(DeadLetterReasons)
	kindSet      = newSet(OutputKinds)
	fileSet      = newSet(FileResults)
	tsSet        = newSet(TransactionSetResults)
	actionSet    = newSet(Actions)
	stageSet     = newSet(Stages)
	ackSet       = newSet(Acks)
	ta1CodeSet   = newSet(TA1Codes)
	codes999Set  = newSet(Codes999)
	ackCodeSets  = map[string]set{"ta1": ta1CodeSet, "999": codes999Set}
	emptyCodeSet = set{}
)

// actionLabel maps an HCR01 action code to its label; the empty string is None.
func actionLabel(a string) string {
	if a == "" {
		return None
	}
	return actionSet.label(a)
}

// rejection maps an acknowledgment kind and code to their labels. A code is
// checked against the list of its own acknowledgment kind; an unknown kind
// has no valid codes.
func rejection(ack, code string) (string, string) {
	ack = ackSet.label(ack)
	codes, ok := ackCodeSets[ack]
	if !ok {
		codes = emptyCodeSet
	}
	return ack, codes.label(code)
}
