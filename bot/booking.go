package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// How long a booking dialog lives.
const (
	// dialogIdle is how long a dialog waits for the follower's next answer.
	dialogIdle = 30 * time.Minute
	// dialogKeep is how long an idle dialog's state stays in the store, so
	// the next message can be told the booking timed out. Then it expires.
	dialogKeep = 6 * time.Hour
	// bookingStoreTimeout bounds each store call a dialog makes.
	bookingStoreTimeout = 2 * time.Second
)

// BookingDeps are what the booking and event dialogs need. Store is required.
type BookingDeps struct {
	Store store.Store
	// Events are the KB's events; SetEvents replaces them on reload.
	Events []knowledge.Event
	// Notifier tells the consultant about each new booking; nil: nobody is
	// told. Bookings owns it: Close closes it.
	Notifier *Notifier
	Logger   *slog.Logger
	// Now returns the current time (default time.Now); tests set it.
	Now func() time.Time
	// Observer counts new bookings (nil: none).
	Observer Observer
}

// Bookings runs the booking dialog (a one-to-one consultation), the event
// list and sign-up dialog, and "我的预约", over the store. It never calls the
// model and never logs personal data: logs name bookings by ID only. It is
// safe for concurrent use.
type Bookings struct {
	store  store.Store
	notify *Notifier
	log    *slog.Logger
	now    func() time.Time
	obs    Observer
	parser fieldParser

	mu     sync.RWMutex      // mu protects events.
	events []knowledge.Event // sorted by date, earliest first

	// followerLocks serialise one follower's messages in this process, so
	// two quick messages do not overwrite each other's answers; a follower
	// maps to one lock by a hash of the openID.
	followerLocks [64]sync.Mutex
}

// NewBookings returns the dialogs over d.Store.
func NewBookings(d BookingDeps) *Bookings {
	bk := &Bookings{
		store:  d.Store,
		notify: d.Notifier,
		log:    d.Logger,
		now:    d.Now,
		obs:    d.Observer,
		parser: fieldParser{gaz: knowledge.DefaultGazetteer(), cat: knowledge.DefaultCatalog()},
	}
	if bk.log == nil {
		bk.log = slog.New(slog.DiscardHandler)
	}
	if bk.now == nil {
		bk.now = time.Now
	}
	if bk.obs == nil {
		bk.obs = nopObserver{}
	}
	bk.SetEvents(d.Events)
	return bk
}

// SetEvents replaces the events (on a KB reload). Dialogs in progress keep
// the event they sign up for, by ID.
func (bk *Bookings) SetEvents(events []knowledge.Event) {
	evs := slices.Clone(events)
	slices.SortStableFunc(evs, func(a, b knowledge.Event) int { return a.Date.Compare(b.Date) })
	bk.mu.Lock()
	bk.events = evs
	bk.mu.Unlock()
}

// eventList returns the events, earliest first. The slice must not be changed.
func (bk *Bookings) eventList() []knowledge.Event {
	bk.mu.RLock()
	defer bk.mu.RUnlock()
	return bk.events
}

// Close stops the notifier, sending what is queued until ctx is done.
func (bk *Bookings) Close(ctx context.Context) {
	if bk.notify != nil {
		bk.notify.Close(ctx)
	}
}

// Outcome is what the dialogs make of a message.
type Outcome struct {
	// Handled: Reply is the whole answer, to be sent as is.
	Handled bool
	Reply   string
	// Suffix, when not handled, is appended to the ordinary answer (a
	// reminder of the dialog in progress); it may be "".
	Suffix string
}

// Handle offers a follower's text to the dialogs. Texts that start or
// answer a dialog, "我的预约", "取消预约", "我的报名", "取消报名", the event
// list and a bare "取消" with no dialog open are handled;
// anything else is left to the ordinary answer, with a reminder when a
// dialog is open. It returns an error (wrapping store.ErrUnavailable) only
// when the store fails during a dialog action; then nothing was half-written.
// A store failure while merely checking for a dialog leaves the message to
// the ordinary answer.
func (bk *Bookings) Handle(ctx context.Context, openID, text string, intent retrieval.Intent) (Outcome, error) {
	text = cleanText(text)
	if openID == "" || text == "" {
		return Outcome{}, nil
	}
	defer bk.lockFollower(openID)()
	cmd := bk.classify(text)
	d, err := bk.loadDialog(ctx, openID)
	if err != nil {
		if cmd == cmdNone && intent != retrieval.IntentBooking {
			return Outcome{}, nil
		}
		return Outcome{}, err
	}
	suffix := ""
	if d != nil && bk.now().Sub(d.Touched) > dialogIdle {
		if err := bk.deleteDialog(ctx, openID); err != nil {
			return Outcome{}, err
		}
		if !cmd.starts() && bk.looksLikeAnswer(text, cmd, d) {
			return handled(textDialogExpired), nil
		}
		d, suffix = nil, textDialogExpiredNote
	}
	if d != nil {
		return bk.continueDialog(ctx, openID, d, text, cmd, intent)
	}
	if cmd == cmdNone && intent == retrieval.IntentBooking {
		cmd = cmdBook
	}
	switch cmd {
	case cmdMine:
		return bk.showMine(ctx, openID)
	case cmdCancelMine:
		return bk.cancelMine(ctx, openID)
	case cmdMySignUps:
		return bk.showSignUps(ctx, openID)
	case cmdCancelSignUp:
		return bk.cancelSignUp(ctx, openID, text)
	case cmdCancel:
		if idleCancelWords[foldCommand(text)] && suffix == "" {
			return handled(textNothingToCancel), nil
		}
	case cmdEvents:
		return bk.listEvents(ctx)
	case cmdSignUp:
		return bk.startSignUp(ctx, openID, text)
	case cmdBook:
		return bk.startConsultation(ctx, openID, text)
	}
	return Outcome{Suffix: suffix}, nil
}

// lockFollower locks the follower's lock and returns its unlock.
func (bk *Bookings) lockFollower(openID string) func() {
	h := fnv.New32a()
	_, _ = h.Write([]byte(openID))
	m := &bk.followerLocks[h.Sum32()%uint32(len(bk.followerLocks))]
	m.Lock()
	return m.Unlock
}

func handled(reply string) Outcome { return Outcome{Handled: true, Reply: reply} }

// showMine answers "我的预约" with the follower's open consultation and
// event sign-ups.
func (bk *Bookings) showMine(ctx context.Context, openID string) (Outcome, error) {
	b, found, err := bk.openBooking(ctx, openID)
	if err != nil {
		return Outcome{}, err
	}
	ups, err := bk.signUps(ctx, openID)
	if err != nil {
		return Outcome{}, err
	}
	var parts []string
	switch {
	case found:
		parts = append(parts, mineText(b)+"\n\n"+textMineHint)
	case len(ups) > 0:
		parts = append(parts, textNoConsultation)
	default:
		return handled(textNoBooking), nil
	}
	if len(ups) > 0 {
		parts = append(parts, bk.signUpsText(ups))
	}
	return handled(strings.Join(parts, "\n\n")), nil
}

// cancelMine answers "取消预约": the open consultation is cancelled. A
// follower with only event sign-ups is told how to cancel those.
func (bk *Bookings) cancelMine(ctx context.Context, openID string) (Outcome, error) {
	b, found, err := bk.openBooking(ctx, openID)
	if err != nil {
		return Outcome{}, err
	}
	if !found {
		return bk.noConsultation(ctx, openID)
	}
	sctx, cancel := context.WithTimeout(ctx, bookingStoreTimeout)
	defer cancel()
	if _, err := bk.store.SetBookingStatus(sctx, b.ID, store.StatusCancelled); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return handled(textNoBooking), nil
		}
		return Outcome{}, fmt.Errorf("cancel booking: %w", err)
	}
	bk.log.Info("booking cancelled by follower", "booking", b.ID)
	return handled(fmt.Sprintf(textBookingCancelled, b.ID)), nil
}

// noConsultation answers "取消预约" when there is no open consultation.
func (bk *Bookings) noConsultation(ctx context.Context, openID string) (Outcome, error) {
	ups, err := bk.signUps(ctx, openID)
	if err != nil {
		return Outcome{}, err
	}
	if len(ups) == 0 {
		return handled(textNoBooking), nil
	}
	return handled(textNoConsultation + "\n\n" + bk.signUpsText(ups)), nil
}

// openBooking returns the follower's open consultation, if any.
func (bk *Bookings) openBooking(ctx context.Context, openID string) (store.Booking, bool, error) {
	sctx, cancel := context.WithTimeout(ctx, bookingStoreTimeout)
	defer cancel()
	b, err := bk.store.OpenBooking(sctx, openID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return store.Booking{}, false, nil
	case err != nil:
		return store.Booking{}, false, fmt.Errorf("open booking: %w", err)
	}
	return b, true, nil
}

// create stores the dialog's booking, tells the consultant and returns the
// stored booking.
func (bk *Bookings) create(ctx context.Context, b *store.Booking, capacity int) error {
	sctx, cancel := context.WithTimeout(ctx, bookingStoreTimeout)
	defer cancel()
	if err := bk.store.CreateBooking(sctx, b, capacity); err != nil {
		return fmt.Errorf("create booking: %w", err)
	}
	bk.log.Info("booking created", "booking", b.ID, "kind", b.Kind, "event", b.EventID)
	bk.obs.BookingCreated(b.Kind)
	if bk.notify != nil {
		bk.notify.Notify(*b)
	}
	return nil
}

// dialogKey is the store key of a follower's dialog state.
func dialogKey(openID string) string { return "dlg:" + openID }

// loadDialog returns the follower's dialog, or nil when there is none.
func (bk *Bookings) loadDialog(ctx context.Context, openID string) (*dialog, error) {
	sctx, cancel := context.WithTimeout(ctx, bookingStoreTimeout)
	defer cancel()
	v, err := cachedGet(sctx, bk.store, dialogKey(openID))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("load dialog: %w", err)
	}
	var d dialog
	if err := json.Unmarshal([]byte(v), &d); err != nil {
		// A state this version cannot read is dropped, not fatal.
		bk.log.Warn("dropping unreadable dialog state", "err", err)
		return nil, nil
	}
	return &d, nil
}

// saveDialog stores the dialog, touched now.
func (bk *Bookings) saveDialog(ctx context.Context, openID string, d *dialog) error {
	d.Touched = bk.now()
	data, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("save dialog: %w", err)
	}
	sctx, cancel := context.WithTimeout(ctx, bookingStoreTimeout)
	defer cancel()
	if err := bk.store.Set(sctx, dialogKey(openID), string(data), dialogKeep); err != nil {
		return fmt.Errorf("save dialog: %w", err)
	}
	return nil
}

func (bk *Bookings) deleteDialog(ctx context.Context, openID string) error {
	sctx, cancel := context.WithTimeout(ctx, bookingStoreTimeout)
	defer cancel()
	if err := bk.store.Delete(sctx, dialogKey(openID)); err != nil {
		return fmt.Errorf("end dialog: %w", err)
	}
	return nil
}
