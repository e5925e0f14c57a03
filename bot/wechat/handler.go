package wechat

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"github.com/zhijian/advisor/bot"
)

// Request failures, mapped to HTTP statuses by statusOf.
var (
	errForbidden = errors.New("signature mismatch")     // 403
	errBadBody   = errors.New("malformed message")      // 400
	errTooLarge  = errors.New("request body too large") // 413
)

// NewHandler returns the webhook for cfg. It answers:
//   - GET with a valid signature and echostr: the echostr (URL verification);
//   - POST with a valid signature: the message in plaintext, compatible or
//     safe mode (encrypt_type=aes, msg_signature checked), passed to h; the
//     reply is a text message, encrypted when the request was, or
//     "success" when h returns an error or an empty reply;
//   - 403 for a bad signature or msg_signature (h is not called), 400 for a
//     malformed or undecryptable body, 413 for a body over cfg.MaxBody,
//     405 for other methods, and never a stack trace.
//
// An encrypted message is decrypted only when cfg.EncodingAESKey is set;
// without it, compatible-mode messages are read from their plaintext
// fields and safe-mode ones are rejected with 400.
//
// cache is not used by the webhook today (it makes no API calls) and may
// be nil; it is accepted so callers wire NewHandler and NewPusher alike.
// A nil logger discards. The error wraps ErrInvalidConfig.
func NewHandler(cfg Config, h Handler, cache Cache, logger *slog.Logger) (http.Handler, error) {
	_ = cache
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("wechat: new handler: %w", err)
	}
	if h == nil {
		return nil, fmt.Errorf("wechat: new handler: %w: nil Handler", ErrInvalidConfig)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	wh := &webhook{cfg: cfg, bot: h, log: logger}
	return recoverPanics(logger, wh), nil
}

// webhook is the http.Handler behind NewHandler. It is stateless and safe
// for concurrent use.
type webhook struct {
	cfg Config
	bot Handler
	log *slog.Logger
}

// inbound is one decoded POST.
type inbound struct {
	msg              message.MixMessage
	aes              bool // the reply must be encrypted
	timestamp, nonce string
}

// ServeHTTP checks the method and signature, then echoes (GET) or answers
// the message (POST).
func (wh *webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	arrival := time.Now()
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		fail(w, http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	if !VerifyURL(wh.cfg.Token, q) {
		wh.log.Warn("wechat: rejected request", "method", r.Method, "reason", "bad signature", "remote", r.RemoteAddr)
		fail(w, http.StatusForbidden)
		return
	}
	if r.Method == http.MethodGet {
		if !q.Has("echostr") {
			fail(w, http.StatusBadRequest)
			return
		}
		writeText(w, q.Get("echostr"))
		return
	}
	in, err := wh.read(w, r, q)
	if err != nil {
		status := statusOf(err)
		wh.log.Warn("wechat: rejected request", "method", r.Method, "status", status, "err", err, "remote", r.RemoteAddr)
		fail(w, status)
		return
	}
	wh.answer(r.Context(), w, in, arrival)
}

// read reads, authenticates and decodes a POST body. Errors wrap
// errForbidden, errBadBody or errTooLarge.
func (wh *webhook) read(w http.ResponseWriter, r *http.Request, q url.Values) (*inbound, error) {
	body, err := readBody(w, r, wh.cfg.MaxBody)
	if err != nil {
		return nil, err
	}
	in := &inbound{timestamp: q.Get("timestamp"), nonce: q.Get("nonce")}
	plain := body
	if q.Get("encrypt_type") == "aes" {
		var env message.EncryptedXMLMsg
		var ff flatFields
		if decodeFlat(body, &ff) {
			env.EncryptedMsg = ff.Encrypt
		} else if err := xml.Unmarshal(body, &env); err != nil {
			return nil, fmt.Errorf("%w: envelope: %v", errBadBody, err)
		}
		if env.EncryptedMsg == "" {
			return nil, fmt.Errorf("%w: envelope has no Encrypt", errBadBody)
		}
		want := MsgSignature(wh.cfg.Token, in.timestamp, in.nonce, env.EncryptedMsg)
		if !sigEqual(q.Get("msg_signature"), want) {
			return nil, fmt.Errorf("%w: msg_signature", errForbidden)
		}
		// Without a key, a compatible-mode body still carries the message in
		// plaintext next to <Encrypt>; a safe-mode one fails below.
		if wh.cfg.EncodingAESKey != "" {
			if plain, err = decrypt(wh.cfg.EncodingAESKey, wh.cfg.AppID, env.EncryptedMsg); err != nil {
				return nil, fmt.Errorf("%w: %v", errBadBody, err)
			}
			in.aes = true
		}
	}
	var ff flatFields
	if decodeFlat(plain, &ff) {
		in.msg = ff.mix()
	} else if err := xml.Unmarshal(plain, &in.msg); err != nil {
		return nil, fmt.Errorf("%w: %v", errBadBody, err)
	}
	if in.msg.MsgType == "" || in.msg.FromUserName == "" {
		return nil, fmt.Errorf("%w: no MsgType or FromUserName (encrypted without an AES key configured?)", errBadBody)
	}
	return in, nil
}

// answer asks the bot and writes the reply, or "success" when there is
// nothing to say or the reply cannot be built.
func (wh *webhook) answer(reqCtx context.Context, w http.ResponseWriter, in *inbound, arrival time.Time) {
	m := toMessage(&in.msg)
	ctx, cancel := context.WithDeadline(reqCtx, arrival.Add(wh.cfg.Budget))
	defer cancel()
	reply, err := wh.ask(ctx, m)
	if err == nil && reply.Hold {
		// Let WeChat's 5 s run out so it delivers the message again; the
		// retry collects the answer. Nothing useful can be written after
		// WeChat hangs up, so wait for that (or the cap) and say success.
		hold(reqCtx, arrival.Add(wh.cfg.HoldCap))
		writeText(w, "success")
		return
	}
	if elapsed := time.Since(arrival); elapsed > wh.cfg.Budget {
		wh.log.Warn("wechat: handler overran its budget", msgAttr(m), "elapsed", elapsed, "budget", wh.cfg.Budget)
	}
	if err != nil {
		wh.log.Error("wechat: handler failed; answering success", msgAttr(m), "err", err)
	}
	if err != nil || reply.Text == "" {
		// In safe mode, too, the answer to "no reply" is the literal
		// success: an encrypted empty message makes WeChat show the
		// follower an error.
		writeText(w, "success")
		return
	}
	out, truncated, err := wh.encode(in, reply.Text)
	if err != nil {
		wh.log.Error("wechat: cannot build reply; answering success", msgAttr(m), "err", err)
		writeText(w, "success")
		return
	}
	if truncated {
		wh.log.Warn("wechat: reply over WeChat's passive limit was truncated", msgAttr(m), "bytes", len(reply.Text), "limit", maxTextBytes)
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	_, _ = w.Write(out) // a failed write means WeChat hung up; it will retry
}

// msgAttr names a message in logs: the follower and the message, never
// the content.
func msgAttr(m bot.Message) slog.Attr {
	return slog.Group("msg", "openid", m.From, "msg_id", m.MsgID, "type", m.Type)
}

// ask calls the bot, turning a panic into an error so the follower still
// gets a well-formed answer.
func (wh *webhook) ask(ctx context.Context, m bot.Message) (reply bot.Reply, err error) {
	defer func() {
		if v := recover(); v != nil {
			wh.log.Error("wechat: handler panicked", "panic", v, "stack", string(debug.Stack()))
			err = fmt.Errorf("handler panicked: %v", v)
		}
	}()
	return wh.bot.Handle(ctx, m)
}

// encode builds the reply body: a text message, sealed in an encrypted
// envelope when the request was encrypted. truncated reports that text
// had to be cut to WeChat's limit.
func (wh *webhook) encode(in *inbound, text string) (out []byte, truncated bool, err error) {
	now := time.Now()
	out, truncated, err = textReply(&in.msg, text, now)
	if err != nil || !in.aes {
		return out, truncated, err
	}
	ts := in.timestamp
	if ts == "" {
		ts = strconv.FormatInt(now.Unix(), 10)
	}
	out, err = seal(wh.cfg, out, ts, in.nonce)
	return out, truncated, err
}

// envelope is the safe-mode reply: the encrypted message and its signature.
type envelope struct {
	XMLName      xml.Name      `xml:"xml"`
	Encrypt      message.CDATA `xml:"Encrypt"`
	MsgSignature message.CDATA `xml:"MsgSignature"`
	TimeStamp    string        `xml:"TimeStamp"`
	Nonce        message.CDATA `xml:"Nonce"`
}

// seal encrypts plain and wraps it in a signed envelope.
func seal(cfg Config, plain []byte, timestamp, nonce string) ([]byte, error) {
	enc, err := encrypt(cfg.EncodingAESKey, cfg.AppID, plain)
	if err != nil {
		return nil, err
	}
	if !isDigits(timestamp) {
		return nil, fmt.Errorf("encode envelope: timestamp %q is not a number", timestamp)
	}
	out := make([]byte, 0, len(enc)+len(nonce)+160)
	out = append(out, "<xml><Encrypt>"...)
	out = appendCDATA(out, enc)
	out = append(out, "</Encrypt><MsgSignature>"...)
	out = appendCDATA(out, MsgSignature(cfg.Token, timestamp, nonce, enc))
	out = append(out, "</MsgSignature><TimeStamp>"...)
	out = append(out, timestamp...)
	out = append(out, "</TimeStamp><Nonce>"...)
	out = appendCDATA(out, nonce)
	return append(out, "</Nonce></xml>"...), nil
}

// readBody reads at most limit bytes of the request body. Errors wrap
// errTooLarge or errBadBody.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes", errTooLarge, r.ContentLength)
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, fmt.Errorf("%w: over %d bytes", errTooLarge, limit)
	case err != nil:
		return nil, fmt.Errorf("%w: read body: %v", errBadBody, err)
	}
	return buf.Bytes(), nil
}

// statusOf maps a read error to its HTTP status.
func statusOf(err error) int {
	switch {
	case errors.Is(err, errForbidden):
		return http.StatusForbidden
	case errors.Is(err, errTooLarge):
		return http.StatusRequestEntityTooLarge
	default:
		return http.StatusBadRequest
	}
}

// fail writes status with its standard text and nothing else.
func fail(w http.ResponseWriter, status int) {
	http.Error(w, http.StatusText(status), status)
}

// writeText writes s as the whole text/plain body, with no newline.
func writeText(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(s)))
	_, _ = io.WriteString(w, s)
}

// recoverPanics is the last line of defence: a panic anywhere below
// becomes a logged error and a bare 500, never a stack trace on the wire.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			log.Error("wechat: panic serving request", "panic", v, "stack", string(debug.Stack()))
			fail(w, http.StatusInternalServerError)
		}()
		next.ServeHTTP(w, r)
	})
}

// hold blocks until the client hangs up or until is reached.
func hold(ctx context.Context, until time.Time) {
	t := time.NewTimer(time.Until(until))
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
