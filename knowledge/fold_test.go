package knowledge

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"义乌 直播 带货", "义乌直播带货"},
		{"  ＨＲ证　在哪考？ ", "hr证在哪考?"},
		{"hello  world", "hello world"},
		{"義烏電工證", "义乌电工证"},
		{"保育員證 金華", "保育员证金华"},
		{"1 + X", "1+x"},
		{"a\u200bb", "ab"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTradPairs checks the traditional → simplified table: whole pairs, Han
// characters only, no chains (a simplified form that is itself a key).
func TestTradPairs(t *testing.T) {
	if n := utf8.RuneCountInString(tradPairs); n%2 != 0 {
		t.Fatalf("tradPairs has an odd number of runes (%d)", n)
	}
	m := tradTable()
	for tr, s := range m {
		if !unicode.Is(unicode.Han, tr) || !unicode.Is(unicode.Han, s) {
			t.Errorf("pair %q→%q is not two Han characters", tr, s)
		}
		if _, chained := m[s]; chained {
			t.Errorf("pair %q→%q: %q is itself mapped", tr, s, s)
		}
	}
}
