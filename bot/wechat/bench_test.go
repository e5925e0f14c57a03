package wechat

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/zhijian/advisor/bot"
)

// benchBot echoes without recording anything.
type benchBot struct{}

func (benchBot) Handle(_ context.Context, m bot.Message) (bot.Reply, error) {
	return bot.Reply{Text: "echo: " + m.Content}, nil
}

// BenchmarkSafeModeText measures one safe-mode text message through the
// real http.Handler: signature and msg_signature checks, decryption,
// parsing, the handler, encoding and encryption of the reply.
func BenchmarkSafeModeText(b *testing.B) { benchmarkText(b, true) }

// BenchmarkPlaintextText is the same message in plaintext mode.
func BenchmarkPlaintextText(b *testing.B) { benchmarkText(b, false) }

func benchmarkText(b *testing.B, aes bool) {
	h := mustHandler(b, testConfig(aes), benchBot{}, nil)
	c := &Client{Token: testToken, AppID: testAppID}
	if aes {
		c.AESKey = testAESKey
	}
	req := mustRequest(b, c, textXML("金华育婴员四级在哪里考？"), nil)
	body, err := io.ReadAll(req.Body)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		req.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Body.Len() < 100 {
			b.Fatalf("status %d body %q", rec.Code, rec.Body)
		}
	}
}

// BenchmarkClientSafeModeRequest measures building one signed, encrypted
// request on the client side.
func BenchmarkClientSafeModeRequest(b *testing.B) {
	c := &Client{URL: "http://127.0.0.1/wechat", Token: testToken, AESKey: testAESKey, AppID: testAppID}
	plain := []byte(textXML("金华育婴员四级在哪里考？"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.newPost(context.Background(), testOpenID, plain); err != nil {
			b.Fatal(err)
		}
	}
}
