package store_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/bot/store/storetest"
)

// failFastLimit is how long any call may take to report a down Redis: the
// webhook must still answer WeChat within 5 s after a few such calls.
const failFastLimit = time.Second

func TestRedisBookingsSeenByNewClient(t *testing.T) {
	url := storetest.StartRedis(t)
	first := mustOpenRedis(t, url, "zj:")
	b := mustCreate(t, first, consultation("o1"), 0)
	mustCreate(t, first, signup("o2", "ev1"), 3)
	if err := first.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	second := mustOpenRedis(t, url, "zj:") // e.g. another replica, or after a deploy
	got, err := second.OpenBooking(context.Background(), "o1")
	if err != nil {
		t.Fatalf("OpenBooking from a new client: %v", err)
	}
	assertSame(t, got, b)
	if n, err := second.CountEventSignups(context.Background(), "ev1"); n != 1 || err != nil {
		t.Errorf("CountEventSignups from a new client = %d, %v; want 1", n, err)
	}
	if err := second.CreateBooking(context.Background(), ptr(consultation("o1")), 0); !errors.Is(err, store.ErrOpenBooking) {
		t.Errorf("new client let o1 book twice: %v", err)
	}
	other := mustOpenRedis(t, url, "other:") // another prefix sees nothing
	if bs := mustList(t, other, ""); len(bs) != 0 {
		t.Errorf("prefix other: lists %d bookings, want 0", len(bs))
	}
}

func TestRedisBookingsSurviveRestart(t *testing.T) {
	srv := storetest.NewRedisServer(t, "--appendonly", "yes")
	s := mustOpenRedis(t, srv.URL(), "")
	b := mustCreate(t, s, consultation("o1"), 0)
	srv.Stop()
	srv.Start()
	awaitPing(t, s)
	got, err := s.GetBooking(context.Background(), b.ID)
	if err != nil {
		t.Fatalf("GetBooking after restart: %v", err)
	}
	assertSame(t, got, b)
	next := mustCreate(t, s, consultation("o2"), 0)
	if next.ID <= b.ID {
		t.Errorf("ID after restart %s does not follow %s", next.ID, b.ID)
	}
}

// storeCalls is every Store method, for the outage test.
var storeCalls = []struct {
	name string
	call func(ctx context.Context, s store.Store) error
}{
	{"Claim", func(ctx context.Context, s store.Store) error { _, err := s.Claim(ctx, "k", time.Minute); return err }},
	{"Get", func(ctx context.Context, s store.Store) error { _, err := s.Get(ctx, "k"); return err }},
	{"Set", func(ctx context.Context, s store.Store) error { return s.Set(ctx, "k", "v", 0) }},
	{"Delete", func(ctx context.Context, s store.Store) error { return s.Delete(ctx, "k", "k2") }},
	{"AppendTurns", func(ctx context.Context, s store.Store) error {
		return s.AppendTurns(ctx, "o1", []store.Turn{{Role: "user", Text: "hi"}}, 10, time.Hour)
	}},
	{"History", func(ctx context.Context, s store.Store) error { _, err := s.History(ctx, "o1"); return err }},
	{"Allow", func(ctx context.Context, s store.Store) error {
		_, err := s.Allow(ctx, "o1", 5, time.Minute)
		return err
	}},
	{"CreateBooking", func(ctx context.Context, s store.Store) error {
		return s.CreateBooking(ctx, ptr(consultation("o9")), 0)
	}},
	{"GetBooking", func(ctx context.Context, s store.Store) error {
		_, err := s.GetBooking(ctx, "ZJ20261125-0001")
		return err
	}},
	{"ListBookings", func(ctx context.Context, s store.Store) error { _, err := s.ListBookings(ctx, ""); return err }},
	{"OpenBooking", func(ctx context.Context, s store.Store) error { _, err := s.OpenBooking(ctx, "o1"); return err }},
	{"SetBookingStatus", func(ctx context.Context, s store.Store) error {
		_, err := s.SetBookingStatus(ctx, "ZJ20261125-0001", store.StatusDone)
		return err
	}},
	{"CountEventSignups", func(ctx context.Context, s store.Store) error { _, err := s.CountEventSignups(ctx, "ev"); return err }},
	{"Ping", func(ctx context.Context, s store.Store) error { return s.Ping(ctx) }},
}

func TestRedisDownFailsFastAndRecovers(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(t *testing.T) (*storetest.Server, string)
	}{
		{"Redis", func(t *testing.T) (*storetest.Server, string) {
			srv := storetest.NewRedisServer(t)
			return srv, srv.URL()
		}},
		{"RedisCluster", func(t *testing.T) (*storetest.Server, string) {
			srv := storetest.NewRedisCluster(t)
			return srv, srv.ClusterURL()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, url := tc.open(t)
			s := mustOpenRedis(t, url, "")
			mustCreate(t, s, consultation("o1"), 0)
			srv.Stop()
			for _, c := range storeCalls {
				t.Run(c.name, func(t *testing.T) {
					start := time.Now()
					err := c.call(context.Background(), s)
					if took := time.Since(start); took > failFastLimit {
						t.Errorf("took %v with Redis down, want under %v", took, failFastLimit)
					}
					if !errors.Is(err, store.ErrUnavailable) {
						t.Errorf("err = %v, want ErrUnavailable", err)
					}
				})
			}
			srv.Start() // empty now: this server does not persist
			awaitPing(t, s)
			if ok, err := s.Claim(context.Background(), "k", time.Minute); !ok || err != nil {
				t.Errorf("Claim after recovery = %v, %v; want true", ok, err)
			}
		})
	}
}

func TestOpenRedisUnreachable(t *testing.T) {
	srv := storetest.NewRedisServer(t)
	srv.Stop() // a port where nothing listens

	hung, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hung.Close() })
	go func() { // owned by the test: ends when hung is closed in Cleanup
		var conns []net.Conn
		for {
			c, err := hung.Accept()
			if err != nil {
				for _, c := range conns {
					_ = c.Close()
				}
				return
			}
			conns = append(conns, c)
		}
	}()

	tests := []struct {
		name, url string
		limit     time.Duration
		want      error
	}{
		{"refused", srv.URL(), failFastLimit, store.ErrUnavailable},
		{"refused cluster", srv.Addr() + ",127.0.0.1:1", failFastLimit, store.ErrUnavailable},
		{"never answers", "redis://" + hung.Addr().String(), 2 * failFastLimit, store.ErrUnavailable},
		{"bad url", "http://example.com", failFastLimit, store.ErrInvalid},
		{"bad address list", "a:1,b", failFastLimit, store.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			s, err := store.OpenRedis(context.Background(), tt.url, "")
			if s != nil {
				_ = s.Close()
			}
			if took := time.Since(start); took > tt.limit {
				t.Errorf("took %v, want under %v", took, tt.limit)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// awaitPing polls s until it answers, after a restart.
func awaitPing(t *testing.T, s store.Store) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		err := s.Ping(context.Background())
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("store did not reconnect within 5s: %v", err)
		}
		<-tick.C
	}
}

func ptr[T any](v T) *T { return &v }

// BenchmarkRedisClaimSet measures the webhook's hot path: claim a MsgId,
// then store its answer.
func BenchmarkRedisClaimSet(b *testing.B) {
	s := mustOpenRedis(b, storetest.StartRedis(b), "")
	ctx := context.Background()
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = fmt.Sprintf("dedupe:msg-%d", i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := keys[i%len(keys)]
		i++
		if _, err := s.Claim(ctx, k, time.Minute); err != nil {
			b.Fatal(err)
		}
		if err := s.Set(ctx, "answer:"+k, "答案", time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRedisCreateBooking measures the booking script (checks, ID,
// hash, index and slot in one round trip).
func BenchmarkRedisCreateBooking(b *testing.B) {
	s := mustOpenRedis(b, storetest.StartRedis(b), "")
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		bk := consultation(fmt.Sprintf("o%d", i))
		i++
		if err := s.CreateBooking(ctx, &bk, 0); err != nil {
			b.Fatal(err)
		}
	}
}
