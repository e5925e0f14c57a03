package retrieval

import (
	"slices"
	"testing"

	"github.com/zhijian/advisor/knowledge"
)

// fixCases are questions a tester found misread: voice-input misspellings of
// bureaus, subsidy questions naming a place, how/why questions without a
// place, two places, traditional characters, misspelt cities, certificates
// that are not skill levels.
var fixCases = []understandCase{
	{text: "苏州人设局能报名吗。", intent: IntentListBodies, province: "江苏省", city: "苏州市", gov: []string{"苏州人设局"}},
	{text: "西安市的人射局电话多少。", intent: IntentListBodies, province: "陕西省", city: "西安市", gov: []string{"人射局"}},
	{text: "长沙仁社局在哪", intent: IntentListBodies, province: "湖南省", city: "长沙市", gov: []string{"长沙仁社局"}},
	{text: "南宁人事局可以考电工吗", intent: IntentListBodies, province: "广西壮族自治区", city: "南宁市", occupation: "电工", gov: []string{"南宁人事局"}},
	{text: "西安考三级电工能补多少", intent: IntentSubsidy, province: "陕西省", city: "西安市", occupation: "电工", levels: []knowledge.Level{3}},
	{text: "你好，我在西安，想考个证，做月嫂的那种，听说有补贴，去哪里考？有补贴吗？", intent: IntentListBodies, province: "陕西省", city: "西安市", occupation: "育婴员"},
	{text: "证书在哪里可以查询", intent: IntentPolicy},
	{text: "培训机构说保过是真的吗", intent: IntentPolicy},
	{text: "报名流程是怎样的", intent: IntentPolicy},
	{text: "去哪里找认定计划", intent: IntentPolicy},
	{text: "认定计划在哪里公布", intent: IntentPolicy},
	{text: "网上能考吗", intent: IntentPolicy},
	{text: "45岁了还能考证吗", intent: IntentPolicy},
	{text: "宝妈适合考什么证", intent: IntentPolicy},
	{text: "考了证能落户吗", intent: IntentPolicy},
	{text: "我们是一家职业院校，想成为认定机构，怎么申请", intent: IntentPolicy},
	{text: "我要投诉这个机构", intent: IntentPolicy},
	{text: "机构收了钱不给考试，去哪里投诉", intent: IntentPolicy},
	{text: "为什么不能直接找人社局报名考证", intent: IntentPolicy, gov: []string{"人社局"}},
	{text: "人社部能直接考证吗", intent: IntentPolicy, gov: []string{"人社部"}},
	{text: "哪里可以考证", intent: IntentListBodies},
	{text: "怎么联系你们", intent: IntentBooking},
	{text: "收费吗", intent: IntentOther},
	{text: "从西安搬到广州了，广州能考保育师吗", intent: IntentListBodies, province: "广东省", city: "广州市", occupation: "保育师"},
	{text: "我户口在西安，人在苏州，在哪考", intent: IntentListBodies, province: "江苏省", city: "苏州市"},
	{text: "老家成都的，现在在杭州上班，想考育婴员", intent: IntentListBodies, province: "浙江省", city: "杭州市", occupation: "育婴员"},
	{text: "電梯證", intent: IntentListBodies, cert: "电梯证"},
	{text: "护士资格证在哪考", intent: IntentListBodies, cert: "护士资格"},
	{text: "特种作业操作证", intent: IntentListBodies, cert: "特种作业操作证"},
	{text: "电工证和电工职业技能等级证书是一回事吗", intent: IntentPolicy, occupation: "电工", cert: "电工证"},
	{text: "汽车美容证哪里考", intent: IntentListBodies, occupation: "汽车维修工"},
	{text: "無錫哪裡可以考電工", intent: IntentListBodies, province: "江苏省", city: "无锡市", occupation: "电工"},
	{text: "廈門 電工", intent: IntentListBodies, province: "福建省", city: "厦门市", occupation: "电工"},
	{text: "廣西南寧 電焊", intent: IntentListBodies, province: "广西壮族自治区", city: "南宁市", occupation: "焊工"},
	{text: "崑山 育嬰員", intent: IntentListBodies, province: "江苏省", city: "苏州市", county: "昆山市", occupation: "育婴员"},
	{text: "广洲哪里考电工", intent: IntentListBodies, province: "广东省", city: "广州市", occupation: "电工"},
	{text: "西按 电工", intent: IntentListBodies, province: "陕西省", city: "西安市", occupation: "电工"},
	{text: "昆善 电工", intent: IntentListBodies, province: "江苏省", city: "苏州市", county: "昆山市", occupation: "电工"},
	{text: "株洲 电工", intent: IntentListBodies, province: "湖南省", city: "株洲市", occupation: "电工"},
}

func TestUnderstandFixes(t *testing.T) {
	u := NewUnderstander(nil, nil)
	for _, tt := range fixCases {
		t.Run(tt.text, func(t *testing.T) {
			checkQuery(t, u.Understand(tt.text), tt)
		})
	}
}

func TestUnderstandAlso(t *testing.T) {
	u := NewUnderstander(nil, nil)
	tests := []struct {
		text   string
		intent Intent
		also   []Intent
	}{
		{"你好，我在西安，想考个证，做月嫂的那种，听说有补贴，去哪里考？有补贴吗？", IntentListBodies, []Intent{IntentSubsidy}},
		{"金华哪里考育婴员，有补贴吗", IntentListBodies, []Intent{IntentSubsidy}},
		{"西安育婴员有补贴吗", IntentSubsidy, nil},
		{"金华哪里可以考育婴员？", IntentListBodies, nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			q := u.Understand(tt.text)
			if q.Intent != tt.intent || !slices.Equal(q.Also, tt.also) {
				t.Errorf("Intent, Also = %s, %v; want %s, %v", q.Intent, q.Also, tt.intent, tt.also)
			}
		})
	}
}

func TestUnderstandSmallTalk(t *testing.T) {
	u := NewUnderstander(nil, nil)
	tests := []struct{ text, kind string }{
		{"你好", SmallTalkHello}, {"老师好", SmallTalkHello}, {"在吗", SmallTalkHello},
		{"谢谢", SmallTalkThanks}, {"辛苦了", SmallTalkThanks}, {"好的谢谢！", SmallTalkThanks},
		{"晚安", SmallTalkBye}, {"拜拜", SmallTalkBye}, {"再见", SmallTalkBye},
		{"好", SmallTalkAck}, {"嗯", SmallTalkAck}, {"ok", SmallTalkAck}, {"OK", SmallTalkAck},
		{"👍", SmallTalkAck}, {"明白了", SmallTalkAck},
		{"你是机器人吗", SmallTalkWho}, {"你是ChatGPT吗", SmallTalkWho}, {"你是谁", SmallTalkWho},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			q := u.Understand(tt.text)
			if q.Intent != IntentGreeting || q.SmallTalk != tt.kind {
				t.Errorf("Intent, SmallTalk = %s, %q; want greeting, %q", q.Intent, q.SmallTalk, tt.kind)
			}
		})
	}
	if q := u.Understand("好的，金华哪里考育婴员"); q.Intent != IntentListBodies || q.SmallTalk != "" {
		t.Errorf("question with 好的: Intent, SmallTalk = %s, %q", q.Intent, q.SmallTalk)
	}
}

func TestUnderstandCertificateClass(t *testing.T) {
	u := NewUnderstander(nil, nil)
	tests := []struct{ text, class string }{
		{"低压电工证", CertSpecialOperations},
		{"高压电工", CertSpecialOperations},
		{"建筑电工", CertSpecialOperations},
		{"焊工证 特种作业", CertSpecialOperations},
		{"电工证和电工职业技能等级证书是一回事吗", CertSpecialOperations},
		{"叉车证", CertSpecialEquipment},
		{"电梯证", CertSpecialEquipment},
		{"教师资格证", CertProfessional},
		{"会计证", CertProfessional},
		{"护士资格证", CertProfessional},
		{"驾驶证", CertDriving},
		{"电工证", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if q := u.Understand(tt.text); q.CertificateClass != tt.class {
				t.Errorf("CertificateClass = %q (cert %q), want %q", q.CertificateClass, q.Certificate, tt.class)
			}
		})
	}
}

func TestFollowUpFixes(t *testing.T) {
	u := NewUnderstander(nil, nil)
	jinhua := knowledge.Region{Province: "浙江省", City: "金华市"}
	guangzhou := knowledge.Region{Province: "广东省", City: "广州市"}
	tests := []struct {
		prev, cur  string
		intent     Intent
		region     knowledge.Region
		occupation string
		more       bool
	}{
		{"昆山 电工", "不对，我在吴江", IntentListBodies, knowledge.Region{Province: "江苏省", City: "苏州市", County: "吴江区"}, "电工", false},
		{"昆山 电工", "我是说吴江", IntentListBodies, knowledge.Region{Province: "江苏省", City: "苏州市", County: "吴江区"}, "电工", false},
		{"广州 厨师", "粤菜的", IntentListBodies, guangzhou, "中式烹调师", false},
		{"广州 厨师", "西点呢", IntentListBodies, guangzhou, "西式面点师", false},
		{"广州 厨师", "西点怎么样", IntentListBodies, guangzhou, "西式面点师", false},
		{"金华哪里可以考育婴员", "有电话吗", IntentListBodies, jinhua, "育婴员", false},
		{"金华哪里可以考育婴员", "地址在哪", IntentListBodies, jinhua, "育婴员", false},
		{"金华哪里可以考育婴员", "第一个机构地址在哪", IntentListBodies, jinhua, "育婴员", false},
		{"金华哪里可以考育婴员", "什么时候考试", IntentListBodies, jinhua, "育婴员", false},
		{"金华哪里可以考育婴员", "收费多少", IntentListBodies, jinhua, "育婴员", false},
		{"金华哪里可以考育婴员", "怎么报名", IntentListBodies, jinhua, "育婴员", false},
		{"金华哪里可以考育婴员", "继续", IntentListBodies, jinhua, "育婴员", true},
		{"职称和职业技能等级有什么区别", "继续", IntentOther, knowledge.Region{}, "", false},
		{"职称和职业技能等级有什么区别", "怎么报名", IntentPolicy, knowledge.Region{}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.prev+"→"+tt.cur, func(t *testing.T) {
			q := u.FollowUp(u.Understand(tt.prev), u.Understand(tt.cur))
			if q.Intent != tt.intent || q.Region != tt.region || q.Occupation != tt.occupation || q.More != tt.more {
				t.Errorf("got %s %v %q more=%v, want %s %v %q more=%v", q.Intent, q.Region, q.Occupation, q.More,
					tt.intent, tt.region, tt.occupation, tt.more)
			}
		})
	}
}

// TestUnderstandRulesQuestionsWithoutPlace: how/how-often/what-documents and
// eligibility questions are about the rules, not a request for a list.
func TestUnderstandRulesQuestionsWithoutPlace(t *testing.T) {
	u := NewUnderstander(nil, nil)
	for _, text := range []string{"证书在哪里查", "我初中学历能考电工三级吗", "一年能考几次", "报名需要什么材料", "没有工作经验能考育婴员吗"} {
		if got := u.Understand(text).Intent; got != IntentPolicy {
			t.Errorf("Understand(%q).Intent = %s, want policy", text, got)
		}
	}
	for _, text := range []string{"金华哪里能考电工", "义乌 直播 带货 证书哪里考", "兰溪 茶艺"} {
		if got := u.Understand(text).Intent; got != IntentListBodies {
			t.Errorf("Understand(%q).Intent = %s, want list_bodies", text, got)
		}
	}
}
