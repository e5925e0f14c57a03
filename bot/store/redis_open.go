package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Fail-fast client settings. WeChat waits 5 s for a reply and a message
// makes a few store calls, so a Redis that is down or hung must cost well
// under a second per call, not go-redis's defaults (5 s dial, 3 s reads,
// 3 retries, 5 dial attempts). Worst case per call: two attempts of at most
// dialTimeout (or readTimeout) each, plus go-redis's few-ms retry backoff.
const (
	dialTimeout  = 500 * time.Millisecond
	readTimeout  = 400 * time.Millisecond
	writeTimeout = 400 * time.Millisecond
	poolTimeout  = 500 * time.Millisecond // wait for a free pooled connection
	maxRetries   = 1                      // one retry on a network error
	dialAttempts = 1                      // go-redis's own dial retries: none
)

// OpenRedis connects to the Redis at rawURL and returns a Store with keys
// under prefix (DefaultPrefix when ""). It pings once with ctx and fails
// with ErrUnavailable (wrapped) when the server does not answer, closing
// the client; a malformed URL is ErrInvalid.
//
// rawURL forms (REDIS_URL):
//
//	redis://[user:password@]host:port[/db][?option=value…]   one server
//	rediss://…                                                one server over TLS
//	redis://host:port?cluster=1[&addr=host2:port2…]           Cluster (seed nodes)
//	host1:port1,host2:port2,…                                 Cluster (no auth, no TLS)
//	host:port                                                 one server (no auth, no TLS)
//	unix:///path/to/redis.sock[?db=N]                         one server on a socket
//
// Query options are go-redis's (dial_timeout, read_timeout, write_timeout,
// pool_timeout, max_retries, pool_size, …; see redis.ParseURL and
// redis.ParseClusterURL); "cluster" (1/true/0/false) is ours. Any timeout or
// retry option not in the URL gets the fail-fast default above, and the
// client honours ctx deadlines.
func OpenRedis(ctx context.Context, rawURL, prefix string) (*Redis, error) {
	rdb, err := newRedisClient(rawURL)
	if err != nil {
		return nil, fmt.Errorf("open redis: %w: %w", ErrInvalid, err)
	}
	if err := rdb.Ping(ctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, wrapRedis("open", err)
	}
	return NewRedis(rdb, prefix), nil
}

// newRedisClient builds the client rawURL describes (see OpenRedis).
func newRedisClient(rawURL string) (redis.UniversalClient, error) {
	s := strings.TrimSpace(rawURL)
	if s == "" {
		return nil, errors.New("empty redis url")
	}
	if !strings.Contains(s, "://") {
		return clientForAddrs(s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	cluster, err := clusterFlag(q)
	if err != nil {
		return nil, err
	}
	u.RawQuery = q.Encode() // without "cluster", which go-redis would reject
	if cluster {
		opt, err := redis.ParseClusterURL(u.String())
		if err != nil {
			return nil, err
		}
		failFast(q, &opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout, &opt.PoolTimeout,
			&opt.MaxRetries, &opt.DialerRetries)
		opt.ContextTimeoutEnabled = true
		return redis.NewClusterClient(opt), nil
	}
	opt, err := redis.ParseURL(u.String())
	if err != nil {
		return nil, err
	}
	failFast(q, &opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout, &opt.PoolTimeout,
		&opt.MaxRetries, &opt.DialerRetries)
	opt.ContextTimeoutEnabled = true
	return redis.NewClient(opt), nil
}

// clusterFlag reads and removes the "cluster" query option.
func clusterFlag(q url.Values) (bool, error) {
	if !q.Has("cluster") {
		return false, nil
	}
	v := q.Get("cluster")
	q.Del("cluster")
	switch strings.ToLower(v) {
	case "1", "true", "yes":
		return true, nil
	case "0", "false", "no", "":
		return false, nil
	}
	return false, fmt.Errorf("redis url: cluster=%q: want 1 or 0", v)
}

// clientForAddrs builds a client from a comma-separated host:port list: one
// address is a single server, two or more are Cluster seed nodes.
func clientForAddrs(list string) (redis.UniversalClient, error) {
	var addrs []string
	for a := range strings.SplitSeq(list, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if host, port, err := net.SplitHostPort(a); err != nil || host == "" || port == "" {
			return nil, fmt.Errorf("redis address %q: want host:port", a)
		}
		addrs = append(addrs, a)
	}
	none := url.Values{}
	switch len(addrs) {
	case 0:
		return nil, fmt.Errorf("redis address list %q: no addresses", list)
	case 1:
		opt := &redis.Options{Addr: addrs[0], ContextTimeoutEnabled: true}
		failFast(none, &opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout, &opt.PoolTimeout,
			&opt.MaxRetries, &opt.DialerRetries)
		return redis.NewClient(opt), nil
	}
	opt := &redis.ClusterOptions{Addrs: addrs, ContextTimeoutEnabled: true}
	failFast(none, &opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout, &opt.PoolTimeout,
		&opt.MaxRetries, &opt.DialerRetries)
	return redis.NewClusterClient(opt), nil
}

// failFast sets each timeout and retry count the URL query q does not set.
func failFast(q url.Values, dial, read, write, pool *time.Duration, retries, dials *int) {
	set := func(name string, p *time.Duration, v time.Duration) {
		if !q.Has(name) {
			*p = v
		}
	}
	set("dial_timeout", dial, dialTimeout)
	set("read_timeout", read, readTimeout)
	set("write_timeout", write, writeTimeout)
	set("pool_timeout", pool, poolTimeout)
	if !q.Has("max_retries") {
		*retries = maxRetries
	}
	if !q.Has("dialer_retries") {
		*dials = dialAttempts
	}
}
