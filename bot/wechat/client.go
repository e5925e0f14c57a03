package wechat

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"github.com/zhijian/advisor/bot"
)

// defaultAccountID is the account's original ID Client uses when
// AccountID is empty.
const defaultAccountID = "gh_advisorclient"

// maxReplyBytes bounds the reply Client reads.
const maxReplyBytes = 1 << 20

// Client plays WeChat's servers against a webhook: it signs requests,
// encrypts them in safe mode (when AESKey is set) and checks replies the
// way WeChat does: status 200, the reply's MsgSignature, its decryption
// and AppID, To/From swapped. It is used by `advisor chat` and by tests.
// The zero HTTP uses http.DefaultClient. A Client is safe for concurrent
// use once its fields are set.
type Client struct {
	URL       string // the webhook, e.g. http://127.0.0.1:8080/wechat
	Token     string
	AESKey    string // empty: plaintext mode
	AppID     string // required with AESKey
	AccountID string // the account's original ID (ToUserName); default gh_advisorclient
	HTTP      *http.Client
}

// StatusError is a reply with an HTTP status other than 200.
type StatusError struct {
	StatusCode int
}

// Error reports the status.
func (e *StatusError) Error() string {
	return fmt.Sprintf("wechat client: HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
}

// Verify performs WeChat's URL verification: a signed GET with a random
// echostr, which must come back exactly. A non-200 status is a
// *StatusError; a wrong echo wraps ErrBadReply.
func (c *Client) Verify(ctx context.Context) error {
	echo := randomDigits(19)
	q := c.signedQuery()
	q.Set("echostr", echo)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL+"?"+q.Encode(), nil)
	if err != nil {
		return fmt.Errorf("wechat client: verify: %w", err)
	}
	body, err := c.do(req)
	if err != nil {
		return fmt.Errorf("wechat client: verify: %w", err)
	}
	if string(body) != echo {
		return fmt.Errorf("wechat client: verify: %w: echostr not echoed exactly", ErrBadReply)
	}
	return nil
}

// SendText sends a text message from openID with the given MsgId and
// returns the reply's text ("" when the webhook answered "success").
func (c *Client) SendText(ctx context.Context, openID, msgID, text string) (string, error) {
	return c.Send(ctx, bot.Message{
		MsgID: msgID, From: openID, CreateTime: time.Now().Unix(), Type: "text", Content: text,
	})
}

// SendEvent sends an event (subscribe, CLICK…) from openID and returns the
// reply's text, "" for "success".
func (c *Client) SendEvent(ctx context.Context, openID, event, key string) (string, error) {
	return c.Send(ctx, bot.Message{
		From: openID, CreateTime: time.Now().Unix(), Type: "event", Event: event, EventKey: key,
	})
}

// Send sends m as WeChat would deliver it; m.To defaults to AccountID.
// Sending the same m again is a WeChat retry: same MsgId and CreateTime,
// fresh timestamp, nonce and signatures.
func (c *Client) Send(ctx context.Context, m bot.Message) (string, error) {
	if m.To == "" {
		m.To = c.account()
	}
	body, err := xml.Marshal(outgoing{
		ToUserName:   message.CDATA(m.To),
		FromUserName: message.CDATA(m.From),
		CreateTime:   m.CreateTime,
		MsgType:      message.CDATA(m.Type),
		Content:      message.CDATA(m.Content),
		Recognition:  message.CDATA(m.Recognition),
		Event:        message.CDATA(m.Event),
		EventKey:     message.CDATA(m.EventKey),
		MsgID:        m.MsgID,
	})
	if err != nil {
		return "", fmt.Errorf("wechat client: encode message: %w", err)
	}
	return c.SendRaw(ctx, m.From, body)
}

// SendRaw signs plainXML (encrypting it in safe mode), posts it as a
// message from openID and returns the checked reply's text, "" for
// "success". A non-200 status is a *StatusError; a reply WeChat would
// reject wraps ErrBadReply.
func (c *Client) SendRaw(ctx context.Context, openID string, plainXML []byte) (string, error) {
	req, err := c.newPost(ctx, openID, plainXML)
	if err != nil {
		return "", fmt.Errorf("wechat client: send: %w", err)
	}
	body, err := c.do(req)
	if err != nil {
		return "", fmt.Errorf("wechat client: send: %w", err)
	}
	text, err := c.open(openID, body)
	if err != nil {
		return "", fmt.Errorf("wechat client: send: %w", err)
	}
	return text, nil
}

// outgoing is a follower message as WeChat posts it.
type outgoing struct {
	XMLName      xml.Name      `xml:"xml"`
	ToUserName   message.CDATA `xml:"ToUserName"`
	FromUserName message.CDATA `xml:"FromUserName"`
	CreateTime   int64         `xml:"CreateTime"`
	MsgType      message.CDATA `xml:"MsgType"`
	Content      message.CDATA `xml:"Content,omitempty"`
	Recognition  message.CDATA `xml:"Recognition,omitempty"`
	Event        message.CDATA `xml:"Event,omitempty"`
	EventKey     message.CDATA `xml:"EventKey,omitempty"`
	MsgID        string        `xml:"MsgId,omitempty"`
}

// requestEnvelope is the body of a safe-mode request.
type requestEnvelope struct {
	XMLName    xml.Name      `xml:"xml"`
	ToUserName message.CDATA `xml:"ToUserName"`
	Encrypt    message.CDATA `xml:"Encrypt"`
}

// replyText is the part of a passive text reply Client checks.
type replyText struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName"`
	FromUserName string   `xml:"FromUserName"`
	CreateTime   string   `xml:"CreateTime"`
	MsgType      string   `xml:"MsgType"`
	Content      string   `xml:"Content"`
}

// newPost builds the signed (and in safe mode encrypted) POST.
func (c *Client) newPost(ctx context.Context, openID string, plain []byte) (*http.Request, error) {
	q := c.signedQuery()
	q.Set("openid", openID)
	body := plain
	if c.AESKey != "" {
		enc, err := encrypt(c.AESKey, c.AppID, plain)
		if err != nil {
			return nil, err
		}
		q.Set("encrypt_type", "aes")
		q.Set("msg_signature", MsgSignature(c.Token, q.Get("timestamp"), q.Get("nonce"), enc))
		if body, err = xml.Marshal(requestEnvelope{ToUserName: message.CDATA(c.account()), Encrypt: message.CDATA(enc)}); err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL+"?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml")
	return req, nil
}

// signedQuery returns a fresh timestamp, nonce and their signature.
func (c *Client) signedQuery() url.Values {
	ts, nonce := strconv.FormatInt(time.Now().Unix(), 10), randomDigits(10)
	return url.Values{
		"signature": {Signature(c.Token, ts, nonce)},
		"timestamp": {ts},
		"nonce":     {nonce},
	}
}

// do sends req and returns the body of a 200 reply.
func (c *Client) do(req *http.Request) ([]byte, error) {
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes))
	if err != nil {
		return nil, fmt.Errorf("read reply: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{StatusCode: resp.StatusCode}
	}
	return body, nil
}

// open checks a reply body and returns its text.
func (c *Client) open(openID string, body []byte) (string, error) {
	if len(body) == 0 || string(body) == "success" {
		return "", nil
	}
	plain := body
	if c.AESKey != "" {
		var env envelope
		if err := xml.Unmarshal(body, &env); err != nil {
			return "", fmt.Errorf("%w: envelope: %v", ErrBadReply, err)
		}
		want := MsgSignature(c.Token, env.TimeStamp, string(env.Nonce), string(env.Encrypt))
		if env.Encrypt == "" || !sigEqual(string(env.MsgSignature), want) {
			return "", fmt.Errorf("%w: MsgSignature does not match", ErrBadReply)
		}
		var err error
		if plain, err = decrypt(c.AESKey, c.AppID, string(env.Encrypt)); err != nil {
			return "", fmt.Errorf("%w: %v", ErrBadReply, err)
		}
		if len(plain) == 0 || string(plain) == "success" {
			return "", fmt.Errorf("%w: encrypted empty reply (WeChat would show the follower an error)", ErrBadReply)
		}
	}
	var r replyText
	if err := xml.Unmarshal(plain, &r); err != nil {
		return "", fmt.Errorf("%w: %v", ErrBadReply, err)
	}
	switch {
	case r.ToUserName != openID:
		return "", fmt.Errorf("%w: ToUserName %q is not the sender", ErrBadReply, r.ToUserName)
	case r.FromUserName != c.account():
		return "", fmt.Errorf("%w: FromUserName %q is not the account", ErrBadReply, r.FromUserName)
	case !isDigits(r.CreateTime):
		return "", fmt.Errorf("%w: CreateTime %q", ErrBadReply, r.CreateTime)
	case r.MsgType != "text":
		return "", fmt.Errorf("%w: MsgType %q, want text", ErrBadReply, r.MsgType)
	}
	return r.Content, nil
}

func (c *Client) account() string {
	if c.AccountID == "" {
		return defaultAccountID
	}
	return c.AccountID
}

// randomDigits returns n random decimal digits, the first non-zero.
func randomDigits(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never returns an error (crypto/rand, Go 1.24+)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	if n > 0 && b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
