package metrics

import (
	"errors"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Namespace is the prefix of every gateway metric.
const Namespace = "gate278"

// LatencyBuckets are the upper bounds, in seconds, of every latency
// histogram. They reach the 20 s real-time response bound of the CAQH CORE
// 278 operating rules and go beyond it, so that both "within 20 s" and "how
// far over" can be answered from the buckets.
var LatencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20, 30, 60}

// BuildInfo identifies the running binary. It is exported as the labels of
// gate278_build_info.
type BuildInfo struct {
	// Version is the release, e.g. the output of git describe. Empty means "unknown".
	Version string
	// Revision is the VCS revision the binary was built from. Empty means "unknown".
	Revision string
	// GoVersion is the Go toolchain version. Empty means runtime.Version().
	GoVersion string
}

// Metrics records the gateway's metrics. Create it with New. Its methods are
// safe for concurrent use, and every method of a nil *Metrics does nothing,
// so code paths that run without metrics (the offline CLI) need no checks.
type Metrics struct {
	policies set

	received      prometheus.Counter
	receivedBytes prometheus.Counter
	redeliveries  prometheus.Counter
	settled       *prometheus.CounterVec
	endToEnd      prometheus.Histogram
	deadLetters   *prometheus.CounterVec
	published     *prometheus.CounterVec
	publishedSize *prometheus.CounterVec
	publish       *prometheus.HistogramVec
	inFlight      prometheus.Gauge
	workers       prometheus.Gauge
	pending       prometheus.Gauge
	ackPending    prometheus.Gauge
	redelivered   prometheus.Gauge
	waiting       prometheus.Gauge

	files      *prometheus.CounterVec
	txSets     *prometheus.CounterVec
	lines      *prometheus.CounterVec
	events     *prometheus.CounterVec
	rejections *prometheus.CounterVec
	stage      *prometheus.HistogramVec
}

// New creates the gateway's metrics and registers them on reg, together with
// the Go runtime and process collectors and gate278_build_info. It never
// touches the global registry. A nil reg records into metrics that are
// registered nowhere.
//
// policies are the policy IDs the adjudicator knows; they, None and Other are
// the only values of the policy label. Every label combination of a closed
// set is created at zero, so rates and ratios are defined from the first
// scrape (rejections, whose codes are sparse, are created on first use).
//
// New panics if a gateway metric is already registered on reg, which is a
// programming error (New called twice on one registry). Go and process
// collectors that the caller registered already are tolerated.
func New(reg prometheus.Registerer, build BuildInfo, policies []string) *Metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Name: name, Help: help})
	}
	counterVec := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: name, Help: help}, labels)
	}
	gauge := func(name, help string) prometheus.Gauge {
		return prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Name: name, Help: help})
	}
	histogramOpts := func(name, help string) prometheus.HistogramOpts {
		return prometheus.HistogramOpts{Namespace: Namespace, Name: name, Help: help, Buckets: LatencyBuckets}
	}

	m := &Metrics{
		policies: newSet(policies, []string{None}),

		received:      counter("inbound_messages_received_total", "Inbound messages (files) pulled from the X12_IN consumer, including redeliveries."),
		receivedBytes: counter("inbound_bytes_total", "Bytes of inbound files received."),
		redeliveries:  counter("redeliveries_total", "Inbound messages received with a delivery count above 1."),
		settled:       counterVec("inbound_messages_settled_total", "Inbound messages settled with JetStream, by outcome (ack, nak, term, dead_letter).", "outcome"),
		endToEnd: prometheus.NewHistogram(histogramOpts("end_to_end_seconds",
			"Time from the inbound message's JetStream timestamp to its acknowledgment, for acknowledged messages.")),
		deadLetters:   counterVec("dead_letters_total", "Inbound messages moved to the X12_DLQ stream, by reason (max_deliver, exhausted, poison, oversize, invalid, conflict).", "reason"),
		published:     counterVec("outputs_published_total", "Output messages published, by kind (278, 999, ta1, trace, pend).", "kind"),
		publishedSize: counterVec("outputs_bytes_total", "Bytes of output messages published, by kind.", "kind"),
		publish: prometheus.NewHistogramVec(histogramOpts("publish_seconds",
			"Time to publish one output message and receive the JetStream publish acknowledgment, by kind."), []string{"kind"}),
		inFlight:    gauge("inflight_files", "Inbound files being processed by this process now."),
		workers:     gauge("workers", "Workers of this process pulling from the X12_IN consumer."),
		pending:     gauge("consumer_pending_messages", "Messages in X12_IN not yet delivered to the durable consumer (backlog), as last reported by the server."),
		ackPending:  gauge("consumer_ack_pending_messages", "Messages delivered by the durable consumer and not yet acknowledged, as last reported by the server."),
		redelivered: gauge("consumer_redelivered_messages", "Messages of the durable consumer delivered more than once and not yet acknowledged, as last reported by the server."),
		waiting:     gauge("consumer_waiting_pulls", "Pull requests waiting on the durable consumer, as last reported by the server."),

		files:      counterVec("files_total", "Inbound files processed, by result (accepted, partially_accepted, rejected, duplicate).", "result"),
		txSets:     counterVec("transaction_sets_total", "278 transaction sets processed, by 999 result (accepted, accepted_with_errors, rejected).", "result"),
		lines:      counterVec("lines_total", "Service lines (2000F) decided, by policy and HCR01 action.", "policy", "action"),
		events:     counterVec("events_total", "Patient events (2000E) decided, by policy and HCR01 action.", "policy", "action"),
		rejections: counterVec("rejections_total", "TA1 and 999 rejection and error codes sent, by acknowledgment (ta1, 999) and code (TA105, IK502-06, AK905-09).", "ack", "code"),
		stage: prometheus.NewHistogramVec(histogramOpts("stage_seconds",
			"Time spent in one pipeline stage for one file, by stage (read_validate, adjudicate, encode)."), []string{"stage"}),
	}

	// Zero every combination of the closed sets (rejections excepted).
	for _, v := range Outcomes {
		m.settled.WithLabelValues(v)
	}
	for _, v := range DeadLetterReasons {
		m.deadLetters.WithLabelValues(v)
	}
	for _, v := range OutputKinds {
		m.published.WithLabelValues(v)
		m.publishedSize.WithLabelValues(v)
		m.publish.WithLabelValues(v)
	}
	for _, v := range FileResults {
		m.files.WithLabelValues(v)
	}
	for _, v := range TransactionSetResults {
		m.txSets.WithLabelValues(v)
	}
	for p := range m.policies {
		for _, a := range Actions {
			m.lines.WithLabelValues(p, a)
			m.events.WithLabelValues(p, a)
		}
	}
	for _, v := range Stages {
		m.stage.WithLabelValues(v)
	}

	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: Namespace,
		Name:      "build_info",
		Help:      "Always 1; the labels identify the running gate278 binary.",
		ConstLabels: prometheus.Labels{
			"version":   orDefault(build.Version, "unknown"),
			"revision":  orDefault(build.Revision, "unknown"),
			"goversion": orDefault(build.GoVersion, runtime.Version()),
		},
	})
	info.Set(1)

	reg.MustRegister(
		m.received, m.receivedBytes, m.redeliveries, m.settled, m.endToEnd,
		m.deadLetters, m.published, m.publishedSize, m.publish,
		m.inFlight, m.workers, m.pending, m.ackPending, m.redelivered, m.waiting,
		m.files, m.txSets, m.lines, m.events, m.rejections, m.stage, info,
	)
	for _, c := range []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := reg.Register(c); err != nil {
			if are := (prometheus.AlreadyRegisteredError{}); !errors.As(err, &are) {
				panic(err)
			}
		}
	}
	return m
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// seconds converts d to seconds for a histogram; a negative duration (clock
// skew between the NATS server and this host) counts as zero.
func seconds(d time.Duration) float64 {
	if d < 0 {
		return 0
	}
	return d.Seconds()
}

// Received records one inbound message of size bytes pulled from the
// consumer; delivered is its JetStream delivery count, and a count above 1
// is also a redelivery.
func (m *Metrics) Received(size int64, delivered uint64) {
	if m == nil {
		return
	}
	m.received.Inc()
	if size > 0 {
		m.receivedBytes.Add(float64(size))
	}
	if delivered > 1 {
		m.redeliveries.Inc()
	}
}

// Settled records how an inbound message was settled: outcome is "ack",
// "nak", "term" or "dead_letter" (anything else is recorded as Other). For
// an ack, age (now minus the message's JetStream timestamp) is also observed
// as the end-to-end latency.
func (m *Metrics) Settled(outcome string, age time.Duration) {
	if m == nil {
		return
	}
	outcome = outcomeSet.label(outcome)
	m.settled.WithLabelValues(outcome).Inc()
	if outcome == "ack" {
		m.endToEnd.Observe(seconds(age))
	}
}

// DeadLettered records an inbound message moved to the dead-letter stream;
// reason is "max_deliver", "poison" or "oversize".
func (m *Metrics) DeadLettered(reason string) {
	if m == nil {
		return
	}
	m.deadLetters.WithLabelValues(reasonSet.label(reason)).Inc()
}

// Published records one output message of size bytes, acknowledged by
// JetStream after took; kind is "278", "999", "ta1", "trace" or "pend".
func (m *Metrics) Published(kind string, size int, took time.Duration) {
	if m == nil {
		return
	}
	kind = kindSet.label(kind)
	m.published.WithLabelValues(kind).Inc()
	if size > 0 {
		m.publishedSize.WithLabelValues(kind).Add(float64(size))
	}
	m.publish.WithLabelValues(kind).Observe(seconds(took))
}

// InFlight sets the number of inbound files this process is processing now.
func (m *Metrics) InFlight(n int) {
	if m == nil {
		return
	}
	m.inFlight.Set(float64(n))
}

// Workers sets the number of workers of this process pulling from the consumer.
func (m *Metrics) Workers(n int) {
	if m == nil {
		return
	}
	m.workers.Set(float64(n))
}

// ConsumerState records the durable consumer's state as reported by the
// server (consumer info): messages pending delivery, delivered but not
// acknowledged, redelivered and not acknowledged, and waiting pull requests.
func (m *Metrics) ConsumerState(pending, ackPending, redelivered uint64, waiting int) {
	if m == nil {
		return
	}
	m.pending.Set(float64(pending))
	m.ackPending.Set(float64(ackPending))
	m.redelivered.Set(float64(redelivered))
	m.waiting.Set(float64(waiting))
}

// File records one inbound file's result: "accepted", "partially_accepted",
// "rejected" or "duplicate".
func (m *Metrics) File(result string) {
	if m == nil {
		return
	}
	m.files.WithLabelValues(fileSet.label(result)).Inc()
}

// TransactionSet records one 278 transaction set's 999 result: "accepted",
// "accepted_with_errors" or "rejected".
func (m *Metrics) TransactionSet(result string) {
	if m == nil {
		return
	}
	m.txSets.WithLabelValues(tsSet.label(result)).Inc()
}

// Line records one service line's decision: the policy that decided it (a
// policy given to New; "" or None when no policy applied) and its HCR01
// action ("A1", "A2", "A3", "A4", "A6", "C", "CT", "NA"; "" or None when the
// line got no HCR).
func (m *Metrics) Line(policy, action string) {
	if m == nil {
		return
	}
	m.lines.WithLabelValues(m.policy(policy), actionLabel(action)).Inc()
}

// Event records one patient event's decision, with the same labels as Line.
func (m *Metrics) Event(policy, action string) {
	if m == nil {
		return
	}
	m.events.WithLabelValues(m.policy(policy), actionLabel(action)).Inc()
}

// Rejection records one rejection or error code sent in an acknowledgment:
// ack is "ta1" (code is a TA105 code "000" to "031") or "999" (code is an
// IK502-06 or AK905-09 code such as "5", "I5" or "3").
func (m *Metrics) Rejection(ack, code string) {
	if m == nil {
		return
	}
	ack, code = rejection(ack, code)
	m.rejections.WithLabelValues(ack, code).Inc()
}

// Stage records the time one file spent in a pipeline stage:
// "read_validate", "adjudicate" or "encode".
func (m *Metrics) Stage(stage string, d time.Duration) {
	if m == nil {
		return
	}
	m.stage.WithLabelValues(stageSet.label(stage)).Observe(seconds(d))
}

func (m *Metrics) policy(p string) string {
	if p == "" {
		return None
	}
	return m.policies.label(p)
}
