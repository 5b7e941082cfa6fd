package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRunStatus(t *testing.T) {
	url, data := startGateway(t)
	f := filepath.Join(t.TempDir(), "a.x12")
	require.NoError(t, os.WriteFile(f, []byte("ISA*a~"), 0o600))
	var out, errb bytes.Buffer
	require.Equal(t, 0, runSubmit([]string{"-nats", url, "-data", data, "-wait", "30s", f}, &out, &errb), errb.String())

	out.Reset()
	require.Equal(t, 0, runStatus([]string{"-nats", url, "-data", data, "-json"}, &out, &errb), errb.String())
	var got struct {
		Inbound     map[string]uint64 `json:"inbound"`
		Outputs     map[string]uint64 `json:"outputs"`
		DeadLetters uint64            `json:"dead_letters"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &got))
	require.Equal(t, map[string]uint64{"278": 1, "999": 1, "ta1": 0, "trace": 0, "pend": 0, "rejected": 0}, got.Outputs)
	require.Contains(t, got.Inbound, "pending")
	require.Contains(t, got.Inbound, "ack_pending")
	require.Contains(t, got.Inbound, "redelivered")

	out.Reset()
	require.Equal(t, 0, runStatus([]string{"-nats", url, "-data", data}, &out, &errb), errb.String())
	for _, s := range []string{"INBOUND", "pending", "OUTPUTS", "DEAD LETTERS", "X12_IN", "X12_OUT"} {
		require.Contains(t, out.String(), s)
	}
	require.Equal(t, 2, runStatus([]string{"-nats", url, "extra"}, &out, &errb))
	require.Equal(t, 1, runStatus([]string{"-nats", "nats://127.0.0.1:1", "-timeout", "300ms"}, &out, &errb))

	// Refused: said at once, with the server's reason, the password hidden.
	errb.Reset()
	start := time.Now()
	withPassword := strings.Replace(url, "nats://", "nats://operator:s3cret@", 1)
	require.Equal(t, 1, runStatus([]string{"-nats", withPassword, "-data", t.TempDir(), "-timeout", "60s"}, &out, &errb))
	require.Contains(t, strings.ToLower(errb.String()), "authorization violation")
	require.Contains(t, errb.String(), "refused")
	require.NotContains(t, errb.String(), "s3cret")
	require.Less(t, time.Since(start), 50*time.Second, "not retried until -timeout")
}
