package bot_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/store"
)

var exportBookings = []store.Booking{
	{
		ID: "ZJ20261120-0002", Kind: store.KindConsultation, OpenID: "o1", Name: "王芳", City: "金华市",
		Background: "大专，幼师", Questions: "保育师怎么考，\n补贴怎么领", PreferredTime: "周六下午",
		Phone: "13812345678", Status: store.StatusNew,
		CreatedAt: time.Date(2026, 11, 20, 2, 30, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 11, 20, 2, 30, 0, 0, time.UTC),
	},
	{
		ID: "ZJ20261120-0001", Kind: store.KindEvent, EventID: "ev-1", OpenID: "o2", Name: "=HYPERLINK(\"x\")",
		WeChatID: "liming_2024", Status: store.StatusDone,
		CreatedAt: time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 11, 21, 1, 0, 0, 0, time.UTC),
	},
}

func TestWriteBookingsCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := bot.WriteBookingsCSV(&buf, exportBookings); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatalf("no UTF-8 BOM: % x", data[:8])
	}
	rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	if len(rows) != 3 || rows[0][0] != "预约号" || rows[0][9] != "手机" {
		t.Fatalf("rows %q", rows)
	}
	first := rows[1]
	for i, want := range map[int]string{0: "ZJ20261120-0002", 1: "一对一咨询", 3: "待老师联系", 4: "王芳", 7: "保育师怎么考，\n补贴怎么领", 9: "13812345678", 12: "2026-11-20 10:30"} {
		if first[i] != want {
			t.Errorf("row 1 column %d (%s) = %q, want %q", i, rows[0][i], first[i], want)
		}
	}
	second := rows[2]
	if second[1] != "活动报名" || second[2] != "ev-1" || second[10] != "liming_2024" {
		t.Errorf("row 2 %q", second)
	}
	if !strings.HasPrefix(second[4], "'=") {
		t.Errorf("a formula cell is not defused: %q", second[4])
	}

	var empty bytes.Buffer
	if err := bot.WriteBookingsCSV(&empty, nil); err != nil || strings.Count(empty.String(), "\n") != 1 {
		t.Errorf("no bookings: %q, %v", empty.String(), err)
	}
}

func TestFormatBooking(t *testing.T) {
	got := bot.FormatBooking(exportBookings[0])
	for _, want := range []string{"预约号：ZJ20261120-0002", "称呼：王芳", "背景：大专，幼师", "手机：13812345678", "状态：待老师联系（new）", "提交时间：2026-11-20 10:30"} {
		if !strings.Contains(got, want) {
			t.Errorf("FormatBooking lacks %q:\n%s", want, got)
		}
	}
}

func TestFormatBookingLine(t *testing.T) {
	tests := []struct {
		b    store.Booking
		want []string
		not  []string
	}{
		{exportBookings[0], []string{"ZJ20261120-0002", "待老师联系", "2026-11-20 10:30", "王芳", "138****5678", "保育师怎么考，"}, []string{"13812345678", "\n"}},
		{exportBookings[1], []string{"ZJ20261120-0001", "已完成", "活动报名", "li***24"}, []string{"liming_2024"}},
	}
	for _, tt := range tests {
		t.Run(tt.b.ID, func(t *testing.T) {
			got := bot.FormatBookingLine(tt.b)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("line lacks %q: %s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("line contains %q: %s", n, got)
				}
			}
		})
	}
}
