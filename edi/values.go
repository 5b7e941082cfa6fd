package edi

// The value checks of the X12 data types, shared by the envelope walk, the
// 278 guide check and the engine, so that each rule is written once. They
// take a value as the Reader gives it ([]byte) or as a decoded field
// (string) alike.

// Bytes is what the value checks accept: a byte slice or a string.
type Bytes interface{ ~[]byte | ~string }

// Digits reports whether b is one or more ASCII digits: an X12 numeric
// value without sign or decimal point (type N0), such as a control number.
func Digits[T Bytes](b T) bool {
	if len(b) == 0 {
		return false
	}
	for i := 0; i < len(b); i++ {
		if b[i] < '0' || b[i] > '9' {
			return false
		}
	}
	return true
}

// MaxNumberDigits is the most digits Number accepts: X12 control numbers
// and counts (ISA13, GS06, ST02, IEA01, GE01, SE01) have at most nine, and
// nine digits fit an int on every platform.
const MaxNumberDigits = 9

// Number returns the value of b when b is one to MaxNumberDigits ASCII
// digits, and false otherwise.
func Number[T Bytes](b T) (int, bool) {
	if len(b) > MaxNumberDigits || !Digits(b) {
		return 0, false
	}
	return atoi(b), true
}

// IsAlnum reports whether c is an ASCII letter of either case or a digit.
// Such characters occur in data (the basic character set has the uppercase
// letters and digits, the extended one adds the lowercase letters), so none
// of them can be a delimiter.
func IsAlnum(c byte) bool {
	return IsUpperAlnum(c) || (c >= 'a' && c <= 'z')
}

// IsUpperAlnum reports whether c is an uppercase ASCII letter or a digit:
// the characters of code values (X12 identifiers, HCPCS, ICD-10-CM and
// PWK01 report type codes), which are written in uppercase.
func IsUpperAlnum(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
}

// MinYear is the earliest year ValidDate accepts. The X12 date type (DT,
// CCYYMMDD) sets no earliest year; dates of health care data before 1800
// are taken for typing slips.
const MinYear = 1800

// ValidDate reports whether b is an X12 date CCYYMMDD (type DT, eight
// digits): a Gregorian calendar date from MinYear on.
func ValidDate[T Bytes](b T) bool {
	if len(b) != 8 || !Digits(b) {
		return false
	}
	return validYMD(atoi(b[:4]), atoi(b[4:6]), atoi(b[6:8]))
}

// ValidShortDate reports whether b is a date YYMMDD (ISA09, six digits),
// taken to be in the years 2000 to 2099.
func ValidShortDate[T Bytes](b T) bool {
	if len(b) != 6 || !Digits(b) {
		return false
	}
	return validYMD(2000+atoi(b[:2]), atoi(b[2:4]), atoi(b[4:6]))
}

func validYMD(y, m, d int) bool {
	if y < MinYear || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return d <= 29
	}
	return d <= days[m]
}

// ValidTime reports whether b is an X12 time (type TM): HHMM, HHMMSS or
// HHMMSS with one or two decimal seconds, on a 24-hour clock.
func ValidTime[T Bytes](b T) bool {
	if len(b) < 4 || len(b) > 8 || len(b) == 5 || !Digits(b) {
		return false
	}
	if atoi(b[:2]) > 23 || atoi(b[2:4]) > 59 {
		return false
	}
	return len(b) < 6 || atoi(b[4:6]) <= 59
}

// ValidDateRange reports whether b is an X12 date range CCYYMMDD-CCYYMMDD
// (format RD8) of two ValidDate dates, the start not after the end.
func ValidDateRange[T Bytes](b T) bool {
	return len(b) == 17 && b[8] == '-' && ValidDate(b[:8]) && ValidDate(b[9:]) && string(b[:8]) <= string(b[9:])
}

// atoi returns the value of b, which holds only digits.
func atoi[T Bytes](b T) int {
	n := 0
	for i := 0; i < len(b); i++ {
		n = n*10 + int(b[i]-'0')
	}
	return n
}
