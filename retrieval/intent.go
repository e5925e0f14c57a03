package retrieval

import "strings"

// cues are what the extractors found in a message, which the intent
// classifier weighs with the words.
type cues struct {
	place, occupation, government, certificate bool
}

// cue is a word that points to an intent, with its weight.
type cue struct {
	word   string
	weight int
}

// intentCues lists, per intent, the words that point to it. Every word
// counts once however often it occurs. The weights are small integers so the
// table can be read and adjusted by hand: 4 or more is decisive on its own
// (预约, 补贴), 1 is a hint (学员, 证).
var intentCues = []struct {
	intent Intent
	cues   []cue
}{
	{IntentBooking, []cue{
		{"预约", 4}, {"转人工", 4}, {"人工客服", 4}, {"一对一", 3}, {"真人", 3}, {"咨询老师", 3},
		{"约老师", 3}, {"约个时间", 3}, {"面谈", 3}, {"面聊", 3}, {"人工", 2}, {"客服", 2},
		{"找老师", 2}, {"顾问", 2}, {"联系我", 2}, {"私聊", 2}, {"回电", 2}, {"联系你们", 4}, {"怎么联系你", 4},
	}},
	{IntentSubsidy, []cue{
		{"补贴", 5}, {"补助", 5}, {"补多少", 5}, {"能补", 4}, {"补钱", 3}, {"报销", 3}, {"退钱", 3}, {"领钱", 3}, {"返钱", 3}, {"津贴", 3},
		{"技能提升", 2}, {"能领", 2}, {"给钱", 2}, {"奖励", 2},
	}},
	{IntentCooperation, []cue{
		{"分润", 5}, {"加盟", 5}, {"合作", 5}, {"分成", 3}, {"返佣", 3}, {"佣金", 3}, {"生源", 3},
		{"招生", 2}, {"代理", 2}, {"渠道", 2}, {"合伙", 2}, {"引流", 2}, {"转化率", 2}, {"怎么合作", 2},
		{"学员", 1}, {"对接", 1}, {"流量", 1},
	}},
	{IntentPolicy, []cue{
		{"区别", 3}, {"差别", 3}, {"怎么查", 3}, {"查真伪", 3}, {"真假", 3}, {"假证", 3}, {"职称", 3},
		{"1+x", 3}, {"含金量", 3}, {"有什么用", 3}, {"有啥用", 3}, {"有效期", 3}, {"挂靠", 3},
		{"入库", 3}, {"包过", 3}, {"条件", 3}, {"大典", 3}, {"osta", 3}, {"水平评价", 3},
		{"什么是", 2}, {"什么意思", 2}, {"查询", 2}, {"骗", 2}, {"靠谱", 2}, {"正规", 2}, {"改革", 2},
		{"级别", 2}, {"几个等级", 2}, {"等级有几", 2}, {"有用吗", 2}, {"认可", 2}, {"承认", 2},
		{"通用", 2}, {"过期", 2}, {"学历", 3}, {"为什么", 2}, {"政策", 2}, {"目录", 2}, {"联网", 2},
		{"准入", 2}, {"有什么不同", 2}, {"哪个好", 2}, {"难吗", 2}, {"难不难", 2}, {"通过率", 2},
		{"一回事", 3}, {"认定计划", 3}, {"保过", 3}, {"投诉", 4}, {"举报", 4}, {"维权", 3}, {"落户", 3},
		{"积分", 2}, {"网上", 2}, {"线上", 2}, {"网课", 2}, {"适合", 2}, {"什么证", 2}, {"岁", 2},
		{"怎么申请", 3}, {"成为认定机构", 4}, {"申请成为", 3}, {"备案", 2}, {"一样吗", 2}, {"公布", 2},
		{"是什么", 1}, {"真的", 1}, {"假的", 1}, {"作用", 1}, {"要求", 1}, {"年龄", 2}, {"流程", 3},
		{"材料", 3}, {"几次", 2}, {"多久", 2}, {"多长时间", 2}, {"经验", 3}, {"初中", 1}, {"高中", 1},
		{"哪里查", 3}, {"在哪查", 3}, {"去哪查", 3},
	}},
	{IntentListBodies, []cue{
		{"哪里", 2}, {"哪儿", 2}, {"去哪", 2}, {"在哪", 2}, {"找谁", 2}, {"哪家", 2}, {"哪个机构", 2},
		{"报名", 2}, {"能考", 1}, {"可以考", 1}, {"附近", 2}, {"哪些", 1}, {"机构", 1}, {"考", 1},
		{"认定", 1}, {"证", 1}, {"鉴定", 1}, {"培训", 1}, {"学校", 1}, {"电话", 1}, {"联系方式", 1},
		{"地址", 1}, {"推荐", 1}, {"本地", 1},
	}},
}

// whereWords ask where or whom to go to: with them a question is about
// institutions even when it also names a subsidy.
var whereWords = strings.Fields(`哪里 哪儿 去哪 在哪 找谁 哪家 哪个机构 附近 哪些机构`)

// howWords make a how, why or whether question (怎么查, 能考吗), which is
// about the rules, not about institutions, unless it names a place or an
// occupation or asks where.
var howWords = strings.Fields(`怎么 怎样 如何 为什么 为啥 是否 是不是 能不能 可不可以 会不会 吗`)

// alsoWeight is the word score from which an intent other than the chosen
// one is reported in Query.Also.
const alsoWeight = 3

// alsoIntents are the intents that may be reported as secondary.
var alsoIntents = []Intent{IntentSubsidy, IntentPolicy, IntentBooking}

// reading is what classifyIntent made of a message.
type reading struct {
	intent Intent
	also   []Intent
	// cued: words of the text, not only its entities, scored for intent.
	cued bool
}

// classifyIntent scores every intent by the cue words found in the folded
// text f plus, for list_bodies, the entities found: a place or an occupation
// adds 1 each, and a government body named together with a place or an
// occupation adds 2 (they want to know where to sign up). Words inside the
// names found (人工智能训练师, 职业技能鉴定中心) are not cues. The highest score
// wins; ties go to the intent listed first in intentCues (booking, subsidy,
// cooperation, policy, list_bodies). Then:
//
//   - a subsidy question that asks where and names a place or an occupation
//     ("金华哪里考育婴员，有补贴吗") is list_bodies with subsidy in also;
//   - a list_bodies question with no place, occupation or certificate that
//     has policy words or asks how, why or whether without asking where
//     ("报名流程是怎样的", "网上能考吗") is policy;
//   - with no score at all the text is small talk (greeting) or other.
//
// Other intents whose words score alsoWeight or more are reported in also.
func classifyIntent(f string, c cues) reading {
	scores := make(map[Intent]int, len(intentCues))
	best, bestScore, cued := IntentOther, 0, false
	for _, ic := range intentCues {
		words := 0
		for _, w := range ic.cues {
			if strings.Contains(f, w.word) {
				words += w.weight
			}
		}
		scores[ic.intent] = words
		score := words
		if ic.intent == IntentListBodies {
			score += entityScore(c)
		}
		if score > bestScore {
			best, bestScore, cued = ic.intent, score, words > 0
		}
	}
	if bestScore == 0 {
		if smallTalkKind(f) != "" {
			return reading{intent: IntentGreeting, cued: true}
		}
		return reading{intent: IntentOther}
	}
	named := c.place || c.occupation || c.certificate
	asksWhere := containsAny(f, whereWords)
	switch {
	case best == IntentSubsidy && asksWhere && named:
		best, cued = IntentListBodies, true
	case best == IntentListBodies && !named &&
		(scores[IntentPolicy] > 0 || containsAny(f, howWords) && !asksWhere):
		best, cued = IntentPolicy, true
	}
	var also []Intent
	for _, i := range alsoIntents {
		if i != best && scores[i] >= alsoWeight {
			also = append(also, i)
		}
	}
	return reading{intent: best, also: also, cued: cued}
}

// entityScore is what the entities of a message add to list_bodies.
func entityScore(c cues) int {
	score := 0
	if c.place {
		score++
	}
	if c.occupation {
		score++
	}
	if c.government && (c.place || c.occupation) {
		score += 2
	}
	return score
}
