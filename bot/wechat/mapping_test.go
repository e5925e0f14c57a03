package wechat

import (
	"context"
	"fmt"
	"testing"

	"github.com/zhijian/advisor/bot"
)

func TestMessageMapping(t *testing.T) {
	const from, to = testOpenID, "gh_zhijian0001"
	head := `<xml><ToUserName><![CDATA[` + to + `]]></ToUserName><FromUserName><![CDATA[` + from +
		`]]></FromUserName><CreateTime>1700000001</CreateTime>`
	base := bot.Message{From: from, To: to, CreateTime: 1700000001}
	with := func(f func(*bot.Message)) bot.Message { m := base; f(&m); return m }
	tests := []struct {
		name string
		xml  string
		want bot.Message
	}{
		{"subscribe", head + `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`,
			with(func(m *bot.Message) { m.Type, m.Event = "event", "subscribe" })},
		{"subscribe_by_qr", head + `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_42]]></EventKey><Ticket><![CDATA[T]]></Ticket></xml>`,
			with(func(m *bot.Message) { m.Type, m.Event, m.EventKey = "event", "subscribe", "qrscene_42" })},
		{"unsubscribe", head + `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event></xml>`,
			with(func(m *bot.Message) { m.Type, m.Event = "event", "unsubscribe" })},
		{"click", head + `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[MENU_HELP]]></EventKey></xml>`,
			with(func(m *bot.Message) { m.Type, m.Event, m.EventKey = "event", "CLICK", "MENU_HELP" })},
		{"view", head + `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[https://example.com/]]></EventKey><MenuId>1</MenuId></xml>`,
			with(func(m *bot.Message) { m.Type, m.Event, m.EventKey = "event", "VIEW", "https://example.com/" })},
		{"voice_recognised", head + `<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[义乌电工证找谁]]></Recognition><MsgId>77</MsgId></xml>`,
			with(func(m *bot.Message) { m.Type, m.Recognition, m.MsgID = "voice", "义乌电工证找谁", "77" })},
		{"voice_unrecognised", head + `<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><MsgId>78</MsgId></xml>`,
			with(func(m *bot.Message) { m.Type, m.MsgID = "voice", "78" })},
		{"image", head + `<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x/p.jpg]]></PicUrl><MediaId><![CDATA[m2]]></MediaId><MsgId>79</MsgId></xml>`,
			with(func(m *bot.Message) { m.Type, m.MsgID = "image", "79" })},
		{"location", head + `<MsgType><![CDATA[location]]></MsgType><Location_X>29.3</Location_X><Location_Y>120.1</Location_Y><Scale>15</Scale><Label><![CDATA[义乌]]></Label><MsgId>80</MsgId></xml>`,
			with(func(m *bot.Message) { m.Type, m.MsgID = "location", "80" })},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			fb := &fakeBot{}
			c := mustServer(t, testConfig(mode.aes), fb, nil)
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					reply, err := c.SendRaw(context.Background(), from, []byte(tc.xml))
					if err != nil || reply != "" {
						t.Fatalf("SendRaw = %q, %v; want success", reply, err)
					}
					calls := fb.calls()
					if got := calls[len(calls)-1]; got != tc.want {
						t.Errorf("bot got\n %+v\nwant\n %+v", got, tc.want)
					}
				})
			}
		})
	}
}

func TestEventHelpers(t *testing.T) {
	fb := &fakeBot{handle: func(_ context.Context, m bot.Message) (bot.Reply, error) {
		return bot.Reply{Text: m.Event + "/" + m.EventKey}, nil
	}}
	c := mustServer(t, testConfig(true), fb, nil)
	got, err := c.SendEvent(context.Background(), testOpenID, "CLICK", "MENU_HELP")
	if err != nil || got != "CLICK/MENU_HELP" {
		t.Fatalf("SendEvent = %q, %v", got, err)
	}
	m := fb.calls()[0]
	if m.MsgID != "" || m.DedupeKey() != fmt.Sprintf("evt:%s:CLICK:MENU_HELP:%d", testOpenID, m.CreateTime) {
		t.Errorf("event message %+v has dedupe key %q", m, m.DedupeKey())
	}
}

// TestRetryIsIdentical checks that Client.Send repeats a message exactly,
// as WeChat's retries do.
func TestRetryIsIdentical(t *testing.T) {
	fb := echoBot()
	c := mustServer(t, testConfig(true), fb, nil)
	m := bot.Message{MsgID: "555", From: testOpenID, CreateTime: 1700000100, Type: "text", Content: "重试"}
	for range 3 {
		if got, err := c.Send(context.Background(), m); err != nil || got != "echo: 重试" {
			t.Fatalf("Send = %q, %v", got, err)
		}
	}
	calls := fb.calls()
	m.To = c.AccountID
	for i, got := range calls {
		if got != m {
			t.Errorf("delivery %d = %+v, want %+v", i, got, m)
		}
	}
}
