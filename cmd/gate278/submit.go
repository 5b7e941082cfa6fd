package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// envPartner names the submitting partner when -partner is not given.
const envPartner = "GATE278_PARTNER"

// answers are the output kinds that answer a file (traces and pends are
// extras).
var answers = map[string]bool{outputs.Kind278: true, outputs.Kind999: true, outputs.KindTA1: true, transport.KindDeadLetter: true}

// runSubmit implements `gate278 submit [-nats URL] [-partner NAME] [-wait DURATION] FILE...`.
func runSubmit(args []string, stdout, stderr io.Writer) int {
	c := newClientCommand("submit", "usage: gate278 submit [-nats URL] [-partner NAME] [-wait DURATION] FILE...   (FILE - reads stdin)",
		30*time.Second, "give up publishing after `DURATION` (retries across server restarts until then)", stdout, stderr)
	partner := c.fs.String("partner", os.Getenv(envPartner), "submitting trading partner `NAME` (last subject token; default $"+envPartner+",\nor the only partner with credentials in the data directory)")
	wait := c.fs.Duration("wait", 0, "wait up to `DURATION` for each file's outputs and print them as they arrive")
	if code, ok := c.parse(args); !ok {
		return code
	}
	files := c.fs.Args()
	if len(files) == 0 {
		c.errorf("name at least one FILE to submit")
		c.fs.Usage()
		return 2
	}
	if *wait < 0 || c.timeout <= 0 {
		c.errorf("-wait must be >= 0 and -timeout > 0")
		return 2
	}
	if *partner == "" {
		known := c.store().Partners()
		if len(known) != 1 {
			list := "none"
			if len(known) > 0 {
				list = strings.Join(known, ", ")
			}
			c.errorf("name the submitting partner with -partner (partners with credentials in %s: %s)", c.store().Dir, list)
			return 2
		}
		*partner = known[0]
	}
	if err := transport.ValidPartner(*partner); err != nil {
		c.errorf("-partner: %v", err)
		return 2
	}
	c.identity = func(cr transport.Credentials) string { return cr.Partner(*partner) }
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	pctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	nc, js, err := c.connect(pctx)
	if err != nil {
		c.errorf("%v", err)
		return 1
	}
	defer nc.Close()

	s := &submission{cmd: c, nc: nc, js: js, partner: *partner, since: time.Now().Add(-2 * time.Second)}
	var watch *transport.Watcher
	if *wait > 0 {
		// Subscribed before the first publish: the partner's answers
		// arrive live (its account sees nothing else).
		watch, err = transport.WatchPartner(nc, *partner, outputs.Kinds)
		if err != nil {
			c.errorf("%v", err)
			return 1
		}
		defer watch.Stop()
	}
	s.publish(pctx, files)
	if watch != nil && len(s.pending) > 0 {
		wctx, wcancel := context.WithTimeout(ctx, *wait)
		defer wcancel()
		s.await(wctx, watch, *wait)
	}
	return exitCode(s.failed)
}

// submission is one run of submit: the files it published and the answers
// it waits for.
type submission struct {
	cmd     *clientCommand
	nc      *nats.Conn
	js      jetstream.JetStream
	since   time.Time       // a little before the first publish (clocks differ)
	shown   map[string]bool // Nats-Msg-Id of the outputs printed
	partner string
	files   map[string]string // inbound ID -> file, every file published
	pending map[string]string // inbound ID -> file, not answered yet
	// decided: a 278 response answered the file; refused: a TA1 or 999
	// rejected something of it. A file refused and never decided was
	// rejected (exit status 1).
	decided, refused map[string]bool
	failed           bool
}

// publish submits each file and prints its receipt. Every submission is
// answered (a resubmitted file with its first answers), so each is awaited.
func (s *submission) publish(ctx context.Context, names []string) {
	s.files, s.pending = map[string]string{}, map[string]string{}
	s.decided, s.refused = map[string]bool{}, map[string]bool{}
	for _, name := range names {
		rc, err := submitFile(ctx, s.js, s.partner, name)
		if err != nil {
			s.cmd.errorf("%s: %v", name, err)
			s.failed = true
			continue
		}
		fmt.Fprintf(s.cmd.stdout, "%s %s seq=%d\n", rc.ID, name, rc.Seq)
		s.files[rc.ID] = name
		s.pending[rc.ID] = name
	}
}

// await prints the outputs of the published files as they arrive until
// every file is answered and the outputs stop coming, or ctx ends; wait is
// ctx's budget, named in the message about files left unanswered.
func (s *submission) await(ctx context.Context, watch *transport.Watcher, wait time.Duration) {
	var quiet <-chan time.Time // after every file is answered, stop once outputs stop coming
	s.shown = map[string]bool{}
	check := time.NewTicker(time.Second)
	defer check.Stop()
	reconnects := s.nc.Stats().Reconnects
	// A file sent again within the duplicate window gets its original
	// answers, stored once, earlier: they never arrive live. Ask for the
	// stored answers once, a moment after publishing (found by the
	// gateway's index of each file's answers, whenever they were stored).
	early := time.After(2 * time.Second)
	var quietAfter = func() {
		if len(s.pending) == 0 && quiet == nil {
			quiet = time.After(500 * time.Millisecond)
		}
	}
	for {
		select {
		case d := <-watch.C():
			s.take(ctx, d)
			quietAfter()
		case <-early:
			s.fetch(ctx)
			quietAfter()
		case <-check.C:
			// Answers published while this client was reconnecting never
			// arrive live: ask for the stored ones.
			if r := s.nc.Stats().Reconnects; r != reconnects && s.nc.IsConnected() {
				reconnects = r
				s.fetch(ctx)
				quietAfter()
			}
		case <-quiet:
			s.verdicts()
			return
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			s.fetch(fctx)
			cancel()
			for id, f := range s.pending {
				s.cmd.errorf("%s (%s): no answer within %s", f, id, wait)
				s.failed = true
			}
			s.verdicts()
			return
		}
	}
}

// take prints one output of a published file (once: a redelivered file
// publishes its answers again) and notes the file answered.
func (s *submission) take(ctx context.Context, d transport.Delivery) {
	file, ok := s.files[d.InboundID]
	if !ok {
		return
	}
	if id := d.Header.Get(jetstream.MsgIDHeader); id != "" {
		if s.shown[id] {
			return
		}
		s.shown[id] = true
	}
	s.show(ctx, d, file)
	if answers[d.Kind] {
		delete(s.pending, d.InboundID)
	}
}

// fetch asks the gateway for the stored answers of the files not answered
// yet.
func (s *submission) fetch(ctx context.Context) {
	var ids []string
	for id := range s.pending {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return
	}
	ds, err := transport.FetchAnswers(ctx, s.nc, s.partner, ids, s.since)
	if err != nil {
		return // the live answers may still come
	}
	for _, d := range ds {
		for _, id := range ids {
			if transport.SameFile(d.InboundID, id) {
				d.InboundID = id // an earlier submission of the same bytes may have been answered first
				s.take(ctx, d)
			}
		}
	}
}

// verdicts fails the run for every file that was rejected: acknowledged
// with a rejection and answered with no 278 response.
func (s *submission) verdicts() {
	for id, f := range s.files {
		if s.refused[id] && !s.decided[id] {
			s.cmd.errorf("%s (%s): rejected (see its TA1/999)", f, id)
			s.failed = true
		}
	}
}

// rejects reports whether an acknowledgment rejects: a TA1 whose TA104 is
// R, or a 999 whose AK9 is R.
func rejects(kind string, body []byte) bool {
	if len(body) < 106 {
		return false
	}
	sep, term := body[3], body[105]
	seg, at := "", 0
	switch kind {
	case outputs.KindTA1:
		seg, at = "TA1", 4
	case outputs.Kind999:
		seg, at = "AK9", 1
	default:
		return false
	}
	for _, segment := range bytes.Split(body, []byte{term}) {
		f := bytes.Split(bytes.TrimLeft(segment, "\r\n"), []byte{sep})
		if string(f[0]) == seg && len(f) > at && string(f[at]) == "R" {
			return true
		}
	}
	return false
}

// show prints one output of file: a header line, then its body, or the
// reason of a dead letter.
func (s *submission) show(ctx context.Context, d transport.Delivery, file string) {
	out := s.cmd.stdout
	body, err := d.Body(ctx, s.js)
	if err != nil {
		s.cmd.errorf("output %s seq %d: %v", d.Subject, d.Seq, err)
		s.failed = true
	}
	fmt.Fprintf(out, "--- %s %s (answers %s)\n", d.Kind, d.Subject, file)
	if d.Kind == transport.KindDeadLetter {
		fmt.Fprintf(out, "dead-lettered: %s: %s\n", d.Header.Get(transport.HeaderDlqReason), d.Header.Get(transport.HeaderDlqError))
		s.failed = true
		return
	}
	switch {
	case d.Kind == outputs.Kind278:
		s.decided[d.InboundID] = true
	case rejects(d.Kind, body):
		s.refused[d.InboundID] = true
	}
	out.Write(body)
	if len(body) > 0 && body[len(body)-1] != '\n' {
		fmt.Fprintln(out)
	}
}

// submitFile publishes one file, or standard input for "-".
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
