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
// TA1 (TA105): 001 ISA13/IEA02 mismatch, 005–008 sender/receiver
// qualifier and ID, 010–013 authorization and security fields, 014/015
// date and time, 017 version, 018 control number, 019 ack-requested flag,
// 020 usage indicator, 021 group count, 023 premature end of file, 024
// invalid interchange content (no ISA, data outside any group), 025
// duplicate interchange, 026/027 separators.
//
// 999 IK5: 1 set not supported, 2 trailer missing, 3 ST02/SE02 mismatch,
// 4 segment count, 5/I5 segment errors (I5 when all are guide-only), 6 and 7
// bad identifier or control number, 19 implementation convention, 23
// duplicate control number. AK9: 1 group not supported, 2 version, 3 GE
// missing, 4 GS06/GE02 mismatch, 5 set count, 6 control number syntax, 19
// duplicate group control number; AK901 P when some sets are accepted and
// others rejected.
package ack
