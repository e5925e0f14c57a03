package knowledge

import (
	"strings"
	"unicode"
)

// column is one of the known columns of a published plan (kb-format.md).
type column int

// The known columns, in the order of the template header.
const (
	colProvince column = iota
	colCity
	colCounty
	colOccupationCode
	colOccupation
	colWorkType
	colLevels
	colInstitution
	colKind
	colContact
	colPhone
	colAddress
	colPlan
	colPublished
	colSourceURL
	colScope
	colAssessment
	colEnrolPeriod
	colExamPeriod
	colFee
	colExample
	numColumns
)

// columnNames holds the Chinese header and the English alias of each column.
var columnNames = [numColumns]struct{ zh, en string }{
	colProvince:       {"省份", "province"},
	colCity:           {"城市", "city"},
	colCounty:         {"区县", "county"},
	colOccupationCode: {"职业编码", "occupation_code"},
	colOccupation:     {"职业名称", "occupation"},
	colWorkType:       {"工种", "work_type"},
	colLevels:         {"认定等级", "levels"},
	colInstitution:    {"机构名称", "institution"},
	colKind:           {"机构类型", "kind"},
	colContact:        {"联系人", "contact"},
	colPhone:          {"联系电话", "phone"},
	colAddress:        {"地址", "address"},
	colPlan:           {"计划名称", "plan"},
	colPublished:      {"发布日期", "published"},
	colSourceURL:      {"来源", "source_url"},
	colScope:          {"认定范围", "scope"},
	colAssessment:     {"考核方式", "assessment"},
	colEnrolPeriod:    {"报名时间", "enrol_period"},
	colExamPeriod:     {"认定时间", "exam_period"},
	colFee:            {"收费标准", "fee"},
	colExample:        {"示例", "example"},
}

// requiredColumns must be in every header. 职业名称 and 认定等级 are required
// in the header but may be empty in 政府部门 rows.
var requiredColumns = []column{colCity, colOccupation, colLevels, colInstitution, colKind}

// TemplateCSVHeader returns the header line of an institutions CSV file with
// every standard column in the documented order (without the optional 示例
// column), for curators starting a new file.
func TemplateCSVHeader() string {
	names := make([]string, 0, numColumns)
	for c := column(0); c < colExample; c++ {
		names = append(names, columnNames[c].zh)
	}
	return strings.Join(names, ",")
}

// label names a column for a problem about a missing column: 城市 (city).
func (c column) label() string {
	return columnNames[c].zh + " (" + columnNames[c].en + ")"
}

// table is the layout of one CSV file or worksheet: where each known column
// is and which columns are extra.
type table struct {
	file  string // path in the KB
	sheet string // worksheet name when not the first sheet, for problems
	// excelDates is set for worksheets, whose date cells come as serial numbers.
	excelDates bool
	headers    []string        // as written, trimmed
	index      [numColumns]int // cell index of each known column, -1 when absent
	extra      []int           // cell indexes of unknown, non-empty headers
}

// header returns the header of column c as the curator wrote it, or the
// Chinese name when the column is absent.
func (t *table) header(c column) string {
	if i := t.index[c]; i >= 0 {
		return t.headers[i]
	}
	return columnNames[c].zh
}

// cell returns the trimmed value of column c in row, or "" when the column is
// absent or the row is short.
func (t *table) cell(row []string, c column) string {
	i := t.index[c]
	if i < 0 || i >= len(row) {
		return ""
	}
	return cleanCell(row[i])
}

// newTable maps a header row to columns. Problems with the header (a missing
// required column, a column given twice) are recorded and make newTable
// return nil: no row of such a table can be read reliably.
func newTable(ps *problems, file, sheet string, line int, header []string) *table {
	t := &table{file: file, sheet: sheet, headers: make([]string, len(header))}
	for c := range t.index {
		t.index[c] = -1
	}
	ok := true
	for i, h := range header {
		h = cleanCell(strings.TrimPrefix(h, "\ufeff"))
		t.headers[i] = h
		if h == "" {
			continue
		}
		c, known := lookupColumn(h)
		if !known {
			t.extra = append(t.extra, i)
			continue
		}
		if prev := t.index[c]; prev >= 0 {
			ps.at(file, sheet, line, h, "is given twice in the header (also %q)", t.headers[prev])
			ok = false
			continue
		}
		t.index[c] = i
	}
	for _, c := range requiredColumns {
		if t.index[c] < 0 {
			ps.file(file, sheet, line, "the header has no column %s", c.label())
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return t
}

// hasColumn reports whether a header row names column c; it tells a plan
// worksheet from an instructions sheet.
func hasColumn(header []string, c column) bool {
	for _, h := range header {
		if got, ok := lookupColumn(cleanCell(strings.TrimPrefix(h, "\ufeff"))); ok && got == c {
			return true
		}
	}
	return false
}

// lookupColumn finds the column a header names: the Chinese name, the
// English alias in any case, either of them marked required with *, or both
// written together as 城市(city).
func lookupColumn(h string) (column, bool) {
	h = strings.Trim(h, "*＊ ")
	if c, ok := matchColumn(h); ok {
		return c, true
	}
	if open := strings.IndexAny(h, "(（"); open > 0 {
		if c, ok := matchColumn(strings.TrimSpace(h[:open])); ok {
			return c, true
		}
		inner := strings.TrimRight(h[open:], ")） ")
		inner = strings.TrimLeft(inner, "(（ ")
		return matchColumn(inner)
	}
	return 0, false
}

// matchColumn matches one name against the Chinese names and English aliases.
func matchColumn(name string) (column, bool) {
	en := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), " ", "_"))
	for c, n := range columnNames {
		if name == n.zh || en == n.en {
			return column(c), true
		}
	}
	return 0, false
}

// cleanCell trims spaces of any width, including the ideographic space and
// no-break spaces that spreadsheets leave behind.
func cleanCell(s string) string {
	return strings.TrimFunc(s, unicode.IsSpace)
}

// isBlankRow reports whether every cell of a row is empty.
func isBlankRow(row []string) bool {
	for _, c := range row {
		if cleanCell(c) != "" {
			return false
		}
	}
	return true
}
