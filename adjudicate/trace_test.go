package adjudicate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTraceEvidencePerLine: each pump line's trace keeps its own evidence
// when a second pump line is evaluated after it (the evidence arena is
// shared from one line to the next).
func TestTraceEvidencePerLine(t *testing.T) {
	first, second := hc("E0779"), hc("E0781")
	first.POS, second.POS = "11", "31"
	res := decide(t, newReq("ANTHEMCT", []Line{first, second, hc("J9190")}), defaultConfig(t))
	for i, want := range []string{"place of service 11", "place of service 31"} {
		ev := criterionResult(t, &res.Lines[i], "ANTHEM.SCOPE.SETTING").Evidence
		require.NotEmpty(t, ev)
		require.True(t, strings.HasPrefix(ev[0], want), "line %d cites %q", i+1, ev[0])
	}
}
