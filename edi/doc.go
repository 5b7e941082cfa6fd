// Package edi reads and writes ASC X12 interchanges.
//
// The reader discovers the four delimiters from the ISA segment, streams
// interchanges, functional groups, transaction sets and segments from an
// io.Reader without holding the whole file, and gives zero-copy access to
// elements, repetitions and components. The writer emits segments with a
// given set of delimiters.
//
// The checks of X12 values — Digits, Number, IsAlnum and IsUpperAlnum,
// ValidDate, ValidShortDate, ValidTime, ValidDateRange — are written once
// here, for bytes and strings alike, and used by the envelope walk, the 278
// guide check and the engine.
//
// Reader errors are *SyntaxError values wrapping one of the Err* values; an
// ISA whose delimiters cannot be read wraps ErrISA and, more precisely,
// ErrElementSeparator, ErrComponentSeparator or ErrSegmentTerminator, so
// that callers choose by errors.Is, never by the message.
package edi
