package metrics_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/metrics"
)

// That *Metrics is a transport.Observer and a gateway.Recorder is asserted
// at compile time where the three meet, in cmd/gate278/internal/gateway.

var policies = []string{"anthem-ct-cg-dme-21", "vt-dvha-eip"}

func TestExposition(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	m := metrics.New(reg, metrics.BuildInfo{Version: "v1.2.3", Revision: "abc1234", GoVersion: "go1.26.8"}, policies)

	m.File("accepted")
	m.File("accepted")
	m.File("rejected")
	m.File("something-else")
	m.DeadLettered("max_deliver")
	m.Rejection("ta1", "025")
	m.Rejection("999", "I5")
	m.Rejection("999", "I5")
	m.Rejection("999", "ISA*00*...")
	m.InFlight(3)
	m.Workers(4)
	m.ConsumerState(120, 8, 2, 1)

	const want = `
# HELP gate278_build_info Always 1; the labels identify the running gate278 binary.
# TYPE gate278_build_info gauge
gate278_build_info{goversion="go1.26.8",revision="abc1234",version="v1.2.3"} 1
# HELP gate278_files_total Inbound files processed, by result (accepted, partially_accepted, rejected, duplicate).
# TYPE gate278_files_total counter
gate278_files_total{result="accepted"} 2
gate278_files_total{result="duplicate"} 0
gate278_files_total{result="other"} 1
gate278_files_total{result="partially_accepted"} 0
gate278_files_total{result="rejected"} 1
# HELP gate278_dead_letters_total Inbound messages moved to the X12_DLQ stream, by reason (max_deliver, exhausted, poison, oversize, invalid, conflict).
# TYPE gate278_dead_letters_total counter
gate278_dead_letters_total{reason="conflict"} 0
gate278_dead_letters_total{reason="exhausted"} 0
gate278_dead_letters_total{reason="invalid"} 0
gate278_dead_letters_total{reason="max_deliver"} 1
gate278_dead_letters_total{reason="oversize"} 0
gate278_dead_letters_total{reason="poison"} 0
# HELP gate278_rejections_total TA1 and 999 rejection and error codes sent, by acknowledgment (ta1, 999) and code (TA105, IK502-06, AK905-09).
# TYPE gate278_rejections_total counter
gate278_rejections_total{ack="999",code="I5"} 2
gate278_rejections_total{ack="999",code="other"} 1
gate278_rejections_total{ack="ta1",code="025"} 1
# HELP gate278_inflight_files Inbound files being processed by this process now.
# TYPE gate278_inflight_files gauge
gate278_inflight_files 3
# HELP gate278_workers Workers of this process pulling from the X12_IN consumer.
# TYPE gate278_workers gauge
gate278_workers 4
# HELP gate278_consumer_pending_messages Messages in X12_IN not yet delivered to the durable consumer (backlog), as last reported by the server.
# TYPE gate278_consumer_pending_messages gauge
gate278_consumer_pending_messages 120
# HELP gate278_consumer_ack_pending_messages Messages delivered by the durable consumer and not yet acknowledged, as last reported by the server.
# TYPE gate278_consumer_ack_pending_messages gauge
gate278_consumer_ack_pending_messages 8
# HELP gate278_consumer_redelivered_messages Messages of the durable consumer delivered more than once and not yet acknowledged, as last reported by the server.
# TYPE gate278_consumer_redelivered_messages gauge
gate278_consumer_redelivered_messages 2
# HELP gate278_consumer_waiting_pulls Pull requests waiting on the durable consumer, as last reported by the server.
# TYPE gate278_consumer_waiting_pulls gauge
gate278_consumer_waiting_pulls 1
`
	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(want),
		"gate278_build_info", "gate278_files_total", "gate278_dead_letters_total", "gate278_rejections_total",
		"gate278_inflight_files", "gate278_workers", "gate278_consumer_pending_messages",
		"gate278_consumer_ack_pending_messages", "gate278_consumer_redelivered_messages", "gate278_consumer_waiting_pulls"))
}

func TestBuildInfoDefaults(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	metrics.New(reg, metrics.BuildInfo{}, nil)
	want := `
# HELP gate278_build_info Always 1; the labels identify the running gate278 binary.
# TYPE gate278_build_info gauge
gate278_build_info{goversion="` + runtime.Version() + `",revision="unknown",version="unknown"} 1
`
	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(want), "gate278_build_info"))
}

// TestEndToEndBuckets checks that the end-to-end histogram observes acks
// only, has a bucket at the 20 s CORE bound and buckets beyond it, and
// counts clock-skewed negative ages as zero.
func TestEndToEndBuckets(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	m := metrics.New(reg, metrics.BuildInfo{}, nil)

	m.Settled("ack", 150*time.Millisecond)
	m.Settled("ack", 20*time.Second) // exactly on the bound: within it
	m.Settled("ack", 25*time.Second)
	m.Settled("ack", 90*time.Second)
	m.Settled("ack", -time.Second)
	m.Settled("nak", 45*time.Second)
	m.Settled("term", 45*time.Second)
	m.Settled("dead_letter", 45*time.Second)

	const want = `
# HELP gate278_end_to_end_seconds Time from the inbound message's JetStream timestamp to its acknowledgment, for acknowledged messages.
# TYPE gate278_end_to_end_seconds histogram
gate278_end_to_end_seconds_bucket{le="0.001"} 1
gate278_end_to_end_seconds_bucket{le="0.0025"} 1
gate278_end_to_end_seconds_bucket{le="0.005"} 1
gate278_end_to_end_seconds_bucket{le="0.01"} 1
gate278_end_to_end_seconds_bucket{le="0.025"} 1
gate278_end_to_end_seconds_bucket{le="0.05"} 1
gate278_end_to_end_seconds_bucket{le="0.1"} 1
gate278_end_to_end_seconds_bucket{le="0.25"} 2
gate278_end_to_end_seconds_bucket{le="0.5"} 2
gate278_end_to_end_seconds_bucket{le="1"} 2
gate278_end_to_end_seconds_bucket{le="2.5"} 2
gate278_end_to_end_seconds_bucket{le="5"} 2
gate278_end_to_end_seconds_bucket{le="10"} 2
gate278_end_to_end_seconds_bucket{le="20"} 3
gate278_end_to_end_seconds_bucket{le="30"} 4
gate278_end_to_end_seconds_bucket{le="60"} 4
gate278_end_to_end_seconds_bucket{le="+Inf"} 5
gate278_end_to_end_seconds_sum 135.15
gate278_end_to_end_seconds_count 5
# HELP gate278_inbound_messages_settled_total Inbound messages settled with JetStream, by outcome (ack, nak, term, dead_letter).
# TYPE gate278_inbound_messages_settled_total counter
gate278_inbound_messages_settled_total{outcome="ack"} 5
gate278_inbound_messages_settled_total{outcome="dead_letter"} 1
gate278_inbound_messages_settled_total{outcome="nak"} 1
gate278_inbound_messages_settled_total{outcome="term"} 1
`
	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(want),
		"gate278_end_to_end_seconds", "gate278_inbound_messages_settled_total"))
}

// TestLatencyHistogramsShareCOREBuckets checks the stage and publish
// histograms, their closed labels, and the 20 s bucket.
func TestLatencyHistogramsShareCOREBuckets(t *testing.T) {
	assert.Contains(t, metrics.LatencyBuckets, 20.0, "CAQH CORE real-time bound")
	assert.Greater(t, metrics.LatencyBuckets[len(metrics.LatencyBuckets)-1], 20.0, "a bucket beyond the bound")
	assert.IsIncreasing(t, metrics.LatencyBuckets)

	tests := []struct {
		name   string
		do     func(m *metrics.Metrics)
		metric string
		labels string
	}{
		{"stage", func(m *metrics.Metrics) { m.Stage("adjudicate", 21*time.Second) }, "gate278_stage_seconds", `stage="adjudicate"`},
		{"unknown stage", func(m *metrics.Metrics) { m.Stage("parse", 21*time.Second) }, "gate278_stage_seconds", `stage="other"`},
		{"publish", func(m *metrics.Metrics) { m.Published("278", 900, 21*time.Second) }, "gate278_publish_seconds", `kind="278"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewPedanticRegistry()
			m := metrics.New(reg, metrics.BuildInfo{}, policies)
			tt.do(m)
			mfs, err := reg.Gather()
			require.NoError(t, err)
			found := false
			for _, mf := range mfs {
				if mf.GetName() != tt.metric {
					continue
				}
				for _, metric := range mf.GetMetric() {
					h := metric.GetHistogram()
					if h.GetSampleCount() == 0 {
						continue
					}
					found = true
					assert.Equal(t, tt.labels, metric.GetLabel()[0].GetName()+`="`+metric.GetLabel()[0].GetValue()+`"`)
					var bounds []float64
					for _, b := range h.GetBucket() {
						bounds = append(bounds, b.GetUpperBound())
						switch ub := b.GetUpperBound(); {
						case ub <= 20:
							assert.Zero(t, b.GetCumulativeCount(), "le=%v", ub)
						default:
							assert.EqualValues(t, 1, b.GetCumulativeCount(), "le=%v", ub)
						}
					}
					assert.Equal(t, metrics.LatencyBuckets, bounds)
				}
			}
			assert.True(t, found, "no observation in %s", tt.metric)
		})
	}
}

// TestLint runs promlint over everything New registers, after every
// method has been called once.
func TestLint(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	m := metrics.New(reg, metrics.BuildInfo{Version: "v1"}, policies)
	touchAll(m)
	problems, err := testutil.GatherAndLint(reg)
	require.NoError(t, err)
	assert.Empty(t, problems)
}

func touchAll(m *metrics.Metrics) {
	m.Received(1, 2)
	m.Settled("ack", time.Second)
	m.DeadLettered("poison")
	m.Published("278", 1, time.Millisecond)
	m.InFlight(1)
	m.Workers(1)
	m.ConsumerState(1, 1, 1, 1)
	m.File("accepted")
	m.TransactionSet("accepted")
	m.Line("vt-dvha-eip", "A1")
	m.Event("vt-dvha-eip", "A1")
	m.Rejection("999", "5")
	m.Stage("encode", time.Millisecond)
}

// TestRegistersRuntimeCollectors checks that the Go and process
// collectors come with New, and that a registry that already has them is
// accepted.
func TestRegistersRuntimeCollectors(t *testing.T) {
	t.Run("fresh registry", func(t *testing.T) {
		reg := prometheus.NewRegistry()
		metrics.New(reg, metrics.BuildInfo{}, nil)
		n, err := testutil.GatherAndCount(reg, "go_goroutines")
		require.NoError(t, err)
		assert.Equal(t, 1, n)
	})
	t.Run("collectors already registered", func(t *testing.T) {
		reg := prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
		assert.NotPanics(t, func() { metrics.New(reg, metrics.BuildInfo{}, nil) })
	})
	t.Run("New twice on one registry", func(t *testing.T) {
		reg := prometheus.NewRegistry()
		metrics.New(reg, metrics.BuildInfo{}, nil)
		assert.Panics(t, func() { metrics.New(reg, metrics.BuildInfo{}, nil) })
	})
	t.Run("nil registerer", func(t *testing.T) {
		assert.NotPanics(t, func() { touchAll(metrics.New(nil, metrics.BuildInfo{}, nil)) })
	})
}

func TestNilMetricsIsNoOp(t *testing.T) {
	var m *metrics.Metrics
	assert.NotPanics(t, func() { touchAll(m) })
}

// TestPoliciesIncludeNone checks that a policy list naming None or
// duplicates does not create duplicate series.
func TestPoliciesIncludeNone(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	m := metrics.New(reg, metrics.BuildInfo{}, []string{"p1", "p1", metrics.None})
	m.Line("p1", "A1")
	n, err := testutil.GatherAndCount(reg, "gate278_lines_total")
	require.NoError(t, err)
	assert.Equal(t, 2*len(metrics.Actions), n)
}
