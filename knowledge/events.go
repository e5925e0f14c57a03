package knowledge

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// eventFields are the front-matter fields of an event.
var eventFields = []string{"id", "title", "date", "city", "place", "topic", "capacity"}

// readEvent reads one events/*.md file: front matter with id, title, date
// (2026-12-06 14:00, or a date alone, in China time), city, place, topic and
// capacity (a whole number, 0 or absent meaning unlimited); the body is the
// description. id, title and date are required; the id must be unique across
// the KB; the city is normalised like a plan's 城市.
func (l *loader) readEvent(name string, data []byte) {
	if !strings.EqualFold(path.Ext(name), ".md") {
		return
	}
	fm, ok := parseFrontMatter(&l.ps, name, data)
	if !ok {
		return
	}
	fr := fieldReader{ps: &l.ps, file: name, known: eventFields}
	e := Event{Body: fm.body, File: name}
	for _, f := range fm.fields {
		switch f.key {
		case "id":
			e.ID = l.checkID(fr, f)
		case "title":
			e.Title = fr.scalar(f)
		case "date":
			e.Date = l.eventDate(fr, f)
		case "city":
			e.City = l.eventCity(fr, f)
		case "place":
			e.Place = fr.scalar(f)
		case "topic":
			e.Topic = fr.scalar(f)
		case "capacity":
			if v := fr.scalar(f); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 {
					l.ps.at(name, "", f.line, f.key, "%q is not a whole number of places (0 or more)", v)
				}
				e.Capacity = n
			}
		default:
			fr.unknown(f)
		}
	}
	fr.required("id", e.ID)
	fr.required("title", e.Title)
	if !slices.ContainsFunc(fm.fields, func(f fmField) bool { return f.key == "date" }) {
		fr.required("date", "")
	}
	l.events = append(l.events, e)
}

// eventDate reads an event's start: a date and an optional time of day.
func (l *loader) eventDate(fr fieldReader, f fmField) time.Time {
	v := fr.scalar(f)
	if v == "" {
		fr.required(f.key, "")
		return time.Time{}
	}
	d, rest, ok := parseDate(v)
	if ok && rest != "" {
		var h, m int
		if h, m, ok = parseClock(rest); ok {
			d = d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
		}
	}
	if !ok {
		l.ps.at(fr.file, "", f.line, f.key, "%q is not a date and time: write it as 2026-12-06 14:00 or 2026-12-06", v)
		return time.Time{}
	}
	return d
}

// eventCity normalises an event's city.
func (l *loader) eventCity(fr fieldReader, f fmField) string {
	v := fr.scalar(f)
	if v == "" {
		return ""
	}
	res := l.city(v)
	if !res.ok {
		l.ps.at(fr.file, "", f.line, f.key, "%q is not a known prefecture-level city", v)
		return v
	}
	return res.region.City
}
