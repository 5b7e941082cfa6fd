package metrics

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testPolicies = []string{"anthem-ct-cg-dme-21", "vt-dvha-eip"}

// counterTotals sums every counter sample of every gate278_ family.
func counterTotals(t *testing.T, g prometheus.Gatherer) map[string]float64 {
	t.Helper()
	mfs, err := g.Gather()
	require.NoError(t, err)
	totals := map[string]float64{}
	for _, mf := range mfs {
		if !strings.HasPrefix(mf.GetName(), Namespace+"_") {
			continue
		}
		for _, m := range mf.GetMetric() {
			if c := m.GetCounter(); c != nil {
				totals[mf.GetName()] += c.GetValue()
			}
		}
	}
	return totals
}

// TestLabelMapping checks, for each recording method, which series moves:
// values in the closed sets keep their label, anything else becomes
// "other", and no other counter moves.
func TestLabelMapping(t *testing.T) {
	tests := []struct {
		name   string
		do     func(m *Metrics)
		family string
		series func(m *Metrics) prometheus.Collector
		value  float64
	}{
		{"file accepted", func(m *Metrics) { m.File("accepted") }, "gate278_files_total",
			func(m *Metrics) prometheus.Collector { return m.files.WithLabelValues("accepted") }, 1},
		{"file duplicate", func(m *Metrics) { m.File("duplicate") }, "gate278_files_total",
			func(m *Metrics) prometheus.Collector { return m.files.WithLabelValues("duplicate") }, 1},
		{"file unknown result", func(m *Metrics) { m.File("ACCEPTED") }, "gate278_files_total",
			func(m *Metrics) prometheus.Collector { return m.files.WithLabelValues(Other) }, 1},
		{"file empty result", func(m *Metrics) { m.File("") }, "gate278_files_total",
			func(m *Metrics) prometheus.Collector { return m.files.WithLabelValues(Other) }, 1},
		{"transaction set accepted with errors", func(m *Metrics) { m.TransactionSet("accepted_with_errors") }, "gate278_transaction_sets_total",
			func(m *Metrics) prometheus.Collector { return m.txSets.WithLabelValues("accepted_with_errors") }, 1},
		{"transaction set IK501 letter", func(m *Metrics) { m.TransactionSet("E") }, "gate278_transaction_sets_total",
			func(m *Metrics) prometheus.Collector { return m.txSets.WithLabelValues(Other) }, 1},
		{"line known policy", func(m *Metrics) { m.Line("vt-dvha-eip", "A4") }, "gate278_lines_total",
			func(m *Metrics) prometheus.Collector { return m.lines.WithLabelValues("vt-dvha-eip", "A4") }, 1},
		{"line unknown policy", func(m *Metrics) { m.Line("cigna-pump", "A1") }, "gate278_lines_total",
			func(m *Metrics) prometheus.Collector { return m.lines.WithLabelValues(Other, "A1") }, 1},
		{"line no policy no action", func(m *Metrics) { m.Line("", "") }, "gate278_lines_total",
			func(m *Metrics) prometheus.Collector { return m.lines.WithLabelValues(None, None) }, 1},
		{"line explicit none", func(m *Metrics) { m.Line(None, None) }, "gate278_lines_total",
			func(m *Metrics) prometheus.Collector { return m.lines.WithLabelValues(None, None) }, 1},
		{"line unknown action", func(m *Metrics) { m.Line("anthem-ct-cg-dme-21", "A5") }, "gate278_lines_total",
			func(m *Metrics) prometheus.Collector { return m.lines.WithLabelValues("anthem-ct-cg-dme-21", Other) }, 1},
		{"line PHI-looking policy", func(m *Metrics) { m.Line("DOE*JANE*19700101", "A1") }, "gate278_lines_total",
			func(m *Metrics) prometheus.Collector { return m.lines.WithLabelValues(Other, "A1") }, 1},
		{"event cancel", func(m *Metrics) { m.Event("anthem-ct-cg-dme-21", "C") }, "gate278_events_total",
			func(m *Metrics) prometheus.Collector { return m.events.WithLabelValues("anthem-ct-cg-dme-21", "C") }, 1},
		{"event partial", func(m *Metrics) { m.Event("vt-dvha-eip", "A2") }, "gate278_events_total",
			func(m *Metrics) prometheus.Collector { return m.events.WithLabelValues("vt-dvha-eip", "A2") }, 1},
		{"rejection TA1 duplicate", func(m *Metrics) { m.Rejection("ta1", "025") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("ta1", "025") }, 1},
		{"rejection TA1 last code", func(m *Metrics) { m.Rejection("ta1", "031") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("ta1", "031") }, 1},
		{"rejection TA1 beyond 031", func(m *Metrics) { m.Rejection("ta1", "032") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("ta1", Other) }, 1},
		{"rejection TA1 with a 999 code", func(m *Metrics) { m.Rejection("ta1", "5") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("ta1", Other) }, 1},
		{"rejection 999 segments in error", func(m *Metrics) { m.Rejection("999", "5") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("999", "5") }, 1},
		{"rejection 999 implementation", func(m *Metrics) { m.Rejection("999", "I5") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("999", "I5") }, 1},
		{"rejection 999 group trailer missing", func(m *Metrics) { m.Rejection("999", "3") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("999", "3") }, 1},
		{"rejection 999 undefined 20", func(m *Metrics) { m.Rejection("999", "20") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("999", Other) }, 1},
		{"rejection 999 with a TA1 code", func(m *Metrics) { m.Rejection("999", "025") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("999", Other) }, 1},
		{"rejection 999 segment note", func(m *Metrics) { m.Rejection("999", "I4") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("999", Other) }, 1},
		{"rejection unknown ack", func(m *Metrics) { m.Rejection("997", "5") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues(Other, Other) }, 1},
		{"rejection control number as code", func(m *Metrics) { m.Rejection("ta1", "000000905") }, "gate278_rejections_total",
			func(m *Metrics) prometheus.Collector { return m.rejections.WithLabelValues("ta1", Other) }, 1},
		{"settled term", func(m *Metrics) { m.Settled("term", time.Second) }, "gate278_inbound_messages_settled_total",
			func(m *Metrics) prometheus.Collector { return m.settled.WithLabelValues("term") }, 1},
		{"settled unknown", func(m *Metrics) { m.Settled("dlq", time.Second) }, "gate278_inbound_messages_settled_total",
			func(m *Metrics) prometheus.Collector { return m.settled.WithLabelValues(Other) }, 1},
		{"dead letter poison", func(m *Metrics) { m.DeadLettered("poison") }, "gate278_dead_letters_total",
			func(m *Metrics) prometheus.Collector { return m.deadLetters.WithLabelValues("poison") }, 1},
		{"dead letter free text", func(m *Metrics) { m.DeadLettered("handler: ISA13 000000905 bad") }, "gate278_dead_letters_total",
			func(m *Metrics) prometheus.Collector { return m.deadLetters.WithLabelValues(Other) }, 1},
		{"published 999", func(m *Metrics) { m.Published("999", 300, time.Millisecond) }, "gate278_outputs_published_total",
			func(m *Metrics) prometheus.Collector { return m.published.WithLabelValues("999") }, 1},
		{"published bytes", func(m *Metrics) { m.Published("trace", 4096, time.Millisecond) }, "gate278_outputs_bytes_total",
			func(m *Metrics) prometheus.Collector { return m.publishedSize.WithLabelValues("trace") }, 4096},
		{"published subject as kind", func(m *Metrics) { m.Published("x12.278.out.ACME", 10, time.Millisecond) }, "gate278_outputs_published_total",
			func(m *Metrics) prometheus.Collector { return m.published.WithLabelValues(Other) }, 1},
		{"received first delivery", func(m *Metrics) { m.Received(2048, 1) }, "gate278_inbound_messages_received_total",
			func(m *Metrics) prometheus.Collector { return m.received }, 1},
		{"received bytes", func(m *Metrics) { m.Received(2048, 1) }, "gate278_inbound_bytes_total",
			func(m *Metrics) prometheus.Collector { return m.receivedBytes }, 2048},
		{"received redelivery", func(m *Metrics) { m.Received(2048, 3) }, "gate278_redeliveries_total",
			func(m *Metrics) prometheus.Collector { return m.redeliveries }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewPedanticRegistry()
			m := New(reg, BuildInfo{}, testPolicies)
			tt.do(m)
			assert.Equal(t, tt.value, testutil.ToFloat64(tt.series(m)), "series value")
			totals := counterTotals(t, reg)
			assert.Equal(t, tt.value, totals[tt.family], "family %s total", tt.family)
		})
	}
}

// TestReceivedMovesOnlyTransportCounters checks which counters one Received
// call moves, for first deliveries and redeliveries.
func TestReceivedMovesOnlyTransportCounters(t *testing.T) {
	tests := []struct {
		name      string
		size      int64
		delivered uint64
		want      map[string]float64
	}{
		{"first delivery", 100, 1, map[string]float64{
			"gate278_inbound_messages_received_total": 1, "gate278_inbound_bytes_total": 100}},
		{"second delivery", 100, 2, map[string]float64{
			"gate278_inbound_messages_received_total": 1, "gate278_inbound_bytes_total": 100, "gate278_redeliveries_total": 1}},
		{"unknown delivery count", 100, 0, map[string]float64{
			"gate278_inbound_messages_received_total": 1, "gate278_inbound_bytes_total": 100}},
		{"empty message", 0, 1, map[string]float64{
			"gate278_inbound_messages_received_total": 1}},
		{"negative size", -1, 1, map[string]float64{
			"gate278_inbound_messages_received_total": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewPedanticRegistry()
			m := New(reg, BuildInfo{}, nil)
			m.Received(tt.size, tt.delivered)
			got := counterTotals(t, reg)
			for name, v := range got {
				if v == 0 {
					delete(got, name)
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestEveryClosedCombinationIsZeroed checks that New creates every closed
// label combination at zero except the sparse rejections, and never an
// "other" series.
func TestEveryClosedCombinationIsZeroed(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	m := New(reg, BuildInfo{}, testPolicies)
	policies := len(testPolicies) + 1 // plus none
	want := map[string]int{
		"gate278_inbound_messages_settled_total": len(Outcomes),
		"gate278_dead_letters_total":             len(DeadLetterReasons),
		"gate278_outputs_published_total":        len(OutputKinds),
		"gate278_outputs_bytes_total":            len(OutputKinds),
		"gate278_publish_seconds":                len(OutputKinds),
		"gate278_files_total":                    len(FileResults),
		"gate278_transaction_sets_total":         len(TransactionSetResults),
		"gate278_lines_total":                    policies * len(Actions),
		"gate278_events_total":                   policies * len(Actions),
		"gate278_stage_seconds":                  len(Stages),
		"gate278_rejections_total":               0,
	}
	for name, n := range want {
		assert.Equal(t, n, testutil.CollectAndCount(collectorFor(m, name)), name)
	}
	mfs, err := reg.Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		for _, metric := range mf.GetMetric() {
			for _, lp := range metric.GetLabel() {
				assert.NotEqual(t, Other, lp.GetValue(), "%s{%s}", mf.GetName(), lp.GetName())
			}
		}
	}
}

func collectorFor(m *Metrics, name string) prometheus.Collector {
	return map[string]prometheus.Collector{
		"gate278_inbound_messages_settled_total": m.settled,
		"gate278_dead_letters_total":             m.deadLetters,
		"gate278_outputs_published_total":        m.published,
		"gate278_outputs_bytes_total":            m.publishedSize,
		"gate278_publish_seconds":                m.publish,
		"gate278_files_total":                    m.files,
		"gate278_transaction_sets_total":         m.txSets,
		"gate278_lines_total":                    m.lines,
		"gate278_events_total":                   m.events,
		"gate278_stage_seconds":                  m.stage,
		"gate278_rejections_total":               m.rejections,
	}[name]
}

// TestClosedSetsAreValidLabelValues guards the closed lists themselves:
// no duplicates, no empty values, nothing that collides with Other.
func TestClosedSetsAreValidLabelValues(t *testing.T) {
	for name, values := range map[string][]string{
		"Outcomes": Outcomes, "DeadLetterReasons": DeadLetterReasons, "OutputKinds": OutputKinds,
		"FileResults": FileResults, "TransactionSetResults": TransactionSetResults, "Actions": Actions,
		"Stages": Stages, "Acks": Acks, "TA1Codes": TA1Codes, "Codes999": Codes999,
	} {
		seen := map[string]bool{}
		for _, v := range values {
			assert.NotEmpty(t, v, name)
			assert.NotEqual(t, Other, v, name)
			assert.False(t, seen[v], "%s: duplicate %q", name, v)
			seen[v] = true
		}
	}
	assert.Len(t, TA1Codes, 32, "TA105 000-031")
}
