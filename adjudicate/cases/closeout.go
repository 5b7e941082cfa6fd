package cases

// The close-out answer (CAQH CORE 278 Infrastructure Rule: a request whose
// additional documentation has not arrived within 15 business days of
// asking may be closed out). The rule names no code; the 005010X217 guide
// gives a final answer an HCR01 of A1, A3, A6 or C, and a close-out is
// neither a certification nor a withdrawal by the requester. So each line
// still pended is answered A3 (not certified) with HCR03 0U ("additional
// patient information required", the code the pended response already
// used to ask for the documents) and a MSG saying in plain words why and
// what the provider may do, which is the specific reason CMS-0057-F asks
// of every denial. Lines the engine answered itself keep their answer.
const (
	CloseOutHCR01 = "A3"
	CloseOutHCR03 = "0U"
)

// CloseOutMessage is the MSG of a closed-out line under policy, written
// like every A3 line's MSG ("Not certified under POLICY (…); reason") and
// with no separator of the sample delimiters in it, so it is sent as
// written.
func CloseOutMessage(policy string) string {
	if policy == "" {
		policy = "the payer's policy"
	}
	return "Not certified under " + policy + " (CAQH CORE close-out); the additional documentation requested was not received within 15 business days; submit a new request with the documentation"
}
