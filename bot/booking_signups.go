package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/zhijian/advisor/bot/store"
)

// What "我的报名" and "取消报名" say.
const (
	textNoSignUps        = "你目前没有报名活动。回复“活动”看看近期活动。"
	textSignUpsHead      = "你报名的活动："
	textSignUpsFooterOne = "如需取消，回复“取消报名”。"
	textSignUpsFooter    = "如需取消，回复“取消报名”加编号，比如“取消报名 1”。"
	textWhichSignUp      = "你报名了%d个活动，要取消哪一个？请回复“取消报名”加编号，比如“取消报名 1”。"
	textSignUpNotFound   = "没找到这个报名。"
	textSignUpWithdrawn  = "已取消“%s”的报名（报名号 %s）。想参加其他活动，回复“活动”看看。"
	// signUpPrefix opens a sign-up's Questions (see submitSignUp).
	signUpPrefix = "报名活动："
)

// signUps returns the follower's open event sign-ups for events that have
// not closed yet, newest first. The store keeps no per-follower list, so
// this reads all bookings: fine for the few thousand one account gathers.
func (bk *Bookings) signUps(ctx context.Context, openID string) ([]store.Booking, error) {
	sctx, cancel := context.WithTimeout(ctx, bookingStoreTimeout)
	defer cancel()
	all, err := bk.store.ListBookings(sctx, "")
	if err != nil {
		return nil, fmt.Errorf("list sign-ups: %w", err)
	}
	now := bk.now()
	var out []store.Booking
	for _, b := range all {
		if b.OpenID != openID || b.Kind != store.KindEvent || !b.Open() {
			continue
		}
		if e, ok := bk.eventByID(b.EventID); ok && !now.Before(closesAt(e)) {
			continue // the event is over: nothing left to show or cancel
		}
		out = append(out, b)
	}
	return out, nil
}

// signUpTitle names the event of a sign-up: from the KB, or as stored.
func (bk *Bookings) signUpTitle(b store.Booking) string {
	if e, ok := bk.eventByID(b.EventID); ok {
		return e.Title
	}
	if t := strings.TrimPrefix(b.Questions, signUpPrefix); t != "" {
		return t
	}
	return b.EventID
}

// signUpsText lists sign-ups, numbered when there are several, with how to
// cancel them.
func (bk *Bookings) signUpsText(ups []store.Booking) string {
	var s strings.Builder
	s.WriteString(textSignUpsHead + "\n")
	for i, b := range ups {
		if len(ups) > 1 {
			fmt.Fprintf(&s, "%d. ", i+1)
		}
		s.WriteString(cutRunes(bk.signUpTitle(b), 40) + "\n")
		if e, ok := bk.eventByID(b.EventID); ok {
			s.WriteString("时间：" + bk.eventWhen(e) + "\n")
			addLine(&s, "地点", cutRunes(eventPlace(e), 50))
		} else {
			addLine(&s, "时间", b.PreferredTime)
		}
		s.WriteString("报名号：" + b.ID + "\n")
	}
	if len(ups) > 1 {
		s.WriteString(textSignUpsFooter)
	} else {
		s.WriteString(textSignUpsFooterOne)
	}
	return s.String()
}

// showSignUps answers "我的报名".
func (bk *Bookings) showSignUps(ctx context.Context, openID string) (Outcome, error) {
	ups, err := bk.signUps(ctx, openID)
	if err != nil {
		return Outcome{}, err
	}
	if len(ups) == 0 {
		return handled(textNoSignUps), nil
	}
	return handled(bk.signUpsText(ups)), nil
}

// cancelSignUp answers "取消报名" (the only sign-up, or asks which),
// "取消报名 2" (by its number in 我的报名), "取消报名 ZJ…" (by number) or
// "取消报名金华见面会" (by the event).
func (bk *Bookings) cancelSignUp(ctx context.Context, openID, text string) (Outcome, error) {
	ups, err := bk.signUps(ctx, openID)
	if err != nil {
		return Outcome{}, err
	}
	if len(ups) == 0 {
		return handled(textNoSignUps), nil
	}
	rest, _ := cutCancelSignUp(foldCommand(text))
	rest = strings.TrimSuffix(strings.TrimPrefix(rest, "第"), "个")
	var b store.Booking
	switch {
	case rest == "" && len(ups) == 1:
		b = ups[0]
	case rest == "":
		return handled(fmt.Sprintf(textWhichSignUp, len(ups)) + "\n\n" + bk.signUpsText(ups)), nil
	default:
		var ok bool
		if b, ok = bk.pickSignUp(ups, rest); !ok {
			return handled(textSignUpNotFound + "\n\n" + bk.signUpsText(ups)), nil
		}
	}
	sctx, cancel := context.WithTimeout(ctx, bookingStoreTimeout)
	defer cancel()
	if _, err := bk.store.SetBookingStatus(sctx, b.ID, store.StatusCancelled); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return handled(textNoSignUps), nil
		}
		return Outcome{}, fmt.Errorf("cancel sign-up: %w", err)
	}
	bk.log.Info("sign-up cancelled by follower", "booking", b.ID, "event", b.EventID)
	return handled(fmt.Sprintf(textSignUpWithdrawn, bk.signUpTitle(b), b.ID)), nil
}

// pickSignUp finds the sign-up arg names: its number in the list, its
// booking ID, or its event.
func (bk *Bookings) pickSignUp(ups []store.Booking, arg string) (store.Booking, bool) {
	if allDigits(arg) {
		if i, err := strconv.Atoi(arg); err == nil && i >= 1 && i <= len(ups) {
			return ups[i-1], true
		}
		return store.Booking{}, false
	}
	for _, b := range ups {
		if foldCommand(b.ID) == arg { // folding drops the dash of ZJ…-0007

			return b, true
		}
	}
	if e, ok := bk.findEvent(arg, true); ok {
		for _, b := range ups {
			if b.EventID == e.ID {
				return b, true
			}
		}
	}
	return store.Booking{}, false
}

// signedUpFor returns the follower's open sign-up for the event, if any.
func (bk *Bookings) signedUpFor(ctx context.Context, openID, eventID string) (store.Booking, bool, error) {
	ups, err := bk.signUps(ctx, openID)
	if err != nil {
		return store.Booking{}, false, err
	}
	for _, b := range ups {
		if b.EventID == eventID {
			return b, true, nil
		}
	}
	return store.Booking{}, false, nil
}
