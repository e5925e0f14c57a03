package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// CreateBooking stores a new booking; see Store.CreateBooking.
func (m *Memory) CreateBooking(_ context.Context, b *Booking, capacity int) error {
	if err := checkNewBooking(b); err != nil {
		return fmt.Errorf("memory create booking: %w", err)
	}
	if err := m.lock("create booking"); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if err := m.checkFree(b, capacity); err != nil {
		return fmt.Errorf("memory create booking: %w", err)
	}
	nb := newBooking(b, m.now())
	day := bookingDay(nb.CreatedAt)
	for {
		m.seq[day]++
		nb.ID = bookingID(day, m.seq[day])
		if _, taken := m.bookings[nb.ID]; !taken {
			break
		}
	}
	m.bookings[nb.ID] = nb
	m.hold(nb)
	*b = nb
	return nil
}

// checkFree returns ErrOpenBooking or ErrFull when b may not be created.
// m.mu must be held.
func (m *Memory) checkFree(b *Booking, capacity int) error {
	if b.Kind == KindConsultation {
		if _, ok := m.open[b.OpenID]; ok {
			return ErrOpenBooking
		}
		return nil
	}
	signed := m.events[b.EventID]
	if _, ok := signed[b.OpenID]; ok {
		return ErrOpenBooking
	}
	if capacity > 0 && len(signed) >= capacity {
		return ErrFull
	}
	return nil
}

// hold records that open booking b takes its follower's consultation slot
// or an event place. m.mu must be held.
func (m *Memory) hold(b Booking) {
	if b.Kind == KindConsultation {
		m.open[b.OpenID] = b.ID
		return
	}
	signed := m.events[b.EventID]
	if signed == nil {
		signed = make(map[string]struct{})
		m.events[b.EventID] = signed
	}
	signed[b.OpenID] = struct{}{}
}

// release frees what closed booking b held. m.mu must be held.
func (m *Memory) release(b Booking) {
	if b.Kind == KindConsultation {
		if m.open[b.OpenID] == b.ID {
			delete(m.open, b.OpenID)
		}
		return
	}
	signed := m.events[b.EventID]
	delete(signed, b.OpenID)
	if len(signed) == 0 {
		delete(m.events, b.EventID)
	}
}

// GetBooking returns the booking with that ID, or ErrNotFound.
func (m *Memory) GetBooking(_ context.Context, id string) (Booking, error) {
	if err := m.lock("get booking"); err != nil {
		return Booking{}, err
	}
	defer m.mu.Unlock()
	b, ok := m.bookings[id]
	if !ok {
		return Booking{}, fmt.Errorf("memory get booking: %w", ErrNotFound)
	}
	return b, nil
}

// ListBookings returns bookings newest first (by creation time, then ID);
// status "" means all.
func (m *Memory) ListBookings(_ context.Context, status string) ([]Booking, error) {
	if err := m.lock("list bookings"); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	out := make([]Booking, 0, len(m.bookings))
	for _, b := range m.bookings {
		if status == "" || b.Status == status {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, newestFirst)
	return out, nil
}

// newestFirst orders bookings as the Redis index does (ZREVRANGE): by
// creation time, then by ID, both descending.
func newestFirst(a, b Booking) int {
	if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(b.ID, a.ID)
}

// OpenBooking returns the follower's open consultation booking, or ErrNotFound.
func (m *Memory) OpenBooking(_ context.Context, openID string) (Booking, error) {
	if err := m.lock("open booking"); err != nil {
		return Booking{}, err
	}
	defer m.mu.Unlock()
	b, ok := m.bookings[m.open[openID]]
	if !ok {
		return Booking{}, fmt.Errorf("memory open booking: %w", ErrNotFound)
	}
	return b, nil
}

// SetBookingStatus changes the status and returns the updated booking; see
// Redis.SetBookingStatus for reopening rules.
func (m *Memory) SetBookingStatus(_ context.Context, id, status string) (Booking, error) {
	if err := checkStatus(status); err != nil {
		return Booking{}, fmt.Errorf("memory set booking status: %w", err)
	}
	if err := m.lock("set booking status"); err != nil {
		return Booking{}, err
	}
	defer m.mu.Unlock()
	b, ok := m.bookings[id]
	if !ok {
		return Booking{}, fmt.Errorf("memory set booking status: %w", ErrNotFound)
	}
	was, will := isOpenStatus(b.Status), isOpenStatus(status)
	switch {
	case was && !will:
		m.release(b)
	case !was && will:
		if err := m.checkFree(&b, 0); err != nil {
			return Booking{}, fmt.Errorf("memory set booking status: %w", err)
		}
		m.hold(b)
	}
	b.Status = status
	b.UpdatedAt = msTime(m.now())
	m.bookings[id] = b
	return b, nil
}

// CountEventSignups returns the number of open sign-ups for an event.
func (m *Memory) CountEventSignups(_ context.Context, eventID string) (int, error) {
	if err := m.lock("count event signups"); err != nil {
		return 0, err
	}
	defer m.mu.Unlock()
	return len(m.events[eventID]), nil
}
