package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dialogCmd is what a message asks the dialogs to do, read from fixed words.
type dialogCmd int

const (
	cmdNone         dialogCmd = iota
	cmdBook                   // start a consultation booking
	cmdMine                   // show my booking
	cmdCancelMine             // cancel my booking (or the dialog in progress)
	cmdEvents                 // list upcoming events
	cmdSignUp                 // sign up for an event
	cmdCancel                 // leave the dialog
	cmdConfirm                // confirm the summary
	cmdModify                 // change a field
	cmdMySignUps              // show my event sign-ups
	cmdCancelSignUp           // cancel an event sign-up (or the sign-up dialog)
)

// starts reports whether c means something outside a dialog too.
func (c dialogCmd) starts() bool {
	switch c {
	case cmdBook, cmdMine, cmdCancelMine, cmdEvents, cmdSignUp, cmdMySignUps, cmdCancelSignUp:
		return true
	}
	return false
}

// bookWords start a consultation booking when a message is one of them
// (after foldCommand), or starts with one followed by the answers.
var bookWords = []string{
	"预约咨询", "预约老师", "预约一对一", "预约", "咨询老师", "咨询顾问", "老师咨询", "转人工客服", "转人工",
	"人工客服", "人工服务", "人工咨询", "找人工", "人工", "一对一咨询", "一对一", "找老师", "约老师",
	"联系老师", "找顾问", "真人客服", "真人", "在线客服", "客服", "付费咨询",
}

var (
	mineWords       = wordSet("我的预约", "查预约", "查看预约", "预约查询", "查询预约", "我的预约单", "预约记录", "查看我的预约", "我预约了吗")
	cancelMineWords = wordSet("取消预约", "取消我的预约", "撤销预约")
	cancelWords     = wordSet("取消", "算了", "不约了", "不预约了", "退出", "不用了", "不要了", "不报了", "不报名了", "不想约了", "结束", "先不约了")
	// idleCancelWords are the cancel words answered when no dialog is open
	// ("现在没有进行中的预约"); the others ("算了", "不用了") may answer
	// anything and are left to the ordinary answer.
	idleCancelWords = wordSet("取消", "退出", "不约了", "不预约了", "不想约了", "先不约了", "不报了", "不报名了")
	mySignUpWords   = wordSet("我的报名", "查看报名", "查报名", "报名查询", "查询报名", "报名记录", "我的活动", "我报名了吗",
		"我报名的活动", "已报名的活动", "查看我的报名", "我的活动报名")
	confirmWords = wordSet("确认", "确定", "是", "是的", "对", "对的", "没问题", "好", "好的", "可以", "提交", "确认提交", "ok", "嗯",
		"没错", "正确", "行", "确认无误", "无误", "确认预约", "确认报名", "都对", "没问题提交", "对的确认")
	eventWords = wordSet("活动", "线下活动", "最近有什么活动", "有什么活动", "近期活动", "活动安排", "最近活动", "有活动吗",
		"最近有活动吗", "有没有活动", "有没有线下活动", "查看活动", "活动列表", "近期有什么活动", "最近的活动", "见面会")
)

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	leadingFillers  = []string{"你好", "您好", "老师好", "老师", "我要", "我想要", "我想", "想要", "麻烦", "帮我", "请"}
	trailingFillers = []string{"一下", "吧", "呀", "啊", "哈", "呢", "嘛"}
	modifyRe        = regexp.MustCompile(`^(?:我要|我想|帮我|请)?(?:修改|更改|改一下|改下|更正|重新填写|重新填|重填|改)(?:一下)?`)
	modifyToRe      = regexp.MustCompile(`(?:改成|改为|换成|更正为|应该是)`)
	modifyWrongRe   = regexp.MustCompile(`(?:填错了|写错了|不对|错了)`)
)

// foldCommand folds a short command: lower case, no spaces or punctuation, no
// politeness around it ("我想预约一下" → "预约").
func foldCommand(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	for changed := true; changed; {
		changed = false
		for _, f := range leadingFillers {
			if t := strings.TrimPrefix(s, f); t != s && t != "" {
				s, changed = t, true
			}
		}
		for _, f := range trailingFillers {
			if t := strings.TrimSuffix(s, f); t != s && t != "" {
				s, changed = t, true
			}
		}
	}
	return s
}

// classify reads the command a message gives, if any. Event sign-up is
// told apart from an exam sign-up ("报名电工") by the events the bot knows.
func (bk *Bookings) classify(text string) dialogCmd {
	n := foldCommand(text)
	switch {
	case n == "":
		return cmdNone
	case cancelMineWords[n]:
		return cmdCancelMine
	case mineWords[n]:
		return cmdMine
	case mySignUpWords[n]:
		return cmdMySignUps
	case isCancelSignUp(n):
		return cmdCancelSignUp
	case cancelWords[n]:
		return cmdCancel
	case confirmWords[n]:
		return cmdConfirm
	case isModify(text):
		return cmdModify
	case bk.isSignUp(n):
		return cmdSignUp
	case isEventsQuestion(n):
		return cmdEvents
	case isBookTrigger(text):
		return cmdBook
	}
	return cmdNone
}

// isBookTrigger reports whether text is a booking word, alone or followed
// by answers ("预约，我叫王芳…").
func isBookTrigger(text string) bool {
	n := foldCommand(text)
	for _, w := range bookWords {
		if n == w {
			return true
		}
	}
	rest := stripTrigger(text)
	return rest != strings.TrimSpace(text) && rest != "" && startsWithSeparator(text, rest)
}

// stripTrigger drops a leading booking word and the politeness before it.
func stripTrigger(text string) string {
	t := strings.TrimSpace(text)
	for _, f := range leadingFillers {
		t = strings.TrimSpace(strings.TrimPrefix(t, f))
	}
	for _, w := range bookWords {
		if r, ok := strings.CutPrefix(t, w); ok {
			return strings.TrimLeftFunc(r, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
		}
	}
	return strings.TrimSpace(text)
}

// startsWithSeparator reports whether, in text, rest follows the trigger
// word after a comma, space or other separator, so "预约考试怎么弄" is not a
// trigger but "预约，我叫王芳" is.
func startsWithSeparator(text, rest string) bool {
	i := strings.LastIndex(text, rest)
	if i <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	if unicode.IsSpace(r) || unicode.IsPunct(r) {
		return true
	}
	before := strings.TrimRightFunc(text[:i], unicode.IsSpace)
	r, _ = utf8.DecodeLastRuneInString(before)
	return unicode.IsPunct(r)
}

// isEventsQuestion reports whether n (normalized) asks for the event list.
func isEventsQuestion(n string) bool {
	if eventWords[n] {
		return true
	}
	if !strings.Contains(n, "活动") || strings.Contains(n, "报名") || utf8.RuneCountInString(n) > 12 {
		return false
	}
	for _, w := range []string{"什么", "有没有", "吗", "最近", "近期", "线下", "安排", "列表", "哪些"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// isSignUp reports whether n (normalized) signs up for an event: "报名",
// "报名活动", "报名 2", "报名金华见面会", "参加活动".
func (bk *Bookings) isSignUp(n string) bool {
	rest, ok := cutSignUp(n)
	if !ok {
		return false
	}
	if rest == "" || strings.Contains(rest, "活动") || allDigits(rest) {
		return true
	}
	_, found := bk.findEvent(rest, true)
	return found
}

// cancelSignUpWords start "取消报名 1".
var cancelSignUpWords = []string{"取消活动报名", "取消报名", "撤销报名", "取消参加", "退出报名"}

// cutCancelSignUp returns what follows a word that cancels a sign-up.
func cutCancelSignUp(n string) (string, bool) {
	for _, w := range cancelSignUpWords {
		if r, ok := strings.CutPrefix(n, w); ok {
			return r, true
		}
	}
	return "", false
}

// isCancelSignUp reports whether n (normalized) cancels an event sign-up:
// "取消报名", "取消报名 2", "取消报名ZJ20261120-0001".
func isCancelSignUp(n string) bool {
	rest, ok := cutCancelSignUp(n)
	return ok && utf8.RuneCountInString(rest) <= 30
}

// cutSignUp returns what follows a sign-up word.
func cutSignUp(n string) (string, bool) {
	for _, w := range []string{"报名参加", "报名活动", "参加活动", "报名"} {
		if r, ok := strings.CutPrefix(n, w); ok {
			return r, true
		}
	}
	return "", false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isModify reports whether text asks to change a field.
func isModify(text string) bool {
	f, _ := parseModify(text)
	return f != "" || modifyWords[foldCommand(text)]
}

// modifyWords ask to change something without naming it.
var modifyWords = wordSet("修改", "更改", "改", "改下", "修改下", "更正", "重新填", "重新填写", "重填", "修改信息", "信息有误", "有错", "填错了", "写错了", "要修改", "需要修改", "不对", "有误", "错了", "信息不对")

// fieldBackground stands for education and work together, in 修改背景.
const fieldBackground formField = "background"

// fieldWords name fields in 修改…, longest first within each field.
var fieldWords = []struct {
	word string
	f    formField
}{
	{"联系方式", fieldContact}, {"手机号码", fieldContact}, {"电话号码", fieldContact}, {"手机号", fieldContact},
	{"微信号", fieldContact}, {"手机", fieldContact}, {"电话", fieldContact}, {"号码", fieldContact}, {"微信", fieldContact},
	{"称呼", fieldName}, {"名字", fieldName}, {"姓名", fieldName},
	{"所在城市", fieldCity}, {"城市", fieldCity}, {"地区", fieldCity},
	{"学历", fieldEducation}, {"工作", fieldWork}, {"职业", fieldWork}, {"背景", fieldBackground},
	{"咨询内容", fieldQuestions}, {"问题", fieldQuestions},
	{"咨询时间", fieldTime}, {"方便时间", fieldTime}, {"时间", fieldTime},
}

// parseModify reads "修改电话" / "改一下时间" / "时间改成周日上午" / "电话填错了":
// the field and the new value when given. It returns "" for no field.
func parseModify(text string) (formField, string) {
	t := strings.TrimSpace(text)
	if loc := modifyRe.FindStringIndex(t); loc != nil {
		rest := strings.TrimSpace(t[loc[1]:])
		if f, after := leadingField(rest); f != "" {
			return f, trimValue(after)
		}
		return "", ""
	}
	if loc := modifyToRe.FindStringIndex(t); loc != nil {
		f, _ := leadingField(strings.TrimSpace(t[:loc[0]]))
		return f, trimValue(t[loc[1]:])
	}
	if loc := modifyWrongRe.FindStringIndex(t); loc != nil {
		f, after := leadingField(strings.TrimSpace(t[:loc[0]]))
		if strings.TrimSpace(after) == "" || strings.TrimSpace(after) == "的" {
			return f, ""
		}
	}
	return "", ""
}

// leadingField finds a field word at the start of s (after 我的/一下).
func leadingField(s string) (formField, string) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "一下"), "我的")
	s = strings.TrimSpace(s)
	for _, fw := range fieldWords {
		if r, ok := strings.CutPrefix(s, fw.word); ok {
			return fw.f, r
		}
	}
	return "", s
}

// trimValue drops the link words before a new value: "成", "为", "是", "：".
func trimValue(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"改成", "改为", "成", "为", "是", "：", ":", "，", ","} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	return s
}
