// Package store keeps the advisor's shared state: message de-duplication and
// results, late answers, conversation history, dialog state, rate limits,
// bookings and the WeChat access-token cache. Redis (several replicas) and
// Memory (one process, the default) implement the same Store interface and
// pass the same conformance suite.
//
// Key families (Redis; all under the prefix given to NewRedis, default "zj:"):
// see keys.go — the one place that names them.
package store

import (
	"context"
	"errors"
	"time"
)

// Errors returned by Store methods. Callers branch with errors.Is.
var (
	ErrNotFound    = errors.New("store: not found")
	ErrOpenBooking = errors.New("store: follower already has an open booking")
	ErrFull        = errors.New("store: event is full")
	ErrUnavailable = errors.New("store: backend unavailable")
)

// Turn is one exchange in a follower's conversation.
type Turn struct {
	Role string    `json:"role"` // "user" or "assistant"
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

// Booking statuses.
const (
	StatusNew       = "new"
	StatusContacted = "contacted"
	StatusDone      = "done"
	StatusCancelled = "cancelled"
)

// Booking kinds.
const (
	KindConsultation = "consultation"
	KindEvent        = "event"
)

// Booking is a follower's request for a one-to-one consultation, or a sign-up
// for an event. Name, Phone and WeChatID are personal data: never log them.
type Booking struct {
	ID            string    `json:"id"` // e.g. ZJ20261125-0007; assigned by CreateBooking
	Kind          string    `json:"kind"`
	EventID       string    `json:"event_id,omitempty"`
	OpenID        string    `json:"openid"`
	Name          string    `json:"name"`
	City          string    `json:"city"`
	Background    string    `json:"background"`
	Questions     string    `json:"questions"`
	PreferredTime string    `json:"preferred_time"`
	Phone         string    `json:"phone"`
	WeChatID      string    `json:"wechat_id"`
	Status        string    `json:"status"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Open reports whether the booking still waits for the consultant.
func (b Booking) Open() bool { return b.Status == StatusNew || b.Status == StatusContacted }

// Store is the shared state. Every method takes a ctx and returns
// ErrUnavailable (wrapped) when the backend cannot be reached.
type Store interface {
	// Claim atomically creates key with a TTL if absent and reports whether
	// this caller created it (SET NX): the first delivery of a message wins.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Get returns the value of key, or ErrNotFound.
	Get(ctx context.Context, key string) (string, error)
	// Set stores value under key; ttl 0 means no expiry.
	Set(ctx context.Context, key, value string, ttl time.Duration) error
	// Delete removes keys; missing keys are not an error.
	Delete(ctx context.Context, keys ...string) error

	// AppendTurns appends turns to the follower's history, keeps the last max
	// and refreshes the TTL.
	AppendTurns(ctx context.Context, openID string, turns []Turn, max int, ttl time.Duration) error
	// History returns the follower's turns, oldest first (empty, not an error, when none).
	History(ctx context.Context, openID string) ([]Turn, error)

	// Allow counts one event against key in a fixed window and reports whether
	// the count is within limit.
	Allow(ctx context.Context, key string, limit int, window time.Duration) (bool, error)

	// CreateBooking assigns b.ID, CreatedAt, UpdatedAt and Status (new), and
	// stores it durably (never expires). A consultation fails with
	// ErrOpenBooking when the follower has an open one; an event sign-up fails
	// with ErrOpenBooking when already signed up for that event and with ErrFull
	// when capacity (>0) sign-ups are open. Nothing is half-written on error.
	CreateBooking(ctx context.Context, b *Booking, capacity int) error
	// GetBooking returns the booking with that ID, or ErrNotFound.
	GetBooking(ctx context.Context, id string) (Booking, error)
	// ListBookings returns bookings newest first; status "" means all.
	ListBookings(ctx context.Context, status string) ([]Booking, error)
	// OpenBooking returns the follower's open consultation booking, or ErrNotFound.
	OpenBooking(ctx context.Context, openID string) (Booking, error)
	// SetBookingStatus changes the status and returns the updated booking;
	// closing one (done, cancelled) frees the follower to book again.
	SetBookingStatus(ctx context.Context, id, status string) (Booking, error)
	// CountEventSignups returns the number of open sign-ups for an event.
	CountEventSignups(ctx context.Context, eventID string) (int, error)

	// Batcher runs several of the operations above in one round trip.
	Batcher

	// Ping checks the backend.
	Ping(ctx context.Context) error
	// Close releases the backend.
	Close() error
}
