package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"syscall"

	openai "github.com/sashabaranov/go-openai"
)

// Sentinel errors returned by Complete, for callers to branch on with
// errors.Is.
var (
	// ErrBusy means every concurrency slot was taken for longer than
	// Config.QueueWait. No request was sent, so answer offline.
	ErrBusy = errors.New("llm: too many calls in flight")

	// ErrEmpty means the provider answered but gave no usable text: no
	// choices, or content that is empty or only white space.
	ErrEmpty = errors.New("llm: empty answer")

	// ErrInvalid means the messages passed to Complete cannot be sent:
	// there are none, or one has an unknown role or empty content. No
	// request was sent.
	ErrInvalid = errors.New("llm: invalid messages")
)

// StatusError is an HTTP error status from the provider. Complete wraps it,
// so use errors.As to get at it.
type StatusError struct {
	Code    int    // HTTP status code, e.g. 401 or 503
	Message string // the provider's error message, or the status text
}

// Error implements error.
func (e *StatusError) Error() string {
	return fmt.Sprintf("llm: HTTP %d: %s", e.Code, e.Message)
}

// maxErrorMessage caps the provider message kept in a StatusError.
const maxErrorMessage = 200

// translate turns go-openai's error types into this package's types. If ctx
// is done but err does not say so (e.g. the deadline fired while the
// response body was read), it adds ctx.Err() to the chain, so that
// errors.Is(err, context.DeadlineExceeded) holds whenever the deadline
// caused the failure.
func translate(ctx context.Context, err error) error {
	if apiErr, ok := errors.AsType[*openai.APIError](err); ok && apiErr.HTTPStatusCode > 0 {
		msg := apiErr.Message
		if msg == "" {
			msg = http.StatusText(apiErr.HTTPStatusCode)
		}
		return &StatusError{Code: apiErr.HTTPStatusCode, Message: truncate(msg, maxErrorMessage)}
	}
	if reqErr, ok := errors.AsType[*openai.RequestError](err); ok && reqErr.HTTPStatusCode > 0 {
		return &StatusError{Code: reqErr.HTTPStatusCode, Message: http.StatusText(reqErr.HTTPStatusCode)}
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}

// transient reports whether err is worth one retry: an overloaded or
// failing server, or a connection that broke. Context errors, client errors
// (4xx other than 429) and bad answers are not.
func transient(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if se, ok := errors.AsType[*StatusError](err); ok {
		switch se.Code {
		case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// failureKind names the class of a transient error for logs, without the
// provider's message (which might quote the prompt).
func failureKind(err error) string {
	if se, ok := errors.AsType[*StatusError](err); ok {
		return fmt.Sprintf("HTTP %d", se.Code)
	}
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	default:
		return "connection closed"
	}
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
