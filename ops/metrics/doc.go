// Package metrics defines gate278's Prometheus metrics and its operations
// HTTP endpoints (/metrics, /healthz, /readyz).
//
// # Use
//
// New registers everything on a registry the caller owns (never the global
// one), and the transport and the X12 pipeline call its methods:
//
//	reg := prometheus.NewRegistry()
//	m := metrics.New(reg, metrics.BuildInfo{Version: version}, []string{"anthem-ct-cg-dme-21", "vt-dvha-eip"})
//	srv := &http.Server{Addr: "127.0.0.1:9278", Handler: metrics.Handler(reg, ready)}
//
// A nil *Metrics is valid and records nothing, for code paths that run
// without a registry (the offline CLI).
//
// # Labels
//
// Every label takes its values from a closed set declared in this package
// (Outcomes, DeadLetterReasons, OutputKinds, FileResults,
// TransactionSetResults, Actions, Stages, Acks, TA1Codes, Codes999, and the
// policy IDs given to New plus None). A value outside its set is recorded as
// Other, so a caller can neither create unbounded series nor leak
// protected health information into a label: no names, member IDs, birth
// dates, control numbers or file names are ever label values. An "other"
// series that moves is a bug in the caller; the closed sets are the place to
// extend when the gateway learns a new outcome.
//
// # Metrics
//
// All names start with gate278_, use base units (seconds, bytes) and end in
// _total for counters. Latency histograms share LatencyBuckets (1 ms to
// 60 s, including the 20 s CAQH CORE real-time bound). The last column names
// the panels (by title) of ops/grafana/gate278-dashboard.json and the alerts
// of ops/prometheus/rules/gate278.rules.yml that read each metric.
//
// Transport (one inbound JetStream message is one file):
//
//	gate278_inbound_messages_received_total          counter                "Inbound and outputs"; Gate278RedeliveryRateHigh, Gate278NoDecisions
//	gate278_inbound_bytes_total                      counter                "Bytes in and out"
//	gate278_redeliveries_total                       counter                "Redeliveries"; Gate278RedeliveryRateHigh
//	gate278_inbound_messages_settled_total{outcome}  counter ack|nak|term|dead_letter   "Settlement by outcome", "Estimated drain time"; Gate278ConsumerLagging
//	gate278_end_to_end_seconds                       histogram (acks only)  "End-to-end latency" (20 s line), "Answered within 20 s"; Gate278EndToEndP99OverCORE, Gate278COREConformanceAtRisk
//	gate278_dead_letters_total{reason}               counter max_deliver|poison|oversize   "Dead letters"; Gate278DeadLetters
//	gate278_outputs_published_total{kind}            counter 278|999|ta1|trace|pend        "Inbound and outputs"
//	gate278_outputs_bytes_total{kind}                counter                "Bytes in and out"
//	gate278_publish_seconds{kind}                    histogram              "Stage latency p99"
//	gate278_inflight_files                           gauge                  "In-flight files and workers"
//	gate278_workers                                  gauge                  "In-flight files and workers"; Gate278NoWorkers
//	gate278_consumer_pending_messages                gauge                  "Queue depth", "Estimated drain time"; Gate278BacklogGrowing, Gate278ConsumerLagging
//	gate278_consumer_ack_pending_messages            gauge                  "Queue depth"; Gate278AckPendingNearLimit
//	gate278_consumer_redelivered_messages            gauge                  "Redeliveries"
//	gate278_consumer_waiting_pulls                   gauge                  "Queue depth"
//
// The consumer_* gauges are the durable consumer's state as the server
// reports it, so every gate278 process reports the same values: aggregate
// them with max, never sum.
//
// X12 pipeline:
//
//	gate278_files_total{result}                      counter accepted|partially_accepted|rejected|duplicate   "Files by result", "Rejected file share"; Gate278RejectionRateHigh
//	gate278_transaction_sets_total{result}           counter accepted|accepted_with_errors|rejected            "Transaction sets by result"
//	gate278_lines_total{policy,action}               counter action A1|A2|A3|A4|A6|C|CT|NA|none                "Service lines by action", "... by policy and action", "Decision mix"; Gate278NoDecisions
//	gate278_events_total{policy,action}              counter                "Patient events by action"
//	gate278_rejections_total{ack,code}               counter ack ta1|999; code TA105 or IK502-06/AK905-09   "Rejections by acknowledgment and code", "Top codes over the range"
//	gate278_stage_seconds{stage}                     histogram read_validate|adjudicate|encode   "Stage latency p99"
//
// Review cases (NewCases; fed by the gateway's scan of X12_CASES every 30 s,
// production cases only):
//
//	gate278_cases_open{policy,urgency,state}         gauge urgency expedited|standard; state open|waiting-documents|in-review
//	gate278_cases_oldest_open_age_seconds            gauge                  age of the oldest case not final, from receipt
//	gate278_cases_due_soon                           gauge                  final determination due within 24 h
//	gate278_cases_overdue                            gauge                  final determination late
//	gate278_cases_close_out_due                      gauge                  flagged for a supervisor's close-out
//	gate278_case_decision_seconds{urgency}           histogram DecisionBuckets (72 h and 7 d are bounds)
//
// The case gauges are the same in every gate278 process (they scan one
// bucket): aggregate them with max. The decision histogram is observed by
// each process for the decisions its scan sees: take max, not sum.
//
// Process:
//
//	gate278_build_info{version,revision,goversion}   gauge, always 1        "Build info"
//	go_*, process_*                                  Go runtime and process collectors (USE: CPU, memory, GC, goroutines, file descriptors)
//
// # Endpoints
//
// Handler serves /metrics (OpenMetrics when asked for, so exemplars and
// created timestamps can be used later), /healthz for liveness and /readyz
// for readiness; see ops/k8s for the probes and ops/prometheus for the scrape
// configuration (port 9278).
package metrics
