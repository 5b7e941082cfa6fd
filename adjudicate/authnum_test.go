package adjudicate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRefNumberVectors pins reference numbers for the event and for lines,
// including a negative line index and an empty identity.
func TestRefNumberVectors(t *testing.T) {
	for _, tc := range []struct {
		identity string
		kind     byte
		line     int
		want     string
	}{
		{"ZZ/NUTMEGHI/000002026/set/2026/0001", 'N', -1, "N01TE3HZJ0Z3T0"},
		{"ZZ/NUTMEGHI/000002026/set/2026/0001", 'N', 0, "N1EJP8QA84FEP8"},
		{"", 'C', 0, "C5811EZKFYH94J"},
		{"SUBMITTER|000000101|101|0001", 'R', 300, "R38E9XYFKQX568"},
	} {
		if got := refNumber(tc.identity, tc.kind, tc.line); got != tc.want {
			t.Errorf("refNumber(%q, %q, %d) = %s, want %s", tc.identity, tc.kind, tc.line, got, tc.want)
		}
	}
}

// TestRefNumberSamples derives every authorization, review and reference
// number in the sample traces again from the transaction set identity the
// pipeline gives Decide (ISA05/ISA06/ISA13/set/GS06/ST02): the numbers a
// partner holds do not change.
func TestRefNumberSamples(t *testing.T) {
	traces, err := filepath.Glob("../samples/adjudication/*.x12.trace.jsonl")
	require.NoError(t, err)
	require.NotEmpty(t, traces)
	checked := 0
	for _, path := range traces {
		qual := senderQualifier(t, strings.TrimSuffix(path, ".trace.jsonl"))
		f, err := os.Open(path)
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<22)
		for sc.Scan() {
			var rec struct {
				Sender, Interchange, Group, Set string
				Result                          Result
			}
			require.NoError(t, json.Unmarshal(sc.Bytes(), &rec), path)
			identity := strings.Join([]string{qual, rec.Sender, rec.Interchange, "set", rec.Group, rec.Set}, "/")
			check := func(action, auth, admin string, line int) {
				switch action {
				case ActionCertified, ActionPartial:
					require.Equal(t, refNumber(identity, 'C', line), auth, "%s line %d", path, line)
				case ActionNotCertified:
					require.Equal(t, refNumber(identity, 'R', line), auth, "%s line %d", path, line)
				case ActionPended:
					require.Equal(t, refNumber(identity, 'N', line), admin, "%s line %d", path, line)
				default:
					return
				}
				checked++
			}
			check(rec.Result.Event.Action, rec.Result.Event.AuthNumber, rec.Result.Event.AdminRef, -1)
			for _, l := range rec.Result.Lines {
				check(l.Action, l.AuthNumber, l.AdminRef, l.Line)
			}
		}
		require.NoError(t, sc.Err())
		require.NoError(t, f.Close())
	}
	require.Greater(t, checked, 100, "numbers checked")
}

// senderQualifier returns ISA05 of an interchange file.
func senderQualifier(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(raw, []byte("ISA")), path)
	return strings.TrimSpace(strings.Split(string(raw[:106]), string(raw[3]))[5])
}
