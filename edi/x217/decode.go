package x217

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/gate278/gate278/edi"
)

// ErrStructure reports a set whose hierarchy cannot be decoded (missing
// levels, a line before its event). ValidateSet reports the same sets in
// detail; Decode only refuses them.
var ErrStructure = errors.New("x217: transaction set structure cannot be decoded")

// Decode reads a 278 request transaction set (ST…SE). It does not check the
// guide (ValidateSet does); it refuses only sets whose hierarchy it cannot map.
func Decode(set []edi.Segment) (*Request, error) {
	var d Decoder
	return d.Decode(set)
}

// Decoder decodes transaction sets into one Request that it reuses, so that
// a stream of sets costs few allocations. The Request it returns is valid
// until the next call; its strings stay valid for good. A Decoder is not
// safe for concurrent use.
type Decoder struct {
	d   decoder
	req Request
	dep Party
}

// Decode is like the package's Decode, reusing the Decoder's Request.
func (dc *Decoder) Decode(set []edi.Segment) (*Request, error) {
	dc.d.set = set
	dc.d.s = strs{}
	dc.d.block, dc.d.base = contiguous(set)
	dc.req.reset()
	dc.dep.reset()
	dc.d.dep = &dc.dep
	return dc.d.decode(&dc.req)
}

type decoder struct {
	set []edi.Segment
	s   strs
	dep *Party
	// block is one copy of the set's bytes when they lie contiguously in
	// memory (as ack.Walk's arena keeps them); values are then substrings of
	// it instead of copies each. base is the address block was copied from.
	block string
	base  uintptr
}

// contiguous copies the set's bytes into one string when its segments lie
// back to back in one buffer, and returns it with the buffer's address.
func contiguous(set []edi.Segment) (string, uintptr) {
	if len(set) == 0 || len(set[0].Raw()) == 0 {
		return "", 0
	}
	p0 := unsafe.Pointer(&set[0].Raw()[0])
	total := 0
	for _, s := range set {
		raw := s.Raw()
		if len(raw) == 0 || uintptr(unsafe.Pointer(&raw[0])) != uintptr(p0)+uintptr(total) {
			return "", 0
		}
		total += len(raw)
	}
	return string(unsafe.Slice((*byte)(p0), total)), uintptr(p0)
}

// bytes returns b as a string: a substring of block when b lies in the
// set's buffer, else a copy.
func (d *decoder) bytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if d.block != "" {
		off := uintptr(unsafe.Pointer(&b[0])) - d.base // wraps, and fails the test, below base
		if off < uintptr(len(d.block)) && uintptr(len(d.block))-off >= uintptr(len(b)) {
			return d.block[off : off+uintptr(len(b))]
		}
	}
	return d.s.str(b)
}

// reset empties the request, keeping the capacity of its slices.
func (r *Request) reset() {
	lines := r.Lines[:0]
	u, q, s := r.UMO, r.Requester, r.Subscriber
	ev := r.Event
	*r = Request{Lines: lines}
	r.UMO, r.Requester, r.Subscriber = u, q, s
	r.UMO.reset()
	r.Requester.reset()
	r.Subscriber.reset()
	r.Event = ev
	r.Event.reset()
}

func (p *Party) reset() { *p = Party{Refs: p.Refs[:0]} }

func (e *Event) reset() {
	*e = Event{TraceNumbers: e.TraceNumbers[:0], Refs: e.Refs[:0], Dates: e.Dates[:0], Diagnoses: e.Diagnoses[:0], Delivery: e.Delivery[:0],
		Attachments: e.Attachments[:0], Messages: e.Messages[:0], Providers: e.Providers[:0], Other: e.Other[:0]}
}

func (l *Line) reset() {
	*l = Line{TraceNumbers: l.TraceNumbers[:0], Refs: l.Refs[:0], Dates: l.Dates[:0], Delivery: l.Delivery[:0], Attachments: l.Attachments[:0],
		Messages: l.Messages[:0], Providers: l.Providers[:0], Service: Service{Modifiers: l.Service.Modifiers[:0]}}
}

// nextLine appends a line to r.Lines, reusing a previous line's slices.
func (r *Request) nextLine() *Line {
	if len(r.Lines) < cap(r.Lines) {
		r.Lines = r.Lines[:len(r.Lines)+1]
		l := &r.Lines[len(r.Lines)-1]
		l.reset()
		return l
	}
	r.Lines = append(r.Lines, Line{})
	return &r.Lines[len(r.Lines)-1]
}

func (d *decoder) decode(r *Request) (*Request, error) {
	set := d.set
	if len(set) < 2 || !set[0].Is("ST") {
		return nil, fmt.Errorf("%w: no ST", ErrStructure)
	}
	r.Control, r.Convention = d.str(set[0], 2), d.str(set[0], 3)
	i := 1
	for i < len(set) && !set[i].Is("HL") && !set[i].Is("SE") {
		if set[i].Is("BHT") {
			b := set[i]
			r.BHT = BHT{d.str(b, 1), d.str(b, 2), d.str(b, 3), d.str(b, 4), d.str(b, 5), d.str(b, 6)}
		}
		i++
	}
	r.Header = set[:i]
	var seen [len(levelCodes)]bool
	for i < len(set) && !set[i].Is("SE") {
		j := i + 1
		for j < len(set) && !set[j].Is("HL") && !set[j].Is("SE") {
			j++
		}
		loop := set[i:j]
		hl := HL{ID: max(hlNumber(loop[0].Value(1)), 0), Parent: max(hlNumber(loop[0].Value(2)), 0),
			Level: levelCode(loop[0].Value(3)), Child: string(loop[0].Value(4)) == "1"}
		switch hl.Level {
		case "20":
			d.party(&r.UMO, hl, "2000A", "2010A", loop)
		case "21":
			d.party(&r.Requester, hl, "2000B", "2010B", loop)
		case "22":
			d.party(&r.Subscriber, hl, "2000C", "2010C", loop)
		case "23":
			r.Dependent = d.dep
			d.party(r.Dependent, hl, "2000D", "2010D", loop)
		case "EV":
			if seen[4] {
				return nil, fmt.Errorf("%w: more than one patient event", ErrStructure)
			}
			d.event(&r.Event, hl, loop)
		case "SS":
			if !seen[4] {
				return nil, fmt.Errorf("%w: service line before the patient event", ErrStructure)
			}
			d.line(r.nextLine(), hl, loop)
		default:
			return nil, fmt.Errorf("%w: unknown hierarchical level", ErrStructure)
		}
		seen[levelIndex(hl.Level)] = true
		i = j
	}
	for _, lvl := range []string{"20", "21", "22", "EV"} {
		if !seen[levelIndex(lvl)] {
			return nil, fmt.Errorf("%w: level %s missing", ErrStructure, lvl)
		}
	}
	r.Trailer = set[i:]
	return r, nil
}

func (d *decoder) str(s edi.Segment, i int) string { return d.bytes(s.Value(i)) }

func (d *decoder) comp(s edi.Segment, i, j int) string { return d.bytes(s.Element(i).Component(j)) }

// split returns the index of the first NM1 in loop (the start of the name
// loops), or len(loop).
func split(loop []edi.Segment) int {
	for k, s := range loop {
		if s.Is("NM1") {
			return k
		}
	}
	return len(loop)
}

func (d *decoder) name(s edi.Segment) Name {
	return Name{d.str(s, 1), d.str(s, 2), d.str(s, 3), d.str(s, 4), d.str(s, 5), d.str(s, 7), d.str(s, 8), d.str(s, 9)}
}

func (d *decoder) party(p *Party, hl HL, id, sub string, loop []edi.Segment) {
	p.reset()
	k := split(loop)
	p.HL = hl
	p.Loop = Loop{ID: id, Segments: loop[:k]}
	p.Sub = Loop{ID: sub, Segments: loop[k:]}
	for _, s := range loop[k:] {
		switch s.ID() {
		case "NM1":
			p.Name = d.name(s)
		case "REF":
			p.Refs = append(p.Refs, Ref{d.str(s, 1), d.str(s, 2)})
		case "DMG":
			p.BirthDate, p.Gender = d.str(s, 2), d.str(s, 3)
		case "PRV":
			p.Role, p.Taxonomy = d.str(s, 1), d.str(s, 3)
		}
	}
}

// providers splits name loops into providers (2010EA/2010F) and others.
func (d *decoder) providers(loop []edi.Segment, providerLoop string, providerCodes []string, prov []Provider, other []Loop) ([]Provider, []Loop) {
	for k := 0; k < len(loop); {
		j := k + 1
		for j < len(loop) && !loop[j].Is("NM1") {
			j++
		}
		seg := loop[k:j:j]
		if contains(providerCodes, seg[0].Value(1)) {
			p := Provider{Name: d.name(seg[0]), Loop: Loop{ID: providerLoop, Segments: seg}}
			for _, s := range seg[1:] {
				if s.Is("PRV") {
					p.Role, p.Taxonomy = d.str(s, 1), d.str(s, 3)
				}
			}
			prov = append(prov, p)
		} else {
			id := "2010EB"
			if contains(otherUMOs, seg[0].Value(1)) && !contains(transports, seg[0].Value(1)) {
				id = "2010EC"
			}
			other = append(other, Loop{ID: id, Segments: seg})
		}
		k = j
	}
	return prov, other
}

func (d *decoder) common(s edi.Segment, traces *[]TraceNumber, um *UM, refs *[]Ref, dates *[]Date, del *[]DeliveryPattern, att *[]Attachment, msgs *[]string) bool {
	switch s.ID() {
	case "TRN":
		*traces = append(*traces, TraceNumber{d.str(s, 1), d.str(s, 2), d.str(s, 3), d.str(s, 4)})
	case "UM":
		*um = UM{d.str(s, 1), d.str(s, 2), d.str(s, 3), d.comp(s, 4, 1), d.comp(s, 4, 2), d.str(s, 6)}
	case "REF":
		*refs = append(*refs, Ref{d.str(s, 1), d.str(s, 2)})
	case "DTP":
		*dates = append(*dates, Date{d.str(s, 1), d.str(s, 2), d.str(s, 3)})
	case "HSD":
		*del = append(*del, DeliveryPattern{d.str(s, 1), d.str(s, 2), d.str(s, 3), d.str(s, 4), d.str(s, 5), d.str(s, 6), d.str(s, 7), d.str(s, 8)})
	case "PWK":
		*att = append(*att, Attachment{d.str(s, 1), d.str(s, 2), d.str(s, 5), d.str(s, 6)})
	case "MSG":
		*msgs = append(*msgs, d.str(s, 1))
	default:
		return false
	}
	return true
}

func (d *decoder) event(e *Event, hl HL, loop []edi.Segment) {
	k := split(loop)
	e.HL = hl
	e.Loop = Loop{ID: "2000E", Segments: loop[:k]}
	for _, s := range loop[:k] {
		if d.common(s, &e.TraceNumbers, &e.UM, &e.Refs, &e.Dates, &e.Delivery, &e.Attachments, &e.Messages) {
			continue
		}
		if s.Is("HI") {
			for i := 1; i <= s.Len(); i++ {
				el := s.Element(i)
				if el.Empty() {
					continue
				}
				e.Diagnoses = append(e.Diagnoses, Diagnosis{d.bytes(el.Component(1)), d.bytes(el.Component(2))})
			}
		}
	}
	e.Sub = Loop{ID: "2010E", Segments: loop[k:]}
	e.Providers, e.Other = d.providers(loop[k:], "2010EA", eventProviders, e.Providers, e.Other)
}

func (d *decoder) line(l *Line, hl HL, loop []edi.Segment) {
	k := split(loop)
	l.HL = hl
	l.Loop = Loop{ID: "2000F", Segments: loop[:k]}
	for _, s := range loop[:k] {
		if d.common(s, &l.TraceNumbers, &l.UM, &l.Refs, &l.Dates, &l.Delivery, &l.Attachments, &l.Messages) {
			continue
		}
		switch s.ID() {
		case "SV1":
			l.Service = d.service(s, "SV1", 1)
			l.Service.Charge, l.Service.UnitBasis, l.Service.Units = d.str(s, 2), d.str(s, 3), d.str(s, 4)
		case "SV2":
			l.Service = d.service(s, "SV2", 2)
			l.Service.Revenue = d.str(s, 1)
			l.Service.Charge, l.Service.UnitBasis, l.Service.Units = d.str(s, 3), d.str(s, 4), d.str(s, 5)
		case "SV3":
			l.Service = d.service(s, "SV3", 1)
			l.Service.Charge = d.str(s, 2)
		}
	}
	l.Sub = Loop{ID: "2010F", Segments: loop[k:]}
	l.Providers, _ = d.providers(loop[k:], "2010F", lineProviders, l.Providers, nil)
}

func (d *decoder) service(s edi.Segment, id string, el int) Service {
	c := s.Element(el)
	sv := Service{Segment: id, Qualifier: d.bytes(c.Component(1)), Code: d.bytes(c.Component(2))}
	for j := 3; j <= 6; j++ {
		if m := c.Component(j); len(m) > 0 {
			sv.Modifiers = append(sv.Modifiers, d.bytes(m))
		}
	}
	if id == "SV1" {
		sv.Description = d.bytes(c.Component(7))
	}
	return sv
}

// Entity codes that start the name loops, from the guide.
var (
	eventProviders = compiledLevels["EV"].children[0].trigger()
	transports     = compiledLevels["EV"].children[1].trigger()
	otherUMOs      = compiledLevels["EV"].children[2].trigger()
	lineProviders  = compiledLevels["SS"].children[0].trigger()
)

// Segments returns every segment of the request in order, as decoded.
func (r *Request) Segments() []edi.Segment {
	var out []edi.Segment
	out = append(out, r.Header...)
	add := func(l ...Loop) {
		for _, x := range l {
			out = append(out, x.Segments...)
		}
	}
	add(r.UMO.Loop, r.UMO.Sub, r.Requester.Loop, r.Requester.Sub, r.Subscriber.Loop, r.Subscriber.Sub)
	if r.Dependent != nil {
		add(r.Dependent.Loop, r.Dependent.Sub)
	}
	add(r.Event.Loop, r.Event.Sub)
	for _, l := range r.Lines {
		add(l.Loop, l.Sub)
	}
	return append(out, r.Trailer...)
}

// Encode writes the request with w's delimiters, recomputing SE01.
func Encode(w *edi.Writer, r *Request) {
	w.ResetCount()
	for _, s := range r.Segments() {
		if s.Is("SE") {
			w.Seg("SE").EI(w.Count() + 1).E(r.Control).End()
			continue
		}
		w.Raw(s)
	}
}
