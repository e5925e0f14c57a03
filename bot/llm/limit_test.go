package llm_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/llm/llmtest"
)

// gate is a server step that blocks every call until open is called, and
// counts the calls inside it.
type gate struct {
	release   chan struct{}
	once      sync.Once
	active    atomic.Int64
	maxActive atomic.Int64
}

func newGate(tb testing.TB) *gate {
	g := &gate{release: make(chan struct{})}
	tb.Cleanup(g.open) // before the server's cleanup, which waits for handlers
	return g
}

func (g *gate) open() { g.once.Do(func() { close(g.release) }) }

func (g *gate) step() llmtest.Option {
	return llmtest.Func(func(llmtest.Request) llmtest.Response {
		n := g.active.Add(1)
		for {
			m := g.maxActive.Load()
			if n <= m || g.maxActive.CompareAndSwap(m, n) {
				break
			}
		}
		<-g.release
		g.active.Add(-1)
		return llmtest.Response{Content: "好"}
	})
}

func TestCompleteBusyFailsFast(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.APIKey(testKey),
		llmtest.Delay(time.Minute), llmtest.Delay(time.Minute), llmtest.Reply("好"))
	c := mustClient(t, srv, func(cfg *llm.Config) { cfg.MaxConcurrent = 2 })

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { _, errs[i] = c.Complete(ctx, question) })
	}
	waitFor(t, "two calls at the server", func() bool { return srv.Calls() == 2 })

	start := time.Now()
	_, err := c.Complete(timeout(t, 5*time.Second), question)
	if elapsed := time.Since(start); elapsed > 100*time.Millisecond {
		t.Errorf("third call took %v, want an immediate ErrBusy", elapsed)
	}
	if !errors.Is(err, llm.ErrBusy) {
		t.Errorf("third call: err = %v, want ErrBusy", err)
	}
	if s := c.Stats(); s.InFlight != 2 || s.Busy != 1 {
		t.Errorf("Stats = %+v, want InFlight 2, Busy 1", s)
	}

	cancel()
	wg.Wait()
	for i, err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("slow call %d: err = %v, want context.Canceled", i, err)
		}
	}
	// Slots are free again.
	if got, err := c.Complete(timeout(t, 5*time.Second), question); err != nil || got != "好" {
		t.Errorf("call after release = %q, %v; want 好", got, err)
	}
	if s := c.Stats(); s.Calls != 4 || s.Errors != 2 || s.Busy != 1 || s.InFlight != 0 || srv.Calls() != 3 {
		t.Errorf("Stats = %+v, server calls %d; want 4 calls, 2 errors, 1 busy, 0 in flight, 3 at the server", s, srv.Calls())
	}
}

func TestCompleteQueueWait(t *testing.T) {
	t.Run("slot frees in time", func(t *testing.T) {
		g := newGate(t)
		srv := llmtest.NewServer(t, llmtest.APIKey(testKey), g.step())
		c := mustClient(t, srv, func(cfg *llm.Config) { cfg.MaxConcurrent, cfg.QueueWait = 1, 5*time.Second })

		var wg sync.WaitGroup
		errs := make([]error, 2)
		wg.Go(func() { _, errs[0] = c.Complete(timeout(t, 10*time.Second), question) })
		waitFor(t, "first call at the server", func() bool { return srv.Calls() == 1 })
		wg.Go(func() { _, errs[1] = c.Complete(timeout(t, 10*time.Second), question) })
		waitFor(t, "second call queued", func() bool { return c.Stats().Waiting == 1 })
		g.open()
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Errorf("errs = %v, want both calls to succeed", errs)
		}
		if srv.Calls() != 2 || g.maxActive.Load() != 1 {
			t.Errorf("server calls %d, max concurrent %d; want 2 and 1", srv.Calls(), g.maxActive.Load())
		}
	})
	t.Run("times out", func(t *testing.T) {
		g := newGate(t)
		srv := llmtest.NewServer(t, llmtest.APIKey(testKey), g.step())
		c := mustClient(t, srv, func(cfg *llm.Config) { cfg.MaxConcurrent, cfg.QueueWait = 1, 50*time.Millisecond })

		done := make(chan error, 1)
		go func() { _, err := c.Complete(timeout(t, 10*time.Second), question); done <- err }()
		waitFor(t, "first call at the server", func() bool { return srv.Calls() == 1 })

		start := time.Now()
		_, err := c.Complete(timeout(t, 10*time.Second), question)
		elapsed := time.Since(start)
		if !errors.Is(err, llm.ErrBusy) {
			t.Errorf("err = %v, want ErrBusy", err)
		}
		if elapsed < 50*time.Millisecond || elapsed > time.Second {
			t.Errorf("ErrBusy after %v, want about the 50ms QueueWait", elapsed)
		}
		g.open()
		if err := <-done; err != nil {
			t.Errorf("first call: %v", err)
		}
	})
}

// TestCompleteConcurrent runs many calls through a small limit, for -race
// and to check that the server never sees more than MaxConcurrent.
func TestCompleteConcurrent(t *testing.T) {
	const limit, workers, perWorker = 3, 12, 5
	g := newGate(t)
	srv := llmtest.NewServer(t, llmtest.APIKey(testKey), g.step())
	var observed atomic.Int64
	c := mustClient(t, srv, func(cfg *llm.Config) {
		cfg.MaxConcurrent, cfg.QueueWait = limit, 10*time.Second
		cfg.OnCall = func(time.Duration, error) { observed.Add(1) }
	})

	var wg sync.WaitGroup
	var failed atomic.Int64
	for range workers {
		wg.Go(func() {
			for range perWorker {
				if _, err := c.Complete(timeout(t, 20*time.Second), question); err != nil {
					failed.Add(1)
				}
			}
		})
	}
	waitFor(t, "the limit reached and the rest queued", func() bool {
		return g.active.Load() == limit && c.Stats().Waiting == workers-limit
	})
	if s := c.Stats(); s.InFlight != limit {
		t.Errorf("InFlight = %d while the server holds %d calls", s.InFlight, limit)
	}
	g.open()
	wg.Wait()

	const total = workers * perWorker
	if failed.Load() != 0 || srv.Calls() != total || observed.Load() != total {
		t.Errorf("failed %d, server calls %d, observed %d; want 0, %d, %d", failed.Load(), srv.Calls(), observed.Load(), total, total)
	}
	if m := g.maxActive.Load(); m != limit {
		t.Errorf("server saw up to %d concurrent calls, want %d", m, limit)
	}
	if s := c.Stats(); s.Calls != total || s.InFlight != 0 || s.Waiting != 0 {
		t.Errorf("Stats = %+v", s)
	}
}
