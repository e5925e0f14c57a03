package bot

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/retrieval"
)

// maxQuestionRunes bounds what is read of one message; WeChat allows long
// texts, but a question never needs more.
const maxQuestionRunes = 600

// listPageSize is how many institutions one reply lists.
const listPageSize = 5

// respond computes the answer to one message, whatever its type.
func (b *Bot) respond(ctx context.Context, m Message) Answer {
	start := b.opt.Now()
	var ans Answer
	switch m.Type {
	case "text":
		ans = b.respondText(ctx, m.From, m.Content)
	case "voice":
		if strings.TrimSpace(m.Recognition) != "" {
			ans = b.respondText(ctx, m.From, m.Recognition)
		} else {
			ans = fixed(textVoiceUnrecognised)
		}
	case "event":
		ans = b.respondEvent(ctx, m)
	case "image":
		ans = fixed(textImage)
	default:
		ans = fixed(textUnsupported)
	}
	if ans.Text != "" {
		b.obs.Answer(ans.Source, ans.Rules, b.opt.Now().Sub(start))
	}
	return ans
}

func (b *Bot) respondEvent(ctx context.Context, m Message) Answer {
	switch m.Event {
	case "subscribe":
		return fixed(textWelcome)
	case "SCAN":
		return fixed(textWelcomeBack)
	case "CLICK":
		return b.menu(ctx, m.From, m.EventKey)
	}
	return Answer{} // VIEW, LOCATION, TEMPLATESENDJOBFINISH…: nothing to say
}

// respondText answers a text (or a recognised voice message).
func (b *Bot) respondText(ctx context.Context, openID, text string) Answer {
	text = cleanText(text)
	if text == "" {
		return fixed(textEmpty)
	}
	if isContinue(text) {
		if part, ok := b.nextPart(ctx, openID); ok {
			return Answer{Text: part, Source: "continue"}
		}
	}
	q := b.uc.understand(b.under, text)
	out, err := b.bookings.Handle(ctx, openID, text, q.Intent)
	if err != nil {
		b.log.Warn("booking dialog unavailable", "err", err)
		return fixed(textTryLater)
	}
	if out.Handled {
		return Answer{Text: out.Reply, Source: "dialog"}
	}
	ans := b.converse(ctx, openID, text, q).Answer
	if out.Suffix != "" {
		ans = withNote(ans, out.Suffix)
	}
	b.keepMore(ctx, openID, ans.More)
	return ans
}

// AskResult is one question through the whole pipeline, for `advisor ask`
// and `advisor eval`.
type AskResult struct {
	Query  retrieval.Query
	Result retrieval.Result
	Answer Answer
}

// Ask answers a question as the webhook would, without WeChat, de-duplication
// or the booking dialog. openID may be empty (no memory).
func (b *Bot) Ask(ctx context.Context, openID, text string) AskResult {
	text = cleanText(text)
	q := b.uc.understand(b.under, text)
	if b.bookings.classify(text) == cmdEvents {
		// The event list is the booking side's answer, and needs no state.
		if out, err := b.bookings.Handle(ctx, "ask", text, q.Intent); err == nil && out.Handled {
			return AskResult{Query: q, Answer: Answer{Text: out.Reply, Source: "dialog"}}
		}
	}
	return b.converse(ctx, openID, text, q)
}

// lastQuery is what a follower asked last, for follow-ups.
type lastQuery struct {
	Query  retrieval.Query `json:"q"`
	Offset int             `json:"o"`
	Shown  int             `json:"n"`
}

// converse answers a question with memory: follow-ups inherit from the last
// question, and the exchange is remembered.
func (b *Bot) converse(ctx context.Context, openID, text string, q retrieval.Query) AskResult {
	kb := b.kb.Load()
	var hist []store.Turn
	var prev lastQuery
	hasPrev := false
	if openID != "" {
		if kb.Composer.HasModel() { // only the model reads the history
			hist = b.history(ctx, openID)
		}
		prev, hasPrev = b.lastQuery(ctx, openID)
	}
	offset := 0
	if hasPrev {
		q = b.under.FollowUp(prev.Query, q)
		if q.More {
			offset = prev.Offset + prev.Shown
		}
	}
	var (
		r     retrieval.Result
		ans   Answer
		shown int
		key   string
	)
	if openID != "" {
		key = answerKey(q, offset)
	}
	var lastJSON string
	if c, ok := kb.cache().get(key); ok && key != "" {
		ans, shown, lastJSON = c.ans, c.shown, c.last
	} else {
		var err error
		r, err = kb.Searcher.Search(ctx, q, listPageSize, offset)
		if err != nil {
			b.log.Error("search", "err", err)
			r = retrieval.Result{}
		}
		ans = kb.Composer.Compose(ctx, q, r, hist)
		if ans.LLMError != nil {
			b.obs.ModelFallback(fallbackReason(ans.LLMError))
		}
		shown = len(r.Institutions)
		if key != "" && err == nil && (!kb.Composer.HasModel() || kb.Composer.Deterministic(q, r)) {
			kb.cache().put(key, cachedAnswer{ans: ans, shown: shown, last: encodeLast(lastQuery{Query: q, Offset: offset, Shown: shown})})
		}
	}
	if openID != "" {
		if kb.Composer.HasModel() {
			b.remember(ctx, openID, text, ans.Text)
		}
		if lastJSON == "" {
			lastJSON = encodeLast(lastQuery{Query: q, Offset: offset, Shown: shown})
		}
		b.setRaw(ctx, "last:"+openID, lastJSON, b.opt.HistoryTTL)
	}
	return AskResult{Query: q, Result: r, Answer: ans}
}

func (b *Bot) history(ctx context.Context, openID string) []store.Turn {
	sctx, cancel := context.WithTimeout(ctx, b.opt.StoreTimeout)
	defer cancel()
	h, err := b.store.History(sctx, openID)
	if err != nil {
		b.log.Warn("history unavailable", "err", err)
		return nil
	}
	cutoff := b.opt.Now().Add(-b.opt.HistoryTTL)
	kept := h[:0]
	for _, t := range h {
		if t.At.After(cutoff) {
			kept = append(kept, t)
		}
	}
	return kept
}

// remember stores the exchange, with phone numbers masked: history goes to
// the model, personal data never does.
func (b *Bot) remember(ctx context.Context, openID, question, answer string) {
	now := b.opt.Now()
	turns := []store.Turn{
		{Role: "user", Text: MaskPersonal(question), At: now},
		{Role: "assistant", Text: answer, At: now},
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.opt.StoreTimeout)
	defer cancel()
	if err := b.store.AppendTurns(sctx, openID, turns, b.opt.HistoryTurns, b.opt.HistoryTTL); err != nil {
		b.log.Warn("remember turn", "err", err)
	}
}

// keepMore remembers the rest of a split answer for "继续".
func (b *Bot) keepMore(ctx context.Context, openID string, more []string) {
	if len(more) == 0 {
		return
	}
	b.setJSON(ctx, "more:"+openID, more, moreTTL)
}

func (b *Bot) nextPart(ctx context.Context, openID string) (string, bool) {
	var more []string
	if !b.getJSON(ctx, "more:"+openID, &more) || len(more) == 0 {
		return "", false
	}
	if len(more) > 1 {
		b.setJSON(ctx, "more:"+openID, more[1:], moreTTL)
	} else {
		sctx, cancel := context.WithTimeout(ctx, b.opt.StoreTimeout)
		defer cancel()
		_ = deferredDelete(sctx, b.store, "more:"+openID)
	}
	return more[0], true
}

func (b *Bot) getJSON(ctx context.Context, key string, v any) bool {
	sctx, cancel := context.WithTimeout(ctx, b.opt.StoreTimeout)
	defer cancel()
	s, err := cachedGet(sctx, b.store, key)
	if err != nil {
		return false
	}
	return json.Unmarshal([]byte(s), v) == nil
}

func (b *Bot) setJSON(ctx context.Context, key string, v any, ttl time.Duration) {
	data, err := json.Marshal(v)
	if err != nil {
		return
	}
	b.setRaw(ctx, key, string(data), ttl)
}

func fixed(text string) Answer { return Answer{Text: text, Source: "fixed"} }

// cleanText trims a message, drops invalid UTF-8 and control characters,
// and bounds its length.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxQuestionRunes {
		s = string([]rune(s)[:maxQuestionRunes])
	}
	return s
}

var continueWords = map[string]bool{"继续": true, "继续看": true, "下一段": true, "接着说": true, "后面呢": true, "继续说": true}

func isContinue(s string) bool {
	return continueWords[strings.Trim(s, " 。.!！~～")]
}

var (
	mobileRe = regexp.MustCompile(`1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}`)
	wxidRe   = regexp.MustCompile(`(?i)(微信号?|wechat|wx)\s*[:：是为]?\s*[a-zA-Z][-_a-zA-Z0-9]{5,19}`)
)

// MaskPersonal masks mobile numbers and WeChat IDs in text, for logs,
// history and anything sent to the model.
func MaskPersonal(s string) string {
	s = mobileRe.ReplaceAllStringFunc(s, func(p string) string {
		d := strings.NewReplacer(" ", "", "-", "").Replace(p)
		return d[:3] + "****" + d[len(d)-4:]
	})
	return wxidRe.ReplaceAllString(s, "微信号***")
}

func fallbackReason(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return "timeout"
	case errors.Is(err, llm.ErrBusy):
		return "busy"
	case errors.Is(err, llm.ErrEmpty) || errors.Is(err, ErrEmptyReply):
		return "empty"
	case errors.Is(err, ErrUnusableReply):
		return "unusable"
	}
	return "error"
}

// withNote adds a short note (a dialog reminder) to the end of an answer: to
// its last part when that has room, else as a part of its own.
func withNote(a Answer, note string) Answer {
	a.More = slices.Clone(a.More) // the answer may be shared (answer cache)
	last := &a.Text
	if len(a.More) > 0 {
		last = &a.More[len(a.More)-1]
	}
	if joined := *last + "\n\n" + note; len(joined) <= ReplyLimit {
		*last = joined
		return a
	}
	a.More = append(a.More, note)
	return a
}

// HasModel reports whether the composer may ask a language model.
func (c *Composer) HasModel() bool { return c.model != nil }

// lastQuery returns the follower's last question. Decoding is cached per
// stored value: under load many followers asked the same last question.
func (b *Bot) lastQuery(ctx context.Context, openID string) (lastQuery, bool) {
	sctx, cancel := context.WithTimeout(ctx, b.opt.StoreTimeout)
	defer cancel()
	raw, err := cachedGet(sctx, b.store, "last:"+openID)
	if err != nil {
		return lastQuery{}, false
	}
	return b.lastC.decode(raw)
}

func encodeLast(l lastQuery) string {
	data, err := json.Marshal(l)
	if err != nil {
		return ""
	}
	return string(data)
}

// setRaw stores an already encoded value (deferred to the message's batch).
func (b *Bot) setRaw(ctx context.Context, key, value string, ttl time.Duration) {
	if value == "" {
		return
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.opt.StoreTimeout)
	defer cancel()
	if err := deferredSet(sctx, b.store, key, value, ttl); err != nil {
		b.log.Warn("store state", "key", strings.SplitN(key, ":", 2)[0], "err", err)
	}
}
