package bot

import (
	"encoding/json"
	"strconv"
	"sync"

	"github.com/zhijian/advisor/retrieval"
)

// answerCacheSize bounds the answers kept per knowledge base.
const answerCacheSize = 4096

// answerCache keeps answers that depend only on the question and the
// knowledge base (every offline answer, and the model-free ones when a model
// is configured), so a question many followers ask (after a viral video, the
// same few) is searched, composed and guarded once per KB. It belongs to one
// KB and is dropped with it on reload.
type answerCache struct {
	mu    sync.Mutex // mu protects the fields below.
	m     map[string]cachedAnswer
	order []string // insertion order, a ring for eviction
	next  int
}

type cachedAnswer struct {
	ans   Answer
	shown int
	last  string // the encoded lastQuery for this question and page
}

func newAnswerCache() *answerCache {
	return &answerCache{m: make(map[string]cachedAnswer), order: make([]string, answerCacheSize)}
}

func (c *answerCache) get(key string) (cachedAnswer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.m[key]
	return a, ok
}

func (c *answerCache) put(key string, a cachedAnswer) {
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
	c.m[key] = a
}

// answerKey identifies an answer: the understood question and the page. A
// question that does not lean on the previous turn is understood from its
// text alone, so its text is key enough.
func answerKey(q retrieval.Query, offset int) string {
	if !q.FollowUp {
		return "t:" + q.Text + "#" + strconv.Itoa(offset)
	}
	data, err := json.Marshal(q)
	if err != nil {
		return ""
	}
	return string(data) + "#" + strconv.Itoa(offset)
}
