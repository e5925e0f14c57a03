package wechat

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// WeChat's messages are flat: <xml> holding one element per field, each a
// CDATA section or plain digits. encoding/xml spends most of a request's
// parsing time on reflection and generality, so decodeFlat reads exactly
// that shape and gives up on anything else (an XML declaration, attributes,
// entities, comments, nesting, carriage returns, invalid UTF-8…), leaving it
// to encoding/xml. Where it succeeds it yields what xml.Unmarshal would for
// the fields the webhook uses (FuzzDecodeFlat checks this).

// flatFields are the fields decodeFlat fills; any other element is skipped.
type flatFields struct {
	ToUserName, FromUserName, MsgType, Content, Event, EventKey, Recognition, Encrypt string
	CreateTime, MsgID                                                                 int64
}

// decodeFlat parses body into f and reports whether it could.
func decodeFlat(body []byte, f *flatFields) bool {
	if !xmlSafe(string(body)) || bytes.IndexByte(body, '&') >= 0 {
		return false
	}
	rest, ok := cutPrefix(trimSpace(body), "<xml>")
	if !ok {
		return false
	}
	for {
		rest = trimSpace(rest)
		if after, ok := cutPrefix(rest, "</xml>"); ok {
			return len(trimSpace(after)) == 0
		}
		if len(rest) < 2 || rest[0] != '<' || !isNameStart(rest[1]) {
			return false
		}
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return false
		}
		name := rest[1:end]
		if !isName(name) {
			return false
		}
		rest = rest[end+1:]
		value, after, ok := flatValue(rest, name)
		if !ok || !f.set(string(name), value) {
			return false
		}
		rest = after
	}
}

// flatValue reads an element's content up to its end tag </name>: CDATA
// sections and text without markup, concatenated.
func flatValue(s, name []byte) (value string, rest []byte, ok bool) {
	var buf []byte
	for {
		switch {
		case bytes.HasPrefix(s, []byte("<![CDATA[")):
			s = s[len("<![CDATA["):]
			end := bytes.Index(s, []byte("]]>"))
			if end < 0 {
				return "", nil, false
			}
			buf = append(buf, s[:end]...)
			s = s[end+3:]
		case bytes.HasPrefix(s, []byte("</")):
			s = s[2:]
			if !bytes.HasPrefix(s, name) || len(s) <= len(name) || s[len(name)] != '>' {
				return "", nil, false
			}
			return string(buf), s[len(name)+1:], true
		default:
			i := bytes.IndexByte(s, '<')
			if i <= 0 || bytes.Contains(s[:i], []byte("]]>")) {
				return "", nil, false
			}
			buf = append(buf, s[:i]...)
			s = s[i:]
		}
	}
}

// set stores one field; a number that does not parse gives up, so that
// encoding/xml reports it.
func (f *flatFields) set(name, v string) bool {
	var err error
	switch name {
	case "ToUserName":
		f.ToUserName = v
	case "FromUserName":
		f.FromUserName = v
	case "MsgType":
		f.MsgType = v
	case "Content":
		f.Content = v
	case "Event":
		f.Event = v
	case "EventKey":
		f.EventKey = v
	case "Recognition":
		f.Recognition = v
	case "Encrypt":
		f.Encrypt = v
	case "CreateTime":
		f.CreateTime, err = strconv.ParseInt(v, 10, 64)
	case "MsgId":
		f.MsgID, err = strconv.ParseInt(v, 10, 64)
	}
	return err == nil
}

// mix returns the fields as the SDK's message.
func (f *flatFields) mix() message.MixMessage {
	var m message.MixMessage
	m.ToUserName = message.CDATA(f.ToUserName)
	m.FromUserName = message.CDATA(f.FromUserName)
	m.CreateTime = f.CreateTime
	m.MsgType = message.MsgType(f.MsgType)
	m.Content = f.Content
	m.MsgID = f.MsgID
	m.Event = message.EventType(f.Event)
	m.EventKey = f.EventKey
	m.Recognition = f.Recognition
	return m
}

func cutPrefix(s []byte, p string) ([]byte, bool) {
	if len(s) >= len(p) && string(s[:len(p)]) == p {
		return s[len(p):], true
	}
	return s, false
}

func trimSpace(s []byte) []byte {
	return bytes.TrimLeft(bytes.TrimRight(s, " \t\n"), " \t\n")
}

func isNameStart(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' }

func isName(b []byte) bool {
	if len(b) == 0 || !isNameStart(b[0]) {
		return false
	}
	for _, c := range b[1:] {
		if !(isNameStart(c) || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// appendCDATA appends s as CDATA, splitting any "]]>" across two sections.
func appendCDATA(b []byte, s string) []byte {
	b = append(b, "<![CDATA["...)
	for {
		i := strings.Index(s, "]]>")
		if i < 0 {
			break
		}
		b = append(b, s[:i+2]...)
		b = append(b, "]]><![CDATA["...)
		s = s[i+2:]
	}
	b = append(b, s...)
	return append(b, "]]>"...)
}
