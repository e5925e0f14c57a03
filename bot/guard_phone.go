package bot

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Phone numbers as people write them: landlines with an area code (with or
// without a dash, in brackets), 400/800 numbers, mobiles (with +86, spaces
// or dashes), local numbers next to a word like 电话, and the government
// hotlines. Full-width digits are folded before this runs.
var (
	phoneRunRE    = regexp.MustCompile(`[+(（]?\d[\d \t\-().（）]*\d|\d`)
	digitGroupRE  = regexp.MustCompile(`\d+`)
	mobileRE      = regexp.MustCompile(`^1[3-9]\d{9}$`)
	hiddenPhoneRE = regexp.MustCompile(`0\d{9,11}|[48]00\d{7}|1[3-9]\d{9}`)
	serviceRE     = regexp.MustCompile(`^[48]00\d{7}$`)
	landlineRE    = regexp.MustCompile(`^0\d{9,11}$`)
	localRE       = regexp.MustCompile(`^[2-9]\d{6,7}$`)
	localShapeRE  = regexp.MustCompile(`^\d{3,4}-\d{4}$`)
	dateShapeRE   = regexp.MustCompile(`^(?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2}$`)
	phoneCueRE    = regexp.MustCompile(`(?i)(电话|手机|热线|座机|号码|tel|phone|拨打|致电|打)\s*(是|为|：|:)?\s*$`)
	cnNumeralRE   = regexp.MustCompile(`[零〇一二三四五六七八九幺两](?:[\s\-]*[零〇一二三四五六七八九幺两]){6,}`)
	phoneLeadRE   = regexp.MustCompile(`(?i)(?:(?:的|，)?(?:联系|咨询|报名|办公|服务|客服|值班|固定|移动|官方)?(?:电话号码|电话|手机号码|手机号|手机|热线|座机|号码|tel|phone|mobile)|(?:可以|可|请|直接)?拨(?:打)?|(?:可以|可|请|直接)?致电|(?:可以|可|请|直接)?打|(?:详情)?(?:请见|详见|见|访问|登录|打开|点击|添加|加)\s*(?:网址|网站|官网|链接|微信|QQ|邮箱)?|网址|网站|官网|链接|邮箱)\s*(?:是|为|：|:)?\s*$`)
	phoneExtRE    = regexp.MustCompile(`^\s*(?:转|-|ext\.?)\s*\d{1,5}`)
	danglingRE    = regexp.MustCompile(`(?i)^[\s\pP\pS]*(?:(?:联系|咨询|报名|办公|服务|客服|值班|官方)?(?:电话号码|电话|手机号码|手机号|手机|热线|座机|号码|联系方式|方式|微信号|微信|QQ|邮箱|网址|网站|官网|链接|tel|phone|mobile)|客服|热线|联系|或者|或|以及|及|和|可拨打|请拨打|拨打|可致电|致电|打|欢迎致电|欢迎咨询)?[\s\pP\pS]*(?:是|为)?[\s\pP\pS]*$`)
	emptyLineRE   = regexp.MustCompile(`^[\s\pP\pS]*(?:\d+[.、)）]?)?[\s\pP\pS]*$`)
	phoneDigitsRE = regexp.MustCompile(`\D`)
)

// phoneDigits returns the digits of a phone number, without a +86 or 0086
// prefix on a mobile.
func phoneDigits(s string) string {
	d := phoneDigitsRE.ReplaceAllString(normalizeText(s), "")
	for _, p := range []string{"0086", "86"} {
		if strings.HasPrefix(d, p) && mobileRE.MatchString(d[len(p):]) {
			return d[len(p):]
		}
	}
	return d
}

// samePhone reports whether two digit strings are the same number, a
// landline perhaps written without its area code.
func samePhone(a, b string) bool {
	if a == b {
		return a != ""
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	return landlineRE.MatchString(a) && (len(b) == 7 || len(b) == 8) && strings.HasSuffix(a, b)
}

// localNumber returns a landline's number without its area code (010 and
// 02x have three digits, the others four), other numbers as they are.
func localNumber(p string) string {
	if !landlineRE.MatchString(p) {
		return p
	}
	switch {
	case len(p) == 12:
		return p[4:]
	case len(p) == 11 && (p[1] == '1' || p[1] == '2'):
		return p[3:]
	case len(p) == 11:
		return p[4:]
	}
	return p[len(p)-7:]
}

// phoneSpan is a phone number found in a line.
type phoneSpan struct {
	span
	digits string
}

// findPhones returns the phone numbers in line, in order. known, if not
// nil, reports digits that are a phone number whatever they look like (a
// government body's number written without its area code).
func findPhones(line string, known func(digits string) bool) []phoneSpan {
	var out []phoneSpan
	for _, run := range phoneRunRE.FindAllStringIndex(line, -1) {
		groups := digitGroupRE.FindAllStringIndex(line[run[0]:run[1]], -1)
		for i := range groups {
			groups[i][0] += run[0]
			groups[i][1] += run[0]
		}
		rest := 0 // first group not yet part of a number
		for i := 0; i < len(groups); {
			j := phoneAt(line, groups, i, known)
			if j < 0 {
				i++
				continue
			}
			out = appendHidden(out, line, groups[rest:i])
			a, b := groups[i][0], groups[j][1]
			out = append(out, phoneSpan{span{a, b}, phoneDigits(line[a:b])})
			i, rest = j+1, j+1
		}
		out = appendHidden(out, line, groups[rest:])
	}
	for _, m := range cnNumeralRE.FindAllStringIndex(line, -1) {
		out = append(out, phoneSpan{span{m[0], m[1]}, "cn"})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// phoneAt returns the last of the digit groups from i on that together
// with groups i… make the longest phone number, or -1.
func phoneAt(line string, groups [][]int, i int, known func(string) bool) int {
	for j := len(groups) - 1; j >= i; j-- {
		a, b := groups[i][0], groups[j][1]
		raw := line[a:b]
		d := phoneDigits(raw)
		if isPhoneNumber(d, raw, line[:a]) || (known != nil && len(d) >= 7 && known(d)) {
			return j
		}
	}
	return -1
}

// appendHidden adds the digit groups as one number when a phone number is
// hidden in them ("1391234567800"): it still reads as one.
func appendHidden(out []phoneSpan, line string, groups [][]int) []phoneSpan {
	if len(groups) == 0 {
		return out
	}
	a, b := groups[0][0], groups[len(groups)-1][1]
	if d := phoneDigits(line[a:b]); hiddenPhoneRE.MatchString(d) && !dateShapeRE.MatchString(line[a:b]) {
		out = append(out, phoneSpan{span{a, b}, d})
	}
	return out
}

// isPhoneNumber reports whether the digits d, written as raw after the text
// before, are a phone number.
func isPhoneNumber(d, raw, before string) bool {
	switch {
	case mobileRE.MatchString(d), serviceRE.MatchString(d), landlineRE.MatchString(d):
		return true
	case d == "12333" || d == "12345":
		return true
	case localRE.MatchString(d):
		if dateShapeRE.MatchString(raw) {
			return false
		}
		return localShapeRE.MatchString(raw) || phoneCueRE.MatchString(lastRunes(before, 8))
	}
	return false
}

func lastRunes(s string, n int) string {
	for i := len(s); i > 0; {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
		if n == 0 {
			return s[i:]
		}
	}
	return s
}

// removePhones removes every phone number that is not a retrieved body's,
// and a retrieved body's number when it is given next to a government name.
func (g *guardRun) removePhones(t string) string {
	return mapLines(t, func(line string) string {
		var cut []span
		for _, p := range findPhones(line, g.c.gov.isPhone) {
			switch {
			case p.digits == "cn":
				g.apply(RuleUnknownPhone)
			case g.c.gov.isPhone(p.digits):
				g.apply(RuleGovPhone)
			case !g.allowedPhone(p.digits):
				g.apply(RuleUnknownPhone)
			case g.nearGov(line, p.span):
				g.apply(RuleGovPhone)
			default:
				continue
			}
			cut = append(cut, p.span)
		}
		if len(cut) == 0 {
			return line
		}
		return dropContacts(line, cut)
	})
}

func (g *guardRun) allowedPhone(d string) bool {
	for _, p := range g.phones {
		if samePhone(p, d) {
			return true
		}
	}
	return false
}

// nearGov reports whether a number in line is given for a government body:
// the nearest name before it in its sentence is a government body's, or one
// follows right after it.
func (g *guardRun) nearGov(line string, sp span) bool {
	before := line[lastSentenceStart(line[:sp.start]):sp.start]
	if govs := g.c.gov.find(before); len(govs) > 0 && govs[len(govs)-1].end > g.lastKnownEnd(before) {
		return true
	}
	after := line[sp.end:]
	if i := strings.IndexAny(after, "。！？!?；;"); i >= 0 {
		after = after[:i]
	}
	govs := g.c.gov.find(after)
	if len(govs) == 0 || utf8.RuneCountInString(after[:govs[0].start]) > 6 {
		return false
	}
	first := g.firstKnownStart(after)
	return first < 0 || govs[0].start < first
}

// lastKnownEnd is where the last retrieved body's name in s ends, or -1.
func (g *guardRun) lastKnownEnd(s string) int {
	end := -1
	for _, h := range g.hits {
		for _, n := range nameForms(h.Institution) {
			if i := strings.LastIndex(s, n); i >= 0 && i+len(n) > end {
				end = i + len(n)
			}
		}
	}
	return end
}

// firstKnownStart is where the first retrieved body's name in s starts, or -1.
func (g *guardRun) firstKnownStart(s string) int {
	first := -1
	for _, h := range g.hits {
		for _, n := range nameForms(h.Institution) {
			if i := strings.Index(s, n); i >= 0 && (first < 0 || i < first) {
				first = i
			}
		}
	}
	return first
}

// cutSpans removes the spans from line with the words that announce them
// ("电话：", "拨打") and brackets around them, and a clause left with hardly
// anything to say ("有问题打…"); then the clauses left with only
// labels and punctuation. It returns "" when nothing is left of the line.
func cutSpans(line string, spans []span) string {
	spans = mergeSpans(spans)
	for k := len(spans) - 1; k >= 0; k-- {
		limit := 0 // the cuts still to make lie before limit
		if k > 0 {
			limit = spans[k-1].end
		}
		a, b := spans[k].start, spans[k].end
		if m := phoneExtRE.FindStringIndex(line[b:]); m != nil {
			b += m[1]
		}
		if m := phoneLeadRE.FindStringIndex(line[limit:a]); m != nil {
			a = limit + m[0]
		}
		if strings.HasSuffix(line[limit:a], "（") && strings.HasPrefix(line[b:], "）") {
			a, b = a-len("（"), b+len("）")
		} else if strings.HasSuffix(line[limit:a], "(") && strings.HasPrefix(line[b:], ")") {
			a, b = a-1, b+1
		}
		line = line[:a] + line[b:]
		line = dropThinClause(line, a, limit)
	}
	return dropDangling(line)
}

// dropThinClause removes the clause around byte offset at when fewer than
// five letters are left in it, unless it starts before limit.
func dropThinClause(line string, at, limit int) string {
	start := 0
	for _, r := range clauseEnds {
		if i := strings.LastIndex(line[:at], string(r)); i >= 0 && i+len(string(r)) > start {
			start = i + len(string(r))
		}
	}
	end := len(line)
	if i := strings.IndexAny(line[at:], clauseEnds); i >= 0 {
		_, size := utf8.DecodeRuneInString(line[at+i:])
		end = at + i + size
	}
	clause := strings.TrimRight(line[start:end], clauseEnds)
	if start < limit || letters(clause) >= 5 || strings.ContainsAny(clause, "（(") {
		return line
	}
	return line[:start] + line[end:]
}

// dropDangling removes the clauses of a line left with nothing but labels
// and punctuation, and the line when nothing is left of it.
func dropDangling(line string) string {
	var b strings.Builder
	for _, c := range splitKeep(line, "，,；;。、") {
		if danglingRE.MatchString(c) {
			continue
		}
		b.WriteString(c)
	}
	out := strings.TrimRight(b.String(), " ")
	if emptyLineRE.MatchString(out) {
		return ""
	}
	if strings.HasSuffix(out, "，") || strings.HasSuffix(out, "、") || strings.HasSuffix(out, ",") {
		_, size := utf8.DecodeLastRuneInString(out)
		out = out[:len(out)-size]
		if strings.HasSuffix(strings.TrimSpace(line), "。") {
			out += "。"
		}
	}
	return out
}

// Contacts the KB never holds: e-mail addresses, WeChat and QQ IDs; and
// links to sites the KB does not name.
var (
	emailRE  = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	wechatRE = regexp.MustCompile(`(?i)(?:微信号?|威信|v信|vx|wx|wechat)\s*[:：是为]?\s*[a-zA-Z][-_a-zA-Z0-9]{5,19}`)
	qqRE     = regexp.MustCompile(`(?i)qq(?:号|群)?\s*[:：是为]?\s*\d{5,11}`)
	linkRE   = regexp.MustCompile(`(?i)(?:https?://)?(?:[a-z0-9-]+\.)+(?:cn|com|net|org|gov|edu|info|top|xyz|io|cc|me|site|vip|club|co|online|ltd|shop)(?::\d+)?(?:/[A-Za-z0-9\-._~%/?#=&+]*)?`)
)

// removeContacts removes e-mail addresses, WeChat and QQ IDs, and links to
// hosts the KB does not vouch for.
func (g *guardRun) removeContacts(t string) string {
	return mapLines(t, func(line string) string {
		var cut []span
		for _, re := range []*regexp.Regexp{emailRE, wechatRE, qqRE} {
			for _, m := range re.FindAllStringIndex(line, -1) {
				cut = append(cut, span{m[0], m[1]})
			}
		}
		for _, m := range linkRE.FindAllStringIndex(line, -1) {
			if !overlaps(cut, m[0], m[1]) && !g.c.vouched(line[m[0]:m[1]]) {
				cut = append(cut, span{m[0], m[1]})
			}
		}
		if len(cut) == 0 {
			return line
		}
		g.apply(RuleUnknownContact)
		return dropContacts(line, cut)
	})
}

func overlaps(spans []span, a, b int) bool {
	for _, sp := range spans {
		if a < sp.end && b > sp.start {
			return true
		}
	}
	return false
}

// mergeSpans merges overlapping spans.
func mergeSpans(spans []span) []span {
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var out []span
	for _, sp := range spans {
		if n := len(out); n > 0 && sp.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, sp.end)
			continue
		}
		out = append(out, sp)
	}
	return out
}
