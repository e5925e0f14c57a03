// Package knowledge holds the domain vocabulary of the advisor: the institutions
// that a city's human-resources authority has authorized to run vocational
// skill-level certification (职业技能等级认定), the policy notes the bot cites,
// the events the consultant announces, and the reference data (administrative
// divisions, the occupation catalog, skill levels) used to understand how
// followers name places and occupations.
//
// A knowledge base (KB) is a directory in the format of kb-format.md:
// institutions/*.csv|*.xlsx, notes/*.md and events/*.md. The built-in KB is
// embedded in the binary.
package knowledge

import "time"

// Kind is the kind of a body that appears in a published plan.
type Kind string

// The kinds of body a KB row may have. Only KindGovernment is never a contact
// for certification.
const (
	KindAssociation     Kind = "行业协会"
	KindVocationalColl  Kind = "职业院校"
	KindTechnicalSchool Kind = "技工院校"
	KindEmployer        Kind = "用人单位"
	KindEvaluationOrg   Kind = "社会培训评价组织"
	KindTrainingSchool  Kind = "培训机构"
	KindGovernment      Kind = "政府部门"
)

// Kinds lists every valid Kind in the order curators see them.
var Kinds = []Kind{KindAssociation, KindVocationalColl, KindTechnicalSchool, KindEmployer, KindEvaluationOrg, KindTrainingSchool, KindGovernment}

// Level is one of the five national skill levels. The number is the level's
// rank as printed on certificates: 5 = 五级/初级工 … 1 = 一级/高级技师.
type Level int

// The five national skill levels.
const (
	Level1 Level = 1 // 一级/高级技师
	Level2 Level = 2 // 二级/技师
	Level3 Level = 3 // 三级/高级工
	Level4 Level = 4 // 四级/中级工
	Level5 Level = 5 // 五级/初级工
)

// String returns the level's short name, e.g. "四级".
func (l Level) String() string {
	switch l {
	case Level1:
		return "一级"
	case Level2:
		return "二级"
	case Level3:
		return "三级"
	case Level4:
		return "四级"
	case Level5:
		return "五级"
	}
	return "未知等级"
}

// Title returns the level's traditional title, e.g. "中级工".
func (l Level) Title() string {
	switch l {
	case Level1:
		return "高级技师"
	case Level2:
		return "技师"
	case Level3:
		return "高级工"
	case Level4:
		return "中级工"
	case Level5:
		return "初级工"
	}
	return ""
}

// Region is a place resolved down to the county where known. Province and
// City are full official names (浙江省, 金华市); County is empty when the
// place is a whole city. For the four municipalities City is the
// municipality's name (上海市) and Province is the same name.
type Region struct {
	Province string `json:"province"`
	City     string `json:"city"`
	County   string `json:"county"`
}

// IsZero reports whether no part of the region is known.
func (r Region) IsZero() bool { return r.Province == "" && r.City == "" && r.County == "" }

// Authorization is one line of a published plan: an institution may certify
// an occupation at some levels.
type Authorization struct {
	Occupation     string            `json:"occupation"`      // catalog name as published, e.g. 育婴员
	OccupationCode string            `json:"occupation_code"` // 4-10-01-02, may be empty
	WorkType       string            `json:"work_type"`       // 工种, may be empty
	Levels         []Level           `json:"levels"`          // sorted from 5 (lowest) to 1
	Plan           string            `json:"plan"`            // 计划名称
	Published      time.Time         `json:"published"`       // zero when unknown
	SourceURL      string            `json:"source_url"`
	Scope          string            `json:"scope"` // 面向社会 or 本单位职工
	Assessment     string            `json:"assessment"`
	EnrolPeriod    string            `json:"enrol_period"`
	ExamPeriod     string            `json:"exam_period"`
	Fee            string            `json:"fee"`
	Extra          map[string]string `json:"extra,omitempty"` // unknown columns, by header

	File string `json:"-"` // where the row came from, for reports
	Line int    `json:"-"`
}

// Internal reports whether the authorization is for the body's own employees
// only and must not be offered to the public.
func (a Authorization) Internal() bool { return a.Scope == "本单位职工" }

// Institution is a body named in a published plan, with all of its
// authorizations. Rows with the same 城市 + 机构名称 form one Institution.
type Institution struct {
	ID             string          `json:"id"` // stable: derived from city and name
	Name           string          `json:"name"`
	Kind           Kind            `json:"kind"`
	Province       string          `json:"province"`
	City           string          `json:"city"`
	County         string          `json:"county"`
	Contact        string          `json:"contact"`
	Phones         []string        `json:"phones"`
	Address        string          `json:"address"`
	Authorizations []Authorization `json:"authorizations"`
	// Example marks rows shipped as examples, not taken from a real plan.
	// Every answer that shows an example institution says so.
	Example bool `json:"example"`
}

// IsGovernment reports whether the institution is a government body, which is
// never offered as a contact for certification.
func (i Institution) IsGovernment() bool { return i.Kind == KindGovernment }

// Note is a policy note: one topic, in plain Chinese, citing its source.
type Note struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Tags    []string  `json:"tags"`
	Scope   string    `json:"scope"` // "national" or a city name such as 金华市
	Source  string    `json:"source"`
	Updated time.Time `json:"updated"`
	Body    string    `json:"body"`
	File    string    `json:"-"`
}

// Event is an offline event the consultant announces (events/*.md), such as a
// meetup in a city on a date.
type Event struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Date     time.Time `json:"date"` // start, in Asia/Shanghai
	City     string    `json:"city"`
	Place    string    `json:"place"`
	Topic    string    `json:"topic"`
	Capacity int       `json:"capacity"` // 0 means unlimited
	Body     string    `json:"body"`
	File     string    `json:"-"`
}

// Base is a loaded, validated knowledge base.
type Base struct {
	Institutions []Institution
	Notes        []Note
	Events       []Event
	// Source describes where the KB was loaded from ("built-in" or a directory).
	Source string
	// LoadedAt is when the KB was loaded.
	LoadedAt time.Time
}
