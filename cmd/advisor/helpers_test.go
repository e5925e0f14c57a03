package main

import (
	"bytes"
	"sync"
)

// syncBuffer is a bytes.Buffer safe for a server goroutine writing logs while
// the test reads them.
type syncBuffer struct {
	mu sync.Mutex // mu protects b.
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
