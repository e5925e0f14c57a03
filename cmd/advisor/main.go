// Command advisor is 职鉴通 (Zhijian Advisor): a WeChat Official Account bot
// that answers questions about vocational skill-level certification, and the
// tools to run it.
//
//	advisor serve                    the webhook server (default)
//	advisor chat                     talk to a server in the terminal, over the real protocol
//	advisor ask [--json] "question"  one question through the whole pipeline
//	advisor kb init DIR | validate [DIR] | stats [DIR]
//	advisor eval --questions FILE    retrieval and rule scores over a question set
//	advisor bookings list|show|done|export
//
// Configuration is read from the environment; see the README.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "advisor:", err)
		os.Exit(exitCode(err))
	}
}
