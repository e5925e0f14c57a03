package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot/store"
)

// testBatch: Do runs each kind of operation as its method would, in order,
// and reports a missing key as Found == false, not as an error.
func testBatch(t *testing.T, e env) {
	ctx := context.Background()
	if err := e.s.Set(ctx, "b:present", "v1", time.Minute); err != nil {
		t.Fatal(err)
	}
	ops := []store.Op{
		{Kind: store.OpClaim, Key: "b:job", TTL: time.Minute},
		{Kind: store.OpClaim, Key: "b:job", TTL: time.Minute},
		{Kind: store.OpAllow, Key: "b:rate", Limit: 1, Window: time.Minute},
		{Kind: store.OpAllow, Key: "b:rate", Limit: 1, Window: time.Minute},
		{Kind: store.OpGet, Key: "b:present"},
		{Kind: store.OpGet, Key: "b:absent"},
		{Kind: store.OpSet, Key: "b:new", Value: "v2", TTL: time.Minute},
		{Kind: store.OpGet, Key: "b:new"},
		{Kind: store.OpDelete, Key: "b:present"},
	}
	if err := e.s.Do(ctx, ops); err != nil {
		t.Fatalf("Do: %v", err)
	}
	for i, op := range ops {
		if op.Err != nil {
			t.Errorf("op %d (%v %s): %v", i, op.Kind, op.Key, op.Err)
		}
	}
	if !ops[0].OK || ops[1].OK {
		t.Errorf("claims = %v, %v; want won then lost", ops[0].OK, ops[1].OK)
	}
	if !ops[2].OK || ops[3].OK {
		t.Errorf("allows = %v, %v; want within then over the limit of 1", ops[2].OK, ops[3].OK)
	}
	if !ops[4].Found || ops[4].Value != "v1" || ops[5].Found {
		t.Errorf("gets = (%v %q) (%v); want v1, then missing", ops[4].Found, ops[4].Value, ops[5].Found)
	}
	if !ops[7].Found || ops[7].Value != "v2" {
		t.Errorf("get after set in the same batch = %v %q, want v2", ops[7].Found, ops[7].Value)
	}
	if _, err := e.s.Get(ctx, "b:present"); err == nil {
		t.Error("the batch's delete did not happen")
	}
}
