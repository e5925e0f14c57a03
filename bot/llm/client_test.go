package llm_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/llm/llmtest"
)

const testKey = "sk-test"

var question = []llm.Message{
	{Role: llm.RoleSystem, Content: "你是职业技能等级认定咨询助手。"},
	{Role: llm.RoleUser, Content: "保育员证金华去哪里考"},
	{Role: llm.RoleAssistant, Content: "请问您要考几级？"},
	{Role: llm.RoleUser, Content: "四级"},
}

// mustClient builds a client for srv with a fast retry backoff; edit
// adjusts the config first.
func mustClient(tb testing.TB, srv *llmtest.Server, edit func(*llm.Config)) *llm.Client {
	tb.Helper()
	cfg := llm.Config{BaseURL: srv.URL(), APIKey: testKey, Model: llmtest.DefaultModel, RetryBackoff: time.Millisecond}
	if edit != nil {
		edit(&cfg)
	}
	c, err := llm.New(cfg)
	if err != nil {
		tb.Fatalf("llm.New: %v", err)
	}
	return c
}

// timeout returns a ctx that ends after d or with the test.
func timeout(tb testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}

// waitFor polls cond until it holds or 5 s pass.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestCompleteAnswers(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.APIKey(testKey), llmtest.Reply("  金华市有3家机构可以认定保育师四级。\n"))
	var observed atomic.Int64
	c := mustClient(t, srv, func(cfg *llm.Config) {
		cfg.OnCall = func(time.Duration, error) { observed.Add(1) }
	})

	got, err := c.Complete(timeout(t, 5*time.Second), question)
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if want := "金华市有3家机构可以认定保育师四级。"; got != want {
		t.Errorf("answer = %q, want %q (trimmed)", got, want)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("server got %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Path != "/v1/chat/completions" || r.Model != llmtest.DefaultModel {
		t.Errorf("path %q model %q", r.Path, r.Model)
	}
	if len(r.Messages) != len(question) {
		t.Fatalf("server got %d messages, want %d", len(r.Messages), len(question))
	}
	for i := range question {
		if r.Messages[i] != question[i] {
			t.Errorf("message %d = %+v, want %+v", i, r.Messages[i], question[i])
		}
	}
	if want := (llm.Stats{Calls: 1}); c.Stats() != want {
		t.Errorf("Stats = %+v, want %+v", c.Stats(), want)
	}
	if observed.Load() != 1 {
		t.Errorf("OnCall ran %d times, want 1", observed.Load())
	}
}

func TestCompleteRequestShape(t *testing.T) {
	ptr := func(f float32) *float32 { return &f }
	tests := []struct {
		name            string
		model           string
		key             string
		temperature     float32
		maxTokens       int
		wantMax         int
		wantMaxCompl    int
		wantTemperature *float32
	}{
		{name: "defaults", model: "deepseek-chat", key: testKey, wantMax: llm.DefaultMaxTokens},
		{name: "temperature sent", model: "qwen-plus", key: testKey, temperature: 0.3, maxTokens: 300, wantMax: 300, wantTemperature: ptr(0.3)},
		{name: "no key for ollama", model: "qwen2.5:7b", temperature: 0.01, wantMax: llm.DefaultMaxTokens, wantTemperature: ptr(0.01)},
		{name: "o3 reasoning model", model: "o3-mini", key: testKey, temperature: 0.5, wantMaxCompl: llm.DefaultMaxTokens},
		{name: "gpt-5 reasoning model", model: "gpt-5-mini", key: testKey, temperature: 0.7, wantMaxCompl: llm.DefaultMaxTokens},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// APIKey("") makes the server reject any Authorization header.
			srv := llmtest.NewServer(t, llmtest.Model(tt.model), llmtest.APIKey(tt.key))
			c := mustClient(t, srv, func(cfg *llm.Config) {
				cfg.Model, cfg.APIKey, cfg.Temperature, cfg.MaxTokens = tt.model, tt.key, tt.temperature, tt.maxTokens
			})
			if _, err := c.Complete(timeout(t, 5*time.Second), question); err != nil {
				t.Fatalf("Complete: %v", err)
			}
			r := srv.Requests()[0]
			if r.MaxTokens != tt.wantMax || r.MaxCompletionTokens != tt.wantMaxCompl {
				t.Errorf("max_tokens %d max_completion_tokens %d, want %d and %d",
					r.MaxTokens, r.MaxCompletionTokens, tt.wantMax, tt.wantMaxCompl)
			}
			switch {
			case (r.Temperature == nil) != (tt.wantTemperature == nil):
				t.Errorf("temperature sent = %v, want %v", r.Temperature != nil, tt.wantTemperature != nil)
			case r.Temperature != nil && *r.Temperature != *tt.wantTemperature:
				t.Errorf("temperature = %v, want %v", *r.Temperature, *tt.wantTemperature)
			}
		})
	}
}

func TestCompleteBaseURLWithoutVersion(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.APIKey(testKey))
	c := mustClient(t, srv, func(cfg *llm.Config) {
		cfg.BaseURL = strings.TrimSuffix(srv.URL(), "/v1") + "/"
	})
	if _, err := c.Complete(timeout(t, 5*time.Second), question); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if p := srv.Requests()[0].Path; p != "/chat/completions" {
		t.Errorf("path = %q, want /chat/completions", p)
	}
}

func TestCompleteDeadline(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.APIKey(testKey), llmtest.Delay(2*time.Second))
	c := mustClient(t, srv, nil)

	start := time.Now()
	_, err := c.Complete(timeout(t, 200*time.Millisecond), question)
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if elapsed > time.Second {
		t.Errorf("returned after %v, want about 200ms", elapsed)
	}
	if srv.Calls() != 1 || c.Stats().Retries != 0 {
		t.Errorf("server calls %d, retries %d; want 1 and 0", srv.Calls(), c.Stats().Retries)
	}
}

func TestCompleteCanceledBeforeStart(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.APIKey(testKey))
	c := mustClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Complete(ctx, question); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if srv.Calls() != 0 {
		t.Errorf("server calls = %d, want 0", srv.Calls())
	}
}

func TestCompleteRetry(t *testing.T) {
	tests := []struct {
		name       string
		script     []llmtest.Option
		wantErr    bool
		wantStatus int // of the *StatusError when wantErr
		wantCalls  int
	}{
		{"500 then answer", []llmtest.Option{llmtest.Status(500, ""), llmtest.Reply("好")}, false, 0, 2},
		{"429 then answer", []llmtest.Option{llmtest.Status(429, ""), llmtest.Reply("好")}, false, 0, 2},
		{"502 html then answer", []llmtest.Option{llmtest.Status(502, "<html>bad gateway</html>"), llmtest.Reply("好")}, false, 0, 2},
		{"hangup then answer", []llmtest.Option{llmtest.Hangup(), llmtest.Reply("好")}, false, 0, 2},
		{"503 twice", []llmtest.Option{llmtest.Status(503, "")}, true, 503, 2},
		{"504 twice", []llmtest.Option{llmtest.Status(504, "")}, true, 504, 2},
		{"400 not retried", []llmtest.Option{llmtest.Status(400, ""), llmtest.Reply("好")}, true, 400, 1},
		{"401 not retried", []llmtest.Option{llmtest.Status(401, `{"error":{"message":"bad key","type":"invalid_request_error","code":"invalid_api_key"}}`), llmtest.Reply("好")}, true, 401, 1},
		{"403 not retried", []llmtest.Option{llmtest.Status(403, ""), llmtest.Reply("好")}, true, 403, 1},
		{"404 not retried", []llmtest.Option{llmtest.Status(404, ""), llmtest.Reply("好")}, true, 404, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, append([]llmtest.Option{llmtest.APIKey(testKey)}, tt.script...)...)
			c := mustClient(t, srv, nil)

			got, err := c.Complete(timeout(t, 5*time.Second), question)
			if calls := srv.Calls(); calls != tt.wantCalls {
				t.Errorf("server calls = %d, want %d", calls, tt.wantCalls)
			}
			if wantRetries := int64(tt.wantCalls - 1); c.Stats().Retries != wantRetries {
				t.Errorf("Retries = %d, want %d", c.Stats().Retries, wantRetries)
			}
			if !tt.wantErr {
				if err != nil || got != "好" {
					t.Fatalf("Complete = %q, %v; want 好", got, err)
				}
				return
			}
			se, ok := errors.AsType[*llm.StatusError](err)
			if !ok || se.Code != tt.wantStatus {
				t.Fatalf("err = %v, want a StatusError %d", err, tt.wantStatus)
			}
			if c.Stats().Errors != 1 {
				t.Errorf("Errors = %d, want 1", c.Stats().Errors)
			}
		})
	}
}

func TestCompleteNoRetryNearDeadline(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.APIKey(testKey), llmtest.Status(503, ""), llmtest.Reply("好"))
	c := mustClient(t, srv, nil)
	// 700 ms is less than the backoff plus the one second a retry needs.
	_, err := c.Complete(timeout(t, 700*time.Millisecond), question)
	if se, ok := errors.AsType[*llm.StatusError](err); !ok || se.Code != 503 {
		t.Errorf("err = %v, want StatusError 503", err)
	}
	if srv.Calls() != 1 {
		t.Errorf("server calls = %d, want 1", srv.Calls())
	}
}

func TestCompleteConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, err := llm.New(llm.Config{BaseURL: "http://" + addr + "/v1", Model: "m", RetryBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Complete(timeout(t, 5*time.Second), question)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err = %v, want ECONNREFUSED", err)
	}
	if c.Stats().Retries != 1 {
		t.Errorf("Retries = %d, want 1", c.Stats().Retries)
	}
}

func TestCompleteEmpty(t *testing.T) {
	tests := []struct {
		name string
		step llmtest.Option
	}{
		{"empty content", llmtest.Reply("")},
		{"white space", llmtest.Reply(" \n\t ")},
		{"no choices", llmtest.Status(200, `{"id":"x","object":"chat.completion","choices":[]}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, llmtest.APIKey(testKey), tt.step)
			c := mustClient(t, srv, nil)
			if _, err := c.Complete(timeout(t, 5*time.Second), question); !errors.Is(err, llm.ErrEmpty) {
				t.Errorf("err = %v, want ErrEmpty", err)
			}
			if srv.Calls() != 1 {
				t.Errorf("server calls = %d, want 1 (no retry)", srv.Calls())
			}
		})
	}
}

func TestCompleteInvalidMessages(t *testing.T) {
	tests := []struct {
		name string
		msgs []llm.Message
	}{
		{"none", nil},
		{"unknown role", []llm.Message{{Role: "tool", Content: "x"}}},
		{"empty content", []llm.Message{{Role: llm.RoleSystem, Content: "提示"}, {Role: llm.RoleUser, Content: "  "}}},
	}
	srv := llmtest.NewServer(t, llmtest.APIKey(testKey))
	c := mustClient(t, srv, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := c.Complete(timeout(t, 5*time.Second), tt.msgs); !errors.Is(err, llm.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
	if srv.Calls() != 0 {
		t.Errorf("server calls = %d, want 0", srv.Calls())
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  llm.Config
		want string
	}{
		{"no model", llm.Config{BaseURL: "http://localhost:11434/v1"}, "OPENAI_MODEL"},
		{"no base URL", llm.Config{Model: "qwen-plus"}, "OPENAI_BASE_URL"},
		{"base URL without scheme", llm.Config{BaseURL: "api.deepseek.com/v1", Model: "deepseek-chat"}, "OPENAI_BASE_URL"},
		{"negative MaxConcurrent", llm.Config{BaseURL: "http://x/v1", Model: "m", MaxConcurrent: -1}, "MaxConcurrent"},
		{"temperature too high", llm.Config{BaseURL: "http://x/v1", Model: "m", Temperature: 2.5}, "temperature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := llm.New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, %v; want an error naming %s", c, err, tt.want)
			}
		})
	}
}
