// Package llm talks to an OpenAI-compatible chat-completions API (DeepSeek,
// Qwen compatible mode, Moonshot, Ollama…). It is the only importer of
// go-openai; its API carries only this package's types.
//
// A Client is built once with New and shared. Complete sends one
// conversation and returns the assistant's answer. It is made for a caller
// that has a fast offline answer to fall back to:
//
//   - Timeouts come from the caller's ctx only. A deadline gives
//     errors.Is(err, context.DeadlineExceeded).
//   - A transient failure (HTTP 429, 500, 502, 503 or 504, a refused or
//     reset connection, an EOF) is retried once, after a short backoff,
//     when more than about a second of the ctx remains. Nothing else is
//     retried.
//   - At most Config.MaxConcurrent calls are in flight. A call that finds
//     no free slot within Config.QueueWait fails at once with ErrBusy. The
//     retry runs in the slot of the call it belongs to.
//   - ErrEmpty, ErrInvalid and *StatusError let callers branch on the
//     reason.
//
// Two go-openai behaviours show through. First, a Temperature of 0 is not
// sent (omitempty), so the provider's default applies. Use a small
// positive value such as 0.01 for near-greedy output. Second, for
// OpenAI's reasoning models (names starting with o1, o3, o4, gpt-5 or
// gpt-6) the token limit goes out as max_completion_tokens and no
// temperature is sent, because go-openai rejects such requests before
// sending them otherwise.
//
// Package llmtest provides a strict OpenAI-compatible test server.
package llm

// Message is one chat message.
type Message struct {
	Role    string // "system", "user" or "assistant"
	Content string
}

// Roles.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
)
