package x217_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/x217"
)

// manyLines is the guide-transport request with n more service-line HLs
// under its patient event, its SE01 counting them.
func manyLines(t *testing.T, n int) []edi.Segment {
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

// TestManyHLsLinear: validating the hierarchy costs time linear in the
// number of HL segments. 400,000 HLs used to take 25 s (each HL04 looked
// for a child among all HLs); a quarter of them, 1.5 s. The test compares
// the two sizes rather than timing either: four times the HLs must cost
// well under sixteen times the time (quadratic), the best of three runs.
func TestManyHLsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("validates 500,000 HLs")
	}
	best := func(set []edi.Segment) (time.Duration, int) {
		d, n := time.Duration(1<<62), 0
		for range 3 {
			start := time.Now()
			errs := x217.ValidateSet(set, nil)
			d, n = min(d, time.Since(start)), len(errs)
		}
		return d, n
	}
	small, nSmall := best(manyLines(t, 100_000))
	large, nLarge := best(manyLines(t, 400_000))
	require.Equal(t, nSmall, nLarge, "the same findings, whatever the number of lines")
	t.Logf("100,000 HLs %v, 400,000 HLs %v (x%.1f)", small, large, float64(large)/float64(small))
	require.Less(t, float64(large)/float64(small), 10.0, "validation grows faster than linearly with the HLs")
}
