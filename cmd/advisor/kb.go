package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/zhijian/advisor/knowledge"
)

func runKB(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return usageError{"kb: say init DIR, validate [DIR] or stats [DIR]"}
	}
	sub, rest := args[0], args[1:]
	fs := newFlags("kb " + sub)
	kbFlag := fs.String("kb", "", "knowledge base directory")
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	dir := kbDir(*kbFlag, e.getenv)
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	switch sub {
	case "init":
		if fs.NArg() != 1 {
			return usageError{"kb init: give the directory to write, e.g. advisor kb init ./kb"}
		}
		if err := knowledge.WriteDir(knowledge.Builtin(), dir); err != nil {
			return fmt.Errorf("kb init: %w", err)
		}
		fmt.Fprintf(e.stdout, "wrote the built-in knowledge base to %s\nedit institutions/*.csv (or .xlsx) and notes/*.md, then run: advisor kb validate %s\n", dir, dir)
		return nil
	case "validate":
		base, err := loadBase(dir)
		if err != nil {
			var ve *knowledge.ValidationError
			if errors.As(err, &ve) {
				for _, p := range ve.Problems {
					fmt.Fprintln(e.stdout, p.String())
				}
				return exitError{1, fmt.Sprintf("kb validate: %d problem(s) in %s", len(ve.Problems), describeKB(dir))}
			}
			return fmt.Errorf("kb validate: %w", err)
		}
		st := knowledge.Stats(base)
		fmt.Fprintf(e.stdout, "%s is valid: %d institutions, %d authorizations, %d notes, %d events\n",
			describeKB(dir), st.Institutions, st.Authorizations, st.Notes, st.Events)
		return nil
	case "stats":
		base, err := loadBase(dir)
		if err != nil {
			return fmt.Errorf("kb stats: %w", err)
		}
		return knowledge.Stats(base).WriteText(e.stdout)
	}
	return usageError{fmt.Sprintf("kb: unknown subcommand %q", sub)}
}

func describeKB(dir string) string {
	if dir == "" {
		return "the built-in knowledge base"
	}
	return dir
}
