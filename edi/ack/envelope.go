package ack

import "github.com/gate278/gate278/edi"

// Code lists of the ISA (x12-278.md §1.1).
var (
	idQualifiers = []string{"01", "14", "20", "27", "28", "29", "30", "33", "ZZ"}
	isaWidths    = [17]int{0, 2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1}
	// widthCodes is the TA105 code reported for a bad ISA element.
	widthCodes = [17]string{"", TA1AuthQualifier, TA1Auth, TA1SecurityQualifier, TA1Security, TA1SenderQualifier, TA1Sender,
		TA1ReceiverQualifier, TA1Receiver, TA1Date, TA1Time, TA1StandardsID, TA1Version, TA1ControlNumber, TA1AckRequested,
		TA1Usage, TA1ComponentSeparator}
)

// checkISA returns the TA105 code for an ISA segment: TA1NoError when
// sound. A misplaced ISA11 (not a separator in 00501) is reported as
// TA1StandardsID.
func checkISA(seg edi.Segment, length int) string {
	if seg.Len() != 16 {
		return TA1InvalidContent
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
		return TA1AuthQualifier
	case !oneOf(seg.Value(3), "00", "01"):
		return TA1SecurityQualifier
	case !oneOf(seg.Value(5), idQualifiers...):
		return TA1SenderQualifier
	case blank(seg.Value(6)):
		return TA1Sender
	case !oneOf(seg.Value(7), idQualifiers...):
		return TA1ReceiverQualifier
	case blank(seg.Value(8)):
		return TA1Receiver
	case !edi.ValidShortDate(seg.Value(9)):
		return TA1Date
	case !edi.ValidTime(seg.Value(10)):
		return TA1Time
	case seg.Delimiters().Repetition == 0:
		return TA1StandardsID
	case string(seg.Value(12)) != "00501":
		return TA1Version
	case !edi.Digits(seg.Value(13)):
		return TA1ControlNumber
	case !oneOf(seg.Value(14), "0", "1"):
		return TA1AckRequested
	case !oneOf(seg.Value(15), "P", "T", "I"):
		return TA1Usage
	}
	return TA1NoError
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
