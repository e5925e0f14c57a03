package knowledge

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrNotLevel is wrapped by the errors of ParseLevels: the text names no valid
// skill level, names a level that does not exist (六级) or has a range with a
// missing end.
var ErrNotLevel = errors.New("not a skill level")

// levelWords are the level names that are not a numeral, longest first so that
// 高级技师 is never read as 高级 + 技师.
var levelWords = []struct {
	word  string
	level Level
}{
	{"高级技师", Level1},
	{"高级工", Level3},
	{"中级工", Level4},
	{"初级工", Level5},
	{"技师", Level2},
	{"高级", Level3},
	{"中级", Level4},
	{"初级", Level5},
}

// levelNumerals maps the numerals used for levels, Chinese and Arabic.
var levelNumerals = map[rune]Level{
	'一': Level1, '二': Level2, '三': Level3, '四': Level4, '五': Level5,
	'1': Level1, '2': Level2, '3': Level3, '4': Level4, '5': Level5,
}

// levelToken is one piece of a level expression: a level or a range operator.
type levelToken struct {
	level   Level // 0 for a range operator
	isRange bool
}

// ParseLevels parses a level expression as plans print it ("五级至三级",
// "五级/初级工-三级/高级工", "四级、三级", "三级/高级工", "5-3级") and as followers
// type it ("中级", "高级工", "技师"), returning levels sorted from 5 to 1,
// without duplicates. An expression that names no valid level is an error.
//
// Ranges (至, 到, -, ～, ~) may run either way (一级～三级 is 三级 to 一级);
// lists are separated by 、 , / ； or spaces; a level written twice in a row,
// as in 五级/初级工 or 五级（初级工）, counts once. Anything else in the text
// (六级, 三级以上) makes the whole expression an error wrapping ErrNotLevel,
// so a curator's typo is never silently read as some other level.
func ParseLevels(s string) ([]Level, error) {
	tokens, ok := tokenizeLevels(s)
	if !ok || len(tokens) == 0 {
		return nil, fmt.Errorf("%q is %w", s, ErrNotLevel)
	}
	var set [Level5 + 1]bool
	for i, t := range tokens {
		if !t.isRange {
			set[t.level] = true
			continue
		}
		if i == 0 || i == len(tokens)-1 || tokens[i-1].isRange || tokens[i+1].isRange {
			return nil, fmt.Errorf("%q is %w: the range has no start or no end", s, ErrNotLevel)
		}
		lo, hi := tokens[i-1].level, tokens[i+1].level
		if lo > hi {
			lo, hi = hi, lo
		}
		for l := lo; l <= hi; l++ {
			set[l] = true
		}
	}
	levels := make([]Level, 0, 5)
	for l := Level5; l >= Level1; l-- {
		if set[l] {
			levels = append(levels, l)
		}
	}
	return levels, nil
}

// tokenizeLevels splits a level expression into levels and range operators,
// dropping list separators and brackets. ok is false when the text holds
// anything that is not part of a level expression.
func tokenizeLevels(s string) (tokens []levelToken, ok bool) {
	for s != "" {
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case isLevelRange(r):
			tokens = append(tokens, levelToken{isRange: true})
			s = s[size:]
			continue
		case isLevelFiller(r):
			s = s[size:]
			continue
		}
		if l, ok := levelNumerals[r]; ok {
			s = s[size:]
			if next, _ := utf8.DecodeRuneInString(s); next >= '0' && next <= '9' {
				return nil, false // 15级, 10级: not a level
			}
			s = strings.TrimPrefix(s, "级")
			tokens = append(tokens, levelToken{level: l})
			continue
		}
		matched := false
		for _, w := range levelWords {
			if strings.HasPrefix(s, w.word) {
				tokens = append(tokens, levelToken{level: w.level})
				s = s[len(w.word):]
				matched = true
				break
			}
		}
		if !matched {
			return nil, false
		}
	}
	return tokens, true
}

// isLevelRange reports whether r joins the two ends of a range of levels.
func isLevelRange(r rune) bool {
	switch r {
	case '至', '到', '-', '－', '—', '–', '~', '～', '〜':
		return true
	}
	return false
}

// isLevelFiller reports whether r separates levels in a list or brackets an
// alternative name of the same level; either way it adds no meaning.
func isLevelFiller(r rune) bool {
	switch r {
	case '、', ',', '，', '/', '／', ';', '；', '和', '及', '与', '或',
		'(', ')', '（', '）', '[', ']', '【', '】':
		return true
	}
	return unicode.IsSpace(r)
}
