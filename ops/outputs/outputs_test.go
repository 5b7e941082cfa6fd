package outputs_test

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops"
	"github.com/gate278/gate278/ops/outputs"
)

// streamSubjects reads the subjects of every stream definition under
// ops/nats/jetstream.
func streamSubjects(t *testing.T) map[string][]string {
	t.Helper()
	files, err := fs.Glob(ops.JetStream, "nats/jetstream/stream.*.json")
	require.NoError(t, err)
	out := map[string][]string{}
	for _, f := range files {
		b, err := fs.ReadFile(ops.JetStream, f)
		require.NoError(t, err)
		var def struct {
			Name     string   `json:"name"`
			Subjects []string `json:"subjects"`
		}
		require.NoError(t, json.Unmarshal(b, &def), f)
		out[def.Name] = def.Subjects
	}
	return out
}

// TestTableMatchesStreamDefinitions: every kind's filter is a subject of its
// stream's definition, and the output streams store nothing but the kinds.
func TestTableMatchesStreamDefinitions(t *testing.T) {
	subjects := streamSubjects(t)
	claimed := map[string]bool{}
	for _, k := range outputs.Kinds {
		subs, ok := subjects[k.Stream]
		require.True(t, ok, "kind %s: no definition of stream %s", k.Name, k.Stream)
		assert.Contains(t, subs, k.Filter(), "kind %s", k.Name)
		claimed[k.Filter()] = true
	}
	for _, s := range outputs.Kinds.Streams() {
		for _, sub := range subjects[s] {
			assert.True(t, claimed[sub], "stream %s stores %s, which no output kind names", s, sub)
		}
	}
}

func TestTableIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range outputs.Kinds {
		assert.NotEmpty(t, k.Name)
		assert.False(t, seen[k.Name], "duplicate kind %s", k.Name)
		seen[k.Name] = true
		assert.True(t, strings.HasSuffix(k.Prefix, "."), "prefix %q ends in '.'", k.Prefix)
		assert.NotContains(t, k.Prefix, "*")
		assert.NotContains(t, k.Prefix, ">")
		assert.Contains(t, []outputs.Token{outputs.TokenPartner, outputs.TokenPolicy}, k.Token)
		for _, o := range outputs.Kinds {
			if o.Name != k.Name {
				assert.False(t, strings.HasPrefix(o.Prefix, k.Prefix), "%s overlaps %s", o.Prefix, k.Prefix)
			}
		}
		got, ok := outputs.Kinds.Lookup(k.Name)
		assert.True(t, ok)
		assert.Equal(t, k, got)
	}
	_, ok := outputs.Kinds.Lookup("bogus")
	assert.False(t, ok)
	assert.Equal(t, []string{"278", "999", "ta1", "trace", "pend", "rejected"}, outputs.Kinds.Names())
	assert.Equal(t, []string{"X12_OUT", "X12_PEND"}, outputs.Kinds.Streams())
}

func TestKindSubjects(t *testing.T) {
	k, ok := outputs.Kinds.Lookup(outputs.KindPend)
	require.True(t, ok)
	assert.Equal(t, "x12.278.pend.vt-dvha-eip", k.Subject("vt-dvha-eip"))
	assert.Equal(t, "x12.278.pend.>", k.Filter())
	assert.True(t, k.Owns("x12.278.pend.vt-dvha-eip"))
	assert.False(t, k.Owns("x12.278.pend."))
	assert.False(t, k.Owns("x12.278.pend.a.b"))
	assert.False(t, k.Owns("x12.278.out.acme"))
}
