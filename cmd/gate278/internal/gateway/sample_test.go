package gateway_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/adjudicate/pipeline"
)

// pendingSample is the request sample doc-7.2 (an expedited K0455 pump
// with its J1325 drug line) addressed to payer (its NM1*X3 PI ID): under
// the embedded configuration both lines pend.
func pendingSample(tb testing.TB, payer string) []byte {
	tb.Helper()
	raw, err := os.ReadFile("../../../../samples/requests/doc-7.2-dependent-urgent-k0455.x12")
	require.NoError(tb, err)
	return []byte(strings.Replace(string(raw), "PI*99999", "PI*"+payer, 1))
}

// caseDraft is the review case the file's pended set opens, decided
// offline under cfg at now (the pipeline's draft; cases.New sets its
// clocks).
func caseDraft(tb testing.TB, cfg *adjudicate.Config, data []byte, now time.Time) *cases.Case {
	tb.Helper()
	var draft *cases.Case
	_, err := pipeline.Process(context.Background(), bytes.NewReader(data), pipeline.Options{Now: now, Config: cfg, Cases: true}, func(o pipeline.Output) error {
		if o.Kind == pipeline.KindPend {
			draft = o.Case
		}
		return nil
	})
	require.NoError(tb, err)
	require.NotNil(tb, draft, "the file pends")
	return draft
}
