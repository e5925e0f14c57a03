package store

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/redis/go-redis/v9"
)

// SetRedisLogger sends go-redis's own log lines (failed dials, pool and
// cluster-state trouble; addresses only, never keys or values) to l at
// level Warn instead of the standard logger on stderr. go-redis keeps one
// logger per process, so call this once, from main, before OpenRedis.
func SetRedisLogger(l *slog.Logger) { redis.SetLogger(slogPrintf{l}) }

// slogPrintf adapts a slog.Logger to go-redis's Printf-style logger.
type slogPrintf struct{ l *slog.Logger }

func (s slogPrintf) Printf(ctx context.Context, format string, v ...any) {
	s.l.WarnContext(ctx, fmt.Sprintf(format, v...), "component", "go-redis")
}
