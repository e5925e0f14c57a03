package knowledge

import (
	"errors"
	"slices"
	"testing"
)

func TestParseLevels(t *testing.T) {
	tests := []struct {
		in   string
		want []Level // nil: an error
	}{
		{"五级至三级", []Level{5, 4, 3}},
		{"五级/初级工-三级/高级工", []Level{5, 4, 3}},
		{"四级、三级", []Level{4, 3}},
		{"三级/高级工", []Level{3}},
		{"5-3级", []Level{5, 4, 3}},
		{"5级-3级", []Level{5, 4, 3}},
		{"一级～三级", []Level{3, 2, 1}},
		{"三级~一级", []Level{3, 2, 1}},
		{"五至三级", []Level{5, 4, 3}},
		{"五级（初级工）至三级（高级工）", []Level{5, 4, 3}},
		{"五级, 三级", []Level{5, 3}},
		{"二级/技师、一级/高级技师", []Level{2, 1}},
		{"中级", []Level{4}},
		{"中级工", []Level{4}},
		{"高级", []Level{3}},
		{"高级工", []Level{3}},
		{"技师", []Level{2}},
		{"高级技师", []Level{1}},
		{"初级", []Level{5}},
		{" 四级 ", []Level{4}},
		{"六级", nil},
		{"五级至六级", nil},
		{"三级以上", nil},
		{"五级至", nil},
		{"至三级", nil},
		{"15级", nil},
		{"0级", nil},
		{"级", nil},
		{"", nil},
		{"  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLevels(tt.in)
			if tt.want == nil {
				if err == nil {
					t.Fatalf("ParseLevels(%q) = %v, want an error", tt.in, got)
				}
				if !errors.Is(err, ErrNotLevel) {
					t.Errorf("error %v does not wrap ErrNotLevel", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseLevels(%q): %v", tt.in, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ParseLevels(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseLevelsMessage(t *testing.T) {
	_, err := ParseLevels("六级")
	if got, want := err.Error(), `"六级" is not a skill level`; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}
