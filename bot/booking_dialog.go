package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/retrieval"
)

// Stages of a dialog.
const (
	stageCollect = "collect" // asking for the missing fields
	stageConfirm = "confirm" // the summary is shown; waiting for 确认
	stageChoose  = "choose"  // 修改: waiting for which field to change
	stageEdit    = "edit"    // waiting for the new value of Editing
)

// dialog is a follower's booking or sign-up in progress, kept in the store
// as JSON under dialogKey. It holds personal data and is never logged.
type dialog struct {
	Kind       string      `json:"kind"` // store.KindConsultation or store.KindEvent
	EventID    string      `json:"event,omitempty"`
	EventTitle string      `json:"title,omitempty"`
	Stage      string      `json:"stage"`
	Editing    formField   `json:"editing,omitempty"`
	Form       bookingForm `json:"bookingForm"`
	// CityRetried: an unknown place was already asked about once; the
	// next answer is taken as written.
	CityRetried bool      `json:"cityRetried,omitempty"`
	Touched     time.Time `json:"touched"`
}

// consultationGroups are the fields a consultation asks for, one group (one
// message) at a time; eventGroups those of an event sign-up.
var (
	consultationGroups = [][]formField{{fieldName, fieldCity}, {fieldEducation, fieldWork}, {fieldQuestions}, {fieldTime}, {fieldContact}}
	eventGroups        = [][]formField{{fieldName, fieldContact}}
)

// onForm reports whether the dialog asks for f (修改背景 counts for a
// consultation).
func (d *dialog) onForm(f formField) bool {
	for _, g := range d.groups() {
		if slices.Contains(g, f) {
			return true
		}
	}
	return f == fieldBackground && d.Kind != store.KindEvent
}

func (d *dialog) groups() [][]formField {
	if d.Kind == store.KindEvent {
		return eventGroups
	}
	return consultationGroups
}

// missing returns the missing fields of the first incomplete group.
func (d *dialog) missing() []formField {
	for _, g := range d.groups() {
		var m []formField
		for _, f := range g {
			if !d.Form.has(f) {
				m = append(m, f)
			}
		}
		if len(m) > 0 {
			return m
		}
	}
	return nil
}

// asked returns the fields the dialog's last message asked for.
func (d *dialog) asked() []formField {
	switch d.Stage {
	case stageEdit:
		return []formField{d.Editing}
	case stageCollect:
		return d.missing()
	}
	return nil
}

// startConsultation answers a booking trigger: it shows the open booking,
// or starts the dialog with whatever the message already says.
func (bk *Bookings) startConsultation(ctx context.Context, openID, text string) (Outcome, error) {
	b, found, err := bk.openBooking(ctx, openID)
	if err != nil {
		return Outcome{}, err
	}
	if found {
		return handled(textHasBooking + "\n\n" + mineText(b) + "\n\n" + textMineHint), nil
	}
	d := &dialog{Kind: store.KindConsultation, Stage: stageCollect}
	p := bk.parser.parse(stripTrigger(text), nil)
	d.Form.merge(p.bookingForm)
	intro := textBookingIntro
	if !p.empty() {
		intro = textBookingIntroShort
	}
	return bk.advance(ctx, openID, d, intro, p)
}

// continueDialog answers a message while a dialog is open.
func (bk *Bookings) continueDialog(ctx context.Context, openID string, d *dialog, text string, c dialogCmd, intent retrieval.Intent) (Outcome, error) {
	switch c {
	case cmdCancel, cmdCancelMine, cmdCancelSignUp:
		if err := bk.deleteDialog(ctx, openID); err != nil {
			return Outcome{}, err
		}
		if d.Kind == store.KindEvent {
			return handled(textSignUpCancelled), nil
		}
		return handled(textDialogCancelled), nil
	case cmdBook, cmdSignUp, cmdMine, cmdMySignUps:
		return handled(textDialogOngoing + "\n" + bk.prompt(d)), nil
	case cmdEvents:
		ev, err := bk.listEvents(ctx)
		if err != nil {
			return Outcome{}, err
		}
		ev.Reply += "\n\n" + reminder(d)
		return ev, nil
	case cmdModify:
		return bk.modify(ctx, openID, d, text)
	case cmdConfirm:
		switch d.Stage {
		case stageConfirm:
			return bk.submit(ctx, openID, d)
		case stageCollect, stageEdit:
			// "确认" / "好的" is never an answer: say what is still missing.
			return bk.notComplete(ctx, openID, d)
		}
	}
	if d.Stage == stageChoose {
		if f, _ := parseModify("修改" + text); f != "" {
			return bk.modify(ctx, openID, d, "修改"+text)
		}
	}
	p := bk.parser.parse(text, d.asked())
	acceptCity(d, &p)
	if isAside(text, p, d, intent) {
		return Outcome{Suffix: reminder(d)}, nil
	}
	if d.Stage == stageChoose {
		return handled(chooseFieldText(d)), nil
	}
	if d.Stage == stageEdit && !p.has(d.Editing) && !p.retry() {
		return handled(textNotUnderstood + "\n" + bk.prompt(d)), nil
	}
	if p.empty() && !p.retry() {
		if d.Stage == stageConfirm {
			return handled(confirmHelp(d)), nil
		}
		return handled(textNotUnderstood + "\n" + bk.prompt(d)), nil
	}
	d.Form.merge(p.bookingForm)
	return bk.advance(ctx, openID, d, textGotIt, p)
}

// notComplete answers a confirmation sent before the form is complete: it
// names every field still missing and asks again for what the dialog waits
// for. When nothing is missing (修改 and then 确认 without a new value), it
// shows the summary again.
func (bk *Bookings) notComplete(ctx context.Context, openID string, d *dialog) (Outcome, error) {
	missing := d.allMissing()
	if len(missing) == 0 {
		return bk.advance(ctx, openID, d, "", parsed{})
	}
	labels := make([]string, len(missing))
	for i, f := range missing {
		labels[i] = fieldLabels[f]
	}
	return handled(fmt.Sprintf(textNotComplete, strings.Join(labels, "、")) + "\n" + bk.prompt(d)), nil
}

// allMissing returns every field of the form still without a value, in
// the order the dialog asks for them.
func (d *dialog) allMissing() []formField {
	var m []formField
	for _, g := range d.groups() {
		for _, f := range g {
			if !d.Form.has(f) {
				m = append(m, f)
			}
		}
	}
	return m
}

// acceptCity takes an unknown place as the city when the dialog already
// asked about it once.
func acceptCity(d *dialog, p *parsed) {
	if p.unknownCity != "" && d.CityRetried && !p.has(fieldCity) {
		p.City, p.unknownCity = p.unknownCity, ""
	}
}

// isAside reports whether a message in the middle of a dialog is an
// ordinary question to be answered normally rather than an answer: it
// reads as a question, the understanding calls it one, and it gives none
// of the fields asked for.
func isAside(text string, p parsed, d *dialog, intent retrieval.Intent) bool {
	switch intent {
	case retrieval.IntentListBodies, retrieval.IntentSubsidy, retrieval.IntentPolicy, retrieval.IntentCooperation:
	default:
		return false
	}
	asked := d.asked()
	if !questionLike(text) || p.labelled || (len(asked) == 1 && asked[0] == fieldQuestions) {
		return false
	}
	for _, f := range asked {
		if f != fieldQuestions && p.has(f) {
			return false
		}
	}
	return true
}

// advance saves the dialog after new answers and asks for what is still
// missing, or shows the summary. lead opens the reply; p is what the last
// message said (for a mistyped phone).
func (bk *Bookings) advance(ctx context.Context, openID string, d *dialog, lead string, p parsed) (Outcome, error) {
	var reply string
	switch {
	case (p.badPhone || p.badWeChat) && !p.has(fieldContact):
		// Ask again for the contact, whatever else the message said.
		d.Stage, d.Editing = stageEdit, fieldContact
		reply = textBadContact
	case p.unknownCity != "" && !p.has(fieldCity):
		// Ask once more for the city, with an example.
		d.Stage, d.Editing, d.CityRetried = stageEdit, fieldCity, true
		reply = fmt.Sprintf(textUnknownCity, p.unknownCity)
	case p.badTime && !p.has(fieldTime):
		d.Stage, d.Editing = stageEdit, fieldTime
		reply = textBadTime
	case len(d.missing()) > 0:
		d.Stage, d.Editing = stageCollect, ""
		reply = lead + "\n" + bk.prompt(d)
	default:
		d.Stage, d.Editing = stageConfirm, ""
		reply = dialogSummary(d)
	}
	if err := bk.saveDialog(ctx, openID, d); err != nil {
		return Outcome{}, err
	}
	return handled(strings.TrimPrefix(reply, "\n")), nil
}

// prompt asks for what the dialog waits for.
func (bk *Bookings) prompt(d *dialog) string {
	switch d.Stage {
	case stageConfirm:
		return dialogSummary(d)
	case stageChoose:
		return chooseFieldText(d)
	case stageEdit:
		return fieldPrompts[d.Editing]
	}
	var b strings.Builder
	for i, f := range d.missing() {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(fieldPrompts[f])
	}
	return b.String()
}

// modify handles 修改 / 修改电话 / 时间改成周日上午.
func (bk *Bookings) modify(ctx context.Context, openID string, d *dialog, text string) (Outcome, error) {
	f, value := parseModify(text)
	if f == "" || !d.onForm(f) {
		d.Stage = stageChoose
		if err := bk.saveDialog(ctx, openID, d); err != nil {
			return Outcome{}, err
		}
		return handled(chooseFieldText(d)), nil
	}
	if f == fieldBackground {
		// "修改背景": ask for education and work again.
		d.Form.Education, d.Form.Work = "", ""
		return bk.advance(ctx, openID, d, "好的。", parsed{})
	}
	if value != "" {
		p := bk.parser.parse(value, []formField{f})
		acceptCity(d, &p)
		if p.has(f) {
			d.Form.clear(f)
			d.Form.merge(p.bookingForm)
			return bk.advance(ctx, openID, d, textGotIt, p)
		}
		if p.retry() {
			return bk.advance(ctx, openID, d, "", p)
		}
	}
	d.Stage, d.Editing = stageEdit, f
	if err := bk.saveDialog(ctx, openID, d); err != nil {
		return Outcome{}, err
	}
	return handled("好的，" + fieldPrompts[f]), nil
}

// submit stores the confirmed booking and tells the follower its number.
func (bk *Bookings) submit(ctx context.Context, openID string, d *dialog) (Outcome, error) {
	if d.Kind == store.KindEvent {
		return bk.submitSignUp(ctx, openID, d)
	}
	b := d.booking(openID)
	err := bk.create(ctx, &b, 0)
	switch {
	case errors.Is(err, store.ErrOpenBooking):
		if err := bk.deleteDialog(ctx, openID); err != nil {
			return Outcome{}, err
		}
		return bk.showExisting(ctx, openID)
	case err != nil:
		return Outcome{}, err
	}
	if err := bk.deleteDialog(ctx, openID); err != nil {
		// The booking is stored; a stale dialog only costs a second 确认,
		// which then shows this booking.
		bk.log.Warn("booking stored but dialog not cleared", "booking", b.ID, "err", err)
	}
	return handled(fmt.Sprintf(textBooked, b.ID)), nil
}

// showExisting tells a follower who already has an open booking about it.
func (bk *Bookings) showExisting(ctx context.Context, openID string) (Outcome, error) {
	b, found, err := bk.openBooking(ctx, openID)
	if err != nil {
		return Outcome{}, err
	}
	if !found {
		return handled(textTryAgain), nil
	}
	return handled(textHasBooking + "\n\n" + mineText(b) + "\n\n" + textMineHint), nil
}

// booking returns the store booking the dialog describes.
func (d *dialog) booking(openID string) store.Booking {
	f := d.Form
	return store.Booking{
		Kind:          d.Kind,
		EventID:       d.EventID,
		OpenID:        openID,
		Name:          f.Name,
		City:          f.City,
		Background:    background(f),
		Questions:     f.Questions,
		PreferredTime: f.Time,
		Phone:         f.Phone,
		WeChatID:      f.WeChatID,
	}
}

// background joins education and work: "大专，幼师".
func background(f bookingForm) string { return joinText(f.Education, f.Work) }

// looksLikeAnswer reports whether a message that comes after the dialog
// expired was meant for it: a dialog command, a labelled value or a phone,
// or a bare answer to a short field it asked for ("王芳", "周六下午").
func (bk *Bookings) looksLikeAnswer(text string, c dialogCmd, d *dialog) bool {
	switch c {
	case cmdCancel, cmdConfirm, cmdModify:
		return true
	}
	var asked []formField
	for _, f := range d.asked() {
		if f != fieldQuestions && f != fieldWork {
			asked = append(asked, f)
		}
	}
	p := bk.parser.parse(text, asked)
	if p.labelled || p.badPhone || p.badWeChat {
		return true
	}
	return !questionLike(text) && (p.Name != "" || p.City != "" || p.Time != "" || p.Education != "" || p.has(fieldContact))
}
