package knowledge

import (
	"path"
	"strings"
	"unicode"
)

// noteFields are the front-matter fields of a note (kb-format.md).
var noteFields = []string{"id", "title", "tags", "scope", "source", "updated"}

// ScopeNational is the scope of a note that applies everywhere.
const ScopeNational = "national"

// readNote reads one notes/*.md file. id, title and a body are required; the
// id must be unique across the KB; scope is national (the default, also 全国)
// or a prefecture-level city, normalised (金华 → 金华市); updated is a date.
func (l *loader) readNote(name string, data []byte) {
	if !strings.EqualFold(path.Ext(name), ".md") {
		return
	}
	fm, ok := parseFrontMatter(&l.ps, name, data)
	if !ok {
		return
	}
	fr := fieldReader{ps: &l.ps, file: name, known: noteFields}
	n := Note{Body: fm.body, File: name, Scope: ScopeNational}
	for _, f := range fm.fields {
		switch f.key {
		case "id":
			n.ID = l.checkID(fr, f)
		case "title":
			n.Title = fr.scalar(f)
		case "tags":
			n.Tags = f.list
			if !f.isList {
				n.Tags = splitList(f.value)
			}
		case "scope":
			n.Scope = l.noteScope(fr, f)
		case "source":
			n.Source = fr.scalar(f)
		case "updated":
			if v := fr.scalar(f); v != "" {
				d, rest, ok := parseDate(v)
				if !ok || rest != "" {
					l.ps.at(name, "", f.line, f.key, "%q is not a date: write it as 2024-08-01", v)
				}
				n.Updated = d
			}
		default:
			fr.unknown(f)
		}
	}
	fr.required("id", n.ID)
	fr.required("title", n.Title)
	if n.Body == "" {
		l.ps.file(name, "", 0, "the note has no text after its front matter")
	}
	l.notes = append(l.notes, n)
}

// noteScope normalises a note's scope: national, or a city.
func (l *loader) noteScope(fr fieldReader, f fmField) string {
	v := fr.scalar(f)
	switch v {
	case "", ScopeNational, "全国":
		return ScopeNational
	}
	res := l.city(v)
	if !res.ok {
		l.ps.at(fr.file, "", f.line, f.key, "%q is neither national nor a known prefecture-level city", v)
		return v
	}
	return res.region.City
}

// checkID reads an id field and checks that it has no spaces and is used by
// no other note or event.
func (l *loader) checkID(fr fieldReader, f fmField) string {
	id := fr.scalar(f)
	if id == "" {
		return ""
	}
	if strings.ContainsFunc(id, unicode.IsSpace) {
		l.ps.at(fr.file, "", f.line, f.key, "%q must not contain spaces", id)
	}
	if other, dup := l.ids[id]; dup {
		l.ps.at(fr.file, "", f.line, f.key, "%q is already used by %s", id, other)
		return id
	}
	l.ids[id] = fr.file
	return id
}
