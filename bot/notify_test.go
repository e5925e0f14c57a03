package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/store"
)

// robot is a test webhook: it fails the first failures calls, then
// answers like a WeCom group robot.
type robot struct {
	srv      *httptest.Server
	mu       sync.Mutex // protects the fields below
	failures int
	calls    int
	bodies   [][]byte
	reply    string // the success reply; default {"errcode":0,"errmsg":"ok"}
}

func newRobot(tb testing.TB, failures int) *robot {
	tb.Helper()
	r := &robot{failures: failures, reply: `{"errcode":0,"errmsg":"ok"}`}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.calls++
		if r.calls <= r.failures {
			http.Error(w, "busy", http.StatusInternalServerError)
			return
		}
		r.bodies = append(r.bodies, body)
		_, _ = io.WriteString(w, r.reply)
	}))
	tb.Cleanup(r.srv.Close)
	return r
}

func (r *robot) received() (calls int, bodies [][]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls, append([][]byte(nil), r.bodies...)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var notifyBooking = store.Booking{
	ID: "ZJ20261120-0001", Kind: store.KindConsultation, OpenID: "o1", Name: "王芳", City: "金华市",
	Background: "大专，幼师", Questions: "保育师怎么考", PreferredTime: "周六下午", Phone: "13812345678",
	Status: store.StatusNew,
}

func TestNotifierRetriesThenDelivers(t *testing.T) {
	r := newRobot(t, 2)
	var logs bytes.Buffer
	n := bot.NewNotifier(r.srv.URL+"/cgi-bin/webhook/send?key=SECRET-KEY", nil,
		slog.New(slog.NewTextHandler(&lockedWriter{w: &logs}, nil)), bot.WithNotifyBackoff(time.Millisecond))
	defer n.Close(context.Background())

	start := time.Now()
	n.Notify(notifyBooking)
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("Notify blocked for %v", d)
	}
	waitFor(t, "the third call", func() bool { _, b := r.received(); return len(b) == 1 })
	calls, bodies := r.received()
	if calls != 3 {
		t.Errorf("%d calls, want 3 (two failures, then success)", calls)
	}
	var msg struct {
		MsgType string `json:"msgtype"`
		Text    struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	if err := json.Unmarshal(bodies[0], &msg); err != nil {
		t.Fatalf("payload %s: %v", bodies[0], err)
	}
	if msg.MsgType != "text" {
		t.Errorf("msgtype %q, want text", msg.MsgType)
	}
	for _, want := range []string{"新预约 ZJ20261120-0001", "王芳", "金华市", "大专，幼师", "保育师怎么考", "周六下午", "13812345678"} {
		if !strings.Contains(msg.Text.Content, want) {
			t.Errorf("notification lacks %q:\n%s", want, msg.Text.Content)
		}
	}
	n.Close(context.Background())
	for _, secret := range []string{"13812345678", "王芳", "SECRET-KEY"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs.String())
		}
	}
}

func TestNotifierErrcodeIsRetried(t *testing.T) {
	r := newRobot(t, 0)
	r.reply = `{"errcode":45009,"errmsg":"api freq out of limit"}`
	n := bot.NewNotifier(r.srv.URL, nil, nil, bot.WithNotifyBackoff(time.Millisecond), bot.WithNotifyAttempts(3))
	n.Notify(notifyBooking)
	n.Close(context.Background())
	if calls, _ := r.received(); calls != 3 {
		t.Errorf("%d calls for a non-zero errcode, want 3 attempts", calls)
	}
}

func TestNotifierCloseDrains(t *testing.T) {
	r := newRobot(t, 1)
	n := bot.NewNotifier(r.srv.URL, nil, nil, bot.WithNotifyBackoff(time.Millisecond))
	for i := range 5 {
		b := notifyBooking
		b.ID = "ZJ20261120-000" + string(rune('1'+i))
		n.Notify(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n.Close(ctx)
	if _, bodies := r.received(); len(bodies) != 5 {
		t.Errorf("Close returned with %d of 5 notifications delivered", len(bodies))
	}
	n.Notify(notifyBooking) // after Close: dropped, no panic
	n.Close(ctx)            // twice: fine
}

func TestNotifierCloseGivesUpAtDeadline(t *testing.T) {
	r := newRobot(t, 1000)
	n := bot.NewNotifier(r.srv.URL, nil, nil, bot.WithNotifyBackoff(time.Hour))
	n.Notify(notifyBooking)
	n.Notify(notifyBooking)
	waitFor(t, "the first attempt", func() bool { c, _ := r.received(); return c >= 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	n.Close(ctx)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v past its deadline", d)
	}
}

func TestNotifierFeishuPayload(t *testing.T) {
	// Feishu robots take another JSON shape; the URL's host decides.
	var got []byte
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		got, _ = io.ReadAll(req.Body)
		_, _ = io.WriteString(w, `{"code":0,"msg":"success"}`)
		close(done)
	}))
	defer srv.Close()
	client := &http.Client{Transport: rewriteHost{to: srv.Listener.Addr().String()}}
	n := bot.NewNotifier("http://open.feishu.cn/open-apis/bot/v2/hook/x", client, nil)
	b := notifyBooking
	b.Kind, b.EventID = store.KindEvent, "ev-1"
	n.Notify(b)
	n.Close(context.Background())
	<-done
	var msg struct {
		MsgType string `json:"msg_type"`
		Content struct {
			Text string `json:"text"`
		} `json:"content"`
	}
	if err := json.Unmarshal(got, &msg); err != nil || msg.MsgType != "text" || !strings.Contains(msg.Content.Text, "新活动报名 ZJ20261120-0001") {
		t.Errorf("feishu payload %s (%v)", got, err)
	}
}

// rewriteHost sends every request to a test server.
type rewriteHost struct{ to string }

func (rh rewriteHost) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Host = rh.to
	return http.DefaultTransport.RoundTrip(req)
}

func TestBookingNotifiesConsultant(t *testing.T) {
	r := newRobot(t, 0)
	var obs countingObserver
	h := mustBookings(t, store.NewMemory(), func(d *bot.BookingDeps) {
		d.Notifier = bot.NewNotifier(r.srv.URL, nil, nil, bot.WithNotifyBackoff(time.Millisecond))
		d.Observer = &obs
	})
	b := h.mustBook()
	waitFor(t, "the notification", func() bool { _, bs := r.received(); return len(bs) == 1 })
	_, bodies := r.received()
	if !bytes.Contains(bodies[0], []byte(b.ID)) || !bytes.Contains(bodies[0], []byte(bkPhone)) {
		t.Errorf("notification %s lacks the booking ID or the phone", bodies[0])
	}
	if got := obs.count(store.KindConsultation); got != 1 {
		t.Errorf("BookingCreated(consultation) called %d times, want 1", got)
	}
}

// countingObserver counts BookingCreated calls by kind.
type countingObserver struct {
	mu    sync.Mutex // protects kinds
	kinds map[string]int
}

func (o *countingObserver) Delivery(string, string, time.Duration)   {}
func (o *countingObserver) Answer(string, []bot.Rule, time.Duration) {}
func (o *countingObserver) ModelFallback(string)                     {}
func (o *countingObserver) LateAnswer(string)                        {}
func (o *countingObserver) BookingCreated(kind string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.kinds == nil {
		o.kinds = map[string]int{}
	}
	o.kinds[kind]++
}

func (o *countingObserver) count(kind string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.kinds[kind]
}
