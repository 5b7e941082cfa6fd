package gateway

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi/ack"
)

func TestRegistry(t *testing.T) {
	r, err := ParseRegistry(strings.NewReader(`{"partners": [
		{"name": "acme", "senders": ["ZZ:ACME", "01:123456789"]},
		{"name": "globex", "senders": ["GLOBEX"]}]}`))
	require.NoError(t, err)
	require.Equal(t, []string{"acme", "globex"}, r.Names())
	for _, tc := range []struct {
		qual, id, owner string
		ok              bool
	}{
		{"ZZ", "ACME           ", "acme", true},
		{"01", "123456789", "acme", true},
		{"ZZ", "123456789", "", false}, // the ID with another qualifier
		{"30", "GLOBEX", "globex", true},
		{"", "ACME", "acme", true}, // GS02: no qualifier
		{"ZZ", "NOBODY", "", false},
	} {
		p, ok := r.Owner(tc.qual, tc.id)
		require.Equal(t, tc.ok, ok, "%s:%s", tc.qual, tc.id)
		require.Equal(t, tc.owner, p)
	}
	ix := &ack.Interchange{SenderQual: "ZZ", Sender: "ACME", Code: ack.TA1NoError}
	require.True(t, CheckSender(r, "acme", ix))
	require.Equal(t, ack.TA1NoError, ix.Code)
	require.False(t, CheckSender(r, "globex", ix))
	require.Equal(t, ack.TA1Sender, ix.Code)

	for doc, want := range map[string]string{
		`{"partners": [{"name": "Acme", "senders": ["A"]}]}`:                                  "partners[0].name",
		`{"partners": [{"name": "a", "senders": []}]}`:                                        "at least one sender",
		`{"partners": [{"name": "a", "senders": ["X"]}, {"name": "b", "senders": ["ZZ:X"]}]}`: "already belongs to a",
		`{"partners": [{"name": "a", "senders": ["X"]}, {"name": "a", "senders": ["Y"]}]}`:    "listed twice",
		`{"partners": [{"name": "a", "senders": ["ZZ:"]}]}`:                                   "QUALIFIER:ID",
		`{"partners": [{"name": "a", "senders": ["X"], "nkey": "U", "extra": 1}]}`:            "unknown field",
		`{"partners": [{"name": "` + strings.Repeat("a", 33) + `", "senders": ["X"]}]}`:       "at most 32",
		`{"partners": [{"name": "a\u007f", "senders": ["X"]}]}`:                               "invalid partner name",
	} {
		_, err := ParseRegistry(strings.NewReader(doc))
		require.ErrorContains(t, err, want, doc)
	}
	require.NotEmpty(t, DemoRegistry().Names())
}

// TestRegistryGroupSenders: a partner's application senders (GS02) are
// its sender IDs unless it lists its own; a GS02 of another partner, or
// one nobody listed, is not the partner's.
func TestRegistryGroupSenders(t *testing.T) {
	r, err := ParseRegistry(strings.NewReader(`{"partners": [
		{"name": "acme", "senders": ["ZZ:ACME", "01:123456789"]},
		{"name": "hub", "senders": ["ZZ:HUB"], "group_senders": ["HUBAPP", "ACMEAPP"]},
		{"name": "globex", "senders": ["GLOBEX"], "group_senders": ["ACMEAPP"]}]}`))
	require.NoError(t, err)
	for _, tc := range []struct {
		partner, gs02 string
		ok            bool
	}{
		{"acme", "ACME", true},
		{"acme", "123456789", true},
		{"acme", "HUB", false},
		{"acme", "ACMEAPP", false},
		{"hub", "HUBAPP", true},
		{"hub", "ACMEAPP", true}, // an application sender may be listed by two partners
		{"hub", "HUB", false},    // listed: only what is listed
		{"globex", "ACMEAPP", true},
		{"globex", "GLOBEX", false},
		{"nobody", "ACME", false},
		{"acme", "ACME ", true}, // padding
	} {
		require.Equal(t, tc.ok, CheckGroupSender(r, tc.partner, tc.gs02), "%s GS02 %q", tc.partner, tc.gs02)
	}
	require.True(t, CheckGroupSender(nil, "any", "ANY"), "no registry: not checked")

	for doc, want := range map[string]string{
		`{"partners": [{"name": "a", "senders": ["X"], "group_senders": [""]}]}`:    "group_senders[0]",
		`{"partners": [{"name": "a", "senders": ["X"], "group_senders": ["A*B"]}]}`: "group_senders[0]",
		`{"partners": [{"name": "a", "senders": ["X"], "group_senders": ["A"]}]}`:   "2-15 characters",
	} {
		_, err := ParseRegistry(strings.NewReader(doc))
		require.ErrorContains(t, err, want, doc)
	}
}
