package llmtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/zhijian/advisor/bot/llm"
)

// Paths the chat-completions endpoint is served at.
const (
	pathV1   = "/v1/chat/completions"
	pathRoot = "/chat/completions"
)

// wireRequest is every top-level field our client may send. Anything else
// in a request body is a violation.
type wireRequest struct {
	Model               *string       `json:"model"`
	Messages            []wireMessage `json:"messages"`
	MaxTokens           *int          `json:"max_tokens"`
	MaxCompletionTokens *int          `json:"max_completion_tokens"`
	Temperature         *float32      `json:"temperature"`
	Stream              *bool         `json:"stream"`
}

type wireMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

// check decodes r's body into req and returns every way the request breaks
// the contract, or nil.
func (s *Server) check(r *http.Request, req *Request) []string {
	var bad []string
	if r.Method != http.MethodPost {
		bad = append(bad, fmt.Sprintf("method %s, want POST", r.Method))
	}
	if r.URL.Path != pathV1 && r.URL.Path != pathRoot {
		bad = append(bad, fmt.Sprintf("path %q, want %q or %q", r.URL.Path, pathV1, pathRoot))
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		bad = append(bad, fmt.Sprintf("Content-Type %q, want application/json", r.Header.Get("Content-Type")))
	}
	bad = append(bad, s.checkAuth(r.Header)...)
	return append(bad, s.checkBody(req)...)
}

func (s *Server) checkAuth(h http.Header) []string {
	if s.apiKey == nil {
		return nil
	}
	got := h.Values("Authorization")
	if *s.apiKey == "" {
		if len(got) > 0 {
			return []string{"Authorization header sent, but the server has no API key"}
		}
		return nil
	}
	if len(got) != 1 || got[0] != "Bearer "+*s.apiKey {
		return []string{"Authorization is not \"Bearer \" + the configured API key"}
	}
	return nil
}

// checkBody decodes req.Body strictly and fills the decoded fields of req.
func (s *Server) checkBody(req *Request) []string {
	var w wireRequest
	dec := json.NewDecoder(bytes.NewReader(req.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return []string{fmt.Sprintf("body: %v", err)}
	}
	if dec.More() {
		return []string{"body: data after the JSON object"}
	}
	var bad []string
	switch {
	case w.Model == nil:
		bad = append(bad, "model missing")
	case *w.Model != s.model:
		bad = append(bad, fmt.Sprintf("model %q, want %q", *w.Model, s.model))
	}
	if w.Model != nil {
		req.Model = *w.Model
	}
	msgs, msgBad := checkMessages(w.Messages)
	req.Messages = msgs
	bad = append(bad, msgBad...)

	if w.MaxTokens != nil && w.MaxCompletionTokens != nil {
		bad = append(bad, "both max_tokens and max_completion_tokens sent")
	}
	limits := []struct {
		name string
		v    *int
	}{{"max_tokens", w.MaxTokens}, {"max_completion_tokens", w.MaxCompletionTokens}}
	for _, l := range limits {
		if l.v != nil && *l.v <= 0 {
			bad = append(bad, fmt.Sprintf("%s %d, want > 0", l.name, *l.v))
		}
	}
	if w.MaxTokens != nil {
		req.MaxTokens = *w.MaxTokens
	}
	if w.MaxCompletionTokens != nil {
		req.MaxCompletionTokens = *w.MaxCompletionTokens
	}
	if t := w.Temperature; t != nil && (*t < 0 || *t > 2) {
		bad = append(bad, fmt.Sprintf("temperature %v outside [0, 2]", *t))
	}
	req.Temperature = w.Temperature
	if w.Stream != nil && *w.Stream {
		bad = append(bad, "stream true: the client must not stream")
	}
	return bad
}

// checkMessages converts the wire messages and reports the bad ones. The
// content of a message is never quoted: it may hold personal data.
func checkMessages(wire []wireMessage) ([]llm.Message, []string) {
	if len(wire) == 0 {
		return nil, []string{"messages missing or empty"}
	}
	var bad []string
	msgs := make([]llm.Message, len(wire))
	for i, m := range wire {
		switch m.Role {
		case llm.RoleSystem, llm.RoleUser, llm.RoleAssistant:
		default:
			bad = append(bad, fmt.Sprintf("messages[%d]: role %q, want system, user or assistant", i, m.Role))
		}
		var content string
		if len(m.Content) == 0 || m.Content[0] != '"' || json.Unmarshal(m.Content, &content) != nil {
			bad = append(bad, fmt.Sprintf("messages[%d]: content is not a string", i))
		} else if strings.TrimSpace(content) == "" {
			bad = append(bad, fmt.Sprintf("messages[%d]: content is empty", i))
		}
		msgs[i] = llm.Message{Role: m.Role, Content: content}
	}
	return msgs, bad
}
