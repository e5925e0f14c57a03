package llm_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/llm/llmtest"
)

// BenchmarkComplete measures one call over loopback HTTP to the strict test
// server: the client's own overhead plus go-openai's and net/http's.
func BenchmarkComplete(b *testing.B) {
	srv := llmtest.NewServer(b, llmtest.APIKey(testKey))
	c := mustClient(b, srv, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Complete(ctx, question); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompleteBusy measures the ErrBusy path: no free slot, no I/O.
func BenchmarkCompleteBusy(b *testing.B) {
	srv := llmtest.NewServer(b, llmtest.APIKey(testKey), llmtest.Delay(time.Hour))
	c := mustClient(b, srv, func(cfg *llm.Config) { cfg.MaxConcurrent = 1 })
	ctx, cancel := context.WithCancel(context.Background())
	held := make(chan struct{})
	go func() { defer close(held); c.Complete(ctx, question) }() // holds the only slot
	defer func() { cancel(); <-held }()
	waitFor(b, "the slot taken", func() bool { return srv.Calls() == 1 })

	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Complete(context.Background(), question); !errors.Is(err, llm.ErrBusy) {
			b.Fatalf("err = %v, want ErrBusy", err)
		}
	}
}
