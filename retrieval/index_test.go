package retrieval_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// testCatalog is a small occupation catalog: official names, former names
// and aliases of the occupations in testBase.
type testCatalog map[string]knowledge.Occupation

func (c testCatalog) Lookup(name string) (knowledge.Occupation, bool) {
	o, ok := c[name]
	return o, ok
}

func newTestCatalog() testCatalog {
	c := testCatalog{}
	for _, o := range []knowledge.Occupation{
		{Code: "6-02-06-11", Name: "评茶师", Aliases: []string{"评茶员"}},
		{Code: "4-10-01-03", Name: "保育师", Aliases: []string{"保育员"}},
		{Code: "4-03-02-01", Name: "中式烹调师", Aliases: []string{"厨师"}},
		{Code: "6-31-01-03", Name: "电工"},
		{Code: "4-10-01-02", Name: "育婴员", Aliases: []string{"月嫂"}},
	} {
		c[o.Name] = o
		for _, a := range o.Aliases {
			c[a] = o
		}
	}
	return c
}

// auth is a public authorization for levels from..to (5 = 五级 … 1 = 一级).
func auth(occ string, from, to knowledge.Level) knowledge.Authorization {
	a := knowledge.Authorization{Occupation: occ, Scope: "面向社会", Plan: "测试计划"}
	for l := from; l >= to; l-- {
		a.Levels = append(a.Levels, l)
	}
	return a
}

// internal is an authorization for the body's own employees only.
func internal(occ string) knowledge.Authorization {
	a := auth(occ, 5, 3)
	a.Scope = "本单位职工"
	return a
}

func inst(city, county, name string, kind knowledge.Kind, auths ...knowledge.Authorization) knowledge.Institution {
	prov := "浙江省"
	if city == "成都市" {
		prov = "四川省"
	}
	return knowledge.Institution{
		ID: city + "/" + name, Name: name, Kind: kind, Province: prov, City: city, County: county,
		Phones: []string{"0000-5555" + fmt.Sprint(1000+len(name))}, Authorizations: auths,
	}
}

// testBase is a small hand-made KB: three cities with county-level bodies,
// government rows, an employees-only body and authorization, renamed
// occupations written both ways, and national and city-scoped notes.
func testBase() *knowledge.Base {
	const (
		assoc  = knowledge.KindAssociation
		school = knowledge.KindTechnicalSchool
		coll   = knowledge.KindVocationalColl
		eval   = knowledge.KindEvaluationOrg
		train  = knowledge.KindTrainingSchool
		emp    = knowledge.KindEmployer
		gov    = knowledge.KindGovernment
	)
	return &knowledge.Base{
		Source: "test",
		Institutions: []knowledge.Institution{
			inst("金华市", "", "金华市人力资源和社会保障局", gov),
			inst("金华市", "", "金华市婺江家庭服务协会", assoc, auth("育婴员", 5, 3), auth("家政服务员", 5, 3), auth("养老护理员", 5, 3)),
			inst("金华市", "", "金华市高级电工技能评价中心", eval, auth("电工", 2, 1)),
			inst("金华市", "永康市", "永康五金职业技术学院", coll, auth("焊工", 5, 3), auth("电工", 5, 3)),
			inst("金华市", "义乌市", "义乌稠城技工学校", school, auth("电工", 5, 3)),
			inst("金华市", "", "义乌市电工培训学校", train, auth("电工", 4, 3)),
			inst("金华市", "婺城区", "金华市电力实业有限公司", emp, internal("电工")),
			inst("金华市", "兰溪市", "兰溪市茶文化研究会", assoc, auth("评茶员", 5, 3), auth("茶艺师", 5, 3)),
			inst("金华市", "", "金华市职业技能鉴定中心", gov),
			inst("杭州市", "钱塘区", "杭州钱塘家政服务协会", assoc, auth("育婴员", 5, 3)),
			inst("杭州市", "萧山区", "杭州市萧山区烹饪协会", assoc, auth("中式烹调师", 5, 2)),
			inst("杭州市", "", "杭州市人力资源和社会保障局", gov),
			inst("成都市", "", "成都茶叶行业协会", assoc, auth("评茶员", 5, 3)),
			inst("成都市", "彭州市", "彭州市茶业协会", assoc, auth("评茶师", 5, 3)),
			inst("成都市", "", "成都蜀都技师学院", school, auth("电工", 5, 2), internal("钳工")),
			inst("成都市", "", "成都市职业技能鉴定指导中心", gov),
		},
		Notes: []knowledge.Note{
			{ID: "subsidy", Title: "技能提升补贴怎么领", Tags: []string{"补贴", "技能提升补贴"}, Scope: "national",
				Body: "参保职工取得证书后，在规定时间内可以申领技能提升补贴。"},
			{ID: "bureau", Title: "为什么不要直接找人社局报名", Tags: []string{"人社局", "鉴定中心", "政府"}, Scope: "national",
				Body: "人社部门负责备案和监管，不直接组织认定，报名请找认定计划里公布的机构。"},
			{ID: "titles", Title: "职称和职业技能等级有什么区别", Tags: []string{"职称", "技能等级"}, Scope: "national",
				Body: "职称评价专业技术人员，职业技能等级评价技能人员。"},
			{ID: "cooperation", Title: "和评价机构怎么合作", Tags: []string{"合作", "招生"}, Scope: "national",
				Body: "常见两种模式：代理招生分润，或共建考点。"},
			{ID: "verify", Title: "怎么查证书真伪", Tags: []string{"证书查询"}, Scope: "national",
				Body: "在技能人才评价证书全国联网查询系统输入证书编号查询。"},
			{ID: "jinhua-plan", Title: "金华市认定计划怎么看", Tags: []string{"认定计划", "金华"}, Scope: "金华市",
				Body: "金华市人社局每年公布社会化职业技能等级认定计划，列出机构、职业和等级。"},
			{ID: "hangzhou-subsidy", Title: "杭州市补贴申领地点", Tags: []string{"补贴"}, Scope: "杭州市",
				Body: "杭州的技能提升补贴在线申领。"},
		},
	}
}

func mustBuild(tb testing.TB, base *knowledge.Base, opts retrieval.BuildOptions) *retrieval.Index {
	tb.Helper()
	ix, err := retrieval.Build(context.Background(), base, opts)
	if err != nil {
		tb.Fatalf("Build: %v", err)
	}
	tb.Cleanup(func() {
		if err := ix.Close(); err != nil && !errors.Is(err, retrieval.ErrClosed) {
			tb.Errorf("Close: %v", err)
		}
	})
	return ix
}

func mustTestIndex(tb testing.TB) *retrieval.Index {
	tb.Helper()
	return mustBuild(tb, testBase(), retrieval.BuildOptions{Catalog: newTestCatalog()})
}

func TestBuildProgress(t *testing.T) {
	base := testBase()
	var calls [][2]int
	ix := mustBuild(t, base, retrieval.BuildOptions{
		BatchSize: 2,
		Catalog:   newTestCatalog(),
		Progress:  func(done, total int) { calls = append(calls, [2]int{done, total}) },
	})
	if ix.Base() != base {
		t.Errorf("Base() = %p, want the KB given to Build (%p)", ix.Base(), base)
	}
	// 11 listable institutions (not the 4 government rows nor the
	// employees-only body) and 7 notes, in batches of 2.
	const total = 11 + 7
	if len(calls) != 10 {
		t.Errorf("Progress called %d times, want 10 (6 batches of institutions, 4 of notes): %v", len(calls), calls)
	}
	for i, c := range calls {
		if c[1] != total {
			t.Errorf("call %d: total = %d, want %d", i, c[1], total)
		}
		if i > 0 && c[0] <= calls[i-1][0] {
			t.Errorf("call %d: done = %d, not more than before (%d)", i, c[0], calls[i-1][0])
		}
	}
	if last := calls[len(calls)-1]; last[0] != total {
		t.Errorf("last call done = %d, want %d", last[0], total)
	}
}

func TestBuildErrors(t *testing.T) {
	t.Run("nil base", func(t *testing.T) {
		if _, err := retrieval.Build(context.Background(), nil, retrieval.BuildOptions{}); err == nil {
			t.Error("Build(nil) succeeded, want an error")
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		ix, err := retrieval.Build(ctx, testBase(), retrieval.BuildOptions{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Build with a cancelled context: err = %v, want context.Canceled", err)
		}
		if ix != nil {
			t.Error("Build with a cancelled context returned an index")
		}
	})
	t.Run("empty KB", func(t *testing.T) {
		ix := mustBuild(t, &knowledge.Base{}, retrieval.BuildOptions{})
		res, err := ix.Search(context.Background(), retrieval.Query{Text: "金华电工", Region: knowledge.Region{City: "金华市"}, Occupation: "电工"}, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if res.Covered || res.OccupationCovered || len(res.Institutions) != 0 || len(res.Notes) != 0 {
			t.Errorf("empty KB: %+v, want nothing covered or found", res)
		}
	})
}

func TestSearchAfterClose(t *testing.T) {
	ix := mustTestIndex(t)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	for _, q := range []retrieval.Query{
		{Text: "金华电工", Region: knowledge.Region{City: "金华市"}},
		{Region: knowledge.Region{City: "金华市"}}, // needs no bleve search
	} {
		if _, err := ix.Search(context.Background(), q, 10, 0); !errors.Is(err, retrieval.ErrClosed) {
			t.Errorf("Search(%+v) after Close: err = %v, want ErrClosed", q, err)
		}
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestSearchCancelled(t *testing.T) {
	ix := mustTestIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, retrieval.Query{Text: "补贴"}, 10, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Search with a cancelled context: err = %v, want context.Canceled", err)
	}
}

// TestSearchConcurrent runs searches from several goroutines (run it with
// -race) and checks that each gets the same answer as alone.
func TestSearchConcurrent(t *testing.T) {
	ix := mustTestIndex(t)
	ctx := context.Background()
	q := retrieval.Query{Text: "义乌电工哪里考", Region: knowledge.Region{Province: "浙江省", City: "金华市", County: "义乌市"}, Occupation: "电工"}
	want, err := ix.Search(ctx, q, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			for i := 0; i < 50 && time.Now().Before(deadline); i++ {
				got, err := ix.Search(ctx, q, 10, 0)
				if err != nil {
					errs <- err
					return
				}
				if !slices.Equal(names(got), names(want)) {
					errs <- fmt.Errorf("concurrent search listed %v, alone %v", names(got), names(want))
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// names returns the names of the listed institutions, in order.
func names(r retrieval.Result) []string {
	out := make([]string, len(r.Institutions))
	for i, h := range r.Institutions {
		out[i] = h.Institution.Name
	}
	return out
}
