package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// OpKind is the kind of one operation in a batch.
type OpKind int

// The operations a batch may hold; each behaves as the Store method of the
// same name.
const (
	OpGet OpKind = iota + 1
	OpSet
	OpClaim
	OpDelete
	OpAllow
)

// Op is one operation of a Do batch, with its result filled in.
type Op struct {
	Kind   OpKind
	Key    string
	Value  string        // OpSet: the value; OpGet: the result
	TTL    time.Duration // OpSet, OpClaim
	Limit  int           // OpAllow
	Window time.Duration // OpAllow

	// Found (OpGet) reports that the key exists; OK reports that an OpClaim
	// won or an OpAllow is within the limit.
	Found, OK bool
	// Err is this operation's own error (not ErrNotFound: a missing key is
	// Found == false).
	Err error
}

// Batcher runs several operations in one round trip to the backend. The
// batch is not atomic across keys; operations run in order.
type Batcher interface {
	// Do runs ops in order and fills in their results. It returns an error
	// wrapping ErrUnavailable when the backend cannot be reached (then no
	// result can be trusted); an operation's own failure is in its Err.
	Do(ctx context.Context, ops []Op) error
}

var (
	_ Batcher = (*Redis)(nil)
	_ Batcher = (*Memory)(nil)
)

// Do runs ops in one pipeline: one round trip on a standalone server (a
// Cluster client splits it by slot).
func (r *Redis) Do(ctx context.Context, ops []Op) error {
	cmds := make([]redis.Cmder, len(ops))
	_, err := r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, op := range ops {
			switch op.Kind {
			case OpGet:
				cmds[i] = p.Get(ctx, r.keys.kv(op.Key))
			case OpSet:
				cmds[i] = p.Set(ctx, r.keys.kv(op.Key), op.Value, noTTL(op.TTL))
			case OpClaim:
				cmds[i] = p.SetNX(ctx, r.keys.kv(op.Key), "1", noTTL(op.TTL))
			case OpDelete:
				cmds[i] = p.Del(ctx, r.keys.kv(op.Key))
			case OpAllow:
				ms := max(op.Window.Milliseconds(), 1)
				cmds[i] = allowScript.Eval(ctx, p, []string{r.keys.rate(op.Key)}, ms)
			default:
				return fmt.Errorf("redis do: %w: op kind %d", ErrInvalid, op.Kind)
			}
		}
		return nil
	})
	if err != nil {
		// A reply error (a missing key, a wrong type) belongs to its
		// command; anything else means the server was not reached.
		var reply redis.Error
		if !errors.As(err, &reply) {
			return wrapRedis("do", err)
		}
	}
	for i := range ops {
		op := &ops[i]
		if cmds[i] == nil {
			op.Err = fmt.Errorf("redis do: %w: op kind %d", ErrInvalid, op.Kind)
			continue
		}
		switch c := cmds[i].(type) {
		case *redis.StringCmd:
			v, err := c.Result()
			op.Found, op.Value = err == nil, v
			if err != nil && !errors.Is(err, redis.Nil) {
				op.Err = wrapRedis("do get", err)
			}
		case *redis.BoolCmd:
			op.OK, op.Err = c.Val(), wrapRedis("do claim", c.Err())
		case *redis.IntCmd:
			op.Err = wrapRedis("do delete", c.Err())
		case *redis.StatusCmd:
			op.Err = wrapRedis("do set", c.Err())
		case *redis.Cmd:
			n, err := c.Int64()
			op.OK, op.Err = err == nil && n <= int64(op.Limit), wrapRedis("do allow", err)
		}
	}
	return nil
}

// Do runs ops in order under the store's methods.
func (m *Memory) Do(ctx context.Context, ops []Op) error {
	for i := range ops {
		op := &ops[i]
		var err error
		switch op.Kind {
		case OpGet:
			op.Value, err = m.Get(ctx, op.Key)
			op.Found = err == nil
			if errors.Is(err, ErrNotFound) {
				err = nil
			}
		case OpSet:
			err = m.Set(ctx, op.Key, op.Value, op.TTL)
		case OpClaim:
			op.OK, err = m.Claim(ctx, op.Key, op.TTL)
		case OpDelete:
			err = m.Delete(ctx, op.Key)
		case OpAllow:
			op.OK, err = m.Allow(ctx, op.Key, op.Limit, op.Window)
		default:
			err = fmt.Errorf("memory do: %w: op kind %d", ErrInvalid, op.Kind)
		}
		if errors.Is(err, ErrUnavailable) {
			return err
		}
		op.Err = err
	}
	return nil
}
