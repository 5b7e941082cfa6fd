package ack

import (
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

// Ack999 writes one 999 transaction set, acknowledging one functional
// group, as the group's sets go by.
type Ack999 struct {
	w        *edi.Writer
	control  string
	received int
	accepted int
}

// Begin999 starts the 999 for group g with ST02 control.
func Begin999(w *edi.Writer, g *Group, control string) *Ack999 {
	w.ResetCount()
	w.Seg("ST").E("999").E(control).E(Convention999).End()
	w.Seg("AK1").E(g.FunctionalID).E(g.Control).E(g.Version).End()
	return &Ack999{w: w, control: control}
}

// Set acknowledges one transaction set.
func (a *Ack999) Set(s *Set) {
	w := a.w
	a.received++
	w.Seg("AK2").E(s.ID).E(s.Control).E(s.Convention).End()
	for _, e := range s.Errors {
		w.Seg("IK3").E(e.SegmentID).EI(e.Position).E(e.Loop).E(e.SegmentCode()).End()
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
	w.Seg("IK5").E(s.Status())
	for _, c := range s.Codes {
		w.E(c)
	}
	w.End()
	if s.Accepted() {
		a.accepted++
	}
}

// End writes AK9 and SE.
func (a *Ack999) End(g *Group) {
	accepted := a.accepted
	if len(g.Codes) > 0 {
		accepted = 0
	}
	w := a.w
	w.Seg("AK9").E(g.Status()).EI(g.Declared).EI(a.received).EI(accepted)
	for _, c := range g.Codes {
		w.E(c)
	}
	w.End()
	w.Seg("SE").EI(w.Count() + 1).E(a.control).End()
}

func itoa(n int) string { return strconv.Itoa(n) }

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
