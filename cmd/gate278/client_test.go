package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestClientCommandsShareFlags: every client command takes the same
// connection flags and answers -h with exit status 0.
func TestClientCommandsShareFlags(t *testing.T) {
	commands := map[string]func(args []string, stdout, stderr io.Writer) int{
		"submit": runSubmit, "status": runStatus, "redrive": runRedrive,
	}
	for name, run := range commands {
		t.Run(name, func(t *testing.T) {
			var out, errb bytes.Buffer
			require.Equal(t, 0, run([]string{"-h"}, &out, &errb))
			require.True(t, strings.HasPrefix(errb.String(), "usage: gate278 "+name+" "), errb.String())
			for _, f := range []string{"-nats", "-creds", "-jwt", "-nkey", "-tls-ca", "-tls-cert", "-tls-key", "-timeout"} {
				require.Contains(t, errb.String(), "  "+f+" ", "gate278 %s -h", name)
			}
		})
	}
}
