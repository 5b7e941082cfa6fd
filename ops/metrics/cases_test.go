package metrics

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
)

func TestCaseMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewCases(reg, []string{"vt-dvha-eip"})
	// Every series of the closed sets exists at zero: 2 policies (and
	// none) × 2 urgencies × 3 states.
	require.Equal(t, 2*2*3, testutil.CollectAndCount(m.open))
	m.Set(CaseSnapshot{
		Open: map[OpenCases]int{
			{"vt-dvha-eip", "expedited", "waiting-documents"}: 2,
			{"vt-dvha-eip", "standard", "open"}:               1,
			{"MEMBER123", "standard", "decided"}:              4, // outside the sets: other, never the value
		},
		OldestOpen: 80 * time.Hour, DueSoon: 1, Overdue: 2, CloseOutDue: 3,
	})
	require.Equal(t, 2.0, testutil.ToFloat64(m.open.WithLabelValues("vt-dvha-eip", "expedited", "waiting-documents")))
	require.Equal(t, 1.0, testutil.ToFloat64(m.open.WithLabelValues("vt-dvha-eip", "standard", "open")))
	require.Equal(t, 4.0, testutil.ToFloat64(m.open.WithLabelValues(Other, "standard", Other)))
	require.Equal(t, 80*3600.0, testutil.ToFloat64(m.oldest))
	require.Equal(t, 1.0, testutil.ToFloat64(m.dueSoon))
	require.Equal(t, 2.0, testutil.ToFloat64(m.overdue))
	require.Equal(t, 3.0, testutil.ToFloat64(m.closeOut))
	// A later scan replaces the earlier one.
	m.Set(CaseSnapshot{})
	require.Equal(t, 0.0, testutil.ToFloat64(m.closeOut))
	require.Equal(t, 0.0, testutil.ToFloat64(m.open.WithLabelValues("vt-dvha-eip", "expedited", "waiting-documents")))
	require.Equal(t, 2*2*3, testutil.CollectAndCount(m.open))

	m.Decided("expedited", 71*time.Hour)
	m.Decided("expedited", 73*time.Hour)
	m.Decided("standard", 6*24*time.Hour)
	require.NoError(t, testutil.CollectAndCompare(m.decision, strings.NewReader(`
# HELP gate278_case_decision_seconds Time from receipt to a reviewer's decision, by urgency (production).
# TYPE gate278_case_decision_seconds histogram
`+histogram("expedited", map[float64]int{72 * 3600: 1, 96 * 3600: 2}, 2, (71+73)*3600)+
		histogram("standard", map[float64]int{7 * 86400: 1}, 1, 6*86400)), "gate278_case_decision_seconds"))

	var nilM *CaseMetrics
	nilM.Set(CaseSnapshot{})
	nilM.Decided("standard", time.Hour)
}

// histogram writes the exposition of one urgency's histogram: from names
// the first bucket each count is reached at (cumulative).
func histogram(urgency string, from map[float64]int, count int, sum float64) string {
	var b strings.Builder
	n := 0
	for _, le := range DecisionBuckets {
		if c, ok := from[le]; ok {
			n = c
		}
		b.WriteString(`gate278_case_decision_seconds_bucket{urgency="` + urgency + `",le="` + fmtFloat(le) + `"} ` + fmtInt(n) + "\n")
	}
	b.WriteString(`gate278_case_decision_seconds_bucket{urgency="` + urgency + `",le="+Inf"} ` + fmtInt(count) + "\n")
	b.WriteString(`gate278_case_decision_seconds_sum{urgency="` + urgency + `"} ` + fmtFloat(sum) + "\n")
	b.WriteString(`gate278_case_decision_seconds_count{urgency="` + urgency + `"} ` + fmtInt(count) + "\n")
	return b.String()
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
func fmtInt(n int) string       { return strconv.Itoa(n) }
