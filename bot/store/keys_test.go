package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/zhijian/advisor/bot/store/storetest"
)

// TestKeyLayout pins the key families documented in keys.go: what each
// operation writes, and that bookings never expire while the rest do.
func TestKeyLayout(t *testing.T) {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: storetest.NewRedisServer(t).Addr()})
	s := NewRedis(rdb, "") // default prefix
	t.Cleanup(func() { _ = s.Close() })

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.Claim(ctx, "dedupe:m1", time.Minute)
	must(err)
	must(s.AppendTurns(ctx, "o1", []Turn{{Role: "user", Text: "你好"}}, 10, time.Hour))
	_, err = s.Allow(ctx, "o1", 5, time.Minute)
	must(err)
	must(NewTokenCache(s).Set("access_token", "tok", time.Hour))
	c := Booking{Kind: KindConsultation, OpenID: "o1"}
	must(s.CreateBooking(ctx, &c, 0))
	ev := Booking{Kind: KindEvent, EventID: "salon-1", OpenID: "o2"}
	must(s.CreateBooking(ctx, &ev, 10))
	day := bookingDay(c.CreatedAt)

	want := map[string]time.Duration{ // key -> -1 (never expires) or the TTL set
		"zj:kv:dedupe:m1":            time.Minute,
		"zj:kv:wxcache:access_token": time.Hour,
		"zj:hist:o1":                 time.Hour,
		"zj:rl:o1":                   time.Minute,
		"zj:{bk}:id:" + c.ID:         -1,
		"zj:{bk}:id:" + ev.ID:        -1,
		"zj:{bk}:index":              -1,
		"zj:{bk}:open:o1":            -1,
		"zj:{bk}:evt:salon-1":        -1,
		"zj:{bk}:seq:" + day:         -1,
	}
	got, err := rdb.Keys(ctx, "*").Result()
	must(err)
	slices.Sort(got)
	var wantKeys []string
	for k := range want {
		wantKeys = append(wantKeys, k)
	}
	slices.Sort(wantKeys)
	if !slices.Equal(got, wantKeys) {
		t.Fatalf("keys = %q\nwant   %q", got, wantKeys)
	}
	for k, ttl := range want {
		left, err := rdb.PTTL(ctx, k).Result()
		must(err)
		if ttl < 0 && left != -1 || ttl > 0 && (left <= 0 || left > ttl) {
			t.Errorf("PTTL(%s) = %v, want %v", k, left, ttl)
		}
	}
	if c.ID != "ZJ"+day+"-0001" || ev.ID != "ZJ"+day+"-0002" {
		t.Errorf("IDs %s, %s; want the day's first two", c.ID, ev.ID)
	}
}
