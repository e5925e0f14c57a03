package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// listMax is how many bodies one reply lists.
const listMax = 5

// offlineText composes the answer to q from r without a model.
func (c *Composer) offlineText(q retrieval.Query, r retrieval.Result) string {
	var body string
	switch {
	case q.Intent == retrieval.IntentGreeting:
		return c.smallTalkText(q)
	case q.Intent == retrieval.IntentBooking:
		return textBookingAbout
	case c.gov.phoneIn(q.Text):
		return textGovPhoneGiven
	case r.Named && len(contactable(q, r)) == 1:
		body = namedText(q, r)
	case licenceAsked(q) && certificateAnswer(q):
		body = c.licenceText(q)
	case certificateAnswer(q):
		body = c.certificateText(q)
	case q.Intent == retrieval.IntentListBodies:
		body = c.bodiesText(q, r) + c.otherCitiesText(q)
	case q.Intent == retrieval.IntentSubsidy:
		body = c.subsidyText(q, r)
	case q.Intent == retrieval.IntentPolicy:
		body = c.policyText(q, r)
	case q.Intent == retrieval.IntentCooperation:
		body = cooperationText(r)
	default:
		body = c.otherText(q, r)
	}
	if u := c.unlistedBody(q); u.found {
		body = c.withUnlisted(q, r, u, body)
	}
	if q.Intent != retrieval.IntentSubsidy && slices.Contains(q.Also, retrieval.IntentSubsidy) {
		body += "\n\n" + c.subsidyBrief(r)
	}
	if c.gov.asked(q) && phoneAskRE.MatchString(q.Text) {
		body = textNoGovPhone + "\n\n" + body
	}
	return body
}

// phoneAskRE finds a request for a phone number.
var phoneAskRE = regexp.MustCompile(`电话|号码|联系方式|手机|热线`)

// Fixed parts of offline answers.
const (
	textNoGovPhone = "政府部门的电话我这里不提供，打过去也报不了名。"
	// textGovPhoneGiven answers a question giving a government number; the
	// guard puts the warning naming the body first.
	textGovPhoneGiven = "你给的号码是政府部门的电话，打过去也报不了名。\n\n告诉我你在哪个城市、想考什么职业，我帮你查当地认定计划里公布的授权机构。"
	textCheckTip      = "报名前请先和机构确认报名条件、认定时间和费用，以及是否面向社会报名。"
	textMoreTip       = "还有其他机构，回复“还有别的吗”查看更多。"
)

// bodiesText answers "where can I sign up".
func (c *Composer) bodiesText(q retrieval.Query, r retrieval.Result) string {
	hits := contactable(q, r)
	switch {
	case uncovered(q, r):
		return uncoveredText(q)
	case len(q.Ambiguous) > 0 && q.Region.City == "":
		return ambiguousText(q)
	case q.More && len(hits) == 0:
		return "能报名的机构前面已经都列出来了，没有更多了。想让老师帮你挑选，可以回复“预约”一对一咨询。"
	case q.Region.City == "" && q.Region.Province == "":
		return c.askCityText(q, hits)
	case len(hits) == 0:
		return noBodyText(q)
	}
	return c.listText(q, r, hits)
}

// placeLabel names the follower's place: "金华市（义乌市）", "金华市", "浙江省".
func placeLabel(reg knowledge.Region) string {
	switch {
	case reg.City != "" && reg.County != "":
		return reg.City + "（" + reg.County + "）"
	case reg.City != "":
		return reg.City
	}
	return reg.Province
}

// occupationLabel names the asked occupation: "中式烹调师（厨师）".
func occupationLabel(q retrieval.Query) string {
	switch {
	case q.Occupation == "":
		return q.OccupationAsked
	case q.OccupationAsked != "" && q.OccupationAsked != q.Occupation:
		return q.Occupation + "（" + q.OccupationAsked + "）"
	}
	return q.Occupation
}

// aim is what the follower wants to do, for headings: "考电工".
func aim(q retrieval.Query) string {
	if occ := occupationLabel(q); occ != "" {
		return "考" + occ
	}
	return "做职业技能等级认定"
}

// uncoveredText says the KB has no list for the follower's city or
// province, how to find the plan, and offers a consultation.
func uncoveredText(q retrieval.Query) string {
	place := uncoveredPlace(q)
	target := "这个职业"
	if occ := occupationLabel(q); occ != "" {
		target = occ
	}
	city, search, how := place, place+" 社会化职业技能等级认定计划", "你可以这样查：\n"
	if q.Region.City == "" {
		// Plans are published city by city: the follower looks up their own.
		city, search = "所在城市", "所在城市名 社会化职业技能等级认定计划"
		how = place + "的认定计划是各个市分别公布的，你可以这样查自己所在城市的：\n"
	}
	return "目前我的资料库还没有收录" + place + "的授权机构名单，所以没法直接告诉你去哪家报名，也不会随便推荐。\n\n" +
		how +
		"1. 搜索“" + search + "”，找最新一期公布的名单；\n" +
		"2. 到" + city + "人社部门官网的“通知公告”栏目查找认定计划（这是找名单的地方）；\n" +
		"3. 名单里“职业名称”有" + target + "、等级也对得上的机构，才是能报名的地方。\n\n" +
		textOfferBooking
}

func ambiguousText(q retrieval.Query) string {
	var names []string
	for _, reg := range q.Ambiguous {
		n := reg.Province
		if reg.City != "" && reg.City != reg.Province {
			n += reg.City
		}
		if reg.County != "" {
			n += reg.County
		}
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return "你说的地方有好几个同名的：" + strings.Join(names, "、") + "。请告诉我是哪一个（最好带上市或区县），我再帮你查能" + aim(q) + "的授权机构。"
}

// askCityText asks for the city, saying which cities the KB has bodies in.
func (c *Composer) askCityText(q retrieval.Query, hits []retrieval.Hit) string {
	var cities []string
	if q.Occupation != "" {
		for _, h := range hits {
			cities = appendNew(cities, h.Institution.City)
		}
	}
	if len(cities) == 0 {
		cities = c.coveredCities(q.Occupation)
	}
	text := "你想在哪个城市" + aim(q) + "？告诉我城市（最好带上区县），比如“" + c.exampleAsk() + "”，我帮你查当地公布的授权机构。"
	if len(cities) > 0 {
		if len(cities) > 8 {
			cities = append(cities[:8], "等")
		}
		if q.Occupation != "" {
			text += "\n\n资料库里目前能" + aim(q) + "的城市有：" + strings.Join(cities, "、") + "。"
		} else {
			text += "\n\n资料库目前收录了这些城市的名单：" + strings.Join(cities, "、") + "。"
		}
	}
	return text
}

// coveredCities lists the cities with contactable bodies, for occupation
// when it is not empty.
func (c *Composer) coveredCities(occupation string) []string {
	var out []string
	for _, in := range c.base.Institutions {
		if in.IsGovernment() || in.City == "" {
			continue
		}
		if occupation == "" || slices.ContainsFunc(in.Authorizations, func(a knowledge.Authorization) bool {
			return a.Occupation == occupation && !a.Internal()
		}) {
			out = appendNew(out, in.City)
		}
	}
	return out
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func noBodyText(q retrieval.Query) string {
	place := placeLabel(q.Region)
	search := q.Region.City
	if search == "" {
		search = q.Region.Province
	}
	return place + "目前公布的名单里，我没有找到可以" + aim(q) + "的授权机构。可能这一期没有机构申报这个职业，也可能名单已经更新、资料库还没收录。\n\n" +
		"建议：\n" +
		"1. 搜索“" + search + " 社会化职业技能等级认定计划”，看有没有更新的一期；\n" +
		"2. 问问附近城市有没有能" + aim(q) + "的机构；\n" +
		"3. 回复“预约”，老师一对一帮你查。"
}

// listText lists the bodies, the county's first.
func (c *Composer) listText(q retrieval.Query, r retrieval.Result, hits []retrieval.Hit) string {
	shown := hits[:min(listMax, len(hits))]
	var b strings.Builder
	place := placeLabel(q.Region)
	var local, other []retrieval.Hit
	for _, h := range shown {
		if q.Region.County != "" && h.InCounty {
			local = append(local, h)
		} else {
			other = append(other, h)
		}
	}
	switch {
	case q.More:
		fmt.Fprintf(&b, "%s还可以%s的其他授权机构：\n", place, aim(q))
	case q.Region.County != "" && len(local) == 0 && cityWide(other, q.Region.County):
		fmt.Fprintf(&b, "%s可以%s的授权机构（以下机构面向全市报名）：\n", place, aim(q))
	case q.Region.County != "" && len(local) == 0:
		fmt.Fprintf(&b, "%s本地暂时没有找到可以%s的机构，%s其他可以报名的授权机构：\n", q.Region.County, aim(q), q.Region.City)
	default:
		fmt.Fprintf(&b, "%s可以%s的授权机构：\n", place, aim(q))
	}
	if slices.ContainsFunc(shown, func(h retrieval.Hit) bool { return h.Institution.Example }) {
		b.WriteString("\n" + exampleNotice + "\n")
	}
	n := r.Offset // numbering goes on from earlier pages
	scoped := q.Region.City != ""
	for _, h := range local {
		n++
		b.WriteString("\n" + entryText(n, h, q, scoped))
	}
	if len(local) > 0 && len(other) > 0 {
		fmt.Fprintf(&b, "\n%s其他可以报名的机构：\n", q.Region.City)
	}
	for _, h := range other {
		n++
		b.WriteString("\n" + entryText(n, h, q, scoped))
	}
	b.WriteString("\n")
	for _, s := range sourcesOf(shown) {
		b.WriteString(s.line + "\n")
	}
	b.WriteString(textCheckTip)
	if q.Occupation == "电工" && !q.More {
		b.WriteString("\n" + c.electricianLine())
	}
	// More is promised only when bodies remain after this page.
	if r.Offset+len(shown) < max(r.Total, r.Offset+len(hits)) {
		b.WriteString("\n" + textMoreTip)
	}
	return b.String()
}

// entryText is one numbered body in a list.
func entryText(n int, h retrieval.Hit, q retrieval.Query, scoped bool) string {
	in := h.Institution
	var b strings.Builder
	// The place comes first when it is not the one asked: the city when
	// none was, the county when the body's is another.
	label := string(in.Kind)
	switch {
	case !scoped:
		label = strings.Trim(in.City+in.County+"，"+label, "，")
	case in.County != "" && in.County != q.Region.County:
		label = strings.Trim(in.County+"，"+label, "，")
	}
	fmt.Fprintf(&b, "%d. %s", n, in.Name)
	if in.Example {
		b.WriteString(exampleMark)
	}
	if label != "" {
		b.WriteString("（" + label + "）")
	}
	b.WriteString("\n")
	if occ := authsText(shownAuths(h), q.Levels); occ != "" {
		b.WriteString("可考：" + occ + "\n")
	}
	contact := strings.TrimSpace(in.Contact + " " + strings.Join(in.Phones, "、"))
	if contact == "" {
		contact = "见认定计划公布的联系方式"
	}
	b.WriteString("联系：" + contact + "\n")
	if a := strings.TrimSpace(in.Address); a != "" && !strings.HasPrefix(a, "（") {
		b.WriteString("地址：" + a + "\n")
	}
	return b.String()
}

// authsText lists occupations and levels: "电工 五级至二级；焊工 五级至三级".
func authsText(auths []knowledge.Authorization, asked []knowledge.Level) string {
	const maxOcc = 4
	var parts []string
	for i, a := range auths {
		if i == maxOcc {
			parts = append(parts, fmt.Sprintf("等%d个职业", len(auths)))
			break
		}
		name := a.Occupation
		if a.WorkType != "" && a.WorkType != a.Occupation {
			name += "（" + a.WorkType + "）"
		}
		p := name
		if lv := levelsText(a.Levels); lv != "" && strings.HasSuffix(name, "）") {
			p += lv
		} else if lv != "" {
			p += " " + lv
		}
		if len(asked) > 0 && len(a.Levels) > 0 && !slices.ContainsFunc(asked, func(l knowledge.Level) bool { return slices.Contains(a.Levels, l) }) {
			p += "（暂不含你问的" + levelsText(asked) + "）"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "；")
}

// levelsText writes levels as plans do: "五级至三级", "四级、二级".
func levelsText(levels []knowledge.Level) string {
	if len(levels) == 0 {
		return ""
	}
	ls := slices.Clone(levels)
	slices.SortFunc(ls, func(a, b knowledge.Level) int { return int(b) - int(a) })
	ls = slices.Compact(ls)
	contiguous := true
	for i := 1; i < len(ls); i++ {
		contiguous = contiguous && ls[i] == ls[i-1]-1
	}
	if len(ls) > 2 && contiguous {
		return ls[0].String() + "至" + ls[len(ls)-1].String()
	}
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.String()
	}
	return strings.Join(names, "、")
}

// cityWide reports whether bodies listed for a county that has none of its
// own serve it anyway: one of them lies in the county, or none of them
// belongs to another county (they are the city's own).
func cityWide(hits []retrieval.Hit, county string) bool {
	stem := strings.TrimRight(county, "市区县旗")
	allCity := len(hits) > 0
	for _, h := range hits {
		in := h.Institution
		if stem != "" && strings.Contains(in.Address, stem) {
			return true
		}
		allCity = allCity && in.County == ""
	}
	return allCity
}
