package edi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzLimits are small, so that the fuzzer reaches the limit paths with
// short inputs; tinyLimits are smaller still, though never smaller than a
// fixed-width ISA (106 bytes, 16 elements).
var (
	fuzzLimits = Limits{MaxSegment: 4096, MaxElements: 64, MaxBytes: 1 << 20}
	tinyLimits = Limits{MaxSegment: 128, MaxElements: 20, MaxBytes: 2048}
)

// seedISA builds a fixed-width ISA (106 bytes) with the given delimiters.
func seedISA(es, rep, comp, term byte) string {
	f := []string{"ISA", "00", "          ", "00", "          ", "ZZ", "SUMMITHI       ", "ZZ", "ACMEHP         ",
		"260302", "0915", string(rep), "00501", "000000101", "0", "T", string(comp)}
	return strings.Join(f, string(es)) + string(term)
}

// fuzzSeg is one segment read by the fuzz target, owning its bytes.
type fuzzSeg struct {
	d   Delimiters
	raw string
}

func (s fuzzSeg) String() string { return fmt.Sprintf("[%v] %q", s.d, s.raw) }

// readFuzz reads data to the end with lim, checking the Reader's
// promises on the way: no panic, progress on every call, no segment over
// the limits, an ISA segment as long as ISALength says, and a fatal error
// that sticks. It returns the segments read and the error that ended the
// read (nil at io.EOF).
func readFuzz(t *testing.T, data []byte, lim Limits) ([]fuzzSeg, error) {
	t.Helper()
	r := NewReader(bytes.NewReader(data), lim)
	var segs []fuzzSeg
	// Every call that does not end the input consumes at least one byte, so
	// more calls than bytes means the Reader is stuck.
	for calls := 0; ; calls++ {
		if calls > len(data)+1 {
			t.Fatalf("no progress: %d calls on %d bytes", calls, len(data))
		}
		seg, err := r.Next()
		if errors.Is(err, io.EOF) {
			return segs, nil
		}
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is not a *SyntaxError", err, err)
			}
			if se.Fatal() {
				if _, again := r.Next(); again != err {
					t.Fatalf("after fatal %v, Next returned %v", err, again)
				}
				return segs, err
			}
			continue
		}
		if n := len(seg.Raw()); n > lim.MaxSegment {
			t.Fatalf("segment of %d bytes exceeds MaxSegment %d", n, lim.MaxSegment)
		}
		if n := seg.Len(); n > lim.MaxElements {
			t.Fatalf("segment of %d elements exceeds MaxElements %d", n, lim.MaxElements)
		}
		if r.BytesRead() > int64(len(data)) {
			t.Fatalf("read %d bytes of a %d-byte input", r.BytesRead(), len(data))
		}
		if seg.Is("ISA") && len(seg.Raw())+1 != r.ISALength() {
			// Regression (testdata/fuzz/FuzzReader/82cfbcd973703b0b): an ISA
			// is exactly what readISA measured, or an error.
			t.Fatalf("ISA segment %q is %d bytes with its terminator, ISALength says %d", seg.Raw(), len(seg.Raw())+1, r.ISALength())
		}
		touch(seg)
		segs = append(segs, fuzzSeg{d: seg.Delimiters(), raw: string(seg.Raw())})
	}
}

// touch exercises the segment accessors, which must not panic on any
// segment the Reader returns.
func touch(seg Segment) {
	_ = seg.ID()
	for i := -1; i <= seg.Len()+1; i++ {
		el := seg.Element(i)
		_ = el.Components()
		for k := 1; k <= el.Repetitions()+1; k++ {
			rep := el.Repetition(k)
			for j := 1; j <= rep.Components()+1; j++ {
				_ = rep.Component(j)
			}
		}
	}
}

// rewrite writes segs with Writer.Raw, starting a new Writer whenever the
// delimiters change (at each ISA with new ones).
func rewrite(t *testing.T, segs []fuzzSeg) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w *Writer
	for _, s := range segs {
		if w == nil || w.Delimiters() != s.d {
			if w != nil {
				if err := w.Flush(); err != nil {
					t.Fatal(err)
				}
			}
			w = NewWriter(&buf, s.d, false)
		}
		w.Raw(MakeSegment([]byte(s.raw), s.d))
	}
	if w != nil {
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// FuzzReader reads arbitrary input, then re-writes the segments it got with
// the Writer (Raw, the Reader's delimiters) and reads that again: the second
// read must give the same segments with the same delimiters, and no error.
// It does so under two sets of limits. The seeds are every X12 file under
// ../samples (requests, golden outputs, the deliberately broken error
// samples) and a few inline edge cases.
func FuzzReader(f *testing.F) {
	err := filepath.WalkDir("../samples", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".go", ".md", ".json", ".jsonl":
			return nil // not X12: sources, docs, decision traces
		}
		data, err := os.ReadFile(path)
		if err == nil {
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	std := seedISA('*', '^', ':', '~')
	for _, seed := range []string{
		"",
		"ISA",
		std,
		std + "GS*HI*A*B~\nST*278*0001~\r\nHI*ABK:C180^ABF:Z5111~SE*3*0001~",
		seedISA('*', '^', ':', '\n') + "GS*HI*A*B\r\nST*278*0001\n\n",
		seedISA('|', '!', '^', '~') + "SV1|HC^E0781^RR|1350~" + std + "SV1*HC:E0781*1350~",
		seedISA(0x1d, 0x1e, 0x1f, 0x1c) + "HI\x1dABK\x1fC180\x1c",
		std + strings.Repeat("A", 5000) + "~SE*1*0001~",
		std + "X" + strings.Repeat("*", 100) + "~SE*1*0001~",
		"ISA*00*X*00*X*ZZ*A*ZZ*B*260101*1200*U*00401*1*0*T*:~GS*HI~",
		std + "GS*HI*A",
		"ISA*00*          *00*          *ZZ*A~",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lim := range []Limits{fuzzLimits, tinyLimits} {
			checkStable(t, data, lim)
		}
	})
}

// checkStable reads data, re-writes what it read and reads that again: the
// second read must give the same segments with the same delimiters, and no
// error.
func checkStable(t *testing.T, data []byte, lim Limits) {
	t.Helper()
	first, _ := readFuzz(t, data, lim)
	for _, s := range first {
		if s.d.Segment == '\n' && strings.HasSuffix(s.raw, "\r") {
			// Regression (testdata/fuzz/FuzzReader/crcrlf-newline-terminator):
			// every CR before a LF terminator is line-ending, not data.
			t.Fatalf("segment %q ends with CR under a LF terminator", s.raw)
		}
	}
	out := rewrite(t, first)
	second, err := readFuzz(t, out, lim)
	if err != nil {
		t.Fatalf("limits %+v: reading the re-written segments: %v\nfirst: %v\nre-written: %q", lim, err, first, out)
	}
	if len(first) != len(second) {
		t.Fatalf("limits %+v: read %d segments, %d after re-writing\nfirst:  %v\nsecond: %v\nre-written: %q", lim, len(first), len(second), first, second, out)
	}
	for i := range first {
		if first[i] != second[i] {
			t.Fatalf("limits %+v: segment %d: %v, after re-writing %v\nre-written: %q", lim, i+1, first[i], second[i], out)
		}
	}
}
