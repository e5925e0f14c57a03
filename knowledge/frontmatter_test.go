package knowledge

import (
	"slices"
	"testing"
)

func TestParseFrontMatter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		key  string
		want []string // the value, or the list items
		body string
	}{
		{"flow list", "---\ntags: [a, \"b c\", 'd']\n---\nbody", "tags", []string{"a", "b c", "d"}, "body"},
		{"Chinese commas", "---\ntags: [人社局，鉴定中心、政府单位]\n---\n", "tags", []string{"人社局", "鉴定中心", "政府单位"}, ""},
		{"block list", "---\ntags:\n  - a\n  - b # note\n---\n\nbody\n\n", "tags", []string{"a", "b"}, "body"},
		{"comment after value", "---\nscope: national   # or a city\n---\n", "scope", []string{"national"}, ""},
		{"hash inside a link", "---\nsource: https://example.org/a#b\n---\n", "source", []string{"https://example.org/a#b"}, ""},
		{"quoted with hash", "---\ntitle: \"A # B\"\n---\n", "title", []string{"A # B"}, ""},
		{"full-width colon", "---\ntitle：标题\n---\n", "title", []string{"标题"}, ""},
		{"upper-case key and CRLF", "\ufeff---\r\nTitle: 标题\r\n---\r\n正文\r\n", "title", []string{"标题"}, "正文"},
		{"colon in value", "---\ndate: 2026-12-06 14:00\n---\n", "date", []string{"2026-12-06 14:00"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps problems
			fm, ok := parseFrontMatter(&ps, "x.md", []byte(tt.in))
			if !ok || len(ps.list) > 0 {
				t.Fatalf("ok = %v, problems = %v", ok, ps.list)
			}
			if fm.body != tt.body {
				t.Errorf("body = %q, want %q", fm.body, tt.body)
			}
			i := slices.IndexFunc(fm.fields, func(f fmField) bool { return f.key == tt.key })
			if i < 0 {
				t.Fatalf("no field %s in %+v", tt.key, fm.fields)
			}
			got := fm.fields[i].list
			if !fm.fields[i].isList {
				got = []string{fm.fields[i].value}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestEventDates(t *testing.T) {
	tests := []struct {
		in          string
		hour, min   int
		wantProblem bool
	}{
		{"2026-12-06 14:00", 14, 0, false},
		{"2026-12-06T09:30", 9, 30, false},
		{"2026-12-06 14:00:00", 14, 0, false},
		{"2026年12月6日 14:00", 14, 0, false},
		{"2026-12-06", 0, 0, false},
		{"2026-12-06 2pm", 0, 0, true},
		{"12/06/2026", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			files := map[string]string{"events/e.md": "---\nid: e\ntitle: 活动\ndate: " + tt.in + "\n---\n"}
			if tt.wantProblem {
				if ps := mustProblems(t, files); len(ps) != 1 || ps[0].Column != "date" || ps[0].Line != 4 {
					t.Errorf("problems = %v", ps)
				}
				return
			}
			b, err := load(mapFS(files), "test", testPlaces{})
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			d := b.Events[0].Date
			if d.Year() != 2026 || d.Month() != 12 || d.Day() != 6 || d.Hour() != tt.hour || d.Minute() != tt.min || d.Location() != chinaTime {
				t.Errorf("date = %v", d)
			}
		})
	}
}
