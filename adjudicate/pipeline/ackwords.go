package pipeline

import (
	"fmt"
	"io"
	"strings"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
)

// AckWords keeps what the 999s say about each transaction set, to say it
// in words once the file is read: the same words wherever a person reads
// an acknowledgment (gate278 validate -explain, gate278 explain, the
// console's try-a-file page). Set Options.Acknowledged to its
// Acknowledged method, then call Write with the file's report.
type AckWords struct {
	sets []explainedSet
}

type explainedSet struct {
	interchange, group int // ordinals
	control            string
	codes              []string
	errs               []edi.SegmentError
}

// Acknowledged is Options.Acknowledged: it keeps what the 999 says of s.
func (x *AckWords) Acknowledged(ix *ack.Interchange, g *ack.Group, s *ack.Set) {
	x.sets = append(x.sets, explainedSet{interchange: ix.Ordinal, group: g.Ordinal, control: s.Control,
		codes: append([]string(nil), s.Codes...), errs: append([]edi.SegmentError(nil), s.Errors...)})
}

// codeWords says codes of one list: "5 (one or more segments are in error)".
func codeWords(l *ack.CodeList, codes []string) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = c + " (" + l.Text(c) + ")"
	}
	return strings.Join(parts, ", ")
}

// Write says, per interchange, group and transaction set, what the TA1
// and 999 say, and for a rejected set every IK3/IK4 (ack.Explain). With
// all unset it says the rejected groups and sets only (gate278 explain).
func (x *AckWords) Write(w io.Writer, rep *FileReport, all bool) error {
	var b strings.Builder
	for i, ix := range rep.Interchanges {
		if ix.TA1 != ack.TA1NoError {
			if all {
				fmt.Fprintf(&b, "Interchange %s from %s: rejected, TA1 %s (%s). Nothing in it is answered.\n",
					ix.Control, ix.Sender, ix.TA1, ack.TA105.Text(ix.TA1))
			}
			continue
		}
		if all {
			fmt.Fprintf(&b, "Interchange %s from %s: accepted.\n", ix.Control, ix.Sender)
		}
		for j, g := range ix.Groups {
			if !all && g.Status == ack.StatusAccepted {
				continue
			}
			fmt.Fprintf(&b, "  Group %s of interchange %s: AK9 %s (%s)", g.Control, ix.Control, g.Status, ack.AK901.Text(g.Status))
			if len(g.Codes) > 0 {
				fmt.Fprintf(&b, ": %s", codeWords(ack.AK905, g.Codes))
			}
			b.WriteString(".\n")
			for _, s := range x.sets {
				if s.interchange != i+1 || s.group != j+1 {
					continue
				}
				codes := s.codes
				if len(codes) == 0 && len(g.Codes) > 0 {
					codes = []string{ack.SetNotInGroup} // the 999 rejects the sets of a rejected group
				}
				if len(codes) == 0 {
					if all {
						fmt.Fprintf(&b, "    Transaction set %s: IK5 A (accepted).\n", s.control)
					}
					continue
				}
				fmt.Fprintf(&b, "    Transaction set %s: IK5 R (rejected): %s.\n", s.control, codeWords(ack.IK502, codes))
				for _, e := range s.errs {
					for _, line := range ack.Explain(e) {
						fmt.Fprintf(&b, "      %s\n", line)
					}
				}
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
