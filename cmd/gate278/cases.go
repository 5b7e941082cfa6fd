package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/review"
)

const casesUsage = `usage: gate278 cases <list|show|assign|decide|history> [flags] [ID]

  list     [-state S] [-policy P] [-urgency U] [-due-before RFC3339]
  show     ID
  assign   ID [-to REVIEWER]        (default: yourself; others: supervisors)
  decide   ID -f FILE               (FILE, or - for stdin: {"lines": {"1": {"action": "certify", "from": "CCYYMMDD", "to": "CCYYMMDD"}}, "rationale": "…"})
  history  ID

Every command calls the reviewers' API of gate278 serve (-api). The
reviewer is -user (or GATE278_REVIEWER); the password is read from
GATE278_PASSWORD, never from a flag.`

// runCases implements `gate278 cases …` over the reviewers' API.
func runCases(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, casesUsage)
		return 2
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("cases "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	api := fs.String("api", "http://127.0.0.1:9278", "base URL of the reviewers' API (serve's -listen, or https://… of its -review-listen)")
	apiCA := fs.String("api-ca", "", "CA certificate `FILE` that verifies the reviewers' listener (default: the system's)")
	user := fs.String("user", os.Getenv("GATE278_REVIEWER"), "reviewer name (default $GATE278_REVIEWER)")
	env := fs.String("env", cases.Production, "production or test cases")
	timeout := fs.Duration("timeout", 30*time.Second, "give up after `DURATION`")
	state := fs.String("state", "", "list: only cases in this state")
	policy := fs.String("policy", "", "list: only cases of this policy")
	urgency := fs.String("urgency", "", "list: expedited or standard")
	dueBefore := fs.String("due-before", "", "list: only cases whose final determination is due before this RFC 3339 time")
	closeOutDue := fs.Bool("close-out-due", false, "list: only cases flagged for close-out by review (payer setting close_out: review)")
	to := fs.String("to", "", "assign: the reviewer (default: yourself)")
	file := fs.String("f", "", "decide: the decision's JSON file, - for stdin")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	fs.Usage = func() { fmt.Fprintln(stderr, casesUsage); fs.PrintDefaults() }
	// The ID may come before or after the flags.
	var id string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		id, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	if id == "" && fs.NArg() > 0 {
		id = fs.Arg(0)
	}
	errorf := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "gate278 cases %s: %s\n", sub, fmt.Sprintf(format, a...))
		return 1
	}
	needID := sub != "list"
	if needID && id == "" {
		fmt.Fprintln(stderr, casesUsage)
		return 2
	}
	c := &reviewClient{base: strings.TrimRight(*api, "/"), user: *user, password: os.Getenv("GATE278_PASSWORD"), env: *env, http: http.DefaultClient}
	if *apiCA != "" {
		pem, err := os.ReadFile(*apiCA)
		if err != nil {
			return errorf("reading -api-ca: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return errorf("-api-ca %s holds no PEM certificate", *apiCA)
		}
		c.http = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	path := "/v1/cases/" + url.PathEscape(id)
	var out []byte
	var err error
	switch sub {
	case "list":
		q := url.Values{}
		for k, v := range map[string]string{"state": *state, "policy": *policy, "urgency": *urgency, "due_before": *dueBefore} {
			if v != "" {
				q.Set(k, v)
			}
		}
		if *closeOutDue {
			q.Set("close_out_due", "true")
		}
		out, err = c.do(ctx, "GET", "/v1/cases", q, nil)
		if err == nil && !*asJSON {
			var list []review.Summary
			if err = json.Unmarshal(out, &list); err == nil {
				writeCaseList(stdout, list)
				return 0
			}
		}
	case "show":
		out, err = c.do(ctx, "GET", path, nil, nil)
	case "history":
		out, err = c.do(ctx, "GET", path+"/history", nil, nil)
		if err == nil && !*asJSON {
			var evs []cases.Event
			if err = json.Unmarshal(out, &evs); err == nil {
				writeHistory(stdout, evs)
				return 0
			}
		}
	case "assign":
		body, _ := json.Marshal(review.AssignRequest{Reviewer: *to})
		out, err = c.do(ctx, "POST", path+"/assign", nil, body)
	case "decide":
		var body []byte
		switch *file {
		case "":
			fmt.Fprintln(stderr, "gate278 cases decide: -f FILE (or -) names the decision")
			return 2
		case "-":
			body, err = io.ReadAll(os.Stdin)
		default:
			body, err = os.ReadFile(*file)
		}
		if err != nil {
			return errorf("reading the decision: %v", err)
		}
		out, err = c.do(ctx, "POST", path+"/decide", nil, body)
	default:
		fmt.Fprintf(stderr, "gate278 cases: unknown command %q\n\n%s\n", sub, casesUsage)
		return 2
	}
	if err != nil {
		return errorf("%v", err)
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, out, "", "  ") == nil {
		out = pretty.Bytes()
	}
	fmt.Fprintln(stdout, strings.TrimRight(string(out), "\n"))
	return 0
}

// reviewClient calls the reviewers' API as one reviewer.
type reviewClient struct {
	base, user, password, env string
	http                      *http.Client
}

// do sends one request and returns the body of a 2xx answer; any other
// status is an error carrying the API's message.
func (c *reviewClient) do(ctx context.Context, method, path string, q url.Values, body []byte) ([]byte, error) {
	if q == nil {
		q = url.Values{}
	}
	q.Set("env", c.env)
	req, err := http.NewRequestWithContext(ctx, method, c.base+path+"?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("calling the review API: %w", err)
	}
	if c.user != "" {
		req.SetBasicAuth(c.user, c.password)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("calling the review API: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("reading the review API's answer: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Error string `json:"error"`
		}
		msg := strings.TrimSpace(string(b))
		if json.Unmarshal(b, &e) == nil && e.Error != "" {
			msg = e.Error
		}
		if resp.StatusCode == http.StatusUnauthorized && c.user == "" {
			msg += " (set -user or GATE278_REVIEWER, and GATE278_PASSWORD)"
		}
		return nil, errors.New(resp.Status + ": " + msg)
	}
	return b, nil
}

func writeCaseList(w io.Writer, list []review.Summary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tURGENCY\tPOLICY\tFINAL DUE\tASSIGNEE\tCODES")
	for _, s := range list {
		due := "-"
		if !s.Final.IsZero() {
			due = s.Final.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.State, s.Urgency, s.Policy, due, orDash(s.Assignee), strings.Join(s.Codes, ","))
	}
	tw.Flush()
}

func writeHistory(w io.Writer, evs []cases.Event) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "AT\tKIND\tACTOR\tFROM\tTO\tREVISION\tRATIONALE")
	for _, e := range evs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", e.At.UTC().Format(time.RFC3339), e.Kind, e.Actor, orDash(string(e.From)), e.To, e.Revision, e.Rationale)
	}
	tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
