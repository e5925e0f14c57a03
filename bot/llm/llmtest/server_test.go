package llmtest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/llm/llmtest"
)

const (
	key       = "sk-test"
	validBody = `{"model":"test-model","messages":[{"role":"system","content":"提示"},{"role":"user","content":"你好"}],"max_tokens":700,"temperature":0.3,"stream":false}`
)

// recordingTB keeps the Errorf calls instead of failing the test.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex // protects errs
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordingTB) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

type call struct {
	method, path, contentType, auth, body string
}

func validCall() call {
	return call{method: http.MethodPost, path: "/v1/chat/completions", contentType: "application/json", auth: "Bearer " + key, body: validBody}
}

// do sends c to srv and returns the status and body.
func do(ctx context.Context, srv *llmtest.Server, c call) (int, string, error) {
	base := strings.TrimSuffix(srv.URL(), "/v1")
	req, err := http.NewRequestWithContext(ctx, c.method, base+c.path, strings.NewReader(c.body))
	if err != nil {
		return 0, "", err
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// mustDo is do that fails the test on a transport error.
func mustDo(tb testing.TB, ctx context.Context, srv *llmtest.Server, c call) (int, string) {
	tb.Helper()
	status, body, err := do(ctx, srv, c)
	if err != nil {
		tb.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	return status, body
}

// answer decodes the assistant content of a completion body.
func answer(tb testing.TB, body string) string {
	tb.Helper()
	var v struct {
		Object  string
		Choices []struct {
			Message struct{ Role, Content string }
		}
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil || v.Object != "chat.completion" || len(v.Choices) != 1 {
		tb.Fatalf("not a chat completion: %s (%v)", body, err)
	}
	return v.Choices[0].Message.Content
}

func TestServerRejectsInvalidRequests(t *testing.T) {
	tests := []struct {
		name string
		edit func(*call)
		want string // in the violation
	}{
		{"GET", func(c *call) { c.method = http.MethodGet }, "method GET"},
		{"wrong path", func(c *call) { c.path = "/v1/completions" }, "path"},
		{"wrong content type", func(c *call) { c.contentType = "text/plain" }, "Content-Type"},
		{"no Authorization", func(c *call) { c.auth = "" }, "Authorization"},
		{"wrong key", func(c *call) { c.auth = "Bearer sk-other" }, "Authorization"},
		{"not JSON", func(c *call) { c.body = "model=x" }, "body:"},
		{"data after JSON", func(c *call) { c.body = validBody + "{}" }, "data after"},
		{"unknown field", func(c *call) { c.body = strings.Replace(validBody, `"stream":false`, `"tools":[]`, 1) }, `unknown field "tools"`},
		{"wrong model", func(c *call) { c.body = strings.Replace(validBody, "test-model", "gpt-4o", 1) }, `model "gpt-4o"`},
		{"no model", func(c *call) { c.body = `{"messages":[{"role":"user","content":"你好"}]}` }, "model missing"},
		{"no messages", func(c *call) { c.body = `{"model":"test-model","messages":[]}` }, "messages missing"},
		{"bad role", func(c *call) { c.body = strings.Replace(validBody, `"system"`, `"tool"`, 1) }, `role "tool"`},
		{"empty content", func(c *call) { c.body = strings.Replace(validBody, `"提示"`, `" "`, 1) }, "content is empty"},
		{"no content", func(c *call) { c.body = `{"model":"test-model","messages":[{"role":"user"}]}` }, "not a string"},
		{"content parts", func(c *call) {
			c.body = `{"model":"test-model","messages":[{"role":"user","content":[{"type":"text","text":"你好"}]}]}`
		}, "not a string"},
		{"message field", func(c *call) { c.body = strings.Replace(validBody, `"role":"system"`, `"role":"system","name":"x"`, 1) }, `unknown field "name"`},
		{"both limits", func(c *call) {
			c.body = strings.Replace(validBody, `"max_tokens":700`, `"max_tokens":700,"max_completion_tokens":700`, 1)
		}, "both"},
		{"zero limit", func(c *call) { c.body = strings.Replace(validBody, `"max_tokens":700`, `"max_tokens":0`, 1) }, "max_tokens 0"},
		{"hot temperature", func(c *call) { c.body = strings.Replace(validBody, `0.3`, `3`, 1) }, "temperature"},
		{"stream", func(c *call) { c.body = strings.Replace(validBody, `"stream":false`, `"stream":true`, 1) }, "stream true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordingTB{TB: t}
			srv := llmtest.NewServer(rec, llmtest.APIKey(key))
			c := validCall()
			tt.edit(&c)

			status, body := mustDo(t, t.Context(), srv, c)
			var e struct{ Error struct{ Message string } }
			if err := json.Unmarshal([]byte(body), &e); err != nil || status != http.StatusBadRequest ||
				!strings.Contains(e.Error.Message, tt.want) {
				t.Errorf("reply %d %s, want 400 with an error naming %q", status, body, tt.want)
			}
			if v := srv.Violations(); len(v) == 0 || !strings.Contains(strings.Join(v, "\n"), tt.want) {
				t.Errorf("Violations = %q, want one naming %q", v, tt.want)
			}
			if errs := rec.errors(); len(errs) != 1 || !strings.Contains(errs[0], tt.want) {
				t.Errorf("tb.Errorf calls = %q, want one naming %q", errs, tt.want)
			}
			if strings.Contains(strings.Join(srv.Violations(), ""), "你好") {
				t.Error("a violation quotes message content")
			}
		})
	}
}

func TestServerAuthorization(t *testing.T) {
	tests := []struct {
		name   string
		opts   []llmtest.Option
		auth   string
		wantOK bool
	}{
		{"key matches", []llmtest.Option{llmtest.APIKey(key)}, "Bearer " + key, true},
		{"no key expected, none sent", []llmtest.Option{llmtest.APIKey("")}, "", true},
		{"no key expected, one sent", []llmtest.Option{llmtest.APIKey("")}, "Bearer " + key, false},
		{"unchecked", nil, "Bearer whatever", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.Start(tt.opts...)
			defer srv.Close()
			c := validCall()
			c.auth = tt.auth
			status, _ := mustDo(t, t.Context(), srv, c)
			if ok := status == http.StatusOK; ok != tt.wantOK || (len(srv.Violations()) == 0) != tt.wantOK {
				t.Errorf("status %d, violations %q; want accepted = %v", status, srv.Violations(), tt.wantOK)
			}
		})
	}
}

func TestServerRecordsValidRequests(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.APIKey(key))
	for _, path := range []string{"/v1/chat/completions", "/chat/completions"} {
		c := validCall()
		c.path = path
		status, body := mustDo(t, t.Context(), srv, c)
		if status != http.StatusOK || answer(t, body) != llmtest.DefaultReply {
			t.Errorf("%s: reply %d %s, want 200 with the default reply", path, status, body)
		}
	}
	reqs := srv.Requests()
	if srv.Calls() != 2 || len(reqs) != 2 {
		t.Fatalf("Calls %d, %d requests; want 2", srv.Calls(), len(reqs))
	}
	r := reqs[1]
	want := []llm.Message{{Role: "system", Content: "提示"}, {Role: "user", Content: "你好"}}
	if r.Path != "/chat/completions" || r.Model != llmtest.DefaultModel || r.MaxTokens != 700 ||
		r.Temperature == nil || *r.Temperature != 0.3 || len(r.Messages) != 2 ||
		r.Messages[0] != want[0] || r.Messages[1] != want[1] || string(r.Body) != validBody {
		t.Errorf("recorded %+v", r)
	}
}

func TestServerScript(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.APIKey(key),
		llmtest.Status(503, ""),
		llmtest.Status(429, `{"error":{"message":"slow down","type":"rate_limit"}}`),
		llmtest.Reply("第三次"))
	want := []struct {
		status int
		text   string
	}{{503, `"type":"server_error"`}, {429, "slow down"}, {200, "第三次"}, {200, "第三次"}}
	for i, w := range want {
		status, body := mustDo(t, t.Context(), srv, validCall())
		if status != w.status || !strings.Contains(body, w.text) {
			t.Errorf("call %d: %d %s, want %d with %q", i+1, status, body, w.status, w.text)
		}
	}
}

func TestServerFunc(t *testing.T) {
	// A hostile model: it offers a government office's phone number.
	srv := llmtest.NewServer(t, llmtest.APIKey(key), llmtest.Func(func(r llmtest.Request) llmtest.Response {
		return llmtest.Response{Content: r.Messages[len(r.Messages)-1].Content + "，请拨打人社局电话0579-12345678"}
	}))
	_, body := mustDo(t, t.Context(), srv, validCall())
	if got, want := answer(t, body), "你好，请拨打人社局电话0579-12345678"; got != want {
		t.Errorf("answer = %q, want %q", got, want)
	}
}

func TestServerDelayEndsWhenClientLeaves(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Delay(time.Hour))
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+"/chat/completions", strings.NewReader(validBody))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("request with a 50ms deadline got a reply from a one-hour delay")
	}
	start := time.Now()
	srv.Close() // waits for the handler, which must have seen the client leave
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
}

func TestServerCloseEndsDelays(t *testing.T) {
	srv := llmtest.Start(llmtest.Delay(time.Hour))
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/chat/completions", strings.NewReader(validBody))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for srv.Calls() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("request never arrived")
		}
		time.Sleep(2 * time.Millisecond)
	}
	start := time.Now()
	srv.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
	if err := <-done; err == nil {
		t.Error("client got a reply from a closed server, want a broken connection")
	}
}

func TestServerConcurrentCalls(t *testing.T) {
	const n = 20
	srv := llmtest.NewServer(t, llmtest.APIKey(key))
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if status, _, err := do(t.Context(), srv, validCall()); err != nil || status != http.StatusOK {
				t.Errorf("status %d, err %v", status, err)
			}
		})
	}
	wg.Wait()
	if srv.Calls() != n || len(srv.Requests()) != n {
		t.Errorf("Calls %d, Requests %d; want %d", srv.Calls(), len(srv.Requests()), n)
	}
}
