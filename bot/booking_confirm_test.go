package bot_test

import (
	"testing"

	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/knowledge"
)

// TestBookingConfirmBeforeComplete checks that 确认 and other command words
// sent before the form is complete are never stored as answers, and that
// the reply names what is still missing.
func TestBookingConfirmBeforeComplete(t *testing.T) {
	const zhao = "预约：我叫赵六，广州番禺，中专，美容店员工，想考美容师四级，周末，微信 zhaoliu_88"
	const zhaoNoWork = "预约，我叫赵六，广州番禺，中专，想考美容师四级，周末，微信 zhaoliu_88"
	tests := []struct {
		name   string
		events []knowledge.Event
		steps  []dialogStep
	}{
		{"qa message parses the work", nil, []dialogStep{
			{text: zhao, want: []string{"请核对", "工作：美容店员工", "城市：广州市番禺区", "微信号：zhaoliu_88"}, not: []string{"目前做什么工作"}},
			{text: "确认", want: []string{"预约成功"}},
		}},
		{"confirm while work is missing", nil, []dialogStep{
			{text: zhaoNoWork, want: []string{"目前做什么工作"}},
			{text: "确认", want: []string{"还差：目前的工作。", "目前做什么工作"}, not: []string{"请核对"}},
			{text: "没问题", want: []string{"还差：目前的工作。"}, not: []string{"请核对"}},
			{text: "做保洁的", want: []string{"请核对", "工作：保洁"}, not: []string{"工作：确认", "工作：没问题"}},
		}},
		{"confirm early lists every missing field", nil, []dialogStep{
			{text: "预约", want: []string{"称呼"}},
			{text: "王芳，金华", want: []string{"最高学历"}},
			{text: "确认", want: []string{"还差：学历、目前的工作、想咨询的问题、方便的时间、联系方式。", "最高学历"}},
			{text: "好的", want: []string{"还差：学历"}},
			{text: "大专，确认", want: []string{"目前做什么工作"}, not: []string{"还差"}},
			{text: "在工厂上班", want: []string{"想请老师解答"}},
			{text: "是的", want: []string{"还差：想咨询的问题、方便的时间、联系方式。", "想请老师解答"}},
			{text: "电工证怎么考", want: []string{"咨询时间"}},
			{text: "对", want: []string{"还差：方便的时间、联系方式。"}},
			{text: "周六下午，" + bkPhone, want: []string{"请核对", "学历：大专", "工作：在工厂上班", "想咨询：电工证怎么考"},
				not: []string{"确认，", "：确认", "：好的", "：是的", "：对\n"}},
		}},
		{"confirm after a bad contact", nil, []dialogStep{
			{text: "预约，我叫赵六，广州番禺，中专，宝妈，想考美容师四级，周末，手机1381234567", want: []string{"联系方式好像不对"}},
			{text: "确认", want: []string{"还差：联系方式。", "手机号或微信号"}},
			{text: bkPhone, want: []string{"请核对", "工作：宝妈", "手机：" + bkPhone}},
		}},
		{"confirm instead of a changed value shows the summary", nil, []dialogStep{
			{text: zhao, want: []string{"请核对"}},
			{text: "修改工作", want: []string{"目前做什么工作"}},
			{text: "确认", want: []string{"请核对", "工作：美容店员工"}, not: []string{"还差", "预约成功"}},
			{text: "确认", want: []string{"预约成功"}},
		}},
		{"event sign-up confirmed too early", testEvents, []dialogStep{
			{text: "报名 1", want: []string{"称呼", "联系方式"}},
			{text: "确认", want: []string{"还差：称呼、联系方式。"}, not: []string{"报名成功"}},
			{text: "王芳 " + bkPhone, want: []string{"请核对报名信息"}},
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
