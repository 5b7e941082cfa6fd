// Tests that the operational files under ops/ agree with each other and with
// the code: metric names in the alert rules and the dashboard against
// metrics.New, promtool over the rules and their unit tests, NATS
// configurations through nats-server's own parser (and a live loopback
// cluster), the Kubernetes and systemd files' key settings.
package ops_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/ops/metrics"
)

const (
	rulesFile     = "prometheus/rules/gate278.rules.yml"
	dashboardFile = "grafana/gate278-dashboard.json"
	promConfig    = "prometheus/prometheus.yml"
)

var (
	metricName    = regexp.MustCompile(`\bgate278_[a-z0-9_]*[a-z0-9]`)
	recordingName = regexp.MustCompile(`\bgate278:[a-z0-9_:]*[a-z0-9]`)
	recordLine    = regexp.MustCompile(`^\s*-?\s*record:\s*(\S+)\s*$`)
	alertLine     = regexp.MustCompile(`^\s*-?\s*alert:\s*(\S+)\s*$`)
	testAlertLine = regexp.MustCompile(`^\s*alertname:\s*(\S+)\s*$`)
)

// exported returns the names of every gate278_ metric family New exports,
// after each method has been called once so that every vector has a child.
func exported(t *testing.T) map[string]bool {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	m := metrics.New(reg, metrics.BuildInfo{Version: "test"}, []string{"anthem-ct-cg-dme-21", "vt-dvha-eip"})
	m.Received(10, 2)
	m.Settled("ack", time.Second)
	m.DeadLettered("poison")
	m.Published("278", 10, time.Millisecond)
	m.InFlight(1)
	m.Workers(1)
	m.ConsumerState(1, 1, 1, 1)
	m.File("accepted")
	m.TransactionSet("accepted")
	m.Line("vt-dvha-eip", "A1")
	m.Event("vt-dvha-eip", "A1")
	m.Rejection("ta1", "025")
	m.Stage("adjudicate", time.Millisecond)
	c := metrics.NewCases(reg, []string{"anthem-ct-cg-dme-21", "vt-dvha-eip"})
	c.Set(metrics.CaseSnapshot{DueSoon: 1})
	c.Decided("standard", time.Hour)
	mfs, err := reg.Gather()
	require.NoError(t, err)
	names := map[string]bool{}
	for _, mf := range mfs {
		if strings.HasPrefix(mf.GetName(), metrics.Namespace+"_") {
			names[mf.GetName()] = true
		}
	}
	return names
}

// baseName strips the series suffixes of a histogram.
func baseName(s string) string {
	for _, suffix := range []string{"_bucket", "_count", "_sum"} {
		if b, ok := strings.CutSuffix(s, suffix); ok {
			return b
		}
	}
	return s
}

// rules is the line-based reading of the rules file this test needs.
type rules struct {
	records []string
	alerts  []string
	text    string // the file without comment lines
}

func readRules(t *testing.T) rules {
	t.Helper()
	b, err := os.ReadFile(rulesFile)
	require.NoError(t, err)
	var r rules
	var text strings.Builder
	for line := range strings.SplitSeq(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		text.WriteString(line + "\n")
		if m := recordLine.FindStringSubmatch(line); m != nil {
			r.records = append(r.records, m[1])
		}
		if m := alertLine.FindStringSubmatch(line); m != nil {
			r.alerts = append(r.alerts, m[1])
		}
	}
	r.text = text.String()
	require.NotEmpty(t, r.alerts, "no alerts in %s", rulesFile)
	return r
}

type dashboard struct {
	Title      string `json:"title"`
	UID        string `json:"uid"`
	Templating struct {
		List []struct {
			Name  string `json:"name"`
			Type  string `json:"type"`
			Query any    `json:"query"`
		} `json:"list"`
	} `json:"templating"`
	Panels []panel `json:"panels"`
}

type panel struct {
	ID         int    `json:"id"`
	Type       string `json:"type"`
	Title      string `json:"title"`
	Datasource struct {
		UID string `json:"uid"`
	} `json:"datasource"`
	Targets []struct {
		Expr string `json:"expr"`
	} `json:"targets"`
	Panels []panel `json:"panels"`
}

func readDashboard(t *testing.T) dashboard {
	t.Helper()
	b, err := os.ReadFile(dashboardFile)
	require.NoError(t, err)
	var d dashboard
	require.NoError(t, json.Unmarshal(b, &d), "%s is not valid JSON", dashboardFile)
	return d
}

// graphPanels returns the dashboard's panels that are not rows, including
// those nested in collapsed rows.
func (d dashboard) graphPanels() []panel {
	var out []panel
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			if p.Type == "row" {
				walk(p.Panels)
				continue
			}
			out = append(out, p)
		}
	}
	walk(d.Panels)
	return out
}

func (d dashboard) exprs() []string {
	var out []string
	for _, p := range d.graphPanels() {
		for _, tg := range p.Targets {
			out = append(out, tg.Expr)
		}
	}
	return out
}

// TestReferencedMetricsAreExported checks that every gate278 metric named
// by an alert, a recording rule or a dashboard query is one that
// metrics.New exports, and every recording rule used is defined.
func TestReferencedMetricsAreExported(t *testing.T) {
	have := exported(t)
	r := readRules(t)
	records := map[string]bool{}
	for _, name := range r.records {
		records[name] = true
	}
	sources := map[string]string{rulesFile: r.text}
	for _, p := range readDashboard(t).graphPanels() {
		for _, tg := range p.Targets {
			sources[dashboardFile+" panel "+p.Title] += tg.Expr + "\n"
		}
	}
	for src, text := range sources {
		for _, name := range metricName.FindAllString(text, -1) {
			assert.True(t, have[baseName(name)], "%s references %s, which metrics.New does not export", src, name)
		}
		for _, name := range recordingName.FindAllString(text, -1) {
			assert.True(t, records[name], "%s uses recording rule %s, which %s does not define", src, name, rulesFile)
		}
	}
}

// TestEveryMetricHasAUse checks DESIGN §6: each exported gateway metric
// feeds a dashboard panel or an alert.
func TestEveryMetricHasAUse(t *testing.T) {
	used := map[string]bool{}
	text := readRules(t).text + strings.Join(readDashboard(t).exprs(), "\n")
	for _, name := range metricName.FindAllString(text, -1) {
		used[baseName(name)] = true
	}
	var unused []string
	for name := range exported(t) {
		if !used[name] {
			unused = append(unused, name)
		}
	}
	sort.Strings(unused)
	assert.Empty(t, unused, "exported but used by no alert, recording rule or dashboard panel")
}

func TestDashboard(t *testing.T) {
	d := readDashboard(t)
	assert.NotEmpty(t, d.Title)
	assert.NotEmpty(t, d.UID)

	vars := map[string]string{}
	for _, v := range d.Templating.List {
		vars[v.Name] = v.Type
	}
	assert.Equal(t, "datasource", vars["datasource"], "a Prometheus datasource variable")

	panels := d.graphPanels()
	require.NotEmpty(t, panels)
	ids := map[int]string{}
	for _, p := range panels {
		assert.NotEmpty(t, p.Title, "panel %d has no title", p.ID)
		if prev, dup := ids[p.ID]; dup {
			t.Errorf("panel id %d used by %q and %q", p.ID, prev, p.Title)
		}
		ids[p.ID] = p.Title
		assert.Equal(t, "${datasource}", p.Datasource.UID, "panel %q does not use the datasource variable", p.Title)
		require.NotEmpty(t, p.Targets, "panel %q has no query", p.Title)
		for _, tg := range p.Targets {
			assert.NotEmpty(t, strings.TrimSpace(tg.Expr), "panel %q has an empty query", p.Title)
		}
	}
	// The panels DESIGN §6 and the runbooks point to.
	all := strings.Join(d.exprs(), "\n")
	for _, want := range []string{
		"gate278_files_total", "gate278_transaction_sets_total", "gate278_lines_total",
		"gate278_end_to_end_seconds_bucket", "gate278_stage_seconds_bucket", "gate278_rejections_total",
		"gate278_consumer_pending_messages", "gate278_consumer_ack_pending_messages",
		"gate278_redeliveries_total", "gate278_dead_letters_total", "gate278_inflight_files",
		"gate278_workers", "gate278_build_info",
		"gate278_cases_overdue", "gate278_cases_due_soon", "gate278_cases_open", "gate278_case_decision_seconds_bucket",
	} {
		assert.Contains(t, all, want)
	}
}

// TestEveryAlertHasTestsAndRunbook checks that each alert carries the
// annotations operators rely on and is exercised by the promtool tests.
func TestEveryAlertHasTestsAndRunbook(t *testing.T) {
	r := readRules(t)
	for _, key := range []string{"summary:", "description:", "runbook:"} {
		assert.Equal(t, len(r.alerts), strings.Count(r.text, "\n          "+key), "every alert needs a %s annotation", key)
	}
	tested := map[string]int{}
	files, err := filepath.Glob("prometheus/tests/*.yml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for line := range strings.SplitSeq(string(b), "\n") {
			if m := testAlertLine.FindStringSubmatch(line); m != nil {
				tested[m[1]]++
			}
		}
	}
	for _, a := range r.alerts {
		// At least one case where it fires and one where it does not.
		assert.GreaterOrEqual(t, tested[a], 2, "alert %s needs promtool tests firing and not firing", a)
	}
}

// TestPromtool runs promtool over the rules, their unit tests and the
// scrape configuration. CI installs promtool (Debian package prometheus);
// without it the test is skipped.
func TestPromtool(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not on PATH (apt-get install prometheus)")
	}
	tests, err := filepath.Glob("prometheus/tests/*.yml")
	require.NoError(t, err)
	for _, args := range [][]string{
		{"check", "rules", rulesFile},
		append([]string{"test", "rules"}, tests...),
		{"check", "config", promConfig},
	} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			out, err := exec.CommandContext(t.Context(), promtool, args...).CombinedOutput()
			assert.NoError(t, err, "promtool %s:\n%s", strings.Join(args, " "), out)
		})
	}
}

// loadNATS parses a NATS server configuration file with the server's own
// parser, so a typo or an unknown option fails here rather than in production.
// The files under nats/ are read from a copy (natsCopy) whose TLS files
// exist.
func loadNATS(t *testing.T, path string) *server.Options {
	t.Helper()
	if rel, ok := strings.CutPrefix(path, "nats/"); ok {
		path = filepath.Join(natsCopy(t), rel)
	}
	opts, err := server.ProcessConfigFile(path)
	require.NoError(t, err, "nats-server cannot read %s", path)
	return opts
}

// natsCopy copies the NATS configurations of nats/ to a temporary
// directory, their /etc/nats/tls/ files replaced by a test CA and a server
// certificate it signed (for 127.0.0.1 and the nodes' host names), and
// returns the directory.
func natsCopy(t *testing.T) string {
	t.Helper()
	if dir, ok := natsCopies.Load(t); ok {
		return dir.(string) // one copy (one CA) per test: the nodes of a cluster trust each other
	}
	dir := t.TempDir()
	natsCopies.Store(t, dir)
	t.Cleanup(func() { natsCopies.Delete(t) })
	tlsDir := filepath.Join(dir, "tls")
	require.NoError(t, os.MkdirAll(tlsDir, 0o700))
	writeTestCerts(t, tlsDir, "server")
	require.NoError(t, filepath.WalkDir("nats", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".conf") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, strings.TrimPrefix(p, "nats/"))
		if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
			return err
		}
		return os.WriteFile(out, []byte(strings.ReplaceAll(string(b), "/etc/nats/tls/", tlsDir+"/")), 0o600)
	}))
	return dir
}

var natsCopies sync.Map // *testing.T -> its natsCopy directory

// writeTestCerts writes ca.crt and <name>.crt/<name>.key (signed by the CA,
// for 127.0.0.1, localhost and the cluster's and Kubernetes' host names) to
// dir.
func writeTestCerts(t *testing.T, dir, name string) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gate278 test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "nats"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:    []string{"localhost", "nats", "*.nats-headless", "nats-1.gate278.internal", "nats-2.gate278.internal", "nats-3.gate278.internal"},
		KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	require.NoError(t, err)
	kder, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	pemFile := func(file, typ string, b []byte) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, file), pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600))
	}
	pemFile("ca.crt", "CERTIFICATE", caDER)
	pemFile(name+".crt", "CERTIFICATE", der)
	pemFile(name+".key", "EC PRIVATE KEY", kder)
}

// startNATS starts a server with opts (log and signals off) and waits for it.
func startNATS(t *testing.T, opts *server.Options) *server.Server {
	t.Helper()
	opts.NoLog, opts.NoSigs = true, true
	ns, err := server.NewServer(opts)
	require.NoError(t, err)
	go ns.Start()
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	require.True(t, ns.ReadyForConnections(10*time.Second), "server %s not ready", opts.ServerName)
	return ns
}

func TestNATSServerConf(t *testing.T) {
	const path = "nats/server.conf"
	opts := loadNATS(t, path)
	assert.Equal(t, "gate278-nats", opts.ServerName)
	assert.Equal(t, "127.0.0.1", opts.Host, "clients on loopback by default")
	assert.Equal(t, 4222, opts.Port)
	assert.Equal(t, "127.0.0.1", opts.HTTPHost, "monitoring on loopback by default")
	assert.Equal(t, 8222, opts.HTTPPort)
	assert.True(t, opts.JetStream)
	assert.Equal(t, "/var/lib/nats", opts.StoreDir)
	assert.EqualValues(t, 1<<20, opts.MaxPayload)
	assert.Empty(t, opts.Routes, "one node")
	requireAuth(t, opts)

	// The same options start a JetStream server (on free ports, temp store).
	opts.Port, opts.HTTPPort, opts.StoreDir = -1, -1, t.TempDir()
	ns := startNATS(t, opts)
	assert.True(t, ns.JetStreamEnabled())
}

// requireAuth checks a configuration authenticates every client: the
// gateway's account with JetStream, the operator's, a partner's, and no
// user without an account (no anonymous access).
func requireAuth(t *testing.T, opts *server.Options) {
	t.Helper()
	accounts := map[string]bool{}
	for _, a := range opts.Accounts {
		accounts[a.Name] = true
	}
	for _, want := range []string{"GATE278", "GATE278_OPS", "PARTNER_example"} {
		assert.True(t, accounts[want], "account %s", want)
	}
	assert.NotEmpty(t, opts.Nkeys, "NKey users")
	assert.Empty(t, opts.NoAuthUser, "no anonymous user")
	for _, u := range opts.Nkeys {
		assert.NotNil(t, u.Account, "user %s has an account", u.Nkey)
	}
}

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
		require.NoError(t, l.Close())
	}
	return ports
}

// TestNATSClusterConf checks the three node files agree with each other, then
// starts them as one JetStream cluster on loopback (routes rewritten to local
// ports, everything else as written) and waits for a meta leader.
func TestNATSClusterConf(t *testing.T) {
	var nodes []*server.Options
	names := map[string]bool{}
	for i := 1; i <= 3; i++ {
		opts := loadNATS(t, fmt.Sprintf("nats/cluster/node-%d.conf", i))
		nodes = append(nodes, opts)
		assert.Equal(t, fmt.Sprintf("gate278-nats-%d", i), opts.ServerName)
		assert.False(t, names[opts.ServerName], "server names must be unique")
		names[opts.ServerName] = true
		assert.True(t, opts.JetStream, "node %d: JetStream", i)
		assert.Equal(t, "gate278", opts.Cluster.Name, "node %d: cluster name", i)
		assert.Equal(t, 6222, opts.Cluster.Port, "node %d: route port", i)
		assert.EqualValues(t, 1<<20, opts.MaxPayload)
		require.Len(t, opts.Routes, 3, "node %d: every node routes to every node", i)
		requireAuth(t, opts)
		assert.NotNil(t, opts.TLSConfig, "node %d: clients over TLS", i)
		assert.NotNil(t, opts.Cluster.TLSConfig, "node %d: routes over TLS", i)
		assert.True(t, opts.Cluster.TLSConfig != nil && opts.Cluster.TLSConfig.ClientAuth == tls.RequireAndVerifyClientCert, "node %d: routes present a certificate the CA signed", i)
		assert.Equal(t, nodes[0].Routes, opts.Routes, "node %d: same routes as node 1", i)
	}
	if testing.Short() {
		t.Skip("-short: not starting the cluster")
	}

	ports := freePorts(t, 3)
	var routes []*url.URL
	for _, p := range ports {
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	var servers []*server.Server
	for i, opts := range nodes {
		opts.Host, opts.Port, opts.HTTPPort = "127.0.0.1", -1, 0
		opts.Cluster.Host, opts.Cluster.Port = "127.0.0.1", ports[i]
		opts.Routes = routes
		opts.StoreDir = t.TempDir()
		servers = append(servers, startNATS(t, opts))
	}
	require.Eventually(t, func() bool {
		leaders := 0
		for _, ns := range servers {
			if !ns.JetStreamIsClustered() || ns.NumRoutes() < 2 {
				return false
			}
			if ns.JetStreamIsLeader() {
				leaders++
			}
		}
		return leaders == 1
	}, 30*time.Second, 100*time.Millisecond, "three routed JetStream servers with one meta leader")
}

// TestAckPendingAlertMatchesConsumer keeps Gate278AckPendingNearLimit at 90%
// of the consumer's max_ack_pending as defined in ops/nats/jetstream.
func TestAckPendingAlertMatchesConsumer(t *testing.T) {
	b, err := os.ReadFile("nats/jetstream/consumer.X12_IN.gate278.json")
	if os.IsNotExist(err) {
		t.Skip("consumer definition not present")
	}
	require.NoError(t, err)
	var consumer struct {
		MaxAckPending int `json:"max_ack_pending"`
	}
	require.NoError(t, json.Unmarshal(b, &consumer))
	require.Positive(t, consumer.MaxAckPending)
	want := fmt.Sprintf("max by (job) (gate278_consumer_ack_pending_messages) >= %d\n", consumer.MaxAckPending*9/10)
	assert.Contains(t, readRules(t).text, "expr: "+want, "Gate278AckPendingNearLimit threshold must be 90%% of max_ack_pending %d", consumer.MaxAckPending)
	assert.Contains(t, readRules(t).text, fmt.Sprintf("MaxAckPending (%d)", consumer.MaxAckPending), "description names the limit")
}

// yamlBlock returns the literal block scalar `key: |` of a YAML file,
// dedented: enough YAML for the config files embedded in ConfigMaps. The
// block ends at the first non-blank line indented no deeper than the key.
func yamlBlock(t *testing.T, path, key string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var out strings.Builder
	found, keyIndent, indent := false, 0, -1
	for line := range strings.SplitSeq(string(b), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		depth := len(line) - len(trimmed)
		if !found {
			found, keyIndent = trimmed == key+": |", depth
			continue
		}
		if trimmed == "" {
			out.WriteString("\n")
			continue
		}
		if depth <= keyIndent {
			break
		}
		if indent < 0 {
			indent = depth
		}
		out.WriteString(line[min(indent, depth):] + "\n")
	}
	require.True(t, found, "%s has no block %q", path, key)
	return out.String()
}

// TestK8sNATSConfig parses the NATS configuration of the StatefulSet with
// nats-server's parser and checks it agrees with the StatefulSet and its
// headless Service.
func TestK8sNATSConfig(t *testing.T) {
	dir := t.TempDir()
	tlsDir := filepath.Join(dir, "tls")
	require.NoError(t, os.MkdirAll(tlsDir, 0o700))
	writeTestCerts(t, tlsDir, "tls")
	conf := filepath.Join(dir, "nats.conf")
	text := strings.ReplaceAll(yamlBlock(t, "k8s/nats-config.yaml", "nats.conf"), "/etc/nats/tls/", tlsDir+"/")
	require.NoError(t, os.WriteFile(conf, []byte(text), 0o600))
	accounts := yamlBlock(t, "k8s/nats-config.yaml", "accounts.conf")
	shipped, err := os.ReadFile("nats/accounts.conf")
	require.NoError(t, err)
	assert.Equal(t, strings.TrimSpace(string(shipped)), strings.TrimSpace(accounts), "the ConfigMap's accounts.conf is ops/nats/accounts.conf")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "accounts.conf"), []byte(accounts), 0o600))
	t.Setenv("POD_NAME", "nats-1")
	opts := loadNATS(t, conf)
	assert.Equal(t, "nats-1", opts.ServerName, "server name from the pod name")
	assert.True(t, opts.JetStream)
	assert.Equal(t, "/data", opts.StoreDir, "the volumeClaimTemplate mount")
	assert.Equal(t, "gate278", opts.Cluster.Name)
	assert.Equal(t, 8222, opts.HTTPPort, "monitor port used by probes and the exporter")
	assert.Equal(t, "/var/run/nats/nats.pid", opts.PidFile, "pid file used by the preStop lame-duck signal")
	requireAuth(t, opts)
	assert.NotNil(t, opts.TLSConfig, "clients over TLS")
	require.NotNil(t, opts.Cluster.TLSConfig, "routes over TLS")
	assert.Equal(t, tls.RequireAndVerifyClientCert, opts.Cluster.TLSConfig.ClientAuth, "routes present a certificate the CA signed")
	var hosts []string
	for _, u := range opts.Routes {
		hosts = append(hosts, u.Host)
	}
	assert.Equal(t, []string{"nats-0.nats-headless:6222", "nats-1.nats-headless:6222", "nats-2.nats-headless:6222"}, hosts)

	sts, err := os.ReadFile("k8s/nats-statefulset.yaml")
	require.NoError(t, err)
	for _, want := range []string{"serviceName: nats-headless", "replicas: 3", "mountPath: /data", "ldm=/var/run/nats/nats.pid", "prometheus.io/port: \"7777\"",
		"mountPath: /etc/nats/tls", "secretName: nats-tls"} {
		assert.Contains(t, string(sts), want, "nats-statefulset.yaml")
	}
}

func TestK8sGateway(t *testing.T) {
	var cfg struct {
		Payers []struct {
			Qualifier string `json:"qualifier"`
			ID        string `json:"id"`
			Policy    string `json:"policy"`
		} `json:"payers"`
	}
	require.NoError(t, json.Unmarshal([]byte(yamlBlock(t, "k8s/gate278-config.yaml", "config.json")), &cfg), "payer config is not valid JSON")
	require.NotEmpty(t, cfg.Payers)
	for _, p := range cfg.Payers {
		assert.NotEmpty(t, p.Qualifier)
		assert.NotEmpty(t, p.ID)
		assert.NotEmpty(t, p.Policy)
	}

	dep, err := os.ReadFile("k8s/gate278-deployment.yaml")
	require.NoError(t, err)
	for _, want := range []string{
		"- serve", "- -nats\n            - nats://nats:4222", "- -listen\n            - 0.0.0.0:9278",
		"- -config\n            - /etc/gate278/config.json", "path: /readyz", "path: /healthz",
		`prometheus.io/scrape: "true"`, `prometheus.io/port: "9278"`, "containerPort: 9278",
	} {
		assert.Contains(t, string(dep), want, "gate278-deployment.yaml")
	}
}

func TestSystemdUnit(t *testing.T) {
	b, err := os.ReadFile("systemd/gate278.service")
	require.NoError(t, err)
	unit := string(b)
	for _, want := range []string{
		"\nExecStart=/usr/local/bin/gate278 serve -data /var/lib/gate278 -listen 127.0.0.1:9278\n",
		"\nKillSignal=SIGTERM\n", "\nTimeoutStopSec=", "\nStateDirectory=gate278\n",
		"\nNoNewPrivileges=yes\n", "\nProtectSystem=strict\n",
	} {
		assert.Contains(t, unit, want)
	}
}

// TestDocsNameRealAlerts keeps the metrics package doc and ops/README.md in
// step with the rules: every alert they name exists, and the README's
// runbook table covers every alert.
func TestDocsNameRealAlerts(t *testing.T) {
	alerts := map[string]bool{}
	for _, a := range readRules(t).alerts {
		alerts[a] = true
	}
	alertName := regexp.MustCompile(`\bGate278[A-Z][A-Za-z0-9]*`)
	for _, doc := range []string{"metrics/doc.go", "README.md"} {
		b, err := os.ReadFile(doc)
		require.NoError(t, err)
		for _, name := range alertName.FindAllString(string(b), -1) {
			assert.True(t, alerts[name], "%s names alert %s, which the rules do not define", doc, name)
		}
	}
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	for a := range alerts {
		assert.Contains(t, string(readme), "| **"+a+"** |", "README.md has no runbook row for %s", a)
	}
}

// TestDocsListEveryMetric checks that the metrics package doc and
// ops/README.md describe every metric metrics.New exports, and no other.
func TestDocsListEveryMetric(t *testing.T) {
	have := exported(t)
	for _, doc := range []string{"metrics/doc.go", "README.md"} {
		b, err := os.ReadFile(doc)
		require.NoError(t, err)
		named := map[string]bool{}
		for _, name := range metricName.FindAllString(string(b), -1) {
			named[baseName(name)] = true
		}
		for name := range have {
			assert.True(t, named[name], "%s does not describe %s", doc, name)
		}
		for name := range named {
			assert.True(t, have[name], "%s describes %s, which metrics.New does not export", doc, name)
		}
	}
}

// TestK8sGatewaySecurity: the workers authenticate to NATS with the
// gateway's seed, verify the servers' certificates, read the partner
// registry and give the streams three replicas.
func TestK8sGatewaySecurity(t *testing.T) {
	dep, err := os.ReadFile("k8s/gate278-deployment.yaml")
	require.NoError(t, err)
	for _, want := range []string{
		"- -replicas\n            - \"3\"", "- -nkey\n            - /var/run/secrets/gate278/nats/gateway.nk",
		"- -tls-ca\n            - /var/run/secrets/gate278/tls/ca.crt", "- -partners\n            - /etc/gate278/partners.json",
		"secretName: gate278-nats", "secretName: nats-tls", "name: GOMEMLIMIT",
	} {
		assert.Contains(t, string(dep), want, "gate278-deployment.yaml")
	}
	var reg struct {
		Partners []struct {
			Name    string   `json:"name"`
			Senders []string `json:"senders"`
		} `json:"partners"`
	}
	require.NoError(t, json.Unmarshal([]byte(yamlBlock(t, "k8s/gate278-config.yaml", "partners.json")), &reg))
	require.NotEmpty(t, reg.Partners)
	accounts, err := os.ReadFile("nats/accounts.conf")
	require.NoError(t, err)
	for _, p := range reg.Partners {
		assert.NotEmpty(t, p.Senders, p.Name)
		assert.Contains(t, string(accounts), `"PARTNER_`+p.Name+`"`, "partner %s has its NATS account", p.Name)
	}
}

// TestImagesPinned: every image the manifests run has an exact version or
// a digest, never latest or no tag.
func TestImagesPinned(t *testing.T) {
	image := regexp.MustCompile(`(?m)^\s*(?:-\s*)?image:\s*(\S+)\s*$`)
	files, err := filepath.Glob("k8s/*.yaml")
	require.NoError(t, err)
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range image.FindAllStringSubmatch(string(b), -1) {
			ref := m[1]
			seen++
			if ref == "gate278" {
				continue // set by kustomization.yaml's images
			}
			name, tag, ok := strings.Cut(ref[strings.LastIndex(ref, "/")+1:], ":")
			assert.True(t, ok || strings.Contains(ref, "@sha256:"), "%s: %s has no tag", f, ref)
			assert.NotEqual(t, "latest", tag, "%s: %s", f, name)
			assert.Regexp(t, `^v?\d+\.\d+\.\d+`, tag, "%s: %s is not an exact version", f, ref)
		}
	}
	assert.GreaterOrEqual(t, seen, 3)
	kust, err := os.ReadFile("k8s/kustomization.yaml")
	require.NoError(t, err)
	assert.NotContains(t, string(kust), "newTag: latest")
	assert.Regexp(t, `newTag: "?\d+\.\d+\.\d+`, string(kust))
}

// TestNetworkPolicy: the namespace denies by default; workers take only
// scrapes, NATS only its clients, routes and monitoring.
func TestNetworkPolicy(t *testing.T) {
	b, err := os.ReadFile("k8s/networkpolicy.yaml")
	require.NoError(t, err)
	np := string(b)
	docs := strings.Split(np, "\n---\n")
	require.Len(t, docs, 3)
	assert.Contains(t, docs[0], "podSelector: {}")
	assert.Contains(t, docs[0], `policyTypes: ["Ingress", "Egress"]`)
	assert.NotContains(t, docs[0], "ingress:", "default deny allows nothing")
	for _, want := range []string{"port: 9278", "port: 4222", "port: 53"} {
		assert.Contains(t, docs[1], want, "gate278 policy")
	}
	for _, want := range []string{"port: 4222", "port: 6222", "port: 8222", "gate278.io/nats-client"} {
		assert.Contains(t, docs[2], want, "nats policy")
	}
	kust, err := os.ReadFile("k8s/kustomization.yaml")
	require.NoError(t, err)
	assert.Contains(t, string(kust), "- networkpolicy.yaml")
}

// TestDockerfile lint-checks the container build: base images pinned to
// exact versions (the Go one matching go.mod), a static build, nothing
// fetched with ADD, a non-root numeric user, an exec-form entrypoint.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("container/Dockerfile")
	require.NoError(t, err)
	var froms []string
	user, entry := "", ""
	for line := range strings.SplitSeq(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "FROM":
			froms = append(froms, f[1])
		case "USER":
			user = f[1]
		case "ENTRYPOINT":
			entry = strings.Join(f[1:], " ")
		case "ADD":
			t.Errorf("ADD %s: use COPY (ADD fetches URLs and unpacks archives)", strings.Join(f[1:], " "))
		case "MAINTAINER":
			t.Error("MAINTAINER is deprecated")
		}
	}
	require.Len(t, froms, 2, "a build stage and a runtime stage")
	for _, from := range froms {
		_, tag, ok := strings.Cut(from, ":")
		require.True(t, ok, "%s: no tag", from)
		assert.NotEqual(t, "latest", tag, from)
	}
	gomod, err := os.ReadFile("../go.mod")
	require.NoError(t, err)
	goLine := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(gomod))
	require.NotNil(t, goLine)
	assert.True(t, strings.HasPrefix(froms[0], "golang:"+goLine[1]+"."), "build with the Go of go.mod (%s): %s", goLine[1], froms[0])
	assert.Regexp(t, `^golang:\d+\.\d+\.\d+`, froms[0], "an exact Go version")
	assert.Contains(t, string(b), "CGO_ENABLED=0", "a static binary for a distroless base")
	assert.Regexp(t, `^\d+:\d+$`, user, "a numeric non-root user (runAsNonRoot can check it)")
	assert.NotEqual(t, "0:0", user)
	assert.True(t, strings.HasPrefix(entry, "["), "exec-form ENTRYPOINT: %s", entry)
	dep, err := os.ReadFile("k8s/gate278-deployment.yaml")
	require.NoError(t, err)
	assert.Contains(t, string(dep), "runAsUser: "+strings.Split(user, ":")[0], "the Deployment runs as the image's user")
	ignore, err := os.ReadFile("../.dockerignore")
	require.NoError(t, err, "a .dockerignore keeps data/ (credentials) out of the build context")
	assert.Contains(t, string(ignore), "data")
}
