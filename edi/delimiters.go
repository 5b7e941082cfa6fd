package edi

import "fmt"

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

// Validate reports whether the delimiters can delimit X12 data: all
// distinct, none a letter, digit or space (those occur in data).
func (d Delimiters) Validate() error {
	all := []struct {
		name string
		b    byte
	}{{"element separator", d.Element}, {"component separator", d.Component}, {"segment terminator", d.Segment}, {"repetition separator", d.Repetition}}
	for i, x := range all {
		if x.b == 0 && x.name == "repetition separator" {
			continue
		}
		if isAlnum(x.b) || x.b == ' ' {
			return fmt.Errorf("%s %q is a data character", x.name, x.b)
		}
		for _, y := range all[:i] {
			if y.b == x.b {
				return fmt.Errorf("%s and %s are both %q", y.name, x.name, x.b)
			}
		}
	}
	return nil
}

func isAlnum(b byte) bool {
	return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')
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
