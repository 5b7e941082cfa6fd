package gateway

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/transport"
)

// recorder is a Publisher that keeps what it is given.
type recorder struct{ outs []transport.Outbound }

func (r *recorder) Publish(_ context.Context, o transport.Outbound) error {
	r.outs = append(r.outs, o)
	return nil
}

// TestAnswersAreAFunctionOfTheFile: without a fixed clock a file is decided
// at the time JetStream stored it, so handling it again (a redelivery)
// publishes the same answers byte for byte — what lets the worker tell its
// own answer from a forgery stored under the answer's ID.
func TestAnswersAreAFunctionOfTheFile(t *testing.T) {
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	files, err := filepath.Glob("../../../../samples/*/*.x12")
	require.NoError(t, err)
	h := &Handler{Config: cfg}
	stored := time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var runs [2]recorder
		for i := range runs {
			m := transport.NewMessage("x12.278.in.acme", "sha256:"+f, data)
			m.Stored = stored // the same message, delivered twice
			require.NoError(t, h.Handle(context.Background(), m, &runs[i]), f)
		}
		require.Equal(t, runs[0].outs, runs[1].outs, f)
		for _, o := range runs[0].outs {
			if o.Kind == "999" || o.Kind == "278" {
				isa := strings.Split(string(o.Data[:106]), string(o.Data[3]))
				require.Equal(t, "260302", isa[9], "%s %s is dated when the file was stored", f, o.Kind)
			}
		}
	}
}

// memLedger is an in-memory Claimer.
type memLedger map[string]string

func (l memLedger) Claim(_ context.Context, key, value string) (string, bool, error) {
	if prior, ok := l[key]; ok {
		return prior, false, nil
	}
	l[key] = value
	return "", true, nil
}

func (l memLedger) Release(_ context.Context, key string) error { delete(l, key); return nil }

// TestResubmissionGetsTheFirstAnswers: the same bytes from the same partner,
// stored again a month later (a resubmission, a redrive), are decided at
// the first time the ledger remembers, so they get the first answers byte
// for byte; another partner's copy is a file of its own.
func TestResubmissionGetsTheFirstAnswers(t *testing.T) {
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	data, err := os.ReadFile("../../../../samples/adjudication/anthem-set1-e0779-chemo.x12")
	require.NoError(t, err)
	h := &Handler{Config: cfg, Ledger: memLedger{}}
	run := func(partner string, stored time.Time) []transport.Outbound {
		var r recorder
		m := transport.NewMessage("x12.278.in."+partner, partner+"/x/"+stored.String(), data)
		m.Header.Set(transport.HeaderContentDigest, "sha256:abc")
		m.Stored = stored
		require.NoError(t, h.Handle(context.Background(), m, &r))
		return r.outs
	}
	first := run("nutmeghi", time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC))
	again := run("nutmeghi", time.Date(2026, 4, 5, 10, 0, 0, 0, time.UTC))
	require.Equal(t, first, again)
	other := run("summithi", time.Date(2026, 4, 5, 10, 0, 0, 0, time.UTC))
	require.NotEqual(t, first[0].ID, other[0].ID, "another partner's copy has answers of its own")
}
