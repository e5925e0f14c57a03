package bot

import (
	"testing"

	"github.com/zhijian/advisor/knowledge"
)

func TestParseWork(t *testing.T) {
	eduWork := []formField{fieldEducation, fieldWork}
	tests := []struct {
		name  string
		text  string
		asked []formField
		want  bookingForm
	}{
		{"qa one-message booking", "我叫赵六，广州番禺，中专，美容店员工，想考美容师四级，周末，微信 zhaoliu_88", nil,
			bookingForm{Name: "赵六", City: "广州市番禺区", Education: "中专", Work: "美容店员工", Questions: "想考美容师四级", Time: "周末", WeChatID: "zhaoliu_88"}},
		{"works at a factory", "我叫赵六，广州番禺，中专，在工厂上班", nil,
			bookingForm{Name: "赵六", City: "广州市番禺区", Education: "中专", Work: "在工厂上班"}},
		{"now works at a supermarket", "现在在超市上班", nil, bookingForm{Work: "在超市上班"}},
		{"workplace and job", "我叫赵六，在物流公司做司机", nil, bookingForm{Name: "赵六", Work: "在物流公司做司机"}},
		{"name glued to workplace", "我叫赵六在工厂上班", nil, bookingForm{Name: "赵六", Work: "在工厂上班"}},
		{"at home with the child", "高中，在家带孩子", nil, bookingForm{Education: "高中", Work: "在家带孩子"}},
		{"does cleaning", "中专，做保洁的", nil, bookingForm{Education: "中专", Work: "保洁"}},
		{"stay-at-home mum", "初中，宝妈", nil, bookingForm{Education: "初中", Work: "宝妈"}},
		{"i am a stay-at-home mum", "我是全职宝妈", nil, bookingForm{Work: "全职宝妈"}},
		{"out of work", "高中，待业", nil, bookingForm{Education: "高中", Work: "待业"}},
		{"student", "大专，学生", nil, bookingForm{Education: "大专", Work: "学生"}},
		{"university student", "大专，在读大学生", nil, bookingForm{Education: "大专", Work: "在读大学生"}},
		{"company employee", "本科，华为公司员工", nil, bookingForm{Education: "本科", Work: "华为公司员工"}},
		{"shop assistant", "中专，奶茶店店员", nil, bookingForm{Education: "中专", Work: "奶茶店店员"}},
		{"factory worker", "高中，服装厂工人", nil, bookingForm{Education: "高中", Work: "服装厂工人"}},
		{"restaurant owner", "初中，餐馆老板", nil, bookingForm{Education: "初中", Work: "餐馆老板"}},
		{"sales manager", "本科，销售经理", nil, bookingForm{Education: "本科", Work: "销售经理"}},
		{"runs a shop", "开美容店的", nil, bookingForm{Work: "开美容店"}},
		{"role when work asked", "美容店员工", eduWork, bookingForm{Work: "美容店员工"}},
		{"role not taken when only name asked", "美容店员工", []formField{fieldName}, bookingForm{}},
		{"question about a workplace stays a question", "在工厂上班能考电工吗", nil, bookingForm{Questions: "在工厂上班能考电工吗"}},
	}
	ps := fieldParser{gaz: knowledge.DefaultGazetteer(), cat: knowledge.DefaultCatalog()}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ps.parse(tt.text, tt.asked); got.bookingForm != tt.want {
				t.Errorf("parse(%q)\n got %+v\nwant %+v", tt.text, got.bookingForm, tt.want)
			}
		})
	}
}

// TestParseDialogWordsNeverValues checks that command words and
// acknowledgements are never read as a field's value.
func TestParseDialogWordsNeverValues(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		asked []formField
		want  bookingForm
	}{
		{"confirm as work", "确认", []formField{fieldWork}, bookingForm{}},
		{"confirm as name", "确认", []formField{fieldName, fieldCity}, bookingForm{}},
		{"yes as time", "是的", []formField{fieldTime}, bookingForm{}},
		{"ok as questions", "好的", []formField{fieldQuestions}, bookingForm{}},
		{"no problem as work", "没问题", []formField{fieldEducation, fieldWork}, bookingForm{}},
		{"cancel as city", "取消", []formField{fieldCity}, bookingForm{}},
		{"modify as work", "修改", []formField{fieldWork}, bookingForm{}},
		{"labelled confirm", "工作：确认", []formField{fieldWork}, bookingForm{}},
		{"do confirm", "做确认", []formField{fieldWork}, bookingForm{}},
		{"confirm beside an answer", "确认，大专", []formField{fieldEducation, fieldWork}, bookingForm{Education: "大专"}},
		{"confirm beside a question", "确认，想问电工证怎么考", []formField{fieldQuestions}, bookingForm{Questions: "电工证怎么考"}},
		{"polite confirm", "好的，确定", []formField{fieldWork}, bookingForm{}},
	}
	ps := fieldParser{gaz: knowledge.DefaultGazetteer(), cat: knowledge.DefaultCatalog()}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ps.parse(tt.text, tt.asked); got.bookingForm != tt.want {
				t.Errorf("parse(%q)\n got %+v\nwant %+v", tt.text, got.bookingForm, tt.want)
			}
		})
	}
}
