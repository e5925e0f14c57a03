package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// NewRedisCluster starts a one-node Redis Cluster for tb: a redis-server in
// cluster mode that owns all 16384 slots. One node is enough to catch what
// Cluster forbids (CROSSSLOT multi-key commands and scripts) while staying
// as cheap as a plain server. Its ClusterURL suits store.OpenRedis; Stop and
// Start work as for NewRedisServer (nodes.conf keeps the slots).
func NewRedisCluster(tb testing.TB) *Server {
	tb.Helper()
	s := NewRedisServer(tb, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
		"--cluster-announce-ip", "127.0.0.1")
	if _, err := command(s.Addr(), "CLUSTER ADDSLOTSRANGE 0 16383"); err != nil {
		tb.Fatalf("storetest: assign slots: %v", err)
	}
	if err := waitClusterOK(s.Addr()); err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	s.mu.Lock()
	s.cluster = true
	s.mu.Unlock()
	return s
}

// ClusterURL returns the address as a URL that store.OpenRedis opens with a
// Cluster client.
func (s *Server) ClusterURL() string { return s.URL() + "?cluster=1" }

// waitClusterOK polls CLUSTER INFO until the node reports cluster_state:ok.
func waitClusterOK(addr string) error {
	deadline := time.Now().Add(startTimeout)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		info, err := command(addr, "CLUSTER INFO")
		if err == nil && strings.Contains(info, "cluster_state:ok") {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("cluster on %s not ok within %v (last: %v)", addr, startTimeout, err)
		}
		<-tick.C
	}
}
