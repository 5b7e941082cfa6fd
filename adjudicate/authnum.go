package adjudicate

import (
	"encoding/binary"
	"hash/fnv"
)

// refAlphabet is Crockford's base 32 (no I, L, O, U): unambiguous when read
// over the phone.
const refAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// refNumber derives a reference number from the transaction set identity,
// the kind ('C' certification number for HCR02 on A1/A2, 'R' review number
// for HCR02 on A3, 'N' administrative reference for REF*NT on pends) and the
// line index (-1 for the event). The same inputs always give the same
// number, so a redelivered file is answered with the same numbers. The
// result is the kind letter followed by 13 base-32 digits of the 64-bit
// FNV-1a hash of the identity, the kind and the line index (eight bytes,
// little-endian two's complement): 14 characters, well within HCR02's 50.
func refNumber(identity string, kind byte, line int) string {
	h := fnv.New64a()
	h.Write([]byte(identity))
	var tail [9]byte
	tail[0] = kind
	binary.LittleEndian.PutUint64(tail[1:], uint64(int64(line)))
	h.Write(tail[:])
	sum := h.Sum64()
	var buf [14]byte
	buf[0] = kind
	for i := 13; i >= 1; i-- {
		buf[i] = refAlphabet[sum&31]
		sum >>= 5
	}
	return string(buf[:])
}

// RefNumber is the gateway's reference number for identity, kind and line
// (see refNumber), for numbers made outside the engine, e.g. a reviewer's
// certification in a final response.
func RefNumber(identity string, kind byte, line int) string { return refNumber(identity, kind, line) }
