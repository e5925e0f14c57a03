package bot

// formField is one thing the booking dialog asks for.
type formField string

// The fields of a booking form. Contact is satisfied by a mobile number or
// a WeChat ID.
const (
	fieldName      formField = "name"
	fieldCity      formField = "city"
	fieldEducation formField = "education"
	fieldWork      formField = "work"
	fieldQuestions formField = "questions"
	fieldTime      formField = "time"
	fieldContact   formField = "contact"
)

// bookingForm is what a follower has told the dialog so far. It holds personal
// data: it lives in the store as dialog state and is never logged.
type bookingForm struct {
	Name      string `json:"n,omitempty"`
	City      string `json:"c,omitempty"`
	Education string `json:"e,omitempty"`
	Work      string `json:"w,omitempty"`
	Questions string `json:"q,omitempty"`
	Time      string `json:"t,omitempty"`
	Phone     string `json:"p,omitempty"`
	WeChatID  string `json:"x,omitempty"`
}

// has reports whether f holds a value for fl.
func (f bookingForm) has(fl formField) bool { return f.get(fl) != "" }

// get returns the value of fl; for contact, the phone or else the WeChat ID.
func (f bookingForm) get(fl formField) string {
	switch fl {
	case fieldName:
		return f.Name
	case fieldCity:
		return f.City
	case fieldEducation:
		return f.Education
	case fieldWork:
		return f.Work
	case fieldQuestions:
		return f.Questions
	case fieldTime:
		return f.Time
	case fieldContact:
		if f.Phone != "" {
			return f.Phone
		}
		return f.WeChatID
	}
	return ""
}

// merge copies every value p holds into f. A new contact replaces both the
// old phone and the old WeChat ID.
func (f *bookingForm) merge(p bookingForm) {
	put := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	put(&f.Name, p.Name)
	put(&f.City, p.City)
	put(&f.Education, p.Education)
	put(&f.Work, p.Work)
	put(&f.Questions, p.Questions)
	put(&f.Time, p.Time)
	if p.Phone != "" || p.WeChatID != "" {
		f.Phone, f.WeChatID = p.Phone, p.WeChatID
	}
}

// clear forgets the value of fl.
func (f *bookingForm) clear(fl formField) {
	switch fl {
	case fieldName:
		f.Name = ""
	case fieldCity:
		f.City = ""
	case fieldEducation:
		f.Education = ""
	case fieldWork:
		f.Work = ""
	case fieldQuestions:
		f.Questions = ""
	case fieldTime:
		f.Time = ""
	case fieldContact:
		f.Phone, f.WeChatID = "", ""
	}
}

// parsed is what one message says.
type parsed struct {
	bookingForm
	// labelled reports a value found by its label or shape (我叫…, a
	// mobile number, 想问…), which only a dialog answer has.
	labelled bool
	// badPhone: a number that looks like a phone but is not a valid
	// mainland mobile; badWeChat: a labelled WeChat ID of the wrong shape;
	// badTime: a bare answer to "when?" that names no time ("12345").
	badPhone, badWeChat, badTime bool
	// unknownCity is a bare answer to "which city?" that names no place
	// the gazetteer knows ("火星"); the dialog asks once more, then takes it.
	unknownCity string
}

// empty reports whether the message gave no value at all.
func (p parsed) empty() bool { return p.bookingForm == bookingForm{} }

// retry reports whether the message tried to answer but gave a value the
// dialog asks again for.
func (p parsed) retry() bool {
	return p.badPhone || p.badWeChat || p.badTime || p.unknownCity != ""
}

// Limits on what is kept of each value, in runes.
const (
	maxNameRunes      = 20
	maxShortRunes     = 40
	maxQuestionsRunes = 300
)
