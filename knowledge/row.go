package knowledge

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// occupationCode is the shape of a code of the 职业分类大典: 4-10-01-02.
var occupationCode = regexp.MustCompile(`^\d-\d{2}-\d{2}-\d{2}$`)

// kindList is the list of valid kinds, for problem messages.
var kindList = func() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}()

// rowReader validates the cells of one row and reports its problems.
type rowReader struct {
	l    *loader
	t    *table
	line int
	row  []string
}

// get returns the trimmed cell of column c.
func (r *rowReader) get(c column) string { return r.t.cell(r.row, c) }

// problem records a problem in the cell of column c.
func (r *rowReader) problem(c column, format string, args ...any) {
	r.l.ps.at(r.t.file, r.t.sheet, r.line, r.t.header(c), format, args...)
}

// addRow validates one data row of a plan table and adds it to its
// institution. Blank rows are skipped. Every problem of the row is reported.
func (l *loader) addRow(t *table, line int, row []string) {
	if isBlankRow(row) {
		return
	}
	r := &rowReader{l: l, t: t, line: line, row: row}
	if len(row) > len(t.headers) && !isBlankRow(row[len(t.headers):]) {
		l.ps.file(t.file, t.sheet, line, "the row has %d cells but the header has %d: look for a stray comma or a cell outside the table", len(row), len(t.headers))
	}
	inst := r.institution()
	auth, hasAuth := r.authorization(inst.IsGovernment())
	if inst.Name == "" || inst.City == "" || inst.Kind == "" {
		return
	}
	// A row with other problems is still grouped, so that a conflicting kind
	// in a later row is reported too; the load fails anyway.
	g := l.group(r, inst)
	if g == nil || !hasAuth {
		return
	}
	key := auth.key()
	if g.seen[key] {
		return
	}
	g.seen[key] = true
	g.inst.Authorizations = append(g.inst.Authorizations, auth)
}

// institution reads the columns that describe the body itself.
func (r *rowReader) institution() Institution {
	inst := Institution{
		Name:    r.get(colInstitution),
		Contact: r.get(colContact),
		Address: r.get(colAddress),
	}
	if inst.Name == "" {
		r.problem(colInstitution, "is required")
	}
	if kind := r.get(colKind); kind == "" {
		r.problem(colKind, "is required")
	} else if !slices.Contains(Kinds, Kind(kind)) {
		r.problem(colKind, "%q is not one of %s", kind, kindList)
	} else {
		inst.Kind = Kind(kind)
	}
	r.place(&inst)
	inst.Phones = r.phones()
	inst.Example = r.example()
	return inst
}

// place fills the province, city and county, normalised.
func (r *rowReader) place(inst *Institution) {
	city := r.get(colCity)
	if city == "" {
		r.problem(colCity, "is required")
		return
	}
	res := r.l.city(city)
	if !res.ok {
		if counties := r.l.places.County("", city); len(counties) > 0 {
			c := counties[0]
			r.problem(colCity, "%q is a county or district of %s: write %s in 城市 and %s in 区县", city, c.City, c.City, c.County)
			return
		}
		r.problem(colCity, "%q is not a known prefecture-level city", city)
		return
	}
	inst.City, inst.Province = res.region.City, res.region.Province
	if p := r.get(colProvince); p != "" {
		switch {
		case inst.Province == "":
			inst.Province = p
		case p != inst.Province && !strings.HasPrefix(inst.Province, p):
			r.problem(colProvince, "%q does not match 城市 %s, which is in %s", p, inst.City, inst.Province)
		}
	}
	if county := r.get(colCounty); county != "" {
		c := r.l.county(inst.City, county)
		if c.elsewhere != "" {
			r.problem(colCounty, "%q is not in %s (it is in %s)", county, inst.City, c.elsewhere)
			return
		}
		inst.County = c.name
	}
}

// phones splits the phone cell into numbers.
func (r *rowReader) phones() []string {
	cell := r.get(colPhone)
	if cell == "" {
		return nil
	}
	phones := splitPhones(cell)
	for _, p := range phones {
		if countDigits(p) < 5 {
			r.problem(colPhone, "%q is not a phone number", p)
		}
	}
	return phones
}

// example reports whether the row is an example: the optional 示例 column
// says 是 (yes, true, 1), or the 计划名称 contains 示例.
func (r *rowReader) example() bool {
	planned := strings.Contains(r.get(colPlan), "示例")
	switch v := r.get(colExample); strings.ToLower(v) {
	case "是", "yes", "y", "true", "1", "示例":
		return true
	case "", "否", "no", "n", "false", "0":
		return planned
	default:
		r.problem(colExample, "%q is neither 是 nor 否", v)
		return planned
	}
}

// authorization reads the columns of the authorization. has is false for a
// 政府部门 row that names no occupation.
func (r *rowReader) authorization(government bool) (a Authorization, has bool) {
	a = Authorization{
		Occupation:     r.get(colOccupation),
		OccupationCode: r.get(colOccupationCode),
		WorkType:       r.get(colWorkType),
		Plan:           r.get(colPlan),
		SourceURL:      r.get(colSourceURL),
		Assessment:     r.get(colAssessment),
		EnrolPeriod:    r.excelDateText(colEnrolPeriod),
		ExamPeriod:     r.excelDateText(colExamPeriod),
		Fee:            r.get(colFee),
		Extra:          r.extra(),
		File:           r.t.file,
		Line:           r.line,
	}
	levels := r.get(colLevels)
	if government && a.Occupation == "" && levels == "" {
		return a, false
	}
	if a.Occupation == "" {
		r.problem(colOccupation, "is required")
	}
	if a.OccupationCode != "" && !occupationCode.MatchString(a.OccupationCode) {
		r.problem(colOccupationCode, "%q is not a code like 4-10-01-02", a.OccupationCode)
	}
	switch {
	case levels != "":
		res := r.l.parseLevels(levels)
		if res.err != nil {
			r.problem(colLevels, "%s", res.err)
		}
		a.Levels = slices.Clone(res.levels)
	case !government:
		r.problem(colLevels, "is required")
	}
	if v := r.get(colPublished); v != "" {
		d, ok := r.date(v)
		if !ok {
			r.problem(colPublished, "%q is not a date: write it as 2024-06-15", v)
		}
		a.Published = d
	}
	if a.SourceURL != "" && !strings.HasPrefix(a.SourceURL, "http://") && !strings.HasPrefix(a.SourceURL, "https://") {
		r.problem(colSourceURL, "%q is not a web link starting with http:// or https://", a.SourceURL)
	}
	a.Scope = r.scope()
	return a, true
}

// scope normalises 认定范围 to 面向社会 or 本单位职工.
func (r *rowReader) scope() string {
	v := r.get(colScope)
	switch {
	case v == "":
		return ""
	case strings.Contains(v, "本单位") || strings.Contains(v, "内部"):
		return "本单位职工"
	case strings.Contains(v, "社会"):
		return "面向社会"
	}
	r.problem(colScope, "%q is neither 面向社会 nor 本单位职工", v)
	return v
}

// date parses a date cell; worksheets may hold it as a serial number.
func (r *rowReader) date(v string) (time.Time, bool) {
	if r.t.excelDates {
		if d, ok := excelSerialDate(v); ok {
			return d, true
		}
	}
	d, rest, ok := parseDate(v)
	if !ok || !isMidnight(rest) {
		return time.Time{}, false
	}
	return d, true
}

// excelDateText returns a free-text cell, writing a worksheet date held as a
// serial number as 2024-06-15.
func (r *rowReader) excelDateText(c column) string {
	v := r.get(c)
	if r.t.excelDates {
		if d, ok := excelSerialDate(v); ok {
			return d.Format(time.DateOnly)
		}
	}
	return v
}

// extra returns the non-empty cells of unknown columns, by header.
func (r *rowReader) extra() map[string]string {
	var m map[string]string
	for _, i := range r.t.extra {
		if i >= len(r.row) {
			continue
		}
		if v := cleanCell(r.row[i]); v != "" {
			if m == nil {
				m = make(map[string]string)
			}
			m[r.t.headers[i]] = v
		}
	}
	return m
}

// group finds or starts the institution of a row and merges the row's
// description into it: the first non-empty contact, address and county win,
// phones are merged. A row that gives the institution another kind is a
// problem, and group returns nil.
func (l *loader) group(r *rowReader, inst Institution) *group {
	key := inst.City + "\x00" + inst.Name
	g, ok := l.groups[key]
	if !ok {
		inst.ID = institutionID(inst.City, inst.Name)
		g = &group{inst: inst, kindFile: r.t.file, kindSheet: r.t.sheet, kindLine: r.line, seen: make(map[string]bool)}
		l.groups[key] = g
		return g
	}
	if g.inst.Kind != inst.Kind {
		where := Problem{File: g.kindFile, Sheet: g.kindSheet, Line: g.kindLine}.String()
		if g.kindFile == r.t.file && g.kindSheet == r.t.sheet {
			where = fmt.Sprintf("line %d", g.kindLine)
		}
		r.problem(colKind, "%q differs from %q given for the same institution at %s", inst.Kind, g.inst.Kind, where)
		return nil
	}
	gi := &g.inst
	gi.Contact = cmp.Or(gi.Contact, inst.Contact)
	gi.Address = cmp.Or(gi.Address, inst.Address)
	gi.County = cmp.Or(gi.County, inst.County)
	gi.Province = cmp.Or(gi.Province, inst.Province)
	for _, p := range inst.Phones {
		if !slices.Contains(gi.Phones, p) {
			gi.Phones = append(gi.Phones, p)
		}
	}
	gi.Example = gi.Example || inst.Example
	return g
}

// key identifies an authorization's content, to drop rows repeated exactly.
func (a Authorization) key() string {
	levels := make([]byte, len(a.Levels))
	for i, l := range a.Levels {
		levels[i] = byte('0' + l)
	}
	return strings.Join([]string{a.Occupation, a.OccupationCode, a.WorkType, string(levels),
		a.Plan, a.Published.Format(time.DateOnly), a.SourceURL, a.Scope, a.Assessment,
		a.EnrolPeriod, a.ExamPeriod, a.Fee}, "\x00")
}
