package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/bot/wechat"
	"github.com/zhijian/advisor/config"
)

// shutdownGrace bounds a graceful stop: in-flight requests and background
// answers get this long after SIGTERM.
const shutdownGrace = 8 * time.Second

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlags("serve")
	kbFlag := fs.String("kb", "", "knowledge base directory (default: KB_DIR, else built-in)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(e.getenv)
	if err != nil {
		return err
	}
	log := newLogger(e.stderr, cfg.LogLevel, cfg.LogFormat)
	tuneGC(e.getenv)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("ADDR: listen on %s: %w", cfg.Addr, err)
	}
	return serve(ctx, cfg, log, kbDir(*kbFlag, e.getenv), ln, e)
}

// serve runs the server on ln until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, dir string, ln net.Listener, e env) error {
	wcfg := wechat.Config{Token: cfg.WeChatToken, AppID: cfg.WeChatAppID, AppSecret: cfg.WeChatAppSecret, EncodingAESKey: cfg.WeChatAESKey}
	a, err := newApp(ctx, cfg, log, dir, e.stderr, nil)
	if err != nil {
		ln.Close()
		return err
	}
	pusherCache := store.NewTokenCache(a.store)
	if cfg.CustomerService {
		a.bot.SetPusher(wechat.NewPusher(wcfg, pusherCache))
	}
	wh, err := wechat.NewHandler(wcfg, a.bot, pusherCache, log)
	if err != nil {
		ln.Close()
		a.Close(ctx)
		return err
	}
	srv := &http.Server{
		Handler:           a.routes(wh),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      20 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	mode := "plaintext"
	if cfg.WeChatAESKey != "" {
		mode = "plaintext, compatible and safe (AES)"
	}
	log.Info("advisor serving", "addr", ln.Addr().String(), "webhook", "/wechat", "mode", mode,
		"kb", a.bot.CurrentKB().Base.Source, "institutions", len(a.bot.CurrentKB().Base.Institutions),
		"store", storeKind(cfg), "llm", cfg.LLMEnabled(), "admin_api", cfg.AdminToken != "")
	if cfg.WeChatToken == config.DevToken {
		log.Warn("WECHAT_TOKEN is not set: using the development token; set your account's Token before connecting a real Official Account")
	}

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	for {
		select {
		case err := <-errc:
			a.Close(context.Background())
			return fmt.Errorf("serve: %w", err)
		case <-hup:
			_ = a.reload(ctx)
		case <-ctx.Done():
			log.Info("shutting down: finishing requests in flight")
			sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
			defer cancel()
			err := srv.Shutdown(sctx)
			a.Close(sctx)
			if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Warn("serve", "err", err)
			}
			if err != nil {
				return fmt.Errorf("shutdown: %w", err)
			}
			log.Info("stopped")
			return nil
		}
	}
}

func storeKind(cfg config.Config) string {
	if cfg.RedisURL != "" {
		return "redis"
	}
	return "memory"
}

// routes is the whole HTTP surface.
func (a *app) routes(webhook http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/wechat", a.metrics.instrument(webhook))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", a.handleReady)
	mux.Handle("GET /metrics", a.metrics.handler())
	mux.Handle("/admin/", bot.NewAdminHandler(a.store, a.cfg.AdminToken, a.log))
	if a.cfg.AdminToken != "" {
		mux.Handle("POST /admin/kb/reload", a.requireAdmin(http.HandlerFunc(a.handleReload)))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "not found", http.StatusNotFound)
	})
	return withRequestID(a.log, recoverPanics(a.log, mux))
}

// handleReady reports whether this replica can take traffic: the KB is
// loaded and Redis, when configured, answers.
func (a *app) handleReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if kb := a.bot.CurrentKB(); kb == nil || kb.Base == nil {
		http.Error(w, "knowledge base not loaded", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	if err := a.store.Ping(ctx); err != nil {
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ready")
}

func (a *app) handleReload(w http.ResponseWriter, r *http.Request) {
	if err := a.reload(r.Context()); err != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, "reload failed; the current knowledge base stays in use:\n%v\n", err)
		return
	}
	fmt.Fprintln(w, "reloaded")
}

// tuneGC trades memory for CPU: the webhook's live heap is small (the index
// and the KB), and the default GOGC=100 spends a tenth of the CPU collecting
// it under load. Unless GOGC is set, collect at 4× the live heap.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}
