package retrieval_test

import (
	"slices"
	"testing"

	"github.com/zhijian/advisor/retrieval"
)

func TestSearchPagesNeverOverlap(t *testing.T) {
	ix := mustTestIndex(t)
	first := retrieval.Query{Text: "金华有哪些机构可以做职业技能等级认定", Intent: retrieval.IntentListBodies, Region: jinhua}
	more := first
	more.Text, more.More, more.FollowUp = "还有别的吗", true, true
	total := mustSearch(t, ix, first, 100, 0).Total
	var seen []string
	for offset, q := 0, first; offset < total; offset, q = offset+2, more {
		res := mustSearch(t, ix, q, 2, offset)
		if res.Offset != offset {
			t.Errorf("Offset = %d, want %d", res.Offset, offset)
		}
		for _, h := range res.Institutions {
			if slices.Contains(seen, h.Institution.Name) {
				t.Errorf("page at %d repeats %s", offset, h.Institution.Name)
			}
			seen = append(seen, h.Institution.Name)
		}
	}
	if len(seen) != total {
		t.Errorf("pages showed %d bodies, want all %d: %v", len(seen), total, seen)
	}
}

func TestSearchNamedInstitution(t *testing.T) {
	base := testBase()
	for i := range base.Institutions {
		if base.Institutions[i].Name == "义乌稠城技工学校" {
			base.Institutions[i].Phones = []string{"0579-55550102"}
		}
	}
	ix := mustBuild(t, base, retrieval.BuildOptions{Catalog: newTestCatalog()})
	tests := []struct {
		name, text string
		want       string // "" when no single body is named
	}{
		{"full name", "义乌稠城技工学校电话多少", "义乌稠城技工学校"},
		{"short form without the place", "稠城技工学校在哪", "义乌稠城技工学校"},
		{"no name", "金华哪里能考电工", ""},
		{"phone number", "0579-55550102是哪家的电话", "义乌稠城技工学校"},
		{"local number", "55550102是谁", "义乌稠城技工学校"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := mustSearch(t, ix, retrieval.Query{Text: tc.text, Intent: retrieval.IntentListBodies, Region: jinhua}, 5, 0)
			if tc.want == "" {
				if res.Named {
					t.Fatalf("Named set for %q: %+v", tc.text, res.Institutions)
				}
				return
			}
			if !res.Named || len(res.Institutions) != 1 || res.Institutions[0].Institution.Name != tc.want {
				t.Fatalf("Search(%q): Named=%v, %d bodies; want just %s", tc.text, res.Named, len(res.Institutions), tc.want)
			}
		})
	}
}
