package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// stepClock is a settable clock for Memory's own tests.
type stepClock struct {
	mu sync.Mutex // protects t
	t  time.Time
}

func (c *stepClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *stepClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestMemoryTTLBoundary(t *testing.T) {
	ctx := context.Background()
	clock := &stepClock{t: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	m := NewMemoryWithClock(clock.now)
	if ok, _ := m.Claim(ctx, "k", time.Second); !ok {
		t.Fatal("first Claim lost")
	}
	clock.add(time.Second - time.Nanosecond)
	if ok, _ := m.Claim(ctx, "k", time.Second); ok {
		t.Fatal("Claim won 1ns before the TTL ran out")
	}
	clock.add(time.Nanosecond)
	if ok, _ := m.Claim(ctx, "k", time.Second); !ok {
		t.Fatal("Claim lost once the TTL ran out")
	}
}

func TestMemorySweepsExpiredEntries(t *testing.T) {
	ctx := context.Background()
	clock := &stepClock{t: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	m := NewMemoryWithClock(clock.now)
	for i := range sweepEvery / 2 {
		if _, err := m.Claim(ctx, fmt.Sprintf("dedupe:%d", i), time.Minute); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Allow(ctx, fmt.Sprintf("rl:%d", i), 5, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Set(ctx, "keep", "v", 0); err != nil {
		t.Fatal(err)
	}
	clock.add(time.Hour) // everything but "keep" has expired, unread
	for range sweepEvery {
		if err := m.Set(ctx, "keep", "v", 0); err != nil {
			t.Fatal(err)
		}
	}
	m.mu.Lock()
	kv, rate := len(m.kv), len(m.rate)
	m.mu.Unlock()
	if kv != 1 || rate != 0 {
		t.Errorf("after a sweep: %d kv entries, %d rate windows; want 1 and 0", kv, rate)
	}
}

// TestMemoryConcurrentUse runs every kind of call at once; -race checks it.
func TestMemoryConcurrentUse(t *testing.T) {
	ctx := context.Background()
	m := NewMemory()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			id := fmt.Sprintf("o%d", g)
			for i := range 50 {
				_, _ = m.Claim(ctx, fmt.Sprintf("%s-%d", id, i), time.Minute)
				_ = m.AppendTurns(ctx, id, []Turn{{Role: "user", Text: "x"}}, 5, time.Hour)
				_, _ = m.History(ctx, id)
				_, _ = m.Allow(ctx, id, 10, time.Minute)
				b := Booking{Kind: KindEvent, EventID: "ev", OpenID: id}
				if err := m.CreateBooking(ctx, &b, 4); err == nil {
					_, _ = m.SetBookingStatus(ctx, b.ID, StatusCancelled)
				} else if !errors.Is(err, ErrFull) && !errors.Is(err, ErrOpenBooking) {
					t.Errorf("CreateBooking: %v", err)
				}
				_, _ = m.ListBookings(ctx, "")
			}
		})
	}
	wg.Wait()
	if n, _ := m.CountEventSignups(ctx, "ev"); n != 0 {
		t.Errorf("%d sign-ups left open, want 0 (each was cancelled)", n)
	}
	if h, _ := m.History(ctx, "o0"); len(h) != 5 {
		t.Errorf("history of o0 has %d turns, want the last 5", len(h))
	}
}
