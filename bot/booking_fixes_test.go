package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/knowledge"
)

// dialogStep is one message of a scripted dialog and what its reply must
// and must not contain.
type dialogStep struct {
	text string
	want []string
	not  []string
}

// run plays the steps as the harness's follower.
func (h *bookingHarness) run(steps []dialogStep) {
	h.tb.Helper()
	for _, s := range steps {
		reply := h.expect(s.text, s.want...)
		for _, n := range s.not {
			if strings.Contains(reply, n) {
				h.tb.Fatalf("%q: reply contains %q:\n%s", s.text, n, reply)
			}
		}
	}
}

// placeEvents are an online event without a place and one whose place
// repeats its city.
var placeEvents = []knowledge.Event{
	{ID: "ev-online", Title: "线上考证答疑直播", Date: time.Date(2026, 12, 3, 19, 0, 0, 0, cst), Topic: "答疑"},
	{ID: "ev-suzhou", Title: "苏州考证见面会", Date: time.Date(2026, 12, 5, 14, 0, 0, 0, cst),
		City: "苏州市", Place: "苏州市测试路8号"},
}

func TestBookingScripts(t *testing.T) {
	const allButTime = "预约，我叫王芳，在金华，大专，做幼师，想问保育师怎么考，"
	tests := []struct {
		name   string
		events []knowledge.Event
		steps  []dialogStep
	}{
		{"booking intro names every field", nil, []dialogStep{
			{text: "我想预约", want: []string{"称呼", "城市", "学历", "工作", "问题", "时间", "联系方式"}},
		}},
		{"unknown city asked once more, then taken", nil, []dialogStep{
			{text: "预约", want: []string{"称呼"}},
			{text: "王芳，火星", want: []string{"没找到“火星”", "金华义乌"}, not: []string{"学历"}},
			{text: "火星", want: []string{"学历"}},
			{text: "大专，幼师", want: []string{"问题"}},
			{text: "保育师怎么考", want: []string{"时间"}},
			{text: "周六", want: []string{"联系方式"}},
			{text: bkPhone, want: []string{"请核对", "城市：火星"}},
		}},
		{"unknown city, then a known one", nil, []dialogStep{
			{text: "预约", want: []string{"称呼"}},
			{text: "王芳，火星", want: []string{"没找到"}},
			{text: "苏州", want: []string{"学历"}},
		}},
		{"online is a city answer", nil, []dialogStep{
			{text: "预约", want: []string{"称呼"}},
			{text: "王芳，线上", want: []string{"学历"}},
		}},
		{"digits are not a time", nil, []dialogStep{
			{text: allButTime, want: []string{"咨询时间"}},
			{text: "12345", want: []string{"没看懂这个时间", "随时"}},
			{text: "12345", want: []string{"没看懂这个时间"}},
			{text: "晚上7点后", want: []string{"联系方式"}},
		}},
		{"time changed to digits is asked again", nil, []dialogStep{
			{text: allButTime + "周六下午，" + bkPhone, want: []string{"请核对"}},
			{text: "时间改成12345", want: []string{"没看懂这个时间"}},
			{text: "周日上午", want: []string{"请核对", "方便时间：周日上午"}},
		}},
		{"wxid is a WeChat ID", nil, []dialogStep{
			{text: allButTime + "周六下午，微信 wxid_k2j3h4g5f6", want: []string{"请核对", "微信号：wxid_k2j3h4g5f6"}},
			{text: "修改联系方式", want: []string{"手机号或微信号"}},
			{text: "wxid_abc", want: []string{"请核对", "微信号：wxid_abc"}, not: []string{"不对"}},
		}},
		{"occupation is the work", nil, []dialogStep{
			{text: "预约，我叫王芳，在金华，高中，电工，想问电工证怎么升级，周六下午，" + bkPhone,
				want: []string{"请核对", "工作：电工", "想咨询：电工证怎么升级"}},
		}},
		{"cancel with nothing in progress", nil, []dialogStep{
			{text: "取消", want: []string{"现在没有进行中的预约", "我的预约"}},
			{text: "退出", want: []string{"现在没有进行中的预约"}},
		}},
		{"event form offers only its own fields", testEvents, []dialogStep{
			{text: "报名 1", want: []string{"称呼", "联系方式"}},
			{text: "王芳 " + bkPhone, want: []string{"请核对报名信息", "修改称呼"}, not: []string{"修改时间"}},
			{text: "修改时间", want: []string{"称呼", "联系方式"}, not: []string{"咨询时间", "城市"}},
			{text: "修改", want: []string{"报名只需要称呼和联系方式"}},
			{text: "电话改成13912345678", want: []string{"请核对报名信息", "13912345678"}},
		}},
		{"online event has no empty place", placeEvents, []dialogStep{
			{text: "活动", want: []string{"线上考证答疑直播", "地点：苏州市测试路8号"}, not: []string{"地点：\n", "苏州市 苏州市", "苏州市苏州市"}},
			{text: "报名 1", want: []string{"称呼"}},
			{text: "王芳 " + bkPhone, want: []string{"请核对"}},
			{text: "确认", want: []string{"报名成功"}, not: []string{"地点"}},
			{text: "报名 2", want: []string{"称呼"}},
			{text: "王芳 " + bkPhone, want: []string{"请核对"}},
			{text: "确认", want: []string{"报名成功", "地点：苏州市测试路8号"}, not: []string{"苏州市 苏州市"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := mustBookings(t, store.NewMemory(), withEvents(tt.events))
			h.run(tt.steps)
			h.checkNoPersonalDataLogged()
		})
	}
}
