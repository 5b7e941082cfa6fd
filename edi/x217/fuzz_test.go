package x217_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// FuzzDecode drives the whole X12 core with arbitrary input: envelope walk,
// guide validation, decode, encode. It must never panic, every set the
// guide accepts must decode, and decode → encode → decode must be stable.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("../../samples/requests/*.x12")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &collector{}
		if _, err := ack.Walk(bytes.NewReader(data), ack.Options{Validate: x217.ValidateSet, Limits: edi.Limits{MaxSegment: 4096}}, c); err != nil {
			t.Fatalf("walk returned an error on in-memory input: %v", err)
		}
		for i, set := range c.sets {
			req, err := x217.Decode(set)
			if c.valid[i] && err != nil {
				t.Fatalf("set %d accepted by the guide but not decoded: %v", i, err)
			}
			if err != nil {
				continue
			}
			d := set[0].Delimiters()
			first := encode(t, req, d)
			again := &collector{}
			if _, err := ack.Walk(strings.NewReader(isaFor(d, first)+first), ack.Options{}, again); err != nil || len(again.sets) != 1 {
				t.Fatalf("re-reading the encoded set: %v (%d sets)", err, len(again.sets))
			}
			req2, err := x217.Decode(again.sets[0])
			if err != nil {
				t.Fatalf("encoded set no longer decodes: %v", err)
			}
			if second := encode(t, req2, d); second != first {
				t.Fatalf("decode → encode is not stable:\n%q\n%q", first, second)
			}
			// A response must always be writable for a decoded request.
			var buf bytes.Buffer
			w := edi.NewWriter(&buf, d, false)
			x217.EncodeResponse(w, &x217.Response{Request: req, Date: "20260302", Time: "0916"}, "0001")
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func encode(t *testing.T, r *x217.Request, d edi.Delimiters) string {
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, d, false)
	x217.Encode(w, r)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// isaFor builds an ISA and GS carrying delimiters d, to re-read a set.
// When d has no repetition separator, it picks one that occurs nowhere in
// the set, so that the set reads the same.
func isaFor(d edi.Delimiters, set string) string {
	e, rep := string([]byte{d.Element}), string([]byte{d.Repetition})
	if d.Repetition == 0 {
		for _, c := range []string{"^", "!", "{", "}", "\x01", "\x02", "\x03", "\x04"} {
			if !strings.Contains(set, c) && !strings.Contains(string([]byte{d.Element, d.Component, d.Segment}), c) {
				rep = c
				break
			}
		}
	}
	return "ISA" + e + "00" + e + "          " + e + "00" + e + "          " + e + "ZZ" + e + "A              " + e + "ZZ" + e +
		"B              " + e + "260302" + e + "0915" + e + rep + e + "00501" + e + "000000001" + e + "0" + e + "T" + e +
		string([]byte{d.Component, d.Segment}) + "GS" + e + "HI" + e + "A" + e + "B" + e + "20260302" + e + "0915" + e + "1" + e + "X" + e +
		"005010X217" + string([]byte{d.Segment})
}
