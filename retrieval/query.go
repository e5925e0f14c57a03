// Package retrieval finds the institutions and policy notes that answer a
// follower's question: query understanding (region, occupation, level,
// government bodies, intent) and a bleve index over the knowledge base.
package retrieval

import "github.com/zhijian/advisor/knowledge"

// Intent is what the follower wants.
type Intent string

// The intents, as in the `advisor ask --json` contract.
const (
	IntentListBodies  Intent = "list_bodies"
	IntentSubsidy     Intent = "subsidy"
	IntentPolicy      Intent = "policy"
	IntentBooking     Intent = "booking"
	IntentCooperation Intent = "cooperation"
	IntentGreeting    Intent = "greeting"
	IntentOther       Intent = "other"
)

// Query is a follower's question, understood.
type Query struct {
	Text   string
	Intent Intent
	// Region is the resolved place; County may be empty. Zero when none named.
	Region knowledge.Region
	// Ambiguous holds the candidates when a place name matched several regions
	// and context did not decide (吉林省 or 吉林市); Region is then zero.
	Ambiguous []knowledge.Region
	// Occupation is the catalog name (中式烹调师 for 厨师), OccupationAsked the
	// words typed (厨师).
	Occupation      string
	OccupationAsked string
	Levels          []knowledge.Level
	// Government lists government bodies the follower mentioned (人社局,
	// 金华市人力资源和社会保障局, 职业技能鉴定中心…), as typed.
	Government []string
	// FollowUp is true when the text refers to the previous turn
	// ("那义乌呢", "还有别的吗") and fields were inherited from it.
	FollowUp bool
	// More is true for "还有别的吗"/"更多": continue the previous list.
	More bool
}
