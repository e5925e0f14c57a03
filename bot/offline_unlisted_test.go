package bot_test

import (
	"strings"
	"testing"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// unlistedCases are questions naming a body that is in no KB list, and
// questions naming two cities.
var unlistedCases = []offlineCase{
	{
		name: "unlisted_body_covered_city",
		q: retrieval.Query{Text: "金华华夏职业培训学校靠谱吗，我想考电工", Intent: retrieval.IntentListBodies, Region: jinhua,
			Occupation: "电工", OccupationAsked: "电工"},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: []retrieval.Hit{f.hit(t, "义乌稠城技工学校", "电工", false)}, Total: 1, Covered: true, OccupationCovered: true}
		},
		want:    []string{"你问的金华华夏职业培训学校不在我这里金华市公布的授权机构名单里。", "只有金华市认定计划里公布的机构", "zscx.osta.org.cn", "包过", "挂靠", "1. 义乌稠城技工学校"},
		once:    []string{"金华华夏职业培训学校"},
		prefix:  "你问的金华华夏职业培训学校不在",
		noRules: []bot.Rule{bot.RuleUnknownInstitution},
	},
	{
		name: "unlisted_body_uncovered_city",
		q: retrieval.Query{Text: "广州白云技师学院能考电工吗", Intent: retrieval.IntentListBodies,
			Region: knowledge.Region{Province: "广东省", City: "广州市", County: "白云区"}, Occupation: "电工", OccupationAsked: "电工"},
		r:       rNone,
		want:    []string{"你问的广州白云技师学院不在我资料库里任何一个城市的授权机构名单里。", "只有广州市认定计划里公布的机构", "还没有收录"},
		notWant: []string{"包过"},
		noRules: []bot.Rule{bot.RuleUnknownInstitution},
	},
	{
		name:    "unlisted_body_placeholder",
		q:       retrieval.Query{Text: "XX职业培训学校是授权机构吗", Intent: retrieval.IntentOther},
		r:       rNone,
		want:    []string{"要看它在不在当地公布的认定计划名单里", "zscx.osta.org.cn", "告诉我你在哪个城市"},
		notWant: []string{"XX职业培训学校", "你问的"},
	},
	{
		name: "known_body_not_unlisted",
		q:    retrieval.Query{Text: "义乌稠城技工学校靠谱吗", Intent: retrieval.IntentListBodies, Region: yiwu},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: []retrieval.Hit{f.hit(t, "义乌稠城技工学校", "", true)}, Total: 1, Covered: true, Named: true}
		},
		want:    []string{"义乌稠城技工学校"},
		notWant: []string{"不在我这里", "任何一个城市"},
	},
	{
		name: "two_cities_other_uncovered",
		q: retrieval.Query{Text: "金华和南京哪里能考电工", Intent: retrieval.IntentListBodies, Region: jinhua,
			OtherRegions: []knowledge.Region{nanjing}, Occupation: "电工", OccupationAsked: "电工"},
		r: func(f fx, t *testing.T) retrieval.Result {
			return retrieval.Result{Institutions: []retrieval.Hit{f.hit(t, "义乌稠城技工学校", "电工", false)}, Total: 1, Covered: true, OccupationCovered: true}
		},
		want: []string{"金华市可以考电工的授权机构", "南京市的授权机构名单我的资料库还没有收录。"},
	},
	{
		name: "two_cities_other_covered",
		q: retrieval.Query{Text: "苏州和金华哪里能考电工", Intent: retrieval.IntentListBodies, Region: suzhou,
			OtherRegions: []knowledge.Region{jinhua}, Occupation: "电工", OccupationAsked: "电工"},
		r:    rNone,
		want: []string{"还没有收录苏州市", "金华市的名单请另外发“金华 电工”给我。"},
	},
}

func TestOfflineUnlisted(t *testing.T) {
	runOfflineCases(t, newFx(), unlistedCases)
}

// TestGuardUnlistedNameDenied checks that a name taken from the question may
// be named to say it is not in the list, but never recommended.
func TestGuardUnlistedNameDenied(t *testing.T) {
	f := newFx()
	c := bot.NewComposer(f.base, nil, nil)
	q := retrieval.Query{Text: "金华华夏职业培训学校靠谱吗", Intent: retrieval.IntentListBodies, Region: jinhua}
	tests := []struct {
		name, text string
		kept       bool
	}{
		{"denied", "你问的金华华夏职业培训学校不在我这里金华市公布的授权机构名单里。", true},
		{"recommended", "可以去金华华夏职业培训学校报名。", false},
		{"other_name_denied", "金华东方职业培训学校不在名单里。", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rules := c.Guard(tt.text, q, retrieval.Result{Covered: true})
			kept := strings.Contains(got, strings.TrimSuffix(tt.text, "。"))
			if kept != tt.kept {
				t.Errorf("kept = %v, want %v; got %q, rules %v", kept, tt.kept, got, rules)
			}
		})
	}
}
