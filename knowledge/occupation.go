package knowledge

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Occupation is an occupation of the 职业分类大典.
type Occupation struct {
	Code string // 4-10-01-02
	Name string // 育婴员
	// Aliases are the words people use for it (月嫂 for 育婴员, 厨师 for 中式烹调师)
	// and former names (保育员 for 保育师).
	Aliases []string
}

// Catalog is the occupation catalog with the words followers use: all 1,637
// occupations of the 2022 大典 public-comment draft (see
// data/ATTRIBUTION.md) by official name, the alias table
// data/occupation_aliases.csv (colloquial words, former names, words that
// count only before 证/等级/考试…), and stems derived from the names: an
// occupation ending in 师 is also found by the name without 师 (茶艺 for
// 茶艺师) when that stem is at least two characters and unambiguous, one
// ending in 员 or 工 by its stem of three or more characters (养老护理 for
// 养老护理员), and by a two-character stem only before a certificate word or
// after 考/学 (育婴证, 考保安). It also knows certificates that are not
// skill levels at all (叉车证, 低压电工证, 一建), see OtherCertificates.
//
// A Catalog is immutable and safe for concurrent use.
type Catalog struct {
	occs    []Occupation
	formers [][]string // former names, by occupation
	byCode  map[string]int32
	keys    []occKey // by lexicon id
	lex     *lexicon
	certs   []string // certificate kinds, by certLex id
	certLex *lexicon
}

// OccupationMatch is one occupation word found in a text.
type OccupationMatch struct {
	Text       string // as typed: 月嫂
	Start, End int    // byte offsets
	Occupation Occupation
	// Former reports that the words typed are a former official name of the
	// occupation (评茶员 for 评茶师), which a KB may still use.
	Former bool
}

// CertificateMatch is a word for a certificate that is not a skill-level
// certificate, found in a text: 叉车证, 低压电工, 一建.
type CertificateMatch struct {
	Text       string // as typed
	Start, End int    // byte offsets
	// Kind names the certificate and who issues it, in Chinese, e.g.
	// 特种作业操作证（应急管理部门）.
	Kind string
}

// DefaultCatalog returns the catalog built from the embedded occupation data
// and alias table. Built once on first use; safe for concurrent use.
func DefaultCatalog() *Catalog { return defaultCatalog() }

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := buildCatalog()
	if err != nil {
		// The data is embedded and checked by the tests: failing here is a
		// build defect, not a run-time condition.
		panic("knowledge: embedded occupation data: " + err.Error())
	}
	return c
})

// Lookup returns the occupation with this official name, former name, alias
// or code (4-10-01-02). Lookup ignores the certificate-word condition of
// conditional aliases: Lookup("育婴") is 育婴员.
func (c *Catalog) Lookup(name string) (Occupation, bool) {
	i, ok := c.index(name)
	if !ok {
		return Occupation{}, false
	}
	return c.occs[i], true
}

// index returns the position of the occupation Lookup finds.
func (c *Catalog) index(name string) (int32, bool) {
	name = Fold(name)
	if id, ok := c.lex.lookup(name); ok {
		return c.keys[id].occ, true
	}
	i, ok := c.byCode[name]
	return i, ok
}

// Equivalents returns every name a published plan may use for the occupation
// called name (any name Lookup accepts): the current official name first,
// then its former official names. Equivalents("评茶员") and
// Equivalents("评茶师") are both [评茶师 评茶员]. It returns nil for an unknown
// name.
func (c *Catalog) Equivalents(name string) []string {
	i, ok := c.index(name)
	if !ok {
		return nil
	}
	return append([]string{c.occs[i].Name}, c.formers[i]...)
}

// Find returns the occupations mentioned in text, longest match first (ties
// in order of appearance). Matches do not overlap: at each position the
// longest word wins.
func (c *Catalog) Find(text string) []OccupationMatch {
	st := newScanText(text)
	var out []OccupationMatch
	for i := 0; i < st.runes(); {
		id, l, ok := c.lex.at(&st, i, func(id int32, j int) bool {
			return c.accept(&st, c.keys[id], i, j)
		})
		if !ok {
			i++
			continue
		}
		k := c.keys[id]
		t, start, end := st.span(i, i+l)
		out = append(out, OccupationMatch{Text: t, Start: start, End: end, Occupation: c.occs[k.occ], Former: k.former})
		i += l
	}
	slices.SortStableFunc(out, func(a, b OccupationMatch) int {
		return cmp.Compare(utf8.RuneCountInString(b.Text), utf8.RuneCountInString(a.Text))
	})
	return out
}

// OtherCertificates returns the words in text for certificates that are not
// skill-level certificates (特种作业, 特种设备, 专业技术人员职业资格…), in
// order of appearance.
func (c *Catalog) OtherCertificates(text string) []CertificateMatch {
	st := newScanText(text)
	var out []CertificateMatch
	for i := 0; i < st.runes(); {
		id, l, ok := c.certLex.at(&st, i, func(int32, int) bool { return true })
		if !ok {
			i++
			continue
		}
		t, start, end := st.span(i, i+l)
		out = append(out, CertificateMatch{Text: t, Start: start, End: end, Kind: c.certs[id]})
		i += l
	}
	return out
}

// accept reports whether the word at runes [i, j) may be read as k: ASCII
// words must stand alone (hr, not three), conditional words need a
// certificate word after them or 考/学 before them.
func (c *Catalog) accept(st *scanText, k occKey, i, j int) bool {
	if k.ascii && (st.asciiAt(i-1) || st.asciiAt(j)) {
		return false
	}
	return !k.cond || certContext(st.before(i), st.rest(j))
}

// certContext reports whether a word stands before a certificate word
// (证, 等级, 考试, 三级…), after a verb of taking one (考, 学), or at the end
// of the message ("海口 育婴").
func certContext(before, after string) bool {
	if strings.Trim(after, certTrailing) == "" {
		return true
	}
	for _, w := range certAfter {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	if r, _ := utf8.DecodeLastRuneInString(before); strings.ContainsRune(certBefore, r) {
		return true
	}
	return false
}

var (
	certAfter = strings.Fields(`证 等级 资格 考试 考核 考证 技能 认定 鉴定 培训 职业 课程 报名 班 师
		初级 中级 高级 技师 一级 二级 三级 四级 五级 1级 2级 3级 4级 5级 几级 哪里考 在哪考 去哪考 怎么考 能考 可以考 的证`)
	certBefore   = "考学报当做干"
	certTrailing = "吗呢啊呀吧的?!.,;~…？！。，；、 "
)
