package knowledge

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// frontMatter is a Markdown file split into its front-matter fields and body.
// Only the small subset of YAML that notes and events use is understood:
// `name: value` lines, values optionally quoted, lists written [a, b] or as a
// block of `- item` lines, and # comments.
type frontMatter struct {
	fields []fmField
	body   string
}

// fmField is one field of a front-matter block.
type fmField struct {
	key    string // lower case
	value  string // a scalar value, unquoted
	list   []string
	isList bool
	line   int
}

// parseFrontMatter splits a Markdown file into front matter and body. A file
// without a well-formed block is reported and ok is false; unreadable lines
// inside the block are reported and skipped.
func parseFrontMatter(ps *problems, file string, data []byte) (fm frontMatter, ok bool) {
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if strings.TrimSpace(lines[0]) != "---" {
		ps.file(file, "", 1, "the file must start with a front matter block: a line ---, the fields (id: …, title: …), and another line ---")
		return fm, false
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if t := strings.TrimSpace(lines[i]); t == "---" || t == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		ps.file(file, "", 1, "the front matter block is not closed by a line ---")
		return fm, false
	}
	seen := make(map[string]int)
	for i := 1; i < end; i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if item, isItem := strings.CutPrefix(line, "-"); isItem {
			last := len(fm.fields) - 1
			if last < 0 || (fm.fields[last].value != "" && !fm.fields[last].isList) {
				ps.file(file, "", i+1, "this list item belongs to no field: %q", line)
				continue
			}
			if v := fmScalar(item); v != "" {
				fm.fields[last].list = append(fm.fields[last].list, v)
			}
			fm.fields[last].isList = true
			continue
		}
		colon := strings.IndexAny(line, ":：")
		if colon <= 0 {
			ps.file(file, "", i+1, "cannot read this front matter line: %q; write it as name: value", line)
			continue
		}
		key := strings.ToLower(strings.TrimSpace(line[:colon]))
		_, size := utf8.DecodeRuneInString(line[colon:])
		if prev, dup := seen[key]; dup {
			ps.at(file, "", i+1, key, "is given twice (also on line %d)", prev)
			continue
		}
		seen[key] = i + 1
		fm.fields = append(fm.fields, fmValue(key, line[colon+size:], i+1))
	}
	fm.body = strings.TrimSpace(strings.Join(lines[end+1:], "\n"))
	return fm, true
}

// fmValue reads the value of a field: a scalar, or a flow list [a, b].
func fmValue(key, raw string, line int) fmField {
	f := fmField{key: key, line: line}
	v := strings.TrimSpace(raw)
	if strings.HasPrefix(v, "[") {
		if end := strings.LastIndex(v, "]"); end > 0 {
			f.isList = true
			f.list = splitList(v[1:end])
			return f
		}
	}
	f.value = fmScalar(v)
	return f
}

// splitList splits a list on commas, Chinese commas and 、, unquoting items
// and dropping empty ones.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if v := fmScalar(item); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// fmScalar trims a scalar, removes a trailing # comment and unquotes it.
func fmScalar(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if q := s[0]; q == '"' || q == '\'' {
		if end := strings.IndexByte(s[1:], q); end >= 0 {
			quoted := s[:end+2]
			if q == '"' {
				if u, err := strconv.Unquote(quoted); err == nil {
					return u
				}
			}
			return quoted[1 : len(quoted)-1]
		}
	}
	for _, marker := range []string{" #", "\t#"} {
		if i := strings.Index(s, marker); i >= 0 {
			s = s[:i]
		}
	}
	return strings.TrimSpace(s)
}

// fieldReader checks the fields of one front matter against the fields a
// kind of file may have.
type fieldReader struct {
	ps    *problems
	file  string
	known []string
}

// scalar returns a field's value, reporting a list given where one value is
// expected (and then returning the items joined, so that no second problem
// says the field is missing).
func (fr fieldReader) scalar(f fmField) string {
	if f.isList {
		fr.ps.at(fr.file, "", f.line, f.key, "must be one value, not a list")
		return strings.Join(f.list, ", ")
	}
	return f.value
}

// unknown reports a field that this kind of file does not have.
func (fr fieldReader) unknown(f fmField) {
	fr.ps.at(fr.file, "", f.line, f.key, "is not a known field; the fields are %s", strings.Join(fr.known, ", "))
}

// required reports a required field that is missing or empty.
func (fr fieldReader) required(key, value string) {
	if value == "" {
		fr.ps.at(fr.file, "", 1, key, "is required in the front matter")
	}
}
