package ack

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// A Code is one value of an acknowledgment code list and what it means.
type Code struct {
	Value string // as written in the acknowledgment, e.g. "026"
	Text  string // its meaning in plain words, for people
}

// A CodeList is the list of codes of one acknowledgment element: every code
// the standard defines for it (005010 and 005010X231A1), whether or not this
// gateway sends it, in the standard's order.
type CodeList struct {
	Element string // where the code is written, e.g. "TA105" or "IK502-IK506"
	Name    string // the data element's name
	Codes   []Code
	// Phrases say each code of IK304 and IK403 as the end of a sentence
	// whose subject is the segment or the element in error ("is missing"),
	// for the texts of Explain.
	Phrases map[string]string
}

// Phrase returns the phrase of code v: Phrases[v], or "has an error: "
// and the code's text when the list has no phrase for it.
func (l *CodeList) Phrase(v string) string {
	if p, ok := l.Phrases[v]; ok {
		return p
	}
	return "has an error: " + l.Text(v) + " (code " + v + ")"
}

// Text returns the meaning of code v in words, or "unknown code".
func (l *CodeList) Text(v string) string {
	for _, c := range l.Codes {
		if c.Value == v {
			return c.Text
		}
	}
	return "unknown code"
}

// Has reports whether v is a code of the list.
func (l *CodeList) Has(v string) bool {
	return slices.ContainsFunc(l.Codes, func(c Code) bool { return c.Value == v })
}

// Values returns the list's codes in order.
func (l *CodeList) Values() []string {
	vs := make([]string, len(l.Codes))
	for i, c := range l.Codes {
		vs[i] = c.Value
	}
	return vs
}

// Union returns the codes of the lists, each once, numeric codes first in
// numeric order and then the others (the implementation codes I1, I2 …) in
// the same order.
func Union(lists ...*CodeList) []string {
	var vs []string
	for _, l := range lists {
		for _, c := range l.Codes {
			if !slices.Contains(vs, c.Value) {
				vs = append(vs, c.Value)
			}
		}
	}
	slices.SortFunc(vs, func(a, b string) int {
		pa, na := codeOrder(a)
		pb, nb := codeOrder(b)
		return cmp.Or(strings.Compare(pa, pb), cmp.Compare(na, nb), strings.Compare(a, b))
	})
	return vs
}

// codeOrder splits a code into a letter prefix and its number.
func codeOrder(v string) (string, int) {
	i := 0
	for i < len(v) && (v[i] < '0' || v[i] > '9') {
		i++
	}
	n, _ := strconv.Atoi(v[i:])
	return v[:i], n
}

// TA1 interchange note codes (TA105) that the walk sends.
const (
	TA1NoError            = "000"
	TA1ControlMismatch    = "001"
	TA1SegmentTerminator  = "004"
	TA1SenderQualifier    = "005"
	TA1Sender             = "006"
	TA1ReceiverQualifier  = "007"
	TA1Receiver           = "008"
	TA1UnknownReceiver    = "009"
	TA1AuthQualifier      = "010"
	TA1Auth               = "011"
	TA1SecurityQualifier  = "012"
	TA1Security           = "013"
	TA1Date               = "014"
	TA1Time               = "015"
	TA1StandardsID        = "016"
	TA1Version            = "017"
	TA1ControlNumber      = "018"
	TA1AckRequested       = "019"
	TA1Usage              = "020"
	TA1GroupCount         = "021"
	TA1PrematureEnd       = "023"
	TA1InvalidContent     = "024"
	TA1Duplicate          = "025"
	TA1ElementSeparator   = "026"
	TA1ComponentSeparator = "027"
)

// Acknowledgment status codes (TA104, IK501, AK901) that this gateway sends.
const (
	StatusAccepted = "A"
	StatusPartial  = "P" // AK901 only
	StatusRejected = "R"
)

// Transaction set syntax error codes (IK502-IK506) that the walk sends.
const (
	SetNotSupported           = "1"
	SetTrailerMissing         = "2"
	SetControlMismatch        = "3"
	SetSegmentCount           = "4"
	SetSegmentErrors          = "5"
	SetControlNumber          = "7"
	SetNotInGroup             = "18"
	SetDuplicateControl       = "23"
	SetGuideSegmentErrors     = "I5"
	SetConventionNotSupported = "I6"
)

// Functional group syntax error codes (AK905-AK909) that the walk sends.
const (
	GroupNotSupported     = "1"
	GroupVersion          = "2"
	GroupTrailerMissing   = "3"
	GroupControlMismatch  = "4"
	GroupSetCount         = "5"
	GroupControlSyntax    = "6"
	GroupDuplicateControl = "19"
)

// Segment syntax error codes (IK304) that the walk and the 278 guide check
// send.
const (
	SegmentUnrecognized  = "1"
	SegmentUnexpected    = "2"
	SegmentMissing       = "3"
	SegmentLoopOverMax   = "4"
	SegmentOverMaxUse    = "5"
	SegmentOutOfSequence = "7"
	SegmentElementErrors = "8"
	SegmentNotUsed       = "I4"
	SegmentLoopUnderMin  = "I7"
)

// Element syntax error codes (IK403) that the walk and the 278 guide check
// send.
const (
	ElementMissing         = "1"
	ElementTooMany         = "3"
	ElementTooShort        = "4"
	ElementTooLong         = "5"
	ElementInvalidChar     = "6"
	ElementInvalidCode     = "7"
	ElementInvalidDate     = "8"
	ElementInvalidTime     = "9"
	ElementTooManyRepeats  = "12"
	ElementTooManyParts    = "13"
	ElementNotUsed         = "I10"
	ElementPatternMismatch = "I12"
)

// The code lists. Their texts are what people read: the gateway's own
// explanations (gate278 adjudicate prints TA105.Text) and the package
// documentation, which a test keeps equal to these tables.
var (
	// TA104 is the interchange acknowledgment code.
	TA104 = &CodeList{Element: "TA104", Name: "interchange acknowledgment code", Codes: []Code{
		{StatusAccepted, "accepted: the interchange header and trailer have no errors"},
		{"E", "accepted, but errors were noted"},
		{StatusRejected, "rejected: the interchange header or trailer is in error"},
	}}

	// TA105 is the interchange note code: why a TA1 rejects an interchange.
	TA105 = &CodeList{Element: "TA105", Name: "interchange note code", Codes: []Code{
		{TA1NoError, "no error"},
		{TA1ControlMismatch, "the IEA control number does not match the ISA control number"},
		{"002", "the standard in ISA11 is not supported"},
		{"003", "the version of the controls is not supported"},
		{TA1SegmentTerminator, "the segment terminator is invalid"},
		{TA1SenderQualifier, "invalid sender ID qualifier (ISA05)"},
		{TA1Sender, "invalid sender ID (ISA06)"},
		{TA1ReceiverQualifier, "invalid receiver ID qualifier (ISA07)"},
		{TA1Receiver, "invalid receiver ID (ISA08)"},
		{TA1UnknownReceiver, "unknown receiver ID (ISA08)"},
		{TA1AuthQualifier, "invalid authorization information qualifier (ISA01)"},
		{TA1Auth, "invalid authorization information (ISA02)"},
		{TA1SecurityQualifier, "invalid security information qualifier (ISA03)"},
		{TA1Security, "invalid security information (ISA04)"},
		{TA1Date, "invalid interchange date (ISA09)"},
		{TA1Time, "invalid interchange time (ISA10)"},
		{TA1StandardsID, "invalid repetition separator / standards identifier (ISA11)"},
		{TA1Version, "invalid interchange version (ISA12 must be 00501)"},
		{TA1ControlNumber, "invalid interchange control number (ISA13)"},
		{TA1AckRequested, "invalid acknowledgment requested flag (ISA14)"},
		{TA1Usage, "invalid usage indicator (ISA15)"},
		{TA1GroupCount, "the IEA group count does not match the groups sent"},
		{"022", "invalid control structure"},
		{TA1PrematureEnd, "the file ended before the interchange was closed (IEA missing)"},
		{TA1InvalidContent, "invalid interchange content (no ISA, or data outside any group or transaction set)"},
		{TA1Duplicate, "duplicate interchange control number from this sender"},
		{TA1ElementSeparator, "invalid element separator"},
		{TA1ComponentSeparator, "invalid component element separator"},
		{"028", "invalid delivery date for deferred delivery"},
		{"029", "invalid delivery time for deferred delivery"},
		{"030", "invalid delivery time code for deferred delivery"},
		{"031", "invalid grade of service code"},
	}}

	// IK501 is the transaction set acknowledgment code.
	IK501 = &CodeList{Element: "IK501", Name: "transaction set acknowledgment code", Codes: []Code{
		{StatusAccepted, "accepted"},
		{"E", "accepted, but errors were noted"},
		{"M", "rejected: the message authentication code failed"},
		{StatusRejected, "rejected"},
		{"W", "rejected: the set failed the assurance validity tests"},
		{"X", "rejected: the content could not be analyzed after decryption"},
	}}

	// IK502 is the implementation transaction set syntax error code, written
	// in IK502 to IK506: why a 999 rejects a transaction set.
	IK502 = &CodeList{Element: "IK502-IK506", Name: "implementation transaction set syntax error code", Codes: []Code{
		{SetNotSupported, "the transaction set is not supported (ST01 is not 278)"},
		{SetTrailerMissing, "the transaction set trailer (SE) is missing"},
		{SetControlMismatch, "the SE control number does not match the ST control number"},
		{SetSegmentCount, "SE01 does not match the number of segments in the set"},
		{SetSegmentErrors, "one or more segments are in error"},
		{"6", "the transaction set identifier (ST01) is missing or invalid"},
		{SetControlNumber, "the transaction set control number (ST02) is missing or invalid"},
		{"8", "the authentication key name is unknown"},
		{"9", "the encryption key name is unknown"},
		{"10", "the requested authentication or encryption is not available"},
		{"11", "the security recipient is unknown"},
		{"12", "the message length is incorrect (encryption only)"},
		{"13", "the message authentication code failed"},
		{"15", "the security originator is unknown"},
		{"16", "the decrypted text has a syntax error"},
		{"17", "security is not supported"},
		{SetNotInGroup, "the transaction set is not in a functional group"},
		{"19", "the implementation convention reference (ST03) is invalid"},
		{SetDuplicateControl, "the transaction set control number is not unique in the functional group"},
		{"24", "an S3S security start segment has no S3E end segment"},
		{"25", "an S3E security end segment has no S3S start segment"},
		{"26", "an S4S security start segment has no S4E end segment"},
		{"27", "an S4E security end segment has no S4S start segment"},
		{SetGuideSegmentErrors, "one or more segments are in error against the implementation guide only"},
		{SetConventionNotSupported, "the implementation convention is not supported (ST03 or GS08 is not 005010X217)"},
	}}

	// AK901 is the functional group acknowledgment code.
	AK901 = &CodeList{Element: "AK901", Name: "functional group acknowledgment code", Codes: []Code{
		{StatusAccepted, "accepted"},
		{"E", "accepted, but errors were noted"},
		{"M", "rejected: the message authentication code failed"},
		{StatusPartial, "partially accepted: at least one transaction set was rejected"},
		{StatusRejected, "rejected"},
		{"W", "rejected: the group failed the assurance validity tests"},
		{"X", "rejected: the content could not be analyzed after decryption"},
	}}

	// AK905 is the functional group syntax error code, written in AK905 to
	// AK909: why a 999 rejects a whole functional group.
	AK905 = &CodeList{Element: "AK905-AK909", Name: "functional group syntax error code", Codes: []Code{
		{GroupNotSupported, "the functional group is not supported (GS01 is not HI)"},
		{GroupVersion, "the functional group version (GS08) is not supported"},
		{GroupTrailerMissing, "the functional group trailer (GE) is missing"},
		{GroupControlMismatch, "the GE control number does not match the GS control number"},
		{GroupSetCount, "GE01 does not match the number of transaction sets in the group"},
		{GroupControlSyntax, "the group control number or another GS element violates the syntax"},
		{"10", "the authentication key name is unknown"},
		{"11", "the encryption key name is unknown"},
		{"12", "the requested authentication or encryption is not available"},
		{"13", "the security recipient is unknown"},
		{"14", "the security originator is unknown"},
		{"15", "the decrypted text has a syntax error"},
		{"16", "security is not supported"},
		{"17", "the message length is incorrect (encryption only)"},
		{"18", "the message authentication code failed"},
		{GroupDuplicateControl, "the group control number is not unique in the interchange"},
		{"23", "an S3S security start segment has no S3E end segment"},
		{"24", "an S3E security end segment has no S3S start segment"},
		{"25", "an S4S security start segment has no S4E end segment"},
		{"26", "an S4E security end segment has no S4S start segment"},
	}}

	// IK304 is the implementation segment syntax error code: what is wrong
	// with the segment an IK3 names.
	IK304 = &CodeList{Element: "IK304", Name: "implementation segment syntax error code", Codes: []Code{
		{SegmentUnrecognized, "unrecognized segment ID"},
		{SegmentUnexpected, "unexpected segment"},
		{SegmentMissing, "required segment missing"},
		{SegmentLoopOverMax, "the loop occurs more often than allowed"},
		{SegmentOverMaxUse, "the segment occurs more often than allowed"},
		{"6", "segment not in the defined transaction set"},
		{SegmentOutOfSequence, "segment out of sequence"},
		{SegmentElementErrors, "the segment has data element errors"},
		{SegmentNotUsed, "the implementation guide does not use this segment"},
		{"I6", "a segment the implementation guide requires in this situation is missing"},
		{SegmentLoopUnderMin, "the loop occurs fewer times than the implementation guide requires"},
		{"I8", "the segment occurs fewer times than the implementation guide requires"},
		{"I9", "a segment the implementation guide does not use in this situation is present"},
	}, Phrases: map[string]string{
		SegmentUnrecognized:  "is not a segment of the X12 standard (unrecognized segment ID)",
		SegmentUnexpected:    "is not expected here",
		SegmentMissing:       "is missing",
		SegmentLoopOverMax:   "starts a loop that occurs more often than allowed",
		SegmentOverMaxUse:    "occurs more often than allowed",
		"6":                  "is not in the defined transaction set",
		SegmentOutOfSequence: "is out of sequence",
		SegmentElementErrors: "has data element errors",
		SegmentNotUsed:       "is not used by the implementation guide",
		"I6":                 "is missing, and the implementation guide requires it in this situation",
		SegmentLoopUnderMin:  "is missing: its loop occurs fewer times than the implementation guide requires",
		"I8":                 "occurs fewer times than the implementation guide requires",
		"I9":                 "is present, and the implementation guide does not use it in this situation",
	}}

	// IK403 is the implementation data element syntax error code: what is
	// wrong with the element an IK4 names.
	IK403 = &CodeList{Element: "IK403", Name: "implementation data element syntax error code", Codes: []Code{
		{ElementMissing, "required data element missing"},
		{"2", "conditional required data element missing"},
		{ElementTooMany, "too many data elements"},
		{ElementTooShort, "data element too short"},
		{ElementTooLong, "data element too long"},
		{ElementInvalidChar, "invalid character in data element"},
		{ElementInvalidCode, "invalid code value"},
		{ElementInvalidDate, "invalid date"},
		{ElementInvalidTime, "invalid time"},
		{"10", "exclusion condition violated"},
		{ElementTooManyRepeats, "too many repetitions"},
		{ElementTooManyParts, "too many components"},
		{"I6", "the implementation guide does not use this code value"},
		{"I9", "a data element the implementation guide requires in this situation is missing"},
		{ElementNotUsed, "the implementation guide does not use this data element"},
		{"I11", "fewer repetitions than the implementation guide requires"},
		{ElementPatternMismatch, "the value does not match the pattern the implementation guide requires"},
		{"I13", "a data element the implementation guide does not use in this situation is present"},
	}, Phrases: map[string]string{
		ElementMissing:         "is missing",
		"2":                    "is missing, and a condition requires it",
		ElementTooMany:         "is one data element too many (the segment has more elements than it may)",
		ElementTooShort:        "is too short",
		ElementTooLong:         "is too long",
		ElementInvalidChar:     "has an invalid character",
		ElementInvalidCode:     "has an invalid code value",
		ElementInvalidDate:     "is not a valid date",
		ElementInvalidTime:     "is not a valid time",
		"10":                   "violates an exclusion condition",
		ElementTooManyRepeats:  "is repeated more often than allowed",
		ElementTooManyParts:    "has too many components",
		"I6":                   "has a code value the implementation guide does not use",
		"I9":                   "is missing, and the implementation guide requires it in this situation",
		ElementNotUsed:         "is present, and the implementation guide does not use it",
		"I11":                  "has fewer repetitions than the implementation guide requires",
		ElementPatternMismatch: "does not match the pattern the implementation guide requires",
		"I13":                  "is present, and the implementation guide does not use it in this situation",
	}}
)

// Lists holds every code list, in the order of the acknowledgments: TA1,
// then the 999's set, group, segment and element codes.
var Lists = []*CodeList{TA104, TA105, IK501, IK502, AK901, AK905, IK304, IK403}
