package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zhijian/advisor/retrieval"
)

// unlisted is a body the follower named that is in no list of the KB.
type unlisted struct {
	// name is the body's name as typed; "" for a placeholder ("XX职业培训学校").
	name string
	// found says a body was named at all.
	found bool
}

// unlistedBody returns the institution-like name in q's text that is no KB
// body: at least two letters before an ending such as 学校, 中心, 协会, not a
// description of a kind of body, not a government body (those keep their
// own handling) and matching no name or short name of a KB institution. A
// placeholder name (XX学校, 某某中心) is found without a name.
func (c *Composer) unlistedBody(q retrieval.Query) unlisted {
	s := normalizeText(q.Text)
	govs := c.gov.find(s)
	for _, m := range instNames(s) {
		cand := s[m.start:m.end]
		if overlaps(govs, m.start, m.end) || compoundWord(cand, s[m.end:]) || c.kbName(cand) {
			continue
		}
		before := strings.TrimSuffix(cand, longestTail(cand))
		if utf8.RuneCountInString(before) >= 2 && strings.Trim(before, "Xx某") == "" {
			return unlisted{found: true}
		}
		if genericName(cand) {
			continue
		}
		return unlisted{name: cand, found: true}
	}
	return unlisted{}
}

// kbName reports whether cand is, contains or is part of a KB institution's
// name or short name.
func (c *Composer) kbName(cand string) bool {
	for _, in := range c.base.Institutions {
		for _, form := range nameForms(in) {
			if utf8.RuneCountInString(form) >= 4 && (strings.Contains(cand, form) || strings.Contains(form, cand)) {
				return true
			}
		}
	}
	return false
}

// reliabilityRE finds a question about whether a body can be trusted.
var reliabilityRE = regexp.MustCompile(`靠谱|可靠|正规|骗|真的假的|可信|放心|合法|正不正规`)

// unlistedText says that the body u is in no list the KB has, that only
// bodies in the city's plan run the certification, how to check, and,
// when asked whether it can be trusted, warns about 包过 and 挂靠 offers.
func unlistedText(q retrieval.Query, u unlisted, covered bool) string {
	var b strings.Builder
	city := q.Region.City
	switch {
	case u.name == "":
		b.WriteString("一家机构能不能做职业技能等级认定，要看它在不在当地公布的认定计划名单里。")
	case city != "" && covered:
		b.WriteString("你问的" + u.name + "不在我这里" + city + "公布的授权机构名单里。")
	default:
		b.WriteString("你问的" + u.name + "不在我资料库里任何一个城市的授权机构名单里。")
	}
	where := "所在城市"
	if city != "" {
		where = city
	}
	b.WriteString("只有" + where + "认定计划里公布的机构，才能开展职业技能等级认定。\n\n")
	b.WriteString("核实方法：搜索“" + where + " 社会化职业技能等级认定计划”，看最新一期名单里有没有这家机构、职业和等级对不对得上；已经拿到的证书，可以在全国联网查询（zscx.osta.org.cn）查真伪。")
	if reliabilityRE.MatchString(q.Text) {
		b.WriteString("\n\n如果对方承诺“包过”“不用考试”，或者让你挂靠、交钱直接拿证，基本不靠谱，别轻易交钱。")
	}
	return b.String()
}

// withUnlisted puts the note on the unlisted body u before body, which
// stays only when it answers for a place and an occupation (a list, an
// uncovered city) and is not about another, KB body the text also matched.
func (c *Composer) withUnlisted(q retrieval.Query, r retrieval.Result, u unlisted, body string) string {
	covered := r.Covered && q.Region.City != ""
	head := unlistedText(q, u, covered)
	if q.Intent == retrieval.IntentListBodies && !r.Named {
		return head + "\n\n" + body
	}
	return head + "\n\n" + textAskCityJob
}

// textAskCityJob invites the city and occupation.
const textAskCityJob = "告诉我你在哪个城市、想考什么职业，我帮你查当地认定计划里公布的授权机构。"

// otherCitiesText is one line for each other city the question named,
// whose list this answer does not give; "" when there are none.
func (c *Composer) otherCitiesText(q retrieval.Query) string {
	if q.More || q.FollowUp || len(q.OtherRegions) == 0 {
		return ""
	}
	covered := c.coveredCities("")
	var b strings.Builder
	for _, reg := range q.OtherRegions {
		if slices.Contains(covered, reg.City) {
			ask := strings.TrimSuffix(reg.City, "市")
			if occ := q.OccupationAsked; occ != "" {
				ask += " " + occ
			} else if q.Occupation != "" {
				ask += " " + q.Occupation
			}
			b.WriteString("\n\n" + reg.City + "的名单请另外发“" + ask + "”给我。")
		} else {
			b.WriteString("\n\n" + reg.City + "的授权机构名单我的资料库还没有收录。")
		}
	}
	return b.String()
}
