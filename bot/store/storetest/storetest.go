// Package storetest runs throwaway redis-server processes for tests: each
// Server owns one process on a free 127.0.0.1 port with no persistence
// (unless asked) in a temporary directory, and can be stopped and started
// again on the same port to test what callers do while Redis is down.
//
// It needs the redis-server binary on PATH; without it the test is skipped.
// It imports only the standard library, so any package's tests may use it.
package storetest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Time limits for a server to come up and to go down.
const (
	startTimeout = 10 * time.Second
	stopTimeout  = 5 * time.Second
	pollEvery    = 10 * time.Millisecond
)

// Server is one redis-server process owned by a test. Its methods fail the
// test (tb.Fatal) when the server cannot be started or stopped; call them
// from the test's goroutine.
type Server struct {
	tb    testing.TB
	bin   string
	dir   string
	extra []string

	mu      sync.Mutex // protects the fields below
	cluster bool       // wait for cluster_state:ok after each start
	port    int
	cmd     *exec.Cmd     // nil while stopped
	done    chan struct{} // closed once cmd has exited
}

// StartRedis starts a fresh redis-server for tb, stopped when tb ends, and
// returns its URL (redis://127.0.0.1:<port>).
func StartRedis(tb testing.TB) string {
	tb.Helper()
	return NewRedisServer(tb).URL()
}

// NewRedisServer starts a redis-server for tb on a free port and stops it
// in tb.Cleanup. extraArgs are appended to the command line and override
// the defaults, e.g. "--appendonly", "yes" to keep data across Stop/Start.
// It skips the test when redis-server is not installed.
func NewRedisServer(tb testing.TB, extraArgs ...string) *Server {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		tb.Skip("storetest: redis-server not on PATH; install redis-server to run this test")
	}
	s := &Server{tb: tb, bin: bin, dir: tb.TempDir(), extra: extraArgs}
	tb.Cleanup(s.Stop)
	// Another process may grab the free port between our probe and
	// redis-server's bind; try a few ports before giving up.
	var lastErr error
	for range 3 {
		port, err := freePort()
		if err != nil {
			tb.Fatalf("storetest: %v", err)
		}
		s.port = port
		if lastErr = s.start(); lastErr == nil {
			return s
		}
	}
	tb.Fatalf("storetest: %v", lastErr)
	return nil
}

// URL returns the server's address as a redis:// URL.
func (s *Server) URL() string { return "redis://" + s.Addr() }

// Addr returns the server's host:port.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
}

// Start starts the server again on the same port after Stop and waits until
// it answers PING. Starting a running server does nothing.
func (s *Server) Start() {
	s.tb.Helper()
	if err := s.start(); err != nil {
		s.tb.Fatalf("storetest: %v", err)
	}
}

// Stop shuts the server down (SIGTERM, then SIGKILL after stopTimeout) and
// waits until the process has exited, so the port refuses connections when
// Stop returns. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(stopTimeout):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd, s.done = nil, nil
}

func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return nil
	}
	args := []string{
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no",
		"--dir", s.dir, "--logfile", "redis.log",
	}
	cmd := exec.Command(s.bin, append(args, s.extra...)...)
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	done := make(chan struct{})
	go func() { // owned by s: ends when the process exits; Stop waits for it
		_ = cmd.Wait()
		close(done)
	}()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
	err := waitReady(addr, done)
	if err == nil && s.cluster {
		err = waitClusterOK(addr)
	}
	if err != nil {
		_ = cmd.Process.Kill()
		<-done
		return fmt.Errorf("redis-server on %s: %w\n%s", addr, err, s.logTail())
	}
	s.cmd, s.done = cmd, done
	return nil
}

// waitReady polls addr with PING until it answers PONG, the process exits,
// or startTimeout passes.
func waitReady(addr string, exited <-chan struct{}) error {
	deadline := time.Now().Add(startTimeout)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	var err error
	for {
		if err = ping(addr); err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no PONG within %v: %w", startTimeout, err)
		}
		select {
		case <-exited:
			return errors.New("process exited before answering PING")
		case <-tick.C:
		}
	}
}

// ping sends PING and expects PONG.
func ping(addr string) error {
	reply, err := command(addr, "PING")
	if err != nil {
		return err
	}
	if reply != "PONG" {
		return fmt.Errorf("PING answered %q", reply)
	}
	return nil
}

// command sends one inline command to addr and returns the reply's text: a
// status or bulk string, or an error for an error reply. It knows just
// enough RESP for the few commands this package sends.
func command(addr, line string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte(line + "\r\n")); err != nil {
		return "", err
	}
	r := bufio.NewReader(c)
	head, err := r.ReadString('\n')
	if err != nil {
		return "", err
	}
	head = strings.TrimRight(head, "\r\n")
	switch {
	case strings.HasPrefix(head, "+"), strings.HasPrefix(head, ":"):
		return head[1:], nil
	case strings.HasPrefix(head, "-"):
		return "", fmt.Errorf("%s: %s", line, head[1:])
	case strings.HasPrefix(head, "$"):
		n, err := strconv.Atoi(head[1:])
		if n == -1 && err == nil {
			return "", nil // nil bulk: no such key
		}
		if err != nil || n < 0 {
			return "", fmt.Errorf("%s: bad bulk header %q", line, head)
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", err
		}
		return string(buf[:n]), nil
	}
	return "", fmt.Errorf("%s: unexpected reply %q", line, head)
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// logTail returns the end of the server's log, for failure messages.
func (s *Server) logTail() string {
	b, err := os.ReadFile(filepath.Join(s.dir, "redis.log"))
	if err != nil {
		return "(no redis.log)"
	}
	const keep = 2000
	if len(b) > keep {
		b = b[len(b)-keep:]
	}
	return string(b)
}
