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
