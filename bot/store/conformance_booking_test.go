package store_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/zhijian/advisor/bot/store"
)

var idPattern = regexp.MustCompile(`^ZJ\d{8}-\d{4,}$`)

// consultation returns a consultation request from openID, as the dialog
// would fill it.
func consultation(openID string) store.Booking {
	return store.Booking{
		Kind: store.KindConsultation, OpenID: openID, Name: "王女士", City: "金华市",
		Background: "在家带孩子，想考育婴员", Questions: "四级需要什么条件？",
		PreferredTime: "工作日晚上", Phone: "13800000000", WeChatID: "wx_test_1",
	}
}

// signup returns openID's sign-up for event.
func signup(openID, event string) store.Booking {
	return store.Booking{Kind: store.KindEvent, EventID: event, OpenID: openID, Name: "李先生", Phone: "13900000000"}
}

func mustCreate(tb testing.TB, s store.Store, b store.Booking, capacity int) store.Booking {
	tb.Helper()
	if err := s.CreateBooking(context.Background(), &b, capacity); err != nil {
		tb.Fatalf("CreateBooking(%s %s): %v", b.Kind, b.OpenID, err)
	}
	return b
}

func mustSetStatus(tb testing.TB, s store.Store, id, status string) store.Booking {
	tb.Helper()
	b, err := s.SetBookingStatus(context.Background(), id, status)
	if err != nil {
		tb.Fatalf("SetBookingStatus(%s, %s): %v", id, status, err)
	}
	if b.ID != id || b.Status != status {
		tb.Fatalf("SetBookingStatus returned %s/%s, want %s/%s", b.ID, b.Status, id, status)
	}
	return b
}

func mustList(tb testing.TB, s store.Store, status string) []store.Booking {
	tb.Helper()
	bs, err := s.ListBookings(context.Background(), status)
	if err != nil {
		tb.Fatalf("ListBookings(%q): %v", status, err)
	}
	return bs
}

func ids(bs []store.Booking) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.ID
	}
	return out
}

// assertSame fails unless got and want are the same booking (times compared
// as instants).
func assertSame(tb testing.TB, got, want store.Booking) {
	tb.Helper()
	g, w := got, want
	if !g.CreatedAt.Equal(w.CreatedAt) || !g.UpdatedAt.Equal(w.UpdatedAt) {
		tb.Errorf("booking %s times = %v/%v, want %v/%v", w.ID, g.CreatedAt, g.UpdatedAt, w.CreatedAt, w.UpdatedAt)
	}
	g.CreatedAt, g.UpdatedAt = w.CreatedAt, w.UpdatedAt
	if g != w {
		tb.Errorf("booking = %+v\nwant %+v", g, w)
	}
}

func testConsultation(t *testing.T, e env) {
	ctx := context.Background()
	in := consultation("o1")
	b := mustCreate(t, e.s, in, 0)
	if !idPattern.MatchString(b.ID) || b.Status != store.StatusNew || b.CreatedAt.IsZero() ||
		!b.UpdatedAt.Equal(b.CreatedAt) || !b.Open() {
		t.Fatalf("created booking = %+v: want an ID like ZJ20261125-0001, status new, both times set", b)
	}
	in.ID, in.Status, in.CreatedAt, in.UpdatedAt = b.ID, b.Status, b.CreatedAt, b.UpdatedAt
	assertSame(t, b, in) // every field the caller gave is kept
	got, err := e.s.GetBooking(ctx, b.ID)
	if err != nil {
		t.Fatalf("GetBooking: %v", err)
	}
	assertSame(t, got, b)
	open, err := e.s.OpenBooking(ctx, "o1")
	if err != nil {
		t.Fatalf("OpenBooking: %v", err)
	}
	assertSame(t, open, b)

	dup := consultation("o1")
	if err := e.s.CreateBooking(ctx, &dup, 0); !errors.Is(err, store.ErrOpenBooking) {
		t.Fatalf("second consultation err = %v, want ErrOpenBooking", err)
	}
	if dup.ID != "" || len(mustList(t, e.s, "")) != 1 {
		t.Fatalf("a refused booking was written: ID %q, %d bookings", dup.ID, len(mustList(t, e.s, "")))
	}
	mustSetStatus(t, e.s, b.ID, store.StatusContacted) // still open
	if err := e.s.CreateBooking(ctx, &dup, 0); !errors.Is(err, store.ErrOpenBooking) {
		t.Fatalf("consultation while contacted err = %v, want ErrOpenBooking", err)
	}
	done := mustSetStatus(t, e.s, b.ID, store.StatusDone)
	if done.UpdatedAt.Before(b.UpdatedAt) || !done.CreatedAt.Equal(b.CreatedAt) {
		t.Errorf("done booking times = %v/%v; created must stay, updated must not go back", done.CreatedAt, done.UpdatedAt)
	}
	if _, err := e.s.OpenBooking(ctx, "o1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("OpenBooking after done err = %v, want ErrNotFound", err)
	}
	again := mustCreate(t, e.s, consultation("o1"), 0)
	if again.ID <= b.ID {
		t.Errorf("second ID %s is not after the first %s", again.ID, b.ID)
	}
	// Reopening the old one while the new one is open must fail and change nothing.
	if _, err := e.s.SetBookingStatus(ctx, b.ID, store.StatusNew); !errors.Is(err, store.ErrOpenBooking) {
		t.Fatalf("reopen with another open booking err = %v, want ErrOpenBooking", err)
	}
	if got, _ := e.s.GetBooking(ctx, b.ID); got.Status != store.StatusDone {
		t.Errorf("refused reopen changed the status to %q", got.Status)
	}
	mustSetStatus(t, e.s, again.ID, store.StatusCancelled)
	mustSetStatus(t, e.s, b.ID, store.StatusNew)
	if open, err := e.s.OpenBooking(ctx, "o1"); err != nil || open.ID != b.ID {
		t.Errorf("OpenBooking after reopening = %s, %v; want %s", open.ID, err, b.ID)
	}
	if _, err := e.s.OpenBooking(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("OpenBooking(nobody) err = %v, want ErrNotFound", err)
	}
}

func testEventCapacity(t *testing.T, e env) {
	ctx := context.Background()
	count := func(event string) int {
		t.Helper()
		n, err := e.s.CountEventSignups(ctx, event)
		if err != nil {
			t.Fatalf("CountEventSignups: %v", err)
		}
		return n
	}
	mustCreate(t, e.s, signup("a", "ev1"), 2)
	b := mustCreate(t, e.s, signup("b", "ev1"), 2)
	tests := []struct {
		name string
		b    store.Booking
		want error
	}{
		{"same follower again", signup("a", "ev1"), store.ErrOpenBooking},
		{"third of two places", signup("c", "ev1"), store.ErrFull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := e.s.CreateBooking(ctx, &tt.b, 2); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if n := count("ev1"); n != 2 {
		t.Fatalf("count = %d after refusals, want 2", n)
	}
	if n := count("ev2"); n != 0 {
		t.Errorf("unknown event count = %d, want 0", n)
	}
	mustSetStatus(t, e.s, b.ID, store.StatusCancelled)
	if n := count("ev1"); n != 1 {
		t.Fatalf("count after a cancellation = %d, want 1", n)
	}
	mustCreate(t, e.s, signup("c", "ev1"), 2) // the freed place is taken
	mustCreate(t, e.s, consultation("a"), 0)  // sign-ups do not block a consultation
	for i := range 5 {
		mustCreate(t, e.s, signup(strconv.Itoa(i), "open-ended"), 0) // capacity 0: no limit
	}
	if n := count("open-ended"); n != 5 {
		t.Errorf("unlimited event count = %d, want 5", n)
	}
}

func testEventRace(t *testing.T, e env) {
	const followers, capacity = 20, 5
	errs := make([]error, followers)
	var wg sync.WaitGroup
	for i := range followers {
		wg.Go(func() {
			b := signup(fmt.Sprintf("f%02d", i), "salon")
			errs[i] = e.s.CreateBooking(context.Background(), &b, capacity)
		})
	}
	wg.Wait()
	var ok, full int
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, store.ErrFull):
			full++
		default:
			t.Errorf("CreateBooking: %v", err)
		}
	}
	n, err := e.s.CountEventSignups(context.Background(), "salon")
	if ok != capacity || full != followers-capacity || n != capacity || err != nil {
		t.Errorf("%d followers for %d places: %d ok, %d full, count %d (%v)", followers, capacity, ok, full, n, err)
	}
}

func testList(t *testing.T, e env) {
	var created []store.Booking
	for i := range 4 {
		created = append(created, mustCreate(t, e.s, consultation(fmt.Sprintf("o%d", i)), 0))
		e.tick()
	}
	mustSetStatus(t, e.s, created[1].ID, store.StatusDone)
	all := mustList(t, e.s, "")
	want := []string{created[3].ID, created[2].ID, created[1].ID, created[0].ID}
	if !slices.Equal(ids(all), want) {
		t.Errorf("ListBookings(\"\") = %v, want newest first %v", ids(all), want)
	}
	if all[2].Status != store.StatusDone || all[2].Phone != created[1].Phone {
		t.Errorf("listed booking = %+v, want the full done booking", all[2])
	}
	tests := []struct {
		status string
		want   []string
	}{
		{store.StatusDone, []string{created[1].ID}},
		{store.StatusNew, []string{created[3].ID, created[2].ID, created[0].ID}},
		{store.StatusContacted, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			if got := ids(mustList(t, e.s, tt.status)); !slices.Equal(got, tt.want) {
				t.Errorf("ListBookings(%q) = %v, want %v", tt.status, got, tt.want)
			}
		})
	}
}

func testIDsUnderRace(t *testing.T, e env) {
	const n = 20
	got := make([]store.Booking, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			b := consultation(fmt.Sprintf("r%02d", i))
			if err := e.s.CreateBooking(context.Background(), &b, 0); err != nil {
				t.Errorf("CreateBooking: %v", err)
			}
			got[i] = b
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	days := map[string]bool{}
	var nums []int
	for _, b := range got {
		if seen[b.ID] || !idPattern.MatchString(b.ID) {
			t.Fatalf("ID %q repeated or malformed among %v", b.ID, ids(got))
		}
		seen[b.ID] = true
		days[b.ID[2:10]] = true
		num, _ := strconv.Atoi(b.ID[11:])
		nums = append(nums, num)
	}
	slices.Sort(nums)
	if len(days) == 1 && (nums[0] != 1 || nums[n-1] != n) { // one day: numbers 1..n, no gaps
		t.Errorf("numbers %v, want 1..%d", nums, n)
	}
	list := mustList(t, e.s, "")
	if len(list) != n {
		t.Fatalf("listed %d bookings, want %d", len(list), n)
	}
	for i := 1; i < n; i++ {
		if list[i].CreatedAt.After(list[i-1].CreatedAt) {
			t.Errorf("list not newest first at %d: %v after %v", i, list[i].CreatedAt, list[i-1].CreatedAt)
		}
	}
}

func testInvalid(t *testing.T, e env) {
	ctx := context.Background()
	created := mustCreate(t, e.s, consultation("o1"), 0)
	tests := []struct {
		name string
		b    store.Booking
	}{
		{"no openid", store.Booking{Kind: store.KindConsultation}},
		{"unknown kind", store.Booking{Kind: "party", OpenID: "o2"}},
		{"event without id", store.Booking{Kind: store.KindEvent, OpenID: "o2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := e.s.CreateBooking(ctx, &tt.b, 0); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
	if _, err := e.s.SetBookingStatus(ctx, created.ID, "lost"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("SetBookingStatus(unknown status) err = %v, want ErrInvalid", err)
	}
	if _, err := e.s.SetBookingStatus(ctx, "ZJ20000101-0001", store.StatusDone); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetBookingStatus(unknown ID) err = %v, want ErrNotFound", err)
	}
	if _, err := e.s.GetBooking(ctx, "ZJ20000101-0001"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetBooking(unknown ID) err = %v, want ErrNotFound", err)
	}
	if n := len(mustList(t, e.s, "")); n != 1 {
		t.Errorf("%d bookings after invalid calls, want 1", n)
	}
}
