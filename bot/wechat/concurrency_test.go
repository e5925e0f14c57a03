package wechat

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentRequests drives one webhook from several goroutines in both
// modes at once; run it with -race.
func TestConcurrentRequests(t *testing.T) {
	fb := echoBot()
	safe := mustServer(t, testConfig(true), fb, nil)
	plain := *safe
	plain.AESKey = "" // the same server also accepts plaintext-mode requests
	const workers, perWorker = 8, 25
	errs := make(chan error, workers*perWorker)
	var wg sync.WaitGroup
	for w := range workers {
		c := safe
		if w%2 == 1 {
			c = &plain
		}
		wg.Go(func() {
			openID := fmt.Sprintf("oWorker%02d", w)
			for i := range perWorker {
				text := fmt.Sprintf("问题 %d-%d ]]> <b>", w, i)
				got, err := c.SendText(context.Background(), openID, fmt.Sprint(w*1000+i), text)
				switch {
				case err != nil:
					errs <- err
				case got != "echo: "+text:
					errs <- fmt.Errorf("worker %d: reply %q to %q", w, got, text)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(fb.calls()); n != workers*perWorker {
		t.Errorf("bot called %d times, want %d", n, workers*perWorker)
	}
}
