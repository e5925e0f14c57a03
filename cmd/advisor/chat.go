package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/wechat"
	"github.com/zhijian/advisor/config"
)

const chatHelp = `Type a question and press Enter. Commands:
  /subscribe        send the "follow" event (the welcome message)
  /click KEY        send a menu click, e.g. /click MENU_BOOK
  /quit             leave
`

// runChat is a terminal chat with a webhook over the real protocol: signed,
// and encrypted when WECHAT_AES_KEY is set. Without --url it starts a server
// in-process on a free loopback port.
func runChat(ctx context.Context, e env, args []string) error {
	fs := newFlags("chat")
	url := fs.String("url", "", "webhook URL of a running server (default: start one in-process)")
	openID := fs.String("openid", "", "the follower's OpenID (default: a new one)")
	kbFlag := fs.String("kb", "", "knowledge base directory (in-process server)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(e.getenv)
	if err != nil {
		return err
	}
	if *openID == "" {
		*openID = "oChat" + randomHex(8)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if *url == "" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("chat: %w", err)
		}
		log := newLogger(io.Discard, cfg.LogLevel, cfg.LogFormat)
		done := make(chan error, 1)
		go func() {
			done <- serve(ctx, cfg, log, kbDir(*kbFlag, e.getenv), ln, env{getenv: e.getenv, stderr: e.stderr})
		}()
		defer func() { cancel(); <-done }()
		*url = "http://" + ln.Addr().String() + "/wechat"
		if err := waitHealthy(ctx, "http://"+ln.Addr().String()+"/healthz"); err != nil {
			return fmt.Errorf("chat: the in-process server did not start: %w", err)
		}
	}
	c := &wechat.Client{URL: *url, Token: cfg.WeChatToken, AESKey: cfg.WeChatAESKey, AppID: cfg.WeChatAppID,
		AccountID: "gh_advisorchat", HTTP: &http.Client{Timeout: wechatTimeout}}
	mode := "plaintext"
	if cfg.WeChatAESKey != "" {
		mode = "safe mode (AES)"
	}
	fmt.Fprintf(e.stdout, "Chatting with %s as %s, %s.\n%s\n", *url, *openID, mode, chatHelp)
	return chatLoop(ctx, c, *openID, e.stdin, e.stdout)
}

func chatLoop(ctx context.Context, c *wechat.Client, openID string, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	msgID := time.Now().UnixNano()
	for {
		fmt.Fprint(out, "你：")
		if !sc.Scan() {
			fmt.Fprintln(out)
			return sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var reply string
		var err error
		switch {
		case line == "/quit" || line == "/exit":
			return nil
		case line == "/subscribe":
			reply, err = c.SendEvent(ctx, openID, "subscribe", "")
		case strings.HasPrefix(line, "/click "):
			reply, err = c.SendEvent(ctx, openID, "CLICK", strings.TrimSpace(strings.TrimPrefix(line, "/click ")))
		case strings.HasPrefix(line, "/"):
			fmt.Fprint(out, chatHelp)
			continue
		default:
			msgID++
			reply, err = sendLikeWeChat(ctx, c, bot.Message{MsgID: strconv.FormatInt(msgID, 10), From: openID,
				To: c.AccountID, CreateTime: time.Now().Unix(), Type: "text", Content: line})
		}
		if err != nil {
			fmt.Fprintf(out, "（发送失败：%v）\n", err)
			continue
		}
		if reply == "" {
			reply = "（没有回复）"
		}
		fmt.Fprintf(out, "职鉴通：%s\n\n", reply)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// WeChat waits this long for a reply, and delivers a message this many times.
const (
	wechatTimeout  = 5 * time.Second
	wechatAttempts = 3
)

// sendLikeWeChat delivers m as WeChat does: the same message again when a
// delivery times out, three times at most.
func sendLikeWeChat(ctx context.Context, c *wechat.Client, m bot.Message) (string, error) {
	var err error
	for i := 0; i < wechatAttempts; i++ {
		var reply string
		reply, err = c.Send(ctx, m)
		var ne net.Error
		if err == nil || !errors.As(err, &ne) || !ne.Timeout() {
			return reply, err
		}
	}
	return "", fmt.Errorf("no reply in %d deliveries: WeChat would tell the follower the service is unavailable", wechatAttempts)
}
