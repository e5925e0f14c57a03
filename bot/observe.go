package bot

import "time"

// Observer receives the bot's measurements (the cmd wires Prometheus).
// Implementations must be safe for concurrent use and fast.
type Observer interface {
	// Delivery is called once per webhook delivery: the message kind (text,
	// voice, event:subscribe…), how it ended (answered, joined, late_notice,
	// held, rate_limited, duplicate, pending_delivered) and how long it took.
	Delivery(kind, outcome string, d time.Duration)
	// Answer is called once per computed answer: its source (offline, llm,
	// dialog, menu) and the guard rules applied.
	Answer(source string, rules []Rule, d time.Duration)
	// ModelFallback is called when the model was asked but the offline answer
	// went out; reason is timeout, error, busy or empty.
	ModelFallback(reason string)
	// LateAnswer is called when an answer missed every delivery; how is
	// pushed, kept or push_failed.
	LateAnswer(how string)
	// BookingCreated is called for each new booking or event sign-up.
	BookingCreated(kind string)
}

type nopObserver struct{}

func (nopObserver) Delivery(string, string, time.Duration) {}
func (nopObserver) Answer(string, []Rule, time.Duration)   {}
func (nopObserver) ModelFallback(string)                   {}
func (nopObserver) LateAnswer(string)                      {}
func (nopObserver) BookingCreated(string)                  {}
