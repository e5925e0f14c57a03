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
// messages, FromUserName+CreateTime (+event) for events.
func (m Message) DedupeKey() string {
	if m.MsgID != "" {
		return "msg:" + m.MsgID
	}
	return "evt:" + m.From + ":" + m.Event + ":" + itoa(m.CreateTime)
}

// Reply is the bot's answer to a message. An empty Text means no reply:
// the webhook answers "success".
type Reply struct {
	Text string
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
