package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"github.com/gate278/gate278/transport"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
)

const reportUsage = `usage: gate278 report prior-auth -from CCYY-MM-DD -to CCYY-MM-DD [-payer ID] [-config FILE] [-format json|csv|md] [-nats URL]

Computes the CMS-0057-F prior-authorization figures of the production cases
received from -from through -to (whole UTC days, both included) from the
audit trail (X12_CASE_HISTORY).`

// runReport implements `gate278 report prior-auth …`.
func runReport(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "prior-auth" {
		fmt.Fprintln(stderr, reportUsage)
		return 2
	}
	c := newClientCommand("report prior-auth", reportUsage, 60*time.Second, "give up after `DURATION`", stdout, stderr)
	// The audit trail holds PHI-free case events but is the gateway's own
	// stream: the report reads it as the gateway (the read-only operator
	// account sees stream state, not messages).
	c.identity = transport.Credentials.Gateway
	fromS := c.fs.String("from", "", "first day of the period (CCYY-MM-DD, UTC)")
	toS := c.fs.String("to", "", "last day of the period, included (CCYY-MM-DD, UTC)")
	payer := c.fs.String("payer", "", "only the cases of this payer: its `ID` in the configuration (NM109, e.g. VTMEDICAID) or its name")
	configPath := c.fs.String("config", "", "payer configuration (JSON) to find -payer in; default: the embedded configuration")
	format := c.fs.String("format", "md", "json, csv or md")
	if code, ok := c.parse(args[1:]); !ok {
		return code
	}
	from, err1 := time.Parse(time.DateOnly, *fromS)
	to, err2 := time.Parse(time.DateOnly, *toS)
	if err1 != nil || err2 != nil || to.Before(from) {
		c.errorf("-from and -to must be days CCYY-MM-DD, -to not before -from")
		return 2
	}
	if *format != "json" && *format != "csv" && *format != "md" {
		c.errorf("-format %q is not json, csv or md", *format)
		return 2
	}
	name, err := payerName(*configPath, *payer)
	if err != nil {
		c.errorf("%v", err)
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
	store, err := casestore.Open(ctx, js)
	if err != nil {
		c.errorf("%v", err)
		return 1
	}
	evs, err := store.Events(ctx, cases.Production)
	if err != nil {
		c.errorf("%v", err)
		return 1
	}
	r := cases.PriorAuthReport(evs, from, to.AddDate(0, 0, 1), name)
	if err := writeReport(stdout, r, *format); err != nil {
		c.errorf("%v", err)
		return 1
	}
	return 0
}

// payerName is the name cases record for a payer given by its configured
// ID (or already by its name): cases keep the payer's name.
func payerName(configPath, payer string) (string, error) {
	if payer == "" {
		return "", nil
	}
	var cfg *adjudicate.Config
	var err error
	if configPath == "" {
		cfg, err = adjudicate.DefaultConfig()
	} else {
		var f *os.File
		if f, err = os.Open(configPath); err == nil {
			cfg, err = adjudicate.LoadConfig(f)
			_ = f.Close()
		}
	}
	if err != nil {
		return "", fmt.Errorf("reading the payer configuration: %w", err)
	}
	for _, p := range cfg.Payers() {
		if p.ID == payer {
			return p.Name, nil
		}
	}
	return payer, nil
}

// reportRow is one figure of the report, for csv and md.
type reportRow struct {
	name  string
	value func(f cases.Figures) string
}

func nfig(n int) string      { return strconv.Itoa(n) }
func pct(x float64) string   { return strconv.FormatFloat(100*x, 'f', 1, 64) }
func hours(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

var reportRows = []reportRow{
	{"requests", func(f cases.Figures) string { return nfig(f.Requests) }},
	{"approved", func(f cases.Figures) string { return nfig(f.Approved) }},
	{"approved %", func(f cases.Figures) string { return pct(f.ApprovedShare) }},
	{"denied", func(f cases.Figures) string { return nfig(f.Denied) }},
	{"denied %", func(f cases.Figures) string { return pct(f.DeniedShare) }},
	{"extended", func(f cases.Figures) string { return nfig(f.Extended) }},
	{"extended %", func(f cases.Figures) string { return pct(f.ExtendedShare) }},
	{"extended and approved", func(f cases.Figures) string { return nfig(f.ExtendedApproved) }},
	{"extended and approved %", func(f cases.Figures) string { return pct(f.ExtendedApprovedShare) }},
	{"appeals", func(f cases.Figures) string { return nfig(f.Appeals) }},
	{"approved after appeal", func(f cases.Figures) string { return nfig(f.ApprovedAfterAppeal) }},
	{"approved after appeal %", func(f cases.Figures) string { return pct(f.AfterAppealShare) }},
	{"closed out", func(f cases.Figures) string { return nfig(f.ClosedOut) }},
	{"cancelled", func(f cases.Figures) string { return nfig(f.Cancelled) }},
	{"pending", func(f cases.Figures) string { return nfig(f.Pending) }},
	{"decided", func(f cases.Figures) string { return nfig(f.Decided) }},
	{"average hours to decision", func(f cases.Figures) string { return hours(f.AverageHours) }},
	{"median hours to decision", func(f cases.Figures) string { return hours(f.MedianHours) }},
}

// writeReport prints the report as json, csv (one row per figure,
// columns standard and expedited) or a Markdown table.
func writeReport(w io.Writer, r cases.Report, format string) error {
	switch format {
	case "json":
		e := json.NewEncoder(w)
		e.SetIndent("", "  ")
		return e.Encode(r)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"figure", "standard", "expedited"})
		for _, row := range reportRows {
			_ = cw.Write([]string{row.name, row.value(r.Standard), row.value(r.Expedited)})
		}
		cw.Flush()
		return cw.Error()
	}
	payer := r.Payer
	if payer == "" {
		payer = "all payers"
	}
	if _, err := fmt.Fprintf(w, "# Prior authorization, %s to %s (%s)\n\n| figure | standard | expedited |\n|---|---:|---:|\n",
		r.From.Format(time.DateOnly), r.To.AddDate(0, 0, -1).Format(time.DateOnly), payer); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	for _, row := range reportRows {
		if _, err := fmt.Fprintf(w, "| %s | %s | %s |\n", row.name, row.value(r.Standard), row.value(r.Expedited)); err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
	}
	return nil
}
