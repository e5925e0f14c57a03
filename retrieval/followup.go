package retrieval

import (
	"strings"
	"unicode/utf8"

	"github.com/zhijian/advisor/knowledge"
)

// shortQuestion is the length in runes up to which a question without an
// occupation of its own ("有补贴吗") is taken to be about the previous one.
const shortQuestion = 12

// FollowUp combines the current message cur, as Understand read it, with the
// previous turn prev and returns what the follower is asking now.
//
//   - "还有别的吗", "更多", "下一页" (cur.More): prev again, with More set, to
//     continue its list.
//   - An elliptical message ("那义乌呢", "杭州呢", "三级的呢", "焊工的"): what
//     it names replaces prev's (a new place, occupation or level), the rest is
//     inherited; levels are inherited only with the occupation. The intent is
//     inherited unless the message has words of its own for one ("那在哪考").
//   - A question for institutions that names an occupation but no place
//     ("焊工在哪考"): the place is inherited.
//   - A short question about the institutions just listed ("有电话吗",
//     "第一个机构地址在哪", "怎么报名", "收费多少"): prev's place, occupation
//     and levels, with intent list_bodies.
//   - "继续" after a list (cur.goOn): as "还有别的吗".
//   - A short subsidy or policy question naming no place or occupation
//     ("有补贴吗", "难吗"): the occupation and place are inherited.
//
// Anything else is a new question and is returned unchanged. Government
// bodies are never inherited: each message is warned about on its own.
// FollowUp is set whenever something was inherited.
func (u *Understander) FollowUp(prev, cur Query) Query {
	if prev.Text == "" && prev.Intent == "" {
		return cur
	}
	if cur.More || cur.goOn && prev.Intent == IntentListBodies {
		out := prev
		out.Text, out.Government, out.FollowUp, out.More = cur.Text, cur.Government, true, true
		out.elliptical, out.cued = cur.elliptical, cur.cued
		return out
	}
	hasPlace := !cur.Region.IsZero() || len(cur.Ambiguous) > 0
	hasOcc := cur.Occupation != "" || cur.OccupationAsked != ""
	switch {
	case cur.elliptical && !(hasPlace && hasOcc):
		out := cur
		inherited := false
		if !hasPlace && (!prev.Region.IsZero() || len(prev.Ambiguous) > 0) {
			out.Region, out.Ambiguous, inherited = prev.Region, prev.Ambiguous, true
		}
		if !hasOcc && prev.Occupation != "" {
			inheritOccupation(&out, prev)
			inherited = true
		}
		if !cur.cued && inheritableIntent(prev.Intent) && prev.Intent != cur.Intent {
			out.Intent, inherited = prev.Intent, true
		}
		out.FollowUp = inherited
		return out
	case cur.Intent == IntentListBodies && hasOcc && !hasPlace && !prev.Region.IsZero():
		out := cur
		out.Region, out.Ambiguous, out.FollowUp = prev.Region, prev.Ambiguous, true
		return out
	case !hasOcc && !hasPlace && prev.Intent == IntentListBodies && asksAboutBodies(cur):
		out := cur
		out.Region, out.Ambiguous, out.Intent = prev.Region, prev.Ambiguous, IntentListBodies
		inheritOccupation(&out, prev)
		out.FollowUp = true
		return out
	case !hasOcc && !hasPlace && (cur.Intent == IntentSubsidy || cur.Intent == IntentPolicy) &&
		prev.Occupation != "" && utf8.RuneCountInString(cur.Text) <= shortQuestion:
		out := cur
		out.Region, out.Ambiguous = prev.Region, prev.Ambiguous
		inheritOccupation(&out, prev)
		out.FollowUp = true
		return out
	}
	return cur
}

// inheritOccupation copies prev's occupation into q, with prev's levels when
// q names none.
func inheritOccupation(q *Query, prev Query) {
	q.Occupation, q.OccupationAsked, q.Occupations = prev.Occupation, prev.OccupationAsked, prev.Occupations
	if len(q.Levels) == 0 {
		q.Levels = prev.Levels
	}
}

// inheritableIntent reports whether an elliptical message may take over
// prev's intent: a greeting or a booking does not carry over to "杭州呢".
func inheritableIntent(i Intent) bool {
	switch i {
	case IntentListBodies, IntentSubsidy, IntentPolicy:
		return true
	}
	return false
}

// bodyDetailWords ask about the institutions of a list: how to reach them,
// when they test, what they charge, how to sign up with them.
var bodyDetailWords = strings.Fields(`电话 联系方式 地址 在哪 位置 怎么走 第一个 第二个 第三个 第一家 第二家 第三家
	这家 那家 这个机构 那个机构 这几家 考试时间 什么时候 几号 收费 费用 多少钱 价格 学费 报名费
	怎么报名 如何报名 报名方式 在哪报名 官网 网址 微信 公众号 营业时间 上班时间`)

// asksAboutBodies reports whether q is a short question about the
// institutions of the previous list.
func asksAboutBodies(q Query) bool {
	if utf8.RuneCountInString(q.Text) > 2*shortQuestion || q.Intent == IntentBooking || q.Intent == IntentCooperation {
		return false
	}
	return containsAny(knowledge.Fold(q.Text), bodyDetailWords)
}
