package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/credential"
	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"
)

// customSendURL is the customer-service send endpoint (the one the SDK's
// message.Manager uses).
const customSendURL = "https://api.weixin.qq.com/cgi-bin/message/custom/send"

// Errcodes Pusher interprets.
const (
	codeInvalidCredential = 40001
	codeInvalidToken      = 40014
	codeTokenExpired      = 42001
	codeDailyQuota        = 45009
	codeMinuteQuota       = 45011
	codeOutOfWindow       = 45015
	codeResponseQuota     = 45047
	codeUnauthorized      = 48001
)

// APIError is a non-zero errcode from the WeChat API. It unwraps to
// ErrOutOfWindow, ErrUnauthorized or ErrQuota when the code is one of
// theirs, so callers can use errors.Is and still read the code.
type APIError struct {
	Code int64
	Msg  string
}

// Error reports the errcode and WeChat's errmsg.
func (e *APIError) Error() string {
	return fmt.Sprintf("wechat api: errcode %d: %s", e.Code, e.Msg)
}

// Unwrap returns the sentinel for the code, or nil.
func (e *APIError) Unwrap() error {
	switch e.Code {
	case codeOutOfWindow:
		return ErrOutOfWindow
	case codeUnauthorized:
		return ErrUnauthorized
	case codeDailyQuota, codeMinuteQuota, codeResponseQuota:
		return ErrQuota
	}
	return nil
}

// tokenRejected reports whether err says the cached access token is no
// longer valid (another process refreshed it, or it expired early).
func tokenRejected(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	return ae.Code == codeInvalidCredential || ae.Code == codeInvalidToken || ae.Code == codeTokenExpired
}

// Pusher sends messages through the customer-service API
// (POST cgi-bin/message/custom/send). Access tokens are obtained by the
// SDK and kept in the Cache, so replicas sharing a cache share one token.
// A Pusher is safe for concurrent use.
type Pusher struct {
	appID, secret string
	cache         Cache
	tokens        credential.AccessTokenContextHandle
}

// NewPusher returns a Pusher for the account in cfg (AppID and AppSecret
// are used). A nil cache keeps the token in process memory. Without an
// AppID or AppSecret every push fails with ErrNotConfigured.
func NewPusher(cfg Config, cache Cache) *Pusher {
	if cache == nil {
		cache = newMemoryCache()
	}
	oa := officialaccount.NewOfficialAccount(&config.Config{
		AppID:          cfg.AppID,
		AppSecret:      cfg.AppSecret,
		Token:          cfg.Token,
		EncodingAESKey: cfg.EncodingAESKey,
		Cache:          cache,
	})
	p := &Pusher{appID: cfg.AppID, secret: cfg.AppSecret, cache: cache}
	// The SDK's default handle supports contexts; keep it typed so a push
	// honours the caller's deadline while fetching a token too.
	p.tokens, _ = oa.GetContext().AccessTokenHandle.(credential.AccessTokenContextHandle)
	return p
}

// PushText sends text to the follower openID. WeChat accepts it only
// within 48 hours of the follower's last message (ErrOutOfWindow), from
// accounts allowed to use the API (ErrUnauthorized) and within quotas
// (ErrQuota); other errcodes come back as *APIError. A token WeChat
// rejects is dropped from the cache and the send retried once. Secrets
// never appear in the returned error.
func (p *Pusher) PushText(ctx context.Context, openID, text string) error {
	if p.appID == "" || p.secret == "" || p.tokens == nil {
		return ErrNotConfigured
	}
	if openID == "" || text == "" {
		return fmt.Errorf("wechat: push text: empty openid or text")
	}
	err := p.send(ctx, message.NewCustomerTextMessage(openID, text))
	if tokenRejected(err) {
		_ = p.cache.Delete(p.tokenKey())
		err = p.send(ctx, message.NewCustomerTextMessage(openID, text))
	}
	if err != nil {
		return fmt.Errorf("wechat: push text: %w", err)
	}
	return nil
}

// send posts one customer-service message.
func (p *Pusher) send(ctx context.Context, msg *message.CustomerMessage) error {
	token, err := p.tokens.GetAccessTokenContext(ctx)
	if err != nil {
		return p.redact(fmt.Errorf("get access token: %w", err), "")
	}
	resp, err := util.PostJSONContext(ctx, customSendURL+"?access_token="+url.QueryEscape(token), msg)
	if err != nil {
		return p.redact(err, token)
	}
	var res util.CommonError
	if err := json.Unmarshal(resp, &res); err != nil {
		return fmt.Errorf("decode response: %w", err)
	}
	if res.ErrCode != 0 {
		return &APIError{Code: res.ErrCode, Msg: res.ErrMsg}
	}
	return nil
}

// tokenKey is the cache key the SDK's default access-token handle uses.
func (p *Pusher) tokenKey() string {
	return fmt.Sprintf("%s_access_token_%s", credential.CacheKeyOfficialAccountPrefix, p.appID)
}

// redact hides the app secret and token that the SDK's HTTP errors carry
// in their URLs, keeping err in the chain for errors.Is.
func (p *Pusher) redact(err error, token string) error {
	msg := err.Error()
	for _, s := range []string{p.secret, token, url.QueryEscape(p.secret), url.QueryEscape(token)} {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "REDACTED")
		}
	}
	return &redactedError{msg: msg, err: err}
}

// redactedError shows a scrubbed message but unwraps to the original.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// memoryCache is an in-process Cache for a single replica. Unlike the SDK's
// cache.Memory it is safe for concurrent use.
type memoryCache struct {
	mu      sync.Mutex // protects entries
	entries map[string]memoryEntry
}

type memoryEntry struct {
	val     interface{}
	expires time.Time // zero: never
}

func newMemoryCache() *memoryCache {
	return &memoryCache{entries: make(map[string]memoryEntry)}
}

// Get returns the value stored under key, or nil when absent or expired.
func (c *memoryCache) Get(key string) interface{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil
	}
	if !e.expires.IsZero() && time.Now().After(e.expires) {
		delete(c.entries, key)
		return nil
	}
	return e.val
}

// Set stores val under key for timeout (forever when timeout <= 0).
func (c *memoryCache) Set(key string, val interface{}, timeout time.Duration) error {
	e := memoryEntry{val: val}
	if timeout > 0 {
		e.expires = time.Now().Add(timeout)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[key] = e
	return nil
}

// IsExist reports whether key holds an unexpired value.
func (c *memoryCache) IsExist(key string) bool { return c.Get(key) != nil }

// Delete removes key.
func (c *memoryCache) Delete(key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, key)
	return nil
}
