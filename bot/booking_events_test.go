package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/knowledge"
)

var cst = time.FixedZone("CST", 8*3600)

// testEvents are relative to the harness clock, 2026-11-20 10:00 CST.
var testEvents = []knowledge.Event{
	{ID: "ev-unlimited", Title: "杭州育婴员考证分享会", Date: time.Date(2026, 12, 12, 0, 0, 0, 0, cst),
		City: "杭州市", Place: "西湖区文三路（测试地址）", Topic: "育婴员报考流程"},
	{ID: "ev-past", Title: "义乌电工证交流会", Date: time.Date(2026, 11, 1, 14, 0, 0, 0, cst),
		City: "金华市", Place: "义乌市（测试地址）", Topic: "电工", Capacity: 30},
	{ID: "ev-small", Title: "金华保育师见面会", Date: time.Date(2026, 12, 6, 14, 0, 0, 0, cst),
		City: "金华市", Place: "婺城区（测试地址）", Topic: "保育师考证答疑", Capacity: 1},
}

func withEvents(evs []knowledge.Event) bookingOption {
	return func(d *bot.BookingDeps) { d.Events = evs }
}

func TestEventsList(t *testing.T) {
	h := mustBookings(t, store.NewMemory(), withEvents(testEvents))
	reply := h.expect("最近有什么活动", "1. 金华保育师见面会", "12月6日（周日）14:00", "婺城区", "剩余名额：1",
		"2. 杭州育婴员考证分享会", "12月12日（周六）", "报名 1")
	if strings.Contains(reply, "义乌电工证交流会") {
		t.Errorf("a past event is listed:\n%s", reply)
	}
	if strings.Contains(reply, "12月12日（周六）00:00") {
		t.Errorf("a date-only event shows a time:\n%s", reply)
	}

	empty := mustBookings(t, store.NewMemory())
	empty.expect("线下活动", "暂时没有")
	empty.expect("报名", "没有可以报名的活动")
}

func TestEventSignUp(t *testing.T) {
	for _, sb := range bookingStores {
		t.Run(sb.name, func(t *testing.T) {
			st := sb.open(t)
			h := mustBookings(t, st, withEvents(testEvents))
			h.expect("报名 1", "金华保育师见面会", "称呼", "联系方式")
			h.expect("王芳 13812345678", "请核对报名信息", "金华保育师见面会", bkName, bkPhone)
			reply := h.expect("确认", "报名成功", "ZJ", "婺城区")

			bs, err := st.ListBookings(context.Background(), "")
			if err != nil || len(bs) != 1 {
				t.Fatalf("bookings: %v, %v", bs, err)
			}
			b := bs[0]
			if b.Kind != store.KindEvent || b.EventID != "ev-small" || b.Name != bkName || b.Phone != bkPhone || !strings.Contains(reply, b.ID) {
				t.Errorf("stored sign-up %+v (reply %q)", b, reply)
			}
			// An event sign-up is not a consultation: the follower may still book one.
			if _, err := st.OpenBooking(context.Background(), h.openID); err == nil {
				t.Errorf("the sign-up counts as an open consultation")
			}

			// The one place is taken: the next follower is told it is full.
			other := mustBookings(t, st, withEvents(testEvents))
			other.openID = "o-follower-2"
			other.expect("最近有什么活动", "名额已满")
			other.expect("报名金华保育师见面会", "名额已满")

			// Signing up twice for the same event is refused at once.
			h.expect("报名杭州育婴员考证分享会", "称呼")
			h.expect("我叫王芳，微信 wangfang88", "请核对", "wangfang88")
			h.expect("确认", "报名成功")
			reply = h.expect("报名 2", "你已经报名了这个活动", "杭州育婴员考证分享会")
			if strings.Contains(reply, "称呼") {
				t.Errorf("a second sign-up starts a form:\n%s", reply)
			}
			h.checkNoPersonalDataLogged()
		})
	}
}

func TestEventSignUpClosed(t *testing.T) {
	soon := knowledge.Event{ID: "ev-soon", Title: "金华考证答疑会", Date: time.Date(2026, 11, 20, 10, 20, 0, 0, cst), City: "金华市"}
	h := mustBookings(t, store.NewMemory(), withEvents(append([]knowledge.Event{soon}, testEvents...)))
	h.expect("报名义乌电工证交流会", "报名已关闭")

	// The event starts while the follower is still filling in.
	h.expect("报名金华考证答疑会", "称呼")
	h.expect("王芳 13812345678", "请核对")
	h.clock.Advance(25 * time.Minute)
	h.expect("确认", "报名已关闭")
	if bs, _ := h.st.ListBookings(context.Background(), ""); len(bs) != 0 {
		t.Errorf("a sign-up was stored after the start: %v", bs)
	}
	h.expect("活动", "金华保育师见面会") // the started event is no longer listed
}

func TestEventCancelSignUp(t *testing.T) {
	h := mustBookings(t, store.NewMemory(), withEvents(testEvents))
	h.expect("报名 2", "杭州育婴员考证分享会")
	h.expect("取消", "已取消报名")
	bs, _ := h.st.ListBookings(context.Background(), "")
	if len(bs) != 0 {
		t.Errorf("bookings after cancelling: %v", bs)
	}
}

func TestEventsReload(t *testing.T) {
	h := mustBookings(t, store.NewMemory())
	h.expect("活动", "暂时没有")
	h.bk.SetEvents(testEvents)
	h.expect("活动", "金华保育师见面会")
}

func TestEventsListFitsOneReply(t *testing.T) {
	var evs []knowledge.Event
	for i := range 8 {
		evs = append(evs, knowledge.Event{
			ID: "ev-" + string(rune('a'+i)), Title: strings.Repeat("职业技能等级认定政策解读与考证经验分享会", 3),
			Date: time.Date(2026, 12, 1+i, 14, 0, 0, 0, cst), City: "金华市",
			Place: strings.Repeat("婺城区某某路某某号某某大厦", 4), Topic: strings.Repeat("保育师、育婴员、养老护理员报考答疑", 4), Capacity: 50,
		})
	}
	h := mustBookings(t, store.NewMemory(), withEvents(evs))
	reply := h.expect("最近有什么活动", "1. ", "报名 1")
	if len(reply) > bot.ReplyLimit {
		t.Errorf("event list is %d bytes, over WeChat's %d", len(reply), bot.ReplyLimit)
	}
}
