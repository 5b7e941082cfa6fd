package x217_test

import (
	"strings"
	"testing"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/x217"
)

func benchSet(b *testing.B) []edi.Segment {
	raw := read(&testing.T{}, "../../samples/requests/doc-7.3-multi-line-supplies-fax.x12")
	c := &collector{}
	if _, err := ackWalk(strings.NewReader(raw), c); err != nil {
		b.Fatal(err)
	}
	// Back to back in one buffer, as ack.Walk holds a set.
	var a edi.Arena
	set := make([]edi.Segment, len(c.sets[0]))
	for range 2 { // the second pass finds the buffers grown, as a walk does
		a.Reset()
		for i, s := range c.sets[0] {
			set[i] = a.Add(s)
		}
	}
	return set
}

// BenchmarkValidate: the 278 guide check of one 4-line transaction set.
func BenchmarkValidate(b *testing.B) {
	set := benchSet(b)
	var errs []edi.SegmentError
	b.ReportAllocs()
	for b.Loop() {
		if errs = x217.ValidateSet(set, errs[:0]); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkDecode: decoding one 4-line transaction set into a reused Request.
func BenchmarkDecode(b *testing.B) {
	set := benchSet(b)
	var dec x217.Decoder
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dec.Decode(set); err != nil {
			b.Fatal(err)
		}
	}
}
