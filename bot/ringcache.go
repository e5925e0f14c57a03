package bot

import "sync"

// ringCache is a map bounded by forgetting the oldest insertions first. The
// bot keeps several of these for values that are pure functions of their
// key (answers per question, understanding per text, decoded state per
// stored form), so under load the same few keys are computed once. It is
// safe for concurrent use; values must not be changed once put.
type ringCache[V any] struct {
	mu    sync.Mutex // mu protects the fields below.
	m     map[string]V
	order []string // keys in insertion order, a ring for eviction
	next  int
}

func newRingCache[V any](size int) *ringCache[V] {
	return &ringCache[V]{m: make(map[string]V, size), order: make([]string, size)}
}

func (c *ringCache[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

// put stores v under key unless the key is already there.
func (c *ringCache[V]) put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; ok {
		return
	}
	if old := c.order[c.next]; old != "" {
		delete(c.m, old)
	}
	c.order[c.next] = key
	c.next = (c.next + 1) % len(c.order)
	c.m[key] = v
}
