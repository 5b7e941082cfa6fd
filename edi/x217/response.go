package x217

import (
	"strings"

	"github.com/gate278/gate278/edi"
)

// AAA is a request validation error: the loop's data is wrong.
type AAA struct {
	Valid    string // AAA01: N invalid, Y valid but not processed
	Reason   string // AAA03 (901)
	FollowUp string // AAA04 (889)
}

// Decision is what the response says in a 2000E or 2000F loop.
type Decision struct {
	Action    string   // HCR01; empty when Errors replace the decision
	Auth      string   // HCR02: certification number
	Reasons   []string // HCR03, repeated
	Errors    []AAA    // AAA in this loop (then no HCR)
	CertFrom  string   // DTP*007 effective date(s), CCYYMMDD
	CertTo    string
	AdminRef  string   // REF*NT: administrative reference for pends
	Documents []string // HI LOI: LOINC codes of the documents requested
	Message   string   // MSG
}

// Response is a 278 response to a decoded request: the request hierarchy
// echoed, with decisions and errors where they belong.
type Response struct {
	Request    *Request
	Date, Time string // BHT04, BHT05
	Pending    bool   // BHT06 19 (further updates to follow) instead of 18

	UMOErrors, RequesterErrors, SubscriberErrors, DependentErrors []AAA

	Event Decision
	Lines []Decision // parallel to Request.Lines

	// Contact, when set, is named in 2010EB (NM1*L5, PER) of a pended event:
	// whom the provider reaches about the additional information.
	Contact *Contact
}

// Contact is the UMO's contact for additional information.
type Contact struct{ Name, Phone, Email string }

// Response loop segment orders (x12-278.md §3.1): echoed request segments
// and this gateway's additions are written slot by slot.
var (
	orderUMO       = newOrder([]string{"NM1", "AAA"}, []string{"NM1"})
	orderRequester = newOrder([]string{"NM1", "REF", "AAA", "PRV"}, []string{"NM1", "REF", "PRV"})
	orderMember    = newOrder([]string{"NM1", "REF", "AAA", "DMG", "INS"}, []string{"NM1", "REF", "DMG", "INS"})
	orderEvent     = newOrder([]string{"TRN", "AAA", "UM", "HCR", "REF", "DTP", "HI", "HSD", "CL1", "CR1", "CR2", "CR5", "CR6", "PWK", "MSG"},
		[]string{"TRN", "UM", "REF", "DTP", "HI", "HSD", "CL1", "CR1", "CR2", "CR5", "CR6"})
	orderLine = newOrder([]string{"TRN", "AAA", "UM", "HCR", "REF", "DTP", "HI", "SV1", "SV2", "SV3", "TOO", "HSD", "PWK", "MSG"},
		[]string{"TRN", "UM", "REF", "DTP", "SV1", "SV2", "SV3", "TOO", "HSD"})
	orderProvider = newOrder([]string{"NM1", "REF", "N3", "N4", "AAA", "PRV"}, []string{"NM1", "REF", "N3", "N4", "PRV"})
)

// order is a response loop's segment order and which request segments it
// echoes.
type order struct {
	slots []string
	index map[string]int8 // segment ID → slot, for echoed segments
}

func newOrder(slots, echoed []string) *order {
	o := &order{slots: slots, index: map[string]int8{}}
	for k, id := range slots {
		if contains(echoed, []byte(id)) {
			o.index[id] = int8(k)
		}
	}
	return o
}

// place returns, for each request segment, the slot it is echoed in (-1:
// not echoed), so that each slot finds its segments without comparing IDs.
func (e *encoder) place(segs []edi.Segment, o *order) []int8 {
	e.slot = e.slot[:0]
	for _, s := range segs {
		k, ok := o.index[string(s.IDBytes())]
		if !ok {
			k = -1
		}
		e.slot = append(e.slot, k)
	}
	return e.slot
}

// EncodeResponse writes the response transaction set (ST…SE) with control
// number control.
func EncodeResponse(w *edi.Writer, resp *Response, control string) {
	r := resp.Request
	w.ResetCount()
	w.Seg("ST").E("278").E(control).E(Version).End()
	bht06 := "18"
	if resp.Pending {
		bht06 = "19"
	}
	w.Seg("BHT").E("0007").E("11").E(r.BHT.Reference).E(resp.Date).E(resp.Time).E(bht06).End()

	e := &encoder{w: w}
	stopAtUMO := len(resp.UMOErrors) > 0
	a := e.hl(0, "20", !stopAtUMO)
	e.party(r.UMO.Sub.Segments, orderUMO, resp.UMOErrors)
	if !stopAtUMO {
		b := e.hl(a, "21", true)
		e.party(r.Requester.Sub.Segments, orderRequester, resp.RequesterErrors)
		subErr, depErr := len(resp.SubscriberErrors) > 0, len(resp.DependentErrors) > 0
		c := e.hl(b, "22", !subErr)
		e.party(r.Subscriber.Sub.Segments, orderMember, resp.SubscriberErrors)
		parent, ok := c, !subErr
		if ok && r.Dependent != nil {
			parent = e.hl(c, "23", !depErr)
			e.party(r.Dependent.Sub.Segments, orderMember, resp.DependentErrors)
			ok = !depErr
		}
		if ok {
			e.event(parent, resp)
		}
	}
	w.Seg("SE").EI(w.Count() + 1).E(control).End()
}

// typographic maps the punctuation people write to the X12 character set.
var typographic = strings.NewReplacer("›", "/", "…", "...", "–", "-", "—", "-", "‘", "'", "’", "'", "“", "\"", "”", "\"", "≥", ">=", "≤", "<=", "×", "x")

// Text makes free text fit an X12 element: typographic characters become
// their ASCII kin, other non-ASCII characters are dropped, a delimiter
// becomes a space (a component separator " -"), runs of spaces collapse,
// and the result is cut to max bytes.
func Text(s string, d edi.Delimiters, max int) string {
	s = typographic.Replace(s)
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80 || c < 0x20:
			continue
		case c == d.Component:
			b.WriteString(" -")
			space = false
			continue
		case c == d.Element || c == d.Segment || (d.Repetition != 0 && c == d.Repetition):
			c = ' '
		}
		if c == ' ' {
			if space || b.Len() == 0 {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteByte(c)
	}
	out := strings.TrimRight(b.String(), " ")
	if len(out) > max {
		out = strings.TrimRight(out[:max], " ")
	}
	return out
}

// Version is the 278 implementation convention reference.
const Version = "005010X217"

type encoder struct {
	w    *edi.Writer
	id   int
	slot []int8
}

func (e *encoder) hl(parent int, level string, child bool) int {
	e.id++
	flag := "0"
	if child {
		flag = "1"
	}
	e.w.Seg("HL").EI(e.id)
	if parent > 0 {
		e.w.EI(parent)
	} else {
		e.w.E("")
	}
	e.w.E(level).E(flag).End()
	return e.id
}

func (e *encoder) party(segs []edi.Segment, o *order, errs []AAA) {
	at := e.place(segs, o)
	for k, slot := range o.slots {
		if slot == "AAA" {
			e.aaa(errs)
			continue
		}
		for j, s := range segs {
			if at[j] == int8(k) {
				e.w.Raw(s)
			}
		}
	}
}

func (e *encoder) aaa(errs []AAA) {
	for _, a := range errs {
		valid := a.Valid
		if valid == "" {
			valid = "N"
		}
		e.w.Seg("AAA").E(valid).E("").E(a.Reason).E(a.FollowUp).End()
	}
}

func (e *encoder) event(parent int, resp *Response) {
	r := resp.Request
	ev := &r.Event
	decided := len(resp.Event.Errors) == 0
	id := e.hl(parent, "EV", decided && len(r.Lines) > 0)
	e.loop(ev.Loop.Segments, orderEvent, &resp.Event, false)
	for _, p := range ev.Providers {
		e.party(p.Loop.Segments, orderProvider, nil)
	}
	if c := resp.Contact; c != nil && decided && resp.Event.Action == "A4" {
		w := e.w
		w.Seg("NM1").E("L5").E("2").E(Text(c.Name, w.Delimiters(), 60)).End()
		w.Seg("PER").E("IC").E("")
		if c.Phone != "" {
			w.E("TE").E(c.Phone)
		}
		if c.Email != "" {
			w.E("EM").E(c.Email)
		}
		w.End()
	}
	if !decided {
		return
	}
	for i := range r.Lines {
		e.hl(id, "SS", false)
		l := &r.Lines[i]
		var d Decision
		if i < len(resp.Lines) {
			d = resp.Lines[i]
		}
		e.loop(l.Loop.Segments, orderLine, &d, true)
		for _, p := range l.Providers {
			e.party(p.Loop.Segments, orderProvider, nil)
		}
	}
}

// loop writes one 2000E or 2000F loop: the echoed request segments and the
// decision, slot by slot in response order.
func (e *encoder) loop(segs []edi.Segment, o *order, d *Decision, line bool) {
	w := e.w
	at := e.place(segs, o)
	for k, slot := range o.slots {
		if _, echo := o.index[slot]; echo {
			for j, s := range segs {
				if at[j] != int8(k) {
					continue
				}
				switch slot {
				case "TRN":
					if string(s.Value(1)) != "1" {
						continue
					}
					w.Seg("TRN").E("2").EB(s.Value(2)).EB(s.Value(3)).EB(s.Value(4)).End()
				case "REF":
					if string(s.Value(1)) == "BB" {
						w.Raw(s)
					}
				default:
					w.Raw(s)
				}
			}
		}
		switch slot {
		case "AAA":
			e.aaa(d.Errors)
		case "HCR":
			if len(d.Errors) == 0 && d.Action != "" {
				w.Seg("HCR").E(d.Action).E(d.Auth)
				for k, c := range d.Reasons {
					if k == 0 {
						w.E(c)
					} else {
						w.R(c)
					}
				}
				w.End()
			}
		case "REF":
			if d.AdminRef != "" {
				w.Seg("REF").E("NT").E(d.AdminRef).End()
			}
		case "DTP":
			if d.CertFrom != "" {
				if d.CertTo == "" || d.CertTo == d.CertFrom {
					w.Seg("DTP").E("007").E("D8").E(d.CertFrom).End()
				} else {
					w.Seg("DTP").E("007").E("RD8").E(d.CertFrom + "-" + d.CertTo).End()
				}
			}
		case "HI":
			if line && len(d.Documents) > 0 {
				w.Seg("HI")
				for k, c := range d.Documents {
					if k >= 12 {
						break
					}
					w.E("LOI").C(c)
				}
				w.End()
			}
		case "MSG":
			if d.Message != "" {
				w.Seg("MSG").E(Text(d.Message, w.Delimiters(), 264)).End()
			}
		}
	}
}
