package ack

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gate278/gate278/edi"
)

// Envelope describes an outbound interchange: the answer to an inbound one,
// with sender and receiver swapped and its own control number.
type Envelope struct {
	SenderQual, Sender, ReceiverQual, Receiver string
	Control                                    string // ISA13: nine digits
	Usage                                      string // ISA15
	Now                                        time.Time
}

// Reply returns the envelope answering ix, with control number control.
func Reply(ix *Interchange, control uint32, now time.Time) Envelope {
	e := Envelope{
		SenderQual: ix.ReceiverQual, Sender: ix.Receiver,
		ReceiverQual: ix.SenderQual, Receiver: ix.Sender,
		Control: fmt.Sprintf("%09d", control%1_000_000_000), Usage: ix.Usage, Now: now,
	}
	if ix.Synthetic || e.SenderQual == "" {
		e.SenderQual, e.Sender, e.ReceiverQual, e.Receiver = "ZZ", "GATE278", "ZZ", "UNKNOWN"
	}
	if e.Usage != "P" && e.Usage != "T" && e.Usage != "I" {
		e.Usage = "P"
	}
	return e
}

// WriteISA writes a fixed-width ISA segment (106 characters).
func (e Envelope) WriteISA(w *edi.Writer) {
	// string([]byte{…}): a delimiter byte above 0x7f must stay one byte.
	rep := string([]byte{w.Delimiters().ForOutput().Repetition})
	w.Seg("ISA").E("00").E(pad("", 10)).E("00").E(pad("", 10)).
		E(pad(e.SenderQual, 2)).E(pad(e.Sender, 15)).E(pad(e.ReceiverQual, 2)).E(pad(e.Receiver, 15)).
		E(e.Now.Format("060102")).E(e.Now.Format("1504")).Verb(rep).E("00501").E(e.Control).E("0").E(e.Usage).
		Verb(string([]byte{w.Delimiters().Component})).End()
}

// WriteIEA closes the interchange.
func (e Envelope) WriteIEA(w *edi.Writer, groups int) {
	w.Seg("IEA").EI(groups).E(e.Control).End()
}

// WriteGS opens a functional group.
func (e Envelope) WriteGS(w *edi.Writer, functionalID, sender, receiver, control, version string) {
	w.Seg("GS").E(functionalID).E(sender).E(receiver).E(e.Now.Format("20060102")).E(e.Now.Format("1504")).
		E(control).E("X").E(version).End()
}

// WriteGE closes a functional group.
func WriteGE(w *edi.Writer, sets int, control string) {
	w.Seg("GE").EI(sets).E(control).End()
}

func pad(s string, n int) string {
	if len(s) >= n {
		return s[:n]
	}
	return s + strings.Repeat(" ", n-len(s))
}

// WriteTA1 writes a complete TA1 interchange answering ix.
func WriteTA1(w *edi.Writer, ix *Interchange, e Envelope) {
	e.WriteISA(w)
	status := StatusAccepted
	if ix.Rejected() {
		status = StatusRejected
	}
	date, tm := ix.Date, ix.Time
	if len(date) != 6 || !edi.ValidShortDate(date) {
		date = e.Now.Format("060102")
	}
	if len(tm) != 4 || !edi.ValidTime(tm) {
		tm = e.Now.Format("1504")
	}
	control := ix.Control
	if len(control) != 9 || !edi.Digits(control) {
		control = "000000000"
	}
	w.Seg("TA1").E(control).E(date).E(tm).E(status).E(ix.Code).End()
	e.WriteIEA(w, 0)
}

// Convention999 is the 999's implementation convention reference.
const Convention999 = "005010X231A1"

// LoopID returns the IK303 loop identifier for a loop of the guide. Data
// element 447 is AN 1-4 in 005010, and the 278 guide names its loops with
// five or six characters (2000E, 2010EA): the value written is the loop ID
// of the base 278 transaction set diagram that the guide's loop uses, its
// leading four digits (2000 for the HL loops 2000A-2000F, 2010 for the
// name loops 2010A-2010F), as the standard's note for IK303 says ("the
// loop ID number given on the transaction set diagram"). IK302 already
// names the segment exactly; the guide's own loop name stays in
// edi.SegmentError.Loop for the texts people read.
func LoopID(loop string) string {
	n := 0
	for n < len(loop) && n < 4 && loop[n] >= '0' && loop[n] <= '9' {
		n++
	}
	if n == 0 {
		return truncate(loop, 4)
	}
	return loop[:n]
}

// Ack999 writes one 999 transaction set, acknowledging one functional
// group, as the group's sets go by.
//
// The AK2 loops of a group are held until its trailer is read: a group
// rejected at its trailer (GE missing, GE01 or GE02 wrong) answers none of
// its sets, so that its accepted sets are then written IK5 R with
// SetNotInGroup, like the sets of a group rejected at its header. No set of
// a rejected group is counted accepted in AK904.
type Ack999 struct {
	w        *edi.Writer
	g        *Group
	body     bytes.Buffer
	bw       *edi.Writer
	control  string
	received int
	accepted []int // offsets in body of the IK5 of each accepted set
}

// Begin999 starts the 999 for group g with ST02 control.
func Begin999(w *edi.Writer, g *Group, control string) *Ack999 {
	w.ResetCount()
	w.Seg("ST").E("999").E(control).E(Convention999).End()
	// AK102 is N0 1-9: a GS06 that is not such a number (AK905 6) is 0.
	gs06 := g.Control
	if _, ok := edi.Number(gs06); !ok || len(gs06) > 9 {
		gs06 = "0"
	}
	w.Seg("AK1").E(g.FunctionalID).E(gs06).E(truncate(g.Version, 12)).End()
	a := &Ack999{w: w, g: g, control: control}
	a.bw = w.Like(&a.body)
	return a
}

// Set acknowledges one transaction set.
func (a *Ack999) Set(s *Set) {
	w := a.bw
	a.received++
	w.Seg("AK2").E(s.ID).E(fit(s.Control, 4, 9)).E(truncate(s.Convention, 35)).End()
	for _, e := range s.Errors {
		w.Seg("IK3").E(e.SegmentID).EI(e.Position).E(LoopID(e.Loop)).E(e.SegmentCode()).End()
		for _, el := range e.Elements {
			w.Seg("IK4").EI(el.Position)
			if el.Component > 0 || el.Repetition > 0 {
				w.C(itoa(el.Component))
				if el.Repetition > 0 {
					w.C(itoa(el.Repetition))
				}
			}
			ref := ""
			if el.Ref > 0 {
				ref = itoa(el.Ref)
			}
			w.E(ref).E(el.Code).E(truncate(el.Value, 99)).End()
		}
	}
	switch {
	case !s.Accepted():
		w.Seg("IK5").E(s.Status())
		for _, c := range s.Codes {
			w.E(c)
		}
		w.End()
	case len(a.g.Codes) > 0:
		// The group is rejected at its header: the set is not processed.
		w.Seg("IK5").E(StatusRejected).E(SetNotInGroup).End()
	default:
		w.Flush() // a Writer over a bytes.Buffer cannot fail
		a.accepted = append(a.accepted, a.body.Len())
		w.Seg("IK5").E(s.Status()).End()
	}
}

// End writes the group's AK2 loops, AK9 and SE.
func (a *Ack999) End(g *Group) {
	a.bw.Flush()
	body := a.body.Bytes()
	accepted := len(a.accepted)
	w := a.w
	if len(g.Codes) > 0 && accepted > 0 {
		// Rejected at the trailer: the accepted sets are not processed either.
		var ik5 bytes.Buffer
		rw := a.bw.Like(&ik5)
		rw.Seg("IK5").E(StatusAccepted).End()
		rw.Flush()
		skip := ik5.Len()
		ik5.Reset()
		rw.Seg("IK5").E(StatusRejected).E(SetNotInGroup).End()
		rw.Flush()
		from := 0
		for _, off := range a.accepted {
			w.Copy(body[from:off])
			w.Copy(ik5.Bytes())
			from = off + skip
		}
		body = body[from:]
		accepted = 0
	}
	w.Copy(body)
	if len(g.Codes) > 0 {
		accepted = 0
	}
	w.AddCount(a.bw.Count())
	w.Seg("AK9").E(g.Status()).EI(g.Declared).EI(a.received).EI(accepted)
	for _, c := range g.Codes {
		w.E(c)
	}
	w.End()
	w.Seg("SE").EI(w.Count() + 1).E(a.control).End()
}

func itoa(n int) string { return strconv.Itoa(n) }

// fit makes s between lo and hi characters: cut to hi, or padded on the
// left with zeros to lo (a short ST02 echoed in AK202, AN 4-9).
func fit(s string, lo, hi int) string {
	if len(s) < lo {
		return strings.Repeat("0", lo-len(s)) + s
	}
	return truncate(s, hi)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
