package knowledge

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/xuri/excelize/v2"
)

// mustWorkbook builds an XLSX file from sheets of rows; the first sheet keeps
// excelize's default first sheet.
func mustWorkbook(tb testing.TB, sheets []string, rows map[string][][]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			tb.Fatal(err)
		}
		for r, row := range rows[name] {
			cell, err := excelize.CoordinatesToCellName(1, r+1)
			if err != nil {
				tb.Fatal(err)
			}
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				tb.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

var xlsxHeader = []any{"城市", "区县", "机构名称", "机构类型", "职业名称", "认定等级", "联系电话", "发布日期", "报名时间", "备注"}

func TestLoadXLSX(t *testing.T) {
	published := time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)
	data := mustWorkbook(t, []string{"金华", "说明", "杭州"}, map[string][][]any{
		"金华": {
			xlsxHeader,
			{"金华", "义乌", "义乌测试技工学校", "技工院校", "电工", "五级至三级", 13800000000, published, "2024-07-01至2024-07-31", "第一批"},
			{},
			{"金华市", "义乌市", "义乌测试技工学校", "技工院校", "焊工", "四级", "0579-55550004", "2024年6月15日", published, nil},
		},
		"说明": {{"填写说明：每行一个认定项目。"}},
		"杭州": {
			xlsxHeader,
			{"杭州", "", "杭州测试烹饪协会", "行业协会", "中式烹调师", "技师", "0571-55550002", published, nil, nil},
		},
	})
	b, err := load(fstest.MapFS{"institutions/plans.xlsx": {Data: data}}, "test", testPlaces{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if len(b.Institutions) != 2 {
		t.Fatalf("institutions = %d, want 2", len(b.Institutions))
	}
	school := findInstitution(t, b, "义乌测试技工学校")
	if school.City != "金华市" || school.County != "义乌市" || !slices.Equal(school.Phones, []string{"13800000000", "0579-55550004"}) {
		t.Errorf("school = %+v", school)
	}
	if len(school.Authorizations) != 2 {
		t.Fatalf("authorizations = %+v", school.Authorizations)
	}
	first, second := school.Authorizations[0], school.Authorizations[1]
	day := time.Date(2024, 6, 15, 0, 0, 0, 0, chinaTime)
	if !first.Published.Equal(day) || !second.Published.Equal(day) {
		t.Errorf("published = %v, %v; want %v", first.Published, second.Published, day)
	}
	if first.Extra["备注"] != "第一批" || first.EnrolPeriod != "2024-07-01至2024-07-31" || second.EnrolPeriod != "2024-06-15" {
		t.Errorf("text cells = %+v / %+v", first, second)
	}
	if first.File != "institutions/plans.xlsx" || first.Line != 2 || second.Line != 4 {
		t.Errorf("rows at %s:%d and %d", first.File, first.Line, second.Line)
	}
	cooks := findInstitution(t, b, "杭州测试烹饪协会")
	if cooks.City != "杭州市" || !slices.Equal(cooks.Authorizations[0].Levels, []Level{2}) {
		t.Errorf("second plan sheet = %+v", cooks)
	}
}

func TestLoadXLSXProblems(t *testing.T) {
	data := mustWorkbook(t, []string{"Sheet1", "杭州"}, map[string][][]any{
		"Sheet1": {xlsxHeader, {"金华", "", "甲协会", "行业协会", "电工", "六级"}},
		"杭州":     {xlsxHeader, {}, {"", "", "乙协会", "行业协会", "电工", "三级"}},
	})
	problems := mustProblems(t, map[string]string{"institutions/plans.xlsx": string(data), "institutions/broken.xlsx": "not a zip"})
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		"institutions/broken.xlsx: the workbook cannot be opened: zip: not a valid zip file",
		`institutions/plans.xlsx:2: 认定等级 "六级" is not a skill level`,
		"institutions/plans.xlsx[杭州]:3: 城市 is required",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%q\nwant\n%q", got, want)
	}
	if problems[2].Sheet != "杭州" || problems[2].File != "institutions/plans.xlsx" || problems[2].Line != 3 {
		t.Errorf("sheet problem = %+v", problems[2])
	}
}

func TestLoadXLSXFirstSheetNotATable(t *testing.T) {
	data := mustWorkbook(t, []string{"说明"}, map[string][][]any{"说明": {{"填写说明"}}})
	_, err := load(fstest.MapFS{"institutions/x.xlsx": {Data: data}}, "test", testPlaces{})
	var verr *ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) == 0 || verr.Problems[0].File != "institutions/x.xlsx" || verr.Problems[0].Line != 1 {
		t.Errorf("got %v", err)
	}
}
