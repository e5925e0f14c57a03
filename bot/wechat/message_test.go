package wechat

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

func TestFitText(t *testing.T) {
	ascii2048 := strings.Repeat("a", maxTextBytes)
	han := strings.Repeat("汉", 700) // 2100 bytes, 3 per character
	tests := []struct {
		name, in, want string
		truncated      bool
	}{
		{"plain", "你好", "你好", false},
		{"exactly_limit", ascii2048, ascii2048, false},
		{"one_over", ascii2048 + "b", strings.Repeat("a", maxTextBytes-3) + "…", true},
		{"han_cut_on_boundary", han, strings.Repeat("汉", (maxTextBytes-3)/3) + "…", true},
		{"control_chars_dropped", "a\x00b\x08c\x1bd\x7f", "abcd\x7f", false},
		{"crlf_normalised", "a\r\nb\rc", "a\nb\nc", false},
		{"invalid_utf8_replaced", "a\xffb", "a\uFFFDb", false},
		{"nonchars_dropped", "a\uFFFEb\uFFFF", "ab", false},
		{"tabs_newlines_kept", "a\tb\nc", "a\tb\nc", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, truncated := fitText(tc.in)
			if got != tc.want || truncated != tc.truncated {
				t.Errorf("fitText = (%q…, %v), want (%q…, %v)", head(got), truncated, head(tc.want), tc.truncated)
			}
			if len(got) > maxTextBytes || !utf8.ValidString(got) {
				t.Errorf("result is %d bytes, valid UTF-8 %v", len(got), utf8.ValidString(got))
			}
		})
	}
}

func head(s string) string {
	if len(s) > 20 {
		return s[:20]
	}
	return s
}

// TestTextReplyXML checks the reply document itself: To/From swapped, and
// text that would break naive CDATA encoding parses back exactly.
func TestTextReplyXML(t *testing.T) {
	in := &message.MixMessage{}
	in.FromUserName, in.ToUserName = "oFollower", "gh_account"
	const text = `a]]>b<b>markup</b>&amp;`
	out, truncated, err := textReply(in, text, time.Unix(1700000000, 0))
	if err != nil || truncated {
		t.Fatalf("textReply: %v, truncated %v", err, truncated)
	}
	var got struct {
		ToUserName, FromUserName, MsgType, Content string
		CreateTime                                 int64
	}
	if err := xml.Unmarshal(out, &got); err != nil {
		t.Fatalf("reply is not XML: %v\n%s", err, out)
	}
	if got.ToUserName != "oFollower" || got.FromUserName != "gh_account" || got.MsgType != "text" ||
		got.CreateTime != 1700000000 || got.Content != text {
		t.Errorf("reply decoded to %+v from\n%s", got, out)
	}
}
