package store

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalid reports an argument no backend could store: an unknown booking
// kind or status, an event sign-up without an event ID, a booking without an
// openid, or a rate-limit window that is not positive. It is a caller bug or
// bad input (e.g. from the admin API), never a backend failure.
var ErrInvalid = errors.New("store: invalid argument")

// chinaZone is the zone booking IDs are dated in: China has one zone, UTC+8,
// with no daylight saving, so a fixed zone needs no tzdata.
var chinaZone = time.FixedZone("CST", 8*60*60)

// bookingDay returns the yyyymmdd date, in China, that dates an ID made at t.
func bookingDay(t time.Time) string { return t.In(chinaZone).Format("20060102") }

// bookingID formats the n-th booking of day as ZJ<yyyymmdd>-<nnnn>.
func bookingID(day string, n int64) string { return fmt.Sprintf("ZJ%s-%04d", day, n) }

// msTime returns t cut to whole milliseconds, the precision both backends
// keep, so a booking reads back equal to what CreateBooking returned.
func msTime(t time.Time) time.Time { return time.UnixMilli(t.UnixMilli()) }

// isOpenStatus reports whether a booking in status s still holds the
// follower's consultation slot or event place.
func isOpenStatus(s string) bool { return s == StatusNew || s == StatusContacted }

// checkStatus returns ErrInvalid unless s is one of the four statuses.
func checkStatus(s string) error {
	switch s {
	case StatusNew, StatusContacted, StatusDone, StatusCancelled:
		return nil
	}
	return fmt.Errorf("%w: unknown booking status %q", ErrInvalid, s)
}

// checkNewBooking returns ErrInvalid when b cannot be stored.
func checkNewBooking(b *Booking) error {
	if b == nil {
		return fmt.Errorf("%w: nil booking", ErrInvalid)
	}
	if b.OpenID == "" {
		return fmt.Errorf("%w: booking without openid", ErrInvalid)
	}
	switch b.Kind {
	case KindConsultation:
		return nil
	case KindEvent:
		if b.EventID == "" {
			return fmt.Errorf("%w: event sign-up without event id", ErrInvalid)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown booking kind %q", ErrInvalid, b.Kind)
}

// newBooking returns the booking CreateBooking stores for b: status new and
// both times set to now (cut to milliseconds). The ID is left to the caller.
func newBooking(b *Booking, now time.Time) Booking {
	nb := *b
	nb.Status = StatusNew
	nb.CreatedAt = msTime(now)
	nb.UpdatedAt = nb.CreatedAt
	return nb
}
