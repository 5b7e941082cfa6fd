package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// natsClientFlags are the connection flags shared by submit and status.
type natsClientFlags struct {
	url, creds, jwt, nkey, tlsCA, tlsCert, tlsKey string
}

func (f *natsClientFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.url, "nats", "nats://127.0.0.1:4222", "NATS `URL`(s), comma-separated")
	fs.StringVar(&f.creds, "creds", "", "NATS credentials `FILE`")
	fs.StringVar(&f.jwt, "jwt", "", "user JWT `FILE` (with -nkey)")
	fs.StringVar(&f.nkey, "nkey", "", "NKey seed `FILE`")
	fs.StringVar(&f.tlsCA, "tls-ca", "", "CA certificate `FILE` to verify the server")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "client certificate `FILE`")
	fs.StringVar(&f.tlsKey, "tls-key", "", "client key `FILE`")
}

// connect opens the connection and waits until it is up or ctx ends.
func (f *natsClientFlags) connect(ctx context.Context, name string) (*nats.Conn, jetstream.JetStream, error) {
	nc, err := transport.Connect(ctx, transport.ConnectConfig{
		URL: f.url, Name: name, CredsFile: f.creds, JWTFile: f.jwt, NKeySeedFile: f.nkey,
		TLSCA: f.tlsCA, TLSCert: f.tlsCert, TLSKey: f.tlsKey,
	})
	if err != nil {
		return nil, nil, err
	}
	for !nc.IsConnected() {
		select {
		case <-ctx.Done():
			nc.Close()
			return nil, nil, fmt.Errorf("cannot reach NATS at %s: %w", f.url, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	return nc, js, nil
}

// answers are the output kinds that answer a file (traces and pends are
// extras).
var answers = map[string]bool{outputs.Kind278: true, outputs.Kind999: true, outputs.KindTA1: true, transport.KindDeadLetter: true}

// runSubmit implements `gate278 submit [-nats URL] [-partner NAME] [-wait DURATION] FILE...`.
func runSubmit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("submit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var nf natsClientFlags
	nf.register(fs)
	partner := fs.String("partner", "default", "submitting trading partner `NAME` (last subject token)")
	wait := fs.Duration("wait", 0, "wait up to `DURATION` for each file's outputs and print them as they arrive")
	timeout := fs.Duration("timeout", 30*time.Second, "give up publishing after `DURATION` (retries across server restarts until then)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gate278 submit [-nats URL] [-partner NAME] [-wait DURATION] FILE...   (FILE - reads stdin)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintln(stderr, "gate278 submit: name at least one FILE to submit")
		fs.Usage()
		return 2
	}
	if *wait < 0 || *timeout <= 0 {
		fmt.Fprintln(stderr, "gate278 submit: -wait must be >= 0 and -timeout > 0")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	pctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	nc, js, err := nf.connect(pctx, "gate278 submit")
	if err != nil {
		fmt.Fprintf(stderr, "gate278 submit: %v\n", err)
		return 1
	}
	defer nc.Close()

	var watch *transport.Watcher
	if *wait > 0 {
		// Start a little before the first publish: the server's clock
		// stamps the outputs.
		watch, err = transport.WatchOutputs(pctx, js, time.Now().Add(-2*time.Second))
		if err != nil {
			fmt.Fprintf(stderr, "gate278 submit: %v\n", err)
			return 1
		}
		defer watch.Stop()
	}

	failed := false
	pending := map[string]string{} // id -> file, awaiting an answer
	for _, name := range files {
		rc, err := submitFile(pctx, js, *partner, name)
		if err != nil {
			fmt.Fprintf(stderr, "gate278 submit: %s: %v\n", name, err)
			failed = true
			continue
		}
		note := ""
		if rc.Duplicate {
			note = " duplicate (already submitted within the dedup window; not processed again)"
		}
		fmt.Fprintf(stdout, "%s %s seq=%d%s\n", rc.ID, name, rc.Seq, note)
		if !rc.Duplicate {
			pending[rc.ID] = name
		}
	}
	if watch == nil || len(pending) == 0 {
		if failed {
			return 1
		}
		return 0
	}

	wctx, wcancel := context.WithTimeout(ctx, *wait)
	defer wcancel()
	ours := map[string]string{}
	for id, f := range pending {
		ours[id] = f
	}
	var quiet <-chan time.Time // after every file is answered, stop once outputs stop coming
	for {
		select {
		case d := <-watch.C():
			file, ok := ours[d.InboundID]
			if !ok {
				continue
			}
			body, err := d.Body(wctx, js)
			if err != nil {
				fmt.Fprintf(stderr, "gate278 submit: output %s seq %d: %v\n", d.Subject, d.Seq, err)
				failed = true
			}
			fmt.Fprintf(stdout, "--- %s %s (answers %s)\n", d.Kind, d.Subject, file)
			if d.Kind == transport.KindDeadLetter {
				fmt.Fprintf(stdout, "dead-lettered: %s: %s\n", d.Header.Get(transport.HeaderDlqReason), d.Header.Get(transport.HeaderDlqError))
				failed = true
			} else {
				stdout.Write(body)
				if len(body) > 0 && body[len(body)-1] != '\n' {
					fmt.Fprintln(stdout)
				}
			}
			if answers[d.Kind] {
				delete(pending, d.InboundID)
			}
			if len(pending) == 0 {
				quiet = time.After(500 * time.Millisecond)
			}
		case <-quiet:
			if failed {
				return 1
			}
			return 0
		case <-wctx.Done():
			for id, f := range pending {
				fmt.Fprintf(stderr, "gate278 submit: %s (%s): no answer within %s\n", f, id, *wait)
				failed = true
			}
			if failed {
				return 1
			}
			return 0
		}
	}
}

func submitFile(ctx context.Context, js jetstream.JetStream, partner, name string) (transport.Receipt, error) {
	if name == "-" {
		return transport.SubmitReceipt(ctx, js, partner, "stdin", os.Stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return transport.Receipt{}, err
	}
	defer f.Close()
	return transport.SubmitReceipt(ctx, js, partner, filepath.Base(name), f)
}
