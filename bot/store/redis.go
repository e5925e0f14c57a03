package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a Store on Redis (standalone or Cluster), shared by every replica
// of the service. All keys sit under one prefix; keys.go names them. It is
// safe for concurrent use.
type Redis struct {
	rdb  redis.UniversalClient
	keys keys
	now  func() time.Time // the clock booking times and ID dates are read from
}

// NewRedis returns a Store on rdb with keys under prefix (DefaultPrefix when
// ""). Close closes rdb. For a webhook, rdb should fail fast: see OpenRedis
// for the timeouts it sets.
func NewRedis(rdb redis.UniversalClient, prefix string) *Redis {
	return &Redis{rdb: rdb, keys: newKeys(prefix), now: time.Now}
}

var _ Store = (*Redis)(nil)

// wrapRedis names op on err and maps it for callers: redis.Nil becomes
// ErrNotFound; a failure to reach a usable server (network, timeout, closed
// client, exhausted pool, a cancelled ctx, or a server that is loading,
// read-only, out of memory or refusing the login) wraps ErrUnavailable
// while keeping the cause for errors.Is and logs. Other errors (a
// wrong-type key, a script bug) are wrapped as they are.
func wrapRedis(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, redis.Nil):
		return fmt.Errorf("redis %s: %w", op, ErrNotFound)
	case unavailable(err):
		return fmt.Errorf("redis %s: %w: %w", op, ErrUnavailable, err)
	}
	return fmt.Errorf("redis %s: %w", op, err)
}

// unavailable reports whether err means the server could not serve us now,
// as opposed to rejecting the command itself.
func unavailable(err error) bool {
	var reply redis.Error
	if !errors.As(err, &reply) {
		return true // no reply from a server: network, timeout, closed, pool
	}
	return redis.IsLoadingError(err) || redis.IsReadOnlyError(err) ||
		redis.IsClusterDownError(err) || redis.IsTryAgainError(err) ||
		redis.IsMasterDownError(err) || redis.IsMaxClientsError(err) ||
		redis.IsAuthError(err) || redis.IsOOMError(err)
}

// noTTL turns a non-positive ttl into 0 (no expiry): go-redis reads -1 as
// KEEPTTL, which the Store contract does not offer.
func noTTL(ttl time.Duration) time.Duration { return max(ttl, 0) }

// Claim creates key with ttl if absent (SET NX PX) and reports whether this
// caller created it.
func (r *Redis) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	ok, err := r.rdb.SetNX(ctx, r.keys.kv(key), "1", noTTL(ttl)).Result()
	return ok, wrapRedis("claim", err)
}

// Get returns the value of key, or ErrNotFound.
func (r *Redis) Get(ctx context.Context, key string) (string, error) {
	v, err := r.rdb.Get(ctx, r.keys.kv(key)).Result()
	return v, wrapRedis("get", err)
}

// Set stores value under key; ttl <= 0 means no expiry.
func (r *Redis) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	return wrapRedis("set", r.rdb.Set(ctx, r.keys.kv(key), value, noTTL(ttl)).Err())
}

// Delete removes keys; missing keys are not an error. Several keys go as one
// DEL each in a pipeline, since in Cluster they may sit in different slots.
func (r *Redis) Delete(ctx context.Context, keys ...string) error {
	switch len(keys) {
	case 0:
		return nil
	case 1:
		return wrapRedis("delete", r.rdb.Del(ctx, r.keys.kv(keys[0])).Err())
	}
	_, err := r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			p.Del(ctx, r.keys.kv(k))
		}
		return nil
	})
	return wrapRedis("delete", err)
}

// AppendTurns appends turns (one JSON item each) to openID's history,
// keeps the last keepLast (all when keepLast <= 0) and sets the history to
// expire ttl from now (never when ttl <= 0), in one MULTI.
func (r *Redis) AppendTurns(ctx context.Context, openID string, turns []Turn, keepLast int, ttl time.Duration) error {
	if len(turns) == 0 {
		return nil
	}
	items := make([]any, len(turns))
	for i, t := range turns {
		b, err := json.Marshal(t)
		if err != nil {
			return fmt.Errorf("redis append turns: %w", err)
		}
		items[i] = b
	}
	key := r.keys.history(openID)
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, key, items...)
		if keepLast > 0 {
			p.LTrim(ctx, key, int64(-keepLast), -1)
		}
		if ttl > 0 {
			p.PExpire(ctx, key, ttl)
		} else {
			p.Persist(ctx, key)
		}
		return nil
	})
	return wrapRedis("append turns", err)
}

// History returns openID's turns, oldest first; none is an empty slice.
func (r *Redis) History(ctx context.Context, openID string) ([]Turn, error) {
	items, err := r.rdb.LRange(ctx, r.keys.history(openID), 0, -1).Result()
	if err != nil {
		return nil, wrapRedis("history", err)
	}
	turns := make([]Turn, len(items))
	for i, it := range items {
		if err := json.Unmarshal([]byte(it), &turns[i]); err != nil {
			return nil, fmt.Errorf("redis history: item %d: %w", i, err)
		}
	}
	return turns, nil
}

// allowScript counts one event in a fixed window: the first INCR of a window
// starts its expiry. Checking PTTL rather than n == 1 also repairs a counter
// left without a TTL, so a key can never block a follower forever.
var allowScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n`)

// Allow counts one event against key in a fixed window that starts with the
// window's first event, and reports whether the count is within limit.
// window must be positive (else ErrInvalid).
func (r *Redis) Allow(ctx context.Context, key string, limit int, window time.Duration) (bool, error) {
	if window <= 0 {
		return false, fmt.Errorf("redis allow: %w: window %v", ErrInvalid, window)
	}
	ms := max(window.Milliseconds(), 1)
	n, err := allowScript.Run(ctx, r.rdb, []string{r.keys.rate(key)}, ms).Int64()
	if err != nil {
		return false, wrapRedis("allow", err)
	}
	return n <= int64(limit), nil
}

// Ping checks that the server answers.
func (r *Redis) Ping(ctx context.Context) error {
	return wrapRedis("ping", r.rdb.Ping(ctx).Err())
}

// Close closes the client; later calls fail with ErrUnavailable.
func (r *Redis) Close() error {
	if err := r.rdb.Close(); err != nil && !errors.Is(err, redis.ErrClosed) {
		return fmt.Errorf("redis close: %w", err)
	}
	return nil
}
