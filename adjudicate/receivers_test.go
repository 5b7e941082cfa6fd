package adjudicate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReceivers: the configuration names the receiver IDs the gateway
// answers (ISA07/ISA08, GS03); the embedded default names those of the
// samples, a file's list replaces it, and a payer's receivers add to it.
func TestReceivers(t *testing.T) {
	cfg := defaultConfig(t)
	for _, r := range DefaultReceivers {
		require.True(t, cfg.Receives(r.Qualifier, r.ID), "%+v", r)
		require.True(t, cfg.Receives("", r.ID), "GS03 %s", r.ID)
	}
	require.False(t, cfg.Receives("ZZ", "OTHERPLAN"))
	require.False(t, cfg.Receives("01", "GATE278"), "the qualifier is part of the ISA receiver")

	cfg = configJSON(t, `{"receivers": [{"qualifier": "ZZ", "id": "PLAN1"}],
  "payers": [{"qualifier": "PI", "id": "ANTHEMCT", "receivers": [{"qualifier": "30", "id": "061234567"}]}]}`)
	require.True(t, cfg.Receives("ZZ", "PLAN1"))
	require.True(t, cfg.Receives("30", "061234567"))
	require.True(t, cfg.Receives("", "061234567"))
	require.False(t, cfg.Receives("ZZ", "GATE278"), "a file's receivers replace the default ones")

	for _, bad := range []struct{ json, msg string }{
		{`{"receivers": [{"qualifier": "ZZ"}]}`, "receivers[0].id: missing"},
		{`{"receivers": [{"qualifier": "QQ", "id": "X1"}]}`, "receivers[0].qualifier"},
		{`{"receivers": [{"qualifier": "ZZ", "id": "A23456789012345X"}]}`, "receivers[0].id"},
		{`{"receivers": []}`, "receivers: must name at least one receiver"},
		{`{"payers": [{"qualifier": "PI", "id": "ANTHEMCT", "receivers": [{"id": ""}]}]}`, "payers[0].receivers[0].id: missing"},
	} {
		_, err := LoadConfig(strings.NewReader(bad.json))
		require.ErrorContains(t, err, bad.msg, bad.json)
	}
}
