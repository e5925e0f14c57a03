package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/zhijian/advisor/bot/store"
)

// How WeChat's five seconds are kept (see architecture.md):
//
//   - The first delivery of a message claims it in the store ("job:") and
//     starts the work once, in a background worker owned by the Bot.
//   - Every delivery, on any replica, waits for the result ("res:") for at
//     most Options.Budget. Deliveries are numbered ("try:") so each knows
//     whether WeChat will retry it.
//   - A delivery that WeChat will retry and whose answer is not ready holds
//     (Reply.Hold): it sends nothing in time, so WeChat retries and the retry
//     picks up the answer.
//   - The last delivery (or any delivery when the answer cannot wait: a kept
//     answer is being delivered, or customer-service push is on) never waits
//     past Budget: it replies with a short notice. Who gave up and who
//     finished is settled by one atomic claim ("fin:"): if the worker loses
//     it, a delivery already gave up, and the worker pushes the answer or
//     keeps it for the follower's next message ("pend:").

const (
	jobTTL     = 10 * time.Minute // how long a message's work and result are remembered
	pendingTTL = 48 * time.Hour   // how long a late answer is kept for the follower
	moreTTL    = 2 * time.Hour    // how long the rest of a split answer is kept
)

// Notices sent when the answer is not ready in time.
const (
	noticeLate      = "问题有点复杂，我还在整理答案～请稍等半分钟，再回复任意消息（比如“1”）即可查看。"
	noticePush      = "收到，正在为你查询，答案整理好后马上发给你。"
	noticeNewQueued = "你刚才的新问题还在整理中，稍后回复任意消息即可查看。"
	pendingHeader   = "这是你之前问题的答案："
	pendingDivider  = "\n\n——————\n"
)

type result struct {
	Text string   `json:"t"`
	More []string `json:"m,omitempty"`
}

// job is one message's work in this process.
type job struct {
	done chan struct{} // closed when res is set
	res  result
}

// Handle answers one delivery of a message. ctx carries the webhook's
// deadline. Handle never returns an error text for the follower: on failure
// it returns a friendly reply or an empty one (the webhook answers
// "success").
func (b *Bot) Handle(ctx context.Context, m Message) (Reply, error) {
	start := b.opt.Now()
	kind := m.kind()
	if m.Type == "event" && m.Event == "unsubscribe" {
		b.obs.Delivery(kind, "ignored", b.opt.Now().Sub(start))
		return Reply{}, nil
	}
	dk := m.DedupeKey()
	deadline := start.Add(b.opt.Budget)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}

	// One round trip claims the message, counts it against the follower's
	// rate and reads ahead what its work will need.
	bt := &batch{read: map[string]*string{}}
	ops := []store.Op{{Kind: store.OpClaim, Key: "job:" + dk, TTL: jobTTL}}
	if m.From != "" {
		ops = append(ops, store.Op{Kind: store.OpAllow, Key: "rate:" + m.From, Limit: b.opt.RatePerMinute, Window: time.Minute})
	}
	for _, k := range readAhead(m) {
		ops = append(ops, store.Op{Kind: store.OpGet, Key: k})
	}
	if err := b.do(ctx, ops); err != nil || ops[0].Err != nil {
		if err == nil {
			err = ops[0].Err
		}
		// The store is down: no de-duplication, no memory. Answer within the
		// budget from what this process has.
		b.log.Warn("store unavailable; answering without shared state", "err", err, "msg", dk)
		wctx, cancel := context.WithDeadline(ctx, deadline)
		defer cancel()
		ans := b.respond(wctx, m)
		b.obs.Delivery(kind, "answered_degraded", b.opt.Now().Sub(start))
		return Reply{Text: ans.Text}, nil
	}
	first := ops[0].OK
	attempt := 1
	prefix := ""
	if first {
		if m.From != "" && ops[1].Err == nil && !ops[1].OK {
			if err := b.do(ctx, []store.Op{resultOp(dk, result{Text: textRateLimited})}); err != nil {
				b.log.Warn("store result", "err", err)
			}
			b.obs.Delivery(kind, "rate_limited", b.opt.Now().Sub(start))
			return Reply{Text: textRateLimited}, nil
		}
		for _, op := range ops {
			if op.Kind == store.OpGet && op.Err == nil {
				if op.Found {
					v := op.Value
					bt.read[op.Key] = &v
				} else {
					bt.read[op.Key] = nil
				}
			}
		}
		prefix = pendingPrefix(bt, m)
		if prefix != "" && isFetch(m) {
			// "1", "好", "查看": the follower only wants the kept answer.
			res := b.deliverKept(ctx, m, dk, prefix, bt)
			b.obs.Delivery(kind, "pending_delivered", b.opt.Now().Sub(start))
			return Reply{Text: res.Text}, nil
		}
		b.start(m, dk, prefix, bt)
	} else {
		attempt = b.attemptNumber(ctx, dk)
	}
	mustAnswer := attempt >= b.opt.Attempts || prefix != "" || b.pusher != nil

	if res, ok := b.wait(ctx, dk, deadline); ok {
		outcome := "answered"
		if !first {
			outcome = "joined"
		}
		b.obs.Delivery(kind, outcome, b.opt.Now().Sub(start))
		return Reply{Text: res.Text}, nil
	}
	if !mustAnswer {
		b.obs.Delivery(kind, "held", b.opt.Now().Sub(start))
		return Reply{Hold: true}, nil
	}
	// Give up on this delivery, unless the worker finished in the meantime.
	gaveUp, err := b.claim(ctx, "fin:"+dk, jobTTL)
	if err == nil && !gaveUp {
		if res, ok := b.resultNow(ctx, dk); ok {
			b.obs.Delivery(kind, "answered", b.opt.Now().Sub(start))
			return Reply{Text: res.Text}, nil
		}
	}
	notice := noticeLate
	switch {
	case prefix != "":
		notice = prefix + pendingDivider + noticeNewQueued
	case b.pusher != nil:
		notice = noticePush
	}
	b.obs.Delivery(kind, "late_notice", b.opt.Now().Sub(start))
	return Reply{Text: notice}, nil
}

// start runs the work for a newly claimed message in a background worker.
// bt holds what was read ahead; the worker's writes go back in one batch.
func (b *Bot) start(m Message, dk, prefix string, bt *batch) {
	j := &job{done: make(chan struct{})}
	b.mu.Lock()
	b.jobs[dk] = j
	b.mu.Unlock()

	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		ctx, cancel := context.WithTimeout(b.ctx, b.opt.AnswerTimeout)
		defer cancel()
		ctx = withBatch(ctx, bt)

		ans := b.respond(ctx, m)
		res := result{Text: ans.Text, More: ans.More}
		if prefix != "" {
			// The kept answer goes first; whatever does not fit follows on "继续".
			parts, _ := FitReply(prefix+pendingDivider+ans.Text, ReplyLimit, MaxReplyParts+1)
			res = result{Text: parts[0], More: append(parts[1:], ans.More...)}
			b.keepMore(ctx, m.From, res.More)
		}
		j.res = res
		close(j.done)
		defer func() {
			// From now on deliveries find the result in the store.
			b.mu.Lock()
			delete(b.jobs, dk)
			b.mu.Unlock()
		}()

		// One round trip writes the work's state and the result for other
		// replicas, then settles the race with a delivery that gave up.
		ops := append(bt.writes, resultOp(dk, res),
			store.Op{Kind: store.OpClaim, Key: "fin:" + dk, TTL: jobTTL})
		if err := b.do(ctx, ops); err != nil {
			b.log.Warn("store the answer", "err", err)
			return
		}
		if fin := ops[len(ops)-1]; fin.Err == nil && !fin.OK {
			// A delivery gave up waiting: nobody will pass this answer on.
			b.deliverLate(ctx, m.From, ans)
		}
	}()
}

// readAhead lists the keys a message's work reads, for the claiming batch.
func readAhead(m Message) []string {
	if m.From == "" {
		return nil
	}
	switch m.Type {
	case "text", "voice":
		keys := []string{"pend:" + m.From, dialogKey(m.From), "last:" + m.From}
		if isContinue(cleanText(m.Content)) {
			keys = append(keys, "more:"+m.From)
		}
		return keys
	case "event":
		if m.Event == "CLICK" {
			return []string{dialogKey(m.From), "last:" + m.From}
		}
	}
	return nil
}

// do runs a batch in a round trip shared with concurrent messages.
func (b *Bot) do(_ context.Context, ops []store.Op) error {
	return b.gd.Do(ops)
}

// wait waits until the message's result is ready or the deadline passes.
func (b *Bot) wait(ctx context.Context, dk string, deadline time.Time) (result, bool) {
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	b.mu.Lock()
	j := b.jobs[dk]
	b.mu.Unlock()
	if j != nil {
		select {
		case <-j.done:
			return j.res, true
		case <-ctx.Done():
			return result{}, false
		}
	}
	// The work runs on another replica (or finished here long ago): poll.
	t := time.NewTicker(b.opt.PollInterval)
	defer t.Stop()
	for {
		if res, ok := b.resultNow(ctx, dk); ok {
			return res, true
		}
		select {
		case <-ctx.Done():
			return result{}, false
		case <-t.C:
		}
	}
}

func (b *Bot) resultNow(ctx context.Context, dk string) (result, bool) {
	sctx, cancel := context.WithTimeout(ctx, b.opt.StoreTimeout)
	defer cancel()
	v, err := b.store.Get(sctx, "res:"+dk)
	if err != nil {
		return result{}, false
	}
	var r result
	if json.Unmarshal([]byte(v), &r) != nil {
		return result{}, false
	}
	return r, true
}

// resultOp stores a message's result for every delivery of it to find.
func resultOp(dk string, r result) store.Op {
	data, _ := json.Marshal(r)
	return store.Op{Kind: store.OpSet, Key: "res:" + dk, Value: string(data), TTL: jobTTL}
}

func (b *Bot) claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.opt.StoreTimeout)
	defer cancel()
	return b.store.Claim(sctx, key, ttl)
}

// attemptNumber numbers a repeated delivery: 2 for WeChat's first retry, 3
// for the second. On a store error it says "last", so the delivery answers in time.
func (b *Bot) attemptNumber(ctx context.Context, dk string) int {
	for n := 2; n < b.opt.Attempts; n++ {
		won, err := b.claim(ctx, "try:"+dk+":"+strconv.Itoa(n), jobTTL)
		if err != nil {
			return b.opt.Attempts
		}
		if won {
			return n
		}
	}
	return b.opt.Attempts
}
