package bot

import (
	"encoding/json"
	"slices"

	"github.com/zhijian/advisor/retrieval"
)

// Sizes of the per-process caches of pure computations.
const (
	understandCacheSize = 8192
	lastCacheSize       = 4096
)

// understandCache remembers how texts were understood: understanding is a
// pure function of the text, and under load the same few questions come
// from many followers.
type understandCache struct{ c *ringCache[retrieval.Query] }

func newUnderstandCache() *understandCache {
	return &understandCache{c: newRingCache[retrieval.Query](understandCacheSize)}
}

// understand returns u's understanding of text, from the cache when it can.
func (uc *understandCache) understand(u Understander, text string) retrieval.Query {
	if q, ok := uc.c.get(text); ok {
		return cloneQuery(q)
	}
	q := u.Understand(text)
	uc.c.put(text, cloneQuery(q))
	return q
}

// lastCache keeps decoded last-question states by their stored form: many
// followers asked the same last question.
type lastCache struct{ c *ringCache[lastQuery] }

func newLastCache() *lastCache { return &lastCache{c: newRingCache[lastQuery](lastCacheSize)} }

func (lc *lastCache) decode(raw string) (lastQuery, bool) {
	if l, ok := lc.c.get(raw); ok {
		l.Query = cloneQuery(l.Query)
		return l, true
	}
	var l lastQuery
	if json.Unmarshal([]byte(raw), &l) != nil {
		return lastQuery{}, false
	}
	stored := l
	stored.Query = cloneQuery(l.Query)
	lc.c.put(raw, stored)
	return l, true
}

// cloneQuery copies the slices of q, so a cached query is never shared with
// code that might append to it.
func cloneQuery(q retrieval.Query) retrieval.Query {
	q.Ambiguous = slices.Clone(q.Ambiguous)
	q.Levels = slices.Clone(q.Levels)
	q.Government = slices.Clone(q.Government)
	q.Occupations = slices.Clone(q.Occupations)
	q.Also = slices.Clone(q.Also)
	return q
}
