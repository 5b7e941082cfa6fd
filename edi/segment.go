package edi

import "bytes"

// Segment is one X12 segment without its terminator. It is a view: its bytes
// belong to the Reader (valid until the next call to Next) or to a Set
// (valid until the set is reused). Clone copies it.
//
// Elements are numbered as in the implementation guides: Element(1) is
// NM101, Element(9) is NM109. Element(0) is the segment ID.
type Segment struct {
	raw []byte
	sep []int32 // offsets in raw of each element separator
	d   Delimiters
}

// MakeSegment builds a segment view over raw (a segment without its
// terminator) split with d. It allocates the separator index.
func MakeSegment(raw []byte, d Delimiters) Segment {
	s := Segment{raw: raw, d: d}
	for i, b := range raw {
		if b == d.Element {
			s.sep = append(s.sep, int32(i))
		}
	}
	return s
}

// Raw returns the segment's bytes without the terminator.
func (s Segment) Raw() []byte { return s.raw }

// Delimiters returns the delimiters the segment was read with.
func (s Segment) Delimiters() Delimiters { return s.d }

// IDBytes returns the segment identifier.
func (s Segment) IDBytes() []byte {
	if len(s.sep) == 0 {
		return s.raw
	}
	return s.raw[:s.sep[0]]
}

// ID returns the segment identifier as a string. Identifiers of the 278,
// 999, TA1 and envelope segments are returned without allocating.
func (s Segment) ID() string { return internID(s.IDBytes()) }

// Is reports whether the segment identifier is id.
func (s Segment) Is(id string) bool {
	b := s.IDBytes()
	return len(b) == len(id) && string(b) == id
}

// Len returns the number of elements after the segment ID, trailing empty
// elements included.
func (s Segment) Len() int { return len(s.sep) }

// Element returns element i (1-based). An element past the end is empty.
func (s Segment) Element(i int) Element {
	return Element{b: s.Value(i), comp: s.d.Component, rep: s.d.Repetition}
}

// Value returns the bytes of element i (1-based), nil past the end.
func (s Segment) Value(i int) []byte {
	if i <= 0 {
		if i == 0 {
			return s.IDBytes()
		}
		return nil
	}
	if i > len(s.sep) {
		return nil
	}
	start := int(s.sep[i-1]) + 1
	end := len(s.raw)
	if i < len(s.sep) {
		end = int(s.sep[i])
	}
	return s.raw[start:end]
}

// String returns element i (1-based) as a string ("" past the end).
func (s Segment) String(i int) string { return string(s.Value(i)) }

// Has reports whether element i is present and not empty.
func (s Segment) Has(i int) bool { return len(s.Value(i)) > 0 }

// Clone returns a copy of the segment that owns its bytes.
func (s Segment) Clone() Segment {
	return Segment{raw: bytes.Clone(s.raw), sep: append([]int32(nil), s.sep...), d: s.d}
}

// Text renders the segment with its terminator, for messages and tests.
func (s Segment) Text() string { return string(s.raw) + string([]byte{s.d.Segment}) }

// Element is one element of a segment: a simple value, a composite of
// components, or repetitions of either.
type Element struct {
	b    []byte
	comp byte
	rep  byte
}

// Bytes returns the element's bytes, separators included.
func (e Element) Bytes() []byte { return e.b }

// String returns the element as a string.
func (e Element) String() string { return string(e.b) }

// Empty reports whether the element has no data.
func (e Element) Empty() bool { return len(e.b) == 0 }

// Component returns component j (1-based) of the element's first
// repetition; Component(1) of a simple element is the element itself.
func (e Element) Component(j int) []byte {
	b := e.b
	if e.rep != 0 {
		if k := bytes.IndexByte(b, e.rep); k >= 0 {
			b = b[:k]
		}
	}
	return nth(b, e.comp, j)
}

// Components returns the number of components of the first repetition.
func (e Element) Components() int {
	b := e.b
	if e.rep != 0 {
		if k := bytes.IndexByte(b, e.rep); k >= 0 {
			b = b[:k]
		}
	}
	return bytes.Count(b, []byte{e.comp}) + 1
}

// Repetitions returns the number of repetitions (1 for a non-repeated
// element, 0 for an empty one).
func (e Element) Repetitions() int {
	if len(e.b) == 0 {
		return 0
	}
	if e.rep == 0 {
		return 1
	}
	return bytes.Count(e.b, []byte{e.rep}) + 1
}

// Repetition returns repetition k (1-based) as an Element.
func (e Element) Repetition(k int) Element {
	if e.rep == 0 {
		if k == 1 {
			return e
		}
		return Element{comp: e.comp}
	}
	return Element{b: nth(e.b, e.rep, k), comp: e.comp}
}

// nth returns the j-th (1-based) field of b split on sep, nil past the end.
func nth(b []byte, sep byte, j int) []byte {
	for i := 1; ; i++ {
		k := bytes.IndexByte(b, sep)
		if i == j {
			if k < 0 {
				return b
			}
			return b[:k]
		}
		if k < 0 {
			return nil
		}
		b = b[k+1:]
	}
}

// internID returns a constant string for well-known segment IDs, so that
// reading them allocates nothing.
func internID(b []byte) string {
	switch len(b) {
	case 2:
		switch string(b) {
		case "ST":
			return "ST"
		case "SE":
			return "SE"
		case "GS":
			return "GS"
		case "GE":
			return "GE"
		case "HL":
			return "HL"
		case "UM":
			return "UM"
		case "HI":
			return "HI"
		case "N3":
			return "N3"
		case "N4":
			return "N4"
		}
	case 3:
		switch string(b) {
		case "ISA":
			return "ISA"
		case "IEA":
			return "IEA"
		case "BHT":
			return "BHT"
		case "NM1":
			return "NM1"
		case "TRN":
			return "TRN"
		case "REF":
			return "REF"
		case "DTP":
			return "DTP"
		case "PER":
			return "PER"
		case "PRV":
			return "PRV"
		case "DMG":
			return "DMG"
		case "INS":
			return "INS"
		case "HSD":
			return "HSD"
		case "CRC":
			return "CRC"
		case "PWK":
			return "PWK"
		case "MSG":
			return "MSG"
		case "SV1":
			return "SV1"
		case "SV2":
			return "SV2"
		case "SV3":
			return "SV3"
		case "TOO":
			return "TOO"
		case "HCR":
			return "HCR"
		case "AAA":
			return "AAA"
		case "CL1":
			return "CL1"
		case "CR1":
			return "CR1"
		case "CR2":
			return "CR2"
		case "CR5":
			return "CR5"
		case "CR6":
			return "CR6"
		case "TA1":
			return "TA1"
		case "AK1":
			return "AK1"
		case "AK2":
			return "AK2"
		case "IK3":
			return "IK3"
		case "IK4":
			return "IK4"
		case "IK5":
			return "IK5"
		case "AK9":
			return "AK9"
		case "CTX":
			return "CTX"
		}
	}
	return string(b)
}

// Arena keeps copies of segments in two growing buffers, so that holding a
// transaction set costs no allocation per segment. Segments added before a
// buffer grew keep the old buffer, which stays valid and unchanged until
// Reset.
type Arena struct {
	raw []byte
	sep []int32
}

// Reset empties the arena, keeping its buffers. Segments added before are
// no longer valid.
func (a *Arena) Reset() {
	a.raw = a.raw[:0]
	a.sep = a.sep[:0]
}

// Add copies s into the arena and returns the copy.
func (a *Arena) Add(s Segment) Segment {
	r0, s0 := len(a.raw), len(a.sep)
	a.raw = append(a.raw, s.raw...)
	a.sep = append(a.sep, s.sep...)
	return Segment{raw: a.raw[r0:len(a.raw):len(a.raw)], sep: a.sep[s0:len(a.sep):len(a.sep)], d: s.d}
}
