package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian/advisor/knowledge"
)

var (
	// phoneRe finds a mainland mobile number, spaces and dashes allowed
	// between digits; neighbouring digits are checked by the caller.
	phoneRe = regexp.MustCompile(`(?:\+?86[\s-]?)?1[3-9](?:[\s-]?\d){9}`)
	// digitRunRe finds any longer number, to tell a mistyped phone apart.
	digitRunRe = regexp.MustCompile(`\d(?:[\s-]?\d){6,}`)
	dateLikeRe = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`)
	// wechatLabelRe finds a labelled WeChat ID and captures the value. A
	// Latin label glued to the value may be part of the ID itself (wxid_…);
	// takeContact checks that.
	wechatLabelRe = regexp.MustCompile(`(?i)(?:微信号|微信|\bwechat|\bvx|\bwx|v信)\s*(?:号|id)?\s*(?:[:：]|是|为)?\s*([^\s，,。；;、]*)`)
	// wechatIDRe is WeChat's rule for an ID: 6 to 20 characters, letters,
	// digits, _ and -, starting with a letter.
	wechatIDRe   = regexp.MustCompile(`^[a-zA-Z][-_a-zA-Z0-9]{5,19}$`)
	citySuffixRe = regexp.MustCompile(`([\p{Han}]{2,6}[市县区])`)
	segmentRe    = regexp.MustCompile(`[，,。；;、!！~～\s]+`)

	nameLabelRe      = regexp.MustCompile(`(?:我的名字是|名字是|名字叫|我叫|叫我|称呼我?|姓名)\s*(?:是|为)?[:：]?\s*`)
	surnameRe        = regexp.MustCompile(`^(?:我|本人)?姓([\p{Han}])`)
	questionsLabelRe = regexp.MustCompile(`(?:主要想问|想问问|想问|想咨询|咨询一下|想了解|了解一下|问一下|我的问题是|问题是|问题[:：]|想知道|请问)(?:一下)?\s*[:：]?\s*`)
	// questionsVerbRe starts a question whose verb belongs to it: 想考电工证.
	questionsVerbRe = regexp.MustCompile(`(?:想考|想报|想拿|打算考|准备考|要考)`)
	educationRe     = regexp.MustCompile(`(?:学历)?[:：是]?(初中|高中|中专|职高|技校|中技|大专|专科|本科|硕士|研究生|博士|小学)(?:毕业|学历|文凭|在读)?`)
	timeRe          = regexp.MustCompile(`(?:(?:下|这|本)?(?:周|星期|礼拜)[一二三四五六日天末]|工作日|节假日|双休日?|今天|明天|后天|大后天|上午|下午|中午|晚上|早上|傍晚|白天|\d{1,2}月\d{1,2}[日号]?|\d{1,2}[日号]|(?:\d{1,2}|[一二三四五六七八九十两]{1,3})[点时](?:半|\d{1,2}分?)?|\d{1,2}[:：]\d{2})`)
	timeSuffixRe    = regexp.MustCompile(`^(?:以后|之后|以前|之前|前后|左右|后|前|都可以|都行|有空|方便)`)
	questionWordRe  = regexp.MustCompile(`[？?]|哪里|哪儿|哪个|哪些|怎么|怎样|如何|什么|多少|为什么|能不能|可不可以|是不是|有没有|吗|呢$`)
)

// fieldParser reads booking answers; gaz may be nil (a 市/县/区 suffix rule then
// finds cities, and any short bare answer counts as one); cat may be nil (only
// workWords and labels then find the work).
type fieldParser struct {
	gaz *knowledge.Gazetteer
	cat *knowledge.Catalog
}

// parse reads every field a message gives. asked are the fields the dialog
// just asked for: a bare answer ("王芳", "周六", "无") counts for them.
func (ps fieldParser) parse(text string, asked []formField) parsed {
	var p parsed
	rest := ps.takeContact(text, &p)
	var leftover []string
	for _, seg := range segmentRe.Split(rest, -1) {
		if seg = strings.TrimSpace(seg); seg == "" {
			continue
		}
		if l := ps.segment(seg, asked, &p); l != "" {
			leftover = append(leftover, l)
		}
	}
	ps.assignLeftover(leftover, asked, &p)
	p.dropDialogWords()
	p.Name = cutRunes(p.Name, maxNameRunes)
	p.City = cutRunes(p.City, maxShortRunes)
	p.Work = cutRunes(p.Work, maxShortRunes)
	p.Time = cutRunes(p.Time, maxShortRunes)
	p.Questions = cutRunes(p.Questions, maxQuestionsRunes)
	return p
}

// takeContact takes mobile numbers and labelled WeChat IDs out of text and
// returns what is left.
func (ps fieldParser) takeContact(text string, p *parsed) string {
	text = replaceMatches(text, phoneRe, func(m string) bool {
		d := digitsOnly(m)
		d = strings.TrimPrefix(d, "86")
		if p.Phone == "" {
			p.Phone = d
		}
		p.labelled = true
		return true
	})
	text = replaceMatches(text, digitRunRe, func(m string) bool {
		if dateLikeRe.MatchString(m) {
			return false
		}
		p.badPhone = true
		return true
	})
	text = replaceAllSubmatch(text, wechatLabelRe, func(m, v string) {
		p.labelled = true
		if gluedWeChatID(m) {
			// "wxid_abc": the whole word is the ID, not wx + "id_abc".
			v = m
		}
		switch {
		case wechatIDRe.MatchString(v):
			p.WeChatID = v
		case v == "" || strings.Contains(v, "手机") || strings.Contains(v, "同号") || strings.Contains(v, "电话"):
			// "微信同手机号": the phone (if any) is the contact.
		default:
			p.badWeChat = true
		}
	})
	if p.Phone != "" {
		p.WeChatID = ""
	}
	return text
}

// replaceMatches blanks every match of re in s for which take reports true.
// Matches glued to further digits are not numbers of their own and are
// left alone.
func replaceMatches(s string, re *regexp.Regexp, take func(string) bool) string {
	var b strings.Builder
	last := 0
	for _, loc := range re.FindAllStringIndex(s, -1) {
		if touchesDigit(s, loc[0], loc[1]) || !take(s[loc[0]:loc[1]]) {
			continue
		}
		b.WriteString(s[last:loc[0]])
		b.WriteString(" ")
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// replaceAllSubmatch blanks every match of re (with one group) in s,
// handing the whole match and the group to fn.
func replaceAllSubmatch(s string, re *regexp.Regexp, fn func(m, group string)) string {
	return re.ReplaceAllStringFunc(s, func(m string) string {
		fn(m, re.FindStringSubmatch(m)[1])
		return " "
	})
}

// gluedWeChatID reports whether a labelled match such as "wxid_abc" or
// "vx_lee2024" is one WeChat ID: it starts with a Latin label, has no
// separator between the label and the value, and has the shape of an ID.
func gluedWeChatID(m string) bool {
	r, _ := utf8.DecodeRuneInString(m)
	return r < utf8.RuneSelf && unicode.IsLetter(r) && wechatIDRe.MatchString(m)
}

func touchesDigit(s string, i, j int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[j:])
	return unicode.IsDigit(before) || unicode.IsDigit(after)
}

func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// segment reads the labelled fields of one comma-separated part of a
// message and returns what it could not place.
func (ps fieldParser) segment(seg string, asked []formField, p *parsed) string {
	if !anyTimeWords[seg] && questionLike(seg) && !hasLabel(seg) {
		// A question is the follower's question for the consultant, never a
		// city or a time ("金华哪里能考育婴员").
		p.Questions = joinText(p.Questions, seg)
		return ""
	}
	seg = ps.takeName(seg, p)
	if loc := questionsLabelRe.FindStringIndex(seg); loc != nil {
		if q := strings.TrimSpace(seg[loc[1]:]); q != "" {
			p.Questions = joinText(p.Questions, q)
			p.labelled = true
		}
		seg = seg[:loc[0]]
	} else if loc := questionsVerbRe.FindStringIndex(seg); loc != nil {
		p.Questions = joinText(p.Questions, seg[loc[0]:])
		p.labelled = true
		seg = seg[:loc[0]]
	}
	if m := educationRe.FindStringSubmatchIndex(seg); m != nil {
		p.Education = normalEducation(seg[m[2]:m[3]])
		seg = seg[:m[0]] + " " + seg[m[1]:]
	}
	seg = takeTime(seg, asked, p)
	// A bare place name counts when the city was asked for (or nothing in
	// particular was); otherwise only with 在/来自, so that a name such as
	// 周宁 is not read as 周宁县.
	anyCity := len(asked) == 0 || slices.Contains(asked, fieldCity)
	seg = ps.takeCity(seg, anyCity, p)
	seg = takeWork(seg, p)
	anyWork := len(asked) == 0 || slices.Contains(asked, fieldWork)
	if anyWork && p.Work == "" {
		seg = ps.takeOccupation(seg, p)
	}
	if anyWork && p.Work == "" {
		seg = takeRole(seg, p)
	}
	return strings.TrimSpace(trimFiller(seg))
}

// hasLabel reports whether seg carries a label other than a question's.
func hasLabel(seg string) bool {
	return nameLabelRe.MatchString(seg) || questionsLabelRe.MatchString(seg)
}

// takeName takes "我叫王芳" / "称呼：王女士" / "姓王" out of seg.
func (ps fieldParser) takeName(seg string, p *parsed) string {
	if loc := nameLabelRe.FindStringIndex(seg); loc != nil {
		name, rest := cutName(seg[loc[1]:])
		if name != "" {
			p.Name, p.labelled = name, true
			return seg[:loc[0]] + " " + rest
		}
	}
	if m := surnameRe.FindStringSubmatchIndex(seg); m != nil {
		p.Name, p.labelled = seg[m[2]:m[3]], true
		return seg[m[1]:]
	}
	return seg
}

// cutName splits "王芳在金华" into the name and the rest: a name ends where a
// word that starts another answer begins.
func cutName(s string) (name, rest string) {
	s = strings.TrimSpace(s)
	end := len(s)
	for _, stop := range []string{"在", "是", "来自", "住", "今年", "现在", "目前", "想", "做", "从事", "就", "吧", "(", "（"} {
		if i := strings.Index(s, stop); i > 0 && i < end {
			end = i
		}
	}
	name = strings.TrimSpace(s[:end])
	if utf8.RuneCountInString(name) > 10 {
		return "", s
	}
	return name, s[end:]
}

// takeTime takes the span from the first to the last time word in seg.
func takeTime(seg string, asked []formField, p *parsed) string {
	if anyTimeWords[strings.TrimSpace(seg)] {
		if slices.Contains(asked, fieldTime) {
			p.Time = strings.TrimSpace(seg)
			return ""
		}
		return seg
	}
	locs := timeRe.FindAllStringIndex(seg, -1)
	if len(locs) == 0 {
		return seg
	}
	start, end := locs[0][0], locs[len(locs)-1][1]
	if m := timeSuffixRe.FindStringIndex(seg[end:]); m != nil {
		end += m[1]
	}
	t := strings.TrimSpace(seg[start:end])
	p.Time = joinText(p.Time, t)
	return seg[:start] + " " + seg[end:]
}

// takeCity takes a place name out of seg: the gazetteer's reading, else a
// word ending in 市, 县 or 区. Unless anyCity, the place must follow 在,
// 来自 or 坐标.
func (ps fieldParser) takeCity(seg string, anyCity bool, p *parsed) string {
	var start, end int
	var city string
	if ps.gaz != nil {
		ms := ps.gaz.Find(seg)
		if len(ms) == 0 {
			return seg
		}
		r, alts := ps.gaz.Resolve(ms)
		city, start, end = regionName(r, alts, ms), ms[0].Start, ms[len(ms)-1].End
	} else {
		m := citySuffixRe.FindStringSubmatchIndex(seg)
		if m == nil {
			return seg
		}
		city, start, end = seg[m[2]:m[3]], m[0], m[1]
	}
	before := seg[:start]
	labelled := false
	for _, l := range []string{"在", "来自", "坐标", "城市是", "城市："} {
		if strings.HasSuffix(before, l) {
			before, labelled = strings.TrimSuffix(before, l), true
			break
		}
	}
	if !anyCity && !labelled {
		return seg
	}
	p.City = city
	p.labelled = p.labelled || labelled
	after := strings.TrimPrefix(strings.TrimPrefix(seg[end:], "市"), "人")
	return before + " " + after
}

// regionName names a resolved place for the consultant: 金华市义乌市, or the
// most likely reading of an ambiguous name, or the words as typed.
func regionName(r knowledge.Region, alts []knowledge.Region, ms []knowledge.PlaceMatch) string {
	if r.IsZero() && len(alts) > 0 {
		r = alts[0]
	}
	switch {
	case r.City != "" && r.County != "" && r.City != r.Province:
		return r.City + r.County
	case r.County != "":
		return r.City + r.County
	case r.City != "":
		return r.City
	case r.Province != "":
		return r.Province
	}
	return ms[0].Text
}

// questionLike reports whether s reads as a question.
func questionLike(s string) bool { return questionWordRe.MatchString(s) }

func normalEducation(s string) string {
	switch s {
	case "专科":
		return "大专"
	case "研究生":
		return "硕士"
	}
	return s
}

// trimFiller drops a part that only acknowledges ("好的", "嗯") or is a
// dialog command ("确认", "修改"): such a part answers nothing.
func trimFiller(s string) string {
	if isDialogWord(s) {
		return ""
	}
	return s
}

func joinText(a, b string) string {
	b = strings.TrimSpace(b)
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "，" + b
}

// clip keeps the first n runes of s.
func cutRunes(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
