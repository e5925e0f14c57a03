package bot

import (
	"testing"

	"github.com/zhijian/advisor/knowledge"
)

func TestParseFields(t *testing.T) {
	consult := []formField{fieldName, fieldCity}
	tests := []struct {
		name  string
		text  string
		asked []formField
		want  bookingForm
		bad   bool // a mistyped phone
	}{
		{"all in one", "我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，13812345678", consult,
			bookingForm{Name: "王芳", City: "金华市", Education: "大专", Work: "幼师", Questions: "保育师怎么考", Time: "周六下午", Phone: "13812345678"}, false},
		{"bare name and city", "王芳，义乌", consult, bookingForm{Name: "王芳", City: "金华市义乌市"}, false},
		{"name label without comma", "我叫李明在杭州萧山", consult, bookingForm{Name: "李明", City: "杭州市萧山区"}, false},
		{"surname", "姓王，金华", consult, bookingForm{Name: "王", City: "金华市"}, false},
		{"call me", "叫我小王就行", consult, bookingForm{Name: "小王"}, false},
		{"name not a county when city not asked", "周宁", []formField{fieldName}, bookingForm{Name: "周宁"}, false},
		{"education and work", "本科毕业，现在做会计", []formField{fieldEducation, fieldWork}, bookingForm{Education: "本科", Work: "会计"}, false},
		{"bare work", "幼师", []formField{fieldEducation, fieldWork}, bookingForm{Work: "幼师"}, false},
		{"work word", "高中，宝妈", []formField{fieldEducation, fieldWork}, bookingForm{Education: "高中", Work: "宝妈"}, false},
		{"no work", "暂无", []formField{fieldWork}, bookingForm{Work: "暂无"}, false},
		{"i am a job", "我是幼师", []formField{fieldEducation, fieldWork}, bookingForm{Work: "幼师"}, false},
		{"questions bare", "保育师和育婴员哪个好考？补贴怎么领", []formField{fieldQuestions}, bookingForm{Questions: "保育师和育婴员哪个好考？补贴怎么领"}, false},
		{"questions none", "没有", []formField{fieldQuestions}, bookingForm{Questions: "暂无，见面再聊"}, false},
		{"time", "周六下午3点以后", []formField{fieldTime}, bookingForm{Time: "周六下午3点以后"}, false},
		{"time any", "都可以", []formField{fieldTime}, bookingForm{Time: "都可以"}, false},
		{"time bare", "看情况", []formField{fieldTime}, bookingForm{Time: "看情况"}, false},
		{"phone with spaces", "138 1234 5678", []formField{fieldContact}, bookingForm{Phone: "13812345678"}, false},
		{"phone with dashes and 86", "+86 138-1234-5678", []formField{fieldContact}, bookingForm{Phone: "13812345678"}, false},
		{"phone too short", "1381234567", []formField{fieldContact}, bookingForm{}, true},
		{"phone too long", "138123456789", []formField{fieldContact}, bookingForm{}, true},
		{"landline", "0579-82345678", []formField{fieldContact}, bookingForm{}, true},
		{"wechat labelled", "微信号：wang_fang88", []formField{fieldContact}, bookingForm{WeChatID: "wang_fang88"}, false},
		{"wechat bare", "wangfang88", []formField{fieldContact}, bookingForm{WeChatID: "wangfang88"}, false},
		{"wechat too short", "微信 wf88", []formField{fieldContact}, bookingForm{}, true},
		{"question stays a question", "金华哪里能考育婴员？", []formField{fieldTime}, bookingForm{Questions: "金华哪里能考育婴员？"}, false},
		{"date is not a phone", "2026-12-06 下午", []formField{fieldTime}, bookingForm{Time: "下午"}, false},
		{"filler is nothing", "好的", consult, bookingForm{}, false},
	}
	ps := fieldParser{gaz: knowledge.DefaultGazetteer()}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ps.parse(tt.text, tt.asked)
			if got.bookingForm != tt.want {
				t.Errorf("parse(%q)\n got %+v\nwant %+v", tt.text, got.bookingForm, tt.want)
			}
			if bad := got.badPhone || got.badWeChat; bad != tt.bad {
				t.Errorf("parse(%q): bad contact = %v, want %v", tt.text, bad, tt.bad)
			}
		})
	}
}

func TestParseModify(t *testing.T) {
	tests := []struct {
		text  string
		f     formField
		value string
	}{
		{"修改电话", fieldContact, ""},
		{"改一下时间", fieldTime, ""},
		{"修改电话 13912345678", fieldContact, "13912345678"},
		{"时间改成周日上午", fieldTime, "周日上午"},
		{"我的称呼改为李女士", fieldName, "李女士"},
		{"城市填错了", fieldCity, ""},
		{"修改背景", fieldBackground, ""},
		{"修改", "", ""},
		{"改天吧", "", ""},
		{"周六下午", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			f, v := parseModify(tt.text)
			if f != tt.f || v != tt.value {
				t.Errorf("parseModify(%q) = %q, %q; want %q, %q", tt.text, f, v, tt.f, tt.value)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	bk := NewBookings(BookingDeps{Store: nil})
	tests := []struct {
		text string
		want dialogCmd
	}{
		{"预约", cmdBook},
		{"我想预约一下", cmdBook},
		{"转人工！", cmdBook},
		{"人工客服", cmdBook},
		{"一对一", cmdBook},
		{"预约，我叫王芳，金华", cmdBook},
		{"预约考试怎么弄", cmdNone},
		{"我的预约", cmdMine},
		{"取消预约", cmdCancelMine},
		{"取消", cmdCancel},
		{"确认", cmdConfirm},
		{"好的", cmdConfirm},
		{"修改", cmdModify},
		{"修改电话", cmdModify},
		{"时间改成周日上午", cmdModify},
		{"最近有什么活动", cmdEvents},
		{"线下活动", cmdEvents},
		{"活动", cmdEvents},
		{"报名", cmdSignUp},
		{"报名活动", cmdSignUp},
		{"报名 2", cmdSignUp},
		{"报名电工", cmdNone},
		{"怎么报名考电工", cmdNone},
		{"金华哪里能考育婴员", cmdNone},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := bk.classify(tt.text); got != tt.want {
				t.Errorf("classify(%q) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}

func BenchmarkParseAllInOne(b *testing.B) {
	ps := fieldParser{gaz: knowledge.DefaultGazetteer()}
	const text = "我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，13812345678"
	for b.Loop() {
		ps.parse(text, nil)
	}
}
