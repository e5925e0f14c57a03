package knowledge

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads one institutions workbook. The first worksheet must be a
// plan table; later worksheets are read when their first row names a 机构名称
// column and skipped otherwise, so a workbook may carry an instructions sheet.
// Problems in a later worksheet name it.
func (l *loader) readXLSX(name string, data []byte) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		l.ps.file(name, "", 0, "the workbook cannot be opened: %v", err)
		return
	}
	defer f.Close()
	for i, sheet := range f.GetSheetList() {
		label := sheet
		if i == 0 {
			label = ""
		}
		if err := l.readSheet(f, name, sheet, label, i == 0); err != nil {
			l.ps.file(name, label, 0, "the worksheet %q cannot be read: %v", sheet, err)
		}
	}
}

// readSheet reads one worksheet; label is the sheet name used in problems.
// A worksheet other than the first is skipped when it is not a plan table.
func (l *loader) readSheet(f *excelize.File, name, sheet, label string, first bool) (err error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := rows.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	var t *table
	raw := excelize.Options{RawCellValue: true}
	for line := 1; rows.Next(); line++ {
		row, err := rows.Columns(raw)
		if err != nil {
			return fmt.Errorf("row %d: %w", line, err)
		}
		if t != nil {
			l.addRow(t, line, row)
			continue
		}
		if isBlankRow(row) {
			continue
		}
		if !first && !hasColumn(row, colInstitution) {
			return nil
		}
		if t = newTable(&l.ps, name, label, line, row); t == nil {
			return nil
		}
		t.excelDates = true
	}
	if t == nil && first {
		l.ps.file(name, label, 0, "the first worksheet is empty: it needs a header row")
	}
	return rows.Error()
}
