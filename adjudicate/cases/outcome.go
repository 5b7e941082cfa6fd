package cases

import "strings"

// Outcome is the roll-up of a decided case for the public report.
type Outcome string

// The outcomes of a decided case.
const (
	// Approved: every line is certified (A1) or modified (A6).
	Approved Outcome = "approved"
	// Denied: at least one line is not certified (A3). A case that
	// certifies some lines and denies others counts as denied, because the
	// requester did not get all that was asked (CMS-0057-F counts
	// requests, not lines; the stricter reading is the safer one).
	Denied Outcome = "denied"
)

// HCR01 is the line's final action code: the reviewer's decision when
// there is one, the automated result otherwise.
func (l *Line) HCR01() string {
	if l.Decision != nil {
		return l.Decision.Action.HCR01()
	}
	return l.Result
}

// Outcome rolls the case's lines up to approved or denied ("" while a
// line is still pended, i.e. the case is not decided).
func (c *Case) Outcome() Outcome {
	out := Approved
	for i := range c.Lines {
		switch c.Lines[i].HCR01() {
		case "A1", "A6":
		case "A3":
			out = Denied
		default:
			return ""
		}
	}
	return out
}

// Certification types (UM02) the report tells apart.
const (
	TypeInitial            = "I"
	TypeAppealImmediate    = "1"
	TypeAppealStandard     = "2"
	TypeExtension          = "4"
	umSegment              = "UM"
	umCertificationElement = 2
)

// CertificationType is the request's UM02 from the event level (2000E) of
// its hierarchy, "" when the case does not hold it.
func (c *Case) CertificationType() string {
	if len(c.Envelope.Delimiters) < 1 {
		return ""
	}
	sep := c.Envelope.Delimiters[:1]
	for _, lv := range c.Hierarchy {
		if lv.Code != "EV" {
			continue
		}
		for _, seg := range lv.Segments {
			els := strings.Split(seg, sep)
			if els[0] == umSegment && len(els) > umCertificationElement {
				return els[umCertificationElement]
			}
		}
	}
	return ""
}

// Appeal reports whether a certification type is an appeal (UM02 1 or 2).
func Appeal(typ string) bool { return typ == TypeAppealImmediate || typ == TypeAppealStandard }
