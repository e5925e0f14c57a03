// Package config reads the advisor's configuration from the environment, once,
// into a typed Config. Nothing else in the project reads environment
// variables. Every variable has a default so that the service runs with no
// configuration at all: built-in knowledge base, in-memory state and offline
// answers.
package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DevToken is the WeChat token used when WECHAT_TOKEN is not set, so that the
// service and `advisor chat` work out of the box on a developer's machine.
// A real Official Account must set its own token.
const DevToken = "zhijiandev"

// Config is the whole configuration. See Vars for every variable, its default
// and its meaning.
type Config struct {
	Addr string // ADDR

	WeChatToken     string // WECHAT_TOKEN
	WeChatAppID     string // WECHAT_APPID
	WeChatAppSecret string // WECHAT_APPSECRET
	WeChatAESKey    string // WECHAT_AES_KEY; empty: plaintext mode only
	// CustomerService enables pushing late answers through WeChat's
	// customer-service API (verified service accounts only).
	CustomerService bool // WECHAT_CUSTOMER_SERVICE

	KBDir    string // KB_DIR; empty: the built-in KB
	RedisURL string // REDIS_URL; empty: in-memory state

	OpenAIAPIKey  string        // OPENAI_API_KEY
	OpenAIBaseURL string        // OPENAI_BASE_URL
	OpenAIModel   string        // OPENAI_MODEL; empty: no LLM, offline answers
	LLMMaxCalls   int           // LLM_MAX_CONCURRENT
	AnswerTimeout time.Duration // ANSWER_TIMEOUT: how long a model answer may take in all

	AdminToken        string // ADMIN_TOKEN; empty: the admin API is off
	BookingWebhookURL string // BOOKING_WEBHOOK_URL; empty: no notification

	RatePerMinute int // RATE_LIMIT_PER_MINUTE: messages per follower per minute

	LogLevel  slog.Level // LOG_LEVEL
	LogFormat string     // LOG_FORMAT: json or text
}

// LLMEnabled reports whether a model is configured.
func (c Config) LLMEnabled() bool { return c.OpenAIModel != "" }

// Var documents one environment variable.
type Var struct {
	Name, Default, Meaning string
}

// Vars lists every variable Load reads, in the order the README documents
// them.
var Vars = []Var{
	{"ADDR", ":8080", "HTTP listen address: the webhook is /wechat, plus /healthz, /readyz, /metrics and /admin/"},
	{"WECHAT_TOKEN", DevToken + " (development only)", "the Token set in the Official Account's server configuration"},
	{"WECHAT_APPID", "", "the account's AppID; required with WECHAT_AES_KEY or WECHAT_CUSTOMER_SERVICE"},
	{"WECHAT_APPSECRET", "", "the AppSecret; required with WECHAT_CUSTOMER_SERVICE"},
	{"WECHAT_AES_KEY", "plaintext mode", "the 43-character EncodingAESKey; enables compatible and safe mode"},
	{"WECHAT_CUSTOMER_SERVICE", "false", "push late answers through the customer-service API (verified service accounts)"},
	{"KB_DIR", "built-in", "knowledge base directory (institutions/, notes/, events/)"},
	{"REDIS_URL", "in-memory", "redis://host:6379/0, rediss://…, or host1:7000,host2:7001 for Redis Cluster"},
	{"OPENAI_BASE_URL", "https://api.openai.com/v1", "any OpenAI-compatible API (DeepSeek, Qwen compatible mode, Moonshot, Ollama)"},
	{"OPENAI_API_KEY", "", "the API key (may be empty for a local Ollama)"},
	{"OPENAI_MODEL", "no LLM: offline answers", "model name, e.g. deepseek-chat; setting it switches the LLM on"},
	{"LLM_MAX_CONCURRENT", "8", "model calls in flight at once, across this process; more fall back to offline answers"},
	{"ANSWER_TIMEOUT", "25s", "how long a model answer may take before the offline answer is kept instead"},
	{"ADMIN_TOKEN", "admin API off", "bearer token for /admin/ (bookings)"},
	{"BOOKING_WEBHOOK_URL", "", "where new bookings are announced (WeCom group-robot JSON)"},
	{"RATE_LIMIT_PER_MINUTE", "20", "messages per follower per minute before a polite slow-down reply"},
	{"LOG_LEVEL", "info", "debug, info, warn or error"},
	{"LOG_FORMAT", "json", "json or text"},
}

// Load reads the configuration through getenv. It returns an error naming
// the variable for every bad value it finds.
func Load(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := Config{
		Addr:              or(get("ADDR"), ":8080"),
		WeChatToken:       or(get("WECHAT_TOKEN"), DevToken),
		WeChatAppID:       get("WECHAT_APPID"),
		WeChatAppSecret:   get("WECHAT_APPSECRET"),
		WeChatAESKey:      get("WECHAT_AES_KEY"),
		KBDir:             get("KB_DIR"),
		RedisURL:          get("REDIS_URL"),
		OpenAIAPIKey:      get("OPENAI_API_KEY"),
		OpenAIBaseURL:     or(get("OPENAI_BASE_URL"), "https://api.openai.com/v1"),
		OpenAIModel:       get("OPENAI_MODEL"),
		AdminToken:        get("ADMIN_TOKEN"),
		BookingWebhookURL: get("BOOKING_WEBHOOK_URL"),
		LogFormat:         strings.ToLower(or(get("LOG_FORMAT"), "json")),
	}
	var errs []error
	bad := func(name, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, a...)...))
	}

	var err error
	if c.CustomerService, err = parseBool(get("WECHAT_CUSTOMER_SERVICE")); err != nil {
		bad("WECHAT_CUSTOMER_SERVICE", "%q is not true or false", get("WECHAT_CUSTOMER_SERVICE"))
	}
	if c.LLMMaxCalls, err = parseInt(get("LLM_MAX_CONCURRENT"), 8, 1, 1024); err != nil {
		bad("LLM_MAX_CONCURRENT", "%v", err)
	}
	if c.RatePerMinute, err = parseInt(get("RATE_LIMIT_PER_MINUTE"), 20, 1, 100000); err != nil {
		bad("RATE_LIMIT_PER_MINUTE", "%v", err)
	}
	if c.AnswerTimeout, err = parseDuration(get("ANSWER_TIMEOUT"), 25*time.Second); err != nil {
		bad("ANSWER_TIMEOUT", "%v", err)
	}
	if err := c.LogLevel.UnmarshalText([]byte(or(get("LOG_LEVEL"), "info"))); err != nil {
		bad("LOG_LEVEL", "%q is not one of debug, info, warn, error", get("LOG_LEVEL"))
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		bad("LOG_FORMAT", "%q is not json or text", c.LogFormat)
	}
	if c.WeChatAESKey != "" {
		if err := checkAESKey(c.WeChatAESKey); err != nil {
			bad("WECHAT_AES_KEY", "%v", err)
		}
		if c.WeChatAppID == "" {
			bad("WECHAT_APPID", "is required when WECHAT_AES_KEY is set (safe mode checks the AppID in every message)")
		}
	}
	if c.CustomerService && (c.WeChatAppID == "" || c.WeChatAppSecret == "") {
		bad("WECHAT_CUSTOMER_SERVICE", "needs WECHAT_APPID and WECHAT_APPSECRET to call the customer-service API")
	}
	if len(c.WeChatToken) < 3 || len(c.WeChatToken) > 32 || !isAlnum(c.WeChatToken) {
		bad("WECHAT_TOKEN", "must be 3 to 32 letters or digits, as the Official Account settings require")
	}
	if c.OpenAIModel != "" {
		if u, err := url.Parse(c.OpenAIBaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("OPENAI_BASE_URL", "%q is not an http(s) URL", c.OpenAIBaseURL)
		}
	}
	if c.BookingWebhookURL != "" {
		if u, err := url.Parse(c.BookingWebhookURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("BOOKING_WEBHOOK_URL", "%q is not an http(s) URL", c.BookingWebhookURL)
		}
	}
	if c.AdminToken != "" && len(c.AdminToken) < 16 {
		bad("ADMIN_TOKEN", "is too short: use at least 16 random characters")
	}
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("configuration: %w", errors.Join(errs...))
	}
	return c, nil
}

// checkAESKey checks an EncodingAESKey: 43 characters of base64 that decode
// (with the "=" WeChat leaves off) to a 32-byte AES key.
func checkAESKey(k string) error {
	if n := len(k); n != 43 {
		return fmt.Errorf("must be exactly 43 characters (the EncodingAESKey from the account settings), got %d", n)
	}
	key, err := base64.StdEncoding.DecodeString(k + "=")
	if err != nil || len(key) != 32 {
		return errors.New("is not a valid EncodingAESKey (43 characters of A-Z, a-z, 0-9, + and /)")
	}
	return nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func isAlnum(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "0", "false", "no", "off":
		return false, nil
	case "1", "true", "yes", "on":
		return true, nil
	}
	return false, fmt.Errorf("not a boolean: %q", s)
}

func parseInt(s string, def, min, max int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	if n < min || n > max {
		return 0, fmt.Errorf("%d is out of range %d to %d", n, min, max)
	}
	return n, nil
}

func parseDuration(s string, def time.Duration) (time.Duration, error) {
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as 25s", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be positive", s)
	}
	return d, nil
}
