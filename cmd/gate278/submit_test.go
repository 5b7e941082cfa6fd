package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// startGateway runs an embedded server with the topology and a worker whose
// trivial handler answers each file with a 999 and a 278 (or dead-letters
// files named poison*), with one partner, acme. It returns the client URL
// and the data directory, whose credentials the commands use (-data).
func startGateway(t *testing.T) (url, data string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	data = t.TempDir()
	g, err := transport.Open(ctx, transport.GatewayConfig{Embedded: transport.ServerConfig{DataDir: data, Listen: "127.0.0.1:-1"},
		Partners: []transport.Partner{{Name: "acme"}}})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = g.Close(ctx)
	})
	err = g.StartWorker(ctx, transport.WorkerConfig{Workers: 2, Outputs: outputs.Kinds, Handler: transport.HandlerFunc(
		func(ctx context.Context, m *transport.Message, out transport.Publisher) error {
			if strings.HasPrefix(m.Header.Get(transport.HeaderFileName), "poison") {
				return transport.Permanent(os.ErrInvalid)
			}
			if strings.HasPrefix(m.Header.Get(transport.HeaderFileName), "rejected") {
				return out.Publish(ctx, transport.Outbound{Kind: "ta1", Subject: "x12.ta1.out." + m.Partner, ID: m.ID + ".ta1", Data: []byte(rejectingTA1)})
			}
			for _, o := range []transport.Outbound{
				{Kind: "999", Subject: "x12.999.out." + m.Partner, ID: m.ID + ".999", Data: []byte("ISA*999~")},
				{Kind: "278", Subject: "x12.278.out." + m.Partner, ID: m.ID + ".278", Data: []byte("ISA*278~")},
			} {
				if err := out.Publish(ctx, o); err != nil {
					return err
				}
			}
			return nil
		})})
	require.NoError(t, err)
	return g.ClientURL(), data
}

// rejectingTA1 is an interchange rejected with TA1 R 006.
const rejectingTA1 = "ISA*00*          *00*          *ZZ*GATE278        *ZZ*ACME           *260302*0915*^*00501*000000001*0*T*:~" +
	"TA1*000000001*260302*0915*R*006~IEA*0*000000001~"

func TestRunSubmit(t *testing.T) {
	url, data := startGateway(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.x12")
	require.NoError(t, os.WriteFile(good, []byte("ISA*request~"), 0o600))
	poison := filepath.Join(dir, "poison.x12")
	require.NoError(t, os.WriteFile(poison, []byte("garbage"), 0o600))
	rejected := filepath.Join(dir, "rejected.x12")
	require.NoError(t, os.WriteFile(rejected, []byte("ISA*spoofed~"), 0o600))

	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string
		stderr   []string
	}{
		{name: "no files", args: []string{"-nats", url, "-data", data}, code: 2},
		{name: "bad flag", args: []string{"-bogus"}, code: 2},
		{name: "missing file", args: []string{"-nats", url, "-data", data, filepath.Join(dir, "nope")}, code: 1},
		{name: "bad partner", args: []string{"-nats", url, "-data", data, "-partner", "a.b", good}, code: 2},
		{name: "no partner", args: []string{"-nats", url, "-data", dir, good}, code: 2},
		{name: "partner ending in DEL", args: []string{"-nats", url, "-data", data, "-partner", "acme\x7f", good}, code: 2,
			stderr: []string{"invalid partner name", `"acme\x7f"`}},
		{name: "huge partner", args: []string{"-nats", url, "-data", data, "-partner", strings.Repeat("a", 5000), good}, code: 2,
			stderr: []string{"5000 characters, at most 32"}},
		{name: "submit and wait", args: []string{"-nats", url, "-data", data, "-partner", "acme", "-wait", "30s", good}, code: 0,
			contains: []string{"sha256:", "good.x12", "--- 999 x12.999.out.acme (answers " + good + ")", "ISA*999~", "--- 278 x12.278.out.acme", "ISA*278~"}},
		{name: "resubmission answered", args: []string{"-nats", url, "-data", data, "-partner", "acme", "-wait", "30s", good}, code: 0,
			contains: []string{"--- 999 x12.999.out.acme (answers " + good + ")", "ISA*999~"}},
		{name: "every file rejected", args: []string{"-nats", url, "-data", data, "-wait", "30s", rejected}, code: 1,
			contains: []string{"--- ta1 x12.ta1.out.acme", "TA1*000000001*260302*0915*R*006~"}, stderr: []string{"rejected.x12", "rejected (see its TA1/999)"}},
		{name: "dead letter", args: []string{"-nats", url, "-data", data, "-wait", "30s", poison}, code: 1,
			contains: []string{"--- dlq x12.dlq.acme", "dead-lettered: poison"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := runSubmit(tc.args, &out, &errb)
			require.Equal(t, tc.code, code, "stdout=%s stderr=%s", out.String(), errb.String())
			for _, c := range tc.contains {
				require.Contains(t, out.String(), c)
			}
			for _, c := range tc.stderr {
				require.Contains(t, errb.String(), c)
			}
		})
	}
}

func TestRejects(t *testing.T) {
	isa := rejectingTA1[:106]
	require.True(t, rejects("ta1", []byte(rejectingTA1)))
	require.False(t, rejects("ta1", []byte(isa+"TA1*000000001*260302*0915*A*000~IEA*0*000000001~")))
	require.True(t, rejects("999", []byte(isa+"\nGS*FA*X*Y*20260302*0915*1*X*005010X231A1~\nST*999*0001~\nAK1*HI*1~\nAK9*R*1*1*0~\nSE*4*0001~")))
	require.False(t, rejects("999", []byte(isa+"AK9*A*1*1*1~")))
	require.False(t, rejects("999", []byte(isa+"AK9*P*2*2*1~")), "partly accepted is not rejected")
	require.False(t, rejects("278", []byte(rejectingTA1)))
	require.False(t, rejects("ta1", []byte("short")))
}
