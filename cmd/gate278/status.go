package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// runStatus implements `gate278 status [-nats URL] [-json]`.
func runStatus(args []string, stdout, stderr io.Writer) int {
	c := newClientCommand("status", "usage: gate278 status [-nats URL] [-json]", 10*time.Second, "give up after `DURATION`", stdout, stderr)
	asJSON := c.fs.Bool("json", false, "print JSON instead of a table")
	if code, ok := c.parse(args); !ok {
		return code
	}
	c.identity = transport.Credentials.Operator
	if c.fs.NArg() > 0 {
		c.errorf("unexpected argument %q", c.fs.Arg(0))
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	nc, js, err := c.connect(ctx)
	if err != nil {
		c.errorf("%v", err)
		return 1
	}
	defer nc.Close()
	rep, err := transport.Status(ctx, js, outputs.Kinds)
	if err != nil {
		c.errorf("%v", err)
		return 1
	}
	if *asJSON {
		if err := json.NewEncoder(stdout).Encode(rep); err != nil {
			c.errorf("%v", err)
			return 1
		}
		return 0
	}
	writeStatus(stdout, rep)
	return 0
}

func writeStatus(w io.Writer, r transport.StatusReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "INBOUND\tpending\tin flight\tredelivered\tpullers waiting\tstranded\texhausted\n")
	fmt.Fprintf(tw, "\t%d\t%d\t%d\t%d\t%d\t%d\n", r.Inbound.Pending, r.Inbound.AckPending, r.Inbound.Redelivered, r.Inbound.Waiting, r.Inbound.Stranded, r.Inbound.Stuck)
	fmt.Fprintf(tw, "OUTPUTS\t%s\n", strings.Join(outputs.Kinds.Names(), "\t"))
	for _, k := range outputs.Kinds {
		fmt.Fprintf(tw, "\t%d", r.Outputs[k.Name])
	}
	fmt.Fprintln(tw)
	fmt.Fprintf(tw, "DEAD LETTERS\t%d\n", r.DeadLetters)
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "STREAM\tmessages\tbytes\treplicas\tleader\n")
	for _, s := range r.Streams {
		leader := s.Leader
		if leader == "" {
			leader = "-"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\n", s.Name, s.Messages, s.Bytes, s.Replicas, leader)
	}
	tw.Flush()
	if r.Inbound.Stranded > 0 {
		fmt.Fprintf(w, "\nwarning: %d file(s) in X12_IN sit at or below the consumer's ack floor and will never be delivered (a known\n"+
			"work-queue fault after a server crash); a running worker resubmits them within a minute, or dead-letters invalid and exhausted ones\n", r.Inbound.Stranded)
	}
	if r.Inbound.Stuck > 0 {
		moved := min(r.Inbound.Stuck, r.Inbound.Advisories)
		fmt.Fprintf(w, "\nwarning: %d file(s) in X12_IN exhausted their deliveries without reaching X12_DLQ", r.Inbound.Stuck)
		if moved > 0 {
			fmt.Fprintf(w, "; %d have their MAX_DELIVERIES advisory in X12_EVENTS, and a running worker moves those to X12_DLQ", moved)
		}
		if rest := r.Inbound.Stuck - moved; rest > 0 {
			fmt.Fprintf(w, "; %d have no captured advisory: a running worker's sweep moves them to X12_DLQ (reason exhausted) within a minute or two", rest)
		}
		fmt.Fprintln(w)
	}
	if r.Inbound.Pending > 0 && r.Inbound.Waiting == 0 {
		fmt.Fprintln(w, "\nwarning: files are pending but no worker is pulling")
	}
}
