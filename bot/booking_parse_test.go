package bot

import (
	"strings"
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
		// WeChat IDs that begin with a label-like wx or vx.
		{"wxid bare", "wxid_abc", []formField{fieldContact}, bookingForm{WeChatID: "wxid_abc"}, false},
		{"wxid long", "wxid_k2j3h4g5f6", []formField{fieldContact}, bookingForm{WeChatID: "wxid_k2j3h4g5f6"}, false},
		{"wxid labelled", "微信号：wxid_k2j3h4g5f6", []formField{fieldContact}, bookingForm{WeChatID: "wxid_k2j3h4g5f6"}, false},
		{"wxid after wx label", "wx: wxid_abc123", []formField{fieldContact}, bookingForm{WeChatID: "wxid_abc123"}, false},
		{"vx id", "vx_lee2024", []formField{fieldContact}, bookingForm{WeChatID: "vx_lee2024"}, false},
		{"vx label", "vx：lee_2024", []formField{fieldContact}, bookingForm{WeChatID: "lee_2024"}, false},
		{"wx label with id", "wx id wangfang88", []formField{fieldContact}, bookingForm{WeChatID: "wangfang88"}, false},
		{"wxid in one message", "我叫王芳，在金华，微信wxid_k2j3h4g5f6", nil,
			bookingForm{Name: "王芳", City: "金华市", WeChatID: "wxid_k2j3h4g5f6"}, false},
		{"wx too short", "wx_ab", []formField{fieldContact}, bookingForm{}, true},
		// Occupation words are the work.
		{"occupation in one message", "我叫王芳，在金华，高中，电工，想问电工证怎么升级，周六下午，13812345678", nil,
			bookingForm{Name: "王芳", City: "金华市", Education: "高中", Work: "电工", Questions: "电工证怎么升级", Time: "周六下午", Phone: "13812345678"}, false},
		{"occupation bare", "焊工", []formField{fieldEducation, fieldWork}, bookingForm{Work: "焊工"}, false},
		{"occupation with suffix", "初中，电工师傅", []formField{fieldEducation, fieldWork}, bookingForm{Education: "初中", Work: "电工师傅"}, false},
		{"occupation asked as question stays a question", "育婴员", []formField{fieldQuestions}, bookingForm{Questions: "育婴员"}, false},
		// Unknown places and times are not taken.
		{"unknown city", "火星", []formField{fieldCity}, bookingForm{}, false},
		{"unknown city after name", "王芳，火星", consult, bookingForm{Name: "王芳"}, false},
		{"online city", "线上", []formField{fieldCity}, bookingForm{City: "线上"}, false},
		{"digits are not a time", "12345", []formField{fieldTime}, bookingForm{}, false},
		{"letters are not a time", "abc", []formField{fieldTime}, bookingForm{}, false},
		{"clock time", "晚上7点后", []formField{fieldTime}, bookingForm{Time: "晚上7点后"}, false},
		{"vague time", "下班后", []formField{fieldTime}, bookingForm{Time: "下班后"}, false},
	}
	ps := fieldParser{gaz: knowledge.DefaultGazetteer(), cat: knowledge.DefaultCatalog()}
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
		{"我的报名", cmdMySignUps},
		{"查看报名", cmdMySignUps},
		{"报名记录", cmdMySignUps},
		{"取消报名", cmdCancelSignUp},
		{"取消报名 2", cmdCancelSignUp},
		{"取消报名ZJ20261120-0001", cmdCancelSignUp},
		{"不报名了", cmdCancel},
		{"算了", cmdCancel},
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
	ps := fieldParser{gaz: knowledge.DefaultGazetteer(), cat: knowledge.DefaultCatalog()}
	const text = "我叫王芳，在金华，大专，做幼师，想问保育师怎么考，周六下午，13812345678"
	for b.Loop() {
		ps.parse(text, nil)
	}
}

func TestParseRetry(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		asked       []formField
		unknownCity string
		badTime     bool
	}{
		{"unknown city", "火星", []formField{fieldCity}, "火星", false},
		{"unknown city after name", "王芳，火星", []formField{fieldName, fieldCity}, "火星", false},
		{"known city", "苏州", []formField{fieldCity}, "", false},
		{"elsewhere", "外地", []formField{fieldCity}, "", false},
		{"place as time", "火星", []formField{fieldTime}, "", true},
		{"digits as time", "12345", []formField{fieldTime}, "", true},
		{"time word", "看情况", []formField{fieldTime}, "", false},
		{"up to the teacher", "看老师", []formField{fieldTime}, "", false},
		{"not fixed", "待定", []formField{fieldTime}, "", false},
		{"digits with 点", "3点", []formField{fieldTime}, "", false},
		{"time not asked", "12345", []formField{fieldName}, "", false},
	}
	ps := fieldParser{gaz: knowledge.DefaultGazetteer(), cat: knowledge.DefaultCatalog()}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ps.parse(tt.text, tt.asked)
			if got.unknownCity != tt.unknownCity || got.badTime != tt.badTime {
				t.Errorf("parse(%q): unknownCity %q, badTime %v; want %q, %v", tt.text, got.unknownCity, got.badTime, tt.unknownCity, tt.badTime)
			}
		})
	}
}

// TestBookingTextsNameEveryField checks that the texts that describe the booking
// name all the fields the dialog asks for.
func TestBookingTextsNameEveryField(t *testing.T) {
	words := map[formField]string{
		fieldName: "称呼", fieldCity: "城市", fieldEducation: "学历", fieldWork: "工作",
		fieldQuestions: "问题", fieldTime: "时间", fieldContact: "联系方式",
	}
	for _, g := range consultationGroups {
		for _, f := range g {
			for name, text := range map[string]string{"intro": textBookingIntro, "about": textBookingAbout} {
				if !strings.Contains(text, words[f]) {
					t.Errorf("%s text does not name %s (%q):\n%s", name, f, words[f], text)
				}
			}
		}
	}
}
