package gateway_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/gate278/gate278/ops/outputs"
	"github.com/gate278/gate278/transport"
)

// BenchmarkGatewayEndToEnd: real 278 files (the §7.3 shape, four lines,
// addressed to the Anthem payer) submitted to the embedded server, decided
// by the worker, and answered with their 999, 278, trace and pend notice.
// It reports files per second from the first submit to the last 278.
func BenchmarkGatewayEndToEnd(b *testing.B) {
	raw, err := os.ReadFile("../../../../samples/requests/doc-7.3-multi-line-supplies-fax.x12")
	if err != nil {
		b.Fatal(err)
	}
	base := bytes.Replace(raw, []byte("PI*99999"), []byte("PI*ANTHEMCT"), 1)
	g := start(b, config(b))
	files := make([][]byte, b.N)
	for i := range files {
		// A distinct interchange per file: ISA13 and IEA02 carry i.
		ctl := []byte(fmt.Sprintf("%09d", 100000+i))
		f := bytes.Replace(base, []byte("000000103"), ctl, 2)
		files[i] = f
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	w, err := transport.WatchOutputs(ctx, g.js, time.Now().Add(-time.Second))
	if err != nil {
		b.Fatal(err)
	}
	defer w.Stop()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan []byte)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				if _, err := transport.Submit(ctx, g.js, "summithi", "bench.x12", bytes.NewReader(f)); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	go func() {
		for _, f := range files {
			next <- f
		}
		close(next)
	}()
	answered := 0
	for answered < b.N {
		select {
		case d := <-w.C():
			if d.Kind == outputs.Kind278 {
				answered++
			}
		case <-ctx.Done():
			b.Fatalf("%d of %d files answered", answered, b.N)
		}
	}
	elapsed := time.Since(start)
	wg.Wait()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "files/s")
}
