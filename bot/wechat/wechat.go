// Package wechat connects the bot to a WeChat Official Account. It is the
// only importer of github.com/silenceper/wechat/v2 and exposes our own types:
//
//   - NewHandler returns the webhook http.Handler: it checks WeChat's
//     signatures, decrypts safe-mode (AES) messages, maps them to
//     bot.Message, asks a Handler for the answer within a time budget and
//     writes the passive reply (encrypted when the request was).
//   - Pusher sends text through the customer-service API, for answers that
//     were not ready within WeChat's five seconds.
//   - Client plays WeChat's part against a webhook, for `advisor chat` and
//     black-box tests.
//
// The SDK's server type is deliberately not used: it logs raw message XML
// through logrus at debug level, panics when a write fails, cannot tell a
// forged request (403) from a malformed one (400), and encrypts an empty
// reply in safe mode. This package uses the SDK's message types and crypto
// primitives instead, so no message content ever reaches a log.
package wechat

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zhijian/advisor/bot"
)

// Defaults applied by NewHandler to zero Config fields.
const (
	// DefaultBudget is how long the Handler has to answer: WeChat waits
	// 5 s for a passive reply and the rest is margin for the network.
	DefaultBudget = 4500 * time.Millisecond
	// DefaultMaxBody bounds a request body; real messages are a few KiB.
	DefaultMaxBody = 64 << 10
	// DefaultHoldCap bounds how long a held delivery (bot.Reply.Hold) stays
	// open when the client does not hang up after WeChat's 5 s.
	DefaultHoldCap = 6 * time.Second
)

// maxTextBytes is WeChat's limit for the Content of a passive text reply.
const maxTextBytes = 2048

// Config holds the account's credentials and the webhook's limits.
type Config struct {
	Token          string // the server token set in the WeChat admin console; required
	AppID          string // required with EncodingAESKey (it is checked inside every encrypted message) and for Pusher
	AppSecret      string // needed only by Pusher, to obtain access tokens
	EncodingAESKey string // 43 characters; empty means plaintext mode only
	Budget         time.Duration
	MaxBody        int64
	// HoldCap is how long after arrival a held delivery is kept open at most
	// (default DefaultHoldCap).
	HoldCap time.Duration
}

// withDefaults returns c with zero limits replaced by the defaults, or an
// error wrapping ErrInvalidConfig naming the first bad field.
func (c Config) withDefaults() (Config, error) {
	if c.Budget == 0 {
		c.Budget = DefaultBudget
	}
	if c.MaxBody == 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.HoldCap == 0 {
		c.HoldCap = DefaultHoldCap
	}
	switch {
	case c.Token == "":
		return c, fmt.Errorf("%w: token is empty", ErrInvalidConfig)
	case c.Budget < 0:
		return c, fmt.Errorf("%w: budget %v is negative", ErrInvalidConfig, c.Budget)
	case c.MaxBody < 0:
		return c, fmt.Errorf("%w: max body %d is negative", ErrInvalidConfig, c.MaxBody)
	}
	if c.EncodingAESKey != "" {
		if err := ValidateAESKey(c.EncodingAESKey); err != nil {
			return c, err
		}
		if c.AppID == "" {
			return c, fmt.Errorf("%w: an EncodingAESKey needs the AppID", ErrInvalidConfig)
		}
	}
	return c, nil
}

// Handler answers one follower message. The ctx deadline is the request's
// arrival plus Config.Budget; Handle must return by then. An error or an
// empty Reply.Text makes the webhook answer "success" (no passive reply).
type Handler interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
}

// Cache stores the access token shared by all replicas. It has the method
// set of the SDK's cache.Cache; Get must return a string for a present key
// and nil for a missing one (the SDK type-asserts the value to string).
type Cache interface {
	Get(key string) interface{}
	Set(key string, val interface{}, timeout time.Duration) error
	IsExist(key string) bool
	Delete(key string) error
}

// Errors callers can branch on with errors.Is.
var (
	// ErrInvalidConfig is wrapped by constructor errors about Config.
	ErrInvalidConfig = errors.New("wechat: invalid config")
	// ErrNotConfigured means Pusher lacks the AppID or AppSecret.
	ErrNotConfigured = errors.New("wechat: customer-service push not configured")
	// ErrOutOfWindow is errcode 45015: the follower last wrote more than
	// 48 hours ago, so the customer-service API may not message them.
	ErrOutOfWindow = errors.New("wechat: outside the 48-hour customer-service window")
	// ErrUnauthorized is errcode 48001: the account may not use this API
	// (typically an unverified subscription account).
	ErrUnauthorized = errors.New("wechat: api unauthorized for this account")
	// ErrQuota is a quota errcode (45009 daily, 45011 per minute, 45047
	// per-follower message count).
	ErrQuota = errors.New("wechat: api quota exhausted")
	// ErrBadReply means Client received a reply WeChat would reject.
	ErrBadReply = errors.New("wechat: bad reply")
)
