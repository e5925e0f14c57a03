package bot

import (
	"encoding/json"
	"strconv"

	"github.com/zhijian/advisor/retrieval"
)

// answerCacheSize bounds the answers kept per knowledge base.
const answerCacheSize = 4096

// answerCache keeps answers that depend only on the question and the
// knowledge base (every offline answer, and the model-free ones when a model
// is configured), so a question many followers ask (after a viral video, the
// same few) is searched, composed and guarded once per KB. It belongs to one
// KB and is dropped with it on reload.
type answerCache = ringCache[cachedAnswer]

type cachedAnswer struct {
	ans   Answer
	shown int
	last  string // the encoded lastQuery for this question and page
}

func newAnswerCache() *answerCache { return newRingCache[cachedAnswer](answerCacheSize) }

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
