package edi

// ValidDate reports whether b is a calendar date CCYYMMDD.
func ValidDate(b []byte) bool {
	if len(b) != 8 || !Digits(b) {
		return false
	}
	return validYMD(atoi(b[:4]), atoi(b[4:6]), atoi(b[6:8]))
}

// ValidShortDate reports whether b is a date YYMMDD (ISA09).
func ValidShortDate(b []byte) bool {
	if len(b) != 6 || !Digits(b) {
		return false
	}
	return validYMD(2000+atoi(b[:2]), atoi(b[2:4]), atoi(b[4:6]))
}

func validYMD(y, m, d int) bool {
	if y < 1800 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return d <= 29
	}
	return d <= days[m]
}

// ValidTime reports whether b is a time HHMM, HHMMSS or HHMMSSD..D.
func ValidTime(b []byte) bool {
	if len(b) < 4 || len(b) > 8 || len(b) == 5 || !Digits(b) {
		return false
	}
	if atoi(b[:2]) > 23 || atoi(b[2:4]) > 59 {
		return false
	}
	return len(b) < 6 || atoi(b[4:6]) <= 59
}

// ValidDateRange reports whether b is CCYYMMDD-CCYYMMDD with start <= end.
func ValidDateRange(b []byte) bool {
	return len(b) == 17 && b[8] == '-' && ValidDate(b[:8]) && ValidDate(b[9:]) && string(b[:8]) <= string(b[9:])
}

// Digits reports whether b is one or more ASCII digits.
func Digits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func atoi(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}
