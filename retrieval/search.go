package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhijian/advisor/knowledge"
)

// DefaultLimit is the number of institutions Search returns when limit ≤ 0.
const DefaultLimit = 10

// Search finds the institutions and notes for an understood query.
//
// Institutions come from the query's city (the county's bodies first, then
// the rest of the city), else its province, else — when only an occupation
// is known — from every city, in KB order by province and city (the answer
// should ask which city). No region and no occupation lists nothing.
// When an occupation is asked, only bodies authorized for it (under any of
// its names in the catalog, or as OccupationAsked) are listed; when the
// region has none, Result.OccupationCovered is false and the region's other
// bodies are not offered: they cannot certify what was asked, and the
// answer should say so and offer the whole list on request. Within a region
// hits are ordered by county, exact occupation name before an equivalent
// one, coverage of the asked levels, a name that says the occupation, then
// KB order: the order is total and does not depend on the wording, so
// pages at growing offsets never overlap. Total counts them all and
// limit/offset cut the page (limit ≤ 0 means DefaultLimit); Result.Offset
// echoes the offset. When the question names one KB institution (its full
// name, or a short form no other body shares) or gives one of its phone
// numbers, only that body is returned and Result.Named is set. Government rows and employees-only authorizations are
// never listed; Result.Government holds the region's government rows and
// those named in q.Government.
//
// Notes are the three most relevant to q.Text and q.Intent among the
// national notes and those scoped to the query's city or province: notes
// whose tags or title the question's topic words point to (查/真假 →
// 查证书, 骗/挂靠 → 骗局, 1+X, 职称…) first, then by text relevance.
// NoteAnswers tells whether a note is clearly about the question.
//
// The returned values share the KB's slices; callers must not modify them.
// Search fails with ErrClosed after Close, with ctx.Err() when ctx ends.
func (ix *Index) Search(ctx context.Context, q Query, limit, offset int) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if ix.closed.Load() {
		return Result{}, ErrClosed
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	offset = max(offset, 0)
	res := Result{Government: ix.government(q), Offset: offset}
	var err error
	if res.Notes, err = ix.searchNotes(ctx, q); err != nil {
		return Result{}, wrapSearch(err)
	}
	var hits []candidate
	if hits = ix.named(q); len(hits) > 0 {
		res.Named, res.Covered, res.OccupationCovered = true, true, true
	} else {
		var covered, occCovered bool
		if hits, covered, occCovered, err = ix.searchInstitutions(ctx, q); err != nil {
			return Result{}, wrapSearch(err)
		}
		res.Covered, res.OccupationCovered = covered, occCovered
	}
	res.Total = len(hits)
	if offset < len(hits) {
		page := hits[offset:min(offset+limit, len(hits))]
		res.Institutions = make([]Hit, len(page))
		for i := range page {
			res.Institutions[i] = ix.hit(&page[i])
		}
	}
	return res, nil
}

func wrapSearch(err error) error {
	if errors.Is(err, bleve.ErrorIndexClosed) {
		return ErrClosed
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("retrieval: search: %w", err)
}

// candidate is a listable institution that matches the query, with its
// ranking keys.
type candidate struct {
	row      int32
	matched  []int // positions in rec.auths, best first
	inCounty bool
	occ      int  // 2 exact occupation name, 1 an equivalent name, 0 none asked
	level    int  // 2 an authorization covers every asked level, 1 some, 0 none
	nameOcc  bool // the name says the asked occupation (义乌市电工培训学校)
}

// searchInstitutions returns the ranked candidates, whether the region has
// any listable body, and whether it has one for the asked occupation. The
// order depends only on the query's structured fields and the KB, never on
// the wording, so that pages of one list ("还有别的吗") neither repeat nor
// skip a body.
func (ix *Index) searchInstitutions(ctx context.Context, q Query) (hits []candidate, covered, occCovered bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, false, false, err
	}
	t := ix.tab
	region, scoped := t.regionRows(q.Region)
	covered = len(region) > 0
	if !scoped {
		covered = len(t.insts) > 0
	}
	oq := ix.newOccQuery(q)
	if !scoped && oq == nil {
		return nil, covered, true, nil
	}
	rows := region
	if oq != nil {
		rows = oq.rows(t, q.Region, region, scoped)
	}
	county := norm(q.Region.County)
	if q.Region.City == "" {
		county = ""
	}
	occNames := occupationWords(q)
	hits = make([]candidate, 0, len(rows))
	for _, row := range rows {
		rec := &t.insts[row]
		c := candidate{row: row}
		if !oq.match(rec, &c) {
			continue
		}
		name := ix.base.Institutions[rec.base].Name
		c.inCounty = sameCounty(rec.county, name, county)
		c.nameOcc = nameSays(name, occNames)
		ix.rankLevels(rec, &c, q.Levels)
		hits = append(hits, c)
	}
	occCovered = oq == nil || len(hits) > 0
	slices.SortFunc(hits, compareCandidates)
	return hits, covered, occCovered, nil
}

// occupationWords returns the asked occupation's words, normalised.
func occupationWords(q Query) []string {
	var out []string
	for _, w := range []string{q.Occupation, q.OccupationAsked} {
		if w = norm(w); w != "" && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// nameSays reports whether an institution's name contains one of words.
func nameSays(name string, words []string) bool {
	n := norm(name)
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(n, w) })
}

// compareCandidates orders hits best first: in the county, exact
// occupation, level coverage, a name that says the occupation, then KB
// order. The order is total: every call ranks the same hits alike.
func compareCandidates(a, b candidate) int {
	return cmp.Or(
		compareStructure(a, b),
		cmp.Compare(a.row, b.row),
	)
}

// compareStructure compares the structured ranking keys only.
func compareStructure(a, b candidate) int {
	if a.inCounty != b.inCounty {
		if a.inCounty {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(b.occ, a.occ), cmp.Compare(b.level, a.level), compareBool(a.nameOcc, b.nameOcc))
}

// compareBool orders true before false.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// regionRows returns the listable institutions of the query's city, else of
// its province; scoped is false when the query names neither.
func (t *tables) regionRows(r knowledge.Region) (rows []int32, scoped bool) {
	switch {
	case r.City != "":
		return t.byCity[cityKey(r.City)], true
	case r.Province != "":
		return t.byProvince[cityKey(r.Province)], true
	}
	return nil, false
}

// rankLevels sets c.level and orders c.matched by how many asked levels
// each authorization covers.
func (ix *Index) rankLevels(rec *instRec, c *candidate, asked []knowledge.Level) {
	if len(asked) == 0 {
		return
	}
	inst := &ix.base.Institutions[rec.base]
	covers := func(m int) int {
		n := 0
		for _, l := range asked {
			if slices.Contains(inst.Authorizations[rec.auths[m].pos].Levels, l) {
				n++
			}
		}
		return n
	}
	slices.SortStableFunc(c.matched, func(a, b int) int { return cmp.Compare(covers(b), covers(a)) })
	switch best := covers(c.matched[0]); {
	case best == len(asked):
		c.level = 2
	case best > 0:
		c.level = 1
	}
}

func termQuery(field, term string) *query.TermQuery {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

// hit turns a ranked candidate into a Hit.
func (ix *Index) hit(c *candidate) Hit {
	rec := &ix.tab.insts[c.row]
	inst := ix.base.Institutions[rec.base]
	h := Hit{Institution: inst, InCounty: c.inCounty}
	h.Matched = make([]knowledge.Authorization, len(c.matched))
	for i, m := range c.matched {
		h.Matched[i] = inst.Authorizations[rec.auths[m].pos]
	}
	return h
}

// government returns the government rows of the query's city (else
// province) and those the follower named, each once.
func (ix *Index) government(q Query) []knowledge.Institution {
	t := ix.tab
	var idx []int
	switch {
	case q.Region.City != "":
		idx = append(idx, t.govByCity[cityKey(q.Region.City)]...)
	case q.Region.Province != "":
		idx = append(idx, t.govByProvince[cityKey(q.Region.Province)]...)
	}
	for _, name := range q.Government {
		for _, i := range t.govByName[norm(name)] {
			if !slices.Contains(idx, i) {
				idx = append(idx, i)
			}
		}
	}
	if len(idx) == 0 {
		return nil
	}
	out := make([]knowledge.Institution, len(idx))
	for n, i := range idx {
		out[n] = ix.base.Institutions[i]
	}
	return out
}
