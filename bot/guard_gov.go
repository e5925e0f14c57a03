package bot

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// govIndex knows the government bodies of the whole KB, not only those
// retrieved for a question.
type govIndex struct {
	gaz    *knowledge.Gazetteer
	rows   []knowledge.Institution // 政府部门 rows
	names  []string                // their names, longest first
	phones []string                // digits of their phone numbers, and the 人社 hotlines
	addrs  []string                // their addresses, when specific enough to find
}

// govHotlines are government service numbers: never a place to sign up.
var govHotlines = []string{"12333", "12345"}

func newGovIndex(base *knowledge.Base) govIndex {
	gi := govIndex{gaz: knowledge.DefaultGazetteer(), phones: slices.Clone(govHotlines)}
	for _, in := range base.Institutions {
		if !in.IsGovernment() {
			continue
		}
		gi.rows = append(gi.rows, in)
		gi.names = append(gi.names, in.Name)
		for _, p := range in.Phones {
			if d := phoneDigits(p); d != "" {
				gi.phones = append(gi.phones, d)
			}
		}
		if a := strings.TrimSpace(in.Address); utf8.RuneCountInString(a) >= 6 && !strings.Contains(a, "示例地址") {
			gi.addrs = append(gi.addrs, a)
		}
	}
	sort.Slice(gi.names, func(i, j int) bool { return len(gi.names[i]) > len(gi.names[j]) })
	return gi
}

// govRE finds government bodies by the words people use for them. A match
// right after 部 (人社部职业技能鉴定中心, the national OSTA) is not a local
// body and is skipped by find.
var govRE = regexp.MustCompile(`人力资源(?:和|与)?社会保障(?:局|厅)|人力社保(?:局|厅)|人社(?:分?局|厅|窗口)|劳动(?:和社会保障|保障)?局|(?:职业)?技能鉴定(?:指导)?中心|鉴定指导中心`)

// span is a byte range of a text.
type span struct{ start, end int }

// find returns the government bodies named in s, as non-overlapping spans
// in order: KB names first, then the generic words.
func (gi govIndex) find(s string) []span {
	var out []span
	covered := func(a, b int) bool {
		for _, sp := range out {
			if a < sp.end && b > sp.start {
				return true
			}
		}
		return false
	}
	for _, name := range gi.names {
		for off := 0; ; {
			i := strings.Index(s[off:], name)
			if i < 0 {
				break
			}
			a, b := off+i, off+i+len(name)
			if !covered(a, b) {
				out = append(out, span{a, b})
			}
			off = b
		}
	}
	if govHint(s) {
		for _, m := range govRE.FindAllStringIndex(s, -1) {
			if !strings.HasSuffix(s[:m[0]], "部") && !covered(m[0], m[1]) {
				out = append(out, span{m[0], m[1]})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// named returns the government bodies named in s like find, each extended
// to the left over the place names right before it (金华市人社局).
func (gi govIndex) named(s string) []span {
	spans := gi.find(s)
	if len(spans) == 0 {
		return nil
	}
	places := gi.gaz.Find(s)
	for i := range spans {
		for moved := true; moved; {
			moved = false
			for _, p := range places {
				if p.End == spans[i].start && p.Start < p.End {
					spans[i].start, moved = p.Start, true
				}
			}
		}
	}
	return spans
}

// govHint reports whether s may hold a word govRE finds (a cheap test
// before the regexp).
func govHint(s string) bool {
	for _, w := range []string{"人力", "人社", "劳动", "鉴定"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// mentions reports whether s names a government body.
func (gi govIndex) mentions(s string) bool { return len(gi.find(s)) > 0 }

// ambiguousGovWords may name a government office or not: followers call
// evaluation bodies 鉴定中心 too ("想跟鉴定中心合作招生"), and name the 人社
// offices when asking where plans are published. Named bare, they call for
// the warning only when the follower may be looking for where to sign up.
var ambiguousGovWords = []string{"鉴定中心", "人社部门", "人力资源和社会保障部门", "人力资源社会保障部门", "社保局", "社保中心",
	"就业局", "就业服务局", "就业服务中心", "人才市场", "人才中心", "人才服务中心", "人事考试中心"}

// asked reports whether the follower mentioned a government body, by name
// or by one of its phone numbers.
func (gi govIndex) asked(q retrieval.Query) bool {
	if gi.mentions(normalizeText(q.Text)) || gi.phoneIn(q.Text) {
		return true
	}
	signUp := q.Intent == retrieval.IntentListBodies || q.Intent == retrieval.IntentOther || q.Intent == ""
	for _, g := range q.Government {
		if signUp || !slices.Contains(ambiguousGovWords, strings.TrimSpace(g)) {
			return true
		}
	}
	return false
}

// phoneIn reports whether text gives a government body's phone number.
func (gi govIndex) phoneIn(text string) bool {
	_, ok := gi.phoneOwner(text)
	return ok
}

// phoneOwner returns the name of the government body whose phone number
// text gives ("" for a hotline such as 12333), and whether it gives one.
func (gi govIndex) phoneOwner(text string) (string, bool) {
	for _, p := range findPhones(normalizeText(text), gi.isPhone) {
		if p.digits == "cn" || !gi.isPhone(p.digits) {
			continue
		}
		for _, row := range gi.rows {
			for _, rp := range row.Phones {
				if d := phoneDigits(rp); d != "" && (samePhone(d, p.digits) || strings.Contains(p.digits, localNumber(d)) && len(localNumber(d)) >= 7) {
					return row.Name, true
				}
			}
		}
		return "", true
	}
	return "", false
}

// isPhone reports whether digits are, or contain, a government body's
// number (with or without its area code).
func (gi govIndex) isPhone(digits string) bool {
	for _, p := range gi.phones {
		if samePhone(p, digits) {
			return true
		}
		if local := localNumber(p); len(local) >= 7 && strings.Contains(digits, local) {
			return true
		}
	}
	return false
}

// Cues in a clause that names a government body.
var (
	// govDenyRE says the body is not the place.
	govDenyRE = regexp.MustCompile(`不直接|不受理|不负责|不办理|不组织|不接受|不承办|不参与|不提供|不开展|不是|并非|不再|不能|无法|不要|不用去|不用找|不必|别去|别找|没有(?:资格|资质|权限)|不具备|退出`)
	// govUnsafeRE turns a denial around, or urges to go straight there.
	govUnsafeRE = regexp.MustCompile(`不是不|并非不|不是没|也能|也可以|也行|照样|一样可以|其实可以|仍然可以|仍可|还是可以|可以直接|直接去|直接到|直接找|直接报|直接打|直接联系|直接咨询|直接拨|没问题`)
	// govStrongRE is signing up or contacting.
	govStrongRE = regexp.MustCompile(`报名|报考|考证|办证|考试|受理|致电|拨打|电话|联系|咨询|办理|申请|推荐|建议|地址|位于|窗口|大厅|找它|找他们`)
	// govWeakRE is going somewhere, harmless when it is to look something up.
	govWeakRE = regexp.MustCompile(`去|找|到|前往|上门|可以|可`)
	// govFindRE is looking the plan up.
	govFindRE = regexp.MustCompile(`网站|官网|公示|公告|通知|栏目|公布|发布|名单|认定计划|监管|监督|备案|查询|查到|查找|搜索`)
	// govOtherRE marks a clause about the authorized bodies, not the
	// government one.
	govOtherRE = regexp.MustCompile(`机构|学校|协会|学院|名单上|名单里`)
	// bracketRE is a bracketed aside.
	bracketRE = regexp.MustCompile(`（[^）]*）|\([^)]*\)`)
)

// removeGovernment removes the sentences that offer a government body as a
// contact or list it, and the sentences giving its address.
func (g *guardRun) removeGovernment(t string) string {
	t, n := removeSentences(t, func(s string) bool {
		// The guard's own warning is safe; lines carrying its marker are
		// replaced by the canonical warning later anyway.
		if g.trusted(s) || strings.Contains(s, warnMarker) {
			return false
		}
		for _, a := range g.c.gov.addrs {
			if strings.Contains(s, a) && !g.knownText(a) {
				return true
			}
		}
		return g.c.gov.mentions(s) && !g.govSentenceSafe(s)
	})
	if n > 0 {
		g.apply(RuleGovRecommendation)
	}
	return t
}

// govSentenceSafe reports whether a sentence naming a government body only
// says what it is or that the plan is published there, and offers it as a
// contact nowhere. Every clause of the sentence counts ("人社局很权威，报名
// 找它就行"), except clauses about the authorized bodies.
func (g *guardRun) govSentenceSafe(s string) bool {
	for _, c := range splitClauses(s) {
		named := g.c.gov.mentions(c)
		if !named && govOtherRE.MatchString(c) {
			continue
		}
		if named && g.bareGovName(c) {
			return false
		}
		if govClauseUnsafe(c) {
			return false
		}
	}
	return true
}

func govClauseUnsafe(c string) bool {
	switch {
	case govUnsafeRE.MatchString(c):
		return true
	case govDenyRE.MatchString(c):
		return false
	case govStrongRE.MatchString(c):
		return true
	}
	return govWeakRE.MatchString(c) && !govFindRE.MatchString(c)
}

// bareGovName reports whether a clause is little more than a government
// body's name, as in a list of contacts.
func (g *guardRun) bareGovName(c string) bool {
	spans := g.c.gov.named(c)
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(c[last:sp.start])
		last = sp.end
	}
	b.WriteString(c[last:])
	rest := bracketRE.ReplaceAllString(b.String(), "")
	rest = strings.TrimLeft(rest, "0123456789.、)） ·")
	return letters(rest) < 2
}

// trusted reports whether a sentence comes from a retrieved note: KB text,
// curated, passes as it is.
func (g *guardRun) trusted(s string) bool {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), "。！？!?；;"))
	return utf8.RuneCountInString(s) >= 8 && strings.Contains(g.notes, s)
}

// knownText reports whether s is part of what the retrieved entries say.
func (g *guardRun) knownText(s string) bool {
	for _, k := range g.known {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

var (
	// govDeptRE finds the 人社 departments sent to: going to them or to
	// their sites. The bare word is an authority (备案, 通知为准), and 人社部
	// (the ministry, as in 联合颁发) is no local body at all.
	govDeptRE = regexp.MustCompile(`(?:去|到|找|上|登录|联系|咨询)[^，。；！？\n]{0,8}?(?:人社部门|人力资源和?社会保障部门|人力社保部门)|(?:人社部门|人力资源和?社会保障部门|人力社保部门)的?(?:官网|网站|窗口|大厅|公众号)`)
	// govGoRE is sending the follower somewhere.
	govGoRE = regexp.MustCompile(`去|到|找|上|登录|官网|网站|窗口|大厅|联系|咨询`)
)

// pointedTo reports whether text sends the follower to a local government
// body, even only to look the plan up on its site ("上当地人社局官网找"):
// a clause names one and says to go there.
func (gi govIndex) pointedTo(text string) bool {
	for _, line := range strings.Split(text, "\n") {
		for _, c := range splitClauses(line) {
			if govDeptRE.MatchString(c) || govGoRE.MatchString(c) && gi.mentions(c) {
				return true
			}
		}
	}
	return false
}
