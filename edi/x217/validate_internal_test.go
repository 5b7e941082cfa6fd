package x217

import (
	"fmt"
	"testing"

	"github.com/moov-io/x12/pkg/rules"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
)

// TestWalkLoopsOfAnySize walks a loop larger than any of today's guide (30
// segment rules, 10 child loops): the validator's counters follow the loop,
// so a guide that grows cannot make every file panic.
func TestWalkLoopsOfAnySize(t *testing.T) {
	const nRules, nChildren = 30, 10
	l := &cloop{id: "9000", segs: []cseg{{id: "HL"}}}
	for i := 1; i < nRules; i++ {
		r := cseg{id: fmt.Sprintf("Z%02d", i)}
		if i == nRules-1 {
			r.mask = rules.MASK_REQUIRED
		}
		l.segs = append(l.segs, r)
	}
	for c := 0; c < nChildren; c++ {
		trigger := celem{defined: true, accept: []string{fmt.Sprintf("C%d", c)}}
		l.children = append(l.children, &cloop{id: fmt.Sprintf("910%d", c), repeat: 1,
			segs: []cseg{{id: "NM1", elems: []celem{{}, trigger}}}})
	}
	raw := []string{"HL*1**ZZ*0"}
	for i := 1; i < nRules-1; i++ {
		raw = append(raw, fmt.Sprintf("Z%02d", i))
	}
	raw = append(raw, "NM1*C9", "NM1*C9")
	set := make([]edi.Segment, len(raw))
	for i, r := range raw {
		set[i] = edi.MakeSegment([]byte(r), edi.DefaultDelimiters)
	}
	v := &validator{set: set}
	require.NotPanics(t, func() { v.walk(l, 0, len(set), nil) })
	require.Equal(t, []edi.SegmentError{
		{SegmentID: "Z29", Position: nRules, Loop: "9000", Code: ack.SegmentMissing},
		{SegmentID: "NM1", Position: nRules + 1, Loop: "9109", Code: ack.SegmentLoopOverMax},
	}, v.errs)
}

// TestLevelsHaveCounters checks that every level of the guide has a level
// counter, and that a level without one is refused at start-up with a
// message that says what to do.
func TestLevelsHaveCounters(t *testing.T) {
	require.NoError(t, checkLevels(Levels))
	err := checkLevels(map[string]rules.LoopRule{"20": {}, "PT": {}})
	require.ErrorContains(t, err, `level "PT" is not in levelCodes`)
}
