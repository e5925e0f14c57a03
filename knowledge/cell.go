package knowledge

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// chinaTime is Asia/Shanghai. China has kept UTC+8 without daylight saving
// since 1991, so a fixed zone is exact for every KB date and needs no tzdata
// in the container image.
var chinaTime = time.FixedZone("CST", 8*60*60)

// splitPhones splits a phone cell on 、 ; ； , ， / and spaces and drops
// duplicates. Spaces split only when every piece is a whole number (seven
// digits or more), so that 0579 8888 1234 stays one number.
func splitPhones(cell string) []string {
	pieces := strings.FieldsFunc(cell, func(r rune) bool {
		switch r {
		case '、', ';', '；', ',', '，', '/', '／':
			return true
		}
		return false
	})
	var phones []string
	add := func(p string) {
		if p != "" && !slices.Contains(phones, p) {
			phones = append(phones, p)
		}
	}
	for _, piece := range pieces {
		words := strings.Fields(piece)
		whole := len(words) > 1
		for _, w := range words {
			whole = whole && countDigits(w) >= 7
		}
		if whole {
			for _, w := range words {
				add(w)
			}
			continue
		}
		add(strings.Join(words, " "))
	}
	return phones
}

// countDigits counts the ASCII digits in s.
func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// parseDate reads a date written 2024-06-15, 2024/6/15, 2024.6.15 or
// 2024年6月15日 at the start of s, returning it at midnight in China and the
// rest of s, trimmed.
func parseDate(s string) (d time.Time, rest string, ok bool) {
	s = strings.TrimSpace(s)
	year, s, ok := leadingInt(s, 4, 4)
	if !ok {
		return time.Time{}, "", false
	}
	var sep1, sep2 string
	switch {
	case strings.HasPrefix(s, "年"):
		sep1, sep2 = "年", "月"
	case s != "" && strings.ContainsRune("-/.", rune(s[0])):
		sep1, sep2 = s[:1], s[:1]
	default:
		return time.Time{}, "", false
	}
	month, s, ok := leadingInt(strings.TrimPrefix(s, sep1), 1, 2)
	if !ok || !strings.HasPrefix(s, sep2) {
		return time.Time{}, "", false
	}
	day, s, ok := leadingInt(strings.TrimPrefix(s, sep2), 1, 2)
	if !ok {
		return time.Time{}, "", false
	}
	if sep1 == "年" {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "日"), "号")
	}
	if next := firstRune(s); unicode.IsDigit(next) {
		return time.Time{}, "", false
	}
	d = time.Date(year, time.Month(month), day, 0, 0, 0, 0, chinaTime)
	if d.Year() != year || int(d.Month()) != month || d.Day() != day {
		return time.Time{}, "", false // 2024-02-30
	}
	return d, strings.TrimSpace(s), true
}

// parseClock reads a time of day written 14:00 or 14:00:00, after an
// optional T.
func parseClock(s string) (hour, minute int, ok bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "T")
	hour, s, ok = leadingInt(s, 1, 2)
	if !ok || !strings.HasPrefix(s, ":") {
		return 0, 0, false
	}
	minute, s, ok = leadingInt(s[1:], 2, 2)
	if !ok {
		return 0, 0, false
	}
	if strings.HasPrefix(s, ":") {
		if _, s, ok = leadingInt(s[1:], 2, 2); !ok {
			return 0, 0, false
		}
	}
	if s != "" || hour > 23 || minute > 59 {
		return 0, 0, false
	}
	return hour, minute, true
}

// isMidnight reports whether the rest of a date cell adds no time of day, as
// in the 2024-06-15 00:00:00 a spreadsheet exports.
func isMidnight(rest string) bool {
	if rest == "" {
		return true
	}
	h, m, ok := parseClock(rest)
	return ok && h == 0 && m == 0
}

// leadingInt reads an integer of min to max ASCII digits at the start of s.
func leadingInt(s string, min, max int) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && i < max && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i < min {
		return 0, s, false
	}
	n, err := strconv.Atoi(s[:i])
	return n, s[i:], err == nil
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// excelSerialDate reads a worksheet date stored as a serial day number
// (45458 is 2024-06-15). Only serials between 1954 and 2118 are taken, so
// that a bare year or a small number is not read as a date.
func excelSerialDate(v string) (time.Time, bool) {
	if v == "" || strings.Trim(v, "0123456789.") != "" {
		return time.Time{}, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 20000 || f > 80000 {
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, chinaTime), true
}
