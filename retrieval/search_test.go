package retrieval_test

import (
	"context"
	"slices"
	"testing"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

var (
	jinhua   = knowledge.Region{Province: "浙江省", City: "金华市"}
	yiwu     = knowledge.Region{Province: "浙江省", City: "金华市", County: "义乌市"}
	hangzhou = knowledge.Region{Province: "浙江省", City: "杭州市"}
	chengdu  = knowledge.Region{Province: "四川省", City: "成都市"}
	xining   = knowledge.Region{Province: "青海省", City: "西宁市"}
)

func mustSearch(tb testing.TB, ix *retrieval.Index, q retrieval.Query, limit, offset int) retrieval.Result {
	tb.Helper()
	res, err := ix.Search(context.Background(), q, limit, offset)
	if err != nil {
		tb.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func TestSearchInstitutions(t *testing.T) {
	ix := mustTestIndex(t)
	tests := []struct {
		name string
		q    retrieval.Query
		want []string // names, in order
		// wantGroups, when set instead of want, lists the names as groups
		// that follow each other; the order within a group is free.
		wantGroups        [][]string
		covered, occCover bool
	}{
		{
			name: "county first, then the rest of the city",
			q:    retrieval.Query{Text: "我在义乌，想考个电工证，找谁？", Region: yiwu, Occupation: "电工"},
			wantGroups: [][]string{
				{"义乌稠城技工学校", "义乌市电工培训学校"},
				{"金华市高级电工技能评价中心", "永康五金职业技术学院"},
			},
			covered: true, occCover: true,
		},
		{
			name:    "only bodies authorized for the occupation",
			q:       retrieval.Query{Text: "金华哪里可以考育婴员？", Region: jinhua, Occupation: "育婴员"},
			want:    []string{"金华市婺江家庭服务协会"},
			covered: true, occCover: true,
		},
		{
			name: "bodies covering the asked level first",
			q:    retrieval.Query{Text: "金华电工一级哪里考", Region: jinhua, Occupation: "电工", Levels: []knowledge.Level{knowledge.Level1}},
			wantGroups: [][]string{
				{"金华市高级电工技能评价中心"},
				{"永康五金职业技术学院", "义乌稠城技工学校", "义乌市电工培训学校"},
			},
			covered: true, occCover: true,
		},
		{
			name: "then text relevance: the name that says 电工 first",
			q:    retrieval.Query{Text: "金华电工三级", Region: jinhua, Occupation: "电工", Levels: []knowledge.Level{knowledge.Level3}},
			wantGroups: [][]string{
				{"义乌市电工培训学校"},
				{"永康五金职业技术学院", "义乌稠城技工学校"},
				{"金华市高级电工技能评价中心"},
			},
			covered: true, occCover: true,
		},
		{
			name: "county still before level",
			q:    retrieval.Query{Text: "义乌电工一级", Region: yiwu, Occupation: "电工", Levels: []knowledge.Level{knowledge.Level1}},
			wantGroups: [][]string{
				{"义乌稠城技工学校", "义乌市电工培训学校"},
				{"金华市高级电工技能评价中心"},
				{"永康五金职业技术学院"},
			},
			covered: true, occCover: true,
		},
		{
			name:    "former name in the KB matches the new name asked",
			q:       retrieval.Query{Text: "兰溪评茶师", Region: knowledge.Region{Province: "浙江省", City: "金华市", County: "兰溪市"}, Occupation: "评茶师"},
			want:    []string{"兰溪市茶文化研究会"},
			covered: true, occCover: true,
		},
		{
			name:    "exact name before an equivalent one",
			q:       retrieval.Query{Text: "成都评茶员", Region: chengdu, Occupation: "评茶员"},
			want:    []string{"成都茶叶行业协会", "彭州市茶业协会"},
			covered: true, occCover: true,
		},
		{
			name:    "new name asked: the body using it first",
			q:       retrieval.Query{Text: "成都评茶师", Region: chengdu, Occupation: "评茶师"},
			want:    []string{"彭州市茶业协会", "成都茶叶行业协会"},
			covered: true, occCover: true,
		},
		{
			name:    "alias typed, catalog name asked",
			q:       retrieval.Query{Text: "萧山厨师证", Region: knowledge.Region{Province: "浙江省", City: "杭州市", County: "萧山区"}, Occupation: "中式烹调师", OccupationAsked: "厨师"},
			want:    []string{"杭州市萧山区烹饪协会"},
			covered: true, occCover: true,
		},
		{
			name:       "whole city, government never listed",
			q:          retrieval.Query{Text: "金华有哪些机构可以做职业技能等级认定", Region: jinhua},
			wantGroups: [][]string{{"金华市婺江家庭服务协会", "金华市高级电工技能评价中心", "永康五金职业技术学院", "义乌稠城技工学校", "义乌市电工培训学校", "兰溪市茶文化研究会"}},
			covered:    true, occCover: true,
		},
		{
			name:    "employees-only authorizations are not offered",
			q:       retrieval.Query{Text: "成都钳工", Region: chengdu, Occupation: "钳工"},
			covered: true, occCover: false,
		},
		{
			name:    "city without a body for the occupation",
			q:       retrieval.Query{Text: "金华美发师证在哪考", Region: jinhua, Occupation: "美发师"},
			covered: true, occCover: false,
		},
		{
			name:    "city not covered",
			q:       retrieval.Query{Text: "西宁哪里能考电工", Region: xining, Occupation: "电工"},
			covered: false, occCover: false,
		},
		{
			name:       "no region: the occupation in every city",
			q:          retrieval.Query{Text: "育婴员证哪里考", Occupation: "育婴员"},
			wantGroups: [][]string{{"金华市婺江家庭服务协会", "杭州钱塘家政服务协会"}},
			covered:    true, occCover: true,
		},
		{
			name:       "province only",
			q:          retrieval.Query{Text: "浙江哪里能考电工", Region: knowledge.Region{Province: "浙江省"}, Occupation: "电工"},
			wantGroups: [][]string{{"金华市高级电工技能评价中心", "永康五金职业技术学院", "义乌稠城技工学校", "义乌市电工培训学校"}},
			covered:    true, occCover: true,
		},
		{
			name:    "no region and no occupation lists nothing",
			q:       retrieval.Query{Text: "你好", Intent: retrieval.IntentGreeting},
			covered: true, occCover: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, tt.q, 20, 0)
			got := names(res)
			if res.Covered != tt.covered || res.OccupationCovered != tt.occCover {
				t.Errorf("Covered, OccupationCovered = %v, %v, want %v, %v", res.Covered, res.OccupationCovered, tt.covered, tt.occCover)
			}
			if res.Total != len(got) {
				t.Errorf("Total = %d, listed %d with room for 20", res.Total, len(got))
			}
			for _, h := range res.Institutions {
				if h.Institution.IsGovernment() {
					t.Errorf("listed government body %s", h.Institution.Name)
				}
				if len(h.Matched) == 0 {
					t.Errorf("%s: no matched authorizations", h.Institution.Name)
				}
				for _, a := range h.Matched {
					if a.Internal() {
						t.Errorf("%s: employees-only authorization %s offered", h.Institution.Name, a.Occupation)
					}
				}
			}
			want := tt.want
			if tt.wantGroups != nil {
				want = nil
				for _, g := range tt.wantGroups {
					want = append(want, g...)
				}
				got, want = sortGroups(got, tt.wantGroups), sortGroups(want, tt.wantGroups)
			}
			if !slices.Equal(got, want) {
				t.Errorf("listed %q, want %q", names(res), want)
			}
		})
	}
}

// sortGroups sorts each run of names that corresponds to a group of the
// given sizes, so that an order that is free within a group compares equal.
func sortGroups(names []string, groups [][]string) []string {
	out := slices.Clone(names)
	i := 0
	for _, g := range groups {
		end := min(i+len(g), len(out))
		slices.Sort(out[i:end])
		i = end
	}
	return out
}

func TestSearchGovernment(t *testing.T) {
	ix := mustTestIndex(t)
	tests := []struct {
		name string
		q    retrieval.Query
		want []string
	}{
		{"the city's government rows", retrieval.Query{Text: "金华市人社局能直接报名考保育师吗", Region: jinhua, Occupation: "保育师", Government: []string{"人社局"}},
			[]string{"金华市人力资源和社会保障局", "金华市职业技能鉴定中心"}},
		{"a body named in another city too", retrieval.Query{Text: "杭州市人力资源和社会保障局和金华的一样吗", Region: jinhua, Government: []string{"杭州市人力资源和社会保障局"}},
			[]string{"金华市人力资源和社会保障局", "金华市职业技能鉴定中心", "杭州市人力资源和社会保障局"}},
		{"named without a city", retrieval.Query{Text: "成都市职业技能鉴定指导中心的电话", Government: []string{"成都市职业技能鉴定指导中心"}},
			[]string{"成都市职业技能鉴定指导中心"}},
		{"province", retrieval.Query{Text: "浙江人社局", Region: knowledge.Region{Province: "浙江省"}},
			[]string{"金华市人力资源和社会保障局", "金华市职业技能鉴定中心", "杭州市人力资源和社会保障局"}},
		{"none", retrieval.Query{Text: "成都电工", Region: knowledge.Region{City: "西宁市"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, tt.q, 10, 0)
			var got []string
			for _, g := range res.Government {
				if !g.IsGovernment() {
					t.Errorf("Government holds %s of kind %s", g.Name, g.Kind)
				}
				got = append(got, g.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Government = %q, want %q", got, tt.want)
			}
			for _, h := range res.Institutions {
				if h.Institution.IsGovernment() {
					t.Errorf("government body %s listed as an institution", h.Institution.Name)
				}
			}
		})
	}
}

func TestSearchPaging(t *testing.T) {
	ix := mustTestIndex(t)
	q := retrieval.Query{Text: "金华有哪些机构", Region: jinhua}
	all := names(mustSearch(t, ix, q, 100, 0))
	if len(all) != 6 {
		t.Fatalf("listed %d institutions in 金华, want 6: %q", len(all), all)
	}
	var paged []string
	for offset := 0; offset < 8; offset += 2 {
		res := mustSearch(t, ix, q, 2, offset)
		if res.Total != 6 {
			t.Errorf("offset %d: Total = %d, want 6", offset, res.Total)
		}
		if want := min(2, max(0, 6-offset)); len(res.Institutions) != want {
			t.Errorf("offset %d: %d listed, want %d", offset, len(res.Institutions), want)
		}
		paged = append(paged, names(res)...)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("pages listed %q, one page %q", paged, all)
	}
	if res := mustSearch(t, ix, q, 0, 0); len(res.Institutions) != min(6, retrieval.DefaultLimit) {
		t.Errorf("limit 0 listed %d, want the default limit", len(res.Institutions))
	}
}

func TestSearchHitDetails(t *testing.T) {
	ix := mustTestIndex(t)
	t.Run("matched authorizations are the asked occupation's", func(t *testing.T) {
		res := mustSearch(t, ix, retrieval.Query{Text: "永康焊工", Region: knowledge.Region{Province: "浙江省", City: "金华市", County: "永康市"}, Occupation: "焊工"}, 10, 0)
		if len(res.Institutions) != 1 {
			t.Fatalf("listed %q, want 永康五金职业技术学院 alone", names(res))
		}
		h := res.Institutions[0]
		if !h.InCounty {
			t.Error("InCounty = false for a body in the county asked")
		}
		if len(h.Matched) != 1 || h.Matched[0].Occupation != "焊工" {
			t.Errorf("Matched = %+v, want the 焊工 authorization only", h.Matched)
		}
	})
	t.Run("all public authorizations when no occupation is asked", func(t *testing.T) {
		res := mustSearch(t, ix, retrieval.Query{Text: "成都有哪些机构", Region: chengdu}, 10, 0)
		for _, h := range res.Institutions {
			if h.InCounty {
				t.Errorf("%s: InCounty with no county asked", h.Institution.Name)
			}
			var occs []string
			for _, a := range h.Matched {
				occs = append(occs, a.Occupation)
			}
			if h.Institution.Name == "成都蜀都技师学院" && !slices.Equal(occs, []string{"电工"}) {
				t.Errorf("成都蜀都技师学院 matched %q, want 电工 without the employees-only 钳工", occs)
			}
		}
	})
	t.Run("authorizations covering the level first", func(t *testing.T) {
		res := mustSearch(t, ix, retrieval.Query{Text: "婺江协会", Region: jinhua, Levels: []knowledge.Level{knowledge.Level3}}, 10, 0)
		for _, h := range res.Institutions {
			for i := 1; i < len(h.Matched); i++ {
				if covers(h.Matched[i], knowledge.Level3) && !covers(h.Matched[i-1], knowledge.Level3) {
					t.Errorf("%s: an authorization covering 三级 comes after one that does not", h.Institution.Name)
				}
			}
		}
	})
}

func covers(a knowledge.Authorization, l knowledge.Level) bool { return slices.Contains(a.Levels, l) }

func TestSearchNotes(t *testing.T) {
	ix := mustTestIndex(t)
	tests := []struct {
		name  string
		q     retrieval.Query
		first string   // the best note
		never []string // notes that must not be returned
	}{
		{"subsidy intent", retrieval.Query{Text: "考了育婴员证有补贴吗", Intent: retrieval.IntentSubsidy, Occupation: "育婴员"},
			"subsidy", []string{"hangzhou-subsidy", "jinhua-plan"}},
		{"city-scoped note for its city", retrieval.Query{Text: "杭州补贴在哪里申领", Intent: retrieval.IntentSubsidy, Region: hangzhou},
			"hangzhou-subsidy", []string{"jinhua-plan"}},
		{"government named", retrieval.Query{Text: "金华市人社局能直接报名考保育师吗", Intent: retrieval.IntentListBodies, Region: jinhua, Government: []string{"人社局"}},
			"bureau", []string{"hangzhou-subsidy"}},
		{"text relevance", retrieval.Query{Text: "职称和职业技能等级有什么区别", Intent: retrieval.IntentPolicy},
			"titles", []string{"jinhua-plan", "hangzhou-subsidy"}},
		{"cooperation", retrieval.Query{Text: "我手上有300个学员，一般怎么合作？", Intent: retrieval.IntentCooperation},
			"cooperation", nil},
		{"the city's plan", retrieval.Query{Text: "金华的认定计划在哪里看", Intent: retrieval.IntentListBodies, Region: jinhua},
			"jinhua-plan", []string{"hangzhou-subsidy"}},
		{"another city's note is never offered", retrieval.Query{Text: "金华市认定计划怎么看", Region: hangzhou},
			"", []string{"jinhua-plan"}},
		{"nothing relevant", retrieval.Query{Text: "你好", Intent: retrieval.IntentGreeting}, "", []string{"subsidy", "bureau", "titles", "cooperation", "verify", "jinhua-plan", "hangzhou-subsidy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, tt.q, 10, 0)
			var ids []string
			for _, n := range res.Notes {
				ids = append(ids, n.ID)
			}
			if len(ids) > 3 {
				t.Errorf("%d notes, want at most 3", len(ids))
			}
			if tt.first != "" && (len(ids) == 0 || ids[0] != tt.first) {
				t.Errorf("notes %q, want %s first", ids, tt.first)
			}
			for _, id := range tt.never {
				if slices.Contains(ids, id) {
					t.Errorf("notes %q include %s", ids, id)
				}
			}
		})
	}
}
