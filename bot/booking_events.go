package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/knowledge"
)

// cstZone is China's one time zone (UTC+8, no daylight saving); event dates
// are shown in it.
var cstZone = time.FixedZone("CST", 8*60*60)

// maxListedEvents bounds the event list in one reply.
const maxListedEvents = 5

const (
	textNoEvents         = "最近暂时没有安排线下活动，有新活动会在这里公布。想一对一咨询可以回复“预约”。"
	textNoEventsSignUp   = "目前没有可以报名的活动。如果你想问的是考证报名，直接告诉我城市和职业就行，比如“金华 育婴员”。"
	textEventsFooterOne  = "想参加请回复“报名”。"
	textEventsFooterMany = "想参加请回复“报名”加编号，比如“报名 1”。"
	textEventNotFound    = "没找到这个活动。"
	textSignUpClosed     = "“%s”已经开始或结束，报名已关闭。回复“活动”看看其他活动。"
	textEventFull        = "抱歉，“%s”名额已满。回复“活动”看看其他活动，或回复“预约”约老师一对一咨询。"
	textAlreadySignedUp  = "你已经报名了这个活动（“%s”），不用重复报名。回复“我的报名”可以查看或取消。"
	textSignUpIntro      = "好的，报名“%s”（%s）。随时回复“取消”可退出。"
	textSignedUp         = "报名成功！报名号 %s。\n活动：%s\n时间：%s\n%s请按时参加，有变动老师会联系你。\n回复“我的报名”可以查看或取消。"
	textEventGone        = "这个活动已经取消或下线了，报名没有提交。回复“活动”看看其他活动。"
)

// closesAt is when sign-up for e closes: at its start, or at the end of its
// day when only a date was given.
func closesAt(e knowledge.Event) time.Time {
	t := e.Date.In(cstZone)
	if t.Hour() == 0 && t.Minute() == 0 {
		return t.AddDate(0, 0, 1)
	}
	return t
}

// eventPlace says where e takes place: the city and the place, without
// saying the city twice (苏州市苏州市测试路8号) and "" when neither is known
// (an online event without a place).
func eventPlace(e knowledge.Event) string {
	city, place := strings.TrimSpace(e.City), strings.TrimSpace(e.Place)
	stem := strings.TrimSuffix(city, "市")
	switch {
	case place == "":
		return city
	case city == "" || strings.Contains(place, stem):
		return place
	}
	return city + place
}

// upcoming returns the events whose sign-up is still open, earliest first.
func (bk *Bookings) upcoming() []knowledge.Event {
	now := bk.now()
	var out []knowledge.Event
	for _, e := range bk.eventList() {
		if now.Before(closesAt(e)) {
			out = append(out, e)
		}
	}
	return out
}

// listEvents answers "最近有什么活动".
func (bk *Bookings) listEvents(ctx context.Context) (Outcome, error) {
	evs := bk.upcoming()
	if len(evs) == 0 {
		return handled(textNoEvents), nil
	}
	if len(evs) > maxListedEvents {
		evs = evs[:maxListedEvents]
	}
	footer := textEventsFooterMany
	if len(evs) == 1 {
		footer = textEventsFooterOne
	}
	var b strings.Builder
	b.WriteString("近期活动：\n\n")
	for i, e := range evs {
		entry := bk.eventEntry(ctx, i+1, e) + "\n\n"
		if i > 0 && b.Len()+len(entry)+len(footer) > ReplyLimit {
			break // one passive reply holds the first few
		}
		b.WriteString(entry)
	}
	b.WriteString(footer)
	return handled(b.String()), nil
}

// eventEntry is one event of the list, with the places left when capacity
// is limited (left out if the store cannot count them).
func (bk *Bookings) eventEntry(ctx context.Context, n int, e knowledge.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d. %s\n", n, cutRunes(e.Title, 40))
	b.WriteString("时间：" + bk.eventWhen(e) + "\n")
	addLine(&b, "地点", cutRunes(eventPlace(e), 50))
	if e.Topic != "" {
		b.WriteString("内容：" + cutRunes(e.Topic, 50) + "\n")
	}
	if e.Capacity > 0 {
		sctx, cancel := context.WithTimeout(ctx, bookingStoreTimeout)
		n, err := bk.store.CountEventSignups(sctx, e.ID)
		cancel()
		switch {
		case err != nil:
			bk.log.Warn("count event sign-ups", "event", e.ID, "err", err)
		case n >= e.Capacity:
			b.WriteString("名额已满\n")
		default:
			fmt.Fprintf(&b, "剩余名额：%d\n", e.Capacity-n)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// eventWhen formats an event's start: 12月6日（周六）14:00, with the year
// when it is not this year.
func (bk *Bookings) eventWhen(e knowledge.Event) string {
	t := e.Date.In(cstZone)
	s := fmt.Sprintf("%d月%d日（周%s）", t.Month(), t.Day(), []string{"日", "一", "二", "三", "四", "五", "六"}[t.Weekday()])
	if t.Year() != bk.now().In(cstZone).Year() {
		s = strconv.Itoa(t.Year()) + "年" + s
	}
	if t.Hour() != 0 || t.Minute() != 0 {
		s += t.Format("15:04")
	}
	return s
}

// findEvent finds the event a follower names: by its number in the list
// of upcoming events, its ID, its title (or part of it) or its city. Open
// events win over closed ones; closed ones are found only when withClosed.
func (bk *Bookings) findEvent(arg string, withClosed bool) (knowledge.Event, bool) {
	arg = strings.TrimSuffix(strings.TrimPrefix(foldCommand(arg), "第"), "个")
	up := bk.upcoming()
	if allDigits(arg) {
		if i, err := strconv.Atoi(arg); err == nil && i >= 1 && i <= len(up) && i <= maxListedEvents {
			return up[i-1], true
		}
		return knowledge.Event{}, false
	}
	if e, ok := matchEvent(up, arg); ok {
		return e, true
	}
	if withClosed {
		return matchEvent(bk.eventList(), arg)
	}
	return knowledge.Event{}, false
}

// matchEvent returns the first event arg names.
func matchEvent(evs []knowledge.Event, arg string) (knowledge.Event, bool) {
	if arg == "" {
		return knowledge.Event{}, false
	}
	arg = strings.TrimSuffix(strings.TrimSuffix(arg, "活动"), "的")
	for _, e := range evs {
		title := foldCommand(e.Title)
		city := strings.TrimSuffix(e.City, "市")
		switch {
		case strings.EqualFold(e.ID, arg),
			arg != "" && strings.Contains(title, arg),
			title != "" && strings.Contains(arg, title),
			city != "" && strings.HasPrefix(arg, city):
			return e, true
		}
	}
	return knowledge.Event{}, false
}

// startSignUp answers "报名" / "报名 2" / "报名金华见面会".
func (bk *Bookings) startSignUp(ctx context.Context, openID, text string) (Outcome, error) {
	rest, _ := cutSignUp(foldCommand(text))
	up := bk.upcoming()
	var e knowledge.Event
	switch {
	case rest == "" && len(up) == 0:
		return handled(textNoEventsSignUp), nil
	case rest == "" && len(up) == 1:
		e = up[0]
	case rest == "":
		out, err := bk.listEvents(ctx)
		return out, err
	default:
		var ok bool
		if e, ok = bk.findEvent(rest, true); !ok {
			out, err := bk.listEvents(ctx)
			out.Reply = textEventNotFound + out.Reply
			return out, err
		}
	}
	if !bk.now().Before(closesAt(e)) {
		return handled(fmt.Sprintf(textSignUpClosed, e.Title)), nil
	}
	_, done, err := bk.signedUpFor(ctx, openID, e.ID)
	if err != nil {
		return Outcome{}, err
	}
	if done {
		return handled(fmt.Sprintf(textAlreadySignedUp, e.Title)), nil
	}
	if e.Capacity > 0 {
		sctx, cancel := context.WithTimeout(ctx, bookingStoreTimeout)
		n, err := bk.store.CountEventSignups(sctx, e.ID)
		cancel()
		if err != nil {
			return Outcome{}, fmt.Errorf("count sign-ups: %w", err)
		}
		if n >= e.Capacity {
			return handled(fmt.Sprintf(textEventFull, e.Title)), nil
		}
	}
	d := &dialog{Kind: store.KindEvent, EventID: e.ID, EventTitle: e.Title, Stage: stageCollect}
	p := bk.parser.parse(text, nil)
	d.Form.merge(bookingForm{Name: p.Name, Phone: p.Phone, WeChatID: p.WeChatID})
	return bk.advance(ctx, openID, d, fmt.Sprintf(textSignUpIntro, e.Title, bk.eventWhen(e)), p)
}

// eventByID returns the event with that ID from the current KB.
func (bk *Bookings) eventByID(id string) (knowledge.Event, bool) {
	for _, e := range bk.eventList() {
		if e.ID == id {
			return e, true
		}
	}
	return knowledge.Event{}, false
}

// submitSignUp stores a confirmed event sign-up, within the event's capacity.
func (bk *Bookings) submitSignUp(ctx context.Context, openID string, d *dialog) (Outcome, error) {
	e, ok := bk.eventByID(d.EventID)
	var reply string
	switch {
	case !ok:
		reply = textEventGone
	case !bk.now().Before(closesAt(e)):
		reply = fmt.Sprintf(textSignUpClosed, e.Title)
	default:
		b := d.booking(openID)
		// For the consultant's lists: where and when the follower will be,
		// and what for.
		b.City = e.City
		b.PreferredTime = bk.eventWhen(e)
		b.Questions = signUpPrefix + e.Title
		err := bk.create(ctx, &b, e.Capacity)
		switch {
		case errors.Is(err, store.ErrFull):
			reply = fmt.Sprintf(textEventFull, e.Title)
		case errors.Is(err, store.ErrOpenBooking):
			reply = fmt.Sprintf(textAlreadySignedUp, e.Title)
		case err != nil:
			return Outcome{}, err
		default:
			var where strings.Builder
			addLine(&where, "地点", eventPlace(e))
			reply = fmt.Sprintf(textSignedUp, b.ID, e.Title, bk.eventWhen(e), where.String())
		}
	}
	if err := bk.deleteDialog(ctx, openID); err != nil {
		bk.log.Warn("sign-up finished but dialog not cleared", "err", err)
	}
	return handled(reply), nil
}
