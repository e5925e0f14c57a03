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

// The classes of certificates that are not skill levels, in
// Query.CertificateClass.
const (
	CertSpecialOperations = "special_operations" // 特种作业操作证 (应急管理, 住建)
	CertSpecialEquipment  = "special_equipment"  // 特种设备作业人员证 (市场监管)
	CertConstruction      = "construction"       // 住建 site and safety certificates
	CertProfessional      = "professional"       // professional qualifications and titles: 建造师, 教师, 会计, 护士…
	CertDriving           = "driving"            // 机动车驾驶证
)

// Query is a follower's question, understood.
type Query struct {
	Text   string
	Intent Intent
	// Also lists secondary intents the text asks about besides Intent, in
	// the order of the intent table (subsidy before policy), never Intent
	// itself: "西安哪里考电工，有补贴吗" is list_bodies with Also [subsidy],
	// so that the answer can add the subsidy rule. Empty when none.
	Also []Intent
	// SmallTalk says what kind of small talk a greeting is, so that the
	// reply can fit it: "hello" (你好, 老师好), "thanks" (谢谢, 辛苦了), "bye"
	// (再见, 晚安), "ack" (好, 嗯, ok, 明白了, 👍) or "who" (你是谁, 你是机器人吗).
	// Empty unless Intent is greeting.
	SmallTalk string
	// Region is the resolved place; County may be empty. Zero when none named.
	Region knowledge.Region
	// OtherRegions are the other cities the text names besides Region
	// ("苏州和南京哪里能考电工": Region 苏州, OtherRegions [南京]), so that the
	// answer can say it covers one city only. Places the follower is not in
	// (户口在西安, 从西安) and places inside Region's city are left out. Empty
	// unless Region has a city.
	OtherRegions []knowledge.Region
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
	// CertificateClass is the class of Certificate, for the answer to
	// explain it: one of the Cert… constants (special_operations for 低压电工,
	// 建筑电工, 特种作业操作证 and for 电工证 compared with the skill level;
	// special_equipment for 叉车证, 电梯证…). Empty when Certificate is.
	CertificateClass string

	// goOn: the text only asks to go on (继续); after a list it asks for more.
	goOn bool

	// elliptical: the text leans on the previous turn (那义乌呢, 三级的).
	elliptical bool
	// cued: Intent was decided by the words of the text, not only by the
	// place or occupation it names.
	cued bool
}
