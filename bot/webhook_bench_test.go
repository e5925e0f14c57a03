package bot_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/bot/wechat"
	"github.com/zhijian/advisor/retrieval"
)

// BenchmarkWebhookSafeModeKBAnswer: one safe-mode text message through the
// real webhook and bot (verify, decrypt, claim, understand, search, compose,
// guard, encrypt) on the in-memory store, answered from the built-in KB.
// Each iteration is a new message from a new follower; the client's own
// signing and encryption are included (about 10 µs; see bot/wechat's
// BenchmarkClientSafeModeRequest).
func BenchmarkWebhookSafeModeKBAnswer(b *testing.B) {
	base, idx := mustKB(b)
	bt, err := bot.New(bot.Deps{
		Store:        store.NewMemory(),
		Understander: retrieval.NewUnderstander(nil, nil),
		KB:           &bot.KB{Base: base, Searcher: idx, Composer: bot.NewComposer(base, nil, nil)},
	}, bot.Options{RatePerMinute: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	defer bt.Close(context.Background())
	const key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	h, err := wechat.NewHandler(wechat.Config{Token: "tok123", AppID: "wx1234567890abcdef", EncodingAESKey: key}, bt, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := &wechat.Client{URL: srv.URL, Token: "tok123", AESKey: key, AppID: "wx1234567890abcdef", AccountID: "gh_bench",
		HTTP: &http.Client{Timeout: 5 * time.Second}}
	questions := []string{"义乌哪里能考电工证", "金华 育婴员", "杭州萧山 中式烹调师", "成都哪里可以考养老护理员"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := strconv.Itoa(i)
		reply, err := c.Send(context.Background(), bot.Message{MsgID: "9" + id, From: "oBench" + id, To: "gh_bench",
			CreateTime: time.Now().Unix(), Type: "text", Content: questions[i%len(questions)]})
		if err != nil || reply == "" {
			b.Fatalf("message %d: %q, %v", i, reply, err)
		}
	}
}
