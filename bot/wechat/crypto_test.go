package wechat

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/util"
)

// Our Cache and the SDK's must stay interchangeable (bot/store's
// TokenCache is written against ours and handed to the SDK).
var (
	_ Cache       = cache.Cache(nil)
	_ cache.Cache = Cache(nil)
	_ cache.Cache = (*memoryCache)(nil)
)

// Vectors published with WeChat's message-crypto sample code (the Java
// WXBizMsgCryptTest and the Python and C++ samples), as reproduced in many
// SDK test suites. The Java sample's own encrypt/decrypt round trip with
// timestamp 1409304348 and nonce "xxxxxx" uses a random prefix, so it has
// no fixed ciphertext; its fixed-random encryption test (vectorA) does.
const (
	vecKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"

	// Java testAesEncrypt / testAesEncrypt2: random "aaaabbbbccccdddd".
	vecAAppID   = "wxb11529c136998cb6"
	vecARandom  = "aaaabbbbccccdddd"
	vecAPlain   = "我是中文abcd123"
	vecACipher  = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="
	vecAPlain2  = `<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>`
	vecACipher2 = "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb"

	// Python sample: a compatible-mode body (plaintext fields and Encrypt).
	vecCToken     = "spamtest"
	vecCAppID     = "wx2c2769f8efd9abc2"
	vecCTimestamp = "1409735669"
	vecCNonce     = "1320562132"
	vecCMsgSig    = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
	vecCEncrypt   = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE="
	vecCBody      = `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[` + vecCEncrypt + `]]></Encrypt></xml>`
	vecCPlain     = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>"
	// vecCSignature is the plain signature of (spamtest, 1409735669,
	// 1320562132), as quoted next to the vector in third-party suites; the
	// test also recomputes it independently.
	vecCSignature = "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"

	// C++ sample.
	vecDTimestamp = "1410349438"
	vecDNonce     = "298025754"
	vecDMsgSig    = "003fee52ecc56afb46c00b5c7721be87860ce785"
	vecDEncrypt   = "mfBCs65c67CeJw22u4VT2TD73q5H06+ocrAIxswCaeZ/d/Lw0msSZFHY0teqgSYiI1zR2gD2DKrB3TIrmX/liNSDrGqS8jSI/WPeKB5VPr7Ezr7gomZAyGCwJSgT1TRFWPfONGJMxuj2nk4faTuspAuVIFQ6SHwZuJBZC7mcJp7Cgr9cUhATQWDbOPaE7ukZBTV2YqyzH+UI2AK+J1S47cE79k1RX8t0hcTz/O0hlK8DGXKnvYv88qKQcI7z4iaajqHfRVZKBNyOODabs+It+ZfM3dWTeFcPgDbGtIEnpt/EDtuuA/zMvtkaKdHdswPnVZQ+xdwbYr3ldGvfT8HlEYEgkgKaThxTFobVlwzu2ZkXCjicbP3xdr15Iq48ObgzPpqYuZ3IEoyggZDKClquk0u0orMck4GTF/XyE8yGzc4="
)

// sha1Sorted is an independent implementation of WeChat's signature
// formula: hex(sha1(concat(sort(parts)))).
func sha1Sorted(parts ...string) string {
	p := append([]string(nil), parts...)
	sort.Strings(p)
	sum := sha1.Sum([]byte(strings.Join(p, "")))
	return hex.EncodeToString(sum[:])
}

func TestOfficialEncryptVectors(t *testing.T) {
	key, err := base64.StdEncoding.DecodeString(vecKey + "=")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, plain, cipher string }{
		{"short", vecAPlain, vecACipher},
		{"video_xml", vecAPlain2, vecACipher2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := base64.StdEncoding.EncodeToString(util.AESEncryptMsg([]byte(vecARandom), []byte(tc.plain), vecAAppID, key))
			if got != tc.cipher {
				t.Errorf("ciphertext with fixed random:\n got %s\nwant %s", got, tc.cipher)
			}
			plain, err := decrypt(vecKey, vecAAppID, tc.cipher)
			if err != nil {
				t.Fatalf("decrypt: %v", err)
			}
			if string(plain) != tc.plain {
				t.Errorf("decrypt = %q, want %q", plain, tc.plain)
			}
			if _, err := decrypt(vecKey, "wx0000000000000000", tc.cipher); err == nil {
				t.Error("decrypt accepted a message sealed for another AppID")
			}
		})
	}
}

func TestOfficialDecryptVectors(t *testing.T) {
	for _, tc := range []struct {
		name, ts, nonce, enc, msgSig, wantPlain, wantSub string
	}{
		{name: "python", ts: vecCTimestamp, nonce: vecCNonce, enc: vecCEncrypt, msgSig: vecCMsgSig, wantPlain: vecCPlain},
		{name: "cpp", ts: vecDTimestamp, nonce: vecDNonce, enc: vecDEncrypt, msgSig: vecDMsgSig, wantSub: "<ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MsgSignature(vecCToken, tc.ts, tc.nonce, tc.enc); got != tc.msgSig {
				t.Errorf("MsgSignature = %s, want published %s", got, tc.msgSig)
			}
			if got := sha1Sorted(vecCToken, tc.ts, tc.nonce, tc.enc); got != tc.msgSig {
				t.Errorf("independent sha1 = %s, want published %s", got, tc.msgSig)
			}
			plain, err := decrypt(vecKey, vecCAppID, tc.enc)
			if err != nil {
				t.Fatalf("decrypt: %v", err)
			}
			if tc.wantPlain != "" && string(plain) != tc.wantPlain {
				t.Errorf("decrypt = %q, want %q", plain, tc.wantPlain)
			}
			if !strings.Contains(string(plain), tc.wantSub) {
				t.Errorf("decrypt = %q, want it to contain %q", plain, tc.wantSub)
			}
		})
	}
}

func TestSignature(t *testing.T) {
	if got, want := Signature(vecCToken, vecCTimestamp, vecCNonce), sha1Sorted(vecCToken, vecCTimestamp, vecCNonce); got != want {
		t.Fatalf("Signature = %s, independent sha1 = %s", got, want)
	}
	if got := Signature(vecCToken, vecCTimestamp, vecCNonce); got != vecCSignature {
		t.Errorf("Signature = %s, want %s", got, vecCSignature)
	}
	q := url.Values{"timestamp": {vecCTimestamp}, "nonce": {vecCNonce}}
	for _, tc := range []struct {
		name, sig string
		want      bool
	}{
		{"valid", vecCSignature, true},
		{"upper_case_hex", strings.ToUpper(vecCSignature), false},
		{"one_digit_off", "0" + vecCSignature[1:], false},
		{"empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q.Set("signature", tc.sig)
			if got := VerifyURL(vecCToken, q); got != tc.want {
				t.Errorf("VerifyURL = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEncryptRoundTrip(t *testing.T) {
	plain := []byte("<xml><Content><![CDATA[你好 a]]]]><![CDATA[>b]]></Content></xml>")
	a, err := encrypt(testAESKey, testAppID, plain)
	if err != nil {
		t.Fatal(err)
	}
	b, err := encrypt(testAESKey, testAppID, plain)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Error("two encryptions of one message are identical: the random prefix is not fresh")
	}
	if raw, _ := base64.StdEncoding.DecodeString(a); len(raw)%32 != 0 {
		t.Errorf("ciphertext is %d bytes, want a multiple of 32 (WeChat pads to 32)", len(raw))
	}
	got, err := decrypt(testAESKey, testAppID, a)
	if err != nil || string(got) != string(plain) {
		t.Fatalf("decrypt = %q, %v; want %q", got, err, plain)
	}
}

func TestValidateAESKey(t *testing.T) {
	for _, tc := range []struct {
		name, key string
		ok        bool
	}{
		{"sample", vecKey, true},
		{"all_A", strings.Repeat("A", 43), true},
		{"too_short", vecKey[:42], false},
		{"with_padding", vecKey + "=", false},
		{"not_base64", strings.Repeat("!", 43), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateAESKey(tc.key)
			if (err == nil) != tc.ok {
				t.Fatalf("ValidateAESKey = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("error %v does not wrap ErrInvalidConfig", err)
			}
		})
	}
}
