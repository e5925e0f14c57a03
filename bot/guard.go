package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/zhijian/advisor/retrieval"
)

// Rule names one rule of the guard, as reported in Answer.Rules and to
// metrics. Rules that make sure something is present (a warning, the
// subsidy rule, the source of a list) are reported whenever they apply,
// whether or not the text already had it; rules that remove something are
// reported only when something was removed.
type Rule string

// The guard's rules (architecture.md, "The rules (the guard)").
const (
	// RuleGovWarning: a government body was mentioned by the follower or the
	// answer; the answer starts with the warning that it is not where one
	// signs up.
	RuleGovWarning Rule = "gov_warning"
	// RuleGovRecommendation: a sentence recommending a government body as a
	// contact, listing it, or giving its address was removed.
	RuleGovRecommendation Rule = "gov_recommendation_removed"
	// RuleGovPhone: a government body's phone number (any 政府部门 row of the
	// KB, a 人社 hotline, or a number next to a government name) was removed.
	RuleGovPhone Rule = "gov_phone_removed"
	// RuleUnknownInstitution: a sentence naming an institution that is not
	// among the retrieved KB entries was removed.
	RuleUnknownInstitution Rule = "unknown_institution_removed"
	// RuleUnknownPhone: a phone number not belonging to a retrieved
	// institution was removed.
	RuleUnknownPhone Rule = "unknown_phone_removed"
	// RuleUnknownContact: a link to a site the KB does not vouch for, an
	// e-mail address, a WeChat or QQ ID was removed.
	RuleUnknownContact Rule = "unknown_contact_removed"
	// RuleUncoveredCity: the city is not in the KB; the answer says so, says
	// how to find its plan, offers a consultation and lists nobody.
	RuleUncoveredCity Rule = "uncovered_city"
	// RuleSubsidy: a subsidy question; the national rule is stated.
	RuleSubsidy Rule = "subsidy_rule"
	// RuleMarkdown: Markdown was turned into plain text.
	RuleMarkdown Rule = "markdown_stripped"
	// RuleLengthSplit: the answer is longer than one reply and is split.
	RuleLengthSplit Rule = "length_split"
	// RuleLengthTruncated: the answer needed more than MaxReplyParts parts
	// and was cut, with a pointer to a consultation.
	RuleLengthTruncated Rule = "length_truncated"
	// RuleSourceAdded: institutions are listed; the plan and date they come
	// from are given.
	RuleSourceAdded Rule = "source_added"
	// RuleExampleMarked: example (not real) institutions are listed and
	// marked as such.
	RuleExampleMarked Rule = "example_marked"
	// RuleInjection: the question tried to override the rules; nothing was
	// relaxed.
	RuleInjection Rule = "injection_ignored"
)

// guarded is the outcome of one pass of the guard.
type guarded struct {
	text  string   // the guarded text, cut when it was too long
	parts []string // text fitted into replies
	rules []Rule
	kept  int // letters of the composed text left after the removals
	total int // letters of the composed text before them
}

// guardRun is one application of the guard to one text.
type guardRun struct {
	c     *Composer
	q     retrieval.Query
	r     retrieval.Result
	hits  []retrieval.Hit // what may be offered as contacts
	rules []Rule
	// phones are the digits of the phone numbers that may appear.
	phones []string
	// known are strings that may contain institution-like names: the hits'
	// names and short names, addresses and plan names.
	known []string
	// notes is the text of the retrieved notes, which is trusted.
	notes string
	// composed is the text as composed, in plain text, before removals.
	composed string
}

func (c *Composer) newGuardRun(q retrieval.Query, r retrieval.Result) *guardRun {
	g := &guardRun{c: c, q: q, r: r, hits: contactable(q, r), known: slices.Clone(nationalBodies)}
	for _, h := range g.hits {
		in := h.Institution
		for _, p := range in.Phones {
			if d := phoneDigits(p); d != "" && !c.gov.isPhone(d) {
				g.phones = append(g.phones, d)
			}
		}
		g.known = append(g.known, nameForms(in)...)
		if in.Address != "" {
			g.known = append(g.known, in.Address)
		}
		for _, a := range in.Authorizations {
			if a.Plan != "" {
				g.known = append(g.known, a.Plan)
			}
		}
	}
	var notes strings.Builder
	for _, n := range r.Notes {
		notes.WriteString(PlainText(n.Title + "\n" + n.Body))
		notes.WriteString("\n")
	}
	g.notes = notes.String()
	return g
}

func (g *guardRun) apply(rule Rule) {
	if !slices.Contains(g.rules, rule) {
		g.rules = append(g.rules, rule)
	}
}

// guard applies every rule to text. Removals come first, on the composed
// text; then what must be present is added; then the length is fitted.
func (c *Composer) guard(text string, q retrieval.Query, r retrieval.Result) guarded {
	g := c.newGuardRun(q, r)
	t := normalizeText(text)
	plain := PlainText(t)
	if plain != collapseBlank(t) {
		g.apply(RuleMarkdown)
	}
	t = g.stripIDs(plain)
	g.composed = t
	// A government body named by the follower, or by the answer outside
	// the sentences quoted from the retrieved notes (curated text that
	// explains the roles, not a contact offered), calls for the warning.
	// Quoted notes count too when they send the follower to such a body
	// (to look the plan up on its site), as the same words from the model
	// would.
	untrusted, _ := removeSentences(t, g.trusted)
	govMentioned := c.gov.asked(q) || c.gov.mentions(untrusted) || c.gov.pointedTo(t)

	t = g.removeCompliance(t)
	t = g.removePhones(t)
	t = g.removeContacts(t)
	t = g.removePointers(t)
	t = g.removeGovernment(t)
	t = g.removeUnknownNames(t)
	kept := letters(t)

	t = g.ensureUncovered(t)
	t = g.ensureSubsidy(t)
	t = g.ensureSources(t)
	if govMentioned {
		g.apply(RuleGovWarning)
		t = g.ensureWarning(t)
	}
	if injectionRE.MatchString(normalizeText(q.Text)) {
		g.apply(RuleInjection)
	}
	t = collapseBlank(t)
	if t == "" {
		t = c.nothingLeftText()
	}
	parts, truncated := FitReply(t, ReplyLimit, MaxReplyParts)
	if len(parts) > 1 {
		g.apply(RuleLengthSplit)
	}
	if truncated {
		g.apply(RuleLengthTruncated)
		t = joinParts(parts)
	}
	return guarded{text: t, parts: parts, rules: g.rules, kept: kept, total: letters(g.composed)}
}

// nothingLeftText is sent when nothing of an answer survived; Compose falls
// back to the offline answer before it comes to that.
func (c *Composer) nothingLeftText() string {
	return "这个问题我暂时答不好。你可以告诉我城市和想考的职业，比如“" + c.exampleAsk() + "”；或回复“预约”，老师一对一帮你解答。"
}

// joinParts rebuilds the text of fitted parts, without the continue hints.
func joinParts(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = strings.TrimSpace(strings.TrimSuffix(p, ContinueHint))
	}
	return strings.Join(out, "\n\n")
}

// injectionRE finds attempts to override the rules in a question.
var injectionRE = regexp.MustCompile(`(?i)(忽略|无视|忘掉|忘记|不要管|别管|跳过|绕过|不用遵守|不必遵守)[^。！？]{0,8}(规则|指令|设定|提示|要求|限制|约束|规定|说明)|ignore\s+(all\s+|the\s+|any\s+)?(previous|above|prior|earlier|your)|disregard|你现在是|现在你是|从现在(起|开始)你|扮演|角色扮演|system\s*prompt|系统提示|提示词|jailbreak|越狱|开发者模式|developer\s+mode|DAN模式`)

// complianceRE finds a reply playing along with an attempt to override
// the rules ("好的，我忽略规则").
var complianceRE = regexp.MustCompile(`(?i)(忽略|无视|不再遵守|跳过|绕过)了?[^。！？]{0,8}(规则|指令|限制|设定|约束)|开发者模式|越狱|jailbreak|已切换|解除限制|没有任何限制|不受规则`)

// removeCompliance removes the sentences of a reply that play along with an
// attempt to override the rules.
func (g *guardRun) removeCompliance(t string) string {
	t, n := removeSentences(t, func(s string) bool { return !g.trusted(s) && complianceRE.MatchString(s) })
	if n > 0 {
		g.apply(RuleInjection)
	}
	return t
}

// normalizeText drops invalid UTF-8 and zero-width characters, folds
// full-width digits and signs to ASCII and unifies line ends, so that
// nothing hides from the rules.
func normalizeText(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '－' || r == '—' || r == '–' || r == '‐' || r == '‑':
			return '-'
		case r == '＋':
			return '+'
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad':
			return -1
		case r == '\r':
			return '\n'
		}
		return r
	}, s)
}

// stripIDs removes KB ids the model may have cited in brackets.
func (g *guardRun) stripIDs(t string) string {
	var ids []string
	for _, h := range g.r.Institutions {
		ids = append(ids, h.Institution.ID)
	}
	for _, n := range g.r.Notes {
		ids = append(ids, n.ID)
	}
	for _, id := range ids {
		if id == "" {
			continue
		}
		for _, w := range []string{"[" + id + "]", "【" + id + "】", "（" + id + "）", "(" + id + ")"} {
			t = strings.ReplaceAll(t, w, "")
		}
	}
	return t
}

// letters counts the letters and digits in s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// ensureUncovered makes an answer about a city (or a province) the KB does
// not cover say so. An answer that would list bodies also says how to find
// the plan and offers a consultation; the names rule has already removed
// every institution, so nothing is offered for such a place. Any other
// answer (a note, the subsidy rule, a certificate explained) gets one line
// saying the KB has no list for the place yet; small talk and booking
// steps get nothing.
func (g *guardRun) ensureUncovered(t string) string {
	if !uncovered(g.q, g.r) || g.q.Intent == retrieval.IntentGreeting || g.q.Intent == retrieval.IntentBooking {
		return t
	}
	g.apply(RuleUncoveredCity)
	place := uncoveredPlace(g.q)
	if !listingAnswer(g.q) {
		if !strings.Contains(t, "还没有收录"+place) {
			t += "\n\n" + uncoveredLine(place)
		}
		return t
	}
	if !strings.Contains(t, "还没有收录") {
		t = "目前我的资料库还没有收录" + place + "的授权机构名单。\n\n" + t
	}
	if !strings.Contains(t, "社会化职业技能等级认定计划") {
		t += "\n\n可以搜索“" + place + " 社会化职业技能等级认定计划”，找当地最新公布的机构名单。"
	}
	if !strings.Contains(t, "预约") {
		t += "\n\n" + textOfferBooking
	}
	return t
}

// uncoveredLine tells, in an answer that lists nobody, that the KB has no
// list for place yet.
func uncoveredLine(place string) string {
	return "另外，资料库里暂时还没有收录" + place + "的授权机构名单；需要的话可以回复“预约”，老师一对一帮你查。"
}

// listingAnswer reports whether the answer to q is one that lists bodies
// (or would, had the KB the place): not a policy or subsidy answer, nor a
// certificate that is not a skill level explained.
func listingAnswer(q retrieval.Query) bool {
	switch q.Intent {
	case retrieval.IntentListBodies, retrieval.IntentOther, "":
		return !certificateAnswer(q)
	}
	return false
}

const textOfferBooking = "需要的话可以回复“预约”，老师一对一帮你查。"

// The subsidy rule, stated when a subsidy answer lacks it.
const textSubsidyRule = "补贴的全国通行规则：职业要在《职业分类大典》里，证书要由人社部门备案的授权机构颁发、能在全国联网查询（zscx.osta.org.cn）查到，本人一般要是参保职工，具体条件以当地通知为准；证书上印着“联合人社部”之类的字样并不代表能领补贴。"

// ensureSubsidy makes an answer to a question about subsidies (its main
// intent or a secondary one) state the national rule.
func (g *guardRun) ensureSubsidy(t string) string {
	if g.q.Intent != retrieval.IntentSubsidy && !slices.Contains(g.q.Also, retrieval.IntentSubsidy) {
		return t
	}
	g.apply(RuleSubsidy)
	if strings.Contains(t, "大典") && (strings.Contains(t, "zscx.osta.org.cn") || strings.Contains(t, "全国联网查询")) {
		return t
	}
	return t + "\n\n" + textSubsidyRule
}
