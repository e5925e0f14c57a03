package bot_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/bot/wechat"
)

// Time is scaled 1:10 in these tests: WeChat waits 500 ms (for 5 s), the
// webhook's budget is 450 ms (4.5 s), a model taking 800 ms stands for 8 s
// and one taking 2 s for 20 s.
const (
	wxTimeout   = 500 * time.Millisecond
	whBudget    = 450 * time.Millisecond
	botBudget   = 400 * time.Millisecond
	wxAttempts  = 3
	holdCap     = 700 * time.Millisecond
	webhookTok  = "tok123"
	webhookAcct = "gh_test"
)

// newWebhook serves the bot through the real WeChat handler.
func newWebhook(t *testing.T, b *bot.Bot) *wechat.Client {
	t.Helper()
	h, err := wechat.NewHandler(wechat.Config{Token: webhookTok, Budget: whBudget, HoldCap: holdCap}, b, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &wechat.Client{URL: srv.URL, Token: webhookTok, AccountID: webhookAcct, HTTP: &http.Client{Timeout: wxTimeout}}
}

// attempt is one delivery as WeChat saw it.
type attempt struct {
	reply   string
	timeout bool
	took    time.Duration
}

// wechatRetry delivers m like WeChat: the same message again after each
// timeout, at most three times, stopping at the first answer.
func wechatRetry(t *testing.T, c *wechat.Client, m bot.Message) []attempt {
	t.Helper()
	var out []attempt
	for i := 0; i < wxAttempts; i++ {
		start := time.Now()
		reply, err := c.Send(context.Background(), m)
		a := attempt{reply: reply, took: time.Since(start)}
		if err != nil {
			var ne interface{ Timeout() bool }
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
			a.timeout = true
		}
		out = append(out, a)
		if !a.timeout {
			break
		}
	}
	return out
}

func slowBot(t *testing.T, delay time.Duration) *testBot {
	return newTestBot(t, store.NewMemory(), delay, func(o *bot.Options) {
		o.Budget = botBudget
		o.PollInterval = 5 * time.Millisecond
	})
}

func TestWebhookEightSecondModel(t *testing.T) {
	tb := slowBot(t, 800*time.Millisecond)
	c := newWebhook(t, tb.Bot)
	m := text("oWeb8", "5001", policyQuestion)
	tries := wechatRetry(t, c, m)
	last := tries[len(tries)-1]
	if last.timeout || !strings.Contains(last.reply, "职称") {
		t.Fatalf("the answer did not reach the follower within WeChat's retries: %+v", tries)
	}
	if len(tries) != 2 {
		t.Errorf("deliveries = %d, want 2 (the first held for WeChat to retry)", len(tries))
	}
	if n := tb.model.Calls(); n != 1 {
		t.Errorf("model calls = %d, want exactly 1", n)
	}
}

func TestWebhookTwentySecondModel(t *testing.T) {
	tb := slowBot(t, 2*time.Second)
	c := newWebhook(t, tb.Bot)
	tries := wechatRetry(t, c, text("oWeb20", "5002", policyQuestion))
	if len(tries) != wxAttempts {
		t.Fatalf("deliveries = %d, want %d: %+v", len(tries), wxAttempts, tries)
	}
	last := tries[wxAttempts-1]
	if last.timeout || last.reply == "" {
		t.Fatalf("WeChat gave up: the last delivery was not answered in time: %+v", last)
	}
	if last.took > wxTimeout {
		t.Errorf("the last delivery took %v, over WeChat's %v", last.took, wxTimeout)
	}
	eventually(t, 5*time.Second, "the late answer to be kept", func() bool {
		_, err := tb.store.Get(context.Background(), "pend:oWeb20")
		return err == nil
	})
	next := wechatRetry(t, c, text("oWeb20", "5003", "金华哪里可以考育婴员"))
	if len(next) != 1 {
		t.Fatalf("next message needed %d deliveries: %+v", len(next), next)
	}
	if got := next[0].reply; !strings.Contains(got, modelAnswer) || !strings.Contains(got, "育婴员") {
		t.Errorf("next reply should carry the kept answer and answer the new question, got:\n%s", got)
	}
	if n := tb.model.Calls(); n != 1 {
		t.Errorf("model calls = %d, want exactly 1", n)
	}
}
