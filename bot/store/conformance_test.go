package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/bot/store/storetest"
)

// env is one fresh, isolated store under test.
type env struct {
	s store.Store
	// tick lets a little backend time pass between polls: Memory moves its
	// fake clock; Redis does nothing, since its server clock runs anyway.
	tick func()
}

// backend opens fresh stores of one kind. setup runs once in the
// backend's subtest (starting a server, say) and returns the opener.
type backend struct {
	name  string
	setup func(t *testing.T) (open func(t *testing.T) env)
}

// ttl is the short expiry the TTL cases use: long enough that two calls
// right after each other still see the key, short enough to wait out.
const ttl = 300 * time.Millisecond

// conformance lists the cases every backend must pass.
var conformance = []struct {
	name string
	run  func(t *testing.T, e env)
}{
	{"ClaimOnceUnderRace", testClaimOnce},
	{"ClaimExpires", testClaimExpires},
	{"GetSetDelete", testGetSetDelete},
	{"History", testHistory},
	{"Allow", testAllow},
	{"Consultation", testConsultation},
	{"EventCapacity", testEventCapacity},
	{"EventCapacityUnderRace", testEventRace},
	{"ListNewestFirst", testList},
	{"IDsUnderRace", testIDsUnderRace},
	{"Invalid", testInvalid},
	{"TokenCache", testTokenCache},
	{"Closed", testClosed},
	{"Batch", testBatch},
}

// backends: Memory on a fake clock, Redis on a fresh redis-server, and
// Redis Cluster on a one-node cluster (which rejects CROSSSLOT mistakes).
// Each Redis env gets its own key prefix, so cases never see each other's
// keys.
var backends = []backend{
	{"Memory", func(*testing.T) func(*testing.T) env {
		return func(t *testing.T) env {
			clock := newFakeClock()
			m := store.NewMemoryWithClock(clock.Now)
			t.Cleanup(func() { _ = m.Close() })
			return env{s: m, tick: func() { clock.Add(50 * time.Millisecond) }}
		}
	}},
	{"Redis", func(t *testing.T) func(*testing.T) env {
		return redisEnv(storetest.StartRedis(t))
	}},
	{"RedisCluster", func(t *testing.T) func(*testing.T) env {
		return redisEnv(storetest.NewRedisCluster(t).ClusterURL())
	}},
}

func redisEnv(url string) func(*testing.T) env {
	return func(t *testing.T) env {
		return env{s: mustOpenRedis(t, url, uniquePrefix()), tick: func() {}}
	}
}

func TestConformance(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			open := b.setup(t)
			for _, c := range conformance {
				t.Run(c.name, func(t *testing.T) { c.run(t, open(t)) })
			}
		})
	}
}

var prefixes atomic.Int64

// uniquePrefix returns a key prefix no other env in this process uses.
func uniquePrefix() string { return fmt.Sprintf("t%d:", prefixes.Add(1)) }

// mustOpenRedis opens a Redis store on url and closes it when t ends.
func mustOpenRedis(tb testing.TB, url, prefix string) *store.Redis {
	tb.Helper()
	s, err := store.OpenRedis(context.Background(), url, prefix)
	if err != nil {
		tb.Fatalf("OpenRedis(%s): %v", url, err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// fakeClock is a settable clock, safe for concurrent use.
type fakeClock struct {
	mu  sync.Mutex // protects now
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// eventually polls cond, letting backend time pass between polls, until it
// holds or five seconds of real time pass.
func eventually(t *testing.T, e env, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not true after 5s", what)
		}
		e.tick()
		<-tick.C
	}
}

func testClaimOnce(t *testing.T, e env) {
	ctx := context.Background()
	const n = 16
	var (
		wins atomic.Int32
		wg   sync.WaitGroup
	)
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			ok, err := e.s.Claim(ctx, "dedupe:msg-1", time.Minute)
			if err != nil {
				errs <- err
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Claim: %v", err)
	}
	if got := wins.Load(); got != 1 {
		t.Errorf("%d of %d concurrent Claims won, want exactly 1", got, n)
	}
	if ok, err := e.s.Claim(ctx, "dedupe:msg-2", time.Minute); err != nil || !ok {
		t.Errorf("Claim of another key = %v, %v; want true", ok, err)
	}
}

func testClaimExpires(t *testing.T, e env) {
	ctx := context.Background()
	if ok, err := e.s.Claim(ctx, "dedupe:m", ttl); err != nil || !ok {
		t.Fatalf("first Claim = %v, %v; want true", ok, err)
	}
	if ok, err := e.s.Claim(ctx, "dedupe:m", ttl); err != nil || ok {
		t.Fatalf("second Claim before expiry = %v, %v; want false", ok, err)
	}
	eventually(t, e, "Claim after the TTL", func() bool {
		ok, err := e.s.Claim(ctx, "dedupe:m", ttl)
		if err != nil {
			t.Fatalf("Claim: %v", err)
		}
		return ok
	})
}
