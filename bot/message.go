package bot

import "strconv"

// Message is one message or event from a follower, as WeChat delivers it.
type Message struct {
	MsgID      string // empty for events
	From       string // follower's OpenID
	To         string // the account's original ID
	CreateTime int64
	Type       string // text, voice, image, event, location, link, video, shortvideo…
	Content    string // text
	// Recognition is WeChat's speech-to-text for voice messages, when enabled.
	Recognition string
	Event       string // subscribe, unsubscribe, CLICK, VIEW, SCAN…
	EventKey    string
}

// DedupeKey identifies a delivery across WeChat's retries: the MsgId for
// messages, FromUserName+CreateTime (+event and its key, so two menu clicks
// in one second are two events) for events.
func (m Message) DedupeKey() string {
	if m.MsgID != "" {
		return "msg:" + m.MsgID
	}
	return "evt:" + m.From + ":" + m.Event + ":" + m.EventKey + ":" + itoa(m.CreateTime)
}

// Reply is the bot's answer to a message. An empty Text means no reply:
// the webhook answers "success".
type Reply struct {
	Text string
	// Hold asks the webhook to send nothing within WeChat's window, so that
	// WeChat delivers the message again and the retry picks up the answer.
	// The webhook waits until WeChat drops the connection (or a cap) and
	// then answers "success" to nobody.
	Hold bool
}

// kind names the message for metrics: text, voice, image, event:subscribe…
func (m Message) kind() string {
	if m.Type == "event" {
		return "event:" + m.Event
	}
	if m.Type == "" {
		return "unknown"
	}
	return m.Type
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
