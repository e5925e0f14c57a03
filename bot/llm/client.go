package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Defaults for the optional Config fields.
const (
	DefaultMaxConcurrent = 8
	DefaultMaxTokens     = 700
	DefaultRetryBackoff  = 200 * time.Millisecond
)

const (
	// transportTimeout bounds one HTTP exchange in case a caller passes a
	// ctx without a deadline. Callers' deadlines are far shorter.
	transportTimeout = 60 * time.Second
	// minRetryBudget is the ctx time that must remain after the backoff
	// for a retry to be worth starting.
	minRetryBudget = time.Second
)

// Config configures a Client. Zero optional fields take the defaults
// given on each field.
type Config struct {
	// BaseURL is the API root, including the version segment if the
	// provider has one: "https://api.deepseek.com/v1",
	// "https://dashscope.aliyuncs.com/compatible-mode/v1",
	// "http://localhost:11434/v1". "/chat/completions" is appended.
	// Required; it comes from OPENAI_BASE_URL.
	BaseURL string
	// APIKey is sent as "Authorization: Bearer <key>". Leave it empty for
	// a server without authentication, such as a local Ollama, and no
	// Authorization header is sent.
	APIKey string
	// Model is the provider's model name, e.g. "deepseek-chat" or
	// "qwen-plus". Required; it comes from OPENAI_MODEL.
	Model string
	// MaxConcurrent caps the calls in flight. The default is
	// DefaultMaxConcurrent.
	MaxConcurrent int
	// QueueWait is how long a call waits for a free slot before it fails
	// with ErrBusy. The default, 0, fails at once.
	QueueWait time.Duration
	// MaxTokens caps the length of the answer. The default is
	// DefaultMaxTokens.
	MaxTokens int
	// Temperature is the sampling temperature, between 0 and 2. 0 is not
	// sent at all (go-openai omits it), so the provider's default applies.
	// It is never sent to reasoning models.
	Temperature float32
	// RetryBackoff is the pause before the one retry. The default is
	// DefaultRetryBackoff.
	RetryBackoff time.Duration
	// OnCall, if set, is called once at the end of every Complete with its
	// duration and result, e.g. to feed a latency histogram. It must be
	// safe for concurrent use and must not block.
	OnCall func(d time.Duration, err error)
	// Logger receives a warning for each retry. Message content is never
	// logged. The default discards.
	Logger *slog.Logger
}

// Client sends chat completions. It is safe for concurrent use. Build one
// with New and share it.
type Client struct {
	api          *openai.Client
	model        string
	maxTokens    int
	temperature  float32
	reasoning    bool // model is an OpenAI reasoning model (see package doc)
	queueWait    time.Duration
	retryBackoff time.Duration
	onCall       func(time.Duration, error)
	log          *slog.Logger

	slots chan struct{} // one token per call in flight; capacity MaxConcurrent

	calls, errs, retries, busy, inFlight, waiting atomic.Int64
}

// Stats is a snapshot of a Client's counters since New.
type Stats struct {
	Calls    int64 // Complete calls, whatever their outcome
	Errors   int64 // calls that returned an error other than ErrBusy
	Busy     int64 // calls refused with ErrBusy
	Retries  int64 // second attempts made after a transient error
	InFlight int64 // calls holding a slot now
	Waiting  int64 // calls waiting for a slot now (see QueueWait)
}

// New checks cfg and builds a Client. It does no I/O. It fails if Model or
// BaseURL is missing, if BaseURL is not an http(s) URL, or if a number is
// out of range.
func New(cfg Config) (*Client, error) {
	if err := check(&cfg); err != nil {
		return nil, fmt.Errorf("llm: config: %w", err)
	}
	api := openai.DefaultConfig(cfg.APIKey)
	api.BaseURL = cfg.BaseURL
	api.HTTPClient = &http.Client{Transport: transport(cfg.MaxConcurrent), Timeout: transportTimeout}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Client{
		api:          openai.NewClientWithConfig(api),
		model:        cfg.Model,
		maxTokens:    cfg.MaxTokens,
		temperature:  cfg.Temperature,
		reasoning:    reasoningModel(cfg.Model),
		queueWait:    cfg.QueueWait,
		retryBackoff: cfg.RetryBackoff,
		onCall:       cfg.OnCall,
		log:          log,
		slots:        make(chan struct{}, cfg.MaxConcurrent),
	}, nil
}

// check validates cfg and fills in the defaults.
func check(cfg *Config) error {
	cfg.Model = strings.TrimSpace(cfg.Model)
	if cfg.Model == "" {
		return errors.New("model is empty: set OPENAI_MODEL")
	}
	if strings.TrimSpace(cfg.BaseURL) == "" {
		return errors.New("base URL is empty: set OPENAI_BASE_URL")
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("base URL %q is not an http(s) URL: check OPENAI_BASE_URL", cfg.BaseURL)
	}
	switch {
	case cfg.MaxConcurrent < 0:
		return fmt.Errorf("MaxConcurrent %d is negative", cfg.MaxConcurrent)
	case cfg.MaxTokens < 0:
		return fmt.Errorf("MaxTokens %d is negative", cfg.MaxTokens)
	case cfg.QueueWait < 0:
		return fmt.Errorf("QueueWait %v is negative", cfg.QueueWait)
	case cfg.RetryBackoff < 0:
		return fmt.Errorf("RetryBackoff %v is negative", cfg.RetryBackoff)
	case cfg.Temperature < 0 || cfg.Temperature > 2:
		return fmt.Errorf("temperature %v is outside [0, 2]", cfg.Temperature)
	}
	if cfg.MaxConcurrent == 0 {
		cfg.MaxConcurrent = DefaultMaxConcurrent
	}
	if cfg.MaxTokens == 0 {
		cfg.MaxTokens = DefaultMaxTokens
	}
	if cfg.RetryBackoff == 0 {
		cfg.RetryBackoff = DefaultRetryBackoff
	}
	return nil
}

// transport is the default transport with enough idle connections kept
// for maxConcurrent calls to one provider (the default keeps 2).
func transport(maxConcurrent int) http.RoundTripper {
	def, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t := def.Clone()
	t.MaxIdleConnsPerHost = maxConcurrent
	return t
}

// reasoningModel reports whether go-openai validates model as an OpenAI
// reasoning model, which rejects max_tokens and most temperatures.
func reasoningModel(model string) bool {
	m := strings.ToLower(model)
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return false
}

// Stats returns a snapshot of the counters.
func (c *Client) Stats() Stats {
	return Stats{
		Calls:    c.calls.Load(),
		Errors:   c.errs.Load(),
		Busy:     c.busy.Load(),
		Retries:  c.retries.Load(),
		InFlight: c.inFlight.Load(),
		Waiting:  c.waiting.Load(),
	}
}

// Complete sends msgs and returns the assistant's answer with surrounding
// white space trimmed.
//
// It returns ErrInvalid when msgs cannot be sent, ErrBusy when no slot
// frees up within QueueWait, ErrEmpty when the answer has no text, a
// wrapped *StatusError for an HTTP error status, and an error satisfying
// errors.Is(err, ctx.Err()) when ctx ends first. A transient failure is
// retried once as described in the package doc; the error returned is
// then the second attempt's.
func (c *Client) Complete(ctx context.Context, msgs []Message) (answer string, err error) {
	start := time.Now()
	c.calls.Add(1)
	defer func() { c.record(time.Since(start), err) }()

	if err := validate(msgs); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("llm: complete: %w", err)
	}
	if err := c.acquire(ctx); err != nil {
		return "", err
	}
	defer c.release()

	req := c.request(msgs)
	answer, err = c.attempt(ctx, req)
	if !c.retryable(ctx, err) {
		return answer, err
	}
	c.retries.Add(1)
	c.log.LogAttrs(ctx, slog.LevelWarn, "llm call failed, retrying once",
		slog.String("model", c.model), slog.String("failure", failureKind(err)))
	if err := pause(ctx, c.retryBackoff); err != nil {
		return "", fmt.Errorf("llm: complete: %w", err)
	}
	return c.attempt(ctx, req)
}

// record updates the counters and calls OnCall for one finished Complete.
func (c *Client) record(d time.Duration, err error) {
	switch {
	case errors.Is(err, ErrBusy):
		c.busy.Add(1)
	case err != nil:
		c.errs.Add(1)
	}
	if c.onCall != nil {
		c.onCall(d, err)
	}
}

// validate checks that msgs can be sent as they are.
func validate(msgs []Message) error {
	if len(msgs) == 0 {
		return fmt.Errorf("%w: no messages", ErrInvalid)
	}
	for i, m := range msgs {
		switch m.Role {
		case RoleSystem, RoleUser, RoleAssistant:
		default:
			return fmt.Errorf("%w: message %d has role %q", ErrInvalid, i, m.Role)
		}
		if strings.TrimSpace(m.Content) == "" {
			return fmt.Errorf("%w: message %d (%s) is empty", ErrInvalid, i, m.Role)
		}
	}
	return nil
}

// acquire takes a slot, waiting at most QueueWait.
func (c *Client) acquire(ctx context.Context) error {
	select {
	case c.slots <- struct{}{}:
		c.inFlight.Add(1)
		return nil
	default:
	}
	if c.queueWait <= 0 {
		return ErrBusy
	}
	c.waiting.Add(1)
	defer c.waiting.Add(-1)
	t := time.NewTimer(c.queueWait)
	defer t.Stop()
	select {
	case c.slots <- struct{}{}:
		c.inFlight.Add(1)
		return nil
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return fmt.Errorf("llm: complete: waiting for a slot: %w", ctx.Err())
	}
}

// release gives back the slot taken by acquire.
func (c *Client) release() {
	c.inFlight.Add(-1)
	<-c.slots
}

// request builds the go-openai request for msgs.
func (c *Client) request(msgs []Message) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model:    c.model,
		Messages: make([]openai.ChatCompletionMessage, len(msgs)),
	}
	for i, m := range msgs {
		req.Messages[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	if c.reasoning {
		req.MaxCompletionTokens = c.maxTokens
	} else {
		req.MaxTokens = c.maxTokens
		req.Temperature = c.temperature
	}
	return req
}

// attempt makes one HTTP exchange.
func (c *Client) attempt(ctx context.Context, req openai.ChatCompletionRequest) (string, error) {
	resp, err := c.api.CreateChatCompletion(ctx, req)
	if err != nil {
		return "", fmt.Errorf("llm: complete: %w", translate(ctx, err))
	}
	if len(resp.Choices) == 0 {
		return "", fmt.Errorf("%w: no choices", ErrEmpty)
	}
	choice := resp.Choices[0]
	answer := strings.TrimSpace(choice.Message.Content)
	if answer == "" {
		return "", fmt.Errorf("%w (finish reason %q)", ErrEmpty, choice.FinishReason)
	}
	return answer, nil
}

// retryable reports whether a failed first attempt gets a second one: the
// error is transient, ctx is live, and enough of it remains after the
// backoff.
func (c *Client) retryable(ctx context.Context, err error) bool {
	if err == nil || ctx.Err() != nil || !transient(err) {
		return false
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < c.retryBackoff+minRetryBudget {
		return false
	}
	return true
}

// pause waits for d or until ctx is done, whichever comes first.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
