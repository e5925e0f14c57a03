package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot/store"
)

func testGetSetDelete(t *testing.T, e env) {
	ctx := context.Background()
	if _, err := e.s.Get(ctx, "answer:none"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get(missing) err = %v, want ErrNotFound", err)
	}
	mustSet(t, e.s, "dialog:o1", "step-1", 0)
	mustSet(t, e.s, "dialog:o1", "step-2\n第二步", 0) // overwrite; newline and CJK kept
	mustSet(t, e.s, "answer:m1", "稍后的答案", ttl)
	if got := mustGet(t, e.s, "dialog:o1"); got != "step-2\n第二步" {
		t.Errorf("Get(dialog:o1) = %q, want the second value", got)
	}
	if got := mustGet(t, e.s, "answer:m1"); got != "稍后的答案" {
		t.Errorf("Get(answer:m1) = %q before expiry", got)
	}
	eventually(t, e, "Set with a TTL expires", func() bool {
		_, err := e.s.Get(ctx, "answer:m1")
		return errors.Is(err, store.ErrNotFound)
	})
	if got := mustGet(t, e.s, "dialog:o1"); got != "step-2\n第二步" {
		t.Errorf("a key set with ttl 0 expired: Get = %q", got)
	}
	if err := e.s.Delete(ctx, "dialog:o1", "answer:m1", "never-set"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := e.s.Delete(ctx); err != nil {
		t.Fatalf("Delete(no keys): %v", err)
	}
	if _, err := e.s.Get(ctx, "dialog:o1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get after Delete err = %v, want ErrNotFound", err)
	}
}

func testHistory(t *testing.T, e env) {
	ctx := context.Background()
	h, err := e.s.History(ctx, "o1")
	if err != nil || len(h) != 0 {
		t.Fatalf("History(new follower) = %v, %v; want empty, nil", h, err)
	}
	base := time.Date(2026, 11, 25, 10, 0, 0, 123456789, time.UTC)
	turns := make([]store.Turn, 7)
	for i := range turns {
		role := "user"
		if i%2 == 1 {
			role = "assistant"
		}
		turns[i] = store.Turn{Role: role, Text: fmt.Sprintf("第%d句", i), At: base.Add(time.Duration(i) * time.Second)}
	}
	mustAppend(t, e.s, "o1", turns[:3], 5, time.Hour)
	assertTurns(t, mustHistory(t, e.s, "o1"), turns[:3])
	mustAppend(t, e.s, "o1", turns[3:], 5, time.Hour)
	assertTurns(t, mustHistory(t, e.s, "o1"), turns[2:]) // trimmed to the last 5
	mustAppend(t, e.s, "o1", nil, 5, time.Hour)          // nothing to add: no-op
	assertTurns(t, mustHistory(t, e.s, "o1"), turns[2:])
	if h := mustHistory(t, e.s, "o2"); len(h) != 0 {
		t.Errorf("another follower sees %d turns", len(h))
	}

	mustAppend(t, e.s, "o3", turns[:1], 5, ttl) // the TTL is refreshed on every append
	assertTurns(t, mustHistory(t, e.s, "o3"), turns[:1])
	eventually(t, e, "history expires", func() bool { return len(mustHistory(t, e.s, "o3")) == 0 })
}

func testAllow(t *testing.T, e env) {
	ctx := context.Background()
	allow := func(key string) bool {
		t.Helper()
		ok, err := e.s.Allow(ctx, key, 3, ttl)
		if err != nil {
			t.Fatalf("Allow(%s): %v", key, err)
		}
		return ok
	}
	var got []bool
	for range 5 {
		got = append(got, allow("o1"))
	}
	if want := []bool{true, true, true, false, false}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("5 calls with limit 3 = %v, want %v", got, want)
	}
	if !allow("o2") {
		t.Errorf("another key is limited by the first one's count")
	}
	eventually(t, e, "a new window allows again", func() bool { return allow("o1") })
	if _, err := e.s.Allow(ctx, "o1", 3, 0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Allow(window 0) err = %v, want ErrInvalid", err)
	}
}

func mustSet(tb testing.TB, s store.Store, key, val string, ttl time.Duration) {
	tb.Helper()
	if err := s.Set(context.Background(), key, val, ttl); err != nil {
		tb.Fatalf("Set(%s): %v", key, err)
	}
}

func mustGet(tb testing.TB, s store.Store, key string) string {
	tb.Helper()
	v, err := s.Get(context.Background(), key)
	if err != nil {
		tb.Fatalf("Get(%s): %v", key, err)
	}
	return v
}

func mustAppend(tb testing.TB, s store.Store, openID string, turns []store.Turn, max int, ttl time.Duration) {
	tb.Helper()
	if err := s.AppendTurns(context.Background(), openID, turns, max, ttl); err != nil {
		tb.Fatalf("AppendTurns(%s): %v", openID, err)
	}
}

func mustHistory(tb testing.TB, s store.Store, openID string) []store.Turn {
	tb.Helper()
	h, err := s.History(context.Background(), openID)
	if err != nil {
		tb.Fatalf("History(%s): %v", openID, err)
	}
	return h
}

func assertTurns(tb testing.TB, got, want []store.Turn) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("history has %d turns, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Role != w.Role || g.Text != w.Text || !g.At.Equal(w.At) {
			tb.Errorf("turn %d = %+v, want %+v", i, g, w)
		}
	}
}
