package edi

import (
	"bufio"
	"io"
	"strconv"
)

// Writer writes segments with a given set of delimiters. Trailing empty
// elements and components are dropped, as the standard requires, and
// delimiter characters inside values are replaced by spaces so that a value
// can never split a segment.
//
// Build a segment with Seg, then E (element), C (component of the current
// element) and End:
//
//	w.Seg("HCR").E("A1").E(auth).End()
type Writer struct {
	bw      *bufio.Writer
	d       Delimiters
	newline bool
	seg     []byte
	count   int // segments written since the last ResetCount
	err     error
	last    int // length of seg up to the last non-empty element
	elemEnd int // length of seg up to the last non-empty component of the current element
}

// NewWriter returns a Writer that writes to w with delimiters d. With
// newline set, a LF follows every terminator (unless the terminator is
// itself a LF).
func NewWriter(w io.Writer, d Delimiters, newline bool) *Writer {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 32<<10)
	}
	return &Writer{bw: bw, d: d, newline: newline && d.Segment != '\n', seg: make([]byte, 0, 256)}
}

// Delimiters returns the writer's delimiters.
func (w *Writer) Delimiters() Delimiters { return w.d }

// Seg starts a segment with identifier id.
func (w *Writer) Seg(id string) *Writer {
	w.seg = append(w.seg[:0], id...)
	w.last = len(w.seg)
	w.elemEnd = len(w.seg)
	return w
}

// E appends an element.
func (w *Writer) E(v string) *Writer {
	w.next()
	w.seg = w.appendClean(w.seg, v)
	w.mark(v != "")
	return w
}

// next closes the current element (dropping its trailing empty components)
// and opens a new one.
func (w *Writer) next() {
	w.seg = append(w.seg[:w.elemEnd], w.d.Element)
	w.elemEnd = len(w.seg)
}

// mark records that the current element has data up to here.
func (w *Writer) mark(data bool) {
	if data {
		w.elemEnd = len(w.seg)
		w.last = len(w.seg)
	}
}

// EB appends an element given as bytes.
func (w *Writer) EB(v []byte) *Writer {
	w.next()
	for _, b := range v {
		w.seg = append(w.seg, w.clean(b))
	}
	w.mark(len(v) > 0)
	return w
}

// EI appends an integer element.
func (w *Writer) EI(n int) *Writer {
	w.next()
	w.seg = strconv.AppendInt(w.seg, int64(n), 10)
	w.mark(true)
	return w
}

// C appends a component to the current element (the first component is
// the element itself: E("HC").C("E0781") writes HC:E0781).
func (w *Writer) C(v string) *Writer {
	// Empty components are kept only if a later one has data.
	w.seg = append(w.seg, w.d.Component)
	w.seg = w.appendClean(w.seg, v)
	w.mark(v != "")
	return w
}

// R appends a repetition to the current element.
func (w *Writer) R(v string) *Writer {
	if w.d.Repetition == 0 {
		return w
	}
	w.seg = append(w.seg, w.d.Repetition)
	w.seg = w.appendClean(w.seg, v)
	w.mark(v != "")
	return w
}

// End terminates the segment and writes it.
func (w *Writer) End() {
	w.seg = w.seg[:w.last]
	w.write(w.seg)
}

// Raw writes a segment read with other (or the same) delimiters, mapping
// its separators to the writer's.
func (w *Writer) Raw(s Segment) {
	if s.d == w.d {
		w.write(s.raw)
		return
	}
	out := w.seg[:0]
	for _, b := range s.raw {
		switch b {
		case s.d.Element:
			b = w.d.Element
		case s.d.Component:
			b = w.d.Component
		default:
			if s.d.Repetition != 0 && b == s.d.Repetition {
				b = w.d.Repetition
			} else if w.d.isDelimiter(b) {
				b = ' ' // data that would read as a delimiter here
			}
		}
		out = append(out, b)
	}
	w.seg = out
	w.write(out)
}

func (w *Writer) write(seg []byte) {
	if w.err != nil {
		return
	}
	w.count++
	if _, err := w.bw.Write(seg); err != nil {
		w.err = err
		return
	}
	if err := w.bw.WriteByte(w.d.Segment); err != nil {
		w.err = err
		return
	}
	if w.newline {
		w.err = w.bw.WriteByte('\n')
	}
}

// Like returns a Writer to dst with w's delimiters and line breaks, for
// segments that are written to w later with Copy.
func (w *Writer) Like(dst io.Writer) *Writer {
	return NewWriter(dst, w.d, w.newline)
}

// Copy writes bytes that are already segments with w's delimiters (from a
// Writer made by Like), as they are. They are not counted: AddCount counts
// them.
func (w *Writer) Copy(p []byte) {
	if w.err != nil {
		return
	}
	_, w.err = w.bw.Write(p)
}

// AddCount adds n segments written with Copy to the count.
func (w *Writer) AddCount(n int) { w.count += n }

// Count returns the number of segments written since the last ResetCount.
func (w *Writer) Count() int { return w.count }

// ResetCount restarts the segment count (at ST).
func (w *Writer) ResetCount() { w.count = 0 }

// Flush writes buffered data and returns the first error met.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	return w.bw.Flush()
}

func (w *Writer) clean(b byte) byte {
	if b == w.d.Element || b == w.d.Component || b == w.d.Segment || (w.d.Repetition != 0 && b == w.d.Repetition) || b == '\n' || b == '\r' {
		return ' '
	}
	return b
}

func (w *Writer) appendClean(dst []byte, v string) []byte {
	for i := 0; i < len(v); i++ {
		dst = append(dst, w.clean(v[i]))
	}
	return dst
}

// Verb appends an element whose value is a delimiter character (ISA11,
// ISA16), written as it is.
func (w *Writer) Verb(v string) *Writer {
	w.next()
	w.seg = append(w.seg, v...)
	w.mark(v != "")
	return w
}
