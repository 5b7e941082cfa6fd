package gateway

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/gate278/gate278/cmd/gate278/internal/casestore"
)

// Exported for the external tests.
var CaseSnapshotOf = caseSnapshot

// CaseScanner is a case scanner the tests drive scan by scan.
type CaseScanner struct{ s *caseScanner }

// NewCaseScannerForTest makes one.
func NewCaseScannerForTest(store *casestore.Store, reg prometheus.Registerer, policies []string, now func() time.Time) *CaseScanner {
	return &CaseScanner{newCaseScanner(store, reg, policies, now, slog.New(slog.DiscardHandler))}
}

// Scan scans once.
func (c *CaseScanner) Scan(ctx context.Context) { c.s.scan(ctx) }

// CloseOuter is a close-out loop the tests drive sweep by sweep.
type CloseOuter struct{ c *closeOuter }

// NewCloseOuterForTest makes one.
func NewCloseOuterForTest(store *casestore.Store, payers *casestore.Payers, now func() time.Time) *CloseOuter {
	return &CloseOuter{newCloseOuter(store, payers, now, slog.New(slog.DiscardHandler))}
}

// Sweep sweeps once.
func (c *CloseOuter) Sweep(ctx context.Context) { c.c.sweep(ctx) }
