package knowledge

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"unicode/utf8"
)

// readCSV reads one institutions CSV file: UTF-8, a BOM allowed, the header
// in the first row. A file in another encoding (Excel's default CSV in China
// is GBK) is reported as one problem rather than as garbled rows.
func (l *loader) readCSV(name string, data []byte) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		l.ps.file(name, "", 0, "the file is not UTF-8 text: in Excel save it as \"CSV UTF-8（逗号分隔）\"")
		return
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var t *table
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// The reader has skipped the bad record; report it and go on, so
			// that the rows after it are checked too.
			l.ps.file(name, "", csvErrorLine(err), "%s", csvReason(err))
			continue
		}
		line, _ := r.FieldPos(0)
		if t == nil {
			if isBlankRow(row) {
				continue
			}
			if t = newTable(&l.ps, name, "", line, row); t == nil {
				return
			}
			continue
		}
		l.addRow(t, line, row)
	}
	if t == nil {
		l.ps.file(name, "", 0, "the file has no header row")
	}
}

// csvErrorLine returns the line where a CSV record that cannot be read
// starts.
func csvErrorLine(err error) int {
	var perr *csv.ParseError
	if errors.As(err, &perr) {
		return perr.StartLine
	}
	return 0
}

// csvReason explains a CSV syntax error to a curator.
func csvReason(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return `a quote mark (") opens a cell that is never closed: check the quote marks from this line on`
	case errors.Is(err, csv.ErrBareQuote):
		return `a quote mark (") inside a cell must be written twice ("") or the whole cell put in quotes`
	}
	return "the line cannot be read as CSV: " + err.Error()
}
