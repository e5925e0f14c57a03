package wechat

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/sirupsen/logrus"

	"github.com/zhijian/advisor/bot"
)

// Test account. The AES key and AppID are the ones of WeChat's published
// samples; the token is ours.
const (
	testToken  = "zhijiantoken"
	testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	testAppID  = "wxb11529c136998cb6"
	testOpenID = "oUser-test-0001"
)

// fakeBot is a function-field bot.Handler that records what it was given.
type fakeBot struct {
	handle func(ctx context.Context, m bot.Message) (bot.Reply, error)

	mu  sync.Mutex // protects got
	got []bot.Message
}

func (f *fakeBot) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	f.mu.Lock()
	f.got = append(f.got, m)
	f.mu.Unlock()
	if f.handle == nil {
		return bot.Reply{}, nil
	}
	return f.handle(ctx, m)
}

// calls returns the messages received so far.
func (f *fakeBot) calls() []bot.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bot.Message(nil), f.got...)
}

// echoBot replies "echo: " + the message's content.
func echoBot() *fakeBot {
	return &fakeBot{handle: func(_ context.Context, m bot.Message) (bot.Reply, error) {
		return bot.Reply{Text: "echo: " + m.Content}, nil
	}}
}

// replyBot replies with the message's content unchanged.
func replyBot() *fakeBot {
	return &fakeBot{handle: func(_ context.Context, m bot.Message) (bot.Reply, error) {
		return bot.Reply{Text: m.Content}, nil
	}}
}

// safeBuffer is a bytes.Buffer safe for concurrent writers (log handlers).
type safeBuffer struct {
	mu  sync.Mutex // protects buf
	buf bytes.Buffer
}

func (b *safeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *safeBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testConfig returns a config in safe mode (aes) or plaintext mode.
func testConfig(aes bool) Config {
	cfg := Config{Token: testToken, AppID: testAppID}
	if aes {
		cfg.EncodingAESKey = testAESKey
	}
	return cfg
}

// mustHandler builds the real webhook handler, logging into logs when it is
// not nil.
func mustHandler(tb testing.TB, cfg Config, h Handler, logs *safeBuffer) http.Handler {
	tb.Helper()
	var logger *slog.Logger
	if logs != nil {
		logger = mustLogger(logs)
	}
	wh, err := NewHandler(cfg, h, nil, logger)
	if err != nil {
		tb.Fatalf("NewHandler: %v", err)
	}
	return wh
}

// mustServer serves the webhook on a loopback httptest server and returns
// a Client for it configured in the same mode.
func mustServer(tb testing.TB, cfg Config, h Handler, logs *safeBuffer) *Client {
	tb.Helper()
	srv := httptest.NewServer(mustHandler(tb, cfg, h, logs))
	tb.Cleanup(srv.Close)
	return &Client{
		URL: srv.URL + "/wechat", Token: cfg.Token, AESKey: cfg.EncodingAESKey, AppID: cfg.AppID,
		AccountID: "gh_zhijian0001", HTTP: srv.Client(),
	}
}

// modes names the two transport modes tests run in.
var modes = []struct {
	name string
	aes  bool
}{{"plaintext", false}, {"safe", true}}

// mustLogger returns a debug-level text logger writing into logs.
func mustLogger(logs *safeBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// captureSDKLog turns the SDK's logrus logger up to debug and captures its
// output for the rest of the test, restoring it afterwards.
func captureSDKLog(tb testing.TB) *safeBuffer {
	tb.Helper()
	buf := &safeBuffer{}
	std := logrus.StandardLogger()
	level, out := std.GetLevel(), std.Out
	std.SetLevel(logrus.DebugLevel)
	std.SetOutput(buf)
	tb.Cleanup(func() {
		std.SetLevel(level)
		std.SetOutput(out)
	})
	return buf
}
