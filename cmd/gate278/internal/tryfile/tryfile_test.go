package tryfile

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
)

// now is the samples' clock: their goldens were written at it.
var now = time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC)

func sample(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "samples", rel))
	require.NoError(t, err)
	return b
}

func config(t *testing.T) *adjudicate.Config {
	t.Helper()
	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	return cfg
}

// A file the gateway accepts gets, on the page, exactly the answers the
// gateway gives it (the sample's reviewed goldens: TA1s, then 999s, then
// 278 responses) and each decision explained as gate278 explain says it.
func TestRunAcceptedFileGivesTheGatewaysAnswers(t *testing.T) {
	for _, name := range []string{"anthem-set1-e0779-chemo.x12", "vt-ind1-chemo.x12"} {
		t.Run(name, func(t *testing.T) {
			res, err := Run(context.Background(), config(t), bytes.NewReader(sample(t, "adjudication/"+name)), now)
			require.NoError(t, err)
			require.Equal(t, "accepted", res.Outcome)
			require.Equal(t, 1, res.Accepted)
			require.Zero(t, res.Rejected)
			require.Empty(t, res.TA1, "an accepted interchange gets no TA1 unless asked")
			require.Equal(t, string(sample(t, "adjudication/"+name+".out")), res.TA1+res.Ack+res.Responses)
			require.Len(t, res.Decisions, 1)
			d := res.Decisions[0]
			require.NotEmpty(t, d.Reference)
			require.NotEmpty(t, d.Outcome)
			explained := string(sample(t, "adjudication/"+name+".explain.txt"))
			require.Contains(t, explained, d.Words, "the page's words are gate278 explain's")
			require.Equal(t, Line{Depth: 0, Text: "Interchange " + res.Decisions[0].Interchange + " from " + d.Sender + ": accepted."}, res.Words[0])
		})
	}
}

// A transaction set whose TRN lacks TRN02 (samples/errors, segment 13 in
// loop 2000E) is rejected: the page names the segment, its loop and the
// element, nothing is decided, and the 999 is the gateway's own.
func TestRunBrokenFileExplainsThe999(t *testing.T) {
	in := sample(t, "errors/999-guide-missing-required-element.edi")
	res, err := Run(context.Background(), config(t), bytes.NewReader(in), now)
	require.NoError(t, err)
	require.Equal(t, "rejected", res.Outcome)
	require.Equal(t, 0, res.Accepted)
	require.Equal(t, 1, res.Rejected)
	require.Empty(t, res.Decisions)
	require.Empty(t, res.Responses)
	require.Equal(t, string(sample(t, "errors/999-guide-missing-required-element.edi.out")), res.TA1+res.Ack)
	var texts []string
	for _, l := range res.Words {
		texts = append(texts, l.Text)
	}
	all := strings.Join(texts, "\n")
	require.Contains(t, all, "IK5 R (rejected)")
	require.Contains(t, all, "segment 13 (TRN, loop 2000E): element TRN02")
	require.Contains(t, all, "is missing")
	// The error is nested under its set, the set under its group.
	last := res.Words[len(res.Words)-1]
	require.Greater(t, last.Depth, 1)
}

// A file whose envelope cannot be read gets its TA1 explained: a
// truncated ISA (the page's most common paste accident).
func TestRunBrokenEnvelopeExplainsTheTA1(t *testing.T) {
	in := sample(t, "adjudication/anthem-set1-e0779-chemo.x12")
	res, err := Run(context.Background(), config(t), bytes.NewReader(in[:60]), now)
	require.NoError(t, err)
	require.Equal(t, "rejected", res.Outcome)
	require.Empty(t, res.Decisions)
	require.NotEmpty(t, res.Words)
	require.Contains(t, res.Words[0].Text, "rejected, TA1")
}

func TestRunRefusesEmptyAndOversizedFiles(t *testing.T) {
	_, err := Run(context.Background(), config(t), strings.NewReader(" \r\n\t"), now)
	require.ErrorIs(t, err, ErrEmpty)
	_, err = Run(context.Background(), config(t), bytes.NewReader(make([]byte, MaxSize+1)), now)
	require.ErrorIs(t, err, ErrTooLarge)
}

// A cancelled request (the page's visitor went away) stops the run.
func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, config(t), bytes.NewReader(sample(t, "adjudication/vt-ind1-chemo.x12")), now)
	require.ErrorIs(t, err, context.Canceled)
}

func TestNest(t *testing.T) {
	require.Equal(t, []Line{{0, "a"}, {1, "b"}, {3, "c"}}, nest("a\n  b\n      c\n\n"))
}
