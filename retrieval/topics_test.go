package retrieval_test

import (
	"testing"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

func TestBuiltinNotesFirst(t *testing.T) {
	base, err := knowledge.Load(knowledge.Builtin(), "builtin")
	if err != nil {
		t.Fatalf("load builtin KB: %v", err)
	}
	ix := mustBuild(t, base, retrieval.BuildOptions{Catalog: newTestCatalog()})
	tests := []struct {
		text string
		want []string // acceptable first notes
	}{
		{"怎么查技能等级证书是不是真的", []string{"check-certificate"}},
		{"1+X和职业技能等级证书一样吗", []string{"one-plus-x"}},
		{"社会培训评价组织是什么", []string{"roles-chain", "reform-authorized-bodies"}},
		{"有个机构说考完可以挂靠拿钱", []string{"scams", "scam-cases"}},
		{"考证被骗了怎么办", []string{"scams", "scam-cases"}},
		{"家庭教育指导师是国家认可的吗", []string{"scams", "check-certificate"}},
		{"没有学历能考吗", []string{"how-to-sign-up"}},
		{"技师能评工程师吗", []string{"title-vs-skill-level"}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			res := mustSearch(t, ix, retrieval.Query{Text: tc.text, Intent: retrieval.IntentPolicy}, 5, 0)
			if len(res.Notes) == 0 {
				t.Fatalf("no notes for %q, want %v", tc.text, tc.want)
			}
			for _, id := range tc.want {
				if res.Notes[0].ID == id {
					return
				}
			}
			t.Errorf("first note for %q = %s, want one of %v", tc.text, res.Notes[0].ID, tc.want)
		})
	}
}
