package bot

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// excerptRunes bounds the part of a note quoted in an offline answer.
const excerptRunes = 300

const textAskMore = "想结合自己的情况细聊，可以回复“预约”一对一咨询。"

func subsidyText(q retrieval.Query, r retrieval.Result) string {
	var b strings.Builder
	if occ := occupationLabel(q); occ != "" {
		b.WriteString("考" + occ + "证书能不能领补贴，要看全国通行的几条规则，都满足才行：\n")
	} else {
		b.WriteString("考了职业技能等级证书能不能领补贴，要看全国通行的几条规则，都满足才行：\n")
	}
	b.WriteString("1. 职业在《职业分类大典》里，属于技能人员职业；\n" +
		"2. 证书由人社部门备案的授权机构颁发，能在全国联网查询（zscx.osta.org.cn）查到；\n" +
		"3. 你是参保职工（一般要求失业保险缴费满一定月数），并在发证后规定时间内申请；\n" +
		"4. 具体金额、条件和申请入口，以当地人社部门的最新通知为准。\n\n" +
		"注意：证书上印着“人社部”字样、写着“联合颁发”，不代表能领补贴，关键还是看上面几条。")
	if said := notesOn(r.Notes, q.Occupation, q.OccupationAsked); said != "" {
		b.WriteString("\n\n" + said)
	}
	if n, ok := noteAbout(r.Notes, "补贴"); ok {
		b.WriteString("\n\n依据：资料库《" + n.Title + "》")
	}
	b.WriteString("\n" + textAskMore)
	return b.String()
}

func policyText(q retrieval.Query, r retrieval.Result) string {
	if len(r.Notes) == 0 {
		return policyFallback(q)
	}
	top := r.Notes[0]
	var b strings.Builder
	b.WriteString(top.Title + "\n\n" + excerpt(top.Body, excerptRunes))
	b.WriteString("\n\n（摘自资料库《" + top.Title + "》")
	if !top.Updated.IsZero() {
		b.WriteString("，" + top.Updated.Format("2006-01-02") + "更新")
	}
	b.WriteString("）")
	if len(r.Notes) > 1 {
		var more []string
		for _, n := range r.Notes[1:min(3, len(r.Notes))] {
			more = append(more, "《"+n.Title+"》")
		}
		b.WriteString("\n相关的还有" + strings.Join(more, "") + "，可以接着问我。")
	}
	b.WriteString("\n" + textAskMore)
	return b.String()
}

// policyFallback answers the commonest policy questions when no note was
// retrieved.
func policyFallback(q retrieval.Query) string {
	t := q.Text
	switch {
	case strings.Contains(t, "证") && strings.ContainsAny(t, "查真假伪核验"):
		return "技能等级证书可以在技能人才评价证书全国联网查询（zscx.osta.org.cn）核验。查不到的证书没有政策效力，也领不到补贴。\n" + textAskMore
	case strings.Contains(t, "职称"):
		return "职称和职业技能等级是两条线：职称评价的是专业技术人员；职业技能等级评价的是技能人员，从五级/初级工到一级/高级技师共五级。\n" + textAskMore
	}
	return textFallback
}

const textFallback = "这个问题我的资料库里暂时没有现成的说明。\n\n" +
	"你可以这样问我：\n" +
	"· “义乌哪里能考电工证”（查当地授权机构）\n" +
	"· “考育婴员证有补贴吗”\n" +
	"· “怎么查技能等级证书是不是真的”\n\n" +
	"也可以回复“预约”，老师一对一解答。"

func cooperationText(r retrieval.Result) string {
	text := "想和认定机构合作，从零开始常见就两种方式：\n" +
		"1. 课程、老师、招生都由你来，机构只提供考核认定的授权；\n" +
		"2. 你只负责招生，培训和考核交给机构或与它合作的培训学校，按人数分润。\n\n" +
		"几句实在话：\n" +
		"· 机构最看重的是数量：能招来多少人、有多少人参加认定；\n" +
		"· 转化率常见只有10%、5%甚至2%，手上只有一两百个潜在学员很难谈，先把流量池和招生渠道做大；\n" +
		"· 只找当地认定计划名单上的机构，或者和这些机构合作的培训学校；先弄清标准制定方、人社部门、认定机构和培训学校各自的角色。"
	if n, ok := noteAbout(r.Notes, "合作"); ok {
		text += "\n\n依据：资料库《" + n.Title + "》"
	}
	return text + "\n想聊具体方案，可以回复“预约”一对一咨询。"
}

// otherText answers what fits no intent: a list when the question led to
// bodies, a note when one was found, else what the bot can do.
func (c *Composer) otherText(q retrieval.Query, r retrieval.Result) string {
	switch hits := contactable(q, r); {
	case uncovered(q, r):
		return uncoveredText(q)
	case len(hits) > 0 && (q.Region.City != "" || q.Region.Province != ""):
		return listText(q, r, hits)
	case len(r.Notes) > 0:
		return policyText(q, r)
	case c.gov.asked(q):
		return "告诉我你在哪个城市、想考什么职业，我帮你查当地认定计划里公布的授权机构。"
	}
	return textFallback
}

// notesOn returns what the notes say about an occupation: up to two of
// their sentences that name it ("心理咨询师属于专业技术人员类职业…").
func notesOn(notes []knowledge.Note, names ...string) string {
	var out []string
	for _, n := range notes {
		for _, para := range strings.Split(PlainText(n.Body), "\n") {
			for _, s := range splitSentences(para) {
				for _, name := range names {
					if name != "" && strings.Contains(s, name) && len(out) < 2 && !slices.Contains(out, s) {
						out = append(out, strings.TrimSpace(s))
					}
				}
			}
		}
	}
	return strings.Join(out, "")
}

// noteAbout returns the first note whose title or tags mention word.
func noteAbout(notes []knowledge.Note, word string) (knowledge.Note, bool) {
	for _, n := range notes {
		if strings.Contains(n.Title, word) || strings.Contains(strings.Join(n.Tags, " "), word) {
			return n, true
		}
	}
	return knowledge.Note{}, false
}

// excerpt returns the start of a note's text, whole paragraphs or whole
// sentences, at most about n runes, with "……" when it was cut.
func excerpt(body string, n int) string {
	text := PlainText(body)
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	var out []string
	used := 0
	for _, para := range strings.Split(text, "\n\n") {
		l := utf8.RuneCountInString(para)
		if used+l <= n {
			out = append(out, para)
			used += l
			continue
		}
		var sents []string
		for _, s := range splitSentences(para) {
			l := utf8.RuneCountInString(s)
			if used+l > n {
				break
			}
			sents = append(sents, s)
			used += l
		}
		if len(sents) > 0 {
			out = append(out, strings.Join(sents, ""))
		}
		break
	}
	if len(out) == 0 {
		return string([]rune(text)[:n]) + "……"
	}
	return strings.Join(out, "\n\n") + "……"
}
