// Package llmtest provides a strict OpenAI-compatible chat-completions
// server for tests of code that uses package llm.
//
// The server checks every request against what llm.Client sends:
//   - POST to /v1/chat/completions, or to /chat/completions for a base URL
//     without the version segment. No other path is served.
//   - Content-Type application/json.
//   - With the APIKey option, "Authorization: Bearer <key>", or no
//     Authorization header at all when the key is empty.
//   - A JSON object with only the fields model (equal to the expected
//     model), messages (non-empty; each with role system, user or
//     assistant and a non-empty string content, and nothing else),
//     max_tokens or max_completion_tokens (not both; positive),
//     temperature (0 to 2) and stream (false or absent).
//
// A request that breaks any rule is answered 400 and recorded in
// Violations. With NewServer it also fails the test via tb.Errorf. Valid
// requests are answered by the scripted steps; see Option.
//
// For example, a provider that fails once and then answers:
//
//	srv := llmtest.NewServer(t, llmtest.APIKey("sk-test"),
//		llmtest.Status(503, ""), llmtest.Reply("好的"))
//	c, err := llm.New(llm.Config{BaseURL: srv.URL(), APIKey: "sk-test", Model: llmtest.DefaultModel})
//	...
//	answer, err := c.Complete(ctx, msgs) // "好的", after one retry
//	// srv.Calls() == 2; srv.Requests()[1].Messages holds what was sent
package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// maxBody caps a request body; our prompts are a few kilobytes.
const maxBody = 1 << 20

// Server is a running test server. Its methods are safe for concurrent
// use.
type Server struct {
	settings
	tb        testing.TB // receives violations; nil when made by Start
	srv       *httptest.Server
	closed    chan struct{} // closed by Close, to end pending delays
	closeOnce sync.Once

	mu         sync.Mutex // protects reqs and violations
	reqs       []Request
	violations []string
}

// NewServer starts a Server that reports each invalid request with
// tb.Errorf and is closed by tb.Cleanup.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := start(tb, opts)
	tb.Cleanup(s.Close)
	return s
}

// Start starts a Server outside a test, e.g. in an example or a manual
// run. Invalid requests are only answered 400 and listed by Violations.
// The caller must call Close.
func Start(opts ...Option) *Server {
	return start(nil, opts)
}

func start(tb testing.TB, opts []Option) *Server {
	s := &Server{settings: settings{model: DefaultModel}, tb: tb, closed: make(chan struct{})}
	for _, o := range opts {
		o(&s.settings)
	}
	if len(s.script) == 0 {
		Reply(DefaultReply)(&s.settings)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.handle))
	return s
}

// URL returns the base URL for llm.Config.BaseURL (OPENAI_BASE_URL). It
// ends in /v1; without that suffix it works too (see the package doc).
func (s *Server) URL() string { return s.srv.URL + "/v1" }

// Close ends pending delays, shuts the server down and waits for its
// handlers to return. It may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.srv.Close()
	})
}

// Calls returns the number of requests received, valid or not.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// Requests returns every request received so far, in order of arrival.
// The result must be treated as read-only.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Violations returns a description of every rule broken so far.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	req := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone()}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	req.Body = body
	var bad []string
	if err != nil {
		bad = []string{fmt.Sprintf("reading body: %v", err)}
	} else {
		bad = s.check(r, &req)
	}
	step := s.record(req, bad)
	if len(bad) > 0 {
		if s.tb != nil {
			s.tb.Errorf("llmtest: invalid request %s %s: %s", r.Method, r.URL.Path, strings.Join(bad, "; "))
		}
		writeJSON(w, http.StatusBadRequest, errorBody(http.StatusBadRequest, strings.Join(bad, "; ")))
		return
	}
	s.respond(w, r, step(req))
}

// record stores req and its violations and returns the script step for it.
func (s *Server) record(req Request, bad []string) func(Request) Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.reqs)
	s.reqs = append(s.reqs, req)
	for _, b := range bad {
		s.violations = append(s.violations, fmt.Sprintf("call %d: %s", n+1, b))
	}
	return s.script[min(n, len(s.script)-1)]
}

func (s *Server) respond(w http.ResponseWriter, r *http.Request, resp Response) {
	if resp.Delay > 0 {
		t := time.NewTimer(resp.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return // the client is gone; nobody reads a reply
		case <-s.closed:
			hangup(w)
			return
		}
	}
	if resp.Hangup {
		hangup(w)
		return
	}
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}
	body := resp.Body
	switch {
	case body != "":
	case status == http.StatusOK:
		body = completionBody(s.model, resp.Content)
	default:
		body = errorBody(status, fmt.Sprintf("llmtest: scripted %d %s", status, http.StatusText(status)))
	}
	writeJSON(w, status, body)
}

// hangup closes the connection without writing a response.
func hangup(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // aborts the response all the same
	}
	conn.Close()
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// completionBody is a non-streaming chat.completion object.
func completionBody(model, content string) string {
	type message struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	}
	type choice struct {
		Index        int     `json:"index"`
		FinishReason string  `json:"finish_reason"`
		Message      message `json:"message"`
	}
	type usage struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
		TotalTokens      int `json:"total_tokens"`
	}
	n := utf8.RuneCountInString(content)
	return mustJSON(struct {
		ID      string   `json:"id"`
		Object  string   `json:"object"`
		Created int64    `json:"created"`
		Model   string   `json:"model"`
		Choices []choice `json:"choices"`
		Usage   usage    `json:"usage"`
	}{
		ID:      "chatcmpl-llmtest",
		Object:  "chat.completion",
		Created: time.Now().Unix(),
		Model:   model,
		Choices: []choice{{FinishReason: "stop", Message: message{Role: "assistant", Content: content}}},
		Usage:   usage{PromptTokens: 1, CompletionTokens: n, TotalTokens: n + 1},
	})
}

// errorBody is an OpenAI-style error object.
func errorBody(status int, msg string) string {
	typ := "server_error"
	if status < 500 {
		typ = "invalid_request_error"
	}
	type apiError struct {
		Message string `json:"message"`
		Type    string `json:"type"`
		Code    string `json:"code"`
	}
	return mustJSON(struct {
		Error apiError `json:"error"`
	}{apiError{Message: msg, Type: typ, Code: fmt.Sprint(status)}})
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only fixed struct types of strings and numbers get here
	}
	return string(b)
}
