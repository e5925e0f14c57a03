package retrieval

import (
	"slices"
	"testing"

	"github.com/zhijian/advisor/knowledge"
)

func TestFollowUp(t *testing.T) {
	u := NewUnderstander(nil, nil)
	jinhua := knowledge.Region{Province: "浙江省", City: "金华市"}
	tests := []struct {
		prev, cur  string
		intent     Intent
		region     knowledge.Region
		occupation string
		levels     []knowledge.Level
		followUp   bool
		more       bool
		ambiguous  int
	}{
		{prev: "金华哪里可以考育婴员", cur: "那义乌呢", intent: IntentListBodies,
			region: knowledge.Region{Province: "浙江省", City: "金华市", County: "义乌市"}, occupation: "育婴员", followUp: true},
		{prev: "金华哪里可以考育婴员", cur: "杭州呢", intent: IntentListBodies,
			region: knowledge.Region{Province: "浙江省", City: "杭州市"}, occupation: "育婴员", followUp: true},
		{prev: "金华哪里可以考育婴员", cur: "苏州昆山的", intent: IntentListBodies,
			region: knowledge.Region{Province: "江苏省", City: "苏州市", County: "昆山市"}, occupation: "育婴员", followUp: true},
		{prev: "杭州萧山 中式烹调师二级 哪家能认定", cur: "三级的呢", intent: IntentListBodies,
			region: knowledge.Region{Province: "浙江省", City: "杭州市", County: "萧山区"}, occupation: "中式烹调师",
			levels: []knowledge.Level{3}, followUp: true},
		{prev: "杭州萧山 中式烹调师二级 哪家能认定", cur: "那焊工呢", intent: IntentListBodies,
			region: knowledge.Region{Province: "浙江省", City: "杭州市", County: "萧山区"}, occupation: "焊工", followUp: true},
		{prev: "金华哪里可以考育婴员", cur: "还有别的吗", intent: IntentListBodies,
			region: jinhua, occupation: "育婴员", followUp: true, more: true},
		{prev: "金华哪里可以考育婴员", cur: "下一页", intent: IntentListBodies,
			region: jinhua, occupation: "育婴员", followUp: true, more: true},
		{prev: "金华哪里可以考育婴员", cur: "焊工在哪考", intent: IntentListBodies,
			region: jinhua, occupation: "焊工", followUp: true},
		{prev: "金华哪里可以考育婴员", cur: "有补贴吗", intent: IntentSubsidy,
			region: jinhua, occupation: "育婴员", followUp: true},
		{prev: "考了育婴员证有补贴吗", cur: "那电工呢", intent: IntentSubsidy,
			occupation: "电工", followUp: true},
		{prev: "考了育婴员证有补贴吗", cur: "那在金华哪里考呢", intent: IntentListBodies,
			region: jinhua, occupation: "育婴员", followUp: true},
		{prev: "吉林哪里考焊工", cur: "吉林市", intent: IntentListBodies,
			region: knowledge.Region{Province: "吉林省", City: "吉林市"}, occupation: "焊工", followUp: true},
		{prev: "北京朝阳 育婴员", cur: "海淀呢", intent: IntentListBodies,
			region: knowledge.Region{Province: "北京市", City: "北京市", County: "海淀区"}, occupation: "育婴员", followUp: true},
		// New questions inherit nothing.
		{prev: "金华哪里可以考育婴员", cur: "西宁哪里能考电工", intent: IntentListBodies,
			region: knowledge.Region{Province: "青海省", City: "西宁市"}, occupation: "电工"},
		{prev: "金华哪里可以考育婴员", cur: "职称和职业技能等级有什么区别", intent: IntentPolicy},
		{prev: "金华哪里可以考育婴员", cur: "你好", intent: IntentGreeting},
		{prev: "金华哪里可以考育婴员", cur: "我想预约一对一咨询", intent: IntentBooking},
		{prev: "金华哪里可以考育婴员", cur: "兰溪 茶艺", intent: IntentListBodies,
			region: knowledge.Region{Province: "浙江省", City: "金华市", County: "兰溪市"}, occupation: "茶艺师"},
		{prev: "你好", cur: "杭州呢", intent: IntentListBodies,
			region: knowledge.Region{Province: "浙江省", City: "杭州市"}},
		{prev: "", cur: "那义乌呢", intent: IntentListBodies,
			region: knowledge.Region{Province: "浙江省", City: "金华市", County: "义乌市"}},
	}
	for _, tt := range tests {
		t.Run(tt.prev+"→"+tt.cur, func(t *testing.T) {
			var prev Query
			if tt.prev != "" {
				prev = u.Understand(tt.prev)
			}
			q := u.FollowUp(prev, u.Understand(tt.cur))
			if q.Text != tt.cur {
				t.Errorf("Text = %q, want %q", q.Text, tt.cur)
			}
			if q.Intent != tt.intent || q.Region != tt.region || q.Occupation != tt.occupation {
				t.Errorf("got %s %v %q, want %s %v %q", q.Intent, q.Region, q.Occupation, tt.intent, tt.region, tt.occupation)
			}
			if !slices.Equal(q.Levels, tt.levels) {
				t.Errorf("Levels = %v, want %v", q.Levels, tt.levels)
			}
			if q.FollowUp != tt.followUp || q.More != tt.more {
				t.Errorf("FollowUp, More = %v, %v; want %v, %v", q.FollowUp, q.More, tt.followUp, tt.more)
			}
			if len(q.Ambiguous) != tt.ambiguous {
				t.Errorf("Ambiguous = %v", q.Ambiguous)
			}
		})
	}
}

func TestFollowUpKeepsOwnGovernment(t *testing.T) {
	u := NewUnderstander(nil, nil)
	prev := u.Understand("金华市人社局能直接报名考保育师吗")
	q := u.FollowUp(prev, u.Understand("还有别的吗"))
	if len(q.Government) != 0 {
		t.Errorf("Government = %q, want none inherited", q.Government)
	}
	q = u.FollowUp(prev, u.Understand("那义乌人社局呢"))
	if !slices.Equal(q.Government, []string{"义乌人社局"}) || q.Region.County != "义乌市" || q.Occupation != "保育师" {
		t.Errorf("got %q %v %q, want 义乌人社局, 义乌市, 保育师", q.Government, q.Region, q.Occupation)
	}
}
