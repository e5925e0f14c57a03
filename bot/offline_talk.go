package bot

import (
	"regexp"
	"strings"

	"github.com/zhijian/advisor/retrieval"
)

// Short replies to small talk (Query.SmallTalk).
const (
	textThanks = "不客气！还有想问的随时发给我；需要老师一对一帮你看，回复“预约”。"
	textBye    = "好的，再见！以后有考证的问题，随时来问我。"
	textAck    = "好的。还有别的问题可以接着问我，比如哪里能考、有没有补贴、证书怎么查。"
	textWho    = "我是职鉴通，顾问老师的智能助手（机器人），专门解答职业技能等级认定（考证）的问题：当地哪些授权机构能报名、补贴条件、证书真假怎么查、和机构合作招生等。\n\n" +
		"我的回答来自资料库，复杂的情况建议找真人：回复“预约”，留下" + bookingAsks + "，顾问老师会尽快联系你。"
)

// smallTalkText answers a greeting in kind: thanks, goodbye and
// acknowledgement briefly, "who are you" with an introduction, a hello
// with what the bot can do.
func (c *Composer) smallTalkText(q retrieval.Query) string {
	switch q.SmallTalk {
	case "thanks":
		return textThanks
	case "bye":
		return textBye
	case "ack":
		return textAck
	case "who":
		return textWho
	}
	return c.greetingText()
}

// greetingText introduces the bot, with an example from the KB's cities.
func (c *Composer) greetingText() string {
	return "你好，我是职鉴通，专门解答职业技能等级认定（考证）的问题。\n\n" +
		"我可以帮你：\n" +
		"· 查当地能报名的授权机构，比如问“" + c.exampleAsk() + "”\n" +
		"· 讲清补贴条件、证书真假怎么查、职称和技能等级的区别\n" +
		"· 说明和认定机构合作招生的常见方式\n\n" +
		"需要一对一咨询，回复“预约”。"
}

// exampleAsk is an example question about a city the KB covers, with an
// occupation one of its bodies certifies: "金华哪里能考电工".
func (c *Composer) exampleAsk() string {
	for _, in := range c.base.Institutions {
		if in.IsGovernment() || in.City == "" {
			continue
		}
		for _, a := range in.Authorizations {
			if !a.Internal() && a.Occupation != "" {
				return strings.TrimSuffix(in.City, "市") + "哪里能考" + a.Occupation
			}
		}
	}
	return "你的城市哪里能考电工"
}

// namedText answers a question about one named body with its details.
func namedText(q retrieval.Query, r retrieval.Result) string {
	h := contactable(q, r)[0]
	var b strings.Builder
	b.WriteString("你问的机构在资料库里的信息：\n\n")
	if h.Institution.Example {
		b.WriteString(exampleNotice + "\n\n")
	}
	all := q
	all.Levels = nil
	b.WriteString(entryText(1, h, all, false)[len("1. "):])
	b.WriteString("\n")
	for _, s := range sourcesOf([]retrieval.Hit{h}) {
		b.WriteString(s.line + "\n")
	}
	b.WriteString(textCheckTip)
	return b.String()
}

// certificateText explains that a certificate asked about is not a skill
// level and lists nothing: its own authorities issue it.
func (c *Composer) certificateText(q retrieval.Query) string {
	cert := q.Certificate
	var b strings.Builder
	if q.CertificateKind != "" {
		b.WriteString(cert + "属于" + q.CertificateKind + "，不是职业技能等级证书，")
	} else {
		b.WriteString(cert + "不是职业技能等级证书，")
	}
	b.WriteString("也不在各地的职业技能等级认定计划里，所以这里没有名单可列。\n\n" +
		"一般来说：特种作业操作证由应急管理部门考核发证，特种设备作业人员证由市场监管部门考核发证；教师资格、会计、护士等属于准入类职业资格，由各自的主管部门组织考试。报考安排请看这些部门发布的通知。")
	if electricianCert(q) {
		b.WriteString("\n\n" + c.electricianLine())
	}
	b.WriteString("\n\n如果你想考的是职业技能等级证书（比如电工、育婴员、中式烹调师），告诉我城市和职业，我帮你查当地的授权机构。")
	return b.String()
}

// electricianCert reports whether q is about working as an electrician.
func electricianCert(q retrieval.Query) bool {
	return strings.Contains(q.Certificate, "电工") || strings.Contains(q.CertificateKind, "特种作业") && strings.Contains(q.Text, "电工")
}

// electricianLine says that the 电工 skill level is not the licence to work
// as one, citing the KB's note when it has one.
func (c *Composer) electricianLine() string {
	line := "注意：电工职业技能等级证书证明的是技能水平，不能代替上岗干电工活必须持有的特种作业操作证，两者要分别考。"
	if n, ok := noteAbout(c.base.Notes, "特种作业"); ok {
		line += "（依据：资料库《" + n.Title + "》）"
	}
	return line
}

// certificateAnswer reports whether q is answered by explaining a
// certificate that is not a skill level, listing nobody: one named without
// a skill-level occupation, or a special-operations licence asked for by
// its words (低压电工证, 电工作业证).
func certificateAnswer(q retrieval.Query) bool {
	if q.Intent == retrieval.IntentSubsidy || q.Intent == retrieval.IntentCooperation {
		return false
	}
	return q.Certificate != "" && q.Occupation == "" || licenceAsked(q)
}

// licenceWordRE finds the words that ask for a special-operations licence
// rather than a skill level.
var licenceWordRE = regexp.MustCompile(`低压|高压|特种作业|操作证|作业证|上岗证`)

// licenceAsked reports whether q asks for a special-operations licence
// (低压电工证, 高压电工, 电工作业证) rather than the skill level of the
// occupation it names.
func licenceAsked(q retrieval.Query) bool {
	return q.CertificateClass == retrieval.CertSpecialOperations && licenceWordRE.MatchString(q.Text)
}

// licenceText explains a special-operations licence first and lists no
// skill-level bodies; it offers the skill-level question instead.
func (c *Composer) licenceText(q retrieval.Query) string {
	var b strings.Builder
	b.WriteString(q.Certificate + "属于特种作业操作证，是干这类活必须持有的准入类安全上岗证，由应急管理部门负责考核发证，要到它们指定的培训和考试点参加培训、考试。" +
		"它不是职业技能等级证书，不在职业技能等级认定计划里，所以这里不列技能等级的认定机构。")
	if n, ok := noteAbout(c.base.Notes, "特种作业"); ok {
		b.WriteString("（依据：资料库《" + n.Title + "》）")
	}
	b.WriteString("\n\n具体的培训考试安排，请看当地应急管理部门发布的通知。")
	if occ := q.Occupation; occ != "" {
		place := q.Region.County
		if place == "" {
			place = uncoveredPlace(q)
		}
		if place == "" {
			place = "城市名"
		}
		ask := place + " " + occ + " 等级证"
		b.WriteString("\n\n如果你想考的是" + occ + "职业技能等级证书（证明技能水平，和操作证要分别考），可以问我“" + ask + "”。")
	}
	return b.String()
}
