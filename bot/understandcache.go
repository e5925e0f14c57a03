package bot

import (
	"encoding/json"
	"slices"
	"sync"

	"github.com/zhijian/advisor/retrieval"
)

// understandCacheSize bounds the questions whose understanding is kept.
const understandCacheSize = 8192

// understandCache remembers how texts were understood: understanding is a
// pure function of the text, and under load the same few questions come
// from many followers.
type understandCache struct {
	mu    sync.Mutex // mu protects the fields below.
	m     map[string]retrieval.Query
	order []string // a ring, for eviction
	next  int
}

func newUnderstandCache() *understandCache {
	return &understandCache{m: make(map[string]retrieval.Query), order: make([]string, understandCacheSize)}
}

// understand returns u's understanding of text, from the cache when it can.
func (c *understandCache) understand(u Understander, text string) retrieval.Query {
	c.mu.Lock()
	q, ok := c.m[text]
	c.mu.Unlock()
	if ok {
		return cloneQuery(q)
	}
	q = u.Understand(text)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[text]; !ok {
		if old := c.order[c.next]; old != "" {
			delete(c.m, old)
		}
		c.order[c.next] = text
		c.next = (c.next + 1) % len(c.order)
		c.m[text] = cloneQuery(q)
	}
	return q
}

// cloneQuery copies the slices of q, so a cached query is never shared with
// code that might append to it.
func cloneQuery(q retrieval.Query) retrieval.Query {
	q.Ambiguous = slices.Clone(q.Ambiguous)
	q.Levels = slices.Clone(q.Levels)
	q.Government = slices.Clone(q.Government)
	q.Occupations = slices.Clone(q.Occupations)
	return q
}

// lastCacheSize bounds the decoded last questions kept.
const lastCacheSize = 4096

// lastCache keeps decoded last-question states by their stored form.
type lastCache struct {
	mu    sync.Mutex // mu protects the fields below.
	m     map[string]lastQuery
	order []string
	next  int
}

func newLastCache() *lastCache {
	return &lastCache{m: make(map[string]lastQuery), order: make([]string, lastCacheSize)}
}

func (c *lastCache) decode(raw string) (lastQuery, bool) {
	c.mu.Lock()
	l, ok := c.m[raw]
	c.mu.Unlock()
	if ok {
		l.Query = cloneQuery(l.Query)
		return l, true
	}
	if json.Unmarshal([]byte(raw), &l) != nil {
		return lastQuery{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[raw]; !ok {
		if old := c.order[c.next]; old != "" {
			delete(c.m, old)
		}
		c.order[c.next] = raw
		c.next = (c.next + 1) % len(c.order)
		stored := l
		stored.Query = cloneQuery(l.Query)
		c.m[raw] = stored
	}
	return l, true
}
