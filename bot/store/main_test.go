package store_test

import (
	"flag"
	"log/slog"
	"os"
	"testing"

	"github.com/zhijian/advisor/bot/store"
)

func TestMain(m *testing.M) {
	// The outage tests make go-redis log every refused dial; keep the output
	// readable unless -v asks for everything.
	flag.Parse()
	if !testing.Verbose() {
		store.SetRedisLogger(slog.New(slog.DiscardHandler))
	}
	os.Exit(m.Run())
}
