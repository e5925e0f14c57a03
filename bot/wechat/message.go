package wechat

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"github.com/zhijian/advisor/bot"
)

// toMessage maps the SDK's parsed message to ours. Text keeps Content,
// voice keeps WeChat's speech recognition, events keep Event and EventKey;
// every other type keeps only its Type.
func toMessage(m *message.MixMessage) bot.Message {
	out := bot.Message{
		From:       string(m.FromUserName),
		To:         string(m.ToUserName),
		CreateTime: m.CreateTime,
		Type:       string(m.MsgType),
	}
	if m.MsgID != 0 {
		out.MsgID = strconv.FormatInt(m.MsgID, 10)
	}
	switch m.MsgType {
	case message.MsgTypeText:
		out.Content = m.Content
	case message.MsgTypeVoice:
		out.Recognition = m.Recognition
	case message.MsgTypeEvent:
		out.Event = string(m.Event)
		out.EventKey = m.EventKey
	}
	return out
}

// textReply encodes a passive text reply to in: To and From swapped, the
// text made XML-safe and cut to WeChat's limit (see fitText). truncated
// reports whether the text had to be cut.
func textReply(in *message.MixMessage, text string, now time.Time) (out []byte, truncated bool, err error) {
	text, truncated = fitText(text)
	to, from := fitName(string(in.FromUserName)), fitName(string(in.ToUserName))
	// appendCDATA splits "]]>" across two CDATA sections, so any content
	// round-trips; fitText removed the characters XML cannot carry.
	out = make([]byte, 0, len(text)+len(to)+len(from)+200)
	out = append(out, "<xml><ToUserName>"...)
	out = appendCDATA(out, to)
	out = append(out, "</ToUserName><FromUserName>"...)
	out = appendCDATA(out, from)
	out = append(out, "</FromUserName><CreateTime>"...)
	out = strconv.AppendInt(out, now.Unix(), 10)
	out = append(out, "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>"...)
	out = appendCDATA(out, text)
	return append(out, "</Content></xml>"...), truncated, nil
}

// fitText makes s safe to send as a passive text reply: characters XML 1.0
// cannot carry are dropped, invalid UTF-8 becomes U+FFFD, line endings
// become "\n" (XML parsers normalise them anyway), and text over
// maxTextBytes is cut at a character boundary with "…" appended. The bot
// is expected to split long answers itself; the cut is a last resort.
func fitText(s string) (string, bool) {
	if !xmlSafe(s) {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.Map(func(r rune) rune {
			switch {
			case r == '\r':
				return '\n'
			case isXMLChar(r):
				return r // including utf8.RuneError, which stands for invalid bytes
			default:
				return -1
			}
		}, s)
	}
	if len(s) <= maxTextBytes {
		return s, false
	}
	const ellipsis = "…"
	cut := maxTextBytes - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis, true
}

// xmlSafe reports whether s is valid UTF-8 made only of characters XML 1.0
// allows, with no carriage returns.
func xmlSafe(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			return false
		}
		i += size
	}
	return true
}

// isXMLChar reports whether r is in XML 1.0's Char production.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= utf8.MaxRune
}

// fitName makes an account or follower id XML-safe (they are ASCII in
// practice; anything else was already accepted by the parser).
func fitName(s string) string {
	if xmlSafe(s) {
		return s
	}
	t, _ := fitText(s)
	return t
}
