package knowledge

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// KBStats summarises a knowledge base for `advisor kb stats`.
type KBStats struct {
	Source string
	// Cities are the cities with at least one institution a follower may
	// contact (not 政府部门), sorted.
	Cities []string
	// PerCity counts the institutions a follower may contact, by city.
	PerCity map[string]int
	// Institutions counts every body, government bodies included.
	Institutions int
	// Government counts the 政府部门 bodies among Institutions.
	Government int
	// Examples counts the institutions marked as examples.
	Examples       int
	Authorizations int
	// PerOccupation counts authorizations by occupation name.
	PerOccupation map[string]int
	// OldestPlan and NewestPlan are the earliest and latest 发布日期; zero when
	// no row has one.
	OldestPlan, NewestPlan time.Time
	// RowsWithoutSource counts authorizations with neither a 来源 link nor a
	// 计划名称: nobody can check where they come from.
	RowsWithoutSource int
	Notes             int
	Events            int
}

// Stats computes the statistics of a loaded knowledge base.
func Stats(b *Base) KBStats {
	s := KBStats{
		Source:        b.Source,
		PerCity:       make(map[string]int),
		PerOccupation: make(map[string]int),
		Institutions:  len(b.Institutions),
		Notes:         len(b.Notes),
		Events:        len(b.Events),
	}
	for _, inst := range b.Institutions {
		if inst.IsGovernment() {
			s.Government++
		} else {
			s.PerCity[inst.City]++
		}
		if inst.Example {
			s.Examples++
		}
		for _, a := range inst.Authorizations {
			s.Authorizations++
			s.PerOccupation[a.Occupation]++
			if a.SourceURL == "" && a.Plan == "" {
				s.RowsWithoutSource++
			}
			if p := a.Published; !p.IsZero() {
				if s.OldestPlan.IsZero() || p.Before(s.OldestPlan) {
					s.OldestPlan = p
				}
				if p.After(s.NewestPlan) {
					s.NewestPlan = p
				}
			}
		}
	}
	s.Cities = slices.Sorted(maps.Keys(s.PerCity))
	return s
}

// WriteText writes the statistics as a short report for an operator,
// returning the first write error.
func (s KBStats) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "知识库：%s\n", s.Source)
	cities := make([]string, len(s.Cities))
	for i, c := range s.Cities {
		cities[i] = fmt.Sprintf("%s %d", c, s.PerCity[c])
	}
	fmt.Fprintf(&b, "覆盖城市：%d 个（%s）\n", len(s.Cities), strings.Join(cities, "，"))
	fmt.Fprintf(&b, "机构：%d 家，其中政府部门 %d 家（不作为报名联系方式），示例 %d 家\n", s.Institutions, s.Government, s.Examples)
	fmt.Fprintf(&b, "认定项目：%d 条，其中既无来源链接也无计划名称的 %d 条\n", s.Authorizations, s.RowsWithoutSource)
	if s.OldestPlan.IsZero() {
		b.WriteString("计划发布日期：无\n")
	} else {
		fmt.Fprintf(&b, "计划发布日期：最早 %s，最新 %s\n", s.OldestPlan.Format(time.DateOnly), s.NewestPlan.Format(time.DateOnly))
	}
	fmt.Fprintf(&b, "政策笔记：%d 篇；活动：%d 个\n", s.Notes, s.Events)
	if len(s.PerOccupation) > 0 {
		b.WriteString("各职业认定项目数：\n")
		occs := slices.SortedFunc(maps.Keys(s.PerOccupation), func(a, c string) int {
			return cmp.Or(cmp.Compare(s.PerOccupation[c], s.PerOccupation[a]), strings.Compare(a, c))
		})
		for _, o := range occs {
			fmt.Fprintf(&b, "  %s %d\n", o, s.PerOccupation[o])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
