package wechat

// Fuzz targets for the webhook's XML and crypto paths. Their seed corpora
// (testdata/fuzz/<FuzzName>/ and the f.Add calls below) run as ordinary
// tests; to fuzz for real, run one target at a time, e.g.
//
//	go test -run '^$' -fuzz '^FuzzWebhookPlaintext$' -fuzztime 60s -fuzzminimizetime 5s ./bot/wechat/
//
// (The default minimization budget, 60 s for each new input, can eat a
// whole one-minute run on a busy two-core machine.)

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"github.com/zhijian/advisor/bot"
)

// Fixed request parameters: the fuzzer varies bodies, not clocks.
const (
	fuzzTimestamp = "1700000000"
	fuzzNonce     = "1234567890"
	// fuzzSmallBody is the body limit of the variants that exercise 413.
	fuzzSmallBody = 512
)

// fuzzBot answers with whatever text the message carries (Content,
// Recognition, Event and EventKey run together) and remembers the message,
// so that one fuzz iteration can check the reply against it. It is used by
// one request at a time.
type fuzzBot struct {
	called bool
	got    bot.Message
	reply  string
}

func (b *fuzzBot) Handle(_ context.Context, m bot.Message) (bot.Reply, error) {
	b.called, b.got = true, m
	b.reply = m.Content + m.Recognition + m.Event + m.EventKey
	return bot.Reply{Text: b.reply}, nil
}

// FuzzWebhookPlaintext posts arbitrary bodies, correctly signed, to the
// plaintext-mode webhook. variant picks the query: 0 plain, 1 compatible
// mode (encrypt_type=aes with msg_signature over the body's Encrypt, read
// without a key), 2 empty timestamp and nonce with stray parameters, 3 a
// forged signature; bit 2 lowers the body limit to fuzzSmallBody.
func FuzzWebhookPlaintext(f *testing.F) {
	for _, s := range []struct {
		body    string
		variant uint8
	}{
		{textXML("义乌哪里能考电工证"), 0},
		{textXML(strings.Repeat("长", 1000)), 0}, // a reply over maxTextBytes: truncated
		{textXML(strings.Repeat("a]]>", 600)), 0},
		{textXML(strings.Repeat("长", DefaultMaxBody/3+1)), 0}, // over the body limit
	} {
		f.Add([]byte(s.body), s.variant)
	}
	f.Fuzz(func(t *testing.T, body []byte, variant uint8) {
		cfg := testConfig(false)
		cfg.MaxBody = DefaultMaxBody
		if variant&4 != 0 {
			cfg.MaxBody = fuzzSmallBody
		}
		q, forged := plainQuery(body, variant)
		fb := &fuzzBot{}
		rec := serve(mustHandler(t, cfg, fb, nil), fuzzPost(q, body))
		switch {
		case forged && rec.Code != http.StatusForbidden:
			t.Fatalf("forged signature: status %d, want 403", rec.Code)
		case !forged && int64(len(body)) > cfg.MaxBody && rec.Code != http.StatusRequestEntityTooLarge:
			t.Fatalf("%d-byte body over the %d limit: status %d, want 413", len(body), cfg.MaxBody, rec.Code)
		}
		checkResponse(t, rec, fb, nil)
	})
}

// plainQuery returns the query of a plaintext-mode POST for variant and
// whether its signature is forged.
func plainQuery(body []byte, variant uint8) (q url.Values, forged bool) {
	q = url.Values{
		"signature": {Signature(testToken, fuzzTimestamp, fuzzNonce)},
		"timestamp": {fuzzTimestamp}, "nonce": {fuzzNonce}, "openid": {testOpenID},
	}
	switch variant % 4 {
	case 1:
		q.Set("encrypt_type", "aes")
		var env message.EncryptedXMLMsg
		if xml.Unmarshal(body, &env) == nil {
			q.Set("msg_signature", MsgSignature(testToken, fuzzTimestamp, fuzzNonce, env.EncryptedMsg))
		}
	case 2:
		q.Set("timestamp", "")
		q.Set("nonce", "")
		q.Set("signature", Signature(testToken, "", ""))
		q.Set("encrypt_type", "raw")
		q.Add("openid", "oSecond")
	case 3:
		q.Set("signature", strings.Repeat("0", 40))
		return q, true
	}
	return q, false
}

// FuzzWebhookSafeMode posts safe-mode (AES) requests. variant picks what
// is sent: 0 inner encrypted correctly, 1 field as the Encrypt field
// verbatim, 2 inner encrypted for another AppID (400), 3 inner encrypted
// correctly under a forged msg_signature (403); bit 2 lowers the body
// limit to fuzzSmallBody.
func FuzzWebhookSafeMode(f *testing.F) {
	for _, s := range []struct {
		inner   string
		variant uint8
	}{
		{textXML("金华 育婴员"), 0},
		{textXML(strings.Repeat("长", 1000)), 0},  // a reply over maxTextBytes: truncated
		{textXML(strings.Repeat("长", 16500)), 0}, // over the body limit once in base64
		{textXML("杭州美发师证在哪考"), 4},
	} {
		f.Add([]byte(s.inner), "", s.variant)
	}
	f.Fuzz(func(t *testing.T, inner []byte, field string, variant uint8) {
		cfg := testConfig(true)
		cfg.MaxBody = DefaultMaxBody
		if variant&4 != 0 {
			cfg.MaxBody = fuzzSmallBody
		}
		var err error
		switch variant % 4 {
		case 0, 3:
			field, err = encrypt(testAESKey, testAppID, inner)
		case 2:
			field, err = encrypt(testAESKey, "wx0000000000000000", inner)
		}
		if err != nil {
			t.Fatalf("encrypt: %v", err)
		}
		body, err := xml.Marshal(requestEnvelope{ToUserName: "gh_zhijian0001", Encrypt: message.CDATA(field)})
		if err != nil {
			t.Fatalf("marshal envelope: %v", err)
		}
		q := url.Values{
			"signature": {Signature(testToken, fuzzTimestamp, fuzzNonce)},
			"timestamp": {fuzzTimestamp}, "nonce": {fuzzNonce}, "openid": {testOpenID},
			"encrypt_type": {"aes"}, "msg_signature": {MsgSignature(testToken, fuzzTimestamp, fuzzNonce, field)},
		}
		if variant%4 == 3 {
			q.Set("msg_signature", MsgSignature(testToken, fuzzTimestamp, fuzzNonce, field+"x"))
		}
		fb := &fuzzBot{}
		rec := serve(mustHandler(t, cfg, fb, nil), fuzzPost(q, body))
		want := 0 // any acceptable status
		switch {
		case int64(len(body)) > cfg.MaxBody:
			want = http.StatusRequestEntityTooLarge
		case variant%4 == 2:
			want = http.StatusBadRequest
		case variant%4 == 3:
			want = http.StatusForbidden
		case variant%4 == 0 && rec.Code == http.StatusForbidden:
			t.Fatalf("correctly signed request rejected with 403")
		}
		if want != 0 && rec.Code != want {
			t.Fatalf("status %d, want %d", rec.Code, want)
		}
		checkResponse(t, rec, fb, q)
	})
}

// fuzzPost builds a POST of body to the webhook with query q.
func fuzzPost(q url.Values, body []byte) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/wechat?"+q.Encode(), bytes.NewReader(body))
	req.Header.Set("Content-Type", "text/xml")
	return req
}

// checkResponse checks what every response must satisfy: one of the
// statuses the webhook promises, no details in error bodies, and for 200
// either "success" (when the bot had nothing to say) or a passive text
// reply that parses, is addressed back to the sender and carries the
// bot's text as fitText makes it. safeQuery is the request's query in
// safe mode, whose reply must be a correctly signed and sealed envelope;
// nil in plaintext mode.
func checkResponse(t *testing.T, rec *httptest.ResponseRecorder, fb *fuzzBot, safeQuery url.Values) {
	t.Helper()
	body := rec.Body.String()
	switch rec.Code {
	case http.StatusOK:
	case http.StatusBadRequest, http.StatusForbidden, http.StatusRequestEntityTooLarge:
		if fb.called {
			t.Fatalf("status %d after the bot was called", rec.Code)
		}
		if want := http.StatusText(rec.Code) + "\n"; body != want {
			t.Fatalf("status %d body %q, want %q", rec.Code, body, want)
		}
		return
	default:
		t.Fatalf("status %d (body %q), want 200, 400, 403 or 413", rec.Code, body)
	}
	if !fb.called {
		t.Fatalf("200 without calling the bot: %q", body)
	}
	if fb.reply == "" {
		if body != "success" {
			t.Fatalf("no reply: body %q, want success", body)
		}
		return
	}
	plain := []byte(body)
	if safeQuery != nil {
		plain = openEnvelope(t, plain, safeQuery)
	}
	checkTextReply(t, plain, fb)
}

// openEnvelope checks a safe-mode reply's signature and decrypts it.
func openEnvelope(t *testing.T, body []byte, q url.Values) []byte {
	t.Helper()
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil {
		t.Fatalf("reply envelope does not parse: %v: %q", err, body)
	}
	if env.TimeStamp != q.Get("timestamp") || string(env.Nonce) != q.Get("nonce") {
		t.Fatalf("reply timestamp/nonce %q/%q, want the request's", env.TimeStamp, env.Nonce)
	}
	if want := MsgSignature(testToken, env.TimeStamp, string(env.Nonce), string(env.Encrypt)); string(env.MsgSignature) != want {
		t.Fatalf("reply MsgSignature %q, want %q", env.MsgSignature, want)
	}
	plain, err := decrypt(testAESKey, testAppID, string(env.Encrypt))
	if err != nil {
		t.Fatalf("reply does not decrypt: %v", err)
	}
	return plain
}

// checkTextReply checks a passive text reply to fb's message.
func checkTextReply(t *testing.T, plain []byte, fb *fuzzBot) {
	t.Helper()
	if !utf8.Valid(plain) {
		t.Fatalf("reply is not valid UTF-8: %q", plain)
	}
	var r replyText
	if err := xml.Unmarshal(plain, &r); err != nil {
		t.Fatalf("reply does not parse: %v: %q", err, plain)
	}
	wantText, _ := fitText(fb.reply)
	switch {
	case r.ToUserName != xmlNewlines(fb.got.From) || r.FromUserName != xmlNewlines(fb.got.To):
		t.Fatalf("reply To/From %q/%q, want %q/%q", r.ToUserName, r.FromUserName, fb.got.From, fb.got.To)
	case r.MsgType != "text" || !isDigits(r.CreateTime):
		t.Fatalf("reply MsgType %q CreateTime %q", r.MsgType, r.CreateTime)
	case r.Content != wantText:
		t.Fatalf("reply Content %q, want %q", head(r.Content), head(wantText))
	case len(r.Content) > maxTextBytes:
		t.Fatalf("reply Content has %d bytes, over WeChat's %d", len(r.Content), maxTextBytes)
	}
}

// xmlNewlines is s as an XML parser returns it after a round trip:
// a carriage return (which only a character reference can smuggle into a
// decoded name) comes back as a newline.
func xmlNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// FuzzDecrypt feeds the safe-mode crypto helpers three ways: msg sealed by
// encrypt must come back from decrypt unchanged; frame is taken as the
// decrypted bytes themselves (random, length, message, AppID, padding,
// zero-filled to whole AES blocks) and encrypted raw, so the fuzzer
// controls what decrypt's unframing sees; text goes to decrypt as the
// Encrypt field verbatim. decrypt must fail with an error, never a panic
// (the SDK turns panics into "panic error" errors, which count as one),
// and what it accepts must be the message the frame declares.
func FuzzDecrypt(f *testing.F) {
	f.Add([]byte(textXML("你好")), mustFrame(f, []byte("<xml/>"), testAppID), vecACipher)
	f.Fuzz(func(t *testing.T, msg, frame []byte, text string) {
		enc, err := encrypt(testAESKey, testAppID, msg)
		if err != nil {
			t.Fatalf("encrypt: %v", err)
		}
		got, err := decrypt(testAESKey, testAppID, enc)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("round trip = %q, %v; want %q", head(string(got)), err, head(string(msg)))
		}

		got, err = decrypt(testAESKey, testAppID, sealRaw(t, frame))
		checkDecryptErr(t, err)
		if err == nil {
			want, ok := unframe(frame)
			if !ok || !bytes.Equal(got, want) {
				t.Fatalf("frame %q decrypted to %q, want %q (well-formed %v)", head(string(frame)), head(string(got)), head(string(want)), ok)
			}
		}

		_, err = decrypt(testAESKey, testAppID, text)
		checkDecryptErr(t, err)
	})
}

// checkDecryptErr fails when err is a panic the SDK recovered.
func checkDecryptErr(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), "panic") {
		t.Fatalf("decrypt panicked: %v", err)
	}
}

// sealRaw zero-fills frame to whole AES blocks, encrypts it with the test
// key as WeChat does (AES-256-CBC, IV = key[:16]) but without any framing
// or padding of its own, and returns the base64 text.
func sealRaw(tb testing.TB, frame []byte) string {
	tb.Helper()
	block, iv := mustTestCipher(tb)
	buf := make([]byte, (len(frame)+aes.BlockSize-1)/aes.BlockSize*aes.BlockSize)
	copy(buf, frame)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(buf, buf)
	return base64.StdEncoding.EncodeToString(buf)
}

// mustFrame is the plaintext frame WeChat encrypts for msg: 16 random
// bytes, the message length, the message, the AppID and PKCS#7 padding to
// 32 bytes.
func mustFrame(tb testing.TB, msg []byte, appID string) []byte {
	tb.Helper()
	enc, err := util.EncryptMsg([]byte("0123456789abcdef"), msg, appID, testAESKey)
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(string(enc))
	if err != nil {
		tb.Fatal(err)
	}
	block, iv := mustTestCipher(tb)
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(raw, raw)
	return raw
}

// mustTestCipher returns the AES cipher of testAESKey and WeChat's IV for it.
func mustTestCipher(tb testing.TB) (cipher.Block, []byte) {
	tb.Helper()
	key, err := base64.StdEncoding.DecodeString(testAESKey + "=")
	if err != nil {
		tb.Fatal(err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		tb.Fatal(err)
	}
	return block, key[:16]
}

// unframe is an independent reading of a decrypted frame, as lenient as
// WeChat's own sample code: the last byte says how much padding to drop
// (1 to 32), the rest is 16 random bytes, a big-endian length, the
// message and the AppID. It reports whether the frame is whole, of whole
// 32-byte blocks and sealed for testAppID.
func unframe(frame []byte) ([]byte, bool) {
	if len(frame) == 0 || len(frame)%32 != 0 {
		return nil, false
	}
	pad := int(frame[len(frame)-1])
	if pad < 1 || pad > 32 {
		return nil, false
	}
	rest := frame[:len(frame)-pad]
	if len(rest) < 20 {
		return nil, false
	}
	n := binary.BigEndian.Uint32(rest[16:20])
	if uint64(n) > uint64(len(rest)-20) {
		return nil, false
	}
	msg, appID := rest[20:20+n], rest[20+n:]
	return msg, string(appID) == testAppID
}
