package knowledge

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestLoadBadGolden(t *testing.T) {
	_, err := load(os.DirFS("testdata/bad"), "testdata/bad", testPlaces{})
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("load: got %v, want a *ValidationError", err)
	}
	compareGolden(t, "bad.golden", verr.Error()+"\n")

	// Every bad row of bad.csv is reported, not only the first.
	badLines := make(map[int]bool)
	for _, p := range verr.Problems {
		if p.File == "institutions/bad.csv" {
			badLines[p.Line] = true
		}
	}
	for line := 2; line <= 12; line++ {
		if !badLines[line] {
			t.Errorf("institutions/bad.csv:%d has no problem reported", line)
		}
	}
	if badLines[13] || badLines[14] {
		t.Error("a good row of bad.csv was reported")
	}
}

func TestProblemColumns(t *testing.T) {
	problems := mustProblems(t, csvFiles("城市,机构名称,机构类型,职业名称,levels\n金华,甲协会,行业协会,电工,六级\n"))
	if len(problems) != 1 {
		t.Fatalf("problems = %v", problems)
	}
	p := problems[0]
	if p.File != "institutions/t.csv" || p.Line != 2 || p.Column != "levels" || p.Sheet != "" {
		t.Errorf("problem = %+v", p)
	}
	if got, want := p.String(), `institutions/t.csv:2: levels "六级" is not a skill level`; got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "institutions/jinhua.csv", Line: 17, Column: "认定等级", Message: `认定等级 "六级" is not a skill level`},
			`institutions/jinhua.csv:17: 认定等级 "六级" is not a skill level`},
		{Problem{File: "institutions/plans.xlsx", Sheet: "杭州", Line: 4, Message: "城市 is required"},
			"institutions/plans.xlsx[杭州]:4: 城市 is required"},
		{Problem{File: "institutions/old.xls", Message: "cannot be read"}, "institutions/old.xls: cannot be read"},
		{Problem{Message: "no folders"}, "no folders"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Errorf("String() = %q", got)
			}
		})
	}
	err := &ValidationError{Problems: []Problem{tests[0].p, tests[1].p}}
	if got := err.Error(); got != tests[0].want+"\n"+tests[1].want {
		t.Errorf("Error() = %q", got)
	}
}

func TestKindConflictAcrossFiles(t *testing.T) {
	problems := mustProblems(t, map[string]string{
		"institutions/a.csv": "城市,机构名称,机构类型,职业名称,认定等级\n金华,甲协会,行业协会,电工,三级\n",
		"institutions/b.csv": "城市,机构名称,机构类型,职业名称,认定等级\n金华市,甲协会,培训机构,焊工,三级\n",
	})
	if len(problems) != 1 || !strings.Contains(problems[0].String(), `institutions/b.csv:2: 机构类型 "培训机构" differs from "行业协会" given for the same institution at institutions/a.csv:2`) {
		t.Errorf("problems = %v", problems)
	}
}

func TestCountyInCityColumn(t *testing.T) {
	problems := mustProblems(t, csvFiles("城市,机构名称,机构类型,职业名称,认定等级\n义乌,甲学校,技工院校,电工,三级\n"))
	want := `institutions/t.csv:2: 城市 "义乌" is a county or district of 金华市: write 金华市 in 城市 and 义乌市 in 区县`
	if len(problems) != 1 || problems[0].String() != want {
		t.Errorf("problems = %v, want %s", problems, want)
	}
}
