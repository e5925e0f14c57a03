package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/config"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// app is the wired pipeline that serve, ask, eval and an in-process chat share.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	store    store.Store
	llm      *llm.Client // nil without OPENAI_MODEL
	bot      *bot.Bot
	metrics  *metrics
	kbDir    string // "" for the built-in KB
	progress io.Writer
}

// newApp loads the KB, builds the index and wires the bot. pusher may be nil.
func newApp(ctx context.Context, cfg config.Config, log *slog.Logger, dir string, progress io.Writer, pusher bot.Pusher) (_ *app, err error) {
	a := &app{cfg: cfg, log: log, kbDir: dir, progress: progress, metrics: newMetrics()}
	defer func() {
		if err != nil {
			a.Close(context.Background())
		}
	}()
	if cfg.RedisURL != "" {
		store.SetRedisLogger(log)
		rs, err := store.OpenRedis(ctx, cfg.RedisURL, "zj:")
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		a.store = rs
	} else {
		a.store = store.NewMemory()
	}
	if cfg.LLMEnabled() {
		a.llm, err = llm.New(llm.Config{BaseURL: cfg.OpenAIBaseURL, APIKey: cfg.OpenAIAPIKey, Model: cfg.OpenAIModel, MaxConcurrent: cfg.LLMMaxCalls,
			OnCall: a.metrics.modelCall, Logger: log})
		if err != nil {
			return nil, err
		}
	}
	kb, err := a.loadKB(ctx)
	if err != nil {
		return nil, err
	}
	var notifier *bot.Notifier // owned by the bookings service, closed with the bot
	if cfg.BookingWebhookURL != "" {
		notifier = bot.NewNotifier(cfg.BookingWebhookURL, &http.Client{Timeout: 10 * time.Second}, log)
	}
	bookings := bot.NewBookings(bot.BookingDeps{Store: a.store, Events: kb.Base.Events, Notifier: notifier, Logger: log, Observer: a.metrics})
	a.bot, err = bot.New(bot.Deps{
		Store:        a.store,
		Understander: retrieval.NewUnderstander(knowledge.DefaultGazetteer(), knowledge.DefaultCatalog()),
		KB:           kb,
		Bookings:     bookings,
		Pusher:       pusher,
		Observer:     a.metrics,
		Logger:       log,
	}, bot.Options{AnswerTimeout: cfg.AnswerTimeout, RatePerMinute: cfg.RatePerMinute})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// loadKB loads, validates and indexes the knowledge base.
func (a *app) loadKB(ctx context.Context) (*bot.KB, error) {
	base, err := loadBase(a.kbDir)
	if err != nil {
		return nil, err
	}
	idx, err := buildIndex(ctx, base, a.progress)
	if err != nil {
		return nil, err
	}
	var completer bot.Completer
	if a.llm != nil {
		completer = a.llm
	}
	a.metrics.setKB(base)
	return &bot.KB{Base: base, Searcher: idx, Composer: bot.NewComposer(base, completer, a.log)}, nil
}

// reload swaps in a freshly loaded KB; on any problem the running one stays.
func (a *app) reload(ctx context.Context) error {
	kb, err := a.loadKB(ctx)
	if err != nil {
		a.log.Error("knowledge base reload failed; keeping the current one", "err", err)
		return err
	}
	a.bot.SetKB(kb)
	a.log.Info("knowledge base reloaded", "source", kb.Base.Source, "institutions", len(kb.Base.Institutions), "notes", len(kb.Base.Notes))
	return nil
}

// Close finishes background work and releases the store.
func (a *app) Close(ctx context.Context) {
	if a.bot != nil {
		if err := a.bot.Close(ctx); err != nil {
			a.log.Warn("background answers cut short at shutdown", "err", err)
		}
	}
	if a.store != nil {
		_ = a.store.Close()
	}
}

// loadBase loads the KB from dir, or the built-in one when dir is "".
func loadBase(dir string) (*knowledge.Base, error) {
	if dir == "" {
		return knowledge.Load(knowledge.Builtin(), "built-in")
	}
	return knowledge.LoadDir(dir)
}

// buildIndex indexes the KB, showing progress on w for a large one.
func buildIndex(ctx context.Context, base *knowledge.Base, w io.Writer) (*retrieval.Index, error) {
	opts := retrieval.BuildOptions{}
	if w != nil {
		opts.Progress = progressPrinter(w)
	}
	idx, err := retrieval.Build(ctx, base, opts)
	if err != nil {
		return nil, fmt.Errorf("index the knowledge base: %w", err)
	}
	return idx, nil
}

// progressPrinter prints index-build progress for KBs large enough to notice.
func progressPrinter(w io.Writer) func(done, total int) {
	const minTotal = 5000
	last := -1
	return func(done, total int) {
		if total < minTotal {
			return
		}
		pct := done * 100 / total
		if pct/10 == last/10 && done != total {
			return
		}
		last = pct
		fmt.Fprintf(w, "\rindexing the knowledge base: %d/%d (%d%%)", done, total, pct)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
