package bot_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/bot/store/storetest"
	"github.com/zhijian/advisor/retrieval"
)

const (
	bkPhone  = "13812345678"
	bkMasked = "138****5678"
	bkName   = "王芳"
)

// bookingClock is a settable clock for the dialogs.
type bookingClock struct {
	mu sync.Mutex // protects t
	t  time.Time
}

func (c *bookingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *bookingClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// bookingStores are the store backends the dialog tests run against: the
// memory store, and a private redis-server when one can be started.
var bookingStores = []struct {
	name string
	open func(tb testing.TB) store.Store
}{
	{"memory", func(testing.TB) store.Store { return store.NewMemory() }},
	{"redis", mustRedisStore},
}

func mustRedisStore(tb testing.TB) store.Store {
	tb.Helper()
	url := storetest.StartRedis(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := store.OpenRedis(ctx, url, "bktest:")
	if err != nil {
		tb.Fatalf("open redis: %v", err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	return st
}

// bookingHarness drives the dialogs for one follower.
type bookingHarness struct {
	tb     testing.TB
	bk     *bot.Bookings
	st     store.Store
	clock  *bookingClock
	logs   *bytes.Buffer
	openID string
}

type bookingOption func(*bot.BookingDeps)

func mustBookings(tb testing.TB, st store.Store, opts ...bookingOption) *bookingHarness {
	tb.Helper()
	h := &bookingHarness{
		tb: tb, st: st, openID: "o-follower-1",
		clock: &bookingClock{t: time.Date(2026, 11, 20, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))},
		logs:  &bytes.Buffer{},
	}
	d := bot.BookingDeps{
		Store:  st,
		Logger: slog.New(slog.NewTextHandler(&lockedWriter{w: h.logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:    h.clock.Now,
	}
	for _, o := range opts {
		o(&d)
	}
	h.bk = bot.NewBookings(d)
	tb.Cleanup(func() { h.bk.Close(context.Background()) })
	return h
}

// lockedWriter serialises writes from several goroutines.
type lockedWriter struct {
	mu sync.Mutex // protects w
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// say sends text as the follower, understood with intent "other".
func (h *bookingHarness) say(text string) bot.Outcome {
	h.tb.Helper()
	return h.sayIntent(text, retrieval.IntentOther)
}

func (h *bookingHarness) sayIntent(text string, intent retrieval.Intent) bot.Outcome {
	h.tb.Helper()
	out, err := h.bk.Handle(context.Background(), h.openID, text, intent)
	if err != nil {
		h.tb.Fatalf("Handle(%q): %v", text, err)
	}
	return out
}

// expect sends text and checks the dialog handled it with a reply
// containing every one of want.
func (h *bookingHarness) expect(text string, want ...string) string {
	h.tb.Helper()
	out := h.say(text)
	if !out.Handled {
		h.tb.Fatalf("%q: not handled (suffix %q)", text, out.Suffix)
	}
	for _, w := range want {
		if !strings.Contains(out.Reply, w) {
			h.tb.Fatalf("%q: reply lacks %q:\n%s", text, w, out.Reply)
		}
	}
	return out.Reply
}

func (h *bookingHarness) openBooking() (store.Booking, error) {
	return h.st.OpenBooking(context.Background(), h.openID)
}

func (h *bookingHarness) checkNoPersonalDataLogged() {
	h.tb.Helper()
	for _, s := range []string{bkPhone, bkName, "13912345678"} {
		if strings.Contains(h.logs.String(), s) {
			h.tb.Errorf("logs contain personal data %q:\n%s", s, h.logs.String())
		}
	}
}

func TestBookingDialog(t *testing.T) {
	for _, sb := range bookingStores {
		t.Run(sb.name, func(t *testing.T) {
			h := mustBookings(t, sb.open(t))
			h.expect("预约", "怎么称呼", "城市")
			h.expect("王芳，金华", "学历", "工作")

			// A question in the middle is answered normally, with a reminder.
			out := h.sayIntent("金华哪里能考育婴员？", retrieval.IntentListBodies)
			if out.Handled || !strings.Contains(out.Suffix, "学历") || !strings.Contains(out.Suffix, "取消") {
				t.Fatalf("question in the middle: %+v", out)
			}

			h.expect("大专，做幼师", "问题")
			h.expect("想问保育师怎么考，能不能拿补贴", "时间")
			h.expect("周六下午", "联系方式")
			h.expect("1381234567", "不对") // one digit short: asked again
			h.expect(bkPhone, "请核对", bkName, "金华市", "大专", "幼师", "保育师怎么考", "周六下午", bkPhone)

			// Corrections: by name, then inline.
			h.expect("修改时间", "咨询时间")
			h.expect("周日上午", "请核对", "周日上午")
			h.expect("电话改成13912345678", "请核对", "13912345678")
			h.expect("修改", "哪一项")
			h.expect("城市", "哪个城市")
			h.expect("义乌", "请核对", "金华市义乌市")

			reply := h.expect("确认", "预约成功", "ZJ")
			b, err := h.openBooking()
			if err != nil {
				t.Fatalf("open booking after confirming: %v", err)
			}
			if !strings.Contains(reply, b.ID) {
				t.Errorf("reply %q lacks the booking ID %s", reply, b.ID)
			}
			want := store.Booking{
				ID: b.ID, Kind: store.KindConsultation, OpenID: h.openID, Name: bkName, City: "金华市义乌市",
				Background: "大专，幼师", Questions: "保育师怎么考，能不能拿补贴", PreferredTime: "周日上午",
				Phone: "13912345678", Status: store.StatusNew, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt,
			}
			if b != want {
				t.Errorf("stored booking\n got %+v\nwant %+v", b, want)
			}
			// The dialog is over: ordinary text is not handled.
			if out := h.say("周六下午"); out.Handled || out.Suffix != "" {
				t.Errorf("after the booking: %+v", out)
			}
			h.checkNoPersonalDataLogged()
		})
	}
}

func TestBookingAllInOneMessage(t *testing.T) {
	h := mustBookings(t, store.NewMemory())
	h.expect("预约，我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，13812345678",
		"请核对", bkName, "金华市", "大专", "幼师", "保育师怎么考", "周六下午", bkPhone)
	h.expect("对", "预约成功")
	if _, err := h.openBooking(); err != nil {
		t.Fatal(err)
	}

	// The same message after the trigger, and a WeChat ID instead of a phone.
	h2 := mustBookings(t, store.NewMemory())
	h2.expect("一对一", "称呼")
	h2.expect("我叫李明，杭州萧山，本科，做会计，想问会计证和技能等级证的区别，工作日晚上，微信号 liming_2024",
		"请核对", "李明", "杭州市萧山区", "本科", "会计", "工作日晚上", "liming_2024")
}

func TestBookingCancel(t *testing.T) {
	h := mustBookings(t, store.NewMemory())
	h.expect("转人工", "称呼")
	h.expect("王芳，金华", "学历")
	h.expect("取消", "已取消", "没有保存")
	if _, err := h.openBooking(); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after 取消: open booking err = %v, want not found", err)
	}
	bs, err := h.st.ListBookings(context.Background(), "")
	if err != nil || len(bs) != 0 {
		t.Errorf("after 取消: bookings %v, %v", bs, err)
	}
	if _, err := h.st.Get(context.Background(), "dlg:"+h.openID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("dialog state kept after 取消: %v", err)
	}
	if out := h.say("大专"); out.Handled {
		t.Errorf("after 取消, a plain answer is still handled: %q", out.Reply)
	}
}

// mustBook runs a whole booking for the harness's follower.
func (h *bookingHarness) mustBook() store.Booking {
	h.tb.Helper()
	h.expect("预约，我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，"+bkPhone, "请核对")
	h.expect("确认", "预约成功")
	b, err := h.openBooking()
	if err != nil {
		h.tb.Fatalf("open booking: %v", err)
	}
	return b
}

func TestBookingMineAndCancelMine(t *testing.T) {
	h := mustBookings(t, store.NewMemory())
	h.expect("我的预约", "没有进行中的预约")
	b := h.mustBook()

	reply := h.expect("我的预约", b.ID, "待老师联系", bkMasked, "取消预约")
	if strings.Contains(reply, bkPhone) {
		t.Errorf("我的预约 shows the full phone:\n%s", reply)
	}
	// One open booking per follower.
	reply = h.expect("预约", "已经有一个预约", b.ID, bkMasked)
	if strings.Contains(reply, bkPhone) {
		t.Errorf("the existing booking shows the full phone:\n%s", reply)
	}

	h.expect("取消预约", "已取消预约", b.ID)
	got, err := h.st.GetBooking(context.Background(), b.ID)
	if err != nil || got.Status != store.StatusCancelled {
		t.Fatalf("after 取消预约: %+v, %v", got, err)
	}
	h.expect("我的预约", "没有进行中的预约")
	h.expect("预约", "称呼") // free to book again
	h.checkNoPersonalDataLogged()
}

func TestBookingOpenBookingRace(t *testing.T) {
	// A booking is stored for the follower (by another replica) while the
	// dialog waits for 确认: 确认 then shows it instead of storing a second.
	st := store.NewMemory()
	h := mustBookings(t, st)
	h.expect("预约，我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，"+bkPhone, "请核对")
	b := store.Booking{Kind: store.KindConsultation, OpenID: h.openID, Name: "王", Phone: bkPhone}
	if err := st.CreateBooking(context.Background(), &b, 0); err != nil {
		t.Fatal(err)
	}
	h.expect("确认", "已经有一个预约", b.ID)
	bs, _ := st.ListBookings(context.Background(), "")
	if len(bs) != 1 {
		t.Errorf("%d bookings stored, want 1", len(bs))
	}
}

func TestBookingExpiry(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		intent  retrieval.Intent
		handled bool
	}{
		{"an answer is told the booking timed out", "周六下午", retrieval.IntentOther, true},
		{"a phone is told the booking timed out", bkPhone, retrieval.IntentOther, true},
		{"a question is answered normally", "义乌哪里能考电工证？", retrieval.IntentListBodies, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := mustBookings(t, store.NewMemory())
			h.expect("预约", "称呼")
			h.expect("王芳，金华", "学历")
			h.expect("大专，幼师", "问题")
			h.expect("保育师怎么考", "时间")
			h.clock.Advance(29 * time.Minute)
			h.expect("周六下午", "联系方式") // still alive: idle time restarts
			h.clock.Advance(31 * time.Minute)
			out := h.sayIntent(tt.text, tt.intent)
			if out.Handled != tt.handled {
				t.Fatalf("after expiry %q: handled = %v (%+v)", tt.text, out.Handled, out)
			}
			if tt.handled && !strings.Contains(out.Reply, "超过30分钟") {
				t.Errorf("expired reply: %q", out.Reply)
			}
			if !tt.handled && !strings.Contains(out.Suffix, "超时") {
				t.Errorf("expired suffix: %q", out.Suffix)
			}
			// The dialog is gone for good.
			if out := h.say(bkPhone); out.Handled || out.Suffix != "" {
				t.Errorf("second message after expiry: %+v", out)
			}
			if _, err := h.openBooking(); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("a booking was stored after expiry: %v", err)
			}
		})
	}
}

func TestBookingExpiredThenRestart(t *testing.T) {
	h := mustBookings(t, store.NewMemory())
	h.expect("预约", "称呼")
	h.clock.Advance(time.Hour)
	h.expect("预约", "称呼") // a trigger simply starts again
	h.expect("王芳，金华", "学历")
}

func TestBookingNotHandled(t *testing.T) {
	h := mustBookings(t, store.NewMemory())
	for _, text := range []string{"义乌哪里能考电工证", "你好", "确认", "算了", "不用了", "13812345678", "修改"} {
		if out := h.say(text); out.Handled || out.Suffix != "" {
			t.Errorf("%q without a dialog: %+v", text, out)
		}
	}
	// The understanding's booking intent starts the dialog too.
	if out := h.sayIntent("能帮我约个老师聊聊吗", retrieval.IntentBooking); !out.Handled || !strings.Contains(out.Reply, "称呼") {
		t.Errorf("booking intent: %+v", out)
	}
}

func TestBookingQuestionAtConfirmation(t *testing.T) {
	h := mustBookings(t, store.NewMemory())
	h.expect("预约，我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，"+bkPhone, "请核对")
	out := h.sayIntent("考育婴员有补贴吗？", retrieval.IntentSubsidy)
	if out.Handled || !strings.Contains(out.Suffix, "确认") {
		t.Fatalf("question at confirmation: %+v", out)
	}
	h.expect("没问题", "预约成功")
}

// failingStore is a store whose backend is down.
type failingStore struct{ store.Store }

func (failingStore) Get(context.Context, string) (string, error) { return "", store.ErrUnavailable }
func (failingStore) Set(context.Context, string, string, time.Duration) error {
	return store.ErrUnavailable
}
func (failingStore) OpenBooking(context.Context, string) (store.Booking, error) {
	return store.Booking{}, store.ErrUnavailable
}

func TestBookingStoreUnavailable(t *testing.T) {
	bk := bot.NewBookings(bot.BookingDeps{Store: failingStore{store.NewMemory()}})
	ctx := context.Background()
	out, err := bk.Handle(ctx, "o1", "金华哪里能考育婴员", retrieval.IntentListBodies)
	if err != nil || out.Handled {
		t.Errorf("ordinary question with the store down: %+v, %v", out, err)
	}
	for _, text := range []string{"预约", "我的预约", "确认"} {
		if _, err := bk.Handle(ctx, "o1", text, retrieval.IntentOther); !errors.Is(err, store.ErrUnavailable) {
			t.Errorf("%q with the store down: err = %v, want ErrUnavailable", text, err)
		}
	}
}

func TestBookingConcurrentFollowers(t *testing.T) {
	st := store.NewMemory()
	h := mustBookings(t, st)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			openID := "o-concurrent-" + string(rune('a'+i))
			for _, text := range []string{"预约，我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，" + bkPhone, "确认"} {
				if _, err := h.bk.Handle(context.Background(), openID, text, retrieval.IntentOther); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	bs, err := st.ListBookings(context.Background(), store.StatusNew)
	if err != nil || len(bs) != 20 {
		t.Errorf("%d bookings (%v), want 20", len(bs), err)
	}
}

func TestBookingExpiredAtConfirmation(t *testing.T) {
	h := mustBookings(t, store.NewMemory())
	h.expect("预约，我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，"+bkPhone, "请核对")
	h.clock.Advance(45 * time.Minute)
	h.expect("确认", "超过30分钟", "重新开始")
	if _, err := h.openBooking(); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an expired dialog was confirmed: %v", err)
	}
}

// BenchmarkBookingDialog measures one whole booking (trigger, all fields
// in one message, confirmation) against the memory store.
func BenchmarkBookingDialog(b *testing.B) {
	st := store.NewMemory()
	h := mustBookings(b, st)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		openID := "o-bench-" + strconv.Itoa(i)
		for _, text := range []string{"预约", "我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，" + bkPhone, "确认"} {
			if _, err := h.bk.Handle(ctx, openID, text, retrieval.IntentOther); err != nil {
				b.Fatal(err)
			}
		}
	}
}
