package knowledge

import (
	"strings"
	"testing"
	"time"
)

func TestStats(t *testing.T) {
	s := Stats(mustLoad(t, "testdata/good"))
	checks := []struct {
		name      string
		got, want any
	}{
		{"cities", strings.Join(s.Cities, ","), "杭州市,金华市"},
		{"per city", s.PerCity["金华市"], 3},
		{"institutions", s.Institutions, 6},
		{"government", s.Government, 1},
		{"examples", s.Examples, 2},
		{"authorizations", s.Authorizations, 6},
		{"电工", s.PerOccupation["电工"], 2},
		{"oldest", s.OldestPlan, time.Date(2023, 11, 2, 0, 0, 0, 0, chinaTime)},
		{"newest", s.NewestPlan, time.Date(2024, 6, 15, 0, 0, 0, 0, chinaTime)},
		{"without source", s.RowsWithoutSource, 1},
		{"notes", s.Notes, 2},
		{"events", s.Events, 2},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if g, ok := c.got.(time.Time); ok {
				if !g.Equal(c.want.(time.Time)) {
					t.Errorf("got %v, want %v", g, c.want)
				}
				return
			}
			if c.got != c.want {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestStatsWriteText(t *testing.T) {
	s := Stats(mustLoad(t, "testdata/good"))
	s.Source = "testdata/good"
	var b strings.Builder
	if err := s.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, "stats.golden", b.String())
}

func TestStatsEmpty(t *testing.T) {
	var b strings.Builder
	if err := Stats(&Base{Source: "empty"}).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "计划发布日期：无") || strings.Contains(b.String(), "各职业") {
		t.Errorf("report = %s", b.String())
	}
}
