package store

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// tokenCacheTimeout bounds each call made through the context-free methods
// (Get, Set, IsExist, Delete), which the WeChat SDK calls without a ctx.
const tokenCacheTimeout = time.Second

// TokenCache keeps the WeChat SDK's access token and tickets in a Store, so
// every replica shares one token instead of each fetching its own (WeChat
// invalidates the previous token on every fetch). It has the method set of
// silenceper/wechat's cache.Cache and cache.ContextCache without importing
// the SDK; values live under the kv key "wxcache:<key>" (zj:kv:wxcache:<key>
// in Redis). It is safe for concurrent use.
//
// The SDK's interface has no error on reads: when the store is unavailable
// Get returns nil and IsExist false, and the SDK fetches a fresh token.
type TokenCache struct {
	s Store
}

// NewTokenCache returns a TokenCache over s.
func NewTokenCache(s Store) *TokenCache { return &TokenCache{s: s} }

// Get returns the value stored under key as a string, or nil when it is
// missing, expired or unreadable. It is never any other type: the SDK
// asserts val.(string).
func (c *TokenCache) Get(key string) any {
	ctx, cancel := context.WithTimeout(context.Background(), tokenCacheTimeout)
	defer cancel()
	return c.GetContext(ctx, key)
}

// GetContext is Get with a ctx.
func (c *TokenCache) GetContext(ctx context.Context, key string) any {
	v, err := c.s.Get(ctx, tokenCacheKey(key))
	if err != nil {
		return nil
	}
	return v
}

// Set stores val under key for timeout (no expiry when timeout <= 0). val
// must be a string, []byte, bool, integer or float (stored as its decimal
// text), or a fmt.Stringer; anything else is an error.
func (c *TokenCache) Set(key string, val any, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), tokenCacheTimeout)
	defer cancel()
	return c.SetContext(ctx, key, val, timeout)
}

// SetContext is Set with a ctx.
func (c *TokenCache) SetContext(ctx context.Context, key string, val any, timeout time.Duration) error {
	s, err := cacheString(val)
	if err != nil {
		return fmt.Errorf("token cache set %q: %w", key, err)
	}
	return c.s.Set(ctx, tokenCacheKey(key), s, timeout)
}

// IsExist reports whether key holds a value; false when the store is
// unavailable.
func (c *TokenCache) IsExist(key string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), tokenCacheTimeout)
	defer cancel()
	return c.IsExistContext(ctx, key)
}

// IsExistContext is IsExist with a ctx.
func (c *TokenCache) IsExistContext(ctx context.Context, key string) bool {
	_, err := c.s.Get(ctx, tokenCacheKey(key))
	return err == nil
}

// Delete removes key; a missing key is not an error.
func (c *TokenCache) Delete(key string) error {
	ctx, cancel := context.WithTimeout(context.Background(), tokenCacheTimeout)
	defer cancel()
	return c.DeleteContext(ctx, key)
}

// DeleteContext is Delete with a ctx.
func (c *TokenCache) DeleteContext(ctx context.Context, key string) error {
	return c.s.Delete(ctx, tokenCacheKey(key))
}

// cacheString converts a value the SDK hands to Set into the string Get
// will return.
func cacheString(val any) (string, error) {
	switch v := val.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case int32:
		return strconv.FormatInt(int64(v), 10), nil
	case uint:
		return strconv.FormatUint(uint64(v), 10), nil
	case uint64:
		return strconv.FormatUint(v, 10), nil
	case uint32:
		return strconv.FormatUint(uint64(v), 10), nil
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case float32:
		return strconv.FormatFloat(float64(v), 'g', -1, 32), nil
	case fmt.Stringer:
		return v.String(), nil
	case nil:
		return "", fmt.Errorf("%w: nil value", ErrInvalid)
	}
	return "", fmt.Errorf("%w: unsupported value type %T", ErrInvalid, val)
}
