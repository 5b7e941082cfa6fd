package adjudicate

import (
	"fmt"
	"strings"

	"github.com/gate278/gate278/edi"
)

// isHCPCS reports whether s is a well-formed HCPCS Level II code (a letter
// A–V and four digits) or a CPT code (four digits and a digit or letter).
func isHCPCS(s string) bool {
	if len(s) != 5 {
		return false
	}
	c := s[0]
	switch {
	case c >= 'A' && c <= 'V':
		return isDigits(s[1:])
	case c >= '0' && c <= '9':
		return isDigits(s[1:4]) && isAlnum(s[4])
	}
	return false
}

// isNDC reports whether s is an 11-digit NDC (5-4-2 without hyphens).
func isNDC(s string) bool { return len(s) == 11 && isDigits(s) }

// isICD10 reports whether s is a well-formed ICD-10-CM code without its
// decimal point: a letter, a digit, a digit or letter, then up to four
// digits or letters.
func isICD10(s string) bool {
	if len(s) < 3 || len(s) > 7 {
		return false
	}
	if s[0] < 'A' || s[0] > 'Z' || s[1] < '0' || s[1] > '9' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return true
}

// isICDPrefix reports whether s is a well-formed ICD-10-CM code or category
// prefix (at least the 3-character category).
func isICDPrefix(s string) bool { return isICD10(s) }

// isNPI reports whether s is a 10-digit NPI with a valid Luhn check digit
// (computed with the 80840 prefix, as CMS specifies).
func isNPI(s string) bool {
	if len(s) != 10 || !isDigits(s) {
		return false
	}
	sum := 24 // the contribution of the 80840 prefix
	for i := 8; i >= 0; i-- {
		d := int(s[i] - '0')
		if (8-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return (10-sum%10)%10 == int(s[9]-'0')
}

// The value checks are edi's, under the names the engine uses.

// isDate reports whether s is a valid calendar date CCYYMMDD (edi.ValidDate)
// from 1900 on: the engine takes a service date before 1900 for a request
// error, though the X12 date type (and so the guide check) accepts it.
func isDate(s string) bool { return edi.ValidDate(s) && s >= "19000101" }

// isDigits reports whether s is one or more ASCII digits (edi.Digits).
func isDigits(s string) bool { return edi.Digits(s) }

// isAlnum reports whether c is an uppercase letter or a digit, as in code
// values (edi.IsUpperAlnum).
func isAlnum(c byte) bool { return edi.IsUpperAlnum(c) }

// codeRange is an inclusive range of codes compared on a prefix: an
// ICD-10-CM range "C00-C96" matches every code whose first three characters
// fall between C00 and C96; a single code or category matches by prefix.
type codeRange struct{ lo, hi string }

func (r codeRange) match(code string) bool {
	if len(code) < len(r.lo) || len(code) < len(r.hi) {
		return false
	}
	return code[:len(r.lo)] >= r.lo && code[:len(r.hi)] <= r.hi
}

// parseRange parses "X" or "X-Y" with valid checking each bound.
func parseRange(s string, valid func(string) bool) (codeRange, error) {
	lo, hi, found := strings.Cut(s, "-")
	if !found {
		hi = lo
	}
	if !valid(lo) || !valid(hi) {
		return codeRange{}, fmt.Errorf("%q is not a well-formed code or range", s)
	}
	if hi < lo[:min(len(lo), len(hi))] {
		return codeRange{}, fmt.Errorf("range %q ends before it starts", s)
	}
	return codeRange{lo, hi}, nil
}

func matchAny(rs []codeRange, code string) bool {
	for _, r := range rs {
		if r.match(code) {
			return true
		}
	}
	return false
}
