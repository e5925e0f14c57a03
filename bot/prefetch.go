package bot

import (
	"context"
	"time"

	"github.com/zhijian/advisor/bot/store"
)

// A message's work reads a handful of small keys (kept answers, dialog
// state, the last question) and writes a few (the result, the last
// question). Each would be a round trip to Redis; under load those round
// trips cost more than everything else. So the first delivery reads them all
// in the batch that claims the message, and the worker writes them back in
// one batch at the end. The batch travels in the context of the one
// goroutine doing the work.

// batch is the read-ahead values and the deferred writes of one message.
// It is used by one goroutine at a time.
type batch struct {
	read   map[string]*string // key → value; nil value: known to be missing
	writes []store.Op
}

type batchKey struct{}

func withBatch(ctx context.Context, b *batch) context.Context {
	return context.WithValue(ctx, batchKey{}, b)
}

func batchFrom(ctx context.Context) *batch {
	b, _ := ctx.Value(batchKey{}).(*batch)
	return b
}

// cachedGet reads key from the batch in ctx when it was read ahead, else
// from st.
func cachedGet(ctx context.Context, st store.Store, key string) (string, error) {
	if b := batchFrom(ctx); b != nil {
		if v, ok := b.read[key]; ok {
			if v == nil {
				return "", store.ErrNotFound
			}
			return *v, nil
		}
	}
	return st.Get(ctx, key)
}

// deferredSet writes key at the end of the message's work when a batch is in
// ctx (reads in the same work see the new value), else at once.
func deferredSet(ctx context.Context, st store.Store, key, value string, ttl time.Duration) error {
	if b := batchFrom(ctx); b != nil {
		b.writes = append(b.writes, store.Op{Kind: store.OpSet, Key: key, Value: value, TTL: ttl})
		v := value
		b.read[key] = &v
		return nil
	}
	return st.Set(ctx, key, value, ttl)
}

// deferredDelete is deferredSet's counterpart for a deletion.
func deferredDelete(ctx context.Context, st store.Store, key string) error {
	if b := batchFrom(ctx); b != nil {
		b.writes = append(b.writes, store.Op{Kind: store.OpDelete, Key: key})
		b.read[key] = nil
		return nil
	}
	return st.Delete(ctx, key)
}
