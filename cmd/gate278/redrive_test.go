package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRunRedrive(t *testing.T) {
	url, data := startGateway(t)
	poison := filepath.Join(t.TempDir(), "poison.x12")
	require.NoError(t, os.WriteFile(poison, []byte("ISA*poison~"), 0o600))
	var out, errb bytes.Buffer
	require.Equal(t, 1, runSubmit([]string{"-nats", url, "-data", data, "-partner", "acme", "-wait", "30s", poison}, &out, &errb), errb.String())
	require.Contains(t, out.String(), "dead-lettered")

	// X12_IN still remembers the file's identity within its duplicate
	// window: the dead letter is kept and the command says so.
	out.Reset()
	errb.Reset()
	require.Equal(t, 1, runRedrive([]string{"-nats", url, "-data", data, "1"}, &out, &errb), errb.String())
	require.Contains(t, out.String(), "try again after the duplicate window")

	out.Reset()
	errb.Reset()
	require.Equal(t, 1, runRedrive([]string{"-nats", url, "-data", data, "99"}, &out, &errb))
	require.Contains(t, errb.String(), "99:")
	require.Equal(t, 2, runRedrive([]string{"-nats", url, "zero"}, &out, &errb))
	require.Equal(t, 2, runRedrive([]string{"-nats", url}, &out, &errb))
}
