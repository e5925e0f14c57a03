package knowledge

import (
	"slices"
	"strings"
)

// cityResult is a cached city lookup.
type cityResult struct {
	region Region
	ok     bool
}

// countyResult is a cached county lookup: the normalised name, or, when the
// county belongs to another city, the cities it belongs to.
type countyResult struct {
	name      string
	elsewhere string
}

// levelResult is a cached ParseLevels call.
type levelResult struct {
	levels []Level
	err    error
}

// city resolves a city name as a curator wrote it (金华, 金华市).
func (l *loader) city(name string) cityResult {
	if res, ok := l.cities[name]; ok {
		return res
	}
	region, ok := l.places.City(name)
	res := cityResult{region: region, ok: ok}
	l.cities[name] = res
	return res
}

// county normalises a county or district name within city (义乌 → 义乌市). A
// name the gazetteer does not know at all (a development zone, a new
// district) is kept as written; one it knows only in other cities is
// reported through elsewhere. A county cell that repeats the city is cleared.
func (l *loader) county(city, name string) countyResult {
	key := city + "\x00" + name
	if res, ok := l.counties[key]; ok {
		return res
	}
	res := l.resolveCounty(city, name)
	l.counties[key] = res
	return res
}

func (l *loader) resolveCounty(city, name string) countyResult {
	for _, r := range l.places.County(city, name) {
		if r.City == city && r.County != "" {
			return countyResult{name: r.County}
		}
	}
	if name == city {
		return countyResult{}
	}
	if r, ok := l.places.City(name); ok && r.City == city {
		return countyResult{}
	}
	var cities []string
	for _, r := range l.places.County("", name) {
		if r.City != "" && r.City != city && !slices.Contains(cities, r.City) {
			cities = append(cities, r.City)
		}
	}
	if len(cities) > 0 {
		return countyResult{elsewhere: strings.Join(cities, "、")}
	}
	return countyResult{name: name}
}

// parseLevels is ParseLevels with a cache: plans repeat the same few
// expressions on thousands of rows.
func (l *loader) parseLevels(s string) levelResult {
	if res, ok := l.levels[s]; ok {
		return res
	}
	levels, err := ParseLevels(s)
	res := levelResult{levels: levels, err: err}
	l.levels[s] = res
	return res
}
