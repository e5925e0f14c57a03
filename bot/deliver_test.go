package bot_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/llm/llmtest"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/bot/store/storetest"
	"github.com/zhijian/advisor/bot/wechat"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// A question the model answers (not deterministic): a policy question.
const policyQuestion = "职称和职业技能等级有什么区别"

const modelAnswer = "职称评的是专业技术人员，职业技能等级评的是技能人员，两条线。"

var (
	kbOnce sync.Once
	kbBase *knowledge.Base
	kbIdx  *retrieval.Index
	kbErr  error
)

// mustKB returns the built-in KB and its index, built once per test binary.
func mustKB(tb testing.TB) (*knowledge.Base, *retrieval.Index) {
	tb.Helper()
	kbOnce.Do(func() {
		kbBase, kbErr = knowledge.Load(knowledge.Builtin(), "built-in")
		if kbErr == nil {
			kbIdx, kbErr = retrieval.Build(context.Background(), kbBase, retrieval.BuildOptions{})
		}
	})
	if kbErr != nil {
		tb.Fatalf("built-in KB: %v", kbErr)
	}
	return kbBase, kbIdx
}

// testBot is a Bot with short time limits: Budget 300 ms stands for WeChat's
// 4.5 s, so a model delay of 500 ms is "8 s" and 1.5 s is "20 s".
type testBot struct {
	*bot.Bot
	model *llmtest.Server
	store store.Store
}

func newTestBot(t *testing.T, st store.Store, modelDelay time.Duration, opts ...func(*bot.Options)) *testBot {
	t.Helper()
	base, idx := mustKB(t)
	srv := llmtest.NewServer(t, llmtest.Reply(modelAnswer))
	if modelDelay > 0 {
		srv = llmtest.NewServer(t, llmtest.Func(func(llmtest.Request) llmtest.Response {
			return llmtest.Response{Content: modelAnswer, Delay: modelDelay}
		}))
	}
	client, err := llm.New(llm.Config{BaseURL: srv.URL(), Model: llmtest.DefaultModel})
	if err != nil {
		t.Fatal(err)
	}
	o := bot.Options{Budget: 300 * time.Millisecond, AnswerTimeout: 5 * time.Second, PollInterval: 5 * time.Millisecond}
	for _, f := range opts {
		f(&o)
	}
	b, err := bot.New(bot.Deps{
		Store:        st,
		Understander: retrieval.NewUnderstander(nil, nil),
		KB:           &bot.KB{Base: base, Searcher: idx, Composer: bot.NewComposer(base, client, nil)},
	}, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = b.Close(ctx)
	})
	return &testBot{Bot: b, model: srv, store: st}
}

func text(from, msgID, content string) bot.Message {
	return bot.Message{MsgID: msgID, From: from, To: "gh_test", CreateTime: time.Now().Unix(), Type: "text", Content: content}
}

// deliver sends m like WeChat: each delivery gets the webhook's deadline.
func deliver(t *testing.T, b *bot.Bot, m bot.Message) bot.Reply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r, err := b.Handle(ctx, m)
	if err != nil {
		t.Fatalf("Handle: %v", err)
	}
	return r
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestHandleFastAnswerAndRetriesShareIt(t *testing.T) {
	tb := newTestBot(t, store.NewMemory(), 0)
	m := text("oUser1", "1001", policyQuestion)
	first := deliver(t, tb.Bot, m)
	if first.Hold || !strings.Contains(first.Text, "职称") {
		t.Fatalf("first delivery = %+v, want the model's answer", first)
	}
	for i := 0; i < 2; i++ {
		if again := deliver(t, tb.Bot, m); again.Text != first.Text {
			t.Errorf("retry %d = %q, want the same reply %q", i+1, again.Text, first.Text)
		}
	}
	if n := tb.model.Calls(); n != 1 {
		t.Errorf("model calls = %d, want 1", n)
	}
}

func TestHandleSlowModelReachesTheRetry(t *testing.T) {
	tb := newTestBot(t, store.NewMemory(), 500*time.Millisecond)
	m := text("oUser2", "1002", policyQuestion)
	if r := deliver(t, tb.Bot, m); !r.Hold {
		t.Fatalf("first delivery = %+v, want Hold (so WeChat retries)", r)
	}
	r := deliver(t, tb.Bot, m)
	if r.Hold || !strings.Contains(r.Text, "职称") {
		t.Fatalf("second delivery = %+v, want the model's answer", r)
	}
	if n := tb.model.Calls(); n != 1 {
		t.Errorf("model calls = %d, want 1", n)
	}
}

func TestHandleVerySlowModelAnswerComesWithNextMessage(t *testing.T) {
	tb := newTestBot(t, store.NewMemory(), 1500*time.Millisecond)
	m := text("oUser3", "1003", policyQuestion)
	for i := 1; i <= 2; i++ {
		if r := deliver(t, tb.Bot, m); !r.Hold {
			t.Fatalf("delivery %d = %+v, want Hold", i, r)
		}
	}
	last := deliver(t, tb.Bot, m)
	if last.Hold || last.Text == "" || strings.Contains(last.Text, modelAnswer) {
		t.Fatalf("last delivery = %+v, want a short notice", last)
	}
	// The answer lands after the last delivery; it is kept for the follower.
	eventually(t, 5*time.Second, "the late answer to be kept", func() bool {
		_, err := tb.store.Get(context.Background(), "pend:oUser3")
		return err == nil
	})
	next := deliver(t, tb.Bot, text("oUser3", "1004", "你好"))
	if !strings.Contains(next.Text, modelAnswer) {
		t.Errorf("next reply %q lacks the kept answer", next.Text)
	}
	if !strings.Contains(next.Text, "预约") {
		t.Errorf("next reply %q does not answer the new message (a greeting) too", next.Text)
	}
	if n := tb.model.Calls(); n != 1 {
		t.Errorf("model calls = %d, want 1", n)
	}
}

func TestHandleDeterministicAnswerNeverWaitsForModel(t *testing.T) {
	tb := newTestBot(t, store.NewMemory(), 2*time.Second)
	r := deliver(t, tb.Bot, text("oUser4", "1005", "金华哪里可以考育婴员"))
	if r.Hold || !strings.Contains(r.Text, "育婴员") {
		t.Fatalf("reply = %+v, want the list at once", r)
	}
	if n := tb.model.Calls(); n != 0 {
		t.Errorf("model calls = %d, want 0 for a list of bodies", n)
	}
}

func TestHandleRateLimit(t *testing.T) {
	tb := newTestBot(t, store.NewMemory(), 0, func(o *bot.Options) { o.RatePerMinute = 2 })
	for i, id := range []string{"2001", "2002"} {
		if r := deliver(t, tb.Bot, text("oRate", id, "你好")); strings.Contains(r.Text, "稍等一分钟") {
			t.Fatalf("message %d was limited: %q", i+1, r.Text)
		}
	}
	if r := deliver(t, tb.Bot, text("oRate", "2003", "你好")); !strings.Contains(r.Text, "稍等一分钟") {
		t.Errorf("third message = %q, want the slow-down reply", r.Text)
	}
}

// TestHandleReplicasShareWork: a message delivered to one replica and
// retried on another costs one model call, and both get the answer.
func TestHandleReplicasShareWork(t *testing.T) {
	url := storetest.StartRedis(t)
	open := func() store.Store {
		st, err := store.OpenRedis(context.Background(), url, "zj:")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	a := newTestBot(t, open(), 500*time.Millisecond)
	b := newTestBot(t, open(), 500*time.Millisecond)
	m := text("oRepl", "3001", policyQuestion)
	if r := deliver(t, a.Bot, m); !r.Hold {
		t.Fatalf("delivery to replica A = %+v, want Hold", r)
	}
	r := deliver(t, b.Bot, m)
	if !strings.Contains(r.Text, "职称") {
		t.Fatalf("retry on replica B = %+v, want the answer computed on A", r)
	}
	if calls := a.model.Calls() + b.model.Calls(); calls != 1 {
		t.Errorf("model calls across replicas = %d, want 1", calls)
	}
}

// TestHandleStoreDown: with Redis unreachable the bot still answers within
// the budget, without memory.
func TestHandleStoreDown(t *testing.T) {
	store.SetRedisLogger(slog.New(slog.DiscardHandler)) // the reconnect attempts are expected here
	srv := storetest.NewRedisServer(t)
	st, err := store.OpenRedis(context.Background(), srv.URL(), "zj:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tb := newTestBot(t, st, 0)
	srv.Stop()
	start := time.Now()
	r := deliver(t, tb.Bot, text("oDown", "4001", "金华哪里可以考育婴员"))
	if r.Text == "" || r.Hold {
		t.Fatalf("reply with Redis down = %+v, want an answer", r)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("answer with Redis down took %v", d)
	}
	srv.Start()
	eventually(t, 10*time.Second, "Redis to be usable again", func() bool {
		return st.Ping(context.Background()) == nil
	})
	m := text("oDown", "4002", policyQuestion)
	first := deliver(t, tb.Bot, m)
	if again := deliver(t, tb.Bot, m); again.Text != first.Text || tb.model.Calls() != 1 {
		t.Errorf("after Redis returned, retries are not de-duplicated: %q vs %q, %d model calls", first.Text, again.Text, tb.model.Calls())
	}
}

// fakePusher records pushes and fails with err when set.
type fakePusher struct {
	mu     sync.Mutex // mu protects pushed.
	pushed []string
	err    error
}

func (p *fakePusher) PushText(_ context.Context, openID, text string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	p.pushed = append(p.pushed, openID+": "+text)
	return nil
}

func (p *fakePusher) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pushed)
}

func TestHandleCustomerServicePush(t *testing.T) {
	tests := []struct {
		name     string
		pushErr  error
		wantPush bool
	}{
		{"pushed", nil, true},
		{"out of the 48 h window (45015): kept", wechat.ErrOutOfWindow, false},
		{"unauthorized (48001): kept", wechat.ErrUnauthorized, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBot(t, store.NewMemory(), 600*time.Millisecond)
			p := &fakePusher{err: tt.pushErr}
			tb.SetPusher(p)
			openID := "oPush" + string(rune('A'+i))
			r := deliver(t, tb.Bot, text(openID, "600"+string(rune('0'+i)), policyQuestion))
			if r.Hold || r.Text == "" || strings.Contains(r.Text, modelAnswer) {
				t.Fatalf("first delivery = %+v, want a notice at once (push mode never holds)", r)
			}
			if tt.wantPush {
				eventually(t, 5*time.Second, "the answer to be pushed", func() bool { return p.count() == 1 })
				return
			}
			eventually(t, 5*time.Second, "the answer to be kept", func() bool {
				_, err := tb.store.Get(context.Background(), "pend:"+openID)
				return err == nil
			})
			next := deliver(t, tb.Bot, text(openID, "610"+string(rune('0'+i)), "你好"))
			if !strings.Contains(next.Text, modelAnswer) {
				t.Errorf("next reply %q lacks the kept answer", next.Text)
			}
		})
	}
}

// TestHandleFetchKeptAnswer: replying "1" (as the late notice suggests)
// gets the kept answer alone, with no new work.
func TestHandleFetchKeptAnswer(t *testing.T) {
	tb := newTestBot(t, store.NewMemory(), 0)
	if err := tb.store.Set(context.Background(), "pend:oFetch", `["`+modelAnswer+`"]`, time.Hour); err != nil {
		t.Fatal(err)
	}
	r := deliver(t, tb.Bot, text("oFetch", "8001", "1"))
	if !strings.Contains(r.Text, modelAnswer) || strings.Contains(r.Text, "新问题还在整理中") {
		t.Errorf("reply to \"1\" = %q, want the kept answer alone", r.Text)
	}
	if n := tb.model.Calls(); n != 0 {
		t.Errorf("model calls = %d, want 0", n)
	}
	if _, err := tb.store.Get(context.Background(), "pend:oFetch"); err == nil {
		t.Error("the kept answer is still kept after delivery")
	}
}
