package bot_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// update rewrites the golden files in testdata/ (go test ./bot -run Golden -update).
var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Test data: the made-up institutions of ../shared/eval/fixture-kb (phones
// 0xxx-5555xxxx), typed here so these tests depend on neither the loader
// nor the index.
const (
	planJinhua   = "金华市2024年6月社会化职业技能等级认定计划（测试数据）"
	planHangzhou = "杭州市2024年社会化职业技能等级认定计划（测试数据）"
	planChengdu  = "成都市2024年职业技能等级认定计划（测试数据）"

	govJinhuaBureau  = "金华市人力资源和社会保障局"
	govJinhuaCentre  = "金华市职业技能鉴定中心"
	govJinhuaPhone   = "0579-55550199"
	govCentrePhone   = "0579-55550198"
	govHangzhouPhone = "0571-55550299"
	govChengduPhone  = "028-55550399"
)

var (
	dateJinhua   = time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)
	dateHangzhou = time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC)
	dateChengdu  = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
)

func levels(ls ...knowledge.Level) []knowledge.Level { return ls }

var l5to3 = levels(5, 4, 3)

func auth(occ string, ls []knowledge.Level, plan string, date time.Time) knowledge.Authorization {
	return knowledge.Authorization{Occupation: occ, Levels: ls, Plan: plan, Published: date, Scope: "面向社会"}
}

func inst(id, name string, kind knowledge.Kind, city, county, contact, phone, addr string, auths ...knowledge.Authorization) knowledge.Institution {
	province := "浙江省"
	if city == "成都市" {
		province = "四川省"
	}
	in := knowledge.Institution{ID: id, Name: name, Kind: kind, Province: province, City: city, County: county,
		Contact: contact, Address: addr, Authorizations: auths}
	if phone != "" {
		in.Phones = []string{phone}
	}
	return in
}

// fixtureBase is the test KB.
func fixtureBase() *knowledge.Base {
	jh := func(occ string, ls []knowledge.Level) knowledge.Authorization {
		return auth(occ, ls, planJinhua, dateJinhua)
	}
	hz := func(occ string, ls []knowledge.Level) knowledge.Authorization {
		return auth(occ, ls, planHangzhou, dateHangzhou)
	}
	cd := func(occ string, ls []knowledge.Level) knowledge.Authorization {
		return auth(occ, ls, planChengdu, dateChengdu)
	}
	return &knowledge.Base{
		Source: "test",
		Institutions: []knowledge.Institution{
			inst("jh-wujiang", "金华市婺江家庭服务协会", knowledge.KindAssociation, "金华市", "", "陈老师", "0579-55550101", "金华市婺城区示例路1号",
				jh("育婴员", l5to3), jh("家政服务员", l5to3), jh("养老护理员", l5to3)),
			inst("jh-choucheng", "义乌稠城技工学校", knowledge.KindTechnicalSchool, "金华市", "义乌市", "吴老师", "0579-55550102", "义乌市示例大道8号",
				jh("电工", levels(5, 4, 3, 2))),
			inst("jh-yiwu-ec", "义乌小商品电商职业培训学校", knowledge.KindEvaluationOrg, "金华市", "义乌市", "楼老师", "0579-55550103", "义乌市示例街66号",
				jh("电子商务师", l5to3), knowledge.Authorization{Occupation: "互联网营销师", WorkType: "直播销售员", Levels: l5to3, Plan: planJinhua, Published: dateJinhua}),
			inst("jh-dongyang", "东阳市餐饮行业协会", knowledge.KindAssociation, "金华市", "东阳市", "卢老师", "0579-55550104", "东阳市示例路3号",
				jh("中式烹调师", l5to3), jh("中式面点师", levels(4, 3))),
			inst("jh-yongkang", "永康五金职业技术学院", knowledge.KindVocationalColl, "金华市", "永康市", "胡老师", "0579-55550105", "永康市示例路12号",
				jh("焊工", l5to3), jh("电工", l5to3)),
			inst("jh-bayong", "金华市八咏幼教培训学校", knowledge.KindEvaluationOrg, "金华市", "", "方老师", "0579-55550106", "金华市金东区示例路5号",
				jh("保育师", l5to3)),
			inst("jh-health", "金华市健康服务业促进会", knowledge.KindAssociation, "金华市", "", "黄老师", "0579-55550107", "金华市婺城区示例路9号",
				jh("健康管理师", levels(3, 2, 1))),
			inst("jh-lanxi", "兰溪市茶文化研究会", knowledge.KindAssociation, "金华市", "兰溪市", "叶老师", "0579-55550108", "兰溪市示例路2号",
				jh("茶艺师", l5to3)),
			inst("jh-gov", govJinhuaBureau, knowledge.KindGovernment, "金华市", "", "", govJinhuaPhone, "金华市示例路100号"),
			inst("jh-gov-centre", govJinhuaCentre, knowledge.KindGovernment, "金华市", "", "", govCentrePhone, "金华市示例路101号"),
			inst("hz-xiaoshan", "杭州市萧山区烹饪协会", knowledge.KindAssociation, "杭州市", "萧山区", "沈老师", "0571-55550201", "杭州市萧山区示例路1号",
				hz("中式烹调师", levels(5, 4, 3, 2))),
			inst("hz-xizi", "杭州西子美业职业培训学校", knowledge.KindEvaluationOrg, "杭州市", "", "许老师", "0571-55550202", "杭州市上城区示例路7号",
				hz("美容师", l5to3), hz("美发师", l5to3)),
			inst("hz-qiantang", "杭州钱塘家政服务协会", knowledge.KindAssociation, "杭州市", "", "钱老师", "0571-55550204", "杭州市钱塘区示例路4号",
				hz("育婴员", l5to3)),
			inst("hz-gov", "杭州市人力资源和社会保障局", knowledge.KindGovernment, "杭州市", "", "", govHangzhouPhone, "杭州市示例路200号"),
			inst("cd-shudu", "成都蜀都技师学院", knowledge.KindTechnicalSchool, "成都市", "", "邓老师", "028-55550303", "成都市示例大道33号",
				cd("电工", levels(5, 4, 3, 2))),
			inst("cd-gov", "成都市职业技能鉴定指导中心", knowledge.KindGovernment, "成都市", "", "", govChengduPhone, "成都市示例路300号"),
			func() knowledge.Institution {
				in := inst("ex-yiwu", "示例·义乌市技工学校", knowledge.KindTechnicalSchool, "金华市", "义乌市", "张老师", "0579-00000103", "（示例地址）",
					auth("电工", levels(5, 4, 3, 2), "示例数据（非真实机构，仅供演示）", time.Time{}))
				in.Example = true
				return in
			}(),
		},
		Notes: fixtureNotes(),
	}
}

func fixtureNotes() []knowledge.Note {
	upd := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	return []knowledge.Note{
		{ID: "subsidy-rule", Title: "技能提升补贴要满足哪些条件", Tags: []string{"补贴"}, Scope: "national", Updated: upd,
			Body: "常说的补贴是“技能提升补贴”，从失业保险基金里出。\n\n1. 职业在国家职业分类大典里。\n2. 证书能在全国联网查询 zscx.osta.org.cn 查到。\n3. 你是参保职工。\n\n具体以当地人社部门的最新通知为准。"},
		{ID: "government-bureau-is-not-the-contact", Title: "为什么不要去人社局或鉴定中心报名", Tags: []string{"人社局", "鉴定中心"}, Scope: "national", Updated: upd,
			Body: "很多朋友的第一反应，是去找当地人社局，或者找名字里带“职业技能鉴定中心”的单位。这是最常见的弯路。\n\n改革以后，政府部门已经退出技能等级认定的具体实施。人社部门负责发布认定计划、备案和监管。\n\n所以正确的做法是：到当地人社局的官网上找认定计划和机构名单，再直接联系名单上的机构报名。"},
		{ID: "cooperation-models", Title: "想和认定机构合作，一般怎么合作", Tags: []string{"合作"}, Scope: "national", Updated: upd,
			Body: "常见两种模式：你包课程老师招生，机构只给考试授权；或你只负责招生，按人数分润。机构的考核指标最终是数量。"},
		{ID: "title-vs-skill-level", Title: "职称和职业技能等级有什么区别", Tags: []string{"职称"}, Scope: "national", Updated: upd,
			Body: "职称评价专业技术人员，职业技能等级评价技能人员。两条线由人社部门分别管理。\n\n职业技能等级分五级：五级/初级工、四级/中级工、三级/高级工、二级/技师、一级/高级技师。"},
		{ID: "scams", Title: "考证常见骗局", Tags: []string{"骗局"}, Scope: "national", Updated: upd,
			Body: "中国管理科学研究院发的测评证书曾被用于“入库挂靠”骗局，这类证书查不到就没有政策效力。"},
	}
}

// fx gives access to the fixture KB by name.
type fx struct{ base *knowledge.Base }

func newFx() fx { return fx{base: fixtureBase()} }

func (f fx) inst(tb testing.TB, name string) knowledge.Institution {
	tb.Helper()
	for _, in := range f.base.Institutions {
		if in.Name == name {
			return in
		}
	}
	tb.Fatalf("no institution %q in the fixture", name)
	return knowledge.Institution{}
}

// hit returns the institution as a search hit for occupation ("" for all).
func (f fx) hit(tb testing.TB, name, occupation string, inCounty bool) retrieval.Hit {
	tb.Helper()
	in := f.inst(tb, name)
	h := retrieval.Hit{Institution: in, InCounty: inCounty}
	for _, a := range in.Authorizations {
		if occupation == "" || a.Occupation == occupation {
			h.Matched = append(h.Matched, a)
		}
	}
	return h
}

func (f fx) note(tb testing.TB, id string) knowledge.Note {
	tb.Helper()
	for _, n := range f.base.Notes {
		if n.ID == id {
			return n
		}
	}
	tb.Fatalf("no note %q in the fixture", id)
	return knowledge.Note{}
}

func (f fx) govRows(city string) []knowledge.Institution {
	var out []knowledge.Institution
	for _, in := range f.base.Institutions {
		if in.IsGovernment() && in.City == city {
			out = append(out, in)
		}
	}
	return out
}

var (
	jinhua   = knowledge.Region{Province: "浙江省", City: "金华市"}
	yiwu     = knowledge.Region{Province: "浙江省", City: "金华市", County: "义乌市"}
	hangzhou = knowledge.Region{Province: "浙江省", City: "杭州市"}
	chengdu  = knowledge.Region{Province: "四川省", City: "成都市"}
	xining   = knowledge.Region{Province: "青海省", City: "西宁市"}
)

// fakeLLM is a Completer whose behaviour is a function field. It records
// the messages of every call.
type fakeLLM struct {
	fn func(ctx context.Context, msgs []llm.Message) (string, error)

	mu    sync.Mutex // mu protects calls.
	calls [][]llm.Message
}

func (f *fakeLLM) Complete(ctx context.Context, msgs []llm.Message) (string, error) {
	f.mu.Lock()
	f.calls = append(f.calls, msgs)
	f.mu.Unlock()
	return f.fn(ctx, msgs)
}

func (f *fakeLLM) Calls() [][]llm.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]llm.Message(nil), f.calls...)
}

func replying(text string) *fakeLLM {
	return &fakeLLM{fn: func(context.Context, []llm.Message) (string, error) { return text, nil }}
}

var _ bot.Completer = (*fakeLLM)(nil)
var _ bot.Completer = (*llm.Client)(nil)

// fullText is everything the follower can see of an answer.
func fullText(a bot.Answer) string {
	return strings.Join(append([]string{a.Text}, a.More...), "\n")
}

// digitsOf keeps the digits of s, to find phone numbers however written.
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if r >= '０' && r <= '９' {
			b.WriteRune('0' + (r - '０'))
		}
	}
	return b.String()
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(tb testing.TB, name, got string) {
	tb.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		tb.Errorf("%s differs from the golden file (run with -update if the change is intended)\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}
