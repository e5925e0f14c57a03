package retrieval

import (
	"slices"

	"github.com/zhijian/advisor/knowledge"
)

// occQuery is the occupation a query asks for. A nil *occQuery means none
// was asked and every public authorization matches.
type occQuery struct {
	exact occID   // the asked name: a match on it is exact
	keys  []occID // keys of the asked occupation found in the KB: a match on them is equivalent
}

// newOccQuery returns the occupation asked by q, or nil. The catalog name
// (q.Occupation) and the words typed (q.OccupationAsked) both count, so a
// KB that writes a former name (评茶员) still matches when the catalog does
// not know it. An occupation no authorization has gives an occQuery that
// matches nothing.
func (ix *Index) newOccQuery(q Query) *occQuery {
	name := q.Occupation
	if name == "" {
		name = q.OccupationAsked
	}
	if name == "" {
		return nil
	}
	t := ix.tab
	code := ""
	if occ, ok := t.cat.Lookup(norm(name)); ok {
		code = occ.Code
	}
	oq := &occQuery{exact: t.lookup(norm(name))}
	for _, k := range t.keyStrings(nil, code, name, q.OccupationAsked) {
		if id := t.lookup(k); id != noOcc {
			oq.keys = append(oq.keys, id)
		}
	}
	return oq
}

// match reports whether rec has an authorization for the asked occupation,
// filling c.matched (exact names first) and c.occ. Without an occupation
// every authorization matches.
func (oq *occQuery) match(rec *instRec, c *candidate) bool {
	if oq == nil {
		c.matched = make([]int, len(rec.auths))
		for m := range rec.auths {
			c.matched[m] = m
		}
		return true
	}
	var equivalent []int
	for m := range rec.auths {
		a := &rec.auths[m]
		switch {
		case oq.exact != noOcc && (a.name == oq.exact || a.work == oq.exact):
			c.matched = append(c.matched, m)
			c.occ = 2
		case sharesKey(a.keys, oq.keys):
			equivalent = append(equivalent, m)
			c.occ = max(c.occ, 1)
		}
	}
	c.matched = append(c.matched, equivalent...)
	return len(c.matched) > 0
}

func sharesKey(a, b []occID) bool {
	for _, k := range a {
		if slices.Contains(b, k) {
			return true
		}
	}
	return false
}

// rows returns the institutions worth checking: those filed under one of
// the occupation's keys, narrowed to the region when scoped, or the
// region's own list when that is shorter. The result is in row order.
func (oq *occQuery) rows(t *tables, q knowledge.Region, region []int32, scoped bool) []int32 {
	n := 0
	for _, k := range oq.keys {
		n += len(t.byOcc[k])
	}
	if scoped && len(region) <= n {
		return region
	}
	if len(oq.keys) == 1 && !scoped {
		return t.byOcc[oq.keys[0]]
	}
	city, prov := cityKey(q.City), cityKey(q.Province)
	out := make([]int32, 0, n)
	for _, k := range oq.keys {
		for _, row := range t.byOcc[k] {
			rec := &t.insts[row]
			if scoped && ((city != "" && rec.city != city) || (city == "" && rec.province != prov)) {
				continue
			}
			out = append(out, row)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
