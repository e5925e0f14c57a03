package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"

	openai "github.com/sashabaranov/go-openai"
)

func TestTransient(t *testing.T) {
	netErr := func(errno syscall.Errno) error {
		return &url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", errno)}}
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"429", &StatusError{Code: 429}, true},
		{"500", &StatusError{Code: 500}, true},
		{"502", &StatusError{Code: 502}, true},
		{"503 wrapped", fmt.Errorf("llm: complete: %w", &StatusError{Code: 503}), true},
		{"504", &StatusError{Code: 504}, true},
		{"400", &StatusError{Code: 400}, false},
		{"401", &StatusError{Code: 401}, false},
		{"403", &StatusError{Code: 403}, false},
		{"404", &StatusError{Code: 404}, false},
		{"501", &StatusError{Code: 501}, false},
		{"connection refused", netErr(syscall.ECONNREFUSED), true},
		{"connection reset", netErr(syscall.ECONNRESET), true},
		{"EOF", &url.Error{Op: "Post", URL: "http://x", Err: io.EOF}, true},
		{"unexpected EOF", io.ErrUnexpectedEOF, true},
		{"deadline", &url.Error{Op: "Post", URL: "http://x", Err: context.DeadlineExceeded}, false},
		{"deadline with EOF", fmt.Errorf("%w: %w", context.DeadlineExceeded, io.EOF), false},
		{"canceled", context.Canceled, false},
		{"empty answer", ErrEmpty, false},
		{"bad JSON", errors.New("invalid character '<' looking for beginning of value"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := transient(tt.err); got != tt.want {
				t.Errorf("transient(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestTranslate(t *testing.T) {
	live := context.Background()
	expired, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-expired.Done()

	tests := []struct {
		name         string
		ctx          context.Context
		err          error
		wantCode     int
		wantMessage  string
		wantDeadline bool
	}{
		{"API error", live, &openai.APIError{HTTPStatusCode: 401, Message: "invalid api key"}, 401, "invalid api key", false},
		{"API error without message", live, &openai.APIError{HTTPStatusCode: 503}, 503, "Service Unavailable", false},
		{"request error", live, &openai.RequestError{HTTPStatusCode: 502, Body: []byte("<html>")}, 502, "Bad Gateway", false},
		{"body read after deadline", expired, io.ErrUnexpectedEOF, 0, "", true},
		{"deadline already in chain", expired, &url.Error{Err: context.DeadlineExceeded}, 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := translate(tt.ctx, tt.err)
			se, ok := errors.AsType[*StatusError](err)
			switch {
			case tt.wantCode != 0 && (!ok || se.Code != tt.wantCode || se.Message != tt.wantMessage):
				t.Errorf("translate = %v, want StatusError %d %q", err, tt.wantCode, tt.wantMessage)
			case tt.wantCode == 0 && ok:
				t.Errorf("translate = %v, want no StatusError", err)
			}
			if got := errors.Is(err, context.DeadlineExceeded); got != tt.wantDeadline {
				t.Errorf("errors.Is(%v, DeadlineExceeded) = %v, want %v", err, got, tt.wantDeadline)
			}
		})
	}
}

func TestReasoningModel(t *testing.T) {
	for model, want := range map[string]bool{
		"o1-mini": true, "o3": true, "o4-mini": true, "gpt-5": true, "GPT-5-nano": true, "gpt-6-sol": true,
		"deepseek-chat": false, "deepseek-reasoner": false, "qwen-plus": false, "gpt-4o": false, "moonshot-v1-8k": false,
	} {
		if got := reasoningModel(model); got != want {
			t.Errorf("reasoningModel(%q) = %v, want %v", model, got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdef", 3, "abc…"},
		{"密钥无效", 4, "密…"}, // 3-byte runes: never cut inside one
		{"密钥无效", 6, "密钥…"},
	}
	for _, tt := range tests {
		if got := truncate(tt.s, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}
