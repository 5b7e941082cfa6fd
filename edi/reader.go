package edi

import (
	"bytes"
	"fmt"
	"io"
)

// Limits bound what a Reader accepts, so that hostile input cannot exhaust
// memory. Zero fields take the defaults.
type Limits struct {
	MaxSegment  int   // bytes in one segment; default 64 KiB
	MaxElements int   // elements in one segment; default 256
	MaxBytes    int64 // bytes in the whole input; default 2 GiB
}

// DefaultLimits are the limits used for zero Limits fields.
var DefaultLimits = Limits{MaxSegment: 64 << 10, MaxElements: 256, MaxBytes: 2 << 30}

func (l Limits) withDefaults() Limits {
	if l.MaxSegment <= 0 {
		l.MaxSegment = DefaultLimits.MaxSegment
	}
	if l.MaxElements <= 0 {
		l.MaxElements = DefaultLimits.MaxElements
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	return l
}

// isaMaxLen bounds the search for the end of an ISA segment whose fields
// are not the fixed widths the standard requires.
const isaMaxLen = 512

// Reader streams segments from an io.Reader. It takes the delimiters from
// each ISA segment it meets, tolerates CR and LF after segment terminators
// (and a newline used as the terminator itself), and never holds more than
// one segment's worth of input beyond its read buffer.
//
// The Segment returned by Next is a view into the Reader's buffer, valid
// until the next call to Next.
type Reader struct {
	src     io.Reader
	lim     Limits
	buf     []byte
	r, w    int // unread data is buf[r:w]
	eof     bool
	ioErr   error
	read    int64 // bytes read from src
	base    int64 // input offset of buf[0]
	d       Delimiters
	haveISA bool
	sep     []int32
	ordinal int64
	start   int64 // offset of the current segment
	fatal   error
	isaLen  int
}

// NewReader returns a Reader over src with the given limits.
func NewReader(src io.Reader, lim Limits) *Reader {
	lim = lim.withDefaults()
	size := 64 << 10
	if size > lim.MaxSegment+isaMaxLen {
		size = lim.MaxSegment + isaMaxLen
	}
	return &Reader{src: src, lim: lim, buf: make([]byte, size), sep: make([]int32, 0, 32)}
}

// Reset makes the Reader read from src, keeping its buffers.
func (r *Reader) Reset(src io.Reader) {
	*r = Reader{src: src, lim: r.lim, buf: r.buf, sep: r.sep[:0]}
}

// Delimiters returns the delimiters of the current interchange.
func (r *Reader) Delimiters() Delimiters { return r.d }

// Offset returns the byte offset of the segment last returned.
func (r *Reader) Offset() int64 { return r.start }

// Ordinal returns the 1-based position in the input of the segment last
// returned.
func (r *Reader) Ordinal() int64 { return r.ordinal }

// ISALength returns the length of the last ISA segment read, terminator
// included (106 when it has the fixed widths the standard requires).
func (r *Reader) ISALength() int { return r.isaLen }

// LineBreak reports whether the segment last returned is followed by a CR
// or LF (when the buffer already holds the next byte). Writers use it to
// answer in the same layout.
func (r *Reader) LineBreak() bool {
	return r.r < r.w && r.isSkip(r.buf[r.r])
}

// BytesRead returns how many bytes have been consumed from the source.
func (r *Reader) BytesRead() int64 { return r.read }

func (r *Reader) errorf(err error, format string, args ...any) *SyntaxError {
	return &SyntaxError{Err: err, Offset: r.start, Ordinal: r.ordinal, Detail: fmt.Sprintf(format, args...)}
}

// peekID returns the identifier of the segment at the read position, if
// the buffer holds it.
func (r *Reader) peekID() string {
	b := r.buf[r.r:r.w]
	for i := 0; i < len(b) && i < 4; i++ {
		if b[i] == r.d.Element || b[i] == r.d.Segment {
			return string(b[:i])
		}
	}
	return ""
}

// fill reads more input, compacting or growing the buffer as needed.
// It returns false when no more input can be had.
func (r *Reader) fill() bool {
	if r.eof || r.ioErr != nil {
		return false
	}
	if r.r > 0 {
		n := copy(r.buf, r.buf[r.r:r.w])
		r.base += int64(r.r)
		r.w = n
		r.r = 0
	}
	if r.w == len(r.buf) {
		limit := r.lim.MaxSegment + isaMaxLen + 2
		if len(r.buf) >= limit {
			return false
		}
		n := 2 * len(r.buf)
		if n > limit {
			n = limit
		}
		nb := make([]byte, n)
		copy(nb, r.buf[:r.w])
		r.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := r.src.Read(r.buf[r.w:])
		r.w += n
		r.read += int64(n)
		if err == io.EOF {
			r.eof = true
		} else if err != nil {
			r.ioErr = err
		}
		if n > 0 || err != nil {
			return n > 0
		}
	}
	r.ioErr = io.ErrNoProgress
	return false
}

func (r *Reader) isSkip(b byte) bool {
	return (b == '\n' || b == '\r') && b != r.d.Segment
}

// Next returns the next segment. It returns io.EOF after the last one.
// Errors are *SyntaxError; after one whose Fatal method reports true,
// Next keeps returning it.
func (r *Reader) Next() (Segment, error) {
	if r.fatal != nil {
		return Segment{}, r.fatal
	}
	// Skip CR/LF between segments.
	for {
		for r.r < r.w && r.isSkip(r.buf[r.r]) {
			r.r++
		}
		if r.r < r.w {
			break
		}
		if !r.fill() {
			return Segment{}, r.end()
		}
	}
	r.ordinal++
	r.start = r.base + int64(r.r)
	if r.read > r.lim.MaxBytes {
		return Segment{}, r.fail(r.errorf(ErrTooLarge, "more than %d bytes", r.lim.MaxBytes))
	}
	for r.w-r.r < 4 && r.fill() {
	}
	limit := r.lim.MaxSegment
	if r.isISA() {
		if err := r.readISA(); err != nil {
			return Segment{}, r.fail(err)
		}
		if r.isaLen-1 > limit {
			// The delimiters cannot be trusted from an ISA this far from its
			// fixed 106 characters.
			return Segment{}, r.fail(r.errorf(ErrElementSeparator, "ISA segment of %d bytes exceeds the %d-byte segment limit", r.isaLen, limit))
		}
	} else if !r.haveISA {
		return Segment{}, r.fail(r.errorf(ErrNoISA, ""))
	}
	// Find the terminator.
	scanned := 0
	for {
		if i := bytes.IndexByte(r.buf[r.r+scanned:r.w], r.d.Segment); i >= 0 {
			end := r.r + scanned + i
			raw := r.buf[r.r:end]
			if len(raw) > limit {
				e := r.errorf(ErrSegmentTooLong, "%d bytes, limit %d", len(raw), limit)
				e.ID = r.peekID()
				r.r = end + 1
				return Segment{}, e
			}
			r.r = end + 1
			return r.split(raw)
		}
		scanned = r.w - r.r
		if scanned > r.lim.MaxSegment {
			return Segment{}, r.skipLong()
		}
		if !r.fill() {
			if r.ioErr != nil {
				return Segment{}, r.fail(r.errorf(r.ioErr, "reading input"))
			}
			r.r = r.w
			return Segment{}, r.fail(r.errorf(ErrUnterminated, "%d bytes after the last terminator", scanned))
		}
	}
}

func (r *Reader) end() error {
	if r.ioErr != nil {
		return r.fail(&SyntaxError{Err: r.ioErr, Offset: r.base + int64(r.r), Ordinal: r.ordinal + 1, Detail: "reading input"})
	}
	return io.EOF
}

func (r *Reader) fail(err *SyntaxError) error {
	r.fatal = err
	return err
}

// skipLong discards an over-long segment up to and including its terminator.
func (r *Reader) skipLong() error {
	err := r.errorf(ErrSegmentTooLong, "limit %d bytes", r.lim.MaxSegment)
	err.ID = r.peekID()
	for {
		if i := bytes.IndexByte(r.buf[r.r:r.w], r.d.Segment); i >= 0 {
			r.r += i + 1
			return err
		}
		r.r = r.w
		if !r.fill() {
			if r.ioErr != nil {
				return r.fail(r.errorf(r.ioErr, "reading input"))
			}
			return r.fail(r.errorf(ErrUnterminated, "inside an over-long segment"))
		}
	}
}

// split indexes the element separators of raw.
func (r *Reader) split(raw []byte) (Segment, error) {
	for r.d.Segment == '\n' && len(raw) > 0 && raw[len(raw)-1] == '\r' {
		raw = raw[:len(raw)-1]
	}
	sep := r.sep[:0]
	es := r.d.Element
	for i := 0; i < len(raw); i++ {
		if raw[i] == es {
			sep = append(sep, int32(i))
		}
	}
	r.sep = sep
	if len(sep) > r.lim.MaxElements {
		e := r.errorf(ErrTooManyElements, "%d elements, limit %d", len(sep), r.lim.MaxElements)
		e.ID = string(raw[:min(int(sep[0]), 3)])
		return Segment{}, e
	}
	return Segment{raw: raw, sep: sep, d: r.d}, nil
}

// isISA reports whether the unread data starts an ISA segment. A letter or
// digit after "ISA" still counts, so that readISA reports the bad element
// separator rather than the data being taken for something else.
func (r *Reader) isISA() bool {
	b := r.buf[r.r:r.w]
	return len(b) >= 4 && b[0] == 'I' && b[1] == 'S' && b[2] == 'A'
}

// readISA takes the delimiters from the ISA segment at the read position:
// the element separator follows "ISA", ISA16 follows the 16th element
// separator and the terminator follows ISA16.
func (r *Reader) readISA() *SyntaxError {
	for r.w-r.r < 106 && r.fill() {
	}
	es := r.buf[r.r+3]
	count := 0
	i := r.r + 3
	for {
		for ; i < r.w && i-r.r < isaMaxLen; i++ {
			if r.buf[i] == es {
				count++
				if count == 16 {
					break
				}
			}
		}
		if count == 16 || i-r.r >= isaMaxLen {
			break
		}
		rel := i - r.r // fill may move the unread data to the start of buf
		if !r.fill() {
			break
		}
		i = r.r + rel
	}
	if count < 16 {
		return r.errorf(ErrElementSeparator, "found %d of 16 element separators", count)
	}
	for rel := i - r.r; i+2 >= r.w && r.fill(); i = r.r + rel {
	}
	if i+2 >= r.w {
		return r.errorf(ErrSegmentTerminator, "data ends inside the ISA segment")
	}
	d := Delimiters{Element: es, Repetition: r.buf[r.r+82], Component: r.buf[i+1], Segment: r.buf[i+2]}
	if i-r.r != 103 {
		// Non-standard widths: ISA11 is then the 11th element.
		d.Repetition = 0
		if v := nth(r.buf[r.r:i], es, 12); len(v) == 1 {
			d.Repetition = v[0]
		}
	}
	if IsAlnum(d.Repetition) || d.Repetition == ' ' {
		d.Repetition = 0 // 4010-style ISA11 "U": no repetition separator
	}
	if err := d.check(); err != nil {
		return r.errorf(isaFault(err.Which), "%v", err)
	}
	if bytes.IndexByte(r.buf[r.r:i], d.Segment) >= 0 {
		return r.errorf(ErrSegmentTerminator, "the segment terminator %s occurs inside the ISA", printable(d.Segment))
	}
	r.d = d
	r.haveISA = true
	r.isaLen = i + 3 - r.r
	return nil
}
