package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

const (
	fakeSecret = "s3cr3t-app-secret-value"
	fakeToken  = "ACCESS_TOKEN_abc123"
)

// fakeAPI stands in for api.weixin.qq.com: it issues access tokens and
// answers custom-send calls with scripted errcodes.
type fakeAPI struct {
	mu          sync.Mutex // protects the fields below
	tokenFetch  int
	tokenStatus int     // HTTP status for /cgi-bin/token; 0 means 200
	sendCodes   []int64 // errcode per send call, in order; then 0
	sendStatus  int     // HTTP status for sends; 0 means 200
	sent        []customSend
}

type customSend struct {
	AccessToken string
	ToUser      string `json:"touser"`
	MsgType     string `json:"msgtype"`
	Text        struct {
		Content string `json:"content"`
	} `json:"text"`
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.URL.Path {
	case "/cgi-bin/token":
		f.tokenFetch++
		if f.tokenStatus != 0 {
			w.WriteHeader(f.tokenStatus)
			return
		}
		if r.URL.Query().Get("secret") != fakeSecret || r.URL.Query().Get("appid") != testAppID {
			fmt.Fprint(w, `{"errcode":40125,"errmsg":"invalid appsecret"}`)
			return
		}
		fmt.Fprintf(w, `{"access_token":"%s%d","expires_in":7200}`, fakeToken, f.tokenFetch)
	case "/cgi-bin/message/custom/send":
		if f.sendStatus != 0 {
			w.WriteHeader(f.sendStatus)
			return
		}
		var s customSend
		if err := json.NewDecoder(r.Body).Decode(&s); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		s.AccessToken = r.URL.Query().Get("access_token")
		f.sent = append(f.sent, s)
		code := int64(0)
		if len(f.sendCodes) > 0 {
			code, f.sendCodes = f.sendCodes[0], f.sendCodes[1:]
		}
		fmt.Fprintf(w, `{"errcode":%d,"errmsg":"scripted"}`, code)
	default:
		http.NotFound(w, r)
	}
}

// mustFakeAPI starts a fake API and points the SDK's HTTP calls at it for
// the rest of the test (the SDK only offers a package-level hook, so these
// tests must not run in parallel).
func mustFakeAPI(tb testing.TB) *fakeAPI {
	tb.Helper()
	f := &fakeAPI{}
	srv := httptest.NewServer(f)
	util.SetURIModifier(func(u string) string {
		return strings.Replace(u, "https://api.weixin.qq.com", srv.URL, 1)
	})
	tb.Cleanup(func() {
		util.SetURIModifier(nil)
		srv.Close()
	})
	return f
}

func pushConfig() Config {
	return Config{Token: testToken, AppID: testAppID, AppSecret: fakeSecret}
}

func TestPushText(t *testing.T) {
	f := mustFakeAPI(t)
	c := newMemoryCache()
	p := NewPusher(pushConfig(), c)
	for _, text := range []string{"第一条", "second <b>&"} {
		if err := p.PushText(context.Background(), testOpenID, text); err != nil {
			t.Fatalf("PushText(%q): %v", text, err)
		}
	}
	if f.tokenFetch != 1 {
		t.Errorf("token fetched %d times, want 1 (cached)", f.tokenFetch)
	}
	if len(f.sent) != 2 || f.sent[1].ToUser != testOpenID || f.sent[1].MsgType != "text" ||
		f.sent[1].Text.Content != "second <b>&" || f.sent[1].AccessToken != fakeToken+"1" {
		t.Errorf("sent %+v", f.sent)
	}
	if v, _ := c.Get(p.tokenKey()).(string); v != fakeToken+"1" {
		t.Errorf("cache holds %q under %q, want the token", v, p.tokenKey())
	}
}

func TestPushTextErrcodes(t *testing.T) {
	tests := []struct {
		code int64
		want error // sentinel, or nil for a plain *APIError
	}{
		{45015, ErrOutOfWindow},
		{48001, ErrUnauthorized},
		{45047, ErrQuota},
		{45009, ErrQuota},
		{45011, ErrQuota},
		{43004, nil},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			f := mustFakeAPI(t)
			f.sendCodes = []int64{tc.code}
			err := NewPusher(pushConfig(), nil).PushText(context.Background(), testOpenID, "hi")
			var ae *APIError
			if !errors.As(err, &ae) || ae.Code != tc.code {
				t.Fatalf("PushText = %v, want *APIError with code %d", err, tc.code)
			}
			for _, s := range []error{ErrOutOfWindow, ErrUnauthorized, ErrQuota} {
				if got := errors.Is(err, s); got != (s == tc.want) {
					t.Errorf("errors.Is(err, %v) = %v", s, got)
				}
			}
		})
	}
}

func TestPushTextRefreshesRejectedToken(t *testing.T) {
	f := mustFakeAPI(t)
	f.sendCodes = []int64{40001}
	if err := NewPusher(pushConfig(), nil).PushText(context.Background(), testOpenID, "hi"); err != nil {
		t.Fatalf("PushText: %v", err)
	}
	if f.tokenFetch != 2 || len(f.sent) != 2 || f.sent[1].AccessToken != fakeToken+"2" {
		t.Errorf("token fetches %d, sends %+v; want a refetch and a resend with the new token", f.tokenFetch, f.sent)
	}
}

func TestPushTextFailures(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*fakeAPI)
		cfg   Config
		ctx   func() (context.Context, context.CancelFunc)
		want  error
	}{
		{name: "send_http_500", setup: func(f *fakeAPI) { f.sendStatus = 500 }},
		{name: "token_http_502", setup: func(f *fakeAPI) { f.tokenStatus = 502 }},
		{name: "wrong_secret", cfg: Config{AppID: testAppID, AppSecret: "wrong-secret-xyz"}},
		{name: "not_configured", cfg: Config{AppID: testAppID}, want: ErrNotConfigured},
		{name: "cancelled", want: context.Canceled, ctx: func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}},
		{name: "deadline", want: context.DeadlineExceeded, ctx: func() (context.Context, context.CancelFunc) {
			return context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := mustFakeAPI(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			cfg := tc.cfg
			if cfg.AppID == "" {
				cfg = pushConfig()
			}
			ctx, cancel := context.WithCancel(context.Background())
			if tc.ctx != nil {
				ctx, cancel = tc.ctx()
			}
			defer cancel()
			err := NewPusher(cfg, nil).PushText(ctx, testOpenID, "hi")
			if err == nil {
				t.Fatal("PushText succeeded")
			}
			t.Logf("error: %v", err)
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("PushText = %v, want %v", err, tc.want)
			}
			for _, secret := range []string{fakeSecret, "wrong-secret-xyz", fakeToken} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error leaks a credential: %v", err)
				}
			}
		})
	}
}

func TestMemoryCache(t *testing.T) {
	c := newMemoryCache()
	if c.Get("k") != nil || c.IsExist("k") {
		t.Fatal("empty cache has k")
	}
	if err := c.Set("k", "v", time.Hour); err != nil || c.Get("k") != "v" || !c.IsExist("k") {
		t.Fatalf("after Set: %v %v", c.Get("k"), err)
	}
	if err := c.Delete("k"); err != nil || c.IsExist("k") {
		t.Fatalf("after Delete: %v %v", c.Get("k"), err)
	}
	_ = c.Set("short", "v", time.Millisecond)
	deadline := time.Now().Add(2 * time.Second)
	for c.IsExist("short") {
		if time.Now().After(deadline) {
			t.Fatal("entry with a 1ms timeout never expired")
		}
	}
}
