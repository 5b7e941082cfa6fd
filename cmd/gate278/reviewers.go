package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gate278/gate278/cmd/gate278/internal/review"
)

// runReviewers manages the reviewers' file of serve -reviewers: "add"
// adds a reviewer or replaces one's role, adverse flag and password. The password comes
// from $GATE278_PASSWORD or the first line of standard input, never from a
// flag, and is never printed.
func runReviewers(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reviewers add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("file", "", "the reviewers' file (created with mode 0600 when missing)")
	name := fs.String("name", "", "the reviewer's sign-in name")
	role := fs.String("role", string(review.Reviewer), "reviewer, supervisor or auditor")
	adverse := fs.Bool("adverse", false, "may make adverse determinations (not certify, modify): a physician or medical director (42 CFR 438.210(b)(3), 422.566(d))")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gate278 reviewers add -file FILE -name NAME [-role reviewer|supervisor|auditor] [-adverse]  (password: $GATE278_PASSWORD or the first line of stdin)")
		fs.PrintDefaults()
	}
	if len(args) == 0 || args[0] != "add" {
		fs.Usage()
		return 2
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *file == "" || *name == "" || fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	password, ok := os.LookupEnv("GATE278_PASSWORD")
	if !ok {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			fmt.Fprintf(stderr, "gate278 reviewers add: reading the password: %v\n", err)
			return 2
		}
		password = strings.TrimRight(line, "\r\n")
	}
	if err := review.AddReviewer(*file, *name, review.Role(*role), *adverse, password); err != nil {
		fmt.Fprintf(stderr, "gate278 reviewers add: %v\n", err)
		return 1
	}
	kind := *role
	if *adverse {
		kind += ", may make adverse determinations"
	}
	fmt.Fprintf(stdout, "reviewer %s (%s) written to %s\n", *name, kind, *file)
	return 0
}
