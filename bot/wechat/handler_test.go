package wechat

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
)

// mustRequest builds a signed request from c (encrypted when c.AESKey is
// set) for handler-level tests, letting mutate tamper with it first.
func mustRequest(tb testing.TB, c *Client, plainXML string, mutate func(q url.Values)) *http.Request {
	tb.Helper()
	req, err := c.newPost(context.Background(), testOpenID, []byte(plainXML))
	if err != nil {
		tb.Fatalf("newPost: %v", err)
	}
	if mutate != nil {
		q := req.URL.Query()
		mutate(q)
		req.URL.RawQuery = q.Encode()
	}
	return req
}

// serve runs req through h and returns the recorded response.
func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func textXML(content string) string {
	return `<xml><ToUserName><![CDATA[gh_zhijian0001]]></ToUserName><FromUserName><![CDATA[` + testOpenID +
		`]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[` +
		content + `]]></Content><MsgId>1234567890123456</MsgId></xml>`
}

func TestVerifyURLHandshake(t *testing.T) {
	fb := echoBot()
	c := mustServer(t, testConfig(true), fb, nil)
	if err := c.Verify(context.Background()); err != nil {
		t.Fatalf("Verify: %v", err)
	}

	bad := *c
	bad.Token = "not-the-token"
	err := bad.Verify(context.Background())
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != http.StatusForbidden {
		t.Fatalf("Verify with a bad signature = %v, want HTTP 403", err)
	}

	h := mustHandler(t, testConfig(false), fb, nil)
	q := c.signedQuery() // valid signature, no echostr
	rec := serve(h, httptest.NewRequest(http.MethodGet, "/wechat?"+q.Encode(), nil))
	if rec.Code != http.StatusBadRequest {
		t.Errorf("GET without echostr: status %d, want 400", rec.Code)
	}
	if n := len(fb.calls()); n != 0 {
		t.Errorf("handler called %d times by GETs", n)
	}
}

func TestTextRoundTrip(t *testing.T) {
	contents := []struct{ name, text string }{
		{"chinese", "金华育婴员四级在哪里考？"},
		{"cdata_end", "a]]>b ]]> ]]]]> end]]>"},
		{"markup", `<b>markup</b> & "quotes" 'apos' <![CDATA[x]]> &amp;`},
		{"newlines_tabs", "第一行\n\t第二行\n"},
		{"emoji", "👍 好的 🙂"},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			fb := replyBot()
			c := mustServer(t, testConfig(mode.aes), fb, nil)
			for i, tc := range contents {
				t.Run(tc.name, func(t *testing.T) {
					got, err := c.SendText(context.Background(), testOpenID, fmt.Sprint(1000+i), tc.text)
					if err != nil {
						t.Fatalf("SendText: %v", err)
					}
					if got != tc.text {
						t.Errorf("reply = %q, want byte-exact %q", got, tc.text)
					}
					calls := fb.calls()
					if last := calls[len(calls)-1]; last.Content != tc.text || last.Type != "text" {
						t.Errorf("bot got %+v, want text %q", last, tc.text)
					}
				})
			}
		})
	}
}

// TestCompatibleModeOfficialVector posts the Python sample's compatible-mode
// body (plaintext fields plus Encrypt) exactly as published.
func TestCompatibleModeOfficialVector(t *testing.T) {
	want := bot.Message{
		MsgID: "6054768590064713728", From: "oyORnuP8q7ou2gfYjqLzSIWZf0rs", To: "gh_10f6c3c3ac5a",
		CreateTime: 1409735668, Type: "text", Content: "abcdteT",
	}
	q := url.Values{
		"signature": {vecCSignature}, "timestamp": {vecCTimestamp}, "nonce": {vecCNonce},
		"openid": {want.From}, "encrypt_type": {"aes"}, "msg_signature": {vecCMsgSig},
	}
	for _, tc := range []struct {
		name    string
		key     string
		encrypt bool // reply expected encrypted
	}{
		{"with_aes_key", vecKey, true},
		{"without_aes_key", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{Token: vecCToken, AppID: vecCAppID, EncodingAESKey: tc.key}
			fb := echoBot()
			h := mustHandler(t, cfg, fb, nil)
			rec := serve(h, httptest.NewRequest(http.MethodPost, "/wechat?"+q.Encode(), strings.NewReader(vecCBody)))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if calls := fb.calls(); len(calls) != 1 || calls[0] != want {
				t.Fatalf("bot got %+v, want [%+v]", calls, want)
			}
			c := &Client{Token: vecCToken, AppID: vecCAppID, AccountID: want.To}
			if tc.encrypt {
				c.AESKey = vecKey
			}
			got, err := c.open(want.From, rec.Body.Bytes())
			if err != nil || got != "echo: abcdteT" {
				t.Fatalf("reply = %q, %v; want echo: abcdteT", got, err)
			}
			if enc := strings.Contains(rec.Body.String(), "<Encrypt>"); enc != tc.encrypt {
				t.Errorf("reply encrypted = %v, want %v: %s", enc, tc.encrypt, rec.Body)
			}
		})
	}
}

func TestRejectedRequests(t *testing.T) {
	plain, safe := &Client{Token: testToken}, &Client{Token: testToken, AESKey: testAESKey, AppID: testAppID}
	otherApp := &Client{Token: testToken, AESKey: testAESKey, AppID: "wx0000000000000000"}
	big := textXML(strings.Repeat("长", DefaultMaxBody/3+1))
	tests := []struct {
		name   string
		cfg    Config
		req    func(t *testing.T) *http.Request
		status int
	}{
		{"bad_signature_plaintext", testConfig(false), func(t *testing.T) *http.Request {
			return mustRequest(t, plain, textXML("hi"), func(q url.Values) { q.Set("signature", Signature("x", "1", "2")) })
		}, 403},
		{"missing_signature", testConfig(false), func(t *testing.T) *http.Request {
			return mustRequest(t, plain, textXML("hi"), func(q url.Values) { q.Del("signature") })
		}, 403},
		{"bad_msg_signature", testConfig(true), func(t *testing.T) *http.Request {
			return mustRequest(t, safe, textXML("hi"), func(q url.Values) { q.Set("msg_signature", Signature("x", "1", "2")) })
		}, 403},
		{"missing_msg_signature", testConfig(true), func(t *testing.T) *http.Request {
			return mustRequest(t, safe, textXML("hi"), func(q url.Values) { q.Del("msg_signature") })
		}, 403},
		{"bad_signature_safe", testConfig(true), func(t *testing.T) *http.Request {
			return mustRequest(t, safe, textXML("hi"), func(q url.Values) { q.Set("signature", "0") })
		}, 403},
		{"malformed_xml", testConfig(false), func(t *testing.T) *http.Request {
			return mustRequest(t, plain, "<xml><MsgType>text</MsgType", nil)
		}, 400},
		{"not_a_message", testConfig(false), func(t *testing.T) *http.Request {
			return mustRequest(t, plain, "<xml><Foo>1</Foo></xml>", nil)
		}, 400},
		{"empty_body", testConfig(false), func(t *testing.T) *http.Request {
			return mustRequest(t, plain, "", nil)
		}, 400},
		{"non_numeric_msgid", testConfig(false), func(t *testing.T) *http.Request {
			return mustRequest(t, plain, strings.Replace(textXML("hi"), "1234567890123456", "abc", 1), nil)
		}, 400},
		{"sealed_for_other_appid", testConfig(true), func(t *testing.T) *http.Request {
			return mustRequest(t, otherApp, textXML("hi"), nil)
		}, 400},
		{"undecryptable", testConfig(true), func(t *testing.T) *http.Request {
			return signedEnvelope(t, "bm90IGEgY2lwaGVydGV4dA==")
		}, 400},
		{"safe_mode_without_key", testConfig(false), func(t *testing.T) *http.Request {
			return mustRequest(t, safe, textXML("hi"), nil)
		}, 400},
		{"too_large", testConfig(false), func(t *testing.T) *http.Request {
			return mustRequest(t, plain, big, nil)
		}, 413},
		{"too_large_chunked", testConfig(false), func(t *testing.T) *http.Request {
			req := mustRequest(t, plain, big, nil)
			req.ContentLength = -1 // length unknown: the limit must hold while reading
			return req
		}, 413},
		{"too_large_safe", testConfig(true), func(t *testing.T) *http.Request {
			return mustRequest(t, safe, big, nil)
		}, 413},
		{"put", testConfig(false), func(t *testing.T) *http.Request {
			req := mustRequest(t, plain, textXML("hi"), nil)
			req.Method = http.MethodPut
			return req
		}, 405},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fb := echoBot()
			rec := serve(mustHandler(t, tc.cfg, fb, nil), tc.req(t))
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d (body %q)", rec.Code, tc.status, rec.Body)
			}
			if n := len(fb.calls()); n != 0 {
				t.Errorf("handler called %d times, want 0", n)
			}
			if body := rec.Body.String(); strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") || len(body) > 40 {
				t.Errorf("error body leaks details: %q", body)
			}
			if tc.status == 405 && rec.Header().Get("Allow") != "GET, POST" {
				t.Errorf("Allow = %q", rec.Header().Get("Allow"))
			}
		})
	}
}

// signedEnvelope is a safe-mode request whose Encrypt is enc, correctly
// signed, so only decryption can fail.
func signedEnvelope(tb testing.TB, enc string) *http.Request {
	tb.Helper()
	q := (&Client{Token: testToken}).signedQuery()
	q.Set("encrypt_type", "aes")
	q.Set("msg_signature", MsgSignature(testToken, q.Get("timestamp"), q.Get("nonce"), enc))
	body := "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>"
	return httptest.NewRequest(http.MethodPost, "/wechat?"+q.Encode(), strings.NewReader(body))
}

func TestNoReplyAnswersSuccess(t *testing.T) {
	handlers := []struct {
		name   string
		handle func(context.Context, bot.Message) (bot.Reply, error)
	}{
		{"empty_reply", func(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{}, nil }},
		{"error", func(context.Context, bot.Message) (bot.Reply, error) {
			return bot.Reply{Text: "ignored"}, errors.New("llm down")
		}},
		{"panic", func(context.Context, bot.Message) (bot.Reply, error) { panic("bot bug") }},
	}
	for _, mode := range modes {
		for _, hc := range handlers {
			t.Run(mode.name+"/"+hc.name, func(t *testing.T) {
				fb := &fakeBot{handle: hc.handle}
				c := &Client{Token: testToken, AppID: testAppID}
				if mode.aes {
					c.AESKey = testAESKey
				}
				rec := serve(mustHandler(t, testConfig(mode.aes), fb, nil), mustRequest(t, c, textXML("slow question"), nil))
				if rec.Code != http.StatusOK || rec.Body.String() != "success" {
					t.Fatalf("got %d %q, want 200 and the literal success", rec.Code, rec.Body)
				}
				if len(fb.calls()) != 1 {
					t.Errorf("handler called %d times, want 1", len(fb.calls()))
				}
			})
		}
	}
}

func TestHandlerDeadline(t *testing.T) {
	const budget = 1500 * time.Millisecond
	var deadline time.Time
	var hasDeadline bool
	fb := &fakeBot{handle: func(ctx context.Context, _ bot.Message) (bot.Reply, error) {
		deadline, hasDeadline = ctx.Deadline()
		return bot.Reply{}, nil
	}}
	cfg := testConfig(false)
	cfg.Budget = budget
	req := mustRequest(t, &Client{Token: testToken}, textXML("hi"), nil)
	before := time.Now()
	serve(mustHandler(t, cfg, fb, nil), req)
	after := time.Now()
	if !hasDeadline {
		t.Fatal("handler ctx has no deadline")
	}
	if deadline.Before(before.Add(budget)) || deadline.After(after.Add(budget)) {
		t.Errorf("deadline %v not within [%v, %v] + budget", deadline, before, after)
	}
}

func TestLongReplyTruncated(t *testing.T) {
	long := strings.Repeat("职业技能等级认定", 200) // 4800 bytes
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			logs := &safeBuffer{}
			fb := &fakeBot{handle: func(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{Text: long}, nil }}
			c := mustServer(t, testConfig(mode.aes), fb, logs)
			got, err := c.SendText(context.Background(), testOpenID, "9", "长答案")
			if err != nil {
				t.Fatalf("SendText: %v", err)
			}
			if len(got) > maxTextBytes || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) || !strings.HasSuffix(got, "…") {
				t.Errorf("reply of %d bytes is not a cut prefix of the answer", len(got))
			}
			if !strings.Contains(logs.String(), "truncated") {
				t.Errorf("no truncation warning logged: %s", logs)
			}
		})
	}
}

// TestNoContentInLogs sends a message with personal data through every
// path that logs and checks neither our log nor the SDK's sees it.
func TestNoContentInLogs(t *testing.T) {
	const secret = "手机13800138000"
	logs := &safeBuffer{}
	sdkLogs := captureSDKLog(t)
	fb := &fakeBot{handle: func(_ context.Context, m bot.Message) (bot.Reply, error) {
		if strings.Contains(m.Content, "fail") {
			return bot.Reply{}, errors.New("failed")
		}
		return bot.Reply{Text: strings.Repeat(secret, 200)}, nil
	}}
	c := mustServer(t, testConfig(true), fb, logs)
	for _, text := range []string{secret, secret + " fail"} {
		if _, err := c.SendText(context.Background(), testOpenID, "1", text); err != nil {
			t.Fatalf("SendText: %v", err)
		}
	}
	bad := *c
	bad.Token = "wrong"
	_, _ = bad.SendText(context.Background(), testOpenID, "2", secret)
	if logs.String() == "" {
		t.Fatal("expected some log lines (truncation, handler error, rejection)")
	}
	for name, out := range map[string]string{"slog": logs.String(), "logrus": sdkLogs.String()} {
		if strings.Contains(out, "13800138000") {
			t.Errorf("%s output contains message content:\n%s", name, out)
		}
	}
}

func TestNewHandlerConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		h    Handler
	}{
		{"no_token", Config{}, &fakeBot{}},
		{"short_aes_key", Config{Token: "t", AppID: "a", EncodingAESKey: "abc"}, &fakeBot{}},
		{"aes_key_without_appid", Config{Token: "t", EncodingAESKey: testAESKey}, &fakeBot{}},
		{"negative_budget", Config{Token: "t", Budget: -time.Second}, &fakeBot{}},
		{"nil_handler", Config{Token: "t"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewHandler(tc.cfg, tc.h, nil, nil); !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("NewHandler = %v, want ErrInvalidConfig", err)
			}
		})
	}
}

func TestRecoverPanics(t *testing.T) {
	logs := &safeBuffer{}
	h := recoverPanics(mustLogger(logs), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	}))
	rec := serve(h, httptest.NewRequest(http.MethodPost, "/wechat", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusInternalServerError || strings.Contains(string(body), "goroutine") {
		t.Errorf("got %d %q, want a bare 500", rec.Code, body)
	}
	if !strings.Contains(logs.String(), "boom") {
		t.Errorf("panic not logged: %s", logs)
	}
}
