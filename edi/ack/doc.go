// Package ack walks the envelopes of an X12 file — interchanges, functional
// groups, transaction sets — checks them against the standard, and writes
// the acknowledgments that answer them: TA1 for interchanges and 999
// (005010X231A1) for functional groups and transaction sets.
//
// Walk streams: it holds one transaction set at a time and calls a Handler
// at each envelope boundary, so that a caller can adjudicate accepted sets
// and write acknowledgments as the file goes by.
//
// # Codes
//
// Every code an acknowledgment carries is in one table, codes.go: a
// [CodeList] per element, each code with its meaning in words. The walk,
// the 278 guide check (package x217), the gateway's metric labels and the
// texts people read take their codes from it, and a test keeps the lists
// below equal to it.
//
// The walk's choices: an interchange whose delimiters cannot be read is
// answered by a synthetic TA1 whose code follows the fault the reader
// reports, matched with errors.Is: [edi.ErrElementSeparator] with
// [TA1ElementSeparator], [edi.ErrComponentSeparator] with
// [TA1ComponentSeparator], [edi.ErrSegmentTerminator] with
// [TA1SegmentTerminator]. An interchange whose ISA11 is not a separator is
// answered with [TA1StandardsID]; an empty file, or one without an ISA,
// with [TA1InvalidContent]. A set whose errors are all against the guide only
// gets [SetGuideSegmentErrors] rather than [SetSegmentErrors]; AK901 is
// [StatusPartial] when some sets of a group are accepted and others
// rejected.
//
// A GS whose IDs (GS02, GS03), date (GS04), time (GS05) or agency code
// (GS07) are not valid is invalid interchange content: [TA1InvalidContent]
// (AK905 has no code for them, and [GroupControlSyntax] names GS06 alone).
// An interchange for a receiver that Options.Receiver does not accept
// (ISA07/ISA08) gets [TA1UnknownReceiver]; a group whose GS03 names another
// application receiver, or whose GS02 Options.GroupSender does not accept,
// gets [GroupNotSupported].
//
// A functional group rejected at its header (AK905 1, 2, 6, 19) or its
// trailer (3, 4, 5) answers none of its sets. Each set still has its AK2
// loop; a set that is sound in itself gets IK5 R [SetNotInGroup] (the set
// is not in a functional group the gateway accepts), a set with errors of
// its own keeps its codes, and AK904 is 0: it always equals the number of
// IK5 A or E. AK902 is GE01 as sent (the sets read when GE is missing or
// not a number) and AK903 the sets read.
//
// IK303 is data element 447, AN 1-4 in 005010, and the guide's loop names
// have five or six characters (2000E, 2010EA): [LoopID] writes the loop ID
// of the base 278 transaction set diagram that the guide's loop is a use of
// (2000 for the HL loops, 2010 for the name loops). IK302 names the
// segment exactly; [Explain] keeps the guide's loop name for people.
//
// The errors of one segment (its ID and position) are one IK3 loop, and
// IK3 loops follow segment positions ([NormalizeErrors]).
//
// TA104 interchange acknowledgment code:
//   - A: accepted: the interchange header and trailer have no errors
//   - E: accepted, but errors were noted
//   - R: rejected: the interchange header or trailer is in error
//
// TA105 interchange note code:
//   - 000: no error
//   - 001: the IEA control number does not match the ISA control number
//   - 002: the standard in ISA11 is not supported
//   - 003: the version of the controls is not supported
//   - 004: the segment terminator is invalid
//   - 005: invalid sender ID qualifier (ISA05)
//   - 006: invalid sender ID (ISA06)
//   - 007: invalid receiver ID qualifier (ISA07)
//   - 008: invalid receiver ID (ISA08)
//   - 009: unknown receiver ID (ISA08)
//   - 010: invalid authorization information qualifier (ISA01)
//   - 011: invalid authorization information (ISA02)
//   - 012: invalid security information qualifier (ISA03)
//   - 013: invalid security information (ISA04)
//   - 014: invalid interchange date (ISA09)
//   - 015: invalid interchange time (ISA10)
//   - 016: invalid repetition separator / standards identifier (ISA11)
//   - 017: invalid interchange version (ISA12 must be 00501)
//   - 018: invalid interchange control number (ISA13)
//   - 019: invalid acknowledgment requested flag (ISA14)
//   - 020: invalid usage indicator (ISA15)
//   - 021: the IEA group count does not match the groups sent
//   - 022: invalid control structure
//   - 023: the file ended before the interchange was closed (IEA missing)
//   - 024: invalid interchange content (no ISA, or data outside any group or transaction set)
//   - 025: duplicate interchange control number from this sender
//   - 026: invalid element separator
//   - 027: invalid component element separator
//   - 028: invalid delivery date for deferred delivery
//   - 029: invalid delivery time for deferred delivery
//   - 030: invalid delivery time code for deferred delivery
//   - 031: invalid grade of service code
//
// IK501 transaction set acknowledgment code:
//   - A: accepted
//   - E: accepted, but errors were noted
//   - M: rejected: the message authentication code failed
//   - R: rejected
//   - W: rejected: the set failed the assurance validity tests
//   - X: rejected: the content could not be analyzed after decryption
//
// IK502-IK506 implementation transaction set syntax error code:
//   - 1: the transaction set is not supported (ST01 is not 278)
//   - 2: the transaction set trailer (SE) is missing
//   - 3: the SE control number does not match the ST control number
//   - 4: SE01 does not match the number of segments in the set
//   - 5: one or more segments are in error
//   - 6: the transaction set identifier (ST01) is missing or invalid
//   - 7: the transaction set control number (ST02) is missing or invalid
//   - 8: the authentication key name is unknown
//   - 9: the encryption key name is unknown
//   - 10: the requested authentication or encryption is not available
//   - 11: the security recipient is unknown
//   - 12: the message length is incorrect (encryption only)
//   - 13: the message authentication code failed
//   - 15: the security originator is unknown
//   - 16: the decrypted text has a syntax error
//   - 17: security is not supported
//   - 18: the transaction set is not in a functional group
//   - 19: the implementation convention reference (ST03) is invalid
//   - 23: the transaction set control number is not unique in the functional group
//   - 24: an S3S security start segment has no S3E end segment
//   - 25: an S3E security end segment has no S3S start segment
//   - 26: an S4S security start segment has no S4E end segment
//   - 27: an S4E security end segment has no S4S start segment
//   - I5: one or more segments are in error against the implementation guide only
//   - I6: the implementation convention is not supported (ST03 or GS08 is not 005010X217)
//
// AK901 functional group acknowledgment code:
//   - A: accepted
//   - E: accepted, but errors were noted
//   - M: rejected: the message authentication code failed
//   - P: partially accepted: at least one transaction set was rejected
//   - R: rejected
//   - W: rejected: the group failed the assurance validity tests
//   - X: rejected: the content could not be analyzed after decryption
//
// AK905-AK909 functional group syntax error code:
//   - 1: the functional group is not supported (GS01 is not HI)
//   - 2: the functional group version (GS08) is not supported
//   - 3: the functional group trailer (GE) is missing
//   - 4: the GE control number does not match the GS control number
//   - 5: GE01 does not match the number of transaction sets in the group
//   - 6: the group control number or another GS element violates the syntax
//   - 10: the authentication key name is unknown
//   - 11: the encryption key name is unknown
//   - 12: the requested authentication or encryption is not available
//   - 13: the security recipient is unknown
//   - 14: the security originator is unknown
//   - 15: the decrypted text has a syntax error
//   - 16: security is not supported
//   - 17: the message length is incorrect (encryption only)
//   - 18: the message authentication code failed
//   - 19: the group control number is not unique in the interchange
//   - 23: an S3S security start segment has no S3E end segment
//   - 24: an S3E security end segment has no S3S start segment
//   - 25: an S4S security start segment has no S4E end segment
//   - 26: an S4E security end segment has no S4S start segment
//
// IK304 implementation segment syntax error code:
//   - 1: unrecognized segment ID
//   - 2: unexpected segment
//   - 3: required segment missing
//   - 4: the loop occurs more often than allowed
//   - 5: the segment occurs more often than allowed
//   - 6: segment not in the defined transaction set
//   - 7: segment out of sequence
//   - 8: the segment has data element errors
//   - I4: the implementation guide does not use this segment
//   - I6: a segment the implementation guide requires in this situation is missing
//   - I7: the loop occurs fewer times than the implementation guide requires
//   - I8: the segment occurs fewer times than the implementation guide requires
//   - I9: a segment the implementation guide does not use in this situation is present
//
// IK403 implementation data element syntax error code:
//   - 1: required data element missing
//   - 2: conditional required data element missing
//   - 3: too many data elements
//   - 4: data element too short
//   - 5: data element too long
//   - 6: invalid character in data element
//   - 7: invalid code value
//   - 8: invalid date
//   - 9: invalid time
//   - 10: exclusion condition violated
//   - 12: too many repetitions
//   - 13: too many components
//   - I6: the implementation guide does not use this code value
//   - I9: a data element the implementation guide requires in this situation is missing
//   - I10: the implementation guide does not use this data element
//   - I11: fewer repetitions than the implementation guide requires
//   - I12: the value does not match the pattern the implementation guide requires
//   - I13: a data element the implementation guide does not use in this situation is present
package ack
