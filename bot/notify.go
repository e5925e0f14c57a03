package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/zhijian/advisor/bot/store"
)

// Notifier defaults.
const (
	defaultNotifyBackoff  = time.Second
	defaultNotifyAttempts = 5
	defaultNotifyQueue    = 256
	notifyAttemptTimeout  = 10 * time.Second
	maxNotifyResponse     = 64 << 10
)

// Notifier tells the consultant about each new booking by posting it to a
// webhook: a WeCom (企业微信) group robot by default, whose JSON DingTalk
// robots accept too; a Feishu/Lark robot URL gets Feishu's JSON. The
// message carries the follower's full contact, for the consultant only; it
// is never logged. Logs name bookings by ID, and never the webhook URL
// (its key is a secret).
//
// Notify never blocks: bookings wait in a bounded queue for one worker
// goroutine, started by NewNotifier and stopped by Close. Each booking is
// tried up to 5 times, waiting 1 s, 2 s, 4 s and 8 s between tries. A reply
// is a success when its status is 2xx and, if it is JSON, its errcode (or
// Feishu's code) is 0. A booking whose notification fails for good is
// still stored: the consultant finds it in the admin list.
type Notifier struct {
	url      string
	client   *http.Client
	log      *slog.Logger
	backoff  time.Duration
	attempts int
	payload  func(text string) ([]byte, error)

	queue  chan store.Booking
	ctx    context.Context // cancelled when Close gives up waiting
	cancel context.CancelFunc
	done   chan struct{} // closed when the worker has returned

	mu     sync.RWMutex // mu protects closed and sending on queue.
	closed bool
}

// NotifierOption tunes a Notifier.
type NotifierOption func(*Notifier)

// WithNotifyBackoff sets the wait before the first retry (default 1 s); each
// further retry waits twice as long as the one before.
func WithNotifyBackoff(base time.Duration) NotifierOption {
	return func(n *Notifier) { n.backoff = base }
}

// WithNotifyAttempts sets how many times a booking is tried (default 5).
func WithNotifyAttempts(attempts int) NotifierOption {
	return func(n *Notifier) { n.attempts = max(attempts, 1) }
}

// WithNotifyQueue sets how many bookings may wait to be sent (default 256);
// beyond that Notify drops them, with an error log naming their IDs.
func WithNotifyQueue(size int) NotifierOption {
	return func(n *Notifier) { n.queue = make(chan store.Booking, max(size, 1)) }
}

// NewNotifier returns a Notifier posting to webhookURL and starts its
// worker. client nil means a client with a 10 s timeout; logger nil
// discards logs. Call Close to stop it.
func NewNotifier(webhookURL string, client *http.Client, logger *slog.Logger, opts ...NotifierOption) *Notifier {
	if client == nil {
		client = &http.Client{Timeout: notifyAttemptTimeout}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := &Notifier{
		url: webhookURL, client: client, log: logger,
		backoff: defaultNotifyBackoff, attempts: defaultNotifyAttempts,
		payload: payloadFor(webhookURL),
		queue:   make(chan store.Booking, defaultNotifyQueue),
		ctx:     ctx, cancel: cancel, done: make(chan struct{}),
	}
	for _, o := range opts {
		o(n)
	}
	go n.run()
	return n
}

// Notify queues b for the consultant and returns at once. A nil Notifier
// does nothing.
func (n *Notifier) Notify(b store.Booking) {
	if n == nil {
		return
	}
	n.mu.RLock()
	defer n.mu.RUnlock()
	if n.closed {
		n.log.Error("booking notification dropped: notifier closed", "booking", b.ID)
		return
	}
	select {
	case n.queue <- b:
	default:
		n.log.Error("booking notification dropped: queue full", "booking", b.ID)
	}
}

// Close stops taking bookings and sends those queued, retries included,
// until ctx is done; then it abandons the rest (logging their IDs) and
// returns once the worker has stopped. Close may be called more than once.
func (n *Notifier) Close(ctx context.Context) {
	if n == nil {
		return
	}
	n.mu.Lock()
	if !n.closed {
		n.closed = true
		close(n.queue)
	}
	n.mu.Unlock()
	select {
	case <-n.done:
	case <-ctx.Done():
		n.cancel()
		<-n.done
	}
	n.cancel()
}

func (n *Notifier) run() {
	defer close(n.done)
	for b := range n.queue {
		n.deliver(b)
	}
}

// deliver sends one booking, retrying with exponential backoff.
func (n *Notifier) deliver(b store.Booking) {
	body, err := n.payload(notificationText(b))
	if err != nil {
		n.log.Error("booking notification not built", "booking", b.ID, "err", err)
		return
	}
	wait := n.backoff
	for attempt := 1; ; attempt++ {
		err := n.post(body)
		if err == nil {
			n.log.Info("consultant notified", "booking", b.ID, "attempt", attempt)
			return
		}
		if attempt >= n.attempts || n.ctx.Err() != nil {
			n.log.Error("booking notification failed; the booking is in the admin list", "booking", b.ID, "attempts", attempt, "err", err)
			return
		}
		n.log.Warn("booking notification failed; retrying", "booking", b.ID, "attempt", attempt, "retry_in", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-n.ctx.Done():
			t.Stop()
			n.log.Error("booking notification abandoned at shutdown", "booking", b.ID, "attempts", attempt)
			return
		}
		wait *= 2
	}
}

// post sends body once and checks the reply.
func (n *Notifier) post(body []byte) error {
	ctx, cancel := context.WithTimeout(n.ctx, notifyAttemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notify: %w", hideURL(err))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := n.client.Do(req)
	if err != nil {
		return fmt.Errorf("notify: %w", hideURL(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxNotifyResponse))
	if err != nil {
		return fmt.Errorf("notify: read reply: %w", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("notify: status %d", resp.StatusCode)
	}
	return checkRobotReply(data)
}

// hideURL drops the URL from an HTTP client error: a robot's URL carries
// its secret key.
func hideURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// checkRobotReply reads a robot's JSON reply: WeCom and DingTalk say
// {"errcode":0,"errmsg":"ok"}, Feishu {"code":0,"msg":"success"}. A reply
// that is not JSON counts as success (a plain webhook).
func checkRobotReply(data []byte) error {
	var r struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
		Code    *int   `json:"code"`
		Msg     string `json:"msg"`
	}
	if len(bytes.TrimSpace(data)) == 0 || json.Unmarshal(data, &r) != nil {
		return nil
	}
	switch {
	case r.ErrCode != nil && *r.ErrCode != 0:
		return fmt.Errorf("notify: errcode %d: %s", *r.ErrCode, r.ErrMsg)
	case r.Code != nil && *r.Code != 0:
		return fmt.Errorf("notify: code %d: %s", *r.Code, r.Msg)
	}
	return nil
}

// payloadFor returns the JSON body builder for a robot URL.
func payloadFor(webhookURL string) func(string) ([]byte, error) {
	host := ""
	if u, err := url.Parse(webhookURL); err == nil {
		host = u.Hostname()
	}
	if strings.HasSuffix(host, "feishu.cn") || strings.HasSuffix(host, "larksuite.com") {
		return func(text string) ([]byte, error) {
			return json.Marshal(map[string]any{"msg_type": "text", "content": map[string]string{"text": text}})
		}
	}
	return func(text string) ([]byte, error) {
		return json.Marshal(map[string]any{"msgtype": "text", "text": map[string]string{"content": text}})
	}
}

// notificationText is the message the consultant gets for a new booking,
// with the follower's full contact.
func notificationText(b store.Booking) string {
	head := "新预约 " + b.ID
	if b.Kind == store.KindEvent {
		head = "新活动报名 " + b.ID
	}
	return head + "\n" + strings.Join(bookingLines(b), "\n")
}
