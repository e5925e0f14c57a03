package bot

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zhijian/advisor/bot/store"
)

// utf8BOM starts the CSV so that Excel reads it as UTF-8.
const utf8BOM = "\ufeff"

// kindNames say a booking's kind in Chinese.
var kindNames = map[string]string{
	store.KindConsultation: "一对一咨询",
	store.KindEvent:        "活动报名",
}

// csvHeader are the export's columns.
var csvHeader = []string{"预约号", "类型", "活动", "状态", "称呼", "城市", "背景", "问题", "方便时间", "手机", "微信号", "OpenID", "提交时间", "更新时间"}

// WriteBookingsCSV writes bookings as CSV for the consultant: UTF-8 with a
// byte-order mark (so Excel shows the Chinese), a Chinese header, one row
// per booking with full contacts, times in China time. Cells that a
// spreadsheet would run as a formula are quoted with a leading apostrophe.
// It returns the first write error.
func WriteBookingsCSV(w io.Writer, bs []store.Booking) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("write bookings csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel expects
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write bookings csv: %w", err)
	}
	for _, b := range bs {
		row := []string{
			b.ID, kindName(b.Kind), b.EventID, statusName(b.Status), b.Name, b.City, b.Background,
			b.Questions, b.PreferredTime, b.Phone, b.WeChatID, b.OpenID, cstMinute(b.CreatedAt), cstMinute(b.UpdatedAt),
		}
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write bookings csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write bookings csv: %w", err)
	}
	return nil
}

// csvSafe defuses a cell a spreadsheet would read as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// FormatBooking is a booking in full, one "label：value" per line, for
// `advisor bookings show` (the consultant's own terminal: contacts in full).
func FormatBooking(b store.Booking) string {
	lines := append([]string{"预约号：" + b.ID}, bookingLines(b)...)
	lines = append(lines,
		"状态："+statusName(b.Status)+"（"+b.Status+"）",
		"提交时间："+cstMinute(b.CreatedAt),
		"更新时间："+cstMinute(b.UpdatedAt),
	)
	return strings.Join(lines, "\n")
}

// FormatBookingLine is a booking on one line, for `advisor bookings list`:
// ID, status, time, kind, name, city, masked contact and the start of the
// questions.
func FormatBookingLine(b store.Booking) string {
	contact := maskContact(b)
	if contact == "" {
		contact = "-"
	}
	fields := []string{
		b.ID, statusName(b.Status), cstMinute(b.CreatedAt), kindName(b.Kind),
		orDash(b.Name), orDash(b.City), contact, orDash(cutRunes(oneLine(b.Questions), 24)),
	}
	return strings.Join(fields, "  ")
}

// bookingLines are the booking's details as "label：value" lines, empty
// values left out, contacts in full.
func bookingLines(b store.Booking) []string {
	var out []string
	add := func(label, v string) {
		if v != "" {
			out = append(out, label+"："+v)
		}
	}
	add("类型", kindName(b.Kind))
	add("活动", b.EventID)
	add("称呼", b.Name)
	add("城市", b.City)
	add("背景", b.Background)
	add("问题", b.Questions)
	add("方便时间", b.PreferredTime)
	add("手机", b.Phone)
	add("微信号", b.WeChatID)
	return out
}

func kindName(k string) string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return k
}

func statusName(s string) string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return s
}

// chinaTime formats t in China time to the minute; "" for the zero time.
func cstMinute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(cstZone).Format("2006-01-02 15:04")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
