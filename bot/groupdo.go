package bot

import (
	"context"
	"sync"
	"time"

	"github.com/zhijian/advisor/bot/store"
)

// groupMaxOps bounds the operations sent in one round trip.
const groupMaxOps = 512

// groupDo sends the batches of concurrent messages to the store together:
// while one round trip is on the wire, the batches that arrive queue up, and
// the next round trip carries all of them (group commit). Alone, a batch
// goes at once; under load, one write and one read on the Redis connection
// serve many messages, which is most of what a message costs. One goroutine,
// started by newGroupDo and stopped by close, owns the sending.
type groupDo struct {
	ctx     context.Context // parent of every round trip
	st      store.Store
	timeout time.Duration // bounds each round trip

	mu    sync.Mutex // mu protects queue.
	queue []*groupReq

	wake chan struct{} // capacity 1: "the queue is not empty"
	stop chan struct{}
	done chan struct{} // closed when the sender has returned
}

type groupReq struct {
	ops  []store.Op
	err  error
	done chan struct{}
}

func newGroupDo(ctx context.Context, st store.Store, timeout time.Duration) *groupDo {
	g := &groupDo{ctx: ctx, st: st, timeout: timeout, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go g.run()
	return g
}

// Do runs ops in a round trip shared with other callers and returns when
// they are done (within about twice the timeout). ops' results are filled in
// as by store.Batcher.Do. The wait does not end early with the caller's
// context: operations already queued will run, and their outcome (a claim
// won, say) must not be lost.
func (g *groupDo) Do(ops []store.Op) error {
	r := &groupReq{ops: ops, done: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, r)
	g.mu.Unlock()
	select {
	case g.wake <- struct{}{}:
	default:
	}
	select {
	case <-r.done:
		return r.err
	case <-g.done:
		return store.ErrUnavailable
	}
}

func (g *groupDo) run() {
	defer close(g.done)
	for {
		select {
		case <-g.stop:
			g.flush() // what is queued still goes
			return
		case <-g.wake:
			g.flush()
		}
	}
}

// flush sends everything queued, in round trips of at most groupMaxOps.
func (g *groupDo) flush() {
	for {
		g.mu.Lock()
		n, ops := 0, 0
		for n < len(g.queue) && (n == 0 || ops+len(g.queue[n].ops) <= groupMaxOps) {
			ops += len(g.queue[n].ops)
			n++
		}
		reqs := g.queue[:n:n]
		g.queue = g.queue[n:]
		g.mu.Unlock()
		if len(reqs) == 0 {
			return
		}
		g.send(reqs, ops)
	}
}

func (g *groupDo) send(reqs []*groupReq, n int) {
	all := make([]store.Op, 0, n)
	for _, r := range reqs {
		all = append(all, r.ops...)
	}
	ctx, cancel := context.WithTimeout(g.ctx, g.timeout)
	err := g.st.Do(ctx, all)
	cancel()
	for _, r := range reqs {
		copy(r.ops, all[:len(r.ops)])
		all = all[len(r.ops):]
		r.err = err
		close(r.done)
	}
}

// close stops the sender after it has sent what is queued.
func (g *groupDo) close() {
	select {
	case <-g.stop:
	default:
		close(g.stop)
	}
	<-g.done
}
