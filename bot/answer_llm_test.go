package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/llm/llmtest"
	"github.com/zhijian/advisor/retrieval"
)

// These tests go through the real llm.Client against llmtest's strict
// OpenAI-compatible server.

func TestComposeThroughLLMClient(t *testing.T) {
	f := newFx()
	q := retrieval.Query{Text: "人社局能报名考电工吗", Intent: retrieval.IntentOther, Region: jinhua, Government: []string{"人社局"}}
	r := rCoveredNoHit(f, t)
	tests := []struct {
		name    string
		opts    []llmtest.Option
		timeout time.Duration
		source  string
	}{
		{"normal", []llmtest.Option{llmtest.Reply("人社局只负责发布认定计划，不受理报名。请到金华市人社局官网找最新的认定计划名单，再联系名单上的机构。")}, 5 * time.Second, bot.SourceLLM},
		{"hostile_mostly_good", []llmtest.Option{llmtest.Func(func(req llmtest.Request) llmtest.Response {
			return llmtest.Response{Content: replyGovernment + "\n" + replyInvented + "\n" + replyLongMarkdown()}
		})}, 5 * time.Second, bot.SourceLLM},
		{"hostile", []llmtest.Option{llmtest.Func(func(req llmtest.Request) llmtest.Response {
			return llmtest.Response{Content: replyGovernment + "\n" + replyInvented + "\n" + replyInjected}
		})}, 5 * time.Second, bot.SourceOffline},
		{"slow", []llmtest.Option{llmtest.Delay(8 * time.Second)}, 300 * time.Millisecond, bot.SourceOffline},
		{"errors", []llmtest.Option{llmtest.Status(500, "")}, 5 * time.Second, bot.SourceOffline},
		{"empty", []llmtest.Option{llmtest.Reply("")}, 5 * time.Second, bot.SourceOffline},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, tt.opts...)
			client, err := llm.New(llm.Config{BaseURL: srv.URL(), Model: llmtest.DefaultModel, RetryBackoff: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			c := bot.NewComposer(f.base, client, nil)
			ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
			defer cancel()
			start := time.Now()
			a := c.Compose(ctx, q, r, history())
			if d := time.Since(start); d > tt.timeout+time.Second {
				t.Errorf("Compose took %v with a %v deadline", d, tt.timeout)
			}
			if a.Source != tt.source {
				t.Errorf("Source %q (LLMError %v), want %q", a.Source, a.LLMError, tt.source)
			}
			checkFollowerSees(t, a, composeCase{
				want:         []string{"提醒：金华市人力资源和社会保障局", "不直接受理职业技能等级认定报名"},
				banned:       []string{"阳光", "直接去", "示例路100号", "**"},
				bannedDigits: []string{"55550199", "55550198", "88886666", "13912345678"},
				govWarning:   true,
			})
			if v := srv.Violations(); len(v) > 0 {
				t.Errorf("requests broke the API contract: %v", v)
			}
			for _, req := range srv.Requests() {
				for _, m := range req.Messages {
					if strings.Contains(digitsOf(m.Content), "13812345678") || strings.Contains(m.Content, "zhang_san88") {
						t.Errorf("personal data sent to the model in a %s message", m.Role)
					}
				}
			}
		})
	}
}

func TestComposeConcurrent(t *testing.T) {
	f := newFx()
	c := bot.NewComposer(f.base, replying(replyGovernment+"\n"+replyInvented), nil)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := c.Compose(context.Background(), qNoWelder, rCoveredNoHit(f, t), history())
			if strings.Contains(digitsOf(fullText(a)), "55550199") {
				t.Errorf("government phone shown")
			}
		}()
	}
	wg.Wait()
}

func BenchmarkOffline(b *testing.B) {
	f := newFx()
	c := bot.NewComposer(f.base, nil, nil)
	q := retrieval.Query{Text: "金华有哪些机构可以做职业技能等级认定", Intent: retrieval.IntentListBodies, Region: jinhua, Government: []string{"金华市人社局"}}
	r := retrieval.Result{Institutions: jinhuaAll(f, b)[:5], Total: 8, Covered: true, OccupationCovered: true, Government: f.govRows("金华市")}
	b.ReportAllocs()
	for b.Loop() {
		c.Offline(q, r)
	}
}

func BenchmarkGuardHostileReply(b *testing.B) {
	f := newFx()
	c := bot.NewComposer(f.base, nil, nil)
	text := replyGovernment + "\n" + replyInvented + "\n" + replyInjected + "\n" + replyLongMarkdown()
	q := retrieval.Query{Text: "人社局能报名考电工吗", Intent: retrieval.IntentOther, Region: jinhua, Government: []string{"人社局"}}
	r := retrieval.Result{Covered: true, Government: f.govRows("金华市")}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		c.Guard(text, q, r)
	}
}
