package ack

import (
	"cmp"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/gate278/gate278/edi"
)

// Interchange is one ISA…IEA envelope as read.
type Interchange struct {
	D                                                 edi.Delimiters
	AuthQual, Auth, SecQual, Sec                      string
	SenderQual, Sender, ReceiverQual, Receiver        string // IDs with their padding trimmed
	Date, Time, Version, Control, AckRequested, Usage string

	// Code is the TA105 code: TA1NoError when the envelope is sound.
	Code string
	// LineBreaks is set when the ISA is followed by a CR or LF.
	LineBreaks bool
	// Synthetic is set when the file had no readable ISA: the interchange
	// stands for the data so that it can still be answered.
	Synthetic bool
	Groups    int // GS…GE groups read
	Ordinal   int // 1-based position in the file
}

// Rejected reports whether the TA1 rejects the interchange.
func (ix *Interchange) Rejected() bool { return ix.Code != TA1NoError }

// WantsTA1 reports whether a TA1 answers the interchange: when the sender
// asked for one (ISA14 = 1) or when the envelope is in error.
func (ix *Interchange) WantsTA1() bool { return ix.AckRequested == "1" || ix.Rejected() }

func (ix *Interchange) reject(code string) {
	if ix.Code == TA1NoError {
		ix.Code = code
	}
}

// Group is one GS…GE functional group.
type Group struct {
	FunctionalID, Sender, Receiver, Date, Time, Control, Agency, Version string

	Codes    []string // AK905…: group-level errors
	Sets     int      // ST…SE sets read
	Accepted int      // sets with IK501 A or E
	Declared int      // GE01 as sent, or Sets when GE is missing or not a number
	Ordinal  int
}

// Status returns AK901: A, E, P (partially accepted) or R.
func (g *Group) Status() string {
	switch {
	case len(g.Codes) > 0 || g.Accepted == 0:
		return StatusRejected
	case g.Accepted < g.Sets:
		return StatusPartial
	}
	return StatusAccepted
}

// Set is one ST…SE transaction set.
type Set struct {
	ID, Control, Convention string

	Segments []edi.Segment // ST…SE; valid only while the handler runs
	Codes    []string      // IK502…
	Errors   []edi.SegmentError
	Ordinal  int
}

// Status returns IK501: A, E (accepted with errors noted) or R.
func (s *Set) Status() string {
	if len(s.Codes) > 0 {
		return StatusRejected
	}
	return StatusAccepted
}

// Accepted reports whether the set is accepted.
func (s *Set) Accepted() bool { return s.Status() != StatusRejected }

// Handler receives the envelopes as the walk meets them. Interchange- and
// group-level results are final only at their End calls.
type Handler interface {
	InterchangeStart(ix *Interchange)
	GroupStart(ix *Interchange, g *Group)
	Set(ix *Interchange, g *Group, s *Set)
	GroupEnd(ix *Interchange, g *Group)
	InterchangeEnd(ix *Interchange)
}

// Options configure a walk.
type Options struct {
	Limits edi.Limits
	// Validate checks a 278 set against the implementation guide.
	Validate func(set []edi.Segment, errs []edi.SegmentError) []edi.SegmentError
	// Duplicate reports whether an interchange with this sender and control
	// number was already received (in another file); nil: only duplicates
	// within the file are detected.
	Duplicate func(ix *Interchange) bool
	// MaxSetBytes bounds one transaction set held in memory (default 16 MiB).
	MaxSetBytes int
	// Receiver reports whether the gateway is the receiver an envelope
	// names: ISA07/ISA08 (qualifier and ID), or GS03 (an ID, qualifier "").
	// An interchange for another receiver is rejected with
	// TA1UnknownReceiver, a group for another application receiver with
	// GroupNotSupported. Nil: every receiver is the gateway's.
	Receiver func(qualifier, id string) bool
	// GroupSender reports whether a group's application sender (GS02) may
	// send in this interchange; a group from another is rejected with
	// GroupNotSupported. Nil: every application sender.
	GroupSender func(ix *Interchange, id string) bool
}

// Summary counts what a walk saw.
type Summary struct {
	Interchanges, Groups, Sets, Accepted, Segments int
	Bytes                                          int64
}

// Walk reads the file from r and reports every envelope to h. It returns
// an error only when reading the source fails; malformed data is reported
// through the envelopes' codes.
func Walk(r io.Reader, opts Options, h Handler) (Summary, error) {
	w := walker{opts: opts, h: h, rd: edi.NewReader(r, opts.Limits), seen: map[string]bool{}}
	if w.opts.MaxSetBytes <= 0 {
		w.opts.MaxSetBytes = 16 << 20
	}
	err := w.run()
	w.sum.Bytes = w.rd.BytesRead()
	return w.sum, err
}

type walker struct {
	opts Options
	h    Handler
	rd   *edi.Reader
	sum  Summary

	ix       *Interchange
	g        *Group
	set      *Set
	arena    edi.Arena
	segs     []edi.Segment
	stSeen   map[string]bool
	gsSeen   map[string]bool
	seen     map[string]bool // sender + ISA13 within the file
	setBytes int
	errs     []edi.SegmentError
}

func (w *walker) run() error {
	for {
		seg, err := w.rd.Next()
		if err == io.EOF {
			w.closeInterchange(true)
			if w.sum.Interchanges == 0 {
				w.synthetic(TA1InvalidContent) // an empty file is answered too
			}
			return nil
		}
		if err != nil {
			var se *edi.SyntaxError
			if !errors.As(err, &se) {
				return err
			}
			if w.syntax(se) {
				continue
			}
			if !errors.Is(se.Err, edi.ErrNoISA) && !errors.Is(se.Err, edi.ErrISA) &&
				!errors.Is(se.Err, edi.ErrUnterminated) && !errors.Is(se.Err, edi.ErrTooLarge) {
				return se // an I/O error: the caller retries the file
			}
			return nil
		}
		w.sum.Segments++
		w.segment(seg)
	}
}

// syntax handles a reader error; it reports whether reading continues.
func (w *walker) syntax(se *edi.SyntaxError) bool {
	switch {
	case errors.Is(se.Err, edi.ErrSegmentTooLong), errors.Is(se.Err, edi.ErrTooManyElements):
		code := ElementTooLong
		if errors.Is(se.Err, edi.ErrTooManyElements) {
			code = ElementTooMany
		}
		id := se.ID
		if id == "" {
			id = "UNK"
		}
		if w.set != nil {
			pos := len(w.segs) + 1
			w.segs = append(w.segs, edi.MakeSegment([]byte(id), w.rd.Delimiters()))
			w.set.Errors = append(w.set.Errors, edi.SegmentError{SegmentID: id, Position: pos, Code: SegmentElementErrors,
				Elements: []edi.ElementError{{Position: 1, Code: code}}})
		} else if w.ix != nil {
			w.ix.reject(TA1InvalidContent)
		}
		return true
	case errors.Is(se.Err, edi.ErrNoISA):
		if w.ix == nil {
			w.synthetic(TA1InvalidContent)
		} else {
			w.closeInterchange(true)
		}
	case errors.Is(se.Err, edi.ErrISA):
		w.closeInterchange(true)
		w.synthetic(isaFaultCode(se))
	case errors.Is(se.Err, edi.ErrUnterminated):
		if w.ix == nil {
			w.synthetic(TA1PrematureEnd)
		} else {
			w.closeInterchange(true)
		}
	case errors.Is(se.Err, edi.ErrTooLarge):
		if w.ix == nil {
			w.synthetic(TA1InvalidContent)
		} else {
			w.ix.reject(TA1InvalidContent)
			w.closeInterchange(false)
		}
	default:
		w.closeInterchange(false)
	}
	return false
}

// isaFaults maps the faults of an ISA whose delimiters cannot be read to
// their TA105 codes.
var isaFaults = []struct {
	err  error
	code string
}{
	{edi.ErrElementSeparator, TA1ElementSeparator},
	{edi.ErrComponentSeparator, TA1ComponentSeparator},
	{edi.ErrSegmentTerminator, TA1SegmentTerminator},
}

// isaFaultCode returns the TA105 code for a reader error that wraps
// edi.ErrISA: the code of its fault, chosen by errors.Is and never by the
// message, or TA1ElementSeparator when the error names no fault.
func isaFaultCode(err error) string {
	for _, f := range isaFaults {
		if errors.Is(err, f.err) {
			return f.code
		}
	}
	return TA1ElementSeparator
}

// synthetic answers data that has no readable ISA.
func (w *walker) synthetic(code string) {
	w.sum.Interchanges++
	ix := &Interchange{D: edi.DefaultDelimiters, Control: "000000000", Code: code, Synthetic: true, Ordinal: w.sum.Interchanges,
		Version: "00501", Usage: "P", AckRequested: "0"}
	w.h.InterchangeStart(ix)
	w.h.InterchangeEnd(ix)
}

func (w *walker) segment(seg edi.Segment) {
	switch {
	case seg.Is("ISA"):
		w.closeInterchange(true)
		w.openInterchange(seg)
	case w.ix == nil:
		// Data after an IEA that is not a new ISA.
		w.synthetic(TA1InvalidContent)
		w.ix = &Interchange{Code: TA1InvalidContent, Synthetic: true} // swallow the rest until an ISA
	case seg.Is("IEA"):
		w.closeGroup(true)
		if w.ix.Synthetic {
			w.ix = nil
			return
		}
		if seg.String(2) != w.ix.Control {
			w.ix.reject(TA1ControlMismatch)
		} else if n, ok := edi.Number(seg.Value(1)); !ok || n != w.ix.Groups {
			w.ix.reject(TA1GroupCount)
		}
		w.finishInterchange()
	case w.ix.Synthetic:
	case seg.Is("GS"):
		w.closeGroup(true)
		w.openGroup(seg)
	case w.g == nil:
		w.ix.reject(TA1InvalidContent) // data outside any functional group
	case seg.Is("GE"):
		w.closeSet(true)
		if seg.String(2) != w.g.Control {
			w.g.Codes = appendCode(w.g.Codes, GroupControlMismatch)
		}
		n, ok := edi.Number(seg.Value(1))
		if ok {
			w.g.Declared = n // AK902 reports GE01 as sent
		}
		if !ok || n != w.g.Sets {
			w.g.Codes = appendCode(w.g.Codes, GroupSetCount)
		}
		w.finishGroup()
	case seg.Is("ST"):
		w.closeSet(true)
		w.openSet(seg)
	case w.set == nil:
		w.ix.reject(TA1InvalidContent) // data outside any transaction set
	case seg.Is("SE"):
		w.add(seg)
		if seg.String(2) != w.set.Control {
			w.set.Codes = appendCode(w.set.Codes, SetControlMismatch)
		}
		if n, ok := edi.Number(seg.Value(1)); !ok || n != len(w.segs) {
			w.set.Codes = appendCode(w.set.Codes, SetSegmentCount)
		}
		w.finishSet()
	default:
		w.add(seg)
	}
}

func (w *walker) openInterchange(seg edi.Segment) {
	w.sum.Interchanges++
	ix := &Interchange{
		D:            seg.Delimiters(),
		AuthQual:     seg.String(1),
		Auth:         seg.String(2),
		SecQual:      seg.String(3),
		Sec:          seg.String(4),
		SenderQual:   seg.String(5),
		Sender:       strings.TrimRight(seg.String(6), " "),
		ReceiverQual: seg.String(7),
		Receiver:     strings.TrimRight(seg.String(8), " "),
		Date:         seg.String(9),
		Time:         seg.String(10),
		Version:      seg.String(12),
		Control:      seg.String(13),
		AckRequested: seg.String(14),
		Usage:        seg.String(15),
		Code:         TA1NoError,
		Ordinal:      w.sum.Interchanges,
		LineBreaks:   w.rd.LineBreak(),
	}
	ix.Code = checkISA(seg, w.rd.ISALength())
	if ix.Code == TA1NoError && w.opts.Receiver != nil && !w.opts.Receiver(ix.ReceiverQual, ix.Receiver) {
		ix.Code = TA1UnknownReceiver
	}
	key := ix.SenderQual + "/" + ix.Sender + "/" + ix.Control
	if ix.Code == TA1NoError {
		if w.seen[key] || (w.opts.Duplicate != nil && w.opts.Duplicate(ix)) {
			ix.Code = TA1Duplicate
		}
	}
	w.seen[key] = true
	w.ix = ix
	w.gsSeen = map[string]bool{}
	w.h.InterchangeStart(ix)
}

// closeInterchange ends an interchange whose IEA never came.
func (w *walker) closeInterchange(premature bool) {
	if w.ix == nil {
		return
	}
	w.closeGroup(true)
	if w.ix.Synthetic {
		w.ix = nil
		return
	}
	if premature {
		w.ix.reject(TA1PrematureEnd)
	}
	w.finishInterchange()
}

func (w *walker) finishInterchange() {
	w.h.InterchangeEnd(w.ix)
	w.ix = nil
}

func (w *walker) openGroup(seg edi.Segment) {
	w.sum.Groups++
	w.ix.Groups++
	g := &Group{
		FunctionalID: seg.String(1), Sender: seg.String(2), Receiver: seg.String(3), Date: seg.String(4),
		Time: seg.String(5), Control: seg.String(6), Agency: seg.String(7), Version: seg.String(8), Ordinal: w.ix.Groups,
	}
	// A GS whose IDs, date, time or agency code are not valid is invalid
	// interchange content (TA1 024): the 999's group codes have none for
	// them, and AK905 6 names the group control number (GS06) alone.
	if len(seg.Value(2)) < 2 || len(seg.Value(3)) < 2 || !edi.ValidDate(seg.Value(4)) || !edi.ValidTime(seg.Value(5)) || g.Agency != "X" {
		w.ix.reject(TA1InvalidContent)
	}
	switch {
	case g.FunctionalID != "HI":
		g.Codes = appendCode(g.Codes, GroupNotSupported)
	case g.Version != Version278:
		g.Codes = appendCode(g.Codes, GroupVersion)
	case w.opts.Receiver != nil && !w.opts.Receiver("", g.Receiver):
		g.Codes = appendCode(g.Codes, GroupNotSupported)
	case w.opts.GroupSender != nil && !w.opts.GroupSender(w.ix, g.Sender):
		g.Codes = appendCode(g.Codes, GroupNotSupported)
	}
	if _, ok := edi.Number(seg.Value(6)); !ok {
		g.Codes = appendCode(g.Codes, GroupControlSyntax)
	} else if w.gsSeen[g.Control] {
		g.Codes = appendCode(g.Codes, GroupDuplicateControl)
	}
	w.gsSeen[g.Control] = true
	w.g = g
	w.stSeen = map[string]bool{}
	w.h.GroupStart(w.ix, g)
}

// closeGroup ends a group whose GE never came.
func (w *walker) closeGroup(premature bool) {
	if w.g == nil {
		return
	}
	w.closeSet(true)
	if premature {
		w.g.Codes = appendCode(w.g.Codes, GroupTrailerMissing)
	}
	w.finishGroup()
}

func (w *walker) finishGroup() {
	if w.g.Declared == 0 {
		w.g.Declared = w.g.Sets
	}
	w.h.GroupEnd(w.ix, w.g)
	w.g = nil
}

// Version278 is the implementation convention this gateway answers.
const Version278 = "005010X217"

func (w *walker) openSet(seg edi.Segment) {
	w.sum.Sets++
	w.g.Sets++
	w.set = &Set{ID: seg.String(1), Control: seg.String(2), Convention: seg.String(3), Ordinal: w.g.Sets}
	w.arena.Reset()
	w.segs = w.segs[:0]
	w.setBytes = 0
	w.add(seg)
	s := w.set
	switch {
	case s.ID != "278":
		s.Codes = appendCode(s.Codes, SetNotSupported)
	case len(s.Control) < 4 || len(s.Control) > 9:
		s.Codes = appendCode(s.Codes, SetControlNumber)
	case w.stSeen[s.Control]:
		s.Codes = appendCode(s.Codes, SetDuplicateControl)
	case s.Convention != Version278 || s.Convention != w.g.Version:
		s.Codes = appendCode(s.Codes, SetConventionNotSupported)
	}
	w.stSeen[s.Control] = true
}

// add keeps a copy of seg in the set's arena.
func (w *walker) add(seg edi.Segment) {
	raw := seg.Raw()
	w.setBytes += len(raw)
	if w.setBytes > w.opts.MaxSetBytes {
		if len(w.set.Codes) == 0 || w.set.Codes[len(w.set.Codes)-1] != SetSegmentErrors {
			w.set.Codes = appendCode(w.set.Codes, SetSegmentErrors)
			w.set.Errors = append(w.set.Errors, edi.SegmentError{SegmentID: seg.ID(), Position: len(w.segs) + 1, Code: SegmentOverMaxUse})
		}
		w.segs = append(w.segs, edi.Segment{}) // keep the count right
		return
	}
	w.segs = append(w.segs, w.arena.Add(seg))
}

// closeSet ends a set whose SE never came.
func (w *walker) closeSet(premature bool) {
	if w.set == nil {
		return
	}
	if premature {
		w.set.Codes = appendCode(w.set.Codes, SetTrailerMissing)
	}
	w.finishSet()
}

func (w *walker) finishSet() {
	s := w.set
	s.Segments = w.segs
	if s.ID == "278" && w.opts.Validate != nil && !w.ix.Rejected() {
		w.errs = w.opts.Validate(w.segs, w.errs[:0])
		s.Errors = append(s.Errors, w.errs...)
	}
	s.Errors = NormalizeErrors(s.Errors)
	if len(s.Errors) > 0 {
		code := SetSegmentErrors
		if allImplementation(s.Errors) {
			code = SetGuideSegmentErrors
		}
		s.Codes = appendCode(s.Codes, code)
	}
	if s.Accepted() {
		w.g.Accepted++
		w.sum.Accepted++
	}
	w.h.Set(w.ix, w.g, s)
	s.Segments = nil
	w.set = nil
}

// NormalizeErrors puts a set's segment errors in the order of the 999:
// by segment position (stable, so errors reported at one position keep
// the order they were found in), with the errors of one segment (its ID
// and position) in one IK3 loop: the first segment code other than 8 and
// every element error, in order. It reuses errs.
func NormalizeErrors(errs []edi.SegmentError) []edi.SegmentError {
	if len(errs) < 2 {
		return errs
	}
	slices.SortStableFunc(errs, func(a, b edi.SegmentError) int { return cmp.Compare(a.Position, b.Position) })
	out := errs[:1]
	for _, e := range errs[1:] {
		k := -1
		for i := len(out) - 1; i >= 0 && out[i].Position == e.Position; i-- {
			if out[i].SegmentID == e.SegmentID {
				k = i
				break
			}
		}
		if k < 0 {
			out = append(out, e)
			continue
		}
		m := &out[k]
		if m.Code == "" || m.Code == SegmentElementErrors {
			m.Code = e.Code
		}
		if m.Loop == "" {
			m.Loop = e.Loop
		}
		if len(e.Elements) > 0 {
			m.Elements = append(slices.Clip(m.Elements), e.Elements...)
		}
	}
	return out
}

func allImplementation(errs []edi.SegmentError) bool {
	for _, e := range errs {
		if !e.Implementation() {
			return false
		}
	}
	return true
}

func appendCode(codes []string, c string) []string {
	for _, x := range codes {
		if x == c {
			return codes
		}
	}
	if len(codes) >= 5 { // IK502…IK506, AK905…AK909
		return codes
	}
	return append(codes, c)
}
