package wechat

import (
	"encoding/xml"
	"testing"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

var flatSeeds = []string{
	`<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oU1]]></FromUserName><CreateTime>1409735669</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[义乌哪里能考电工证]]></Content><MsgId>1234567890123456</MsgId></xml>`,
	`<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oU1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[MENU_BOOK]]></EventKey></xml>`,
	"<xml>\n <Content><![CDATA[a]]]]><![CDATA[>b]]></Content>\n <MsgType>voice</MsgType><Recognition><![CDATA[你好]]></Recognition>\n</xml>\n",
	`<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>`,
	`<xml><Content></Content><PicUrl><![CDATA[http://x/y.jpg]]></PicUrl></xml>`,
	`<xml><Content> <b>x</b> </Content></xml>`,
	`<?xml version="1.0"?><xml><Content>x</Content></xml>`,
	`<xml><CreateTime> 12 </CreateTime></xml>`,
	`<xml><Content>a &amp; b</Content></xml>`,
	`<xml><Content/></xml>`,
	`<xml><a:Content>x</a:Content></xml>`,
}

// FuzzDecodeFlat: wherever the fast reader accepts a body, encoding/xml
// accepts it too and reads the same fields.
func FuzzDecodeFlat(f *testing.F) {
	for _, s := range flatSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var ff flatFields
		if !decodeFlat(body, &ff) {
			return
		}
		var m message.MixMessage
		if err := xml.Unmarshal(body, &m); err != nil {
			t.Fatalf("decodeFlat accepted %q, encoding/xml rejects it: %v", body, err)
		}
		var env message.EncryptedXMLMsg
		if err := xml.Unmarshal(body, &env); err != nil {
			t.Fatalf("encoding/xml rejects the envelope %q: %v", body, err)
		}
		got, want := ff.mix(), m
		if got.ToUserName != want.ToUserName || got.FromUserName != want.FromUserName || got.CreateTime != want.CreateTime ||
			got.MsgType != want.MsgType || got.Content != want.Content || got.MsgID != want.MsgID ||
			got.Event != want.Event || got.EventKey != want.EventKey || got.Recognition != want.Recognition || ff.Encrypt != env.EncryptedMsg {
			t.Fatalf("decodeFlat(%q) = %+v (encrypt %q), encoding/xml = %+v (encrypt %q)", body, got, ff.Encrypt, want, env.EncryptedMsg)
		}
	})
}

func TestAppendCDATARoundTrips(t *testing.T) {
	for _, s := range []string{"", "plain", "a]]>b", "]]>]]>", "x]]", "]>", "中文]]>结尾"} {
		var v struct {
			C string `xml:"C"`
		}
		doc := append(append([]byte("<x><C>"), appendCDATA(nil, s)...), "</C></x>"...)
		if err := xml.Unmarshal(doc, &v); err != nil || v.C != s {
			t.Errorf("appendCDATA(%q) reads back as %q, %v", s, v.C, err)
		}
	}
}
