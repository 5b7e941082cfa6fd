package edi

import (
	"errors"
	"fmt"
)

// Errors the Reader reports, wrapped in a *SyntaxError. Match them with
// errors.Is.
var (
	// ErrNoISA: the data does not begin with an ISA segment.
	ErrNoISA = errors.New("data does not begin with an ISA segment")
	// ErrISA: the ISA segment is malformed, so the delimiters are unknown.
	ErrISA = errors.New("malformed ISA segment")
	// ErrSegmentTooLong: a segment exceeds Limits.MaxSegment; it is skipped.
	ErrSegmentTooLong = errors.New("segment exceeds the maximum length")
	// ErrTooManyElements: a segment exceeds Limits.MaxElements; it is skipped.
	ErrTooManyElements = errors.New("segment exceeds the maximum number of elements")
	// ErrUnterminated: the data ends inside a segment.
	ErrUnterminated = errors.New("data ends inside a segment")
	// ErrTooLarge: the data exceeds Limits.MaxBytes.
	ErrTooLarge = errors.New("data exceeds the maximum size")
)

// The faults of an ISA segment whose delimiters cannot be read. Each wraps
// ErrISA, so errors.Is(err, ErrISA) holds for all of them; an
// acknowledgment tells them apart with errors.Is (a TA1 answers each with
// its own TA105 code), never by the message.
var (
	// ErrElementSeparator: the byte after "ISA" cannot be the element
	// separator: fewer than 16 of it in the ISA, the ISA it delimits exceeds
	// Limits.MaxSegment, or it is a data character or repeats the
	// repetition separator.
	ErrElementSeparator = fmt.Errorf("%w: invalid element separator", ErrISA)
	// ErrComponentSeparator: ISA16 cannot be the component separator: it is
	// a data character or repeats another delimiter.
	ErrComponentSeparator = fmt.Errorf("%w: invalid component separator", ErrISA)
	// ErrSegmentTerminator: the byte after ISA16 cannot be the segment
	// terminator: the data ends before it, it is a data character, it
	// repeats the element or repetition separator, or it occurs inside the
	// ISA.
	ErrSegmentTerminator = fmt.Errorf("%w: invalid segment terminator", ErrISA)
)

// isaFault returns the ISA fault of a delimiter that cannot delimit.
func isaFault(d Delimiter) error {
	switch d {
	case ComponentSeparator:
		return ErrComponentSeparator
	case SegmentTerminator:
		return ErrSegmentTerminator
	}
	return ErrElementSeparator
}

// SyntaxError locates a reader error in the input.
type SyntaxError struct {
	Err     error  // one of the Err* values above, or an I/O error
	Offset  int64  // byte offset of the segment's first byte
	Ordinal int64  // 1-based position of the segment in the input
	ID      string // the segment's identifier when it could be read
	Detail  string
}

func (e *SyntaxError) Error() string {
	msg := fmt.Sprintf("edi: segment %d at byte %d: %v", e.Ordinal, e.Offset, e.Err)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

func (e *SyntaxError) Unwrap() error { return e.Err }

// Fatal reports whether reading cannot continue after this error.
func (e *SyntaxError) Fatal() bool {
	return !errors.Is(e.Err, ErrSegmentTooLong) && !errors.Is(e.Err, ErrTooManyElements)
}
