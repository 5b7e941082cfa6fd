package samples_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
)

// TestCloseOutFinalResponse: a case closed out for missing documents
// answers each pended line A3 with HCR03 0U and the close-out MSG, the
// event A3, BHT06 18, and passes the samples' 278 response rules.
func TestCloseOutFinalResponse(t *testing.T) {
	c, _ := pendedCase(t, doc72, vtMedicaid)
	require.Equal(t, cases.WaitingDocuments, c.State)
	require.Error(t, c.CloseOut(c.Due.CloseOut.Add(-1)), "not before 15 business days")
	require.NoError(t, c.CloseOut(c.Due.CloseOut))
	got := final(t, c)
	require.Contains(t, got, "*18~HL*1**20*1~", "BHT06 18: final")
	require.Equal(t, 3, strings.Count(got, "*0U~REF*NT*"), "both pended lines and the event A3 0U")
	require.Equal(t, 2, strings.Count(got, "MSG*"+cases.CloseOutMessage(c.Policy)+"~"))
	require.NotContains(t, got, "HCR*A4")
	require.Contains(t, got, "~HCR*A3*R", "the event rolls up to A3")
}
