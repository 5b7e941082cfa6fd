package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Closed label sets of the case metrics.
var (
	// CaseUrgencies is the closed set of the urgency label of the case
	// metrics (UM06 U and 03 are expedited).
	CaseUrgencies = []string{"expedited", "standard"}
	// CaseStates is the closed set of the state label of gate278_cases_open:
	// the states of a case that is not final.
	CaseStates = []string{"open", "waiting-documents", "in-review"}
)

// DecisionBuckets are the upper bounds, in seconds, of the time-to-decision
// histogram: they include 72 hours (the CMS-0057-F expedited timeframe) and
// 7 days (168 h, the standard one), so "decided in time" is a bucket.
var DecisionBuckets = []float64{
	3600, 4 * 3600, 12 * 3600, 24 * 3600, 48 * 3600, 72 * 3600, 96 * 3600,
	5 * 86400, 7 * 86400, 10 * 86400, 14 * 86400, 21 * 86400, 30 * 86400,
}

// OpenCases keys gate278_cases_open.
type OpenCases struct{ Policy, Urgency, State string }

// CaseSnapshot is what one scan of the production cases found.
type CaseSnapshot struct {
	// Open counts the cases that are not final.
	Open map[OpenCases]int
	// OldestOpen is the age of the oldest case that is not final.
	OldestOpen time.Duration
	// DueSoon counts the cases whose final determination is due within
	// the next 24 hours; Overdue those already late.
	DueSoon, Overdue int
	// CloseOutDue counts the cases flagged for a supervisor's close-out
	// (payer setting close_out: review) and not yet final.
	CloseOutDue int
}

// CaseMetrics records the review cases. Create it with NewCases; every
// method of a nil *CaseMetrics does nothing. No label carries PHI or a
// case number.
type CaseMetrics struct {
	policies set
	open     *prometheus.GaugeVec
	oldest   prometheus.Gauge
	dueSoon  prometheus.Gauge
	overdue  prometheus.Gauge
	closeOut prometheus.Gauge
	decision *prometheus.HistogramVec
}

// NewCases creates the case metrics and registers them on reg (nil: on
// none). policies are the policy IDs; they, None and Other are the values
// of the policy label. Every series of the closed sets starts at zero.
func NewCases(reg prometheus.Registerer, policies []string) *CaseMetrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	gauge := func(name, help string) prometheus.Gauge {
		return prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Name: name, Help: help})
	}
	m := &CaseMetrics{
		policies: newSet(policies, []string{None}),
		open: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: Namespace, Name: "cases_open",
			Help: "Review cases not yet final, by policy, urgency and state (production)."}, []string{"policy", "urgency", "state"}),
		oldest:   gauge("cases_oldest_open_age_seconds", "Age of the oldest review case not yet final, from receipt (production)."),
		dueSoon:  gauge("cases_due_soon", "Review cases whose final determination is due within the next 24 hours (production)."),
		overdue:  gauge("cases_overdue", "Review cases whose final determination is late (production)."),
		closeOut: gauge("cases_close_out_due", "Review cases past their CAQH CORE close-out time, flagged for a supervisor (payer setting close_out: review; production)."),
		decision: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "case_decision_seconds",
			Help: "Time from receipt to a reviewer's decision, by urgency (production).", Buckets: DecisionBuckets}, []string{"urgency"}),
	}
	reg.MustRegister(m.open, m.oldest, m.dueSoon, m.overdue, m.closeOut, m.decision)
	m.zero()
	for _, u := range CaseUrgencies {
		m.decision.WithLabelValues(u)
	}
	return m
}

func (m *CaseMetrics) zero() {
	for p := range m.policies {
		for _, u := range CaseUrgencies {
			for _, s := range CaseStates {
				m.open.WithLabelValues(p, u, s).Set(0)
			}
		}
	}
}

func (m *CaseMetrics) urgency(u string) string { return newSet(CaseUrgencies).label(u) }

// Set records a scan.
func (m *CaseMetrics) Set(s CaseSnapshot) {
	if m == nil {
		return
	}
	m.open.Reset()
	m.zero()
	states := newSet(CaseStates)
	for k, n := range s.Open {
		m.open.WithLabelValues(m.policies.label(k.Policy), m.urgency(k.Urgency), states.label(k.State)).Add(float64(n))
	}
	m.oldest.Set(seconds(s.OldestOpen))
	m.dueSoon.Set(float64(s.DueSoon))
	m.overdue.Set(float64(s.Overdue))
	m.closeOut.Set(float64(s.CloseOutDue))
}

// Decided records a case decided took after its receipt.
func (m *CaseMetrics) Decided(urgency string, took time.Duration) {
	if m == nil {
		return
	}
	m.decision.WithLabelValues(m.urgency(urgency)).Observe(seconds(took))
}
