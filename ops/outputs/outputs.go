// Package outputs is gate278's output vocabulary: the one table of the kinds
// of message published in answer to an inbound file, each with its subject
// prefix and the stream that stores it.
//
// Every part that must agree on an output kind reads this table: the
// gateway publishes each pipeline output on its kind's subject, the
// transport worker refuses a kind or subject outside it, `gate278 status`
// counts stored outputs per kind with its filters, and package ops/metrics
// takes the closed set of its kind label from it. To add a kind, add a row
// here and its subject filter to the stream's definition under
// ops/nats/jetstream (a test checks the two agree).
//
// # Design
//
// The table is a leaf package (standard library only) so that layers which
// must not import each other can share it: ops/metrics imports no gate278
// code, package transport moves bytes and knows no X12 (it only consumes
// the Table it is handed: WorkerConfig.Outputs, Status), and the gateway
// joins both. It sits under ops, beside the stream definitions whose
// subjects it names, because it is part of the deployed topology: renaming a
// subject is an operational change that consumers of the streams see. The
// X12 pipeline (package adjudicate/pipeline, which imports edi only) names
// the kinds it produces with its own constants; the gateway's tests check
// that each of them is a row here.
package outputs

import (
	"slices"
	"strings"
)

// Output kinds: the names in the Gate278-Kind header, the values of the
// metrics' kind label, and the keys of `gate278 status -json` outputs.
const (
	Kind278   = "278"   // 278 responses
	Kind999   = "999"   // 999 implementation acknowledgments
	KindTA1   = "ta1"   // TA1 interchange acknowledgments
	KindTrace = "trace" // decision traces (JSON)
	KindPend  = "pend"  // pended lines awaiting clinical review (JSON)
	// KindRejected is a copy of an inbound file that was rejected, whole or
	// in part, kept for investigation once X12_IN has let it go.
	KindRejected = "rejected"
)

// Token says what the last token of an output subject names.
type Token string

// The subject tokens.
const (
	TokenPartner Token = "partner" // the submitting partner (the inbound subject's last token)
	TokenPolicy  Token = "policy"  // the policy whose reviewers take a pended line
)

// Kind is one kind of output.
type Kind struct {
	// Name is the kind's name (Kind278 ...).
	Name string
	// Prefix is the subject prefix, ending in '.': a subject is Prefix
	// followed by one token.
	Prefix string
	// Stream is the JetStream stream that stores the kind.
	Stream string
	// Token is what the subject's last token names.
	Token Token
}

// Subject returns the subject of an output of kind k for token (a partner or
// a policy ID, already a valid subject token).
func (k Kind) Subject(token string) string { return k.Prefix + token }

// Filter is the subject filter matching every output of kind k.
func (k Kind) Filter() string { return k.Prefix + ">" }

// Owns reports whether subject is an output subject of kind k: the prefix
// and exactly one token after it.
func (k Kind) Owns(subject string) bool {
	rest, ok := strings.CutPrefix(subject, k.Prefix)
	return ok && rest != "" && !strings.Contains(rest, ".")
}

// Table is an ordered, closed set of output kinds.
type Table []Kind

// Lookup returns the kind named name.
func (t Table) Lookup(name string) (Kind, bool) {
	for _, k := range t {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// Names lists the kinds' names in table order.
func (t Table) Names() []string {
	names := make([]string, len(t))
	for i, k := range t {
		names[i] = k.Name
	}
	return names
}

// Streams lists the streams that store the kinds, each once, in table order.
func (t Table) Streams() []string {
	var streams []string
	for _, k := range t {
		if !slices.Contains(streams, k.Stream) {
			streams = append(streams, k.Stream)
		}
	}
	return streams
}

// Kinds is gate278's output vocabulary.
var Kinds = Table{
	{Name: Kind278, Prefix: "x12.278.out.", Stream: "X12_OUT", Token: TokenPartner},
	{Name: Kind999, Prefix: "x12.999.out.", Stream: "X12_OUT", Token: TokenPartner},
	{Name: KindTA1, Prefix: "x12.ta1.out.", Stream: "X12_OUT", Token: TokenPartner},
	{Name: KindTrace, Prefix: "x12.278.trace.", Stream: "X12_OUT", Token: TokenPartner},
	{Name: KindPend, Prefix: "x12.278.pend.", Stream: "X12_PEND", Token: TokenPolicy},
	{Name: KindRejected, Prefix: "x12.rejected.", Stream: "X12_OUT", Token: TokenPartner},
}
