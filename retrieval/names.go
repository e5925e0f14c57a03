package retrieval

import (
	"strings"
	"unicode"
)

// norm folds full-width ASCII to half-width and drops white space, so names
// typed in different ways compare equal.
func norm(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// cityKey normalises a prefecture-level city (or province) name so that
// 金华 and 金华市 compare equal.
func cityKey(s string) string {
	return strings.TrimSuffix(norm(s), "市")
}

// countySuffixes end the official names of county-level divisions.
var countySuffixes = []string{"自治县", "自治旗", "市", "区", "县", "旗"}

// countyStem returns a county name without its administrative suffix.
func countyStem(s string) string {
	for _, suf := range countySuffixes {
		if t, ok := strings.CutSuffix(s, suf); ok && t != "" {
			return t
		}
	}
	return s
}

// sameCounty reports whether an institution in county (normalised, may be
// empty) named name lies in the asked county (normalised). A name given
// without its suffix matches the full one (义乌 = 义乌市). An institution
// with no county is in the asked county when its name starts with the
// county's full or short name (义乌市…, 义乌…).
func sameCounty(county, name, asked string) bool {
	if asked == "" {
		return false
	}
	if county != "" {
		return county == asked || countyStem(county) == asked || county == countyStem(asked)
	}
	stem := countyStem(asked)
	return strings.HasPrefix(norm(name), asked) || (len([]rune(stem)) >= 2 && strings.HasPrefix(norm(name), stem))
}

// noteScope returns the keyword stored for a note's scope: "national" for
// national notes (also when the scope is empty or 全国), else the cityKey.
func noteScope(s string) string {
	switch k := cityKey(s); k {
	case "", "national", "全国":
		return scopeNational
	default:
		return k
	}
}

const scopeNational = "national"
