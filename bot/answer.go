package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// Completer is the language model (*llm.Client satisfies it). Complete
// returns the assistant's answer to msgs, or an error; it should return by
// ctx's deadline.
type Completer interface {
	Complete(ctx context.Context, msgs []llm.Message) (string, error)
}

// Answer sources.
const (
	SourceOffline = "offline" // composed without a model
	SourceLLM     = "llm"     // written by the model, then guarded
)

// Errors recorded in Answer.LLMError when the model's reply was not used.
// Errors from the Completer itself (timeouts, HTTP errors) are kept as they
// come, wrapped.
var (
	// ErrEmptyReply means the model answered with no text.
	ErrEmptyReply = errors.New("bot: model reply is empty")
	// ErrUnusableReply means little of the model's reply survived the
	// rules guard (less than half, or almost nothing), or it read like an
	// error message.
	ErrUnusableReply = errors.New("bot: model reply unusable after the rules guard")
)

// Answer is a reply ready for WeChat.
type Answer struct {
	// Text is the first part, ready to send: plain text within ReplyLimit
	// bytes, ending with ContinueHint when More is not empty.
	Text string
	// More holds the remaining parts, each within ReplyLimit; the bot serves
	// them one by one when the follower replies "继续".
	More []string
	// Rules lists the rules the guard applied, in order, without repeats.
	Rules []Rule
	// Source is SourceOffline or SourceLLM (the bot uses other values for
	// fixed texts and dialogs).
	Source string
	// LLMError says why the model's reply was not used when a model is
	// configured and the question was not deterministic; nil otherwise.
	LLMError error
}

// HasRule reports whether the guard applied rule to the answer.
func (a Answer) HasRule(rule Rule) bool { return slices.Contains(a.Rules, rule) }

// minKeptRunes is how many letters of a model reply must survive the guard
// for the reply to be worth sending instead of the offline answer. A reply
// that lost more than half of its letters to the guard is not trusted
// either: the offline answer goes out instead.
const minKeptRunes = 12

// maxReplyBytes bounds how much of a model reply is read: far more than the
// MaxReplyParts replies that can be sent, so that a runaway reply costs the
// guard little.
const maxReplyBytes = 4 * MaxReplyParts * ReplyLimit

// Composer writes answers from retrieved knowledge, with the model when one
// is configured and the question needs it, and always through the rules
// guard. It holds an index of the knowledge base's government bodies; build
// a new Composer when the KB is reloaded. It is safe for concurrent use.
type Composer struct {
	base  *knowledge.Base
	model Completer // nil: offline only
	log   *slog.Logger
	gov   govIndex
	// hosts are the web hosts the KB vouches for; links elsewhere are removed.
	hosts []string
	// kbText is the text of every note, for names the KB itself gives
	// (a query site, an app) that answers may point to.
	kbText string
}

// NewComposer returns a Composer over base. model may be nil: every answer
// is then composed offline. logger may be nil.
func NewComposer(base *knowledge.Base, model Completer, logger *slog.Logger) *Composer {
	if base == nil {
		base = &knowledge.Base{}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var kb strings.Builder
	for _, n := range base.Notes {
		kb.WriteString(PlainText(n.Title + "\n" + n.Body))
		kb.WriteString("\n")
	}
	return &Composer{base: base, model: model, log: logger, gov: newGovIndex(base), hosts: kbHosts(base), kbText: kb.String()}
}

// Deterministic reports whether q is answered without the model: greetings,
// booking steps and every question about which bodies to contact that the
// KB answers outright (a list, a continued list, an uncovered city, or a
// request for the city). Only a covered city with nothing for the asked
// occupation goes to the model, which may explain with the notes.
func (c *Composer) Deterministic(q retrieval.Query, r retrieval.Result) bool {
	switch q.Intent {
	case retrieval.IntentGreeting, retrieval.IntentBooking:
		return true
	case retrieval.IntentListBodies:
		// Which bodies to contact is the KB's answer alone, even when it is
		// "none for this occupation here": never wait on the model for it.
		return true
	}
	return false
}

// Offline composes the answer without any model. It always succeeds and the
// answer is guarded like any other.
func (c *Composer) Offline(q retrieval.Query, r retrieval.Result) Answer {
	return c.finish(c.guard(c.offlineText(q, r), q, r), SourceOffline)
}

// Compose answers q. It uses the model when one is configured and q is not
// Deterministic, within ctx's deadline, with history (oldest first; phone
// numbers are stripped again before anything is sent). On any model failure
// (an error, the deadline, an empty reply, a reply that reads like an error
// or loses most of itself to the guard) it returns the offline answer with
// LLMError set. It never returns error text for the follower, and it returns
// by ctx's deadline even if the Completer does not.
func (c *Composer) Compose(ctx context.Context, q retrieval.Query, r retrieval.Result, history []store.Turn) Answer {
	if c.model == nil || c.Deterministic(q, r) {
		return c.Offline(q, r)
	}
	start := time.Now()
	reply, err := c.complete(ctx, promptMessages(q, r, history))
	var g guarded
	if err == nil {
		g, err = c.guardReply(reply, q, r)
	}
	if err != nil {
		c.log.LogAttrs(ctx, slog.LevelWarn, "model reply not used; answering offline",
			slog.String("intent", string(q.Intent)), slog.String("city", q.Region.City),
			slog.Duration("elapsed", time.Since(start)), slog.String("err", err.Error()))
		a := c.Offline(q, r)
		a.LLMError = err
		return a
	}
	return c.finish(g, SourceLLM)
}

// Guard applies every rule to text, whoever composed it, and reports the
// rules it applied. The text is not split: when it is longer than one reply,
// RuleLengthSplit is reported and FitReply(text, ReplyLimit, MaxReplyParts)
// gives the parts; when it needed more than MaxReplyParts parts it comes
// back already cut (RuleLengthTruncated).
func (c *Composer) Guard(text string, q retrieval.Query, r retrieval.Result) (string, []Rule) {
	g := c.guard(text, q, r)
	return g.text, g.rules
}

// complete asks the model, giving up when ctx ends even if the Completer
// does not. The call's goroutine ends when the Completer returns.
func (c *Composer) complete(ctx context.Context, msgs []llm.Message) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("compose: %w", err)
	}
	type reply struct {
		text string
		err  error
	}
	ch := make(chan reply, 1)
	go func() {
		text, err := c.model.Complete(ctx, msgs)
		ch <- reply{text, err}
	}()
	select {
	case rep := <-ch:
		if rep.err != nil {
			return "", fmt.Errorf("compose: %w", rep.err)
		}
		return rep.text, nil
	case <-ctx.Done():
		return "", fmt.Errorf("compose: %w", ctx.Err())
	}
}

// guardReply guards the model's reply and decides whether it is usable.
func (c *Composer) guardReply(reply string, q retrieval.Query, r retrieval.Result) (guarded, error) {
	if strings.TrimSpace(reply) == "" {
		return guarded{}, ErrEmptyReply
	}
	if looksLikeError(reply) {
		return guarded{}, fmt.Errorf("%w: reads like an error message", ErrUnusableReply)
	}
	if len(reply) > maxReplyBytes {
		reply = strings.ToValidUTF8(reply[:maxReplyBytes], "")
	}
	g := c.guard(reply, q, r)
	if g.kept < minKeptRunes || g.kept*2 < g.total {
		return guarded{}, fmt.Errorf("%w: %d of %d letters left", ErrUnusableReply, g.kept, g.total)
	}
	return g, nil
}

// finish turns a guarded text into an Answer.
func (c *Composer) finish(g guarded, source string) Answer {
	a := Answer{Text: g.parts[0], Rules: g.rules, Source: source}
	if len(g.parts) > 1 {
		a.More = g.parts[1:]
	}
	return a
}

// looksLikeError reports whether a model reply is an error message from the
// provider or a proxy rather than an answer.
func looksLikeError(s string) bool {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"error:", "error ", "exception", "<html", "<!doctype", "{\"error\"", "internal server error", "rate limit", "api key", "app run error"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return strings.Contains(t, "app run error") || strings.Contains(t, "traceback (most recent call last)")
}

// uncovered reports whether q names a city, or only a province, the KB has
// no bodies in.
func uncovered(q retrieval.Query, r retrieval.Result) bool {
	return (q.Region.City != "" || q.Region.Province != "") && !r.Covered
}

// uncoveredPlace names the place uncovered reports on: the city, else the
// province.
func uncoveredPlace(q retrieval.Query) string {
	if q.Region.City != "" {
		return q.Region.City
	}
	return q.Region.Province
}

// contactable returns the hits a follower may be offered: never a government
// body, and none at all for an uncovered city.
func contactable(q retrieval.Query, r retrieval.Result) []retrieval.Hit {
	if uncovered(q, r) {
		return nil
	}
	out := make([]retrieval.Hit, 0, len(r.Institutions))
	for _, h := range r.Institutions {
		if !h.Institution.IsGovernment() {
			out = append(out, h)
		}
	}
	return out
}
