package bot

import (
	"slices"
	"strings"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

const textAskMore = "想结合自己的情况细聊，可以回复“预约”一对一咨询。"

// subsidyText answers a subsidy question with the KB's subsidy note, after
// what applies to the case the question names.
func (c *Composer) subsidyText(q retrieval.Query, r retrieval.Result) string {
	var b strings.Builder
	if lead := subsidyCase(q); lead != "" {
		b.WriteString(lead + "\n\n")
	}
	n, ok := c.noteOn(r, "补贴")
	switch occ := occupationLabel(q); {
	case ok && occ != "":
		b.WriteString("考" + occ + "证书能不能领补贴，看下面这几条：\n\n")
	case ok:
		b.WriteString("能不能领补贴，看下面这几条：\n\n")
	}
	if ok {
		b.WriteString(subsidyNoteText(PlainText(n.Body), q, strings.Contains(b.String(), "专业技术人员")))
		b.WriteString("\n\n（摘自资料库《" + n.Title + "》）")
	} else {
		b.WriteString(textSubsidyFallback)
	}
	b.WriteString("\n" + textAskMore)
	return b.String()
}

// textSubsidyFallback states the national rule when the KB has no note on it.
const textSubsidyFallback = "考了职业技能等级证书能不能领补贴，要看全国通行的几条规则，都满足才行：\n" +
	"1. 职业在《职业分类大典》里，属于技能人员职业；\n" +
	"2. 证书由人社部门备案的授权机构颁发，能在全国联网查询（zscx.osta.org.cn）查到；\n" +
	"3. 你是参保职工（一般要求失业保险缴费满一定月数），并在发证后规定时间内申请；\n" +
	"4. 具体金额、条件和申请入口，以当地人社部门的最新通知为准。\n\n" +
	"注意：证书上印着“人社部”字样、写着“联合颁发”，不代表能领补贴，关键还是看上面几条。"

// subsidyCase answers the particular case a subsidy question names, or "".
func subsidyCase(q retrieval.Query) string {
	t := q.Text
	switch {
	case strings.Contains(t, "心理咨询师") || q.Occupation == "心理咨询师":
		return "心理咨询师属于专业技术人员类职业，不在职业技能等级这条线上，所以领不到技能提升补贴。"
	case professional(q) != "":
		return professional(q) + "属于专业技术人员类职业，不在职业技能等级这条线上，所以领不到技能提升补贴。"
	case strings.Contains(strings.ToUpper(t), "1+X") || strings.Contains(t, "1＋X"):
		return "1+X证书走的是教育部门这条线（主要面向职业院校学生），能不能领技能提升补贴，要看证书能否在全国联网查询查到，以及当地的具体规定。"
	case q.Certificate != "":
		kind := "准入类证书"
		if q.CertificateKind != "" {
			kind = q.CertificateKind
		}
		return q.Certificate + "属于" + kind + "，不是职业技能等级证书，不适用技能提升补贴。"
	case strings.Contains(t, "特种作业"):
		return "特种作业操作证是准入类的安全生产上岗证，不是职业技能等级证书，不适用技能提升补贴。"
	case strings.Contains(t, "人社部") || strings.Contains(t, "联合颁发"):
		return "证书上印着“人社部”字样或写着“联合颁发”，并不代表能领补贴，还要看下面这几条。"
	}
	return ""
}

// subsidyBrief is the national subsidy rule in a few lines, for answers
// that mainly answer something else (a list that also asks about subsidy).
func (c *Composer) subsidyBrief(r retrieval.Result) string {
	text := "关于补贴：考职业技能等级证书，常说的是技能提升补贴。一般要满足：职业在《职业分类大典》里属于技能人员职业；证书由人社部门备案的机构颁发、能在全国联网查询（zscx.osta.org.cn）查到；本人是参保职工（失业保险一般要缴满36个月，有的地方放宽到12个月）；发证后12个月内申请。具体金额和入口以当地人社部门通知为准。"
	if n, ok := c.noteOn(r, "补贴"); ok {
		text += "（依据：资料库《" + n.Title + "》）"
	}
	return text
}

// noteOn returns the retrieved note whose tags or title mention word, else
// such a note from the whole KB.
func (c *Composer) noteOn(r retrieval.Result, word string) (knowledge.Note, bool) {
	if n, ok := noteAbout(r.Notes, word); ok {
		return n, true
	}
	return noteAbout(c.base.Notes, word)
}

// policyText quotes the note that answers the question, whole: notes are
// short, and the guard fits the answer into replies.
func (c *Composer) policyText(q retrieval.Query, r retrieval.Result) string {
	if len(r.Notes) == 0 || !retrieval.NoteAnswers(q, r.Notes[0]) {
		return c.policyFallback(q, r)
	}
	top := r.Notes[0]
	var b strings.Builder
	b.WriteString(top.Title + "\n\n" + PlainText(top.Body))
	b.WriteString("\n\n（摘自资料库《" + top.Title + "》")
	if !top.Updated.IsZero() {
		b.WriteString("，" + top.Updated.Format("2006-01-02") + "更新")
	}
	b.WriteString("）")
	var more []string
	for _, n := range r.Notes[1:min(3, len(r.Notes))] {
		if retrieval.NoteAnswers(q, n) {
			more = append(more, "《"+n.Title+"》")
		}
	}
	if len(more) > 0 {
		b.WriteString("\n相关的还有" + strings.Join(more, "") + "，可以接着问我。")
	}
	b.WriteString("\n" + textAskMore)
	return b.String()
}

// policyFallback answers when no note clearly answers the question: the
// commonest questions briefly, else plainly that the KB has nothing on it.
func (c *Composer) policyFallback(q retrieval.Query, r retrieval.Result) string {
	t := q.Text
	switch {
	case strings.Contains(t, "证") && strings.ContainsAny(t, "查真假伪核验"):
		return "技能等级证书可以在技能人才评价证书全国联网查询（zscx.osta.org.cn）核验。查不到的证书没有政策效力，也领不到补贴。\n" + textAskMore
	case strings.Contains(t, "职称"):
		return "职称和职业技能等级是两条线：职称评价的是专业技术人员；职业技能等级评价的是技能人员，从五级/初级工到一级/高级技师共五级。\n" + textAskMore
	}
	if len(r.Notes) > 0 {
		return textNoNote
	}
	return c.fallbackText()
}

// textNoNote says plainly that the KB has nothing on the question, rather
// than quoting a note about something else.
const textNoNote = "这个问题我的资料库里暂时没有准确的说明，我不想拿不相关的内容糊弄你。\n\n" +
	"建议回复“预约”，请老师结合你的情况一对一解答；也可以换个问法，比如问某个城市能考哪些职业、补贴条件、证书怎么查。"

// fallbackText says what the bot can answer, with an example from the KB.
func (c *Composer) fallbackText() string {
	return "这个问题我的资料库里暂时没有现成的说明。\n\n" +
		"你可以这样问我：\n" +
		"· “" + c.exampleAsk() + "”（查当地授权机构）\n" +
		"· “考育婴员证有补贴吗”\n" +
		"· “怎么查技能等级证书是不是真的”\n\n" +
		"也可以回复“预约”，老师一对一解答。"
}

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
// bodies, a note when one clearly answers it, else what the bot can do.
func (c *Composer) otherText(q retrieval.Query, r retrieval.Result) string {
	switch hits := contactable(q, r); {
	case uncovered(q, r):
		return uncoveredText(q)
	case len(hits) > 0 && (q.Region.City != "" || q.Region.Province != ""):
		return c.listText(q, r, hits)
	case len(r.Notes) > 0 && retrieval.NoteAnswers(q, r.Notes[0]):
		return c.policyText(q, r)
	case c.gov.asked(q):
		return "告诉我你在哪个城市、想考什么职业，我帮你查当地认定计划里公布的授权机构。"
	}
	return c.fallbackText()
}

// noteAbout returns the first note whose title mentions word, else the
// first whose tags do.
func noteAbout(notes []knowledge.Note, word string) (knowledge.Note, bool) {
	for _, n := range notes {
		if strings.Contains(n.Title, word) {
			return n, true
		}
	}
	for _, n := range notes {
		if slices.ContainsFunc(n.Tags, func(t string) bool { return strings.Contains(t, word) }) {
			return n, true
		}
	}
	return knowledge.Note{}, false
}
