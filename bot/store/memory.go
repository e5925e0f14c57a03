package store

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// sweepEvery is how many writes pass between two sweeps of expired entries.
// Reads drop expired entries lazily; the sweep bounds memory held by keys
// that are written once and never read again (MsgId claims, rate windows).
const sweepEvery = 1024

// Memory is a Store for one process: maps behind a mutex, with TTLs honoured
// lazily on read and by a sweep every 1024 writes (no goroutine).
// Bookings live only as long as the process. Use it for development, tests
// and single-instance deployments; several replicas need Redis.
type Memory struct {
	now func() time.Time // the clock TTLs and booking times are read from

	mu       sync.Mutex // protects the fields below
	closed   bool
	writes   int                            // writes since the last sweep
	kv       map[string]expiring[string]    // Claim/Get/Set/Delete
	hist     map[string]expiring[[]Turn]    // openid -> turns, oldest first
	rate     map[string]expiring[int]       // Allow key -> count in the window
	bookings map[string]Booking             // ID -> booking
	open     map[string]string              // openid -> open consultation ID
	events   map[string]map[string]struct{} // eventID -> openids signed up (open)
	seq      map[string]int64               // yyyymmdd -> last booking number
}

// expiring is a value with an optional deadline (zero: none).
type expiring[T any] struct {
	val T
	exp time.Time
}

func (e expiring[T]) expired(now time.Time) bool { return !e.exp.IsZero() && !now.Before(e.exp) }

// deadline returns now+ttl, or the zero time (no expiry) when ttl <= 0.
func deadline(now time.Time, ttl time.Duration) time.Time {
	if ttl <= 0 {
		return time.Time{}
	}
	return now.Add(ttl)
}

// NewMemory returns an empty Memory store on the wall clock.
func NewMemory() *Memory { return NewMemoryWithClock(time.Now) }

// NewMemoryWithClock returns an empty Memory store that reads the time from
// now, so tests can move TTLs and booking dates without waiting. now must be
// safe for concurrent use.
func NewMemoryWithClock(now func() time.Time) *Memory {
	return &Memory{
		now:      now,
		kv:       make(map[string]expiring[string]),
		hist:     make(map[string]expiring[[]Turn]),
		rate:     make(map[string]expiring[int]),
		bookings: make(map[string]Booking),
		open:     make(map[string]string),
		events:   make(map[string]map[string]struct{}),
		seq:      make(map[string]int64),
	}
}

var _ Store = (*Memory)(nil)

// lock takes m.mu and fails with ErrUnavailable once m is closed; on success
// the caller must unlock m.mu.
func (m *Memory) lock(op string) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return fmt.Errorf("memory %s: %w: closed", op, ErrUnavailable)
	}
	return nil
}

// wrote counts a write and sweeps expired entries every sweepEvery writes.
// m.mu must be held.
func (m *Memory) wrote(now time.Time) {
	m.writes++
	if m.writes < sweepEvery {
		return
	}
	m.writes = 0
	sweep(m.kv, now)
	sweep(m.hist, now)
	sweep(m.rate, now)
}

func sweep[T any](m map[string]expiring[T], now time.Time) {
	for k, e := range m {
		if e.expired(now) {
			delete(m, k)
		}
	}
}

// Claim creates key with ttl unless it exists and reports whether it did.
func (m *Memory) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	if err := m.lock("claim"); err != nil {
		return false, err
	}
	defer m.mu.Unlock()
	now := m.now()
	if e, ok := m.kv[key]; ok && !e.expired(now) {
		return false, nil
	}
	m.kv[key] = expiring[string]{val: "1", exp: deadline(now, ttl)}
	m.wrote(now)
	return true, nil
}

// Get returns the value of key, or ErrNotFound.
func (m *Memory) Get(_ context.Context, key string) (string, error) {
	if err := m.lock("get"); err != nil {
		return "", err
	}
	defer m.mu.Unlock()
	e, ok := m.kv[key]
	if !ok || e.expired(m.now()) {
		delete(m.kv, key)
		return "", fmt.Errorf("memory get: %w", ErrNotFound)
	}
	return e.val, nil
}

// Set stores value under key; ttl <= 0 means no expiry.
func (m *Memory) Set(_ context.Context, key, value string, ttl time.Duration) error {
	if err := m.lock("set"); err != nil {
		return err
	}
	defer m.mu.Unlock()
	now := m.now()
	m.kv[key] = expiring[string]{val: value, exp: deadline(now, ttl)}
	m.wrote(now)
	return nil
}

// Delete removes keys; missing keys are not an error.
func (m *Memory) Delete(_ context.Context, keys ...string) error {
	if err := m.lock("delete"); err != nil {
		return err
	}
	defer m.mu.Unlock()
	for _, k := range keys {
		delete(m.kv, k)
	}
	return nil
}

// AppendTurns appends turns to openID's history, keeps the last keepLast
// (all when keepLast <= 0) and sets the history to expire ttl from now
// (never when ttl <= 0).
func (m *Memory) AppendTurns(_ context.Context, openID string, turns []Turn, keepLast int, ttl time.Duration) error {
	if len(turns) == 0 {
		return nil
	}
	if err := m.lock("append turns"); err != nil {
		return err
	}
	defer m.mu.Unlock()
	now := m.now()
	var old []Turn
	if e, ok := m.hist[openID]; ok && !e.expired(now) {
		old = e.val
	}
	all := make([]Turn, 0, len(old)+len(turns))
	all = append(all, old...)
	for _, t := range turns {
		t.At = t.At.Round(0) // drop the monotonic reading, as a JSON round trip does
		all = append(all, t)
	}
	if keepLast > 0 && len(all) > keepLast {
		all = all[len(all)-keepLast:]
	}
	m.hist[openID] = expiring[[]Turn]{val: all, exp: deadline(now, ttl)}
	m.wrote(now)
	return nil
}

// History returns openID's turns, oldest first; none is an empty slice.
func (m *Memory) History(_ context.Context, openID string) ([]Turn, error) {
	if err := m.lock("history"); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	e, ok := m.hist[openID]
	if !ok || e.expired(m.now()) {
		delete(m.hist, openID)
		return []Turn{}, nil
	}
	return append([]Turn(nil), e.val...), nil
}

// Allow counts one event against key in a fixed window that starts with the
// window's first event, and reports whether the count is within limit.
// window must be positive (else ErrInvalid).
func (m *Memory) Allow(_ context.Context, key string, limit int, window time.Duration) (bool, error) {
	if window <= 0 {
		return false, fmt.Errorf("memory allow: %w: window %v", ErrInvalid, window)
	}
	if err := m.lock("allow"); err != nil {
		return false, err
	}
	defer m.mu.Unlock()
	now := m.now()
	e, ok := m.rate[key]
	if !ok || e.expired(now) {
		e = expiring[int]{exp: now.Add(window)}
	}
	e.val++
	m.rate[key] = e
	m.wrote(now)
	return e.val <= limit, nil
}

// Ping fails with ErrUnavailable once m is closed.
func (m *Memory) Ping(context.Context) error {
	if err := m.lock("ping"); err != nil {
		return err
	}
	m.mu.Unlock()
	return nil
}

// Close drops all state; later calls fail with ErrUnavailable. Closing twice
// is not an error.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	clear(m.kv)
	clear(m.hist)
	clear(m.rate)
	clear(m.bookings)
	clear(m.open)
	clear(m.events)
	clear(m.seq)
	return nil
}
