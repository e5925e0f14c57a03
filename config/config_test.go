package config

import (
	"strings"
	"testing"
	"time"
)

const goodKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatalf("Load with no environment: %v", err)
	}
	if c.Addr != ":8080" || c.WeChatToken != DevToken || c.WeChatAESKey != "" || c.RedisURL != "" || c.LLMEnabled() {
		t.Errorf("defaults = %+v", c)
	}
	if c.AnswerTimeout != 25*time.Second || c.LLMMaxCalls != 8 || c.RatePerMinute != 20 || c.LogFormat != "json" {
		t.Errorf("defaults = %+v", c)
	}
}

func TestLoadValues(t *testing.T) {
	c, err := Load(env(map[string]string{
		"ADDR": "127.0.0.1:9000", "WECHAT_TOKEN": "tok123", "WECHAT_APPID": "wx1234567890abcdef",
		"WECHAT_AES_KEY": goodKey, "OPENAI_MODEL": "deepseek-chat", "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1",
		"ANSWER_TIMEOUT": "8s", "LOG_LEVEL": "debug", "ADMIN_TOKEN": "0123456789abcdef0123",
		"WECHAT_CUSTOMER_SERVICE": "true", "WECHAT_APPSECRET": "secret",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.LLMEnabled() || c.AnswerTimeout != 8*time.Second || c.WeChatAESKey != goodKey || !c.CustomerService {
		t.Errorf("got %+v", c)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string // every one must appear in the error
	}{
		{"short aes key", map[string]string{"WECHAT_AES_KEY": "abc", "WECHAT_APPID": "wx1"}, []string{"WECHAT_AES_KEY", "43 characters", "got 3"}},
		{"bad aes alphabet", map[string]string{"WECHAT_AES_KEY": strings.Repeat("!", 43), "WECHAT_APPID": "wx1"}, []string{"WECHAT_AES_KEY", "not a valid EncodingAESKey"}},
		{"aes without appid", map[string]string{"WECHAT_AES_KEY": goodKey}, []string{"WECHAT_APPID", "required"}},
		{"bad token", map[string]string{"WECHAT_TOKEN": "有中文"}, []string{"WECHAT_TOKEN"}},
		{"bad timeout", map[string]string{"ANSWER_TIMEOUT": "soon"}, []string{"ANSWER_TIMEOUT", "soon"}},
		{"bad level", map[string]string{"LOG_LEVEL": "loud"}, []string{"LOG_LEVEL"}},
		{"bad base url", map[string]string{"OPENAI_MODEL": "m", "OPENAI_BASE_URL": "ftp://x"}, []string{"OPENAI_BASE_URL"}},
		{"customer service needs secret", map[string]string{"WECHAT_CUSTOMER_SERVICE": "yes"}, []string{"WECHAT_CUSTOMER_SERVICE", "WECHAT_APPSECRET"}},
		{"short admin token", map[string]string{"ADMIN_TOKEN": "abc"}, []string{"ADMIN_TOKEN"}},
		{"two errors at once", map[string]string{"LLM_MAX_CONCURRENT": "0", "RATE_LIMIT_PER_MINUTE": "x"}, []string{"LLM_MAX_CONCURRENT", "RATE_LIMIT_PER_MINUTE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
