package retrieval

import (
	"cmp"
	"slices"
	"strings"

	"github.com/zhijian/advisor/knowledge"
)

// tables are the structured views of a KB that Search filters with: which
// institutions may be listed, where they are and which occupations they
// certify, and where the government rows are. Built once, read-only after.
type tables struct {
	cat   Catalog
	insts []instRec // listable institutions: not government, one public authorization at least

	byCity     map[string][]int32 // cityKey → rows of insts, in KB order
	byProvince map[string][]int32 // cityKey(province) → rows of insts

	// Occupation keys (see keyStrings) are interned: occIDs gives a key's
	// id, occKeys[id] the key and byOcc[id] the rows of insts that have it.
	occIDs  map[string]occID
	occKeys []string
	byOcc   [][]int32

	govByCity     map[string][]int // cityKey → indexes in base.Institutions
	govByProvince map[string][]int
	govByName     map[string][]int // norm(name) → indexes in base.Institutions
}

// occID is an interned occupation key; noOcc stands for none.
type occID int32

const noOcc occID = -1

// instRec is a listable institution.
type instRec struct {
	base     int    // index in base.Institutions
	province string // cityKey of the province
	city     string // cityKey
	county   string // norm of the county, may be empty
	auths    []authRec
	occKeys  []occID // every key of every public authorization, deduplicated
}

// authRec is a public authorization of an institution.
type authRec struct {
	pos  int     // index in Institution.Authorizations
	name occID   // norm(Occupation)
	work occID   // norm(WorkType), noOcc when empty
	keys []occID // all its occupation keys
}

func buildTables(base *knowledge.Base, cat Catalog) *tables {
	t := &tables{
		cat:           cat,
		byCity:        make(map[string][]int32),
		byProvince:    make(map[string][]int32),
		occIDs:        make(map[string]occID),
		govByCity:     make(map[string][]int),
		govByProvince: make(map[string][]int),
		govByName:     make(map[string][]int),
	}
	memo := make(map[string]string) // canonical names already looked up
	for i := range base.Institutions {
		inst := &base.Institutions[i]
		city, prov := cityKey(inst.City), cityKey(inst.Province)
		if inst.IsGovernment() {
			t.govByCity[city] = append(t.govByCity[city], i)
			t.govByProvince[prov] = append(t.govByProvince[prov], i)
			t.govByName[norm(inst.Name)] = append(t.govByName[norm(inst.Name)], i)
			continue
		}
		rec := instRec{base: i, province: prov, city: city, county: norm(inst.County)}
		for j := range inst.Authorizations {
			a := &inst.Authorizations[j]
			if a.Internal() {
				continue
			}
			ar := authRec{pos: j, name: t.intern(norm(a.Occupation)), work: t.intern(norm(a.WorkType))}
			for _, k := range t.keyStrings(memo, a.OccupationCode, a.Occupation, a.WorkType) {
				id := t.intern(k)
				ar.keys = append(ar.keys, id)
				if !slices.Contains(rec.occKeys, id) {
					rec.occKeys = append(rec.occKeys, id)
				}
			}
			rec.auths = append(rec.auths, ar)
		}
		if len(rec.auths) == 0 {
			continue // internal-only bodies are never listed
		}
		t.insts = append(t.insts, rec)
	}
	// Rows are grouped by province and city (in KB order within a city), so
	// that a city's documents are neighbours in bleve and a search confined
	// to one city reads few postings blocks.
	slices.SortStableFunc(t.insts, func(a, b instRec) int {
		return cmp.Or(strings.Compare(a.province, b.province), strings.Compare(a.city, b.city))
	})
	t.byOcc = make([][]int32, len(t.occKeys))
	for i := range t.insts {
		rec, row := &t.insts[i], int32(i)
		t.byCity[rec.city] = append(t.byCity[rec.city], row)
		t.byProvince[rec.province] = append(t.byProvince[rec.province], row)
		for _, id := range rec.occKeys {
			t.byOcc[id] = append(t.byOcc[id], row)
		}
	}
	return t
}

// intern returns the id of key, adding it when new; noOcc for "".
// Only Build calls it.
func (t *tables) intern(key string) occID {
	if key == "" {
		return noOcc
	}
	if id, ok := t.occIDs[key]; ok {
		return id
	}
	id := occID(len(t.occKeys))
	t.occIDs[key] = id
	t.occKeys = append(t.occKeys, key)
	return id
}

// lookup returns the id of key, or noOcc when no authorization has it.
func (t *tables) lookup(key string) occID {
	if id, ok := t.occIDs[key]; ok {
		return id
	}
	return noOcc
}

// keyStrings returns the keys under which an occupation is found: each
// name normalised, its catalog name, and the code. Two names are the same
// occupation when they share a key. memo caches catalog look-ups; nil
// means none (at query time, when tables are shared).
func (t *tables) keyStrings(memo map[string]string, code string, names ...string) []string {
	var keys []string
	add := func(k string) {
		if k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, n := range names {
		n = norm(n)
		add(n)
		add(t.canonical(memo, n))
	}
	if c := norm(code); c != "" {
		add("code:" + c)
	}
	return keys
}

// canonical returns the catalog name of an occupation name, or the name
// itself when the catalog does not know it.
func (t *tables) canonical(memo map[string]string, name string) string {
	if name == "" {
		return ""
	}
	if c, ok := memo[name]; ok {
		return c
	}
	c := name
	if occ, ok := t.cat.Lookup(name); ok && occ.Name != "" {
		c = norm(occ.Name)
	}
	if memo != nil {
		memo[name] = c
	}
	return c
}
