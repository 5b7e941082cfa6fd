package gateway_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// TestGroupSenderOfAnotherPartnerRejected: a partner whose interchange
// sender (ISA06) is its own but whose functional group names another
// partner's application sender (GS02) gets a 999 that rejects the group
// (AK9 R, AK905 1: the group is not one the gateway accepts from this
// partner; every set IK5 R 18) and no decision; the file is kept.
func TestGroupSenderOfAnotherPartnerRejected(t *testing.T) {
	cfg := config(t)
	g := start(t, cfg)
	ctx := context.Background()
	data, err := os.ReadFile("../../../../samples/adjudication/anthem-set1-e0779-chemo.x12")
	require.NoError(t, err)
	require.Equal(t, "nutmeghi", owner(data))
	require.Contains(t, string(data), "GS*HI*NUTMEGHI*")
	forged := []byte(strings.Replace(string(data), "GS*HI*NUTMEGHI*", "GS*HI*SUMMITHI*", 1))

	nc, js := g.partnerConn(t, "nutmeghi")
	w, err := transport.WatchPartner(nc, "nutmeghi", outputs.Kinds)
	require.NoError(t, err)
	defer w.Stop()
	r, err := transport.SubmitReceipt(ctx, js, "nutmeghi", "gs02.x12", bytes.NewReader(forged))
	require.NoError(t, err)
	got := answers(t, w, r.ID, 2)
	require.Equal(t, map[string]int{"999": 1, "rejected": 1}, kindsOfDeliveries(got))
	for _, d := range got {
		if d.Kind == "999" {
			require.Contains(t, string(d.Data), "IK5*R*18~")
			require.Contains(t, string(d.Data), "AK9*R*1*1*0*1~")
		} else {
			require.True(t, strings.HasPrefix(d.Header.Get(gateway.HeaderRejected), "999:R/1"), d.Header.Get(gateway.HeaderRejected))
			require.Equal(t, string(forged), string(d.Data), "the file is kept")
		}
	}
	require.Contains(t, g.logs.String(), "group sender (GS02) does not belong to the submitting partner")
}
