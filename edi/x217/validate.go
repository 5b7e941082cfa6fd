package x217

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/moov-io/x12/pkg/rules"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
)

// MaxErrors bounds the segment errors reported for one transaction set, so
// that a hostile set cannot produce an unbounded 999.
const MaxErrors = 100

// celem is a compiled element rule.
type celem struct {
	defined bool
	req     bool // mask REQUIRED
	unused  bool // mask NOTUSED
	accept  []string
	set     map[string]struct{} // accept as a set, for long lists
	comps   []celem             // 1-based; nil for a simple element
	f       format
}

// accepts reports whether v is one of the element's accepted codes.
func (e *celem) accepts(v []byte) bool {
	if e.set != nil {
		_, ok := e.set[string(v)]
		return ok
	}
	return contains(e.accept, v)
}

func (e *celem) required() bool { return e.req }

// refNum returns the data element reference number an IK4 names for the
// element: its own, or for a composite the number of its first component
// (a composite has no data element number of its own).
func (e *celem) refNum() int {
	if e.f.ref == 0 && len(e.comps) > 1 {
		return e.comps[1].f.ref
	}
	return e.f.ref
}

func (e *celem) notUsed() bool { return e.unused }

// cseg is a compiled segment rule.
type cseg struct {
	id     string
	mask   string
	repeat int
	elems  []celem // 1-based
	// first and last are the indexes, in the loop, of the rules of this
	// segment ID that follow each other: the uses of one segment at one
	// position, told apart by their qualifier and in any order.
	first, last int
}

// cloop is a compiled loop.
type cloop struct {
	id       string
	mask     string
	repeat   int // <= 0: unbounded
	segs     []cseg
	children []*cloop
}

func (l *cloop) trigger() []string { return l.segs[0].elems[1].accept }

var (
	compiledHeader = compileSeg(Header)
	compiledLevels = func() map[string]*cloop {
		if err := checkLevels(Levels); err != nil {
			panic(err)
		}
		m := make(map[string]*cloop, len(Levels))
		for code, l := range Levels {
			m[code] = compileLoop(l)
		}
		return m
	}()
)

func compileLoop(l rules.LoopRule) *cloop {
	c := &cloop{id: l.Name, mask: l.Mask, repeat: l.RepeatCount}
	for _, k := range slices.Sorted(maps.Keys(l.Segments)) {
		c.segs = append(c.segs, compileSeg(l.Segments[k]))
	}
	groupUses(c.segs)
	for _, k := range slices.Sorted(maps.Keys(l.Composite)) {
		c.children = append(c.children, compileLoop(l.Composite[k]))
	}
	return c
}

// groupUses marks the rules of one segment ID that follow each other as
// the uses of one position.
func groupUses(segs []cseg) {
	for i := range segs {
		segs[i].first, segs[i].last = i, i
		if i > 0 && segs[i-1].id == segs[i].id {
			segs[i].first = segs[i-1].first
		}
	}
	for i := len(segs) - 2; i >= 0; i-- {
		if segs[i+1].id == segs[i].id {
			segs[i].last = segs[i+1].last
		}
	}
}

func compileSeg(s rules.SegmentRule) cseg {
	c := cseg{id: s.Name, mask: s.Mask, repeat: s.RepeatCount}
	c.elems = compileElems(s.Name, s.Elements, "")
	return c
}

func compileElems(id string, set rules.ElementSetRule, parent string) []celem {
	last := 0
	for k := range set {
		last = max(last, position(id, k))
	}
	if last == 0 {
		return nil
	}
	out := make([]celem, last+1)
	for k, r := range set {
		n := position(id, k)
		name := id + key(n)
		if parent != "" {
			name = parent + "-" + string(rune('0'+n))
		}
		e := celem{defined: true, req: r.Mask == rules.MASK_REQUIRED, unused: r.Mask == rules.MASK_NOTUSED,
			accept: r.AcceptValues, f: formats[name]}
		if len(e.accept) > 8 {
			e.set = make(map[string]struct{}, len(e.accept))
			for _, a := range e.accept {
				e.set[a] = struct{}{}
			}
		}
		if len(r.Composite) > 0 {
			e.comps = compileElems(id, r.Composite, name)
		}
		out[n] = e
	}
	return out
}

// position returns the element position that key k of segment id's rules
// names ("01", "02" …). The guide is data compiled at start-up: a key that
// is not a position is a mistake in it, reported at once.
func position(id, k string) int {
	n, ok := edi.Number(k)
	if !ok || n == 0 {
		panic(fmt.Sprintf("x217: the guide's %s rules have element key %q, not a position 01, 02 …", id, k))
	}
	return n
}

// ValidateSet checks one 278 request transaction set (its segments from ST
// to SE inclusive) against the guide and appends what it finds to errs.
// The envelope (ST and SE themselves) is checked by the caller.
func ValidateSet(set []edi.Segment, errs []edi.SegmentError) []edi.SegmentError {
	v := validators.Get().(*validator)
	v.set, v.errs = set, errs
	v.hlLevel, v.hlParent, v.hlPos = v.hlLevel[:0], v.hlParent[:0], v.hlPos[:0]
	v.counts = [len(levelCodes)]int{}
	v.run()
	errs = v.errs
	v.set, v.errs = nil, nil
	validators.Put(v)
	return errs
}

var validators = sync.Pool{New: func() any { return &validator{} }}

// levelCodes are the HL03 values of the guide, in hierarchy order.
var levelCodes = [...]string{"20", "21", "22", "23", "EV", "SS"}

// levelCode returns HL03 as one of the constant level codes when it is one,
// so that recording it allocates nothing.
func levelCode(b []byte) string {
	for _, c := range levelCodes {
		if string(b) == c {
			return c
		}
	}
	return string(b)
}

// checkLevels reports a level of the guide that levelCodes, which sizes
// the validator's level counters, does not list: validating would fail on
// every set at that level.
func checkLevels(levels map[string]rules.LoopRule) error {
	for code := range levels {
		if levelIndex(code) < 0 {
			return fmt.Errorf("x217: the guide's level %q is not in levelCodes; add it there", code)
		}
	}
	return nil
}

func levelIndex(code string) int {
	for i, c := range levelCodes {
		if c == code {
			return i
		}
	}
	return -1
}

type validator struct {
	set  []edi.Segment
	errs []edi.SegmentError
	el   []edi.ElementError
	// hierarchy
	hlLevel  []string // HL03 by HL01-1
	hlParent []int    // HL02 by HL01-1
	hlPos    []int
	hlChild  []bool               // whether any HL names HL01-1 as its parent
	counts   [len(levelCodes)]int // HL loops by level, in levelCodes order
	// Counters of the loop being walked: segCounts per segment rule,
	// occurs per child loop, childSegCounts per rule of the open child.
	segCounts, occurs, childSegCounts []int
}

func (v *validator) full() bool { return len(v.errs) >= MaxErrors }

func (v *validator) segErr(id string, pos int, loop, code string) {
	if v.full() {
		return
	}
	v.errs = append(v.errs, edi.SegmentError{SegmentID: id, Position: pos, Loop: loop, Code: code})
}

func (v *validator) run() {
	n := len(v.set)
	end := n
	if n > 0 && v.set[n-1].Is("SE") {
		end = n - 1
	}
	i := 1 // set[0] is ST
	if i < end && v.set[i].Is("BHT") {
		v.elements(v.set[i], i+1, "", &compiledHeader)
		i++
	} else {
		v.segErr("BHT", i+1, "", ack.SegmentMissing)
	}
	for i < end {
		s := v.set[i]
		if !s.Is("HL") {
			v.segErr(s.ID(), i+1, "", unexpectedCode(s))
			i++
			continue
		}
		j := i + 1
		for j < end && !v.set[j].Is("HL") {
			j++
		}
		v.level(i, j)
		i = j
	}
	// Required levels.
	for _, code := range []string{"20", "21", "22", "EV"} {
		if v.counts[levelIndex(code)] == 0 {
			v.segErr("HL", end+1, compiledLevels[code].id, ack.SegmentLoopUnderMin)
		}
	}
	// HL04: child flag. Which HLs have a child is marked in one pass over
	// the parents (looking each HL's children up among all parents made
	// the check quadratic: 400,000 chained HLs took 25 s).
	v.hlChild = slices.Grow(v.hlChild[:0], len(v.hlLevel))[:len(v.hlLevel)]
	clear(v.hlChild)
	for _, p := range v.hlParent {
		if p >= 1 && p <= len(v.hlChild) {
			v.hlChild[p-1] = true
		}
	}
	for k, lvl := range v.hlLevel {
		if lvl == "" {
			continue
		}
		hasChild := v.hlChild[k]
		flag := string(v.set[v.hlPos[k]-1].Value(4))
		if (flag == "1") != hasChild && (flag == "0" || flag == "1") {
			v.elemErrs(v.set[v.hlPos[k]-1], v.hlPos[k], levelID(lvl), []edi.ElementError{{Position: 4, Ref: 736, Code: ack.ElementPatternMismatch, Value: flag}})
		}
	}
}

func levelID(code string) string {
	if l, ok := compiledLevels[code]; ok {
		return l.id
	}
	return ""
}

// level validates the HL loop set[i:j].
func (v *validator) level(i, j int) {
	hl := v.set[i]
	pos := i + 1
	code := levelCode(hl.Value(3))
	lp, known := compiledLevels[code]
	seq := len(v.hlLevel) + 1
	v.hlPos = append(v.hlPos, pos)
	parent := hlNumber(hl.Value(2))
	v.hlParent = append(v.hlParent, parent)
	if !known {
		v.hlLevel = append(v.hlLevel, "")
		e := edi.ElementError{Position: 3, Ref: 735, Code: ack.ElementInvalidCode, Value: code}
		if code == "" {
			e.Code, e.Value = ack.ElementMissing, ""
		}
		v.elemErrs(hl, pos, "", []edi.ElementError{e})
		return
	}
	v.hlLevel = append(v.hlLevel, code)
	li := levelIndex(code)
	v.counts[li]++
	if lp.repeat > 0 && v.counts[li] > lp.repeat {
		v.segErr("HL", pos, lp.id, ack.SegmentLoopOverMax)
	}
	// Hierarchy: HL01 sequence and HL02 parent level.
	var hier []edi.ElementError
	if id := hlNumber(hl.Value(1)); id != seq && len(hl.Value(1)) > 0 {
		hier = append(hier, edi.ElementError{Position: 1, Ref: 628, Code: ack.ElementPatternMismatch, Value: string(hl.Value(1))})
	}
	if allowed := Parents[code]; len(allowed) > 0 {
		ok := parent >= 1 && parent < seq && slices.Contains(allowed, v.hlLevel[parent-1])
		if !ok && len(hl.Value(2)) > 0 {
			hier = append(hier, edi.ElementError{Position: 2, Ref: 734, Code: ack.ElementPatternMismatch, Value: string(hl.Value(2))})
		}
	}
	v.walk(lp, i, j, hier)
}

// hlNumber returns HL01 or HL02 as a number, -1 when it is not one.
func hlNumber(b []byte) int {
	if n, ok := edi.Number(b); ok {
		return n
	}
	return -1
}

// walk validates the segments set[i:j] of one occurrence of loop l, whose
// first segment (HL) carries the extra element errors first.
func (v *validator) walk(l *cloop, i, j int, first []edi.ElementError) {
	idx := 0
	counts := counters(&v.segCounts, len(l.segs))
	occurs := counters(&v.occurs, len(l.children))
	var child *cloop
	cidx := 0
	var ccounts []int
	for k := i; k < j && !v.full(); k++ {
		s := v.set[k]
		id := s.IDBytes()
		isNM1 := string(id) == "NM1"
		pos := k + 1
		extra := first
		first = nil
		if child != nil {
			if isNM1 {
				if c, ci := pickChild(l, s); c != nil {
					v.closeLoop(child, ccounts, pos)
					child, cidx, ccounts = v.openChild(c, ci, occurs, s, pos)
					continue
				}
			}
			if r := find(child.segs, cidx, id); r >= 0 {
				cidx = v.accept(child, r, cidx, ccounts, s, pos, nil)
				continue
			}
			if find(child.segs[:cidx], 0, id) >= 0 {
				v.segErr(s.ID(), pos, child.id, ack.SegmentOutOfSequence)
				continue
			}
			v.closeLoop(child, ccounts, pos)
			child = nil
		}
		if isNM1 && len(l.children) > 0 {
			c, ci := pickChild(l, s)
			if c == nil {
				c, ci = l.children[0], 0 // NM101 is reported by the element check
			}
			v.missing(l, idx, len(l.segs), counts, pos)
			idx = len(l.segs)
			child, cidx, ccounts = v.openChild(c, ci, occurs, s, pos)
			continue
		}
		if r := find(l.segs, idx, id); r >= 0 {
			idx = v.accept(l, r, idx, counts, s, pos, extra)
			continue
		}
		if r := find(l.segs[:min(idx, len(l.segs))], 0, id); r >= 0 {
			if counts[r] == -1 {
				// Reported missing where it was expected; it came, late.
				v.unreport(l.segs[r].id, l.id)
				counts[r] = 1
			}
			v.segErr(s.ID(), pos, l.id, ack.SegmentOutOfSequence)
			continue
		}
		v.segErr(s.ID(), pos, l.id, unexpectedCode(s))
	}
	if child != nil {
		v.closeLoop(child, ccounts, j+1)
	}
	v.missing(l, idx, len(l.segs), counts, j+1)
	for ci, c := range l.children {
		if c.mask == rules.MASK_REQUIRED && occurs[ci] == 0 {
			v.segErr("NM1", j+1, c.id, ack.SegmentLoopUnderMin)
		}
	}
}

// unreport withdraws the "required segment missing" error of segment id
// in loop.
func (v *validator) unreport(id, loop string) {
	for k := len(v.errs) - 1; k >= 0; k-- {
		if e := v.errs[k]; e.SegmentID == id && e.Loop == loop && e.Code == ack.SegmentMissing {
			v.errs = append(v.errs[:k], v.errs[k+1:]...)
			return
		}
	}
}

// counters returns n zeroed counters, one per rule or child loop of a
// loop, from buf. buf grows to the largest loop met, so that no loop of the
// guide, however many rules it gains, can outgrow the validator's counters.
func counters(buf *[]int, n int) []int {
	if cap(*buf) < n {
		*buf = make([]int, n)
	}
	c := (*buf)[:n]
	clear(c)
	return c
}

func (v *validator) openChild(c *cloop, ci int, occurs []int, s edi.Segment, pos int) (*cloop, int, []int) {
	cc := counters(&v.childSegCounts, len(c.segs))
	occurs[ci]++
	if c.repeat > 0 && occurs[ci] > c.repeat {
		v.segErr("NM1", pos, c.id, ack.SegmentLoopOverMax)
	}
	cc[0] = 1
	v.elements(s, pos, c.id, &c.segs[0])
	return c, 0, cc
}

func (v *validator) closeLoop(c *cloop, counts []int, pos int) {
	v.missing(c, 0, len(c.segs), counts, pos)
}

// accept records segment s as an occurrence of the position whose first
// rule is r in loop l, and returns the new rule index: that position, so
// that its other uses may still follow. Of a position's uses, the one whose
// qualifier (element 01) s carries counts it; a qualifier of none of them
// is checked against the first use, which reports the code.
func (v *validator) accept(l *cloop, r, idx int, counts []int, s edi.Segment, pos int, extra []edi.ElementError) int {
	r = l.segs[r].first
	v.missing(l, idx, r, counts, pos)
	use, named := r, l.segs[r].first == l.segs[r].last
	if !named {
		q := s.Value(1)
		for u := r; u <= l.segs[r].last; u++ {
			if e := l.segs[u].elems; len(e) > 1 && e[1].accepts(q) {
				use, named = u, true
				break
			}
		}
	}
	if named {
		counts[use]++
		if rep := l.segs[use].repeat; rep > 0 && counts[use] > rep {
			v.segErr(s.ID(), pos, l.id, ack.SegmentOverMaxUse)
			return r
		}
	}
	if !named {
		// The qualifier names no use: report it alone, not the other
		// elements against a use the sender did not mean.
		el := checkElements(append(v.el[:0], extra...), s, &l.segs[use])
		v.el = slices.DeleteFunc(el, func(e edi.ElementError) bool { return e.Position != 1 && !slices.Contains(extra, e) })
		if len(v.el) > 0 {
			v.elemErrs(s, pos, l.id, v.el)
		}
		return r
	}
	v.elementsWith(s, pos, l.id, &l.segs[use], extra)
	return r
}

// missing reports the required rules in l.segs[from:to] that never occurred.
func (v *validator) missing(l *cloop, from, to int, counts []int, pos int) {
	for r := from; r < to && r < len(l.segs); r++ {
		if counts[r] == 0 && l.segs[r].mask == rules.MASK_REQUIRED {
			v.segErr(l.segs[r].id, pos, l.id, ack.SegmentMissing)
			counts[r] = -1 // report once
		}
	}
}

func pickChild(l *cloop, s edi.Segment) (*cloop, int) {
	code := s.Value(1)
	for ci, c := range l.children {
		for _, t := range c.trigger() {
			if string(code) == t {
				return c, ci
			}
		}
	}
	return nil, -1
}

// find returns the index of the first rule in segs[from:] for a segment
// with identifier id.
func find(segs []cseg, from int, id []byte) int {
	for r := from; r < len(segs); r++ {
		if string(id) == segs[r].id {
			return r
		}
	}
	return -1
}

func (v *validator) elements(s edi.Segment, pos int, loop string, r *cseg) {
	v.elementsWith(s, pos, loop, r, nil)
}

func (v *validator) elementsWith(s edi.Segment, pos int, loop string, r *cseg, extra []edi.ElementError) {
	el := append(v.el[:0], extra...)
	el = checkElements(el, s, r)
	v.el = el
	if len(el) > 0 {
		v.elemErrs(s, pos, loop, el)
	}
}

func (v *validator) elemErrs(s edi.Segment, pos int, loop string, el []edi.ElementError) {
	if v.full() {
		return
	}
	slices.SortStableFunc(el, func(a, b edi.ElementError) int { return cmp.Compare(a.Position, b.Position) })
	v.errs = append(v.errs, edi.SegmentError{SegmentID: s.ID(), Position: pos, Loop: loop, Elements: slices.Clone(el)})
}

// checkElements appends the element errors of s against rule r.
func checkElements(out []edi.ElementError, s edi.Segment, r *cseg) []edi.ElementError {
	if r.elems == nil {
		return out
	}
	d := s.Delimiters()
	// Most segments hold no component or repetition separator at all: one
	// vectorized search of the segment spares a scan of every element.
	raw := s.Raw()
	segRep := d.Repetition != 0 && bytes.IndexByte(raw, d.Repetition) >= 0
	segComp := bytes.IndexByte(raw, d.Component) >= 0
	maxDefined := len(r.elems) - 1
	if s.Len() > maxDefined {
		out = append(out, edi.ElementError{Position: maxDefined + 1, Code: ack.ElementTooMany})
	} else if n := len(raw); n > 0 && raw[n-1] == d.Element {
		// A separator before the terminator: an empty last element, which
		// the syntax forbids (trailing empty elements are left out).
		out = append(out, edi.ElementError{Position: s.Len(), Code: ack.ElementTooMany})
	}
	for i := 1; i <= maxDefined; i++ {
		e := &r.elems[i]
		if !e.defined {
			continue
		}
		val := s.Value(i)
		if len(val) == 0 {
			if e.required() {
				out = append(out, edi.ElementError{Position: i, Ref: e.refNum(), Code: ack.ElementMissing})
			}
			continue
		}
		if e.notUsed() {
			out = append(out, edi.ElementError{Position: i, Ref: e.refNum(), Code: ack.ElementNotUsed, Value: string(val)})
			continue
		}
		var hasRep, hasComp bool
		if segRep || segComp {
			hasRep, hasComp = scan(val, d.Repetition, d.Component)
		}
		if hasRep {
			out = append(out, edi.ElementError{Position: i, Ref: e.refNum(), Code: ack.ElementTooManyRepeats})
			continue
		}
		if e.comps == nil {
			if hasComp {
				out = append(out, edi.ElementError{Position: i, Ref: e.f.ref, Code: ack.ElementTooManyParts})
				continue
			}
			out = checkValue(out, s, i, 0, val, e)
			continue
		}
		elem := s.Element(i)
		n := elem.Components()
		if n > len(e.comps)-1 {
			out = append(out, edi.ElementError{Position: i, Component: len(e.comps), Code: ack.ElementTooManyParts})
		} else if val[len(val)-1] == d.Component {
			// A component separator before the end of the element: an
			// empty last component, which the syntax forbids.
			out = append(out, edi.ElementError{Position: i, Component: n, Code: ack.ElementTooManyParts})
		}
		for c := 1; c < len(e.comps); c++ {
			ce := &e.comps[c]
			if !ce.defined {
				continue
			}
			cv := elem.Component(c)
			if len(cv) == 0 {
				if ce.required() {
					out = append(out, edi.ElementError{Position: i, Component: c, Ref: ce.f.ref, Code: ack.ElementMissing})
				}
				continue
			}
			if ce.notUsed() {
				out = append(out, edi.ElementError{Position: i, Component: c, Ref: ce.f.ref, Code: ack.ElementNotUsed, Value: string(cv)})
				continue
			}
			out = checkValue(out, s, i, c, cv, ce)
		}
	}
	return out
}

// scan reports whether val holds a repetition or a component separator.
func scan(val []byte, rep, comp byte) (hasRep, hasComp bool) {
	for _, c := range val {
		if c == comp {
			hasComp = true
		} else if rep != 0 && c == rep {
			hasRep = true
		}
	}
	return hasRep, hasComp
}

func checkValue(out []edi.ElementError, s edi.Segment, i, c int, val []byte, e *celem) []edi.ElementError {
	bad := func(code string) []edi.ElementError {
		return append(out, edi.ElementError{Position: i, Component: c, Ref: e.f.ref, Code: code, Value: string(val)})
	}
	// The syntax first (length), then the guide's code list and types.
	if e.f.max > 0 && len(val) > e.f.max {
		return bad(ack.ElementTooLong)
	}
	if e.f.min > 0 && len(val) < e.f.min {
		return bad(ack.ElementTooShort)
	}
	if len(e.accept) > 0 && !e.accepts(val) {
		return bad(ack.ElementInvalidCode)
	}
	switch e.f.kind {
	case 'N':
		if !edi.Digits(val) {
			return bad(ack.ElementInvalidChar)
		}
	case 'R':
		if !validDecimal(val) {
			return bad(ack.ElementInvalidChar)
		}
	case 'D':
		if !edi.ValidDate(val) {
			return bad(ack.ElementInvalidDate)
		}
	case 'T':
		if !edi.ValidTime(val) {
			return bad(ack.ElementInvalidTime)
		}
	case 'Q':
		switch string(s.Value(i - 1)) {
		case "D8":
			if !edi.ValidDate(val) {
				return bad(ack.ElementInvalidDate)
			}
		case "RD8":
			if !edi.ValidDateRange(val) {
				return bad(ack.ElementInvalidDate)
			}
		}
	}
	return out
}

func contains(list []string, v []byte) bool {
	for _, s := range list {
		if s == string(v) {
			return true
		}
	}
	return false
}

// notInX217 are segments of the base 278 that the X217 guide does not use.
var notInX217 = []string{"CR4", "CR7", "CR8"}

// dictionary holds X12 segment identifiers that exist in the standard
// (those a health care partner may plausibly send), so that a misplaced
// one is "unexpected" (2) and anything else "unrecognized" (1).
var dictionary = []string{
	"AAA", "AK1", "AK2", "AK9", "AMT", "BHT", "CAS", "CL1", "CLM", "CN1", "CR1", "CR2", "CR3", "CR5", "CR6", "CRC", "CTX",
	"CUR", "DMG", "DN1", "DN2", "DSB", "DTM", "DTP", "EB", "EQ", "FRM", "GE", "GS", "HCP", "HCR", "HI", "HL", "HSD", "IEA",
	"III", "IK3", "IK4", "IK5", "INS", "ISA", "K3", "LIN", "LQ", "LS", "LE", "LX", "MEA", "MIA", "MOA", "MPI", "MSG", "N1",
	"N2", "N3", "N4", "NM1", "NTE", "OI", "PAT", "PER", "PRV", "PS1", "PWK", "QTY", "RDM", "REF", "SBR", "SE", "ST", "STC",
	"SV1", "SV2", "SV3", "SV4", "SV5", "SV6", "SV7", "SVC", "SVD", "TA1", "TOO", "TRN", "UM",
}

func unexpectedCode(s edi.Segment) string {
	id := s.ID()
	switch {
	case slices.Contains(notInX217, id):
		return ack.SegmentNotUsed
	case slices.Contains(dictionary, id):
		return ack.SegmentUnexpected
	}
	return ack.SegmentUnrecognized
}
