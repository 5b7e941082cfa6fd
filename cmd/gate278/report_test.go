package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
)

func TestWriteReportFormats(t *testing.T) {
	r := cases.Report{
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		Standard:  cases.Figures{Requests: 4, Approved: 3, ApprovedShare: 0.75, Decided: 3, AverageHours: 50, MedianHours: 48},
		Expedited: cases.Figures{Requests: 1, Denied: 1, DeniedShare: 1, Decided: 1, AverageHours: 6.25, MedianHours: 6.25},
	}
	var b bytes.Buffer
	require.NoError(t, writeReport(&b, r, "csv"))
	out := b.String()
	require.True(t, strings.HasPrefix(out, "figure,standard,expedited\nrequests,4,1\napproved,3,0\napproved %,75.0,0.0\ndenied,0,1\ndenied %,0.0,100.0\n"), out)
	require.Contains(t, out, "average hours to decision,50.0,6.2\n")
	b.Reset()
	require.NoError(t, writeReport(&b, r, "md"))
	require.Contains(t, b.String(), "# Prior authorization, 2026-01-01 to 2026-12-31 (all payers)\n")
	require.Contains(t, b.String(), "| median hours to decision | 48.0 | 6.2 |\n")

	require.Equal(t, 2, run([]string{"report", "prior-auth", "-from", "2026-02-01", "-to", "2026-01-01"}, nil, &b, &b))
	require.Equal(t, 2, run([]string{"report", "prior-auth", "-from", "2026-01-01", "-to", "2026-02-01", "-format", "xml"}, nil, &b, &b))
	require.Equal(t, 2, run([]string{"report", "other"}, nil, &b, &b))
	name, err := payerName("", "VTMEDICAID")
	require.NoError(t, err)
	require.Equal(t, "Vermont Medicaid (DVHA)", name)
}
