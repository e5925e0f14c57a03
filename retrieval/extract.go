package retrieval

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zhijian/advisor/knowledge"
)

// governmentWords name the government bodies followers mistake for the place
// to sign up: the human-resources bureaus and departments under their many
// names, the government-run skill testing centres, offices next to them, and
// the misspellings voice input makes of 人社局 (人设局, 人射局…; 人事局 is its
// old name). The ministry (人社部) is left out: followers mostly name it when
// a certificate claims to be issued with it, not as a place to sign up; see
// ministryWords. Longest first, so that the longest name wins where several
// match.
var governmentWords = sortedLongestFirst(strings.Fields(`
	人力资源和社会保障局 人力资源和社会保障厅 人力资源与社会保障局 人力资源与社会保障厅 人力资源社会保障局 人力资源社会保障厅
	人力资源和社会保障部门 人力资源社会保障部门 人力资源服务中心 人力社保局 人力社保厅 人社局 人社厅 人社分局 人社部门 人社窗口 人社中心
	劳动和社会保障局 劳动保障局 劳动局 社保局 社保中心 就业局 就业服务局 就业服务中心 人才服务中心 人才中心 人才市场
	职业技能鉴定指导中心 职业技能鉴定中心 技能鉴定指导中心 技能鉴定中心 鉴定指导中心 鉴定中心 职业能力建设处 人事考试中心
	人事局 人设局 人射局 人社句 仁社局 人色局 人设厅 人射厅 人蛇局`))

// ministryWords name the ministry. They count as a government body only
// when the follower asks about signing up or taking a test with it directly
// (人社部能直接考证吗), see signUpCues.
var ministryWords = sortedLongestFirst(strings.Fields(`人社部 人力资源和社会保障部 人力资源社会保障部 劳动部`))

// signUpCues make the ministry a place the follower thinks of signing up at.
var signUpCues = strings.Fields(`直接 报名 考证 能考 去考 可以考 报考`)

// containsAny reports whether f contains one of the words.
func containsAny(f string, words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(f, w) })
}

func sortedLongestFirst(ws []string) []string {
	slices.SortStableFunc(ws, func(a, b string) int { return len(b) - len(a) })
	return ws
}

// findGovernment returns the government bodies named in the folded text f,
// each extended to the left over the place names and the 省/市/区/县 right
// before it (金华市人力资源和社会保障局, 浙江省金华市人社局, 市人社局).
func findGovernment(f string, places []knowledge.PlaceMatch) []span {
	var out []span
	for _, w := range governmentWords {
		for off := 0; off < len(f); {
			k := strings.Index(f[off:], w)
			if k < 0 {
				break
			}
			s := span{off + k, off + k + len(w)}
			off = s.end
			if !overlapsAny(s, out) {
				out = append(out, s)
			}
		}
	}
	if containsAny(f, signUpCues) {
		for _, w := range ministryWords {
			if k := strings.Index(f, w); k >= 0 {
				if s := (span{k, k + len(w)}); !overlapsAny(s, out) {
					out = append(out, s)
				}
			}
		}
	}
	for i := range out {
		out[i].start = extendOverPlaces(f, out[i].start, places)
	}
	slices.SortFunc(out, func(a, b span) int { return a.start - b.start })
	return out
}

// extendOverPlaces moves start left over the place names that end right at
// it, or else over one administrative character (市人社局).
func extendOverPlaces(f string, start int, places []knowledge.PlaceMatch) int {
	moved := false
	for {
		i := slices.IndexFunc(places, func(p knowledge.PlaceMatch) bool { return p.End == start })
		if i < 0 {
			break
		}
		start, moved = places[i].Start, true
	}
	if !moved {
		if r, size := utf8.DecodeLastRuneInString(f[:start]); strings.ContainsRune("省市区县州", r) {
			start -= size
		}
	}
	return start
}

// levelWords map the words for skill levels to the level; 0 marks words that
// look like a level but are none of the five (特级技师, 技师学院).
var levelWords = sortedLongestFirst([]string{
	"高级技师", "技师", "高级工", "中级工", "初级工", "高级", "中级", "初级",
	"一级", "二级", "三级", "四级", "五级", "1级", "2级", "3级", "4级", "5级",
	"特级技师", "首席技师", "技师学院", "技师学校", "高级中学", "初级中学", "学徒工",
})

var levelOf = map[string]knowledge.Level{
	"高级技师": knowledge.Level1, "技师": knowledge.Level2, "高级工": knowledge.Level3,
	"中级工": knowledge.Level4, "初级工": knowledge.Level5,
	"高级": knowledge.Level3, "中级": knowledge.Level4, "初级": knowledge.Level5,
	"一级": knowledge.Level1, "二级": knowledge.Level2, "三级": knowledge.Level3,
	"四级": knowledge.Level4, "五级": knowledge.Level5,
	"1级": knowledge.Level1, "2级": knowledge.Level2, "3级": knowledge.Level3,
	"4级": knowledge.Level4, "5级": knowledge.Level5,
}

// findLevels returns the skill levels named in the folded text f outside the
// masked spans (occupation names such as 临床营养技师, certificates such as
// 一级建造师), sorted from 5 to 1, and where they were. A range (五级到三级,
// 三到五级, 5-3级) gives every level in it.
func findLevels(f string, masked []span) ([]knowledge.Level, []span) {
	var levels []knowledge.Level
	var spans []span
	add := func(from, to knowledge.Level) {
		for l := min(from, to); l <= max(from, to); l++ {
			if !slices.Contains(levels, l) {
				levels = append(levels, l)
			}
		}
	}
	prev := span{-1, -1}
	var prevLevel knowledge.Level
	for i := 0; i < len(f); {
		w := levelWordAt(f[i:])
		s := span{i, i + len(w)}
		if w == "" || overlapsAny(s, masked) {
			_, size := utf8.DecodeRuneInString(f[i:])
			i += size
			continue
		}
		i = s.end
		l := levelOf[w]
		if l == 0 {
			continue
		}
		add(l, l)
		if from, n := rangeFrom(f[:s.start]); n > 0 {
			add(from, l)
			s.start -= n
		} else if prev.end >= 0 && isRangeBetween(f[prev.end:s.start]) {
			add(prevLevel, l)
		}
		spans = append(spans, s)
		prev, prevLevel = s, l
	}
	slices.SortFunc(levels, func(a, b knowledge.Level) int { return int(b) - int(a) })
	return levels, spans
}

// levelWordAt returns the level word s starts with, or "".
func levelWordAt(s string) string {
	for _, w := range levelWords {
		if strings.HasPrefix(s, w) {
			return w
		}
	}
	return ""
}

// isRangeBetween reports whether the text between two level words makes a
// range of them (至, 到, -, ~).
func isRangeBetween(s string) bool {
	switch s {
	case "至", "到", "-", "~", "～", "—", "－":
		return true
	}
	return false
}

// rangeFrom reads a bare numeral and range sign right before a level word
// (the 三到 of 三到五级, the 5- of 5-3级) and returns its level and byte
// length, or 0, 0.
func rangeFrom(before string) (knowledge.Level, int) {
	sign, n := utf8.DecodeLastRuneInString(before)
	if n == 0 || !isRangeBetween(string(sign)) {
		return 0, 0
	}
	num, m := utf8.DecodeLastRuneInString(before[:len(before)-n])
	for _, digits := range []string{"一二三四五", "12345"} {
		if i := strings.IndexRune(digits, num); i >= 0 {
			return knowledge.Level(utf8.RuneCountInString(digits[:i]) + 1), n + m
		}
	}
	return 0, 0
}
