package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/config"
)

// runBookings is the consultant's command line over the same store the
// server uses (REDIS_URL). With the in-memory default there is nothing to
// list from another process, which it says.
func runBookings(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return usageError{"bookings: say list, show ID, done ID, status ID STATUS or export --csv"}
	}
	sub, rest := args[0], args[1:]
	fs := newFlags("bookings " + sub)
	status := fs.String("status", "", "list: only bookings with this status (new, contacted, done, cancelled)")
	csv := fs.Bool("csv", false, "export: write CSV (the only format)")
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	cfg, err := config.Load(e.getenv)
	if err != nil {
		return err
	}
	if cfg.RedisURL == "" {
		return errors.New("bookings: REDIS_URL is not set; bookings live in the server's memory, which this command cannot see. Set REDIS_URL to the server's Redis")
	}
	st, err := store.OpenRedis(ctx, cfg.RedisURL, "zj:")
	if err != nil {
		return fmt.Errorf("bookings: REDIS_URL: %w", err)
	}
	defer st.Close()

	needID := func() (string, error) {
		if fs.NArg() < 1 {
			return "", usageError{fmt.Sprintf("bookings %s: give the booking number, e.g. ZJ20261125-0001", sub)}
		}
		return fs.Arg(0), nil
	}
	setStatus := func(id, s string) error {
		b, err := st.SetBookingStatus(ctx, id, s)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("bookings: no booking %s", id)
		}
		if err != nil {
			return fmt.Errorf("bookings: %w", err)
		}
		fmt.Fprintf(e.stdout, "%s is now %s\n", b.ID, b.Status)
		return nil
	}
	switch sub {
	case "list":
		bs, err := st.ListBookings(ctx, *status)
		if err != nil {
			return fmt.Errorf("bookings: %w", err)
		}
		if len(bs) == 0 {
			fmt.Fprintln(e.stdout, "no bookings")
		}
		for _, b := range bs {
			fmt.Fprintln(e.stdout, bot.FormatBookingLine(b))
		}
		return nil
	case "show":
		id, err := needID()
		if err != nil {
			return err
		}
		b, err := st.GetBooking(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("bookings: no booking %s", id)
		}
		if err != nil {
			return fmt.Errorf("bookings: %w", err)
		}
		fmt.Fprintln(e.stdout, bot.FormatBooking(b))
		return nil
	case "done":
		id, err := needID()
		if err != nil {
			return err
		}
		return setStatus(id, store.StatusDone)
	case "status":
		if fs.NArg() != 2 {
			return usageError{"bookings status: give the booking number and new, contacted, done or cancelled"}
		}
		return setStatus(fs.Arg(0), fs.Arg(1))
	case "export":
		if !*csv {
			return usageError{"bookings export: only --csv is supported"}
		}
		bs, err := st.ListBookings(ctx, *status)
		if err != nil {
			return fmt.Errorf("bookings: %w", err)
		}
		return bot.WriteBookingsCSV(e.stdout, bs)
	}
	return usageError{fmt.Sprintf("bookings: unknown subcommand %q", sub)}
}
