package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/zhijian/advisor/bot/store"
)

// stringer is a value TokenCache stores through its String method.
type stringer struct{}

func (stringer) String() string { return "via-stringer" }

func testTokenCache(t *testing.T, e env) {
	c := store.NewTokenCache(e.s)
	if v := c.Get("access_token"); v != nil {
		t.Fatalf("Get(missing) = %#v, want nil", v)
	}
	if err := c.Set("access_token", "tok-1", ttl); err != nil {
		t.Fatalf("Set: %v", err)
	}
	if s, ok := c.Get("access_token").(string); !ok || s != "tok-1" {
		t.Fatalf("Get = %#v, want the string tok-1 (the SDK asserts string)", c.Get("access_token"))
	}
	if !c.IsExist("access_token") {
		t.Errorf("IsExist = false after Set")
	}
	eventually(t, e, "token expires", func() bool { return !c.IsExist("access_token") })

	tests := []struct {
		name string
		val  any
		want string
	}{
		{"string", "jsapi-ticket", "jsapi-ticket"},
		{"bytes", []byte("b"), "b"},
		{"int", 7200, "7200"},
		{"int64", int64(-3), "-3"},
		{"bool", true, "true"},
		{"stringer", stringer{}, "via-stringer"},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := c.SetContext(ctx, "k", tt.val, 0); err != nil {
				t.Fatalf("SetContext(%#v): %v", tt.val, err)
			}
			if got, ok := c.GetContext(ctx, "k").(string); !ok || got != tt.want {
				t.Errorf("GetContext = %#v, want the string %q", c.GetContext(ctx, "k"), tt.want)
			}
		})
	}
	if err := c.Set("k", struct{}{}, 0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Set(struct) err = %v, want ErrInvalid", err)
	}
	if err := c.Delete("k"); err != nil || c.IsExistContext(ctx, "k") {
		t.Errorf("after Delete: err %v, IsExist %v", err, c.IsExistContext(ctx, "k"))
	}
	if err := c.DeleteContext(ctx, "never-set"); err != nil {
		t.Errorf("Delete(missing): %v", err)
	}
	// The cache shares the store's kv space under its own namespace.
	if _, err := e.s.Get(ctx, "access_token"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("token cache key visible as a plain kv key: %v", err)
	}
}

func testClosed(t *testing.T, e env) {
	ctx := context.Background()
	if err := e.s.Ping(ctx); err != nil {
		t.Fatalf("Ping before Close: %v", err)
	}
	if err := e.s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := e.s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := e.s.Ping(ctx); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Ping after Close err = %v, want ErrUnavailable", err)
	}
	if _, err := e.s.Claim(ctx, "k", 0); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Claim after Close err = %v, want ErrUnavailable", err)
	}
	if v := store.NewTokenCache(e.s).Get("access_token"); v != nil {
		t.Errorf("TokenCache.Get on a closed store = %#v, want nil", v)
	}
}
