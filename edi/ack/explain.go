package ack

import (
	"strconv"
	"strings"

	"github.com/gate278/gate278/edi"
)

// Explain says in words what one IK3 loop reports: a line for the
// segment's own code (IK304) when it is not 8 (data element errors), and a
// line for each element error (IK4), e.g.
//
//	segment 13 (TRN, loop 2000E): element TRN02 (data element 127) is missing
//
// The words come from the code lists' phrases (IK304.Phrases,
// IK403.Phrases). The loop is e.Loop as given: the guide's loop name for
// errors from the walk, the base loop ID for errors read from a 999
// (FromIK3). A bad value (IK404) is quoted after the phrase; it can be
// anything the sender wrote, so the text is for the sender and its own
// people, never for logs.
func Explain(e edi.SegmentError) []string {
	var out []string
	where := "segment " + strconv.Itoa(e.Position) + " (" + e.SegmentID
	if e.Loop != "" {
		where += ", loop " + e.Loop
	}
	where += ")"
	if code := e.SegmentCode(); code != SegmentElementErrors || len(e.Elements) == 0 {
		out = append(out, segmentLine(e, where, code))
	}
	for _, el := range e.Elements {
		var b strings.Builder
		b.WriteString(where)
		b.WriteString(": element ")
		b.WriteString(ElementName(e.SegmentID, el))
		if el.Ref > 0 {
			b.WriteString(" (data element ")
			b.WriteString(strconv.Itoa(el.Ref))
			b.WriteString(")")
		}
		b.WriteString(" ")
		b.WriteString(IK403.Phrase(el.Code))
		if el.Value != "" {
			b.WriteString(" (")
			b.WriteString(strconv.Quote(el.Value))
			b.WriteString(")")
		}
		out = append(out, b.String())
	}
	return out
}

// segmentLine says the segment code. A segment reported missing has no
// position of its own: IK302 is the position of the segment it was
// expected before.
func segmentLine(e edi.SegmentError, where, code string) string {
	phrase := IK304.Phrase(code)
	if rest, ok := strings.CutPrefix(phrase, "is missing"); ok {
		name := "segment " + e.SegmentID
		if e.Loop != "" {
			name += " (loop " + e.Loop + ")"
		}
		return name + " is missing before segment " + strconv.Itoa(e.Position) + rest
	}
	return where + " " + phrase
}

// ElementName names the element an IK4 points at as the guides do: the
// segment ID and the two-digit position (TRN02), with the component
// (SV101-1) and the repetition ("HI01-1, repetition 2") when given.
func ElementName(segmentID string, el edi.ElementError) string {
	name := segmentID
	if el.Position < 10 {
		name += "0"
	}
	name += strconv.Itoa(el.Position)
	if el.Component > 0 {
		name += "-" + strconv.Itoa(el.Component)
	}
	if el.Repetition > 0 {
		name += ", repetition " + strconv.Itoa(el.Repetition)
	}
	return name
}

// FromIK3 reads back the error that an IK3 segment and its IK4 segments
// report, so that a 999 read from anywhere is explained with the same
// words as the walk's own errors. The loop is IK303 as written.
func FromIK3(ik3 edi.Segment, ik4s []edi.Segment) edi.SegmentError {
	pos, _ := edi.Number(ik3.Value(2))
	e := edi.SegmentError{SegmentID: ik3.String(1), Position: pos, Loop: ik3.String(3), Code: ik3.String(4)}
	if e.Code == SegmentElementErrors {
		e.Code = ""
	}
	for _, s := range ik4s {
		loc := s.Element(1)
		p, _ := edi.Number(loc.Component(1))
		c, _ := edi.Number(loc.Component(2))
		r, _ := edi.Number(loc.Component(3))
		ref, _ := edi.Number(s.Value(2))
		e.Elements = append(e.Elements, edi.ElementError{Position: p, Component: c, Repetition: r, Ref: ref, Code: s.String(3), Value: s.String(4)})
	}
	return e
}
