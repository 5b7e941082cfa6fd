package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRunRedrive(t *testing.T) {
	url, data := startGateway(t)
	poison := filepath.Join(t.TempDir(), "poison.x12")
	require.NoError(t, os.WriteFile(poison, []byte("ISA*poison~"), 0o600))
	var out, errb bytes.Buffer
	require.Equal(t, 1, runSubmit([]string{"-nats", url, "-data", data, "-partner", "acme", "-wait", "30s", poison}, &out, &errb), errb.String())
	require.Contains(t, out.String(), "dead-lettered")

	// Redriven at once, as a submission of its own; it fails again and
	// gets a dead letter of its own (the first is gone only now that the
	// replacement is stored).
	out.Reset()
	errb.Reset()
	require.Equal(t, 0, runRedrive([]string{"-nats", url, "-data", data, "1"}, &out, &errb), errb.String())
	require.Contains(t, out.String(), "1: back on x12.278.in.acme")
	require.Contains(t, out.String(), "/redrive-1")
	require.Eventually(t, func() bool {
		out.Reset()
		if runStatus([]string{"-nats", url, "-data", data, "-json"}, &out, &errb) != 0 {
			return false
		}
		var st struct {
			DeadLetters int `json:"dead_letters"`
			Inbound     struct {
				Stored int `json:"stored"`
			} `json:"inbound"`
		}
		return json.Unmarshal(out.Bytes(), &st) == nil && st.DeadLetters == 1 && st.Inbound.Stored == 0
	}, 30*time.Second, 50*time.Millisecond, "the redrive that failed again is a dead letter again")
	out.Reset()
	require.Equal(t, 1, runRedrive([]string{"-nats", url, "-data", data, "1"}, &out, &errb), "dead letter 1 is gone")
	out.Reset()
	require.Equal(t, 0, runRedrive([]string{"-nats", url, "-data", data, "2"}, &out, &errb), errb.String())

	out.Reset()
	errb.Reset()
	require.Equal(t, 1, runRedrive([]string{"-nats", url, "-data", data, "99"}, &out, &errb))
	require.Contains(t, errb.String(), "99:")
	require.Equal(t, 2, runRedrive([]string{"-nats", url, "zero"}, &out, &errb))
	require.Equal(t, 2, runRedrive([]string{"-nats", url}, &out, &errb))
}
