package storetest

import (
	"strings"
	"testing"
)

func TestServerStopStart(t *testing.T) {
	s := NewRedisServer(t)
	if !strings.HasPrefix(s.URL(), "redis://127.0.0.1:") {
		t.Errorf("URL = %q", s.URL())
	}
	if err := ping(s.Addr()); err != nil {
		t.Fatalf("PING a started server: %v", err)
	}
	if _, err := command(s.Addr(), "SET k v"); err != nil {
		t.Fatalf("SET: %v", err)
	}
	s.Stop()
	s.Stop() // idempotent
	if err := ping(s.Addr()); err == nil {
		t.Fatal("PING succeeded after Stop")
	}
	s.Start()
	if err := ping(s.Addr()); err != nil {
		t.Fatalf("PING after Start: %v", err)
	}
	if v, err := command(s.Addr(), "GET k"); err != nil || v != "" {
		t.Errorf("GET k after a restart without persistence = %q, %v; want nothing", v, err)
	}
}

func TestCommandReplies(t *testing.T) {
	addr := NewRedisServer(t).Addr()
	tests := []struct {
		cmd, want string
		wantErr   bool
	}{
		{"SET greeting hello", "OK", false},
		{"GET greeting", "hello", false},
		{"INCR n", "1", false},
		{"NOSUCHCOMMAND", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			got, err := command(addr, tt.cmd)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("command(%q) = %q, %v; want %q (error %v)", tt.cmd, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
