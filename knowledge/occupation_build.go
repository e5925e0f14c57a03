package knowledge

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

var (
	//go:embed data/occupations-2022.csv
	occupationData []byte
	//go:embed data/occupation_aliases.csv
	aliasData []byte
)

// occKey is what one dictionary word means.
type occKey struct {
	occ    int32
	source int8 // srcOfficial, srcTable or srcStem: a higher source wins
	cond   bool // only before a certificate word or after 考/学
	former bool // a former official name
	ascii  bool // starts or ends with an ASCII letter or digit
}

// Where a word comes from.
const (
	srcStem     = 1
	srcTable    = 2
	srcOfficial = 3
)

// The kinds of the alias table.
const (
	aliasAlways  = "alias"
	aliasFormer  = "former"
	aliasCert    = "cert"
	aliasLicence = "licence"
)

// catBuilder collects the catalog's words.
type catBuilder struct {
	c      *Catalog
	ids    map[string]int32 // word → lexicon id
	stems  map[string]stemInfo
	byName map[string]int32
}

func buildCatalog() (*Catalog, error) {
	b := &catBuilder{
		c:      &Catalog{lex: newLexicon(), certLex: newLexicon(), byCode: make(map[string]int32)},
		ids:    make(map[string]int32),
		stems:  make(map[string]stemInfo),
		byName: make(map[string]int32),
	}
	if err := b.readOccupations(); err != nil {
		return nil, err
	}
	if err := b.readAliases(); err != nil {
		return nil, err
	}
	b.addStems()
	return b.c, nil
}

// readOccupations adds every occupation by its official name.
func (b *catBuilder) readOccupations() error {
	r := csv.NewReader(bytes.NewReader(occupationData))
	r.FieldsPerRecord = 11
	rows, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("parse occupations: %w", err)
	}
	if len(rows) < 2 || rows[0][0] != "code" || rows[0][1] != "name" {
		return fmt.Errorf("parse occupations: unexpected header %q", rows[0])
	}
	for _, row := range rows[1:] {
		code, name := strings.TrimSpace(row[0]), strings.TrimSpace(row[1])
		if _, dup := b.byName[name]; dup {
			return fmt.Errorf("occupation %s: name %s appears twice", code, name)
		}
		i := int32(len(b.c.occs))
		b.c.occs = append(b.c.occs, Occupation{Code: code, Name: name})
		b.c.formers = append(b.c.formers, nil)
		b.byName[name] = i
		b.c.byCode[code] = i
		b.word(name, occKey{occ: i, source: srcOfficial})
	}
	return nil
}

// readAliases adds the alias table.
func (b *catBuilder) readAliases() error {
	r := csv.NewReader(bytes.NewReader(aliasData))
	r.Comment = '#'
	r.FieldsPerRecord = 4
	rows, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("parse occupation aliases: %w", err)
	}
	for n, row := range rows[1:] {
		word, target, kind := strings.TrimSpace(row[0]), strings.TrimSpace(row[1]), strings.TrimSpace(row[2])
		if kind == aliasLicence {
			b.c.certLex.add(Fold(word), int32(len(b.c.certs)))
			b.c.certs = append(b.c.certs, target)
			continue
		}
		i, ok := b.byName[target]
		if !ok {
			return fmt.Errorf("occupation alias %s (row %d): %s is not an occupation of the catalog", word, n+2, target)
		}
		if id, ok := b.ids[Fold(word)]; ok {
			return fmt.Errorf("occupation alias %s (row %d): already means %s", word, n+2, b.c.occs[b.c.keys[id].occ].Name)
		}
		k := occKey{occ: i, source: srcTable}
		switch kind {
		case aliasAlways:
		case aliasCert:
			k.cond = true
		case aliasFormer:
			k.former = true
			b.c.formers[i] = append(b.c.formers[i], word)
		default:
			return fmt.Errorf("occupation alias %s (row %d): unknown kind %q", word, n+2, kind)
		}
		b.word(word, k)
		b.c.occs[i].Aliases = append(b.c.occs[i].Aliases, word)
	}
	return nil
}

// stemInfo is a derived stem: its occupation (-1 when several occupations
// share it) and whether it needs a certificate word.
type stemInfo struct {
	occ  int32
	cond bool
}

// addStems derives the stems of names ending in 师, 员 or 工 and adds those
// that are unambiguous and not already words.
func (b *catBuilder) addStems() {
	var order []string
	for i, occ := range b.c.occs {
		stem, cond, ok := nameStem(occ.Name)
		if !ok {
			continue
		}
		if _, taken := b.ids[Fold(stem)]; taken {
			continue
		}
		if prev, seen := b.stems[stem]; seen {
			if prev.occ != int32(i) {
				b.stems[stem] = stemInfo{occ: -1}
			}
			continue
		}
		b.stems[stem] = stemInfo{occ: int32(i), cond: cond}
		order = append(order, stem)
	}
	for _, stem := range order {
		if si := b.stems[stem]; si.occ >= 0 {
			b.word(stem, occKey{occ: si.occ, source: srcStem, cond: si.cond})
		}
	}
}

// nameStem returns the name without its final 师, 员 or 工, and whether the
// stem needs a certificate word after it. ok is false when the stem is too
// short or too common a word to stand for the occupation.
func nameStem(name string) (stem string, cond, ok bool) {
	last, size := utf8.DecodeLastRuneInString(name)
	stem = name[:len(name)-size]
	n := utf8.RuneCountInString(stem)
	if n < 2 || slices.Contains(stemStoplist, stem) {
		return "", false, false
	}
	switch last {
	case '师':
		return stem, false, true
	case '员', '工':
		return stem, n < 3, true
	}
	return "", false, false
}

// stemStoplist are stems that are everyday words or phrases of this domain
// (职业培训 is not 职业培训师), so they never stand for their occupation.
var stemStoplist = strings.Fields(`装置 听力 中药 灯光 拍卖 招聘 剪辑 音像 染色 洗衣 易货 速录 美工 假肢 织补 冲印
	职业培训 职业指导 创业指导 风险管理 资产管理 信用管理 科技咨询 数字化管理 金融科技 证券期货服务 鉴定估价
	安全 运动 试验 照明 教练 裁判 公证 仲裁 调解 校对 播音 机要 收发 公关 打字 制图 标本 防疫 包装 计量 质检
	农业技术 社会体育指导 安全防范系统安装维护 管道 起重 潜水 架子 下料 模具 消毒 选矿 钻井 冲压 铸造 锻造`)

// word adds a dictionary word, keeping the entry of the higher source.
func (b *catBuilder) word(word string, k occKey) {
	key := Fold(word)
	if key == "" {
		return
	}
	first, _ := utf8.DecodeRuneInString(key)
	last, _ := utf8.DecodeLastRuneInString(key)
	k.ascii = isWordRune(first) || isWordRune(last)
	if id, ok := b.ids[key]; ok {
		if b.c.keys[id].source < k.source {
			b.c.keys[id] = k
		}
		return
	}
	id := int32(len(b.c.keys))
	b.ids[key] = id
	b.c.keys = append(b.c.keys, k)
	b.c.lex.add(key, id)
}
