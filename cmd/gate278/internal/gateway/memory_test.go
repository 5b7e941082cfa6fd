package gateway

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/transport"
)

// sampling discards what it is given, sampling the live heap as it goes.
type sampling struct {
	n    int
	peak uint64
}

func (s *sampling) Publish(_ context.Context, _ transport.Outbound) error {
	if s.n++; s.n%32 == 0 {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(sample)
		s.peak = max(s.peak, sample[0].Value.Uint64())
	}
	return nil
}

// batchOf is a batch of 278 requests (one interchange, one group) of about
// size bytes.
func batchOf(t *testing.T, size int) []byte {
	raw, err := os.ReadFile("../../../../samples/requests/doc-7.3-multi-line-supplies-fax.x12")
	require.NoError(t, err)
	s := strings.Replace(string(raw), "PI*99999", "PI*ANTHEMCT", 1)
	i, j := strings.Index(s, "ST*"), strings.Index(s, "GE*")
	head, set := s[:i], s[i:j]
	n := (size - len(s)) / len(set)
	var b strings.Builder
	b.Grow(size)
	b.WriteString(head)
	for k := 1; k <= n; k++ {
		b.WriteString(strings.ReplaceAll(set, "*0001", fmt.Sprintf("*%06d", k)))
	}
	b.WriteString(strings.Replace(s[j:], "GE*1*", fmt.Sprintf("GE*%d*", n), 1))
	return []byte(b.String())
}

// deploymentArg reads a value of the shipped Kubernetes Deployment: the
// argument after flag, or an environment variable's value.
func deploymentArg(t *testing.T, dep, pattern string) string {
	m := regexp.MustCompile(pattern).FindStringSubmatch(dep)
	require.NotNil(t, m, "ops/k8s/gate278-deployment.yaml: %s", pattern)
	return m[1]
}

// TestKubernetesMemoryBudget: the workers of the shipped Deployment fit its
// memory: -workers files of -max-file-size bytes each, at their peak, plus
// each file's publish window and the process's own, stay under GOMEMLIMIT
// (itself under the container limit). The peak is measured on one batch of
// the largest size.
func TestKubernetesMemoryBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("decides a batch of the maximum file size")
	}
	b, err := os.ReadFile("../../../../ops/k8s/gate278-deployment.yaml")
	require.NoError(t, err)
	dep := string(b)
	workers, err := strconv.Atoi(deploymentArg(t, dep, `- -workers\n\s+- "(\d+)"`))
	require.NoError(t, err)
	maxFile, err := strconv.Atoi(deploymentArg(t, dep, `- -max-file-size\n\s+- "(\d+)"`))
	require.NoError(t, err)
	limitMiB, err := strconv.Atoi(deploymentArg(t, dep, `name: GOMEMLIMIT\n\s+value: (\d+)MiB`))
	require.NoError(t, err)
	containerGiB, err := strconv.Atoi(deploymentArg(t, dep, `limits:\n\s+memory: (\d+)Gi`))
	require.NoError(t, err)
	require.Less(t, limitMiB, containerGiB<<10, "GOMEMLIMIT under the container limit")

	cfg, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	data := batchOf(t, maxFile)
	runtime.GC()
	var base [1]metrics.Sample
	base[0].Name = "/memory/classes/heap/objects:bytes"
	metrics.Read(base[:])
	s := &sampling{}
	h := &Handler{Config: cfg, Now: func() time.Time { return time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC) }}
	require.NoError(t, h.Handle(context.Background(), transport.NewMessage("x12.278.in.summithi", "big", data), s))
	perFile := s.peak - base[0].Value.Uint64() + 16<<20 // + the publish window (transport: 16 MiB at most)
	const process = 64 << 20                            // runtime, NATS client, metrics, HTTP
	need := uint64(workers)*perFile + process
	t.Logf("one %d MiB batch (%d outputs): peak %d MiB of heap; %d workers need %d MiB of GOMEMLIMIT %d MiB",
		len(data)>>20, s.n, perFile>>20, workers, need>>20, limitMiB)
	require.Less(t, need, uint64(limitMiB)<<20, "the Deployment's -workers x -max-file-size does not fit its memory")
}
