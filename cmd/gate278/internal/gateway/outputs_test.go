package gateway

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/ops/outputs"
)

// TestPipelineKindsAreOutputKinds: every kind the pipeline emits is a row of
// the output vocabulary, so the gateway has a subject for it.
func TestPipelineKindsAreOutputKinds(t *testing.T) {
	for _, kind := range pipeline.Kinds {
		o := pipeline.Output{Kind: kind, ID: "ZZ/SENDER/000000001/" + kind, Policy: "vt-dvha-eip"}
		out, err := outbound(o, "acme", "sha256:0123456789abcdef0123")
		require.NoError(t, err, kind)
		k, ok := outputs.Kinds.Lookup(kind)
		require.True(t, ok, kind)
		require.True(t, k.Owns(out.Subject), "%s on %s", kind, out.Subject)
	}
	_, err := outbound(pipeline.Output{Kind: "bogus"}, "acme", "x")
	require.Error(t, err)
}
