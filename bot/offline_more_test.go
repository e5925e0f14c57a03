package bot_test

import (
	"testing"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

func rNone(fx, *testing.T) retrieval.Result { return retrieval.Result{} }

// moreOfflineCases cover small talk, secondary subsidy questions, named
// bodies, certificates that are not skill levels and note relevance.
var moreOfflineCases = []offlineCase{
	{
		name: "list_also_subsidy",
		q: retrieval.Query{Text: "你好，我在金华，想考个证，做月嫂的那种，听说有补贴，去哪里考？有补贴吗？", Intent: retrieval.IntentListBodies,
			Also: []retrieval.Intent{retrieval.IntentSubsidy}, Region: jinhua, Occupation: "育婴员", OccupationAsked: "月嫂"},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: []retrieval.Hit{f.hit(t, "金华市婺江家庭服务协会", "育婴员", false)}, Total: 1, Covered: true, OccupationCovered: true}
		},
		want:    []string{"1. 金华市婺江家庭服务协会", "关于补贴", "《职业分类大典》", "zscx.osta.org.cn", "36个月", "12个月内申请"},
		rules:   []bot.Rule{bot.RuleSubsidy, bot.RuleSourceAdded},
		noRules: []bot.Rule{bot.RuleLengthTruncated},
	},
	{name: "smalltalk_thanks", q: retrieval.Query{Text: "谢谢", Intent: retrieval.IntentGreeting, SmallTalk: "thanks"}, r: rNone,
		want: []string{"不客气"}, notWant: []string{"提醒：", "我可以帮你"}, noRules: []bot.Rule{bot.RuleGovWarning}},
	{name: "smalltalk_bye", q: retrieval.Query{Text: "再见", Intent: retrieval.IntentGreeting, SmallTalk: "bye"}, r: rNone,
		want: []string{"再见"}, notWant: []string{"我可以帮你"}},
	{name: "smalltalk_ack", q: retrieval.Query{Text: "好的明白了", Intent: retrieval.IntentGreeting, SmallTalk: "ack"}, r: rNone,
		want: []string{"好的"}, notWant: []string{"我可以帮你", "提醒："}},
	{name: "smalltalk_who", q: retrieval.Query{Text: "你是机器人吗", Intent: retrieval.IntentGreeting, SmallTalk: "who"}, r: rNone,
		want: []string{"助手", "机器人", "回复“预约”"}, notWant: []string{"提醒："}},
	{
		name: "certificate_not_skill_level",
		q: retrieval.Query{Text: "金华 叉车证", Intent: retrieval.IntentListBodies, Region: jinhua,
			Certificate: "叉车证", CertificateKind: "特种设备作业人员证（市场监管部门）"},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: jinhuaAll(f, t), Total: 8, Covered: true, OccupationCovered: true}
		},
		want:    []string{"叉车证属于特种设备作业人员证（市场监管部门），不是职业技能等级证书", "没有名单可列", "教师资格"},
		notWant: []string{"金华市婺江家庭服务协会", "1. ", "特种作业操作证，两者"},
		noRules: []bot.Rule{bot.RuleSourceAdded},
	},
	{
		name: "certificate_electrician_licence",
		q: retrieval.Query{Text: "金华低压电工证哪里考", Intent: retrieval.IntentListBodies, Region: jinhua,
			Certificate: "低压电工", CertificateKind: "特种作业操作证（应急管理部门）"},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: jinhuaAll(f, t), Total: 8, Covered: true, OccupationCovered: true}
		},
		want:    []string{"低压电工属于特种作业操作证", "电工职业技能等级证书证明的是技能水平，不能代替"},
		notWant: []string{"义乌稠城技工学校"},
	},
	{
		name: "named_body",
		q:    retrieval.Query{Text: "义乌稠城技工学校电话多少", Intent: retrieval.IntentListBodies, Region: yiwu},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: []retrieval.Hit{f.hit(t, "义乌稠城技工学校", "", true)}, Total: 1, Covered: true, OccupationCovered: true, Named: true}
		},
		want:    []string{"义乌稠城技工学校", "吴老师 0579-55550102", "义乌市示例大道8号", "来源："},
		notWant: []string{"永康", "本地暂时没有"},
		rules:   []bot.Rule{bot.RuleSourceAdded},
	},
	{
		name:    "gov_phone_given",
		q:       retrieval.Query{Text: govJinhuaPhone + "是哪个单位的电话", Intent: retrieval.IntentOther},
		r:       rNone,
		want:    []string{"提醒：" + govJinhuaBureau + "是政府单位", "打过去也报不了名"},
		notWant: []string{govJinhuaPhone, "55550199"},
		rules:   []bot.Rule{bot.RuleGovWarning},
	},
	{
		name: "list_more_numbers_on",
		q:    retrieval.Query{Text: "还有别的吗", Intent: retrieval.IntentListBodies, Region: jinhua, More: true, FollowUp: true},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: jinhuaAll(f, t)[5:], Total: 8, Offset: 5, Covered: true, OccupationCovered: true}
		},
		want:    []string{"6. 东阳市餐饮行业协会", "8. 兰溪市茶文化研究会"},
		notWant: []string{"1. "},
	},
	{
		name: "list_county_served_citywide",
		q:    retrieval.Query{Text: "婺城区哪里考育婴员", Intent: retrieval.IntentListBodies, Region: knowledge.Region{Province: "浙江省", City: "金华市", County: "婺城区"}, Occupation: "育婴员"},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: []retrieval.Hit{f.hit(t, "金华市婺江家庭服务协会", "育婴员", false)}, Total: 1, Covered: true, OccupationCovered: true}
		},
		want:    []string{"以下机构面向全市报名", "金华市婺江家庭服务协会"},
		notWant: []string{"本地暂时没有找到"},
	},
	{
		name: "policy_no_relevant_note",
		q:    retrieval.Query{Text: "证书有效期多久", Intent: retrieval.IntentPolicy},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Notes: []knowledge.Note{f.note(t, "title-vs-skill-level")}}
		},
		want:    []string{"暂时没有准确的说明", "预约"},
		notWant: []string{"职称评价专业技术人员", "摘自"},
	},
	{
		name: "subsidy_psychological_counsellor",
		q:    retrieval.Query{Text: "考心理咨询师证有补贴吗", Intent: retrieval.IntentSubsidy},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Notes: []knowledge.Note{f.note(t, "subsidy-rule")}}
		},
		want:  []string{"心理咨询师属于专业技术人员类职业", "领不到技能提升补贴", "大典"},
		rules: []bot.Rule{bot.RuleSubsidy},
	},
	{
		name:  "subsidy_one_plus_x",
		q:     retrieval.Query{Text: "1+X证书能领补贴吗", Intent: retrieval.IntentSubsidy},
		r:     rNone,
		want:  []string{"1+X证书走的是教育部门这条线", "当地的具体规定"},
		rules: []bot.Rule{bot.RuleSubsidy},
	},
	{
		name:  "subsidy_special_operations",
		q:     retrieval.Query{Text: "焊工证有补贴吗", Intent: retrieval.IntentSubsidy, Certificate: "焊工证", CertificateKind: "特种作业操作证（应急管理部门）"},
		r:     rNone,
		want:  []string{"焊工证属于特种作业操作证（应急管理部门），不是职业技能等级证书，不适用技能提升补贴"},
		rules: []bot.Rule{bot.RuleSubsidy},
	},
}
