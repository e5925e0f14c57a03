package bot_test

import (
	"testing"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// Notes as the built-in KB words them, for the cases below.
var (
	noteSignUp = knowledge.Note{ID: "how-to-sign-up", Title: "报考职业技能等级的步骤", Tags: []string{"报名", "流程"}, Scope: "national",
		Body: "按这几步走：\n\n1. 定职业和等级。\n2. 找本市的认定计划。搜“城市名 + 社会化职业技能等级认定计划”，或者上当地人社局官网找。\n3. 联系名单上的机构报名。"}
	noteSubsidyFull = knowledge.Note{ID: "subsidy-rule-full", Title: "技能提升补贴要满足哪些条件", Tags: []string{"补贴"}, Scope: "national",
		Body: "常说的补贴是“技能提升补贴”。\n\n1. 职业在国家职业分类大典里，属于技能人员职业。\n2. 证书由经人社部门备案的评价机构颁发。\n3. 证书能在全国联网查询 zscx.osta.org.cn 查到。\n\n" +
			"金额以北京市朝阳区为例：五级1000元，四级1500元，三级2000元。有的地方还规定每人每年最多领3次。\n\n" +
			"特别提醒：证书上印着“人社部”字样、写着“联合颁发”，不代表能领补贴。心理咨询师属于专业技术人员类职业，不在技能等级这条线上，也领不到这项补贴。\n\n" +
			"具体条件、金额和申请入口，以当地人社部门的最新通知为准。"}
	noteElectrician = knowledge.Note{ID: "electrician-special-operations", Title: "“电工证”有两种，别考错了", Tags: []string{"电工", "特种作业"}, Scope: "national",
		Body: "上岗干电工活要持特种作业操作证，由应急管理部门考核发证；电工职业技能等级证书证明技能水平，两者要分别考。"}
)

var (
	nanjing = knowledge.Region{Province: "江苏省", City: "南京市"}
	suzhou  = knowledge.Region{Province: "江苏省", City: "苏州市"}
)

func rNotes(notes ...knowledge.Note) func(fx, *testing.T) retrieval.Result {
	return func(fx, *testing.T) retrieval.Result {
		return retrieval.Result{Notes: notes, Covered: true, OccupationCovered: true}
	}
}

func rUncovered(notes ...knowledge.Note) func(fx, *testing.T) retrieval.Result {
	return func(fx, *testing.T) retrieval.Result { return retrieval.Result{Notes: notes, OccupationCovered: true} }
}

func licenceQuery(text string, reg knowledge.Region, cert string) retrieval.Query {
	return retrieval.Query{Text: text, Intent: retrieval.IntentListBodies, Region: reg, Occupation: "电工", OccupationAsked: "电工",
		Occupations: []string{"电工"}, Certificate: cert, CertificateKind: "特种作业操作证（应急管理部门）", CertificateClass: retrieval.CertSpecialOperations}
}

// qaOfflineCases are the second QA pass's findings: the warning whoever
// words the answer, uncovered provinces and cities, the subsidy note fitted
// to the question, paging, special-operations licences and district labels.
var qaOfflineCases = []offlineCase{
	{
		name:   "policy_note_sends_to_bureau_warned",
		q:      retrieval.Query{Text: "怎么报名", Intent: retrieval.IntentPolicy},
		r:      rNotes(noteSignUp),
		want:   []string{"提醒：人社局是政府单位，不直接受理职业技能等级认定报名", "或者上当地人社局官网找"},
		once:   []string{"提醒："},
		prefix: "报考职业技能等级的步骤",
		rules:  []bot.Rule{bot.RuleGovWarning},
	},
	{
		name:    "subsidy_joint_issue_not_warned",
		q:       retrieval.Query{Text: "某协会和人社部联合发的证书有没有补贴？", Intent: retrieval.IntentSubsidy},
		r:       rNotes(noteSubsidyFull),
		want:    []string{"联合颁发", "人社部门备案"},
		notWant: []string{"是政府单位"},
		rules:   []bot.Rule{bot.RuleSubsidy},
		noRules: []bot.Rule{bot.RuleGovWarning},
	},
	{
		name:   "uncovered_city_warned",
		q:      retrieval.Query{Text: "南京哪里能考电工", Intent: retrieval.IntentListBodies, Region: nanjing, Occupation: "电工"},
		r:      rUncovered(),
		want:   []string{"提醒：南京市人社部门是政府单位", "还没有收录南京市的授权机构名单", "到南京市人社部门官网"},
		once:   []string{"提醒：", "还没有收录"},
		prefix: "目前我的资料库还没有收录南京市",
		rules:  []bot.Rule{bot.RuleGovWarning, bot.RuleUncoveredCity},
	},
	{
		name:    "province_uncovered",
		q:       retrieval.Query{Text: "山西 电工", Intent: retrieval.IntentListBodies, Region: knowledge.Region{Province: "山西省"}, Occupation: "电工"},
		r:       rUncovered(),
		want:    []string{"还没有收录山西省的授权机构名单", "山西省的认定计划是各个市分别公布的", "所在城市名 社会化职业技能等级认定计划", "预约"},
		notWant: []string{"目前公布的名单里，我没有找到", "1. 义乌", "来源："},
		rules:   []bot.Rule{bot.RuleUncoveredCity},
	},
	{
		name: "province_uncovered_bodies_elsewhere",
		q:    retrieval.Query{Text: "浙江哪里能考育婴员", Intent: retrieval.IntentListBodies, Region: knowledge.Region{Province: "浙江省"}, Occupation: "育婴员"},
		r: func(f fx, t *testing.T) retrieval.Result {
			// Covered false: whatever was retrieved, nothing is listed.
			return retrieval.Result{Institutions: []retrieval.Hit{f.hit(t, "金华市婺江家庭服务协会", "育婴员", false)}, Total: 1, OccupationCovered: true}
		},
		want:    []string{"还没有收录浙江省的授权机构名单"},
		notWant: []string{"金华市婺江家庭服务协会", "0579-55550101"},
		rules:   []bot.Rule{bot.RuleUncoveredCity},
	},
	{
		name:   "policy_uncovered_city_stated",
		q:      retrieval.Query{Text: "南京报名流程是怎样的", Intent: retrieval.IntentPolicy, Region: nanjing},
		r:      rUncovered(noteSignUp),
		want:   []string{"还没有收录南京市的授权机构名单", "预约"},
		once:   []string{"还没有收录", "提醒："},
		prefix: "报考职业技能等级的步骤",
		rules:  []bot.Rule{bot.RuleUncoveredCity, bot.RuleGovWarning},
	},
	{
		name:    "subsidy_skill_occupation_no_professional_line",
		q:       retrieval.Query{Text: "育婴员有补贴吗", Intent: retrieval.IntentSubsidy, Occupation: "育婴员", Occupations: []string{"育婴员"}},
		r:       rNotes(noteSubsidyFull),
		want:    []string{"金额以北京市朝阳区为例：五级1000元", "联合颁发"},
		notWant: []string{"心理咨询师", "专业技术人员"},
	},
	{
		name:    "subsidy_city_amounts_are_an_example",
		q:       retrieval.Query{Text: "金华 电工 补贴", Intent: retrieval.IntentSubsidy, Region: jinhua, Occupation: "电工", Occupations: []string{"电工"}},
		r:       rNotes(noteSubsidyFull),
		want:    []string{"金额各地不一样，金华市的标准以当地通知为准（以北京市朝阳区为例：五级1000元，四级1500元，三级2000元）。"},
		notWant: []string{"金额以北京市朝阳区为例", "心理咨询师"},
	},
	{
		name: "subsidy_professional_said_once",
		q:    retrieval.Query{Text: "心理咨询师有补贴吗", Intent: retrieval.IntentSubsidy, Occupation: "心理咨询师", Occupations: []string{"心理咨询师"}},
		r:    rNotes(noteSubsidyFull),
		once: []string{"专业技术人员"},
		want: []string{"心理咨询师属于专业技术人员类职业"},
	},
	{
		name: "list_first_page_exactly_full",
		q:    retrieval.Query{Text: "金华有哪些机构", Intent: retrieval.IntentListBodies, Region: jinhua},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: jinhuaAll(f, t)[:5], Total: 5, Covered: true, OccupationCovered: true}
		},
		want:    []string{"5. "},
		notWant: []string{"还有其他机构"},
	},
	{
		name: "list_more_full_last_page",
		q:    retrieval.Query{Text: "还有别的吗", Intent: retrieval.IntentListBodies, Region: jinhua, More: true, FollowUp: true},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: jinhuaAll(f, t)[3:8], Total: 8, Offset: 3, Covered: true, OccupationCovered: true}
		},
		want:    []string{"4. ", "8. 兰溪市茶文化研究会"},
		notWant: []string{"还有其他机构"},
	},
	{
		name: "list_first_page_promises_more",
		q:    retrieval.Query{Text: "金华有哪些机构", Intent: retrieval.IntentListBodies, Region: jinhua},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: jinhuaAll(f, t)[:5], Total: 8, Covered: true, OccupationCovered: true}
		},
		want: []string{"还有其他机构"},
	},
	{
		name: "licence_no_city",
		q:    licenceQuery("低压电工证在哪考", knowledge.Region{}, "低压电工"),
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Covered: true, OccupationCovered: true}
		},
		prefix:  "低压电工属于特种作业操作证",
		want:    []string{"准入类", "应急管理部门", "指定的培训和考试点", "不是职业技能等级证书", "《“电工证”有两种，别考错了》", "“城市名 电工 等级证”"},
		notWant: []string{"你想在哪个城市", "1. "},
		noRules: []bot.Rule{bot.RuleSourceAdded, bot.RuleGovWarning},
	},
	{
		name: "licence_covered_city_lists_nothing",
		q:    licenceQuery("义乌 低压电工证", yiwu, "低压电工"),
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: []retrieval.Hit{f.hit(t, "义乌稠城技工学校", "电工", true)}, Total: 1, Covered: true, OccupationCovered: true}
		},
		prefix:  "低压电工属于特种作业操作证",
		want:    []string{"“义乌市 电工 等级证”"},
		notWant: []string{"义乌稠城技工学校", "0579-55550102"},
		noRules: []bot.Rule{bot.RuleSourceAdded, bot.RuleUncoveredCity},
	},
	{
		name:    "licence_uncovered_city",
		q:       licenceQuery("在苏州做电工，想考低压电工作业证", suzhou, "低压电工"),
		r:       rUncovered(),
		prefix:  "低压电工属于特种作业操作证",
		want:    []string{"“苏州市 电工 等级证”", "还没有收录苏州市的授权机构名单"},
		once:    []string{"还没有收录"},
		notWant: []string{"你可以这样查"},
		rules:   []bot.Rule{bot.RuleUncoveredCity},
	},
	{
		name: "list_other_county_labelled",
		q:    retrieval.Query{Text: "义乌 电工", Intent: retrieval.IntentListBodies, Region: yiwu, Occupation: "电工"},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: []retrieval.Hit{f.hit(t, "义乌稠城技工学校", "电工", true), f.hit(t, "永康五金职业技术学院", "电工", false)},
				Total: 2, Covered: true, OccupationCovered: true}
		},
		want: []string{"1. 义乌稠城技工学校（技工院校）", "2. 永康五金职业技术学院（永康市，职业院校）"},
	},
	{
		name: "list_more_other_county_labelled",
		q:    retrieval.Query{Text: "还有别的吗", Intent: retrieval.IntentListBodies, Region: knowledge.Region{Province: "浙江省", City: "金华市", County: "婺城区"}, More: true, FollowUp: true},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: jinhuaAll(f, t)[5:], Total: 8, Offset: 5, Covered: true, OccupationCovered: true}
		},
		want: []string{"金华市（婺城区）还可以", "6. 东阳市餐饮行业协会（东阳市，行业协会）", "8. 兰溪市茶文化研究会（兰溪市，行业协会）"},
	},
}

func TestOfflineQA(t *testing.T) {
	base := fixtureBase()
	base.Notes = append(base.Notes, noteSignUp, noteElectrician)
	runOfflineCases(t, fx{base: base}, qaOfflineCases)
}
