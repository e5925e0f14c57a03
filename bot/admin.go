package bot

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/zhijian/advisor/bot/store"
)

// adminStoreTimeout bounds the store calls of one admin request.
const adminStoreTimeout = 5 * time.Second

// maxAdminBody bounds an admin request body.
const maxAdminBody = 4 << 10

// NewAdminHandler returns the consultant's HTTP API over the bookings in st,
// to be mounted at /admin/ (its patterns carry the full paths):
//
//	GET  /admin/bookings[?status=new|contacted|done|cancelled]  JSON array, newest first
//	GET  /admin/bookings.csv[?status=…]                         the same as CSV (WriteBookingsCSV)
//	GET  /admin/bookings/{id}                                   one booking as JSON
//	POST /admin/bookings/{id}/status                            {"status":"done"} or form status=done
//
// Every request needs "Authorization: Bearer <token>", compared in constant
// time; a missing or wrong token gets 401 with WWW-Authenticate. With token
// "" the API is off: every request gets 404. Errors are JSON {"error":"…"}:
// 400 for a bad status, 404 for an unknown booking, 503 when the store is
// unavailable. Responses carry followers' contacts, so they are not cached;
// logs name bookings by ID only.
func NewAdminHandler(st store.Store, token string, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if token == "" {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			adminError(w, http.StatusNotFound, "not found")
		})
	}
	mux := http.NewServeMux()
	mux.Handle("GET /admin/bookings", handleListBookings(st, logger))
	mux.Handle("GET /admin/bookings.csv", handleExportBookings(st, logger))
	mux.Handle("GET /admin/bookings/{id}", handleGetBooking(st, logger))
	mux.Handle("POST /admin/bookings/{id}/status", handleSetBookingStatus(st, logger))
	mux.Handle("/admin/", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		adminError(w, http.StatusNotFound, "not found")
	}))
	return requireBearer(token, logger, mux)
}

// requireBearer lets through only requests carrying the token.
func requireBearer(token string, logger *slog.Logger, next http.Handler) http.Handler {
	// Hashing both sides makes the comparison constant-time in the token's
	// length as well.
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if !ok || !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			logger.Warn("admin request refused", "method", r.Method, "path", r.URL.Path, "remote", r.RemoteAddr)
			w.Header().Set("WWW-Authenticate", `Bearer realm="advisor-admin"`)
			adminError(w, http.StatusUnauthorized, "unauthorized")
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

func handleListBookings(st store.Store, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bs, ok := listBookings(w, r, st, logger)
		if !ok {
			return
		}
		if bs == nil {
			bs = []store.Booking{}
		}
		adminJSON(w, http.StatusOK, bs)
	})
}

func handleExportBookings(st store.Store, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bs, ok := listBookings(w, r, st, logger)
		if !ok {
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="bookings.csv"`)
		if err := WriteBookingsCSV(w, bs); err != nil {
			logger.Warn("admin export", "err", err)
		}
	})
}

// listBookings reads the bookings a list request asks for, answering the
// request itself when it fails.
func listBookings(w http.ResponseWriter, r *http.Request, st store.Store, logger *slog.Logger) ([]store.Booking, bool) {
	status := r.URL.Query().Get("status")
	if status != "" && !validStatus(status) {
		adminError(w, http.StatusBadRequest, "status must be one of new, contacted, done, cancelled")
		return nil, false
	}
	ctx, cancel := context.WithTimeout(r.Context(), adminStoreTimeout)
	defer cancel()
	bs, err := st.ListBookings(ctx, status)
	if err != nil {
		writeStoreError(w, logger, "list bookings", err)
		return nil, false
	}
	return bs, true
}

func handleGetBooking(st store.Store, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), adminStoreTimeout)
		defer cancel()
		b, err := st.GetBooking(ctx, r.PathValue("id"))
		if err != nil {
			writeStoreError(w, logger, "get booking", err)
			return
		}
		adminJSON(w, http.StatusOK, b)
	})
}

func handleSetBookingStatus(st store.Store, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status, err := readStatus(w, r)
		if err != nil {
			adminError(w, http.StatusBadRequest, err.Error())
			return
		}
		if !validStatus(status) {
			adminError(w, http.StatusBadRequest, "status must be one of new, contacted, done, cancelled")
			return
		}
		id := r.PathValue("id")
		ctx, cancel := context.WithTimeout(r.Context(), adminStoreTimeout)
		defer cancel()
		b, err := st.SetBookingStatus(ctx, id, status)
		if err != nil {
			writeStoreError(w, logger, "set booking status", err)
			return
		}
		logger.Info("booking status changed by admin", "booking", b.ID, "status", b.Status)
		adminJSON(w, http.StatusOK, b)
	})
}

// readStatus reads the new status from a JSON body {"status":"…"} or a form.
func readStatus(w http.ResponseWriter, r *http.Request) (string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxAdminBody)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/json" {
		var body struct {
			Status string `json:"status"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			return "", errors.New(`body must be JSON like {"status":"done"}`)
		}
		return strings.TrimSpace(body.Status), nil
	}
	if err := r.ParseForm(); err != nil {
		return "", errors.New("unreadable bookingForm")
	}
	return strings.TrimSpace(r.FormValue("status")), nil
}

func validStatus(s string) bool {
	switch s {
	case store.StatusNew, store.StatusContacted, store.StatusDone, store.StatusCancelled:
		return true
	}
	return false
}

// writeStoreError answers a failed store call: 404, 400, 503 or 500.
func writeStoreError(w http.ResponseWriter, logger *slog.Logger, op string, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		adminError(w, http.StatusNotFound, "booking not found")
	case errors.Is(err, store.ErrInvalid):
		adminError(w, http.StatusBadRequest, "invalid request")
	case errors.Is(err, store.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		logger.Warn("admin: store unavailable", "op", op, "err", err)
		adminError(w, http.StatusServiceUnavailable, "store unavailable, try again later")
	default:
		logger.Error("admin: store failed", "op", op, "err", err)
		adminError(w, http.StatusInternalServerError, "internal error")
	}
}

// writeJSON writes v as the JSON response.
func adminJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func adminError(w http.ResponseWriter, status int, msg string) {
	adminJSON(w, status, map[string]string{"error": msg})
}
