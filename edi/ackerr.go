package edi

// SegmentError is one implementation or syntax error in a transaction set,
// as a 999 reports it in an IK3 loop with its IK4 element errors.
type SegmentError struct {
	SegmentID string         // IK301
	Position  int            // IK302: position in the transaction set, ST = 1
	Loop      string         // IK303: loop identifier, "" outside loops
	Code      string         // IK304: "" when only element errors are reported (then 8)
	Elements  []ElementError // IK4s
}

// ElementError is one element error (IK4).
type ElementError struct {
	Position   int    // IK401-1: element position in the segment
	Component  int    // IK401-2: component position, 0 for a simple element
	Repetition int    // IK401-3: repetition, 0 when not repeated
	Ref        int    // IK402: data element reference number, 0 when unknown
	Code       string // IK403
	Value      string // IK404: copy of the bad data, "" when missing
}

// SegmentCode returns IK304: Code, or 8 (segment has data element errors)
// when only element errors are reported. The codes and their meanings are
// in the table of package ack (ack.IK304, ack.IK403); edi cannot import it,
// so a test there keeps this 8 equal to ack.SegmentElementErrors.
func (e SegmentError) SegmentCode() string {
	if e.Code != "" {
		return e.Code
	}
	return "8"
}

// Implementation reports whether the error is against the implementation
// guide only (codes starting with I), not the base standard.
func (e SegmentError) Implementation() bool {
	if e.Code != "" && e.Code[0] != 'I' {
		return false
	}
	if e.Code == "" && len(e.Elements) == 0 {
		return false
	}
	for _, el := range e.Elements {
		if el.Code == "" || el.Code[0] != 'I' {
			return false
		}
	}
	return true
}
