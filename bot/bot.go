// Package bot is the conversation: it turns a follower's message into a reply.
// It understands the question, retrieves the authorized bodies and policy
// notes, composes an answer (with the LLM when one is configured, offline
// otherwise), applies the rules guard, runs the booking dialog, and delivers
// the answer within WeChat's five-second window and its retries.
//
// State that replicas share (de-duplication, late answers, history, dialog
// state, rate limits, bookings) lives in a store.Store.
package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// Searcher finds institutions and notes for an understood query
// (*retrieval.Index satisfies it).
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query, limit, offset int) (retrieval.Result, error)
}

// Understander turns text into a query (*retrieval.Understander satisfies it).
type Understander interface {
	Understand(text string) retrieval.Query
	FollowUp(prev, cur retrieval.Query) retrieval.Query
}

// Pusher sends a text to a follower outside the passive-reply window
// (WeChat's customer-service API; *wechat.Pusher satisfies it).
type Pusher interface {
	PushText(ctx context.Context, openID, text string) error
}

// Options tune the bot. Zero values take the defaults noted.
type Options struct {
	// Budget is how long a delivery may wait for its answer before it must
	// reply (default 4.3 s, under WeChat's 5 s with room for the network).
	Budget time.Duration
	// AnswerTimeout bounds the whole work for one message, model included
	// (default 25 s).
	AnswerTimeout time.Duration
	// RatePerMinute is how many messages a follower may send a minute (default 20).
	RatePerMinute int
	// HistoryTurns and HistoryTTL bound conversation memory (default 10 turns, 30 min).
	HistoryTurns int
	HistoryTTL   time.Duration
	// Attempts is how many times WeChat delivers a message it gets no reply
	// for (default 3). The last delivery never waits past Budget.
	Attempts int
	// PollInterval is how often a delivery checks the store for a result
	// computed on another replica (default 25 ms).
	PollInterval time.Duration
	// StoreTimeout bounds each store call so a slow Redis cannot eat the
	// budget (default 300 ms).
	StoreTimeout time.Duration
	// Now returns the current time (default time.Now); tests set it.
	Now func() time.Time
}

func (o *Options) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Budget, 4300*time.Millisecond)
	def(&o.AnswerTimeout, 25*time.Second)
	def(&o.HistoryTTL, 30*time.Minute)
	def(&o.PollInterval, 25*time.Millisecond)
	def(&o.StoreTimeout, 300*time.Millisecond)
	if o.RatePerMinute <= 0 {
		o.RatePerMinute = 20
	}
	if o.HistoryTurns <= 0 {
		o.HistoryTurns = 10
	}
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// KB is a loaded knowledge base with its index, swapped as a whole on reload.
type KB struct {
	Base     *knowledge.Base
	Searcher Searcher
	Composer *Composer

	cacheOnce sync.Once
	answers   *answerCache // built on first use; see answercache.go
}

func (kb *KB) cache() *answerCache {
	kb.cacheOnce.Do(func() { kb.answers = newAnswerCache() })
	return kb.answers
}

// Bot answers followers. It is safe for concurrent use.
type Bot struct {
	store    store.Store
	under    Understander
	uc       *understandCache
	lastC    *lastCache
	gd       *groupDo // shares round trips to the store between messages
	kb       atomic.Pointer[KB]
	bookings *Bookings
	pusher   Pusher // nil: no customer-service push
	obs      Observer
	log      *slog.Logger
	opt      Options

	// ctx is the parent of background work; cancel stops it after Close's drain.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup // background answer workers

	mu   sync.Mutex      // mu protects jobs.
	jobs map[string]*job // work in progress in this process, by dedupe key
}

// Deps are the bot's collaborators. Store, Understander and KB are required.
type Deps struct {
	Store        store.Store
	Understander Understander
	KB           *KB
	Bookings     *Bookings // nil: a bookings service over Store with no notifier
	Pusher       Pusher    // nil: late answers wait for the follower's next message
	Observer     Observer  // nil: no metrics
	Logger       *slog.Logger
}

// New returns a Bot. Call Close to finish background work.
func New(d Deps, opt Options) (*Bot, error) {
	if d.Store == nil || d.Understander == nil || d.KB == nil || d.KB.Searcher == nil || d.KB.Composer == nil {
		return nil, errors.New("bot.New: Store, Understander and KB (with Searcher and Composer) are required")
	}
	opt.setDefaults()
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Observer == nil {
		d.Observer = nopObserver{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &Bot{
		store: d.Store, under: d.Understander, bookings: d.Bookings, pusher: d.Pusher,
		obs: d.Observer, log: d.Logger, opt: opt, ctx: ctx, cancel: cancel,
		jobs: make(map[string]*job), uc: newUnderstandCache(), lastC: newLastCache(),
	}
	if b.bookings == nil {
		b.bookings = NewBookings(BookingDeps{Store: d.Store, Events: d.KB.Base.Events, Logger: d.Logger, Now: opt.Now})
	}
	b.gd = newGroupDo(ctx, d.Store, opt.StoreTimeout)
	b.kb.Store(d.KB)
	return b, nil
}

// SetKB swaps in a new knowledge base; messages in flight keep the old one.
func (b *Bot) SetKB(kb *KB) {
	b.kb.Store(kb)
	b.bookings.SetEvents(kb.Base.Events)
}

// CurrentKB returns the knowledge base in use.
func (b *Bot) CurrentKB() *KB { return b.kb.Load() }

// Close waits for background answers to finish, up to ctx's deadline, then
// cancels what is left.
func (b *Bot) Close(ctx context.Context) error {
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	b.gd.close()
	b.cancel()
	b.bookings.Close(ctx)
	return err
}

// SetPusher switches on customer-service push for late answers. Call it
// before the bot takes traffic.
func (b *Bot) SetPusher(p Pusher) { b.pusher = p }
