package main

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/knowledge"
)

// metrics is the Prometheus side of bot.Observer plus HTTP and KB gauges.
// Each app has its own registry, so tests can run several apps at once.
type metrics struct {
	reg          *prometheus.Registry
	deliveries   *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	httpStatus   *prometheus.CounterVec
	answers      *prometheus.CounterVec
	answerTime   *prometheus.HistogramVec
	guard        *prometheus.CounterVec
	fallbacks    *prometheus.CounterVec
	modelCalls   *prometheus.CounterVec
	modelTime    prometheus.Histogram
	late         *prometheus.CounterVec
	bookings     *prometheus.CounterVec
	kbItems      *prometheus.GaugeVec
	kbNewestPlan prometheus.Gauge
	kbLoaded     prometheus.Gauge
}

var _ bot.Observer = (*metrics)(nil)

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "advisor_webhook_deliveries_total",
			Help: "WeChat deliveries by message kind and outcome (answered, joined, held, late_notice, rate_limited, answered_degraded, ignored).",
		}, []string{"kind", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "advisor_webhook_delivery_seconds",
			Help:    "Time the bot took to settle one delivery.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 4, 4.5, 5, 6},
		}, []string{"outcome"}),
		httpStatus: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "advisor_webhook_http_responses_total",
			Help: "Webhook HTTP responses by status code.",
		}, []string{"code"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "advisor_answers_total",
			Help: "Answers computed, by source (offline, llm, dialog, fixed, continue).",
		}, []string{"source"}),
		answerTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "advisor_answer_seconds",
			Help:    "Time to compute an answer, model calls included.",
			Buckets: []float64{.001, .005, .01, .05, .1, .5, 1, 2, 4, 8, 15, 25},
		}, []string{"source"}),
		guard: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "advisor_guard_interventions_total",
			Help: "Rules the guard applied to answers, by rule.",
		}, []string{"rule"}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "advisor_model_fallbacks_total",
			Help: "Model answers replaced by the offline answer, by reason (timeout, error, busy, empty).",
		}, []string{"reason"}),
		modelCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "advisor_model_calls_total",
			Help: "Calls to the language model by outcome (ok, timeout, busy, error).",
		}, []string{"outcome"}),
		modelTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "advisor_model_call_seconds",
			Help:    "Latency of language-model calls, retries included.",
			Buckets: []float64{.1, .25, .5, 1, 2, 3, 4, 6, 8, 12, 20, 30},
		}),
		late: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "advisor_late_answers_total",
			Help: "Answers that missed every delivery: pushed, kept for the next message, or push_failed.",
		}, []string{"how"}),
		bookings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "advisor_bookings_created_total",
			Help: "Bookings created, by kind (consultation, event).",
		}, []string{"kind"}),
		kbItems: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "advisor_kb_items",
			Help: "Knowledge base size by item (institutions, authorizations, notes, events).",
		}, []string{"item"}),
		kbNewestPlan: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "advisor_kb_newest_plan_timestamp_seconds",
			Help: "Publication date of the newest plan in the knowledge base (0 when unknown).",
		}),
		kbLoaded: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "advisor_kb_loaded_timestamp_seconds",
			Help: "When the knowledge base in use was loaded.",
		}),
	}
	m.reg.MustRegister(m.deliveries, m.latency, m.httpStatus, m.answers, m.answerTime, m.guard,
		m.fallbacks, m.modelCalls, m.modelTime, m.late, m.bookings, m.kbItems, m.kbNewestPlan, m.kbLoaded,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) Delivery(kind, outcome string, d time.Duration) {
	m.deliveries.WithLabelValues(kind, outcome).Inc()
	m.latency.WithLabelValues(outcome).Observe(d.Seconds())
}

func (m *metrics) Answer(source string, rules []bot.Rule, d time.Duration) {
	m.answers.WithLabelValues(source).Inc()
	m.answerTime.WithLabelValues(source).Observe(d.Seconds())
	for _, r := range rules {
		m.guard.WithLabelValues(string(r)).Inc()
	}
}

// modelCall is the llm.Client's OnCall hook.
func (m *metrics) modelCall(d time.Duration, err error) {
	outcome := "ok"
	switch {
	case err == nil:
	case errors.Is(err, llm.ErrBusy):
		outcome = "busy"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		outcome = "timeout"
	default:
		outcome = "error"
	}
	m.modelCalls.WithLabelValues(outcome).Inc()
	if outcome != "busy" {
		m.modelTime.Observe(d.Seconds())
	}
}

func (m *metrics) ModelFallback(reason string) { m.fallbacks.WithLabelValues(reason).Inc() }
func (m *metrics) LateAnswer(how string)       { m.late.WithLabelValues(how).Inc() }
func (m *metrics) BookingCreated(kind string)  { m.bookings.WithLabelValues(kind).Inc() }

// setKB records the size and age of the knowledge base in use.
func (m *metrics) setKB(b *knowledge.Base) {
	auths := 0
	var newest time.Time
	for _, in := range b.Institutions {
		auths += len(in.Authorizations)
		for _, au := range in.Authorizations {
			if au.Published.After(newest) {
				newest = au.Published
			}
		}
	}
	m.kbItems.WithLabelValues("institutions").Set(float64(len(b.Institutions)))
	m.kbItems.WithLabelValues("authorizations").Set(float64(auths))
	m.kbItems.WithLabelValues("notes").Set(float64(len(b.Notes)))
	m.kbItems.WithLabelValues("events").Set(float64(len(b.Events)))
	if !newest.IsZero() {
		m.kbNewestPlan.Set(float64(newest.Unix()))
	}
	m.kbLoaded.Set(float64(time.Now().Unix()))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// instrument counts the webhook's HTTP status codes.
func (m *metrics) instrument(next http.Handler) http.Handler {
	return promhttp.InstrumentHandlerCounter(m.httpStatus, next)
}
