package x217_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/x217"
)

// manyLines is the guide-transport request with n more service-line HLs
// under its patient event, its SE01 counting them.
func manyLines(t testing.TB, n int) []edi.Segment {
	in := read(t, transport)
	se := "SE*34*0203~"
	require.Contains(t, in, se)
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "HL*%d*4*SS*0~\n", 7+i)
	}
	in = strings.Replace(in, se, b.String()+fmt.Sprintf("SE*%d*0203~", 34+n), 1)
	c := collect(t, in)
	require.Len(t, c.sets, 1)
	require.Len(t, c.sets[0], 34+n)
	return c.sets[0]
}

// TestManyHLs: a hierarchy of 400,000 service-line HLs is validated with
// the same findings as one of 100,000 (each HL04 used to look for its child
// among all HLs: 25 s for 400,000). How the cost grows is measured by
// BenchmarkValidateManyHLs, not timed here: CI machines are noisy.
func TestManyHLs(t *testing.T) {
	if testing.Short() {
		t.Skip("validates 500,000 HLs")
	}
	nSmall := len(x217.ValidateSet(manyLines(t, 100_000), nil))
	nLarge := len(x217.ValidateSet(manyLines(t, 400_000), nil))
	require.Equal(t, nSmall, nLarge, "the same findings, whatever the number of lines")
}

// BenchmarkValidateManyHLs reports the cost per HL at two sizes: linear
// validation keeps ns/HL flat from 100,000 to 400,000 HLs (quadratic would
// quadruple it).
func BenchmarkValidateManyHLs(b *testing.B) {
	for _, n := range []int{100_000, 400_000} {
		set := manyLines(b, n)
		b.Run(fmt.Sprintf("hls=%d", n), func(b *testing.B) {
			for b.Loop() {
				x217.ValidateSet(set, nil)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/HL")
		})
	}
}
