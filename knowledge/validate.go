package knowledge

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Problem is one thing wrong in a knowledge base, located precisely enough
// for a curator to find and fix it.
type Problem struct {
	// File is the path inside the KB, e.g. institutions/jinhua.csv; empty when
	// the problem is with the KB as a whole.
	File string
	// Sheet is the worksheet of an XLSX file; set only when it is not the
	// workbook's first sheet.
	Sheet string
	// Line is the 1-based line of a CSV or Markdown file, or the row number of
	// a worksheet; 0 when the problem is with the whole file.
	Line int
	// Column is the header of the cell at fault as the curator wrote it, or
	// the front-matter field; empty when no single cell is at fault.
	Column string
	// Message says what is wrong; it starts with the column name when there
	// is one (认定等级 "六级" is not a skill level).
	Message string
}

// String formats the problem as file:line: message, the form used by
// `advisor kb validate`, e.g.
//
//	institutions/jinhua.csv:17: 认定等级 "六级" is not a skill level
//	institutions/plans.xlsx[杭州]:4: 城市 is required
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		b.WriteString("[" + p.Sheet + "]")
	}
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError is returned by Load when a knowledge base has problems. It
// lists every problem found, in file order and then line order, not only the
// first.
type ValidationError struct {
	Problems []Problem
}

// Error returns every problem, one per line.
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// problems collects the problems of one load.
type problems struct {
	list []Problem
}

// at records a problem in a cell or field; the message is prefixed with the
// column name.
func (ps *problems) at(file, sheet string, line int, column, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if column != "" {
		msg = column + " " + msg
	}
	ps.list = append(ps.list, Problem{File: file, Sheet: sheet, Line: line, Column: column, Message: msg})
}

// file records a problem with a whole file or line, not a single column.
func (ps *problems) file(file, sheet string, line int, format string, args ...any) {
	ps.at(file, sheet, line, "", format, args...)
}

// err returns the collected problems as a *ValidationError, or nil. The
// problems of each file (or worksheet) stay together, in the order the files
// were read, and are sorted by line; problems with the whole file come first.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	order := make(map[string]int)
	key := func(p Problem) string { return p.File + "\x00" + p.Sheet }
	for _, p := range ps.list {
		if _, ok := order[key(p)]; !ok {
			order[key(p)] = len(order)
		}
	}
	slices.SortStableFunc(ps.list, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(order[key(a)], order[key(b)]), cmp.Compare(a.Line, b.Line))
	})
	return &ValidationError{Problems: ps.list}
}
