package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Script results: the first element of each script's reply.
const (
	scriptOK       = 0
	scriptOpen     = 1 // ErrOpenBooking
	scriptFull     = 2 // ErrFull
	scriptNotFound = 3 // ErrNotFound
)

// createScript checks the follower's consultation slot or event place,
// allocates the next ID of the day, and writes the booking hash, the index
// entry and the slot or place, all or nothing.
//
//	KEYS[1] zj:{bk}:index  KEYS[2] zj:{bk}:seq:<day>
//	KEYS[3] zj:{bk}:open:<openid> (consultation) or zj:{bk}:evt:<eventID> (event)
//	KEYS[4] zj:{bk}:id: (the booking key is KEYS[4]..ID; same slot)
//	ARGV: kind, openid, capacity, day, created ms, then hash field/value pairs
//
// The EXISTS loop skips a number whose booking already exists, so a counter
// lost to a restore can never overwrite a booking.
var createScript = redis.NewScript(`
if ARGV[1] == 'event' then
  if redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 1 then return {1, ''} end
  local cap = tonumber(ARGV[3])
  if cap > 0 and redis.call('SCARD', KEYS[3]) >= cap then return {2, ''} end
elseif redis.call('EXISTS', KEYS[3]) == 1 then
  return {1, ''}
end
local id, key
repeat
  id = string.format('ZJ%s-%04d', ARGV[4], redis.call('INCR', KEYS[2]))
  key = KEYS[4] .. id
until redis.call('EXISTS', key) == 0
redis.call('HSET', key, 'id', id, unpack(ARGV, 6))
redis.call('ZADD', KEYS[1], ARGV[5], id)
if ARGV[1] == 'event' then
  redis.call('SADD', KEYS[3], ARGV[2])
else
  redis.call('SET', KEYS[3], id)
end
return {0, id}`)

// statusScript sets a booking's status and updated time, releasing the
// follower's slot or place when it closes and taking it back (if still free)
// when it reopens; it replies {0, HGETALL}.
//
//	KEYS[1] zj:{bk}:id:<ID>  KEYS[2] the slot key or event set (as in createScript)
//	ARGV: status, updated ms, ID
var statusScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {3} end
local f = redis.call('HMGET', KEYS[1], 'status', 'kind', 'openid')
local was = f[1] == 'new' or f[1] == 'contacted'
local will = ARGV[1] == 'new' or ARGV[1] == 'contacted'
if was and not will then
  if f[2] == 'event' then
    redis.call('SREM', KEYS[2], f[3])
  elseif redis.call('GET', KEYS[2]) == ARGV[3] then
    redis.call('DEL', KEYS[2])
  end
elseif will and not was then
  if f[2] == 'event' then
    if redis.call('SADD', KEYS[2], f[3]) == 0 then return {1} end
  else
    local cur = redis.call('GET', KEYS[2])
    if cur and cur ~= ARGV[3] then return {1} end
    redis.call('SET', KEYS[2], ARGV[3])
  end
end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'updated_at', ARGV[2])
return {0, redis.call('HGETALL', KEYS[1])}`)

// slotKey returns the key guarding b's follower: the open-consultation key,
// or the event's sign-up set.
func (r *Redis) slotKey(b *Booking) string {
	if b.Kind == KindEvent {
		return r.keys.eventSignups(b.EventID)
	}
	return r.keys.openBooking(b.OpenID)
}

// CreateBooking stores a new booking in one script; see Store.CreateBooking.
// It returns ErrInvalid for a booking without openid, kind or event ID.
func (r *Redis) CreateBooking(ctx context.Context, b *Booking, capacity int) error {
	if err := checkNewBooking(b); err != nil {
		return fmt.Errorf("redis create booking: %w", err)
	}
	nb := newBooking(b, r.now())
	day := bookingDay(nb.CreatedAt)
	keys := []string{r.keys.bookingIndex(), r.keys.bookingSeq(day), r.slotKey(b), r.keys.bookingPrefix()}
	args := append([]any{nb.Kind, nb.OpenID, capacity, day, nb.CreatedAt.UnixMilli()}, bookingFields(nb)...)
	res, err := createScript.Run(ctx, r.rdb, keys, args...).Slice()
	if err != nil {
		return wrapRedis("create booking", err)
	}
	code, err := scriptCode(res)
	if err != nil {
		return fmt.Errorf("redis create booking: %w", err)
	}
	if code != scriptOK {
		return fmt.Errorf("redis create booking: %w", codeErr(code))
	}
	id, ok := res[1].(string)
	if !ok || id == "" {
		return fmt.Errorf("redis create booking: bad script reply %v", res)
	}
	nb.ID = id
	*b = nb
	return nil
}

// GetBooking returns the booking with that ID, or ErrNotFound.
func (r *Redis) GetBooking(ctx context.Context, id string) (Booking, error) {
	m, err := r.rdb.HGetAll(ctx, r.keys.booking(id)).Result()
	if err != nil {
		return Booking{}, wrapRedis("get booking", err)
	}
	if len(m) == 0 {
		return Booking{}, fmt.Errorf("redis get booking: %w", ErrNotFound)
	}
	b, err := decodeBooking(m)
	if err != nil {
		return Booking{}, fmt.Errorf("redis get booking: %w", err)
	}
	return b, nil
}

// ListBookings returns bookings newest first (by creation time, then ID);
// status "" means all. It reads every booking in one pipeline and filters
// here: bookings number in the hundreds, not millions.
func (r *Redis) ListBookings(ctx context.Context, status string) ([]Booking, error) {
	ids, err := r.rdb.ZRevRange(ctx, r.keys.bookingIndex(), 0, -1).Result()
	if err != nil {
		return nil, wrapRedis("list bookings", err)
	}
	if len(ids) == 0 {
		return []Booking{}, nil
	}
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err = r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, r.keys.booking(id))
		}
		return nil
	})
	if err != nil {
		return nil, wrapRedis("list bookings", err)
	}
	out := make([]Booking, 0, len(ids))
	for _, c := range cmds {
		if len(c.Val()) == 0 {
			continue // indexed but gone (deleted by hand): skip, never invent
		}
		b, err := decodeBooking(c.Val())
		if err != nil {
			return nil, fmt.Errorf("redis list bookings: %w", err)
		}
		if status == "" || b.Status == status {
			out = append(out, b)
		}
	}
	return out, nil
}

// OpenBooking returns the follower's open consultation booking, or ErrNotFound.
func (r *Redis) OpenBooking(ctx context.Context, openID string) (Booking, error) {
	id, err := r.rdb.Get(ctx, r.keys.openBooking(openID)).Result()
	if err != nil {
		return Booking{}, wrapRedis("open booking", err)
	}
	return r.GetBooking(ctx, id) // a dangling slot reads as ErrNotFound
}

// SetBookingStatus changes the status and returns the updated booking.
// Closing it (done, cancelled) frees the follower's consultation slot or
// event place. Reopening a closed one (new, contacted) takes the slot back,
// or fails with ErrOpenBooking when the follower has since booked again;
// event capacity is not rechecked on reopening. An unknown status is
// ErrInvalid; an unknown ID is ErrNotFound.
func (r *Redis) SetBookingStatus(ctx context.Context, id, status string) (Booking, error) {
	if err := checkStatus(status); err != nil {
		return Booking{}, fmt.Errorf("redis set booking status: %w", err)
	}
	key := r.keys.booking(id)
	f, err := r.rdb.HMGet(ctx, key, "kind", "openid", "event_id").Result()
	if err != nil {
		return Booking{}, wrapRedis("set booking status", err)
	}
	kind, _ := f[0].(string)
	openID, _ := f[1].(string)
	eventID, _ := f[2].(string)
	if kind == "" {
		return Booking{}, fmt.Errorf("redis set booking status: %w", ErrNotFound)
	}
	// kind, openid and event_id never change, so the slot key read above
	// still holds when the script runs.
	slot := r.slotKey(&Booking{Kind: kind, OpenID: openID, EventID: eventID})
	now := msTime(r.now()).UnixMilli()
	res, err := statusScript.Run(ctx, r.rdb, []string{key, slot}, status, now, id).Slice()
	if err != nil {
		return Booking{}, wrapRedis("set booking status", err)
	}
	b, err := statusReply(res)
	if err != nil {
		return Booking{}, fmt.Errorf("redis set booking status: %w", err)
	}
	return b, nil
}

// CountEventSignups returns the number of open sign-ups for an event.
func (r *Redis) CountEventSignups(ctx context.Context, eventID string) (int, error) {
	n, err := r.rdb.SCard(ctx, r.keys.eventSignups(eventID)).Result()
	return int(n), wrapRedis("count event signups", err)
}

// statusReply decodes statusScript's reply.
func statusReply(res []any) (Booking, error) {
	code, err := scriptCode(res)
	if err != nil {
		return Booking{}, err
	}
	if code != scriptOK {
		return Booking{}, codeErr(code)
	}
	flat, ok := res[1].([]any)
	if !ok || len(flat)%2 != 0 {
		return Booking{}, fmt.Errorf("bad script reply %v", res)
	}
	m := make(map[string]string, len(flat)/2)
	for i := 0; i < len(flat); i += 2 {
		k, _ := flat[i].(string)
		v, _ := flat[i+1].(string)
		m[k] = v
	}
	return decodeBooking(m)
}

func scriptCode(res []any) (int64, error) {
	if len(res) == 0 {
		return 0, errors.New("empty script reply")
	}
	code, ok := res[0].(int64)
	if !ok || (code == scriptOK && len(res) < 2) {
		return 0, fmt.Errorf("bad script reply %v", res)
	}
	return code, nil
}

func codeErr(code int64) error {
	switch code {
	case scriptOpen:
		return ErrOpenBooking
	case scriptFull:
		return ErrFull
	case scriptNotFound:
		return ErrNotFound
	}
	return fmt.Errorf("unknown script result %d", code)
}

// bookingFields returns b as hash field/value pairs, without the ID (the
// create script adds it). Times are unix milliseconds.
func bookingFields(b Booking) []any {
	return []any{
		"kind", b.Kind, "event_id", b.EventID, "openid", b.OpenID,
		"name", b.Name, "city", b.City, "background", b.Background,
		"questions", b.Questions, "preferred_time", b.PreferredTime,
		"phone", b.Phone, "wechat_id", b.WeChatID, "status", b.Status,
		"created_at", b.CreatedAt.UnixMilli(), "updated_at", b.UpdatedAt.UnixMilli(),
	}
}

// decodeBooking reads a booking hash written by bookingFields.
func decodeBooking(m map[string]string) (Booking, error) {
	created, err := strconv.ParseInt(m["created_at"], 10, 64)
	if err != nil {
		return Booking{}, fmt.Errorf("booking %s: created_at: %w", m["id"], err)
	}
	updated, err := strconv.ParseInt(m["updated_at"], 10, 64)
	if err != nil {
		return Booking{}, fmt.Errorf("booking %s: updated_at: %w", m["id"], err)
	}
	return Booking{
		ID: m["id"], Kind: m["kind"], EventID: m["event_id"], OpenID: m["openid"],
		Name: m["name"], City: m["city"], Background: m["background"],
		Questions: m["questions"], PreferredTime: m["preferred_time"],
		Phone: m["phone"], WeChatID: m["wechat_id"], Status: m["status"],
		CreatedAt: time.UnixMilli(created), UpdatedAt: time.UnixMilli(updated),
	}, nil
}
