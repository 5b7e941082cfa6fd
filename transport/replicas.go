package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
)

// MaxReplicas is the largest replica count JetStream allows.
const MaxReplicas = 5

// ErrClusterSizeUnknown is returned by ClusterSize when no server of a
// clustered deployment answered (the system account is disabled, or the
// user may not publish to $SYS.REQ.ACCOUNT.PING.STATZ).
var ErrClusterSizeUnknown = errors.New("transport: cluster size unknown: no server answered the account ping")

// accountPing is the account-scoped server ping that nats-server imports
// into every account: each server answers with its identity.
const accountPing = "$SYS.REQ.ACCOUNT.PING.STATZ"

// ClusterSize reports how many JetStream servers make up the cluster of the
// server nc is connected to. A server that is not clustered is a cluster of
// one. Otherwise every server is asked to identify itself (the account
// ping, answered by the servers that are up, whether or not they serve this
// account's clients) and those of the connected cluster with JetStream
// enabled are counted: servers of other clusters (gateways) are not.
// Answers are collected until none has come for a short while.
func ClusterSize(ctx context.Context, nc *nats.Conn) (int, error) {
	if err := waitConnected(ctx, nc); err != nil {
		return 0, fmt.Errorf("transport: cluster size: %w", err)
	}
	cluster := nc.ConnectedClusterName()
	if cluster == "" {
		return 1, nil
	}
	inbox := nc.NewRespInbox()
	sub, err := nc.SubscribeSync(inbox)
	if err != nil {
		return 0, fmt.Errorf("transport: cluster size: %w", err)
	}
	defer sub.Unsubscribe()
	if err := nc.PublishRequest(accountPing, inbox, []byte(`{"include_unused":true}`)); err != nil {
		return 0, fmt.Errorf("transport: cluster size: %w", err)
	}
	servers := map[string]bool{}
	wait := 2 * time.Second // for the first answer
	for {
		wctx, cancel := context.WithTimeout(ctx, wait)
		m, err := sub.NextMsgWithContext(wctx)
		cancel()
		if err != nil {
			break
		}
		var r struct {
			Server struct {
				Name      string `json:"name"`
				ID        string `json:"id"`
				Cluster   string `json:"cluster"`
				JetStream bool   `json:"jetstream"`
			} `json:"server"`
		}
		if json.Unmarshal(m.Data, &r) == nil && r.Server.JetStream && r.Server.Cluster == cluster {
			servers[r.Server.ID] = true
		}
		wait = 300 * time.Millisecond // then for stragglers
	}
	if ctx.Err() != nil {
		return 0, fmt.Errorf("transport: cluster size: %w", ctx.Err())
	}
	if len(servers) == 0 {
		return 0, ErrClusterSizeUnknown
	}
	return len(servers), nil
}

// assumedClusterSize is taken for a clustered deployment whose servers do
// not tell their number: the usual three-node cluster.
const assumedClusterSize = 3

// deploymentSize is ClusterSize, assuming assumedClusterSize (and saying so)
// when the servers do not tell.
func deploymentSize(ctx context.Context, nc *nats.Conn, log *slog.Logger) (int, error) {
	n, err := ClusterSize(ctx, nc)
	if errors.Is(err, ErrClusterSizeUnknown) {
		log.Warn("transport: the servers do not tell the cluster's size; assuming 3 (set -replicas to say otherwise)")
		return assumedClusterSize, nil
	}
	return n, err
}
