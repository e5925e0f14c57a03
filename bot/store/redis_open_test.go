package store

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// clientSettings is what the URL tests check on a built client.
type clientSettings struct {
	cluster       bool
	addrs         []string
	dial, read    time.Duration
	pool          time.Duration
	retries       int
	tls, ctxAware bool
	db            int
	password      string
}

func settingsOf(t *testing.T, c redis.UniversalClient) clientSettings {
	t.Helper()
	switch c := c.(type) {
	case *redis.Client:
		o := c.Options()
		return clientSettings{
			addrs: []string{o.Addr}, dial: o.DialTimeout, read: o.ReadTimeout, pool: o.PoolTimeout,
			retries: o.MaxRetries, tls: o.TLSConfig != nil, ctxAware: o.ContextTimeoutEnabled,
			db: o.DB, password: o.Password,
		}
	case *redis.ClusterClient:
		o := c.Options()
		return clientSettings{
			cluster: true, addrs: o.Addrs, dial: o.DialTimeout, read: o.ReadTimeout, pool: o.PoolTimeout,
			retries: o.MaxRetries, tls: o.TLSConfig != nil, ctxAware: o.ContextTimeoutEnabled,
			password: o.Password,
		}
	}
	t.Fatalf("client type %T", c)
	return clientSettings{}
}

func TestNewRedisClient(t *testing.T) {
	fast := func(s clientSettings) clientSettings {
		s.dial, s.read, s.pool, s.retries, s.ctxAware = dialTimeout, readTimeout, poolTimeout, maxRetries, true
		return s
	}
	tests := []struct {
		url  string
		want clientSettings
	}{
		{"redis://127.0.0.1:6379", fast(clientSettings{addrs: []string{"127.0.0.1:6379"}})},
		{" redis://:s3cret@r.example:6380/2 ", fast(clientSettings{addrs: []string{"r.example:6380"}, db: 2, password: "s3cret"})},
		{"rediss://r.example", fast(clientSettings{addrs: []string{"r.example:6379"}, tls: true})},
		{"redis://r.example:6379?dial_timeout=2s&max_retries=3",
			func() clientSettings {
				s := fast(clientSettings{addrs: []string{"r.example:6379"}})
				s.dial, s.retries = 2*time.Second, 3 // the URL wins over our defaults
				return s
			}()},
		{"127.0.0.1:7000", fast(clientSettings{addrs: []string{"127.0.0.1:7000"}})},
		{"10.0.0.1:7000, 10.0.0.2:7000,10.0.0.3:7000",
			fast(clientSettings{cluster: true, addrs: []string{"10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3:7000"}})},
		{"redis://:pw@10.0.0.1:7000?cluster=1&addr=10.0.0.2:7000",
			fast(clientSettings{cluster: true, addrs: []string{"10.0.0.1:7000", "10.0.0.2:7000"}, password: "pw"})},
		{"rediss://cfg.example:6379?cluster=true",
			fast(clientSettings{cluster: true, addrs: []string{"cfg.example:6379"}, tls: true})},
		{"redis://127.0.0.1:6379?cluster=0", fast(clientSettings{addrs: []string{"127.0.0.1:6379"}})},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c, err := newRedisClient(tt.url)
			if err != nil {
				t.Fatalf("newRedisClient: %v", err)
			}
			defer c.Close()
			got := settingsOf(t, c)
			if !equalSettings(got, tt.want) {
				t.Errorf("settings = %+v\nwant       %+v", got, tt.want)
			}
		})
	}
}

func equalSettings(a, b clientSettings) bool {
	if len(a.addrs) != len(b.addrs) {
		return false
	}
	for i := range a.addrs {
		if a.addrs[i] != b.addrs[i] {
			return false
		}
	}
	a.addrs, b.addrs = nil, nil
	return a.cluster == b.cluster && a.dial == b.dial && a.read == b.read && a.pool == b.pool &&
		a.retries == b.retries && a.tls == b.tls && a.ctxAware == b.ctxAware && a.db == b.db &&
		a.password == b.password
}

func TestNewRedisClientRejects(t *testing.T) {
	for _, url := range []string{
		"",
		"http://example.com",
		"redis://h:1?cluster=maybe",
		"redis://h:1?no_such_option=1",
		"host-without-port",
		"a:1,b",
		",",
	} {
		t.Run(url, func(t *testing.T) {
			if c, err := newRedisClient(url); err == nil {
				_ = c.Close()
				t.Errorf("newRedisClient(%q) succeeded, want an error", url)
			}
		})
	}
}
