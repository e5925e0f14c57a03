package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// usage is printed for `advisor help` and on a usage error.
const usage = `advisor — 职鉴通 (Zhijian Advisor)

Usage:
  advisor [serve]                          run the WeChat webhook server (default)
  advisor chat [--url URL] [--openid ID]   chat with a server in the terminal, over the real protocol
  advisor ask [--json] "question"          one question through the whole pipeline
  advisor kb init DIR                      write the built-in knowledge base to DIR
  advisor kb validate [DIR]                check a knowledge base; every bad line is reported
  advisor kb stats [DIR]                   cities, institutions, authorizations, plan dates
  advisor eval --questions FILE            score a question set (JSONL)
  advisor bookings list [--status S] | show ID | done ID | status ID S | export --csv

Every command takes --kb DIR (else KB_DIR, else the built-in knowledge base).
Configuration comes from the environment; see README.md.
`

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg + "\n\n" + usage }

// exitError carries a specific exit status without more text.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

// env is what every command gets: the environment and the standard streams.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// run is the whole program; main only calls it. Tests call it too.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	cmd, rest := "serve", []string{}
	if len(args) > 1 {
		cmd, rest = args[1], args[2:]
		if strings.HasPrefix(cmd, "-") {
			cmd, rest = "serve", args[1:]
		}
	}
	switch cmd {
	case "serve":
		return runServe(ctx, e, rest)
	case "chat":
		return runChat(ctx, e, rest)
	case "ask":
		return runAsk(ctx, e, rest)
	case "kb":
		return runKB(ctx, e, rest)
	case "eval":
		return runEval(ctx, e, rest)
	case "bookings":
		return runBookings(ctx, e, rest)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}

// newFlags returns a FlagSet that reports errors as usage errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	return nil
}

// newLogger returns the process logger: JSON (or text) on stderr.
func newLogger(w io.Writer, level slog.Level, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// kbDir picks the knowledge base: the --kb flag, else KB_DIR, else built-in ("").
func kbDir(flagValue string, getenv func(string) string) string {
	if flagValue != "" {
		return flagValue
	}
	return strings.TrimSpace(getenv("KB_DIR"))
}
