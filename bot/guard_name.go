package bot

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian/advisor/knowledge"
)

// instEndings are what a body's name ends in.
var instEndings = []string{"协会", "学会", "研究会", "促进会", "商会", "联合会", "基金会", "学校", "职校", "技校", "学院", "大学",
	"研究院", "医院", "中心", "公司", "集团", "机构", "基地", "工作站", "服务站", "培训站", "鉴定站", "考试站", "研究所",
	"事务所", "培训所", "鉴定所", "培训部", "服务部", "俱乐部", "工作室", "合作社", "评价组织"}

// instNameMaxRunes bounds how far before its ending a name is looked for.
const instNameMaxRunes = 24

// instNames finds institution-like names in s: words (Han, letters, digits,
// ·) ending in an instEnding, each starting after the previous one. A name
// found starts too early when it follows other words ("联系金华市某某学校");
// what counts is its end and the few characters before the ending.
func instNames(s string) []span {
	var ends []int
	for _, e := range instEndings {
		for off := 0; ; {
			i := strings.Index(s[off:], e)
			if i < 0 {
				break
			}
			ends = append(ends, off+i+len(e))
			off += i + len(e)
		}
	}
	slices.Sort(ends)
	ends = slices.Compact(ends)
	var out []span
	prev := 0
	for _, end := range ends {
		if end <= prev {
			continue
		}
		start := nameStart(s, end, prev)
		if start < 0 {
			continue
		}
		out = append(out, span{start, end})
		prev = end
	}
	return out
}

// nameStart walks back from the ending that closes at end over name
// characters, not past floor or instNameMaxRunes; -1 when nothing precedes the
// ending.
func nameStart(s string, end, floor int) int {
	tail := longestEnding(s[:end])
	i := end - len(tail)
	n := 0
	for i > floor && n < instNameMaxRunes {
		r, size := utf8.DecodeLastRuneInString(s[floor:i])
		if !(unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r) || r == '·') {
			break
		}
		i -= size
		n++
	}
	if n == 0 {
		return -1
	}
	return i
}

// longestEnding returns the longest instEnding s ends with.
func longestEnding(s string) string {
	best := ""
	for _, e := range instEndings {
		if len(e) > len(best) && strings.HasSuffix(s, e) {
			best = e
		}
	}
	return best
}

// genericTails are endings that name a kind of body, not one body, longest
// first. roleTails among them stay generic after a place name
// ("金华市授权机构"); the others make a place name into a proper name
// ("金华市技工学校").
var (
	genericTails = sortedByLength([]string{
		"社会培训评价组织", "职业培训学校", "职业技术学院", "职业技术学校", "授权机构", "认定机构", "评价机构",
		"鉴定机构", "培训机构", "中介机构", "教育机构", "考试机构", "备案机构", "发证机构", "官方机构", "政府机构",
		"正规机构", "第三方机构", "评价组织", "培训学校", "技工学校", "技术学校", "职业学校", "职业学院", "技师学院",
		"行业协会", "培训中心", "鉴定中心", "考试中心", "服务中心", "评价中心", "认定中心", "培训基地", "实训基地",
		"考核基地", "协会", "学会", "研究会", "促进会", "商会", "联合会", "基金会", "学校", "职校", "技校", "学院",
		"大学", "研究院", "医院", "中心", "公司", "集团", "机构", "基地", "工作站", "服务站", "培训站", "鉴定站",
		"考试站", "研究所", "事务所", "培训所", "鉴定所", "培训部", "服务部", "俱乐部", "工作室", "合作社",
	})
	roleTails = []string{"授权机构", "认定机构", "评价机构", "鉴定机构", "培训机构", "评价组织", "社会培训评价组织",
		"备案机构", "发证机构", "中介机构", "教育机构", "考试机构", "行业协会", "职业院校", "技工院校"}
	// genericLead are words that, ending what precedes a generic tail, make
	// the whole a description ("当地的培训学校", "名单上的机构").
	genericLead = []string{
		"的", "之", "地", "当地", "本地", "外地", "附近", "正规", "合规", "专业", "授权", "备案", "资质", "认可", "指定",
		"合作", "对应", "相关", "有关", "其他", "其它", "这些", "那些", "这家", "那家", "哪家", "哪些", "一些", "某些",
		"多家", "几家", "家", "所", "个", "某", "该", "此", "本", "上述", "以上", "以下", "下列", "下面", "名单上",
		"名单中", "计划中", "公布", "列出", "各", "各类", "各地", "各级", "找", "联系", "咨询", "去", "到", "向", "跟",
		"和", "与", "及", "或", "或者", "以及", "由", "在", "是", "为", "被", "给", "对", "等", "把", "经", "通过", "参加",
		"选择", "推荐", "问", "报名", "普通", "民办", "公办", "社会", "第三方", "官方", "国家", "省级", "市级",
		"县级", "正式", "有", "没有", "具备", "具有", "靠谱", "大型", "小型", "知名", "合法", "真实", "虚假", "非法",
		"违规", "黑", "野鸡", "山寨", "示例", "冒牌", "假",
	}
	// nationalBodies may always be named.
	nationalBodies = []string{"人力资源社会保障部职业技能鉴定中心", "人社部职业技能鉴定中心", "中国就业培训技术指导中心"}
)

func sortedByLength(s []string) []string {
	sort.SliceStable(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
	return s
}

// removeUnknownNames removes the sentences naming an institution that is not
// among the retrieved entries.
func (g *guardRun) removeUnknownNames(t string) string {
	t, n := removeSentences(t, func(s string) bool {
		return !g.trusted(s) && !strings.Contains(s, warnMarker) && g.unknownName(s) != ""
	})
	if n > 0 {
		g.apply(RuleUnknownInstitution)
	}
	return t
}

// unknownName returns the first institution-like name in sentence s that is
// neither a retrieved body, nor a government body (another rule deals with
// those), nor a description of a kind of body; "" when there is none.
func (g *guardRun) unknownName(s string) string {
	govs := g.c.gov.find(s)
	for _, m := range instNames(s) {
		cand := s[m.start:m.end]
		if overlaps(govs, m.start, m.end) || compoundWord(cand, s[m.end:]) {
			continue
		}
		if g.knownAt(s, m.start, m.end) || genericName(cand) || g.deniedListed(s, cand) {
			continue
		}
		return cand
	}
	return ""
}

// deniedListed reports whether sentence s names cand, a name the follower
// typed, only to say that it is not in the list ("你问的X不在名单里").
// The match may start before the name ("你问的X").
func (g *guardRun) deniedListed(s, cand string) bool {
	u := g.c.unlistedBody(g.q)
	return u.name != "" && strings.HasSuffix(cand, u.name) && strings.Contains(s, u.name+"不在") && strings.Contains(s, "名单")
}

// compoundWord reports whether a match is part of a longer ordinary word or
// an address: 大学生, 学院路, 中心城区.
func compoundWord(cand, after string) bool {
	next, _ := utf8.DecodeRuneInString(after)
	if next == '生' && (strings.HasSuffix(cand, "大学") || strings.HasSuffix(cand, "学校") || strings.HasSuffix(cand, "学院")) {
		return true
	}
	return strings.ContainsRune("路街道巷弄号楼层室城区", next)
}

// knownAt reports whether the name ending at end in s is covered by what
// the retrieved entries say: a body's name or short name, an address, a
// plan, or the text of a note.
func (g *guardRun) knownAt(s string, start, end int) bool {
	cand := s[start:end]
	tail := longestTail(cand)
	before := []rune(strings.TrimSuffix(cand, tail))
	k := min(2, len(before))
	from := end - len(tail) - len(string(before[len(before)-k:]))
	for _, kn := range g.known {
		for off := 0; off <= from; {
			i := strings.Index(s[off:], kn)
			if i < 0 {
				break
			}
			a := off + i
			if a <= from && a+len(kn) >= end {
				return true
			}
			off = a + 1
			for off < len(s) && !utf8.RuneStart(s[off]) {
				off++
			}
		}
	}
	k = min(4, len(before))
	core := string(before[len(before)-k:]) + tail
	return strings.Contains(g.notes, core)
}

// genericName reports whether an institution-like match describes a kind of
// body ("当地的培训学校", "名单上的授权机构") rather than naming one.
func genericName(cand string) bool {
	tail := longestTail(cand)
	before := strings.TrimSuffix(cand, tail)
	if strings.Trim(before, "Xx某") == "" || utf8.RuneCountInString(before) < 2 {
		return true
	}
	for _, w := range genericLead {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	for _, r := range roleTails {
		if tail == r && strings.ContainsAny(lastRune(before), "省市区县州盟旗") {
			return true
		}
	}
	return false
}

func lastRune(s string) string {
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}

// longestTail returns the longest generic ending of cand.
func longestTail(cand string) string {
	for _, t := range genericTails {
		if strings.HasSuffix(cand, t) {
			return t
		}
	}
	return ""
}

// nameForms returns an institution's name and the shorter forms an answer
// may use: without "示例·" and without its place ("义乌稠城技工学校" →
// "稠城技工学校"), as long as what is left still names it.
func nameForms(in knowledge.Institution) []string {
	forms := []string{in.Name}
	name := strings.TrimPrefix(in.Name, "示例·")
	places := placeWords(in)
	for {
		if name != in.Name && utf8.RuneCountInString(name) >= 4 && !genericName(name) {
			forms = append(forms, name)
		}
		cut := false
		for _, p := range places {
			if strings.HasPrefix(name, p) && len(name) > len(p) {
				name, cut = strings.TrimPrefix(name, p), true
				break
			}
		}
		if !cut {
			return forms
		}
	}
}

// placeWords are an institution's place names, full and short, longest first.
func placeWords(in knowledge.Institution) []string {
	var out []string
	for _, p := range []string{in.Province, in.City, in.County} {
		if p == "" {
			continue
		}
		out = append(out, p)
		for _, suf := range []string{"省", "市", "区", "县", "自治州", "地区", "盟"} {
			if s := strings.TrimSuffix(p, suf); s != p && utf8.RuneCountInString(s) >= 2 {
				out = append(out, s)
			}
		}
	}
	return sortedByLength(out)
}
