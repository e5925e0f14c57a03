package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/store"
)

const adminToken = "test-admin-token-1234"

// adminFixture is an admin API over a store holding two bookings.
type adminFixture struct {
	srv  *httptest.Server
	st   store.Store
	logs *bytes.Buffer
	a, b store.Booking // a stays new; b is contacted
}

func mustAdmin(tb testing.TB, st store.Store, token string) *adminFixture {
	tb.Helper()
	f := &adminFixture{st: st, logs: &bytes.Buffer{}}
	ctx := context.Background()
	f.a = store.Booking{Kind: store.KindConsultation, OpenID: "o-a", Name: "王芳", City: "金华市", Phone: "13812345678"}
	f.b = store.Booking{Kind: store.KindConsultation, OpenID: "o-b", Name: "李明", City: "杭州市", WeChatID: "liming_2024"}
	for _, b := range []*store.Booking{&f.a, &f.b} {
		if err := st.CreateBooking(ctx, b, 0); err != nil {
			tb.Fatalf("create booking: %v", err)
		}
	}
	var err error
	if f.b, err = st.SetBookingStatus(ctx, f.b.ID, store.StatusContacted); err != nil {
		tb.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: f.logs}, nil))
	mux := http.NewServeMux()
	mux.Handle("/admin/", bot.NewAdminHandler(st, token, logger))
	f.srv = httptest.NewServer(mux)
	tb.Cleanup(f.srv.Close)
	return f
}

// do sends a request with the given token ("" for none) and returns the
// status and body.
func (f *adminFixture) do(tb testing.TB, method, path, token, contentType, body string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, data
}

func TestAdminAuth(t *testing.T) {
	f := mustAdmin(t, store.NewMemory(), adminToken)
	tests := []struct {
		name   string
		header string
		want   int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"wrong token", "Bearer nope", http.StatusUnauthorized},
		{"token prefix", "Bearer " + adminToken[:5], http.StatusUnauthorized},
		{"wrong scheme", "Basic " + adminToken, http.StatusUnauthorized},
		{"right token", "Bearer " + adminToken, http.StatusOK},
		{"scheme in lower case", "bearer " + adminToken, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", f.srv.URL+"/admin/bookings", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tt.want, body)
			}
			if tt.want == http.StatusUnauthorized {
				if resp.Header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				if !strings.Contains(string(body), `"error"`) || strings.Contains(string(body), "13812345678") {
					t.Errorf("401 body %s", body)
				}
			}
		})
	}
	// Unknown paths are refused too, before anything is revealed.
	if resp, _ := f.do(t, "GET", "/admin/secret", "", "", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown path without token: %d", resp.StatusCode)
	}
}

func TestAdminOffWithoutToken(t *testing.T) {
	f := mustAdmin(t, store.NewMemory(), "")
	for _, path := range []string{"/admin/bookings", "/admin/bookings/" + f.a.ID} {
		resp, body := f.do(t, "GET", path, "anything", "", "")
		if resp.StatusCode != http.StatusNotFound || strings.Contains(string(body), "13812345678") {
			t.Errorf("GET %s with the API off: %d %s", path, resp.StatusCode, body)
		}
	}
}

func TestAdminListAndGet(t *testing.T) {
	f := mustAdmin(t, store.NewMemory(), adminToken)
	tests := []struct {
		query string
		want  []string // IDs, newest first
	}{
		{"", []string{f.b.ID, f.a.ID}},
		{"?status=new", []string{f.a.ID}},
		{"?status=contacted", []string{f.b.ID}},
		{"?status=done", []string{}},
	}
	for _, tt := range tests {
		t.Run("list"+tt.query, func(t *testing.T) {
			resp, body := f.do(t, "GET", "/admin/bookings"+tt.query, adminToken, "", "")
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			var bs []store.Booking
			if err := json.Unmarshal(body, &bs); err != nil {
				t.Fatalf("%s: %v", body, err)
			}
			ids := []string{}
			for _, b := range bs {
				ids = append(ids, b.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tt.want, ",") {
				t.Errorf("IDs %v, want %v", ids, tt.want)
			}
		})
	}
	if resp, body := f.do(t, "GET", "/admin/bookings?status=bogus", adminToken, "", ""); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad status filter: %d %s", resp.StatusCode, body)
	}

	resp, body := f.do(t, "GET", "/admin/bookings/"+f.a.ID, adminToken, "", "")
	var got store.Booking
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &got) != nil || got.Phone != "13812345678" || got.Name != "王芳" {
		t.Errorf("get %s: %d %s", f.a.ID, resp.StatusCode, body)
	}
	if resp, body := f.do(t, "GET", "/admin/bookings/ZJ19990101-0001", adminToken, "", ""); resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), `"error"`) {
		t.Errorf("unknown id: %d %s", resp.StatusCode, body)
	}
}

func TestAdminSetStatus(t *testing.T) {
	f := mustAdmin(t, store.NewMemory(), adminToken)
	path := "/admin/bookings/" + f.a.ID + "/status"
	tests := []struct {
		name        string
		contentType string
		body        string
		want        int
		status      string // stored afterwards
	}{
		{"json", "application/json", `{"status":"contacted"}`, http.StatusOK, store.StatusContacted},
		{"form", "application/x-www-form-urlencoded", url.Values{"status": {"done"}}.Encode(), http.StatusOK, store.StatusDone},
		{"unknown status", "application/json", `{"status":"archived"}`, http.StatusBadRequest, store.StatusDone},
		{"no status", "application/json", `{}`, http.StatusBadRequest, store.StatusDone},
		{"bad json", "application/json", `{"status":`, http.StatusBadRequest, store.StatusDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.do(t, "POST", path, adminToken, tt.contentType, tt.body)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tt.want, body)
			}
			b, err := f.st.GetBooking(context.Background(), f.a.ID)
			if err != nil || b.Status != tt.status {
				t.Errorf("stored status %q (%v), want %q", b.Status, err, tt.status)
			}
		})
	}
	if resp, _ := f.do(t, "POST", "/admin/bookings/ZJ19990101-0001/status", adminToken, "application/json", `{"status":"done"}`); resp.StatusCode != http.StatusNotFound {
		t.Errorf("status of an unknown booking: %d", resp.StatusCode)
	}
	if resp, _ := f.do(t, "POST", path, "", "application/json", `{"status":"cancelled"}`); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status change without token: %d", resp.StatusCode)
	}
	if strings.Contains(f.logs.String(), "13812345678") || strings.Contains(f.logs.String(), "王芳") {
		t.Errorf("admin logs contain personal data:\n%s", f.logs.String())
	}
}

func TestAdminStoreUnavailable(t *testing.T) {
	st := store.NewMemory()
	f := mustAdmin(t, st, adminToken)
	_ = st.Close()
	resp, body := f.do(t, "GET", "/admin/bookings", adminToken, "", "")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"error"`) {
		t.Errorf("store down: %d %s", resp.StatusCode, body)
	}
}

func TestAdminExportCSV(t *testing.T) {
	f := mustAdmin(t, store.NewMemory(), adminToken)
	resp, body := f.do(t, "GET", "/admin/bookings.csv", adminToken, "", "")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if !bytes.HasPrefix(body, []byte("\ufeff预约号")) || !bytes.Contains(body, []byte(f.a.ID)) {
		t.Errorf("csv:\n%s", body)
	}
}
