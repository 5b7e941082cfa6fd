// Package x217 is the ASC X12 005010X217 278 (health care services review)
// implementation guide: the guide as data, its validator, the request
// model with its decoder and encoder, and the response encoder.
//
// # The guide as data
//
// Levels holds the request's hierarchical loops (2000A UMO, 2000B
// requester, 2000C subscriber, 2000D dependent, 2000E patient event, 2000F
// service) written in moov-io/x12's rules vocabulary: rules.LoopRule,
// rules.SegmentRule and rules.ElementRule with their masks and
// AcceptValues. What that vocabulary cannot say — data element reference
// numbers for IK402, data types, lengths, qualifier-dependent date formats
// — is kept beside it in formats.go. A licensed-TR3 review corrects these
// tables without touching the validator.
//
// # Validation
//
// ValidateSet checks one transaction set (ST…SE) and returns 999 segment
// errors (IK3) with their element errors (IK4): unexpected, unrecognized,
// missing, misplaced and over-used segments; loop repeats; the HL hierarchy
// (HL01 sequence, HL02 parents of the right level, HL04 child flags);
// required and not-used elements; code values; dates, times, numbers and
// lengths. Codes starting with I are used for implementation-guide-only
// violations. The IK304 and IK403 codes, with their meanings, are the
// constants and tables of package ack (ack.IK304, ack.IK403). A segment
// the guide uses once per qualifier (REF BB and NT, the DTP dates, the CRC
// conditions) is checked against the use its qualifier names, and a second
// one with the same qualifier is over its maximum use (IK304 5). A
// separator before a segment's terminator, or a component separator at the
// end of an element, is reported as too many elements or components.
//
// # Response rules
//
// AAALists holds the AAA03 and AAA04 codes the guide allows in each
// response loop, HCRActions the HCR01 actions of 2000E and 2000F; CheckAAA
// checks one AAA against them and CheckResponse reads back a whole 278
// response against the response rules.
//
// # Model
//
// Decode maps a set to a Request (a Decoder reuses one Request between
// sets); every loop keeps all its segments, so Encode reproduces the set.
// EncodeResponse writes the 278 response: the request hierarchy echoed with
// HL04 recomputed, request traces returned as TRN*2, an HCR or an AAA per
// loop, DTP*007 for certifications, REF*NT and HI LOI for pends, MSG text
// fitted to the partner's delimiters.
package x217
