package edi

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// check is one value check, as it reads strings and as it reads bytes.
type check struct {
	name string
	s    func(string) bool
	b    func([]byte) bool
}

func TestValueChecks(t *testing.T) {
	tests := []struct {
		check
		valid, invalid []string
	}{
		{check{"Digits", Digits[string], Digits[[]byte]},
			[]string{"0", "0123456789"}, []string{"", "12a", "-1", " 1"}},
		{check{"ValidDate", ValidDate[string], ValidDate[[]byte]},
			[]string{"20260302", "20240229", "20000229", "19000228", "18000101"},
			[]string{"20230229", "19000229", "17991231", "20261301", "20260431", "20260300", "2026-03-01", "2026030", ""}},
		{check{"ValidShortDate", ValidShortDate[string], ValidShortDate[[]byte]},
			[]string{"260302", "000229"}, []string{"010229", "261302", "26030"}},
		{check{"ValidTime", ValidTime[string], ValidTime[[]byte]},
			[]string{"0915", "2359", "091500", "0915001", "09150012"},
			[]string{"2400", "0960", "091560", "09150", "091500123", "09:15"}},
		{check{"ValidDateRange", ValidDateRange[string], ValidDateRange[[]byte]},
			[]string{"20260301-20260331", "20260301-20260301"},
			[]string{"20260331-20260301", "20260301:20260331", "20260301-2026033"}},
	}
	for _, tt := range tests {
		for want, values := range map[bool][]string{true: tt.valid, false: tt.invalid} {
			for _, v := range values {
				assert.Equal(t, want, tt.s(v), "%s(%q)", tt.name, v)
				assert.Equal(t, want, tt.b([]byte(v)), "%s([]byte(%q))", tt.name, v)
			}
		}
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
