package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/zhijian/advisor/bot/store"
)

// Late answers: an answer that missed every delivery is pushed through the
// customer-service API when that is on, else kept ("pend:") and delivered at
// the start of the follower's next reply.

// deliverLate pushes an answer that missed every delivery, or keeps it for
// the follower's next message.
func (b *Bot) deliverLate(ctx context.Context, openID string, ans Answer) {
	if b.pusher != nil && b.pushQuota(ctx, openID) {
		err := b.pusher.PushText(ctx, openID, ans.Text)
		if err == nil {
			b.obs.LateAnswer("pushed")
			return
		}
		b.log.Warn("customer-service push failed; keeping the answer for the follower's next message", "err", err)
		b.obs.LateAnswer("push_failed")
	}
	if err := b.keepPending(ctx, openID, ans.Text); err != nil {
		b.log.Error("keep late answer", "err", err)
		return
	}
	b.obs.LateAnswer("kept")
}

// keepPending appends a late answer to the follower's kept answers.
func (b *Bot) keepPending(ctx context.Context, openID, text string) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.opt.StoreTimeout)
	defer cancel()
	key := "pend:" + openID
	var list []string
	if v, err := b.store.Get(sctx, key); err == nil {
		_ = json.Unmarshal([]byte(v), &list)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	list = append(list, text)
	v, _ := json.Marshal(list)
	return b.store.Set(sctx, key, string(v), pendingTTL)
}

// pendingPrefix returns the follower's kept answers, formatted as the start
// of the next reply, and forgets them; "" when there are none.
func pendingPrefix(bt *batch, m Message) string {
	if m.From == "" || m.Type == "event" {
		return ""
	}
	key := "pend:" + m.From
	v := bt.read[key]
	if v == nil {
		return ""
	}
	var list []string
	if json.Unmarshal([]byte(*v), &list) != nil || len(list) == 0 {
		return ""
	}
	bt.writes = append(bt.writes, store.Op{Kind: store.OpDelete, Key: key})
	bt.read[key] = nil
	return pendingHeader + "\n" + strings.Join(list, pendingDivider)
}

// fetchWords are replies that only ask for a kept answer, as the late notice
// suggests ("回复任意消息，比如“1”").
var fetchWords = map[string]bool{
	"1": true, "好": true, "好的": true, "嗯": true, "查看": true, "看看": true, "答案": true,
	"在吗": true, "?": true, "？": true, "ok": true, "收到": true, "继续": true, "然后呢": true,
}

func isFetch(m Message) bool {
	if m.Type != "text" && m.Type != "voice" {
		return false
	}
	t := m.Content
	if m.Type == "voice" {
		t = m.Recognition
	}
	return fetchWords[strings.ToLower(strings.Trim(cleanText(t), " 。.!！~～"))]
}

// deliverKept answers with the follower's kept answers alone, splitting what
// does not fit for "继续", and records the result for WeChat's retries.
func (b *Bot) deliverKept(ctx context.Context, m Message, dk, prefix string, bt *batch) result {
	parts, _ := FitReply(prefix, ReplyLimit, MaxReplyParts+1)
	res := result{Text: parts[0], More: parts[1:]}
	ctx = withBatch(ctx, bt)
	b.keepMore(ctx, m.From, res.More)
	ops := append(bt.writes, resultOp(dk, res))
	if err := b.do(ctx, ops); err != nil {
		b.log.Warn("store the kept answer's delivery", "err", err)
	}
	return res
}

// WeChat lets an account send a follower at most 5 customer-service messages
// in the 48 hours after the follower's last message (3 a minute after a menu
// click or a follow). Pushes stay under both, conservatively counted per
// follower; past them the answer is kept for the next message instead.
const (
	pushPerMinute = 3
	pushPer48h    = 5
)

func (b *Bot) pushQuota(ctx context.Context, openID string) bool {
	ops := []store.Op{
		{Kind: store.OpAllow, Key: "push1m:" + openID, Limit: pushPerMinute, Window: time.Minute},
		{Kind: store.OpAllow, Key: "push48h:" + openID, Limit: pushPer48h, Window: 48 * time.Hour},
	}
	if err := b.do(ctx, ops); err != nil {
		return false
	}
	return ops[0].Err == nil && ops[1].Err == nil && ops[0].OK && ops[1].OK
}
