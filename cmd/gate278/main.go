// Command gate278 is the X12 278 prior-authorization gateway: a NATS
// JetStream worker (serve), its client commands (submit, status, redrive)
// and the offline tools for trading partners (validate, adjudicate,
// explain).
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: gate278 <command> [flags]

commands:
  serve       run the gateway worker (embedded NATS by default)
  submit      publish 278 files to the gateway
  status      show the queues at a glance
  redrive     put dead letters back on the inbound queue
  cases       list, show, assign and decide review cases (the reviewers' API)
  report      the CMS-0057-F prior-authorization report from the audit trail
  reviewers   add a reviewer to the reviewers' file of serve -reviewers
  adjudicate  turn a 278 file into its TA1/999/278 responses
  validate    write the TA1/999 acknowledgments of a file
  explain     explain every decision of a 278 file in plain words
  version     print the version

Run "gate278 <command> -h" for the flags of a command.`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "validate":
		return runValidate(rest, stdin, stdout, stderr)
	case "adjudicate":
		return runAdjudicate(rest, stdin, stdout, stderr)
	case "explain":
		return runExplain(rest, stdin, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "submit":
		return runSubmit(rest, stdout, stderr)
	case "status":
		return runStatus(rest, stdout, stderr)
	case "redrive":
		return runRedrive(rest, stdout, stderr)
	case "cases":
		return runCases(rest, stdout, stderr)
	case "report":
		return runReport(rest, stdout, stderr)
	case "reviewers":
		return runReviewers(rest, stdin, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "gate278", version)
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "gate278: unknown command %q\n\n%s\n", cmd, usage)
	return 2
}
