// Package llm talks to an OpenAI-compatible chat-completions API (DeepSeek,
// Qwen compatible mode, Moonshot, Ollama…). It is the only importer of
// go-openai; its API carries only this package's types.
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
