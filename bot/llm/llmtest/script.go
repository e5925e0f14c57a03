package llmtest

import (
	"net/http"
	"time"

	"github.com/zhijian/advisor/bot/llm"
)

// DefaultModel is the model name a Server expects unless Model says
// otherwise.
const DefaultModel = "test-model"

// DefaultReply is the answer of a Server with no scripted behaviour, and of
// Delay.
const DefaultReply = "这是测试回答。"

// Request is one request as the Server received it. The fields after Body
// are decoded from it and are zero when the body did not decode.
type Request struct {
	Method string
	Path   string // "/v1/chat/completions" or "/chat/completions"
	Header http.Header
	Body   []byte // the raw JSON body

	Model               string
	Messages            []llm.Message
	MaxTokens           int      // max_tokens, 0 when absent
	MaxCompletionTokens int      // max_completion_tokens, 0 when absent
	Temperature         *float32 // nil when absent
}

// Response is how the Server answers one call.
type Response struct {
	// Content is the assistant's answer in a 200 reply. It may be empty,
	// to script an empty answer.
	Content string
	// Status is the HTTP status. 0 means 200. For an error status with
	// no Body, an OpenAI-style error body is made up.
	Status int
	// Body, if set, is sent verbatim as application/json instead of the
	// generated body, e.g. a reply with no choices or a malformed one.
	Body string
	// Delay holds the reply back. The wait ends early, with nothing
	// written, when the client goes away or the server closes.
	Delay time.Duration
	// Hangup closes the connection without a reply, after Delay, so the
	// client sees an EOF.
	Hangup bool
}

// Option configures a Server. Model and APIKey set what the Server
// expects. Reply, Delay, Status, Hangup and Func each add one step to its
// script: call n (counting from 1, in order of arrival, invalid requests
// included) gets step n, and the last step repeats forever. With no steps,
// every call gets Reply(DefaultReply).
type Option func(*settings)

type settings struct {
	model  string
	apiKey *string // nil: Authorization is not checked
	script []func(Request) Response
}

// Model sets the model name the requests must carry. The default is
// DefaultModel.
func Model(name string) Option {
	return func(s *settings) { s.model = name }
}

// APIKey makes the Server require "Authorization: Bearer <key>". An empty
// key requires that no Authorization header is sent, as for a local Ollama.
// Without this option the header is not checked.
func APIKey(key string) Option {
	return func(s *settings) { s.apiKey = &key }
}

// Reply adds a step that answers text with status 200.
func Reply(text string) Option {
	return Func(func(Request) Response { return Response{Content: text} })
}

// Delay adds a step that waits d, or until the client goes away, and then
// answers DefaultReply.
func Delay(d time.Duration) Option {
	return Func(func(Request) Response { return Response{Content: DefaultReply, Delay: d} })
}

// Status adds a step that answers with HTTP status code and body. An empty
// body becomes an OpenAI-style error object.
func Status(code int, body string) Option {
	return Func(func(Request) Response { return Response{Status: code, Body: body} })
}

// Hangup adds a step that closes the connection without answering.
func Hangup() Option {
	return Func(func(Request) Response { return Response{Hangup: true} })
}

// Func adds a step that computes the response from the request, e.g. a
// hostile model that answers with whatever the prompt asks for. fn runs on
// the server's goroutine, may be called concurrently with itself (when it is
// the repeating last step), and sees only valid requests.
func Func(fn func(req Request) Response) Option {
	return func(s *settings) { s.script = append(s.script, fn) }
}
