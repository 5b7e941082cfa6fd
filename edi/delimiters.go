package edi

import (
	"fmt"
	"strconv"
)

// Delimiters are the four separators of an interchange, taken from its ISA
// segment: the element separator (ISA byte 3), the repetition separator
// (ISA11), the component separator (ISA16) and the segment terminator (the
// byte after ISA16).
type Delimiters struct {
	Element    byte
	Repetition byte // 0 when ISA11 is not a separator (pre-5010 "U")
	Component  byte
	Segment    byte
}

// DefaultDelimiters are the separators most partners use: * ^ : ~.
var DefaultDelimiters = Delimiters{Element: '*', Repetition: '^', Component: ':', Segment: '~'}

// String renders the delimiters for logs, e.g. `* ^ : ~`.
func (d Delimiters) String() string {
	return fmt.Sprintf("%s %s %s %s", printable(d.Element), printable(d.Repetition), printable(d.Component), printable(d.Segment))
}

func printable(b byte) string {
	switch {
	case b == 0:
		return "none"
	case b == '\n':
		return `\n`
	case b == '\r':
		return `\r`
	case b < 0x20 || b >= 0x7f:
		return fmt.Sprintf("0x%02x", b)
	}
	return string(b)
}

// A Delimiter names one of the four delimiters.
type Delimiter int

// The delimiters, in the order Validate checks them.
const (
	ElementSeparator Delimiter = iota + 1
	ComponentSeparator
	SegmentTerminator
	RepetitionSeparator
)

// blameRank orders the delimiters for DelimiterError.Which, lowest first:
// the element separator is read first (ISA byte 4) and fixes where the
// others are, so a later delimiter that repeats it is the one at fault; of
// the two read last, the component separator (ISA16) is blamed before the
// terminator after it; ISA11 yields to all, being data in older versions.
var blameRank = [...]int{ComponentSeparator: 0, SegmentTerminator: 1, ElementSeparator: 2, RepetitionSeparator: 3}

var delimiterNames = [...]string{"", "element separator", "component separator", "segment terminator", "repetition separator"}

// String returns the delimiter's name, e.g. "segment terminator".
func (d Delimiter) String() string {
	if d < ElementSeparator || d > RepetitionSeparator {
		return "delimiter " + strconv.Itoa(int(d))
	}
	return delimiterNames[d]
}

// A DelimiterError reports a delimiter that cannot delimit X12 data.
type DelimiterError struct {
	// Which is the delimiter at fault. When two delimiters are the same
	// byte, it is the one an interchange acknowledgment reports: the
	// component separator before the segment terminator before the element
	// separator before the repetition separator.
	Which Delimiter
	// Same is the other delimiter of the same byte, 0 when Which is a data
	// character instead.
	Same Delimiter
	Byte byte
}

func (e *DelimiterError) Error() string {
	if e.Same == 0 {
		return fmt.Sprintf("%s %q is a data character", e.Which, e.Byte)
	}
	first, second := e.Same, e.Which
	if first > second {
		first, second = second, first
	}
	return fmt.Sprintf("%s and %s are both %q", first, second, e.Byte)
}

// Validate reports whether the delimiters can delimit X12 data: all
// distinct, none a letter, digit or space (those occur in data, see
// IsAlnum). Its error is a *DelimiterError.
func (d Delimiters) Validate() error {
	if e := d.check(); e != nil {
		return e
	}
	return nil
}

// check is Validate with a typed result.
func (d Delimiters) check() *DelimiterError {
	all := [...]struct {
		which Delimiter
		b     byte
	}{{ElementSeparator, d.Element}, {ComponentSeparator, d.Component}, {SegmentTerminator, d.Segment}, {RepetitionSeparator, d.Repetition}}
	for i, x := range all {
		if x.b == 0 && x.which == RepetitionSeparator {
			continue
		}
		if IsAlnum(x.b) || x.b == ' ' {
			return &DelimiterError{Which: x.which, Byte: x.b}
		}
		for _, y := range all[:i] {
			if y.b == x.b {
				which, same := x.which, y.which
				if blameRank[same] < blameRank[which] {
					which, same = same, which
				}
				return &DelimiterError{Which: which, Same: same, Byte: x.b}
			}
		}
	}
	return nil
}

// ForOutput returns the delimiters to answer with: d itself, with a
// repetition separator chosen when d has none (a pre-5010 ISA11), since a
// 5010 ISA needs one and HCR03 repeats.
func (d Delimiters) ForOutput() Delimiters {
	if d.Repetition != 0 {
		return d
	}
	for _, c := range []byte("^!{}|`\x01") {
		if c != d.Element && c != d.Component && c != d.Segment {
			d.Repetition = c
			return d
		}
	}
	return d
}

// isDelimiter reports whether b is one of the delimiters.
func (d *Delimiters) isDelimiter(b byte) bool {
	return b == d.Element || b == d.Component || b == d.Segment || (d.Repetition != 0 && b == d.Repetition)
}
