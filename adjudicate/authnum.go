package adjudicate

// refAlphabet is Crockford's base 32 (no I, L, O, U): unambiguous when read
// over the phone.
const refAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// refNumber derives a reference number from the transaction set identity,
// the kind ('C' certification number for HCR02 on A1/A2, 'R' review number
// for HCR02 on A3, 'N' administrative reference for REF*NT on pends) and the
// line index (-1 for the event). The same inputs always give the same
// number, so a redelivered file is answered with the same numbers. The
// result is the kind letter followed by 13 base-32 digits of a 64-bit
// FNV-1a hash: 14 characters, well within HCR02's 50.
func refNumber(identity string, kind byte, line int) string {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i := 0; i < len(identity); i++ {
		h ^= uint64(identity[i])
		h *= prime
	}
	h ^= uint64(kind)
	h *= prime
	l := uint64(int64(line))
	for i := 0; i < 8; i++ {
		h ^= l & 0xff
		h *= prime
		l >>= 8
	}
	var buf [14]byte
	buf[0] = kind
	for i := 13; i >= 1; i-- {
		buf[i] = refAlphabet[h&31]
		h >>= 5
	}
	return string(buf[:])
}
