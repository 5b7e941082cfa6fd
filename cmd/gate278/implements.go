package main

import (
	"github.com/gate278/gate278/cmd/gate278/internal/gateway"
	"github.com/gate278/gate278/ops/metrics"
	"github.com/gate278/gate278/transport"
)

// The parts meet here: the build fails when an implementation drifts from
// an interface of a package it may not import (DESIGN §2: ops/metrics knows
// neither transport nor the gateway, and transport knows no X12), so the
// assertions live in the one package that imports everything.
var (
	_ transport.Observer = (*metrics.Metrics)(nil) // worker events
	_ gateway.Recorder   = (*metrics.Metrics)(nil) // X12 outcomes of a file
	_ gateway.Claimer    = (*transport.Ledger)(nil)
	_ transport.Handler  = (*gateway.Handler)(nil)
)
