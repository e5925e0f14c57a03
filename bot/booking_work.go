package bot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Reading the follower's current work ("做幼师", "美容店员工", "在工厂上班",
// "宝妈"), and keeping dialog command words out of every field.

var (
	workLabelRe = regexp.MustCompile(`(?:工作是|职业是|工作[:：]|职业[:：]|目前在?做|现在在?做|从事|在做|是一名|是一个|是个|我是|做|当)\s*`)
	// workPlaceRe finds "在工厂上班" / "在物流公司做司机" / "在家带孩子":
	// 在, a workplace, then a verb of working.
	workPlaceRe = regexp.MustCompile(`在[^在，,。\s]{1,12}?(?:上班|工作|打工|干活|做事|任职|实习|带孩子|带娃|做|当)`)
	// roleRe is a part that ends in a role: "美容店员工", "服装厂工人",
	// "销售经理"; or says what the follower runs: "开美容店的", "跑外卖的".
	roleRe = regexp.MustCompile(`^[\p{Han}A-Za-z0-9]{0,12}(?:员工|工人|店员|职员|老板娘|老板|经理|店长|主管|服务员|营业员|收银员|售货员|业务员|技术员|快递员|保洁员|学徒|普工|技工|文员|保安|保洁|司机|厨师|工程师|出纳|骑手)$|^(?:开|跑|干|搞)[\p{Han}]{1,8}的$`)
)

// workLeads are words before a work answer that are not part of it.
var workLeads = []string{"本人是", "我是", "目前是", "现在是", "本人", "我", "目前", "现在", "平时", "一直", "是"}

// maxWorkPhraseRunes bounds a part read as a whole work description.
const maxWorkPhraseRunes = 20

// trimWorkLead drops "我是" / "目前" and the like from the start of s.
func trimWorkLead(s string) string {
	s = strings.TrimSpace(s)
	for _, l := range workLeads {
		if t, ok := strings.CutPrefix(s, l); ok && t != "" {
			return strings.TrimSpace(t)
		}
	}
	return s
}

// onlyLeads reports whether s is empty or only lead words ("我目前").
func onlyLeads(s string) bool {
	s = strings.TrimSpace(s)
	for s != "" {
		t := s
		for _, l := range workLeads {
			if r, ok := strings.CutPrefix(s, l); ok {
				t = strings.TrimSpace(r)
				break
			}
		}
		if t == s {
			return false
		}
		s = t
	}
	return true
}

// takeWork takes the work out of seg: a workplace phrase ("在工厂上班"), a
// status word ("宝妈", "在读大学生"), or a labelled job ("做幼师", "做保洁的").
func takeWork(seg string, p *parsed) string {
	if rest, ok := takeWorkPlace(seg, p); ok {
		return rest
	}
	for _, w := range workWords {
		if !strings.Contains(seg, w) {
			continue
		}
		if v := trimWorkLead(seg); utf8.RuneCountInString(v) <= 8 {
			// The whole part is the status: "在读大学生", "全职宝妈".
			p.Work = v
			return ""
		}
		p.Work = w
		return strings.Replace(seg, w, " ", 1)
	}
	loc := workLabelRe.FindStringIndex(seg)
	if loc == nil {
		return seg
	}
	label := seg[loc[0]:loc[1]]
	v := strings.TrimSpace(seg[loc[1]:])
	if strings.HasPrefix(label, "做") || strings.HasPrefix(label, "当") {
		v = strings.TrimSuffix(v, "的") // 做保洁的
	}
	if v == "" {
		return seg
	}
	if isDialogWord(v) {
		return "" // "工作：确认" answers nothing
	}
	if strings.HasPrefix(label, "我是") && !looksLikeJob(v) {
		if p.Name == "" && isHanName(v) {
			p.Name, p.labelled = v, true
			return seg[:loc[0]]
		}
		return seg
	}
	p.Work = v
	return seg[:loc[0]]
}

// takeWorkPlace takes a part such as "现在在超市上班" or "在物流公司做司机"
// whole, when nothing but a lead word comes before 在.
func takeWorkPlace(seg string, p *parsed) (string, bool) {
	loc := workPlaceRe.FindStringIndex(seg)
	if loc == nil {
		return seg, false
	}
	if !onlyLeads(seg[:loc[0]]) {
		return seg, false
	}
	v := strings.TrimSuffix(strings.TrimSpace(seg[loc[0]:]), "的")
	if utf8.RuneCountInString(v) > maxWorkPhraseRunes || questionLike(v) {
		return seg, false
	}
	p.Work = v
	return "", true
}

// takeOccupation takes a bare occupation word ("电工", "月嫂") as the work
// when it is all the part says.
func (ps fieldParser) takeOccupation(seg string, p *parsed) string {
	if ps.cat == nil {
		return seg
	}
	v := strings.TrimSpace(seg)
	for _, suf := range []string{"工作", "岗位", "师傅"} {
		v = strings.TrimSuffix(v, suf)
	}
	ms := ps.cat.Find(v)
	if len(ms) == 0 || ms[0].Text != v {
		return seg
	}
	p.Work = strings.TrimSpace(seg)
	return ""
}

// takeRole takes a part that names a role at a workplace ("美容店员工",
// "华为公司员工", "开美容店的") as the work, when it is all the part says.
func takeRole(seg string, p *parsed) string {
	v := trimWorkLead(seg)
	if !roleRe.MatchString(v) || questionLike(v) {
		return seg
	}
	p.Work = strings.TrimSuffix(v, "的")
	return ""
}

// isDialogWord reports whether s is only an acknowledgement ("好的", "嗯")
// or a dialog command ("确认", "取消", "修改"): never a field's value.
func isDialogWord(s string) bool {
	n := foldCommand(s)
	if n == "" {
		return false
	}
	return fillerWords[n] || confirmWords[n] || cancelWords[n] || cancelMineWords[n] || modifyWords[n]
}

// dropDialogWords forgets any value that is only a dialog word, whatever
// label or rule found it ("工作：确认").
func (p *parsed) dropDialogWords() {
	for _, v := range []*string{&p.Name, &p.City, &p.Education, &p.Work, &p.Questions, &p.Time} {
		if isDialogWord(*v) {
			*v = ""
		}
	}
}
