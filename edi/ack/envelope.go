package ack

import "github.com/gate278/gate278/edi"

// Code lists of the ISA (x12-278.md §1.1).
var (
	idQualifiers = []string{"01", "14", "20", "27", "28", "29", "30", "33", "ZZ"}
	isaWidths    = [17]int{0, 2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1}
	// widthCodes is the TA105 code reported for a bad ISA element.
	widthCodes = [17]string{"", "010", "011", "012", "013", "005", "006", "007", "008", "014", "015", "016", "017", "018", "019", "020", "027"}
)

// checkISA returns the TA105 code for an ISA segment: "000" when sound.
// A misplaced ISA11 (not a separator in 00501) is reported as 016.
func checkISA(seg edi.Segment, length int) string {
	if seg.Len() != 16 {
		return "024"
	}
	if length != 106 {
		for i := 1; i <= 16; i++ {
			if len(seg.Value(i)) != isaWidths[i] {
				return widthCodes[i]
			}
		}
	}
	switch {
	case !oneOf(seg.Value(1), "00", "03"):
		return "010"
	case !oneOf(seg.Value(3), "00", "01"):
		return "012"
	case !oneOf(seg.Value(5), idQualifiers...):
		return "005"
	case blank(seg.Value(6)):
		return "006"
	case !oneOf(seg.Value(7), idQualifiers...):
		return "007"
	case blank(seg.Value(8)):
		return "008"
	case !edi.ValidShortDate(seg.Value(9)):
		return "014"
	case !edi.ValidTime(seg.Value(10)):
		return "015"
	case seg.Delimiters().Repetition == 0:
		return "016"
	case string(seg.Value(12)) != "00501":
		return "017"
	case !edi.Digits(seg.Value(13)):
		return "018"
	case !oneOf(seg.Value(14), "0", "1"):
		return "019"
	case !oneOf(seg.Value(15), "P", "T", "I"):
		return "020"
	}
	return "000"
}

func oneOf(v []byte, list ...string) bool {
	for _, s := range list {
		if string(v) == s {
			return true
		}
	}
	return false
}

func blank(v []byte) bool {
	for _, c := range v {
		if c != ' ' {
			return false
		}
	}
	return true
}
