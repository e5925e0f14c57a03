package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Answers without a label ("王芳", "幼师", "都可以") count for the fields the
// dialog asked for.

// workWords are answers about work that need no label.
var workWords = []string{"全职妈妈", "全职宝妈", "宝妈", "待业", "无业", "失业", "退休", "在校生", "学生", "自由职业", "个体户", "务农", "农民", "暂无工作", "没工作", "没有工作", "暂时没工作"}

// anyTimeWords answer "when?" without naming a time.
var anyTimeWords = map[string]bool{"随时": true, "都可以": true, "都行": true, "随时都可以": true, "什么时候都行": true, "什么时候都可以": true, "时间都可以": true, "看老师安排": true, "听老师安排": true}

// elsewhereWords answer "which city?" without naming one; they are taken
// as written.
var elsewhereWords = map[string]bool{"线上": true, "网上": true, "外地": true, "外省": true, "国外": true, "海外": true,
	"其他": true, "其它": true, "其他地方": true, "都可以": true}

// timeHintRe finds a word that says something about time in a bare
// answer to "when?" ("看情况", "下班后", "越快越好"); an answer with none
// ("12345", "abc") is asked again.
var timeHintRe = regexp.MustCompile(`[早晚午夜周末月日号天点时节假期班空快闲年]|情况|随时|方便|安排|以后|之后|都行|都可以|尽量|再说|再定|商量|约|看|随便|不限|不定|待定`)

// noneWords answer a question with "nothing" (work, questions).
var noneWords = map[string]bool{"无": true, "没有": true, "暂无": true, "暂时没有": true, "没": true, "不方便说": true, "保密": true}

// fillerWords are acknowledgements and greetings that answer nothing.
var fillerWords = map[string]bool{
	"好": true, "好的": true, "嗯": true, "嗯嗯": true, "ok": true, "行": true, "可以": true, "是": true, "是的": true,
	"对": true, "对的": true, "没问题": true, "你好": true, "您好": true, "在吗": true, "谢谢": true, "收到": true,
	"明白": true, "知道了": true, "哦": true, "哈哈": true, "老师好": true, "就行": true, "就好": true, "就可以": true, "吧": true,
	"我": true, "我想": true, "想": true, "还有": true, "另外": true,
}

// looksLikeJob reports whether v names an occupation or a workplace.
func looksLikeJob(v string) bool {
	for _, suf := range []string{"师", "员", "工", "生", "妈", "业", "职", "司机", "会计", "护士", "医生", "经理", "主管", "文员", "销售", "厨", "保姆", "月嫂", "老板", "店", "厂", "公司", "单位", "医院", "学校"} {
		if strings.Contains(v, suf) {
			return true
		}
	}
	return false
}

// isHanName reports whether s could be a Chinese name: 2 to 4 Han characters.
func isHanName(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 4
}

// assignLeftover gives the parts no label claimed to the fields the dialog
// asked for, in order, when that leaves no doubt.
func (ps fieldParser) assignLeftover(leftover []string, asked []formField, p *parsed) {
	if len(leftover) == 0 {
		return
	}
	var missing []formField
	for _, f := range asked {
		if !p.has(f) {
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 && slices.Contains(asked, fieldQuestions) {
		p.Questions = joinText(p.Questions, strings.Join(leftover, "，"))
		return
	}
	for _, f := range missing {
		if len(leftover) == 0 {
			return
		}
		leftover = ps.bare(f, leftover, p)
	}
}

// bare assigns an unlabelled answer to f and returns the parts still
// unplaced. Name, city, education and contact take one part; work,
// questions and time take all.
func (ps fieldParser) bare(f formField, leftover []string, p *parsed) []string {
	first, all := leftover[0], strings.Join(leftover, "，")
	switch f {
	case fieldName:
		if plausibleName(first) {
			p.Name = first
			return leftover[1:]
		}
	case fieldCity:
		if utf8.RuneCountInString(first) > 8 || !plausibleName(first) {
			break
		}
		if ps.gaz == nil || elsewhereWords[first] {
			p.City = first
		} else {
			// The gazetteer would have found a place it knows.
			p.unknownCity = first
		}
		return leftover[1:]
	case fieldEducation:
		if noneWords[first] {
			p.Education = "未说明"
			return leftover[1:]
		}
	case fieldContact:
		if wechatIDRe.MatchString(first) {
			p.WeChatID = first
			return leftover[1:]
		}
	case fieldQuestions:
		if noneWords[all] {
			all = "暂无，见面再聊"
		}
		p.Questions = joinText(p.Questions, all)
		return nil
	case fieldWork:
		if noneWords[all] {
			all = "暂无"
		}
		p.Work = all
		return nil
	case fieldTime:
		if timeHintRe.MatchString(all) {
			p.Time = all
		} else {
			p.badTime = true
		}
		return nil
	}
	return leftover
}

// plausibleName reports whether a bare answer can be a name.
func plausibleName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n == 0 || n > 10 || fillerWords[strings.ToLower(s)] || questionLike(s) || noneWords[s] {
		return false
	}
	return !strings.ContainsAny(s, "0123456789") && !roleRe.MatchString(s)
}
