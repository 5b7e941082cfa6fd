package pipeline_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
)

// isa13 returns ISA13 of an output interchange.
func isa13(t *testing.T, data []byte) string {
	t.Helper()
	require.GreaterOrEqual(t, len(data), 106)
	return strings.Split(string(data[:106]), string(data[3]))[13]
}

// TestEveryAnswerHasItsOwnControlNumber: the interchanges one file gets
// back never share an ISA13, nor an output ID, even when the file repeats an
// interchange (TA1 A 000 for the first, TA1 R 025 for the second) or holds
// two rejected interchanges of the same identity.
func TestEveryAnswerHasItsOwnControlNumber(t *testing.T) {
	dup, err := os.ReadFile("../../samples/errors/ta1-025-duplicate-interchange.edi")
	require.NoError(t, err)
	bad, err := os.ReadFile("../../samples/errors/ta1-018-control-number.edi")
	require.NoError(t, err)
	for name, in := range map[string]string{
		"duplicate interchange":         string(dup),
		"two rejected, same identity":   string(bad) + string(bad),
		"two unreadable pieces of data": anthem(t) + "BHT*X~\n" + strings.Replace(anthem(t), "000000103", "000000104", 2) + "BHT*X~\n",
	} {
		t.Run(name, func(t *testing.T) {
			outs, _ := run(t, in)
			controls, ids := map[string]string{}, map[string]bool{}
			n := 0
			for _, o := range outs {
				if o.Kind != pipeline.KindTA1 && o.Kind != pipeline.KindAck && o.Kind != pipeline.Kind278 {
					continue
				}
				n++
				c := isa13(t, o.Data)
				require.NotContains(t, controls, c, "ISA13 %s of a %s already used by a %s", c, o.Kind, controls[c])
				controls[c] = o.Kind
				require.False(t, ids[o.ID], "output ID %s twice", o.ID)
				ids[o.ID] = true
			}
			require.GreaterOrEqual(t, n, 2)
		})
	}
}

// TestUnknownReceiver: an interchange addressed to another receiver than
// the configuration names is rejected with TA1 009 and gets nothing else;
// the embedded default accepts the receivers of the samples.
func TestUnknownReceiver(t *testing.T) {
	in := anthem(t)
	outs, rep := run(t, in)
	require.Equal(t, "000", rep.Interchanges[0].TA1)
	require.NotEmpty(t, outs)

	other := strings.Replace(in, "*ZZ*ACMEHP         *", "*ZZ*OTHERPLAN      *", 1)
	outs, rep = run(t, other)
	require.Equal(t, "009", rep.Interchanges[0].TA1)
	require.Len(t, outs, 1)
	require.Equal(t, pipeline.KindTA1, outs[0].Kind)
	require.Contains(t, string(outs[0].Data), "*R*009~")

	cfg, err := adjudicate.LoadConfig(strings.NewReader(`{"receivers": [{"qualifier": "ZZ", "id": "OTHERPLAN"}]}`))
	require.NoError(t, err)
	for _, tc := range []struct {
		in, want string
	}{{other, "000"}, {in, "009"}} {
		rep, err := pipeline.Process(context.Background(), strings.NewReader(tc.in), pipeline.Options{Now: benchClock, Config: cfg}, nil)
		require.NoError(t, err)
		require.Equal(t, tc.want, rep.Interchanges[0].TA1)
	}

	// A group whose GS03 names another application receiver: AK905 1.
	gs := strings.Replace(in, "*SUMMITHI*ACMEHP*", "*SUMMITHI*OTHERPLAN*", 1)
	outs, rep = run(t, gs)
	require.Equal(t, "R", rep.Interchanges[0].Groups[0].Status)
	require.Equal(t, []string{"1"}, rep.Interchanges[0].Groups[0].Codes)
	for _, o := range outs {
		require.NotEqual(t, pipeline.Kind278, o.Kind)
	}

	// Without a configuration (gate278 validate), the receiver check is the
	// caller's: Options.Receiver.
	rep, err = pipeline.Process(context.Background(), strings.NewReader(other), pipeline.Options{Now: benchClock,
		Receiver: func(q, id string) bool { return id == "ACMEHP" }}, nil)
	require.NoError(t, err)
	require.Equal(t, "009", rep.Interchanges[0].TA1)
}
