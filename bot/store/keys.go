package store

// DefaultPrefix is the key prefix used when NewRedis or OpenRedis is given "".
const DefaultPrefix = "zj:"

// keys names every Redis key the store uses. This is the one place that
// spells them; the families below assume the default prefix "zj:".
//
// Plain families (one key per command, so they spread over a Cluster):
//
//	zj:kv:<key>           string   Claim/Get/Set/Delete: MsgId dedupe, late answers,
//	                               dialog state, and the WeChat token cache
//	                               (TokenCache stores under zj:kv:wxcache:<key>).
//	zj:hist:<openid>      list     one JSON Turn per item, oldest first, trimmed to
//	                               the last N and expiring with the history TTL.
//	zj:rl:<key>           string   fixed-window counter (INCR; PEXPIRE set once).
//
// Booking families all carry the hash tag {bk}, so Redis Cluster puts them
// in one slot and the Lua scripts that touch several of them (CreateBooking,
// SetBookingStatus) stay atomic there as well. None of them ever expires.
//
//	zj:{bk}:id:<ID>       hash     one booking (fields in bookingFields).
//	zj:{bk}:index         zset     every booking ID, score = CreatedAt unix ms.
//	zj:{bk}:open:<openid> string   ID of the follower's open consultation.
//	zj:{bk}:evt:<eventID> set      openids with an open sign-up for the event.
//	zj:{bk}:seq:<yyyymmdd> string  per-day counter behind IDs ZJ<yyyymmdd>-<nnnn>
//	                               (day in China time, UTC+8).
//
// Trade-off of the hash tag: every booking key lives on one Cluster shard, so
// bookings do not scale out and that shard holds them all. Bookings arrive a
// few a day and each is a few hundred bytes, so one shard is ample, and the
// price buys atomic, never half-written bookings without distributed locks.
// The create script builds the new booking's key from the declared prefix
// key zj:{bk}:id: because the ID is only allocated inside the script; the key
// is in the same slot by construction, which Cluster accepts.
//
// If the prefix itself contains a hash tag (e.g. "{zj}:"), Redis hashes only
// that tag, so every key lands in one slot: still correct, just unsharded.
type keys struct {
	prefix string
}

// bookingTag is the Cluster hash tag shared by every booking key.
const bookingTag = "{bk}:"

func newKeys(prefix string) keys {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return keys{prefix: prefix}
}

func (k keys) kv(key string) string               { return k.prefix + "kv:" + key }
func (k keys) history(openID string) string       { return k.prefix + "hist:" + openID }
func (k keys) rate(key string) string             { return k.prefix + "rl:" + key }
func (k keys) bookingPrefix() string              { return k.prefix + bookingTag + "id:" }
func (k keys) booking(id string) string           { return k.bookingPrefix() + id }
func (k keys) bookingIndex() string               { return k.prefix + bookingTag + "index" }
func (k keys) openBooking(openID string) string   { return k.prefix + bookingTag + "open:" + openID }
func (k keys) eventSignups(eventID string) string { return k.prefix + bookingTag + "evt:" + eventID }
func (k keys) bookingSeq(day string) string       { return k.prefix + bookingTag + "seq:" + day }

// tokenCacheKey is the kv key under which TokenCache stores key.
func tokenCacheKey(key string) string { return "wxcache:" + key }
