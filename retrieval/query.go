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
	// Occupations lists every occupation mentioned, as catalog names, the
	// longest words first; Occupation is the first of them.
	Occupations []string
	// Levels are the skill levels asked for, sorted from 5 (五级) to 1.
	Levels []knowledge.Level
	// Government lists government bodies the follower mentioned (人社局,
	// 金华市人力资源和社会保障局, 职业技能鉴定中心…), as typed.
	Government []string
	// FollowUp is true when the text refers to the previous turn
	// ("那义乌呢", "还有别的吗") and fields were inherited from it.
	FollowUp bool
	// More is true for "还有别的吗"/"更多": continue the previous list.
	More bool
	// Certificate is a certificate named that is not a skill level (叉车证,
	// 低压电工, 一建), as typed, and CertificateKind what it is instead, e.g.
	// 特种作业操作证（应急管理部门）. Empty when none was named.
	Certificate     string
	CertificateKind string

	// elliptical: the text leans on the previous turn (那义乌呢, 三级的).
	elliptical bool
	// cued: Intent was decided by the words of the text, not only by the
	// place or occupation it names.
	cued bool
}
