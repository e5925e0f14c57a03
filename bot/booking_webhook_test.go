package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/bot/store/storetest"
	"github.com/zhijian/advisor/bot/wechat"
	"github.com/zhijian/advisor/retrieval"
)

const (
	webhookToken  = "webhook-token"
	webhookAppID  = "wx0123456789abcdef"
	webhookAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
)

// webhookService is the advisor as `advisor serve` wires it: the bot with
// its booking dialogs behind the real WeChat webhook (safe mode), the admin
// API, a notifier to a test robot, over a Redis store.
type webhookService struct {
	bot  *bot.Bot
	srv  *httptest.Server
	logs *bytes.Buffer
}

func startWebhookService(t *testing.T, st store.Store, robotURL string) *webhookService {
	t.Helper()
	logs := &bytes.Buffer{}
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	base, idx := mustKB(t)
	bk := bot.NewBookings(bot.BookingDeps{
		Store: st, Events: base.Events, Logger: logger,
		Notifier: bot.NewNotifier(robotURL, nil, logger, bot.WithNotifyBackoff(time.Millisecond)),
	})
	b, err := bot.New(bot.Deps{
		Store: st, Understander: retrieval.NewUnderstander(nil, nil), Bookings: bk, Logger: logger,
		KB: &bot.KB{Base: base, Searcher: idx, Composer: bot.NewComposer(base, nil, logger)},
	}, bot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wh, err := wechat.NewHandler(wechat.Config{Token: webhookToken, AppID: webhookAppID, EncodingAESKey: webhookAESKey}, b, nil, logger)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/wechat", wh)
	mux.Handle("/admin/", bot.NewAdminHandler(st, adminToken, logger))
	s := &webhookService{bot: b, srv: httptest.NewServer(mux), logs: logs}
	t.Cleanup(s.stop)
	return s
}

func (s *webhookService) stop() {
	s.srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.bot.Close(ctx)
}

// listBookings asks the admin API for the bookings, with token.
func (s *webhookService) listBookings(t *testing.T, token string) (int, []store.Booking) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.srv.URL+"/admin/bookings", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var bs []store.Booking
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&bs); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, bs
}

// follower talks to the webhook as WeChat would for one follower.
type follower struct {
	t      *testing.T
	client *wechat.Client
	openID string
	seq    int
}

func (f *follower) send(m bot.Message) string {
	f.t.Helper()
	f.seq++
	m.From = f.openID
	m.CreateTime = time.Now().Unix() + int64(f.seq) // events are told apart by CreateTime
	if m.Type == "text" {
		m.MsgID = "7000000000" + strconv.Itoa(f.seq)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	reply, err := f.client.Send(ctx, m)
	if err != nil {
		f.t.Fatalf("send %+v: %v", m, err)
	}
	return reply
}

// say sends text and checks the reply contains every one of want.
func (f *follower) say(text string, want ...string) string {
	f.t.Helper()
	reply := f.send(bot.Message{Type: "text", Content: text})
	for _, w := range want {
		if !strings.Contains(reply, w) {
			f.t.Fatalf("%q: reply lacks %q:\n%s", text, w, reply)
		}
	}
	return reply
}

func (f *follower) click(key string, want ...string) string {
	f.t.Helper()
	reply := f.send(bot.Message{Type: "event", Event: "CLICK", EventKey: key})
	for _, w := range want {
		if !strings.Contains(reply, w) {
			f.t.Fatalf("menu %s: reply lacks %q:\n%s", key, w, reply)
		}
	}
	return reply
}

func TestBookingThroughWebhook(t *testing.T) {
	redis := storetest.NewRedisServer(t, "--appendonly", "yes", "--appendfsync", "always")
	st := mustOpenRedis(t, redis.URL())
	robot := newRobot(t, 1) // the first notification attempt fails and is retried
	svc := startWebhookService(t, st, robot.srv.URL)
	f := &follower{t: t, openID: "oWebhookFollower01", client: &wechat.Client{
		URL: svc.srv.URL + "/wechat", Token: webhookToken, AESKey: webhookAESKey, AppID: webhookAppID,
	}}

	f.click(bot.MenuBook, "怎么称呼", "城市")
	f.say("王芳，金华", "学历")
	f.say("取消", "已取消")
	f.say("预约", "怎么称呼")
	f.say("我叫王芳，在金华，大专，做幼师", "问题")
	f.say("想问保育师怎么考", "时间")
	// A question in the middle gets the ordinary answer and a reminder.
	reply := f.say("金华哪里能考育婴员？", "你的预约还没填完", "方便的咨询时间")
	if strings.HasPrefix(reply, "（") {
		t.Errorf("the question in the middle got only the reminder:\n%s", reply)
	}
	t.Logf("question in the middle:\n%s", reply)
	f.say("周六下午", "联系方式")
	f.say("1381234567", "不对")
	f.say(bkPhone, "请核对", bkName, "金华市", "大专", "幼师", "保育师怎么考", "周六下午", bkPhone)
	f.say("修改时间", "咨询时间")
	f.say("周日上午", "请核对", "周日上午")
	reply = f.say("确认", "预约成功", "ZJ")
	mine := f.click(bot.MenuMine, bkMasked)
	if strings.Contains(mine, bkPhone) {
		t.Errorf("我的预约 shows the full phone:\n%s", mine)
	}

	b, err := st.OpenBooking(context.Background(), f.openID)
	if err != nil {
		t.Fatalf("booking not stored: %v", err)
	}
	if !strings.Contains(reply, b.ID) || b.Name != bkName || b.City != "金华市" || b.Background != "大专，幼师" ||
		b.Questions != "保育师怎么考" || b.PreferredTime != "周日上午" || b.Phone != bkPhone {
		t.Errorf("stored booking %+v (reply %q)", b, reply)
	}

	waitFor(t, "the notification", func() bool { _, bodies := robot.received(); return len(bodies) == 1 })
	_, bodies := robot.received()
	for _, want := range []string{b.ID, bkName, bkPhone, "周日上午"} {
		if !strings.Contains(string(bodies[0]), want) {
			t.Errorf("notification lacks %q: %s", want, bodies[0])
		}
	}

	if code, _ := svc.listBookings(t, ""); code != http.StatusUnauthorized {
		t.Errorf("admin list without token: %d", code)
	}
	if code, bs := svc.listBookings(t, adminToken); code != http.StatusOK || len(bs) != 1 || bs[0].ID != b.ID {
		t.Errorf("admin list: %d %+v", code, bs)
	}

	// Restart everything, Redis included: the booking is still listed.
	svc.stop()
	_ = st.Close()
	if strings.Contains(svc.logs.String(), bkPhone) || strings.Contains(svc.logs.String(), "1381234567") || strings.Contains(svc.logs.String(), bkName) {
		t.Errorf("the service log contains personal data:\n%s", svc.logs.String())
	}
	redis.Stop()
	redis.Start()
	st2 := mustOpenRedis(t, redis.URL())
	svc2 := startWebhookService(t, st2, robot.srv.URL)
	code, bs := svc2.listBookings(t, adminToken)
	if code != http.StatusOK || len(bs) != 1 {
		t.Fatalf("after a restart: %d %+v", code, bs)
	}
	got := bs[0]
	if got.ID != b.ID || got.Phone != b.Phone || got.Questions != b.Questions || !got.CreatedAt.Equal(b.CreatedAt) {
		t.Errorf("after a restart: %+v, want %+v", got, b)
	}
}

func mustOpenRedis(tb testing.TB, url string) store.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := store.OpenRedis(ctx, url, "")
	if err != nil {
		tb.Fatalf("open redis: %v", err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	return st
}
