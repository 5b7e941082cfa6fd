package edi

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// checkBoth runs a value check on v as a string and as bytes: the two
// instantiations must agree.
func checkBoth(t *testing.T, name string, fs func(string) bool, fb func([]byte) bool, v string, want bool) {
	t.Helper()
	assert.Equal(t, want, fs(v), "%s(%q)", name, v)
	assert.Equal(t, want, fb([]byte(v)), "%s([]byte(%q))", name, v)
}

func TestValueChecks(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want bool
	}{{"0", true}, {"0123456789", true}, {"", false}, {"12a", false}, {"-1", false}, {" 1", false}} {
		checkBoth(t, "Digits", Digits[string], Digits[[]byte], tt.v, tt.want)
	}
	for _, tt := range []struct {
		v    string
		want bool
	}{
		{"20260302", true}, {"20240229", true}, {"20000229", true}, {"19000228", true}, {"18000101", true},
		{"20230229", false}, {"19000229", false}, {"17991231", false}, {"20261301", false}, {"20260431", false},
		{"20260300", false}, {"2026-03-01", false}, {"2026030", false}, {"", false},
	} {
		checkBoth(t, "ValidDate", ValidDate[string], ValidDate[[]byte], tt.v, tt.want)
	}
	for _, tt := range []struct {
		v    string
		want bool
	}{{"260302", true}, {"000229", true}, {"010229", false}, {"261302", false}, {"26030", false}} {
		checkBoth(t, "ValidShortDate", ValidShortDate[string], ValidShortDate[[]byte], tt.v, tt.want)
	}
	for _, tt := range []struct {
		v    string
		want bool
	}{
		{"0915", true}, {"2359", true}, {"091500", true}, {"0915001", true}, {"09150012", true},
		{"2400", false}, {"0960", false}, {"091560", false}, {"09150", false}, {"091500123", false}, {"09:15", false},
	} {
		checkBoth(t, "ValidTime", ValidTime[string], ValidTime[[]byte], tt.v, tt.want)
	}
	for _, tt := range []struct {
		v    string
		want bool
	}{{"20260301-20260331", true}, {"20260301-20260301", true}, {"20260331-20260301", false}, {"20260301:20260331", false}, {"20260301-2026033", false}} {
		checkBoth(t, "ValidDateRange", ValidDateRange[string], ValidDateRange[[]byte], tt.v, tt.want)
	}
}

func TestNumber(t *testing.T) {
	for _, tt := range []struct {
		v    string
		n    int
		want bool
	}{{"0", 0, true}, {"000000101", 101, true}, {"999999999", 999999999, true}, {"1000000000", 0, false}, {"", 0, false}, {"1A", 0, false}} {
		n, ok := Number(tt.v)
		assert.Equal(t, tt.want, ok, "Number(%q)", tt.v)
		assert.Equal(t, tt.n, n, "Number(%q)", tt.v)
		nb, okb := Number([]byte(tt.v))
		assert.Equal(t, n, nb)
		assert.Equal(t, ok, okb)
	}
}

func TestAlnum(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		upper := b >= '0' && b <= '9' || b >= 'A' && b <= 'Z'
		assert.Equal(t, upper, IsUpperAlnum(b), "IsUpperAlnum(%q)", b)
		assert.Equal(t, upper || b >= 'a' && b <= 'z', IsAlnum(b), "IsAlnum(%q)", b)
	}
}
