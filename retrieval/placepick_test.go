package retrieval

import (
	"slices"
	"testing"
)

func TestUnderstandOtherRegions(t *testing.T) {
	u := NewUnderstander(nil, nil)
	tests := []struct {
		name, text, city string
		others           []string
	}{
		{"two_cities_and", "苏州和南京哪里能考电工", "苏州市", []string{"南京市"}},
		{"two_cities_two_jobs", "苏州育婴员和广州美容师分别去哪考", "苏州市", []string{"广州市"}},
		{"here_and_there", "我在南京，但可以去苏州考电工吗", "南京市", []string{"苏州市"}},
		{"moved_from", "我户口在西安，人在苏州，在哪考电工", "苏州市", nil},
		{"county_in_city", "金华义乌哪里能考电工", "金华市", nil},
		{"one_city", "西安哪里能考电工", "西安市", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := u.Understand(tt.text)
			if q.Region.City != tt.city {
				t.Errorf("Region.City = %q, want %q", q.Region.City, tt.city)
			}
			var got []string
			for _, r := range q.OtherRegions {
				got = append(got, r.City)
			}
			if !slices.Equal(got, tt.others) {
				t.Errorf("OtherRegions = %v, want %v", got, tt.others)
			}
		})
	}
}
