// Package kbgen generates synthetic knowledge bases for benchmarks: many
// institutions across real city names with plausible names, occupations
// and levels, made-up phone numbers (0000-5555xxxx) and a few notes. The
// output is deterministic for a given Config. Nothing it makes is real.
package kbgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/zhijian/advisor/knowledge"
)

// City is a prefecture-level city with its counties and districts.
type City struct {
	Province string
	Name     string
	Counties []string
}

// Config describes the KB to generate.
type Config struct {
	// Rows is the number of authorization rows (one per occupation of an
	// institution), the unit in which published plans are counted.
	Rows int
	// Cities to spread institutions over; each also gets two government rows.
	Cities []City
	// Occupations to draw from; the first ones are drawn most often
	// (Zipf-distributed), as in real plans where a few dominate.
	Occupations []string
	// Notes is the number of notes; a quarter of them are city-scoped.
	Notes int
	// Seed makes the output reproducible.
	Seed uint64
}

// nameWords are used to make institution names distinct within a city.
const nameWords = "华夏 东方 鑫源 启航 明德 育才 恒信 博雅 新星 阳光 致远 同创 卓越 宏图 精工 匠心 天成 瑞丰 嘉禾 创新 永盛 汇通 和美 安康"

// kindSuffix returns a name ending for a kind of body.
func kindSuffix(k knowledge.Kind, occ string) string {
	switch k {
	case knowledge.KindAssociation:
		return occ + "行业协会"
	case knowledge.KindVocationalColl:
		return "职业技术学院"
	case knowledge.KindTechnicalSchool:
		return "技工学校"
	case knowledge.KindEmployer:
		return "实业有限公司"
	case knowledge.KindEvaluationOrg:
		return "职业技能评价中心"
	default:
		return "职业培训学校"
	}
}

// Generate makes a KB with cfg.Rows authorization rows. It panics when
// cfg has no cities or no occupations, which is a programming error.
func Generate(cfg Config) *knowledge.Base {
	if len(cfg.Cities) == 0 || len(cfg.Occupations) == 0 {
		panic("kbgen: Config needs cities and occupations")
	}
	g := &gen{
		cfg:   cfg,
		rng:   rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		names: make(map[string]bool),
		words: strings.Fields(nameWords),
	}
	g.zipf = rand.NewZipf(g.rng, 1.1, 8, uint64(len(cfg.Occupations)-1))
	base := &knowledge.Base{Source: fmt.Sprintf("kbgen seed %d", cfg.Seed), LoadedAt: time.Unix(0, 0)}
	for rows := 0; rows < cfg.Rows; {
		inst := g.institution(len(base.Institutions), cfg.Rows-rows)
		rows += len(inst.Authorizations)
		base.Institutions = append(base.Institutions, inst)
	}
	for _, c := range cfg.Cities {
		base.Institutions = append(base.Institutions, g.government(c, c.Name+"人力资源和社会保障局"), g.government(c, c.Name+"职业技能鉴定指导中心"))
	}
	base.Notes = g.notes()
	return base
}

type gen struct {
	cfg   Config
	rng   *rand.Rand
	zipf  *rand.Zipf
	names map[string]bool // city + name already used
	words []string
	phone int
}

func (g *gen) nextPhone() string {
	g.phone++
	return fmt.Sprintf("0000-5555%04d", g.phone%10000)
}

func (g *gen) occupation() string { return g.cfg.Occupations[g.zipf.Uint64()] }

func (g *gen) institution(n, rowsLeft int) knowledge.Institution {
	c := g.cfg.Cities[g.rng.IntN(len(g.cfg.Cities))]
	kind := knowledge.Kinds[g.rng.IntN(len(knowledge.Kinds)-1)] // never 政府部门
	main := g.occupation()
	inst := knowledge.Institution{
		ID:       fmt.Sprintf("gen-%06d", n),
		Kind:     kind,
		Province: c.Province,
		City:     c.Name,
		Contact:  "王老师",
		Phones:   []string{g.nextPhone()},
		Example:  true,
	}
	place := shortName(c.Name)
	if len(c.Counties) > 0 && g.rng.IntN(10) < 6 {
		inst.County = c.Counties[g.rng.IntN(len(c.Counties))]
		place = inst.County
	}
	inst.Name = g.uniqueName(c.Name, place, kindSuffix(kind, main))
	inst.Address = place + "示例路" + fmt.Sprint(g.rng.IntN(300)+1) + "号"
	count := min(1+g.rng.IntN(6), rowsLeft)
	seen := map[string]bool{}
	for occ := main; len(inst.Authorizations) < count; occ = g.occupation() {
		if seen[occ] {
			if len(seen) >= len(g.cfg.Occupations) {
				break
			}
			continue
		}
		seen[occ] = true
		inst.Authorizations = append(inst.Authorizations, g.authorization(c, occ))
	}
	return inst
}

func (g *gen) uniqueName(city, place, suffix string) string {
	for try := 0; ; try++ {
		name := place + g.words[g.rng.IntN(len(g.words))] + suffix
		if try > 8 {
			name = fmt.Sprintf("%s%s第%d%s", place, g.words[g.rng.IntN(len(g.words))], try, suffix)
		}
		if !g.names[city+name] {
			g.names[city+name] = true
			return name
		}
	}
}

func (g *gen) authorization(c City, occ string) knowledge.Authorization {
	lo := 1 + g.rng.IntN(5) // highest level (1 = 一级)
	hi := lo + g.rng.IntN(6-lo)
	var levels []knowledge.Level
	for l := hi; l >= lo; l-- {
		levels = append(levels, knowledge.Level(l))
	}
	scope := "面向社会"
	if g.rng.IntN(20) == 0 {
		scope = "本单位职工"
	}
	return knowledge.Authorization{
		Occupation: occ,
		Levels:     levels,
		Plan:       c.Name + "2024年社会化职业技能等级认定计划（生成数据）",
		Published:  time.Date(2024, time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28), 0, 0, 0, 0, time.UTC),
		Scope:      scope,
		Fee:        fmt.Sprintf("%d元/人", 100*(1+g.rng.IntN(6))),
	}
}

func (g *gen) government(c City, name string) knowledge.Institution {
	return knowledge.Institution{
		ID: "gov-" + c.Name + name, Name: name, Kind: knowledge.KindGovernment,
		Province: c.Province, City: c.Name, Phones: []string{g.nextPhone()}, Example: true,
	}
}

// noteTopics returns (title, tags, body) seeds for generated notes.
func noteTopics() [][3]string {
	return [][3]string{
		{"技能提升补贴怎么申领", "补贴 技能提升补贴", "参保职工取得职业技能等级证书后，可按当地规定申领技能提升补贴。"},
		{"为什么不要直接找人社局报名", "人社局 鉴定中心 政府", "人社部门负责备案和监管，报名请联系认定计划里公布的机构。"},
		{"职称和职业技能等级的区别", "职称 技能等级 政策", "职称评价专业技术人员，职业技能等级评价技能人员。"},
		{"怎么查证书真伪", "证书查询 真伪", "在技能人才评价证书全国联网查询系统可以查询证书。"},
		{"和评价机构合作招生", "合作 招生 分润", "合作一般有代理招生和共建考点两种模式，关键是生源规模。"},
		{"五个技能等级", "等级 五级 一级", "五级初级工、四级中级工、三级高级工、二级技师、一级高级技师。"},
	}
}

func (g *gen) notes() []knowledge.Note {
	var out []knowledge.Note
	topics := noteTopics()
	for i := 0; i < g.cfg.Notes; i++ {
		t := topics[i%len(topics)]
		n := knowledge.Note{
			ID: fmt.Sprintf("gen-note-%03d", i), Title: t[0], Tags: strings.Fields(t[1]),
			Scope: "national", Body: t[2], Updated: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
		}
		if i%4 == 3 {
			c := g.cfg.Cities[g.rng.IntN(len(g.cfg.Cities))]
			n.Scope = c.Name
			n.Title = c.Name + n.Title
		}
		out = append(out, n)
	}
	return out
}

// shortName strips a city's 市 suffix for use in names (金华市 → 金华).
func shortName(city string) string {
	if s, ok := strings.CutSuffix(city, "市"); ok && len([]rune(s)) >= 2 {
		return s
	}
	return city
}
