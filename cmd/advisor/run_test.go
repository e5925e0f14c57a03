package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/llm/llmtest"
	"github.com/zhijian/advisor/bot/wechat"
	"github.com/zhijian/advisor/config"
)

const (
	testToken  = "tok123"
	testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	testAppID  = "wx1234567890abcdef"
)

func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// startServer runs `advisor serve` in-process on a free loopback port with
// the environment given, waits for /healthz, and stops it at cleanup,
// checking that it shut down cleanly.
func startServer(t *testing.T, vars map[string]string) (base string, stderr *syncBuffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	vars["ADDR"] = ln.Addr().String()
	cfg, err := config.Load(mapEnv(vars))
	if err != nil {
		t.Fatal(err)
	}
	stderr = &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	e := env{getenv: mapEnv(vars), stdin: strings.NewReader(""), stdout: io.Discard, stderr: stderr}
	go func() { done <- serve(ctx, cfg, newLogger(stderr, cfg.LogLevel, "json"), vars["KB_DIR"], ln, e) }()
	base = "http://" + ln.Addr().String()
	if err := waitHealthy(ctx, base+"/healthz"); err != nil {
		cancel()
		t.Fatalf("server did not become healthy: %v\n%s", err, stderr.String())
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("server did not stop within 10 s")
		}
	})
	return base, stderr
}

func TestWebhookProtocol(t *testing.T) {
	modes := []struct {
		name string
		vars map[string]string
		aes  bool
	}{
		{"plaintext", map[string]string{"WECHAT_TOKEN": testToken}, false},
		{"safe", map[string]string{"WECHAT_TOKEN": testToken, "WECHAT_AES_KEY": testAESKey, "WECHAT_APPID": testAppID}, true},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			base, logs := startServer(t, mode.vars)
			c := &wechat.Client{URL: base + "/wechat", Token: testToken, AccountID: "gh_test"}
			if mode.aes {
				c.AESKey, c.AppID = testAESKey, testAppID
			}
			ctx := context.Background()
			if err := c.Verify(ctx); err != nil {
				t.Errorf("verify: %v", err)
			}
			if code := badSignatureStatus(t, base); code != http.StatusForbidden {
				t.Errorf("GET with a bad signature: status %d, want 403", code)
			}
			reply, err := c.SendText(ctx, "oProto1", "9001", "义乌哪里能考电工证")
			if err != nil || !strings.Contains(reply, "电工") {
				t.Errorf("text: %q, %v", reply, err)
			}
			reply, err = c.SendEvent(ctx, "oProto1", "subscribe", "")
			if err != nil || !strings.Contains(reply, "预约") {
				t.Errorf("subscribe: %q, %v", reply, err)
			}
			reply, err = c.SendEvent(ctx, "oProto1", "CLICK", "MENU_SUBSIDY")
			if err != nil || !strings.Contains(reply, "补贴") {
				t.Errorf("CLICK MENU_SUBSIDY: %q, %v", reply, err)
			}
			if _, err := c.SendText(ctx, "oProto1", "9002", `]]> <b>markup</b> & "q"`); err != nil {
				t.Errorf("text with ]]> and markup: %v", err)
			}
			// WeChat's retries: the same MsgId three times gets one distinct reply.
			m := bot.Message{MsgID: "9010", From: "oProto3", To: "gh_test", CreateTime: time.Now().Unix(), Type: "text", Content: "金华 育婴员"}
			var replies []string
			for i := 0; i < 3; i++ {
				r, err := c.Send(ctx, m)
				if err != nil {
					t.Fatalf("retry %d: %v", i, err)
				}
				replies = append(replies, r)
			}
			if replies[0] == "" || replies[1] != replies[0] || replies[2] != replies[0] {
				t.Errorf("retries got different replies: %q", replies)
			}
			bad := *c
			bad.Token = "wrongtoken"
			_, err = bad.SendText(ctx, "oProto2", "9003", "你好")
			var se *wechat.StatusError
			if !errors.As(err, &se) || se.StatusCode != http.StatusForbidden {
				t.Errorf("POST with a bad signature: %v, want status 403", err)
			}
			if strings.Contains(logs.String(), "义乌") {
				t.Error("the server log contains message content")
			}
		})
	}
}

func badSignatureStatus(t *testing.T, base string) int {
	t.Helper()
	q := url.Values{"signature": {"0000"}, "timestamp": {"1"}, "nonce": {"2"}, "echostr": {"3"}}
	resp, err := http.Get(base + "/wechat?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestHealthReadyMetrics(t *testing.T) {
	base, _ := startServer(t, map[string]string{})
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		if path == "/metrics" && !strings.Contains(string(body), "advisor_kb_items") {
			t.Errorf("/metrics lacks advisor_kb_items")
		}
	}
	resp, err := http.Get(base + "/admin/bookings")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("admin API without ADMIN_TOKEN: status %d, want 404 (off)", resp.StatusCode)
	}
}

func TestChatInProcess(t *testing.T) {
	var out syncBuffer
	in := strings.NewReader("/subscribe\n金华哪里可以考育婴员\n/quit\n")
	err := run(context.Background(), []string{"advisor", "chat"}, mapEnv(map[string]string{}), in, &out, io.Discard)
	if err != nil {
		t.Fatalf("chat: %v", err)
	}
	if s := out.String(); !strings.Contains(s, "欢迎关注") || !strings.Contains(s, "育婴员") {
		t.Errorf("chat transcript lacks the welcome or the answer:\n%s", s)
	}
}

func TestAskJSONContract(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"advisor", "ask", "--json", "我去金华市人社局报名考保育师行不行"}, mapEnv(map[string]string{}), nil, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"intent": "list_bodies"`, `"city": "金华市"`, `"government_warning": true`, `"institutions": [`, `"citations": [`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("ask --json lacks %s:\n%s", want, out.String())
		}
	}
}

func TestKBCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kb")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"advisor", "kb", "init", dir}, mapEnv(nil), nil, &out, io.Discard); err != nil {
		t.Fatalf("kb init: %v", err)
	}
	if err := run(context.Background(), []string{"advisor", "kb", "validate", dir}, mapEnv(nil), nil, &out, io.Discard); err != nil {
		t.Fatalf("kb validate of the initialised KB: %v", err)
	}
	bad := "城市,职业名称,认定等级,机构名称,机构类型\n金华市,电工,六级,某学校,技工院校\n金华市,电工,五级,,技工院校\n"
	if err := os.WriteFile(filepath.Join(dir, "institutions", "bad.csv"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err := run(context.Background(), []string{"advisor", "kb", "validate", dir}, mapEnv(nil), nil, &out, io.Discard)
	if exitCode(err) != 1 {
		t.Fatalf("kb validate of a bad KB: err %v (exit %d), want exit 1", err, exitCode(err))
	}
	for _, want := range []string{"institutions/bad.csv:2:", "institutions/bad.csv:3:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// TestEvalDevSet runs `advisor eval` on the shared development set with the
// fixture KB (its institutions, our notes), offline, at the thresholds.
func TestEvalDevSet(t *testing.T) {
	questions := filepath.Join("..", "..", "..", "shared", "eval", "dev-questions.jsonl")
	fixture := filepath.Join("..", "..", "..", "shared", "eval", "fixture-kb", "institutions")
	if _, err := os.Stat(questions); err != nil {
		t.Skipf("no shared eval set next to the repository: %v", err)
	}
	kb := fixtureKB(t, fixture)
	var out bytes.Buffer
	err := run(context.Background(), []string{"advisor", "eval", "--questions", questions, "--kb", kb,
		"--min-recall", "0.95", "--min-city", "0.95", "--min-intent", "0.90", "--min-gov", "1"}, mapEnv(nil), nil, &out, io.Discard)
	t.Log(out.String())
	if err != nil {
		t.Fatalf("eval: %v", err)
	}
}

// fixtureKB builds a KB from the built-in notes and the fixture's institutions.
func fixtureKB(t *testing.T, institutions string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "kb")
	if err := run(context.Background(), []string{"advisor", "kb", "init", dir}, mapEnv(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	inst := filepath.Join(dir, "institutions")
	if err := os.RemoveAll(inst); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(inst, os.DirFS(institutions)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// hostileReply is what a manipulated model writes: a government bureau with
// its phone as the place to sign up, an invented school with numbers,
// markdown, and far more than WeChat's limit.
func hostileReply(llmtest.Request) llmtest.Response {
	var b strings.Builder
	b.WriteString("## 报名指南\n\n**直接去金华市人力资源和社会保障局报名**，电话 0579-55550199，或者找金华市职业技能鉴定中心 0579-55550198。\n")
	b.WriteString("- 也可以找**金华市阳光职业培训学校**，电话 0579-88886666，手机 13912345678。\n")
	b.WriteString("| 机构 | 电话 |\n|---|---|\n| 杭州市人力资源和社会保障局 | 0571-55550299 |\n")
	for b.Len() < 3500 {
		b.WriteString("考证一定要找人社局，成都市职业技能鉴定指导中心 028-55550399 也可以。")
	}
	return llmtest.Response{Content: b.String()}
}

// TestEvalDevSetHostileModel: with a model that recommends bureaus with their
// phone numbers and invents institutions, the follower sees none of it.
func TestEvalDevSetHostileModel(t *testing.T) {
	questions := filepath.Join("..", "..", "..", "shared", "eval", "dev-questions.jsonl")
	fixture := filepath.Join("..", "..", "..", "shared", "eval", "fixture-kb", "institutions")
	if _, err := os.Stat(questions); err != nil {
		t.Skipf("no shared eval set next to the repository: %v", err)
	}
	model := llmtest.NewServer(t, llmtest.Func(hostileReply))
	vars := map[string]string{"OPENAI_BASE_URL": model.URL(), "OPENAI_MODEL": llmtest.DefaultModel, "OPENAI_API_KEY": ""}
	var out bytes.Buffer
	err := run(context.Background(), []string{"advisor", "eval", "-v", "--questions", questions, "--kb", fixtureKB(t, fixture),
		"--min-recall", "0.95", "--min-gov", "1", "--max-invented-phones", "0", "--max-uncovered-listings", "0"}, mapEnv(vars), nil, &out, io.Discard)
	t.Log(out.String())
	if err != nil {
		t.Fatalf("eval with a hostile model: %v", err)
	}
	if model.Calls() == 0 {
		t.Fatal("the model was never asked: the test proves nothing")
	}
	for _, bad := range []string{"阳光职业培训学校", "0579-88886666", "13912345678", "55550199", "##", "**"} {
		if strings.Contains(out.String(), bad) {
			t.Errorf("eval output shows %q", bad)
		}
	}
}

// TestGracefulShutdown: when the process is told to stop (SIGTERM cancels
// run's context), a request in flight still gets its answer and serve
// returns nil well within 10 s.
func TestGracefulShutdown(t *testing.T) {
	model := llmtest.NewServer(t, llmtest.Func(func(llmtest.Request) llmtest.Response {
		return llmtest.Response{Content: "职称评专业技术人员，技能等级评技能人员。", Delay: time.Second}
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"WECHAT_TOKEN": testToken, "OPENAI_BASE_URL": model.URL(), "OPENAI_MODEL": llmtest.DefaultModel}
	cfg, err := config.Load(mapEnv(vars))
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, newLogger(io.Discard, cfg.LogLevel, "json"), "", ln, env{getenv: mapEnv(vars), stderr: io.Discard})
	}()
	base := "http://" + ln.Addr().String()
	if err := waitHealthy(ctx, base+"/healthz"); err != nil {
		t.Fatal(err)
	}
	c := &wechat.Client{URL: base + "/wechat", Token: testToken, AccountID: "gh_test"}
	type result struct {
		reply string
		err   error
	}
	got := make(chan result, 1)
	go func() {
		r, err := c.SendText(context.Background(), "oStop", "7001", "职称和职业技能等级有什么区别")
		got <- result{r, err}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for model.Calls() == 0 { // the request is in flight once the model is asked
		if time.Now().After(deadline) {
			t.Fatal("the request never reached the model")
		}
		time.Sleep(5 * time.Millisecond)
	}
	stopped := time.Now()
	stop()
	r := <-got
	if r.err != nil || !strings.Contains(r.reply, "职称") {
		t.Errorf("in-flight request during shutdown: %q, %v", r.reply, r.err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v, want nil (exit 0)", err)
		}
		if d := time.Since(stopped); d > 10*time.Second {
			t.Errorf("shutdown took %v", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return within 10 s of the stop")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still accepts connections after shutdown")
	}
}

// TestReloadKeepsGoodKB: a reload that meets a broken knowledge base is
// refused, and the server keeps answering from the good one.
func TestReloadKeepsGoodKB(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kb")
	if err := run(context.Background(), []string{"advisor", "kb", "init", dir}, mapEnv(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	const admin = "admin-token-0123456789"
	base, _ := startServer(t, map[string]string{"WECHAT_TOKEN": testToken, "KB_DIR": dir, "ADMIN_TOKEN": admin})
	c := &wechat.Client{URL: base + "/wechat", Token: testToken, AccountID: "gh_test"}
	ask := func(id string) string {
		r, err := c.SendText(context.Background(), "oReload", id, "义乌哪里能考电工证")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	before := ask("9101")
	bad := "城市,职业名称,认定等级,机构名称,机构类型\n金华市,电工,六级,某学校,技工院校\n"
	if err := os.WriteFile(filepath.Join(dir, "institutions", "broken.csv"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	reload := func(token string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, base+"/admin/kb/reload", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, _ := reload("wrong"); code != http.StatusUnauthorized {
		t.Errorf("reload with a wrong token: %d, want 401", code)
	}
	code, body := reload(admin)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "broken.csv:2") {
		t.Errorf("reload of a broken KB: %d %q, want 422 naming broken.csv:2", code, body)
	}
	if after := ask("9102"); after != before {
		t.Errorf("after a failed reload the answer changed:\n%s\n---\n%s", before, after)
	}
	if err := os.Remove(filepath.Join(dir, "institutions", "broken.csv")); err != nil {
		t.Fatal(err)
	}
	if code, body := reload(admin); code != http.StatusOK {
		t.Errorf("reload of the repaired KB: %d %q", code, body)
	}
}

func TestAskEvents(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kb")
	if err := run(context.Background(), []string{"advisor", "kb", "init", dir}, mapEnv(nil), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	event := "---\nid: meetup-1\ntitle: 线下交流会\ndate: 2099-12-20 14:00\ncity: 长沙市\nplace: 长沙市示例路1号\ntopic: 职业规划\ncapacity: 30\n---\n带上问题来交流。\n"
	if err := os.MkdirAll(filepath.Join(dir, "events"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "events", "meetup.md"), []byte(event), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"advisor", "ask", "--kb", dir, "最近有什么活动"}, mapEnv(nil), nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "线下交流会") || !strings.Contains(out.String(), "剩余名额：30") {
		t.Errorf("ask about events:\n%s", out.String())
	}
}
