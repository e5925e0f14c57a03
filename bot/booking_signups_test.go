package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/zhijian/advisor/bot/store"
)

// signUpIDs returns the IDs of the follower's sign-ups by event, and their
// statuses.
func (h *bookingHarness) signUpIDs() map[string]store.Booking {
	h.tb.Helper()
	bs, err := h.st.ListBookings(context.Background(), "")
	if err != nil {
		h.tb.Fatalf("list bookings: %v", err)
	}
	out := map[string]store.Booking{}
	for _, b := range bs {
		if b.OpenID == h.openID && b.Kind == store.KindEvent {
			out[b.EventID] = b
		}
	}
	return out
}

// mustSignUp signs the follower up for event n of the list.
func (h *bookingHarness) mustSignUp(n string) {
	h.tb.Helper()
	h.expect("报名 "+n, "称呼")
	h.expect("王芳 "+bkPhone, "请核对报名信息")
	h.expect("确认", "报名成功", "我的报名")
}

func TestEventMySignUps(t *testing.T) {
	for _, sb := range bookingStores {
		t.Run(sb.name, func(t *testing.T) {
			h := mustBookings(t, sb.open(t), withEvents(testEvents))
			h.run([]dialogStep{
				{text: "我的报名", want: []string{"没有报名活动"}},
				{text: "取消报名", want: []string{"没有报名活动"}},
				{text: "我的预约", want: []string{"没有进行中的预约", "也没有报名活动"}},
			})

			h.mustSignUp("1") // 金华保育师见面会
			small := h.signUpIDs()["ev-small"]
			h.run([]dialogStep{
				{text: "我的预约", want: []string{"没有进行中的一对一预约", "金华保育师见面会", small.ID}},
				{text: "我的报名", want: []string{"金华保育师见面会", "12月6日", "婺城区", small.ID, "取消报名"}, not: []string{bkPhone}},
				{text: "报名 1", want: []string{"你已经报名了这个活动"}, not: []string{"称呼"}},
				{text: "取消预约", want: []string{"没有进行中的一对一预约", "金华保育师见面会"}},
			})

			h.mustSignUp("2") // 杭州育婴员考证分享会
			big := h.signUpIDs()["ev-unlimited"]
			h.run([]dialogStep{
				{text: "我的报名", want: []string{"1. ", "2. ", "杭州育婴员考证分享会", "取消报名 1"}},
				{text: "取消报名", want: []string{"要取消哪一个", "杭州育婴员考证分享会", "金华保育师见面会"}},
				{text: "取消报名 9", want: []string{"没找到这个报名"}},
				{text: "取消报名 " + big.ID, want: []string{"已取消", "杭州育婴员考证分享会", big.ID}},
				{text: "取消报名", want: []string{"已取消", "金华保育师见面会", small.ID}},
				{text: "我的报名", want: []string{"没有报名活动"}},
			})
			for ev, b := range h.signUpIDs() {
				if b.Status != store.StatusCancelled {
					t.Errorf("sign-up for %s is %s after 取消报名", ev, b.Status)
				}
			}
			// The place is free again, and the follower may sign up anew.
			h.mustSignUp("1")
			h.checkNoPersonalDataLogged()
		})
	}
}

func TestEventMineWithConsultation(t *testing.T) {
	h := mustBookings(t, store.NewMemory(), withEvents(testEvents))
	b := h.mustBook()
	h.mustSignUp("2")
	reply := h.expect("我的预约", b.ID, "待老师联系", "杭州育婴员考证分享会", "你报名的活动")
	if strings.Contains(reply, "没有进行中") {
		t.Errorf("我的预约 says nothing is open:\n%s", reply)
	}
	// 取消报名 leaves the consultation alone.
	h.expect("取消报名", "已取消", "杭州育婴员考证分享会")
	if _, err := h.openBooking(); err != nil {
		t.Errorf("consultation after 取消报名: %v", err)
	}
}

func TestEventCancelSignUpWords(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"in a sign-up dialog", "取消报名", "已取消报名"},
		{"by its number", "取消报名 1", "已取消报名"},
		{"plain cancel", "不报名了", "已取消报名"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := mustBookings(t, store.NewMemory(), withEvents(testEvents))
			h.expect("报名 1", "称呼")
			h.expect(tt.text, tt.want, "没有保存")
			if ups := h.signUpIDs(); len(ups) != 0 {
				t.Errorf("sign-ups after leaving the dialog: %v", ups)
			}
			h.expect("我的报名", "没有报名活动")
		})
	}
}

func TestEventSignUpRaceAtConfirm(t *testing.T) {
	// The follower signs up for the event elsewhere (another replica) while
	// the form waits for 确认: 确认 then says so instead of storing twice.
	st := store.NewMemory()
	h := mustBookings(t, st, withEvents(testEvents))
	h.expect("报名 2", "称呼")
	h.expect("王芳 "+bkPhone, "请核对")
	b := store.Booking{Kind: store.KindEvent, EventID: "ev-unlimited", OpenID: h.openID, Name: "王", Phone: bkPhone}
	if err := st.CreateBooking(context.Background(), &b, 0); err != nil {
		t.Fatal(err)
	}
	h.expect("确认", "你已经报名了这个活动")
	if n := len(h.signUpIDs()); n != 1 {
		t.Errorf("%d sign-ups stored, want 1", n)
	}
}
