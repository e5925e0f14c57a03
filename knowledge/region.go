package knowledge

import (
	"slices"
	"strings"
	"sync"
)

// Gazetteer resolves Chinese place names (provinces, prefecture-level cities,
// counties and districts, full or short) from the embedded administrative
// divisions (国家统计局 2023 codes, see data/ATTRIBUTION.md).
//
// Every division is known by its official name (义乌市, 延边朝鲜族自治州) and,
// where it is at least two characters long, by its name without the
// administrative suffix and ethnic designation (义乌, 延边). Municipalities
// resolve to Region{Province: 上海市, City: 上海市}; their districts carry
// the municipality as City. County-level cities administered directly by a
// province (仙桃市, 济源市) are resolved as cities of their province.
// The development zones and other statistical-only units are known by their
// full names only and rank below every real division.
//
// A Gazetteer is immutable and safe for concurrent use.
type Gazetteer struct {
	entries []placeEntry
	names   []placeName // indexed by lexicon id
	lex     *lexicon
}

// PlaceMatch is one place name found in a text.
type PlaceMatch struct {
	Text       string   // the words as typed, e.g. 义乌
	Start, End int      // byte offsets in the text
	Candidates []Region // more than one when the name is ambiguous (吉林, 朝阳, 鼓楼区)
	// Dominant reports that Candidates[0] is the sensible reading when
	// nothing else in the text decides: a province over a prefecture of the
	// same short name (海南), a city over its own county (承德), a county-level
	// city over a district elsewhere (开平). False with several candidates
	// means the name is truly ambiguous (吉林省 or 吉林市; 鼓楼区 of four
	// cities). Candidates are always ordered best first.
	Dominant bool

	ranks []int16 // rank of each candidate, when the match came from Find
}

// DefaultGazetteer returns the gazetteer built from the embedded division
// data. It is built once, on first use, and is safe for concurrent use.
func DefaultGazetteer() *Gazetteer { return defaultGazetteer() }

var defaultGazetteer = sync.OnceValue(func() *Gazetteer {
	g, err := buildGazetteer()
	if err != nil {
		// The data is embedded and checked by the tests: failing here is a
		// build defect, not a run-time condition.
		panic("knowledge: embedded division data: " + err.Error())
	}
	return g
})

// City normalises a prefecture-level city name as curators and followers write
// it (金华, 金华市, 上海) to its Region with Province filled in. Municipalities
// and the county-level cities administered by a province (仙桃) count as
// cities. It reports false for anything else, including provinces and
// counties.
func (g *Gazetteer) City(name string) (Region, bool) {
	pn, ok := g.lookup(name)
	if !ok {
		return Region{}, false
	}
	for _, c := range pn.cands {
		r := g.entries[c.entry].region
		if r.City != "" && r.County == "" {
			return r, true
		}
	}
	return Region{}, false
}

// County resolves a county or district name (义乌, 义乌市, 萧山区) within a
// city when city is not empty, else anywhere; more than one result means it
// is ambiguous. Results are best first. city may be written as City accepts
// it; an unknown city gives no result.
func (g *Gazetteer) County(city, name string) []Region {
	var in Region
	if city != "" {
		var ok bool
		if in, ok = g.City(city); !ok {
			return nil
		}
	}
	pn, ok := g.lookup(name)
	if !ok {
		return nil
	}
	var out []Region
	for _, c := range pn.cands {
		r := g.entries[c.entry].region
		if r.County == "" || (city != "" && r.City != in.City) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// Lookup returns every region a single name (full or short) may mean, best
// first, or nil when the name is unknown.
func (g *Gazetteer) Lookup(name string) []Region {
	pn, ok := g.lookup(name)
	if !ok {
		return nil
	}
	out := make([]Region, len(pn.cands))
	for i, c := range pn.cands {
		out[i] = g.entries[c.entry].region
	}
	return out
}

func (g *Gazetteer) lookup(name string) (*placeName, bool) {
	id, ok := g.lex.lookup(Fold(name))
	if !ok {
		return nil, false
	}
	return &g.names[id], true
}

// Find returns every place name mentioned in text, longest match first at each
// position, in order of appearance. Names that are also everyday words (城区,
// 合作, 资源, 长寿…) are reported only when another place in the text makes
// them plausible (西宁城中 → 城中区), and then only with the candidates that
// other place supports. Find does not decide between candidates; Resolve
// does, with the other places as context.
func (g *Gazetteer) Find(text string) []PlaceMatch {
	st := newScanText(text)
	covered := make([]bool, st.runes())
	strong := g.findStrong(&st, covered)
	if len(strong) == 0 {
		return nil
	}
	weak := g.findWeak(&st, covered, strong)
	if len(weak) == 0 {
		return strong
	}
	out := append(strong, weak...)
	slices.SortFunc(out, func(a, b PlaceMatch) int { return a.Start - b.Start })
	return out
}

// findStrong finds the names that are places on their own, longest first at
// each position, marking the runes they cover.
func (g *Gazetteer) findStrong(st *scanText, covered []bool) []PlaceMatch {
	var out []PlaceMatch
	for i := 0; i < st.runes(); {
		id, l, ok := g.lex.at(st, i, func(id int32, j int) bool {
			return !g.names[id].weak && !g.productName(st, id, j)
		})
		if !ok {
			i++
			continue
		}
		out = append(out, g.match(st, i, i+l, g.names[id].cands))
		for k := i; k < i+l; k++ {
			covered[k] = true
		}
		i += l
	}
	return out
}

// findWeak finds, in the runes not covered, the weak names that one of the
// strong matches supports, with only the readings it supports.
func (g *Gazetteer) findWeak(st *scanText, covered []bool, strong []PlaceMatch) []PlaceMatch {
	var out []PlaceMatch
	for i := 0; i < st.runes(); {
		if covered[i] {
			i++
			continue
		}
		var cands []placeCand
		_, l, ok := g.lex.at(st, i, func(id int32, j int) bool {
			pn := &g.names[id]
			if !pn.weak || slices.Contains(covered[i:j], true) || g.productName(st, id, j) {
				return false
			}
			cands = g.supported(pn.cands, strong)
			return len(cands) > 0
		})
		if !ok {
			i++
			continue
		}
		out = append(out, g.match(st, i, i+l, cands))
		i += l
	}
	return out
}

// productName reports whether the name with lexicon id, ending at rune j,
// starts the name of a product (普洱茶, 西湖龙井) rather than naming a place.
func (g *Gazetteer) productName(st *scanText, id int32, j int) bool {
	for _, p := range g.names[id].products {
		if strings.HasPrefix(st.rest(j), p) {
			return true
		}
	}
	return false
}

// match builds the PlaceMatch of runes [i, j) with the given candidates.
func (g *Gazetteer) match(st *scanText, i, j int, cands []placeCand) PlaceMatch {
	text, start, end := st.span(i, j)
	m := PlaceMatch{
		Text: text, Start: start, End: end,
		Candidates: make([]Region, len(cands)),
		ranks:      make([]int16, len(cands)),
		Dominant:   g.dominant(cands),
	}
	for k, c := range cands {
		m.Candidates[k] = g.entries[c.entry].region
		m.ranks[k] = c.rank
	}
	return m
}

// supported returns the candidates that are inside or around a candidate of
// one of the other matches.
func (g *Gazetteer) supported(cands []placeCand, others []PlaceMatch) []placeCand {
	var out []placeCand
	for _, c := range cands {
		r := g.entries[c.entry].region
		if relatedToAny(r, others) {
			out = append(out, c)
		}
	}
	return out
}

// relatedToAny reports whether r lies inside or around (not equal to) a
// candidate of one of the matches.
func relatedToAny(r Region, matches []PlaceMatch) bool {
	for _, m := range matches {
		for _, o := range m.Candidates {
			if o != r && (o.Contains(r) || r.Contains(o)) {
				return true
			}
		}
	}
	return false
}

// Contains reports whether region r is o or lies around it: 浙江省 contains
// 金华市 and 义乌市; 金华市 contains 义乌市; a region contains itself. The
// zero Region contains nothing.
func (r Region) Contains(o Region) bool {
	if r.IsZero() {
		return false
	}
	return r.Province == o.Province &&
		(r.City == "" || r.City == o.City) &&
		(r.County == "" || r.County == o.County)
}

// Depth returns how far down a region is resolved: 0 for the zero Region, 1
// for a province, 2 for a city (or municipality), 3 for a county or
// district.
func (r Region) Depth() int {
	switch {
	case r.County != "":
		return 3
	case r.City != "":
		return 2
	case r.Province != "":
		return 1
	}
	return 0
}
