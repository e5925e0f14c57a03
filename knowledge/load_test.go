package knowledge

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const fixtureKB = "../../shared/eval/fixture-kb"

func TestLoadFixtureKB(t *testing.T) {
	if _, err := os.Stat(fixtureKB); err != nil {
		t.Skipf("fixture KB not found beside the repository: %v", err)
	}
	b, err := LoadDir(fixtureKB)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if b.Source != fixtureKB || b.LoadedAt.IsZero() {
		t.Errorf("Source = %q, LoadedAt = %v", b.Source, b.LoadedAt)
	}
	if got := Stats(b).Cities; !slices.Equal(got, []string{"成都市", "杭州市", "金华市"}) {
		t.Errorf("cities = %v", got)
	}

	wujiang := findInstitution(t, b, "金华市婺江家庭服务协会")
	var occs []string
	for _, a := range wujiang.Authorizations {
		occs = append(occs, a.Occupation)
	}
	if want := []string{"育婴员", "家政服务员", "养老护理员"}; !slices.Equal(occs, want) {
		t.Errorf("婺江 occupations = %v, want %v", occs, want)
	}
	if wujiang.Kind != KindAssociation || !slices.Equal(wujiang.Phones, []string{"0579-55550101"}) {
		t.Errorf("婺江 = %+v", wujiang)
	}
	if got := wujiang.Authorizations[2].Levels; !slices.Equal(got, []Level{5, 4, 3}) {
		t.Errorf("养老护理员 levels = %v", got)
	}
	want := time.Date(2024, 6, 15, 0, 0, 0, 0, chinaTime)
	if got := wujiang.Authorizations[0].Published; !got.Equal(want) {
		t.Errorf("published = %v, want %v", got, want)
	}

	bureau := findInstitution(t, b, "金华市人力资源和社会保障局")
	if !bureau.IsGovernment() || len(bureau.Authorizations) != 0 || !slices.Equal(bureau.Phones, []string{"0579-55550199"}) {
		t.Errorf("bureau = %+v", bureau)
	}
	if got := Stats(b).Government; got != 4 {
		t.Errorf("government bodies = %d, want 4", got)
	}
	live := findInstitution(t, b, "义乌小商品电商职业培训学校")
	if live.County != "义乌市" || live.Province != "浙江省" || len(live.Authorizations) != 2 || live.Authorizations[1].WorkType != "直播销售员" {
		t.Errorf("义乌小商品 = %+v", live)
	}
	if got := findInstitution(t, b, "东阳市餐饮行业协会").Authorizations[1].Levels; !slices.Equal(got, []Level{4, 3}) {
		t.Errorf("中式面点师 levels = %v", got)
	}
	for _, inst := range b.Institutions {
		if inst.Example {
			t.Errorf("%s marked as an example", inst.Name)
		}
	}
}

func TestLoadGood(t *testing.T) {
	b := mustLoad(t, "testdata/good")

	family := findInstitution(t, b, "金华市测试家政协会")
	if family.City != "金华市" || family.Province != "浙江省" || family.Contact != "陈老师" || family.Address != "金华市婺城区测试路1号" {
		t.Errorf("place and contact = %+v", family)
	}
	if want := []string{"0579-55550001", "0579-55550002", "0579-55550003"}; !slices.Equal(family.Phones, want) {
		t.Errorf("phones = %v, want %v", family.Phones, want)
	}
	if len(family.Authorizations) != 2 {
		t.Fatalf("authorizations = %d, want 2 (the repeated row dropped)", len(family.Authorizations))
	}
	first := family.Authorizations[0]
	if first.Scope != "面向社会" || first.SourceURL == "" || first.Extra["备注"] != "第一批" || first.File != "institutions/jinhua.csv" || first.Line != 2 {
		t.Errorf("first authorization = %+v", first)
	}
	if family.Authorizations[1].Extra != nil {
		t.Errorf("empty extra cells kept: %v", family.Authorizations[1].Extra)
	}
	for _, a := range family.Authorizations {
		if !a.Published.Equal(time.Date(2024, 6, 15, 0, 0, 0, 0, chinaTime)) {
			t.Errorf("%s published %v", a.Occupation, a.Published)
		}
	}

	school := findInstitution(t, b, "义乌测试技工学校")
	if school.County != "义乌市" || !slices.Equal(school.Phones, []string{"0579 55550004"}) || !slices.Equal(school.Authorizations[0].Levels, []Level{5, 4, 3}) {
		t.Errorf("school = %+v", school)
	}
	employer := findInstitution(t, b, "浙江测试电力公司金华分公司")
	if !employer.Authorizations[0].Internal() {
		t.Errorf("employer's authorization is not internal: %+v", employer.Authorizations[0])
	}
	bureau := findInstitution(t, b, "金华市人力资源和社会保障局")
	if !bureau.IsGovernment() || bureau.Authorizations != nil {
		t.Errorf("bureau = %+v", bureau)
	}

	beauty := findInstitution(t, b, "杭州示例美业学校")
	if !beauty.Example || beauty.County != "萧山区" || beauty.Authorizations[0].OccupationCode != "4-10-03-01" || !slices.Equal(beauty.Authorizations[0].Levels, []Level{4}) {
		t.Errorf("English headers, 示例 column: %+v", beauty)
	}
	cooks := findInstitution(t, b, "杭州测试烹饪协会")
	if !cooks.Example || cooks.City != "杭州市" || !slices.Equal(cooks.Phones, []string{"0571-55550002"}) || cooks.Authorizations[0].WorkType != "川菜烹调" {
		t.Errorf("plan named 示例, duplicate phone: %+v", cooks)
	}
	if got := cooks.Authorizations[0].Levels; !slices.Equal(got, []Level{3, 2, 1}) {
		t.Errorf("reversed range = %v", got)
	}
	if family.Example || school.Example {
		t.Error("rows of a plain plan marked as examples")
	}
}

func TestLoadGoodOrderAndIDs(t *testing.T) {
	a := mustLoad(t, "testdata/good")
	b := mustLoad(t, "testdata/good")
	var names []string
	ids := make(map[string]bool)
	for i, inst := range a.Institutions {
		names = append(names, inst.Name)
		if inst.ID != b.Institutions[i].ID || inst.Name != b.Institutions[i].Name {
			t.Errorf("load %d differs between loads: %s %s / %s %s", i, inst.ID, inst.Name, b.Institutions[i].ID, b.Institutions[i].Name)
		}
		if ids[inst.ID] || !strings.HasPrefix(inst.ID, "inst-") {
			t.Errorf("bad or repeated id %q", inst.ID)
		}
		ids[inst.ID] = true
	}
	// By province, city, county (none first), then name.
	want := []string{"杭州测试烹饪协会", "杭州示例美业学校", "金华市人力资源和社会保障局", "金华市测试家政协会", "义乌测试技工学校", "浙江测试电力公司金华分公司"}
	if !slices.Equal(names, want) {
		t.Errorf("order = %v, want %v", names, want)
	}
}

func TestLoadNotesAndEvents(t *testing.T) {
	b := mustLoad(t, "testdata/good")
	if len(b.Notes) != 2 {
		t.Fatalf("notes = %d, want 2", len(b.Notes))
	}
	gov, jh := b.Notes[0], b.Notes[1]
	if gov.ID != "government-bureau-is-not-the-contact" || gov.Scope != ScopeNational || gov.Source != "https://example.org/policy" ||
		!slices.Equal(gov.Tags, []string{"人社局", "鉴定中心", "政府单位"}) || !gov.Updated.Equal(time.Date(2024, 8, 1, 0, 0, 0, 0, chinaTime)) {
		t.Errorf("note = %+v", gov)
	}
	if !strings.HasPrefix(gov.Body, "人社局发布") || !strings.Contains(gov.Body, "\n\n请按") {
		t.Errorf("body = %q", gov.Body)
	}
	if jh.Title != "金华市的认定计划在哪里看" || jh.Scope != "金华市" || !slices.Equal(jh.Tags, []string{"金华", "认定计划"}) || jh.Updated.Month() != time.July {
		t.Errorf("note = %+v", jh)
	}

	if len(b.Events) != 2 {
		t.Fatalf("events = %d, want 2", len(b.Events))
	}
	online, meetup := b.Events[0], b.Events[1]
	if online.ID != "online-qa" || online.Capacity != 0 || online.Body != "" {
		t.Errorf("online event = %+v", online)
	}
	start := time.Date(2026, 12, 6, 14, 0, 0, 0, chinaTime)
	if !meetup.Date.Equal(start) || meetup.City != "金华市" || meetup.Capacity != 30 || meetup.Place == "" || meetup.Topic == "" || meetup.Body == "" {
		t.Errorf("meetup = %+v", meetup)
	}
	if got := meetup.Date.UTC().Hour(); got != 6 {
		t.Errorf("14:00 in China is %d:00 UTC, want 6", got)
	}
}

// TestLoadWithGazetteer checks the normalisation of places with the
// embedded gazetteer that Load uses.
func TestLoadWithGazetteer(t *testing.T) {
	b, err := LoadDir("testdata/good")
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	school := findInstitution(t, b, "义乌测试技工学校")
	if school.City != "金华市" || school.Province != "浙江省" || school.County != "义乌市" {
		t.Errorf("school place = %q %q %q", school.Province, school.City, school.County)
	}
	if beauty := findInstitution(t, b, "杭州示例美业学校"); beauty.City != "杭州市" || beauty.County != "萧山区" || beauty.Province != "浙江省" {
		t.Errorf("beauty school place = %q %q %q", beauty.Province, beauty.City, beauty.County)
	}
	if got := b.Notes[1].Scope; got != "金华市" {
		t.Errorf("note scope = %q", got)
	}
	_, err = Load(csvFS("城市,机构名称,机构类型,职业名称,认定等级,区县\n火星市,火星学校,技工院校,电工,三级,\n金华,金华学校,技工院校,电工,三级,萧山区\n"), "test")
	var verr *ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) != 2 {
		t.Fatalf("unknown city and foreign county: got %v", err)
	}
	if got := verr.Problems[0].String(); got != `institutions/t.csv:2: 城市 "火星市" is not a known prefecture-level city` {
		t.Errorf("problem = %s", got)
	}
}

func TestLoadCSVVariants(t *testing.T) {
	tests := []struct {
		name, csv string
	}{
		{"BOM and CRLF", "\ufeff城市,机构名称,机构类型,职业名称,认定等级\r\n金华市,甲协会,行业协会,电工,三级\r\n"},
		{"English headers in any case", "CITY,institution,Kind,OCCUPATION,levels\n金华市,甲协会,行业协会,电工,三级\n"},
		{"both names and required marks", "*城市(city),机构名称（institution）,*机构类型,职业名称,认定等级\n金华市,甲协会,行业协会,电工,三级\n"},
		{"columns in another order", "认定等级,职业名称,机构类型,机构名称,城市\n三级,电工,行业协会,甲协会,金华市\n"},
		{"blank lines and padding", "\n城市,机构名称,机构类型,职业名称,认定等级\n\n ,,,,\n 金华市 ,\u3000甲协会,行业协会,电工,三级\n"},
		{"short row", "城市,机构名称,机构类型,职业名称,认定等级,联系电话\n金华市,甲协会,行业协会,电工,三级\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := load(csvFS(tt.csv), "test", testPlaces{})
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if len(b.Institutions) != 1 {
				t.Fatalf("institutions = %d, want 1", len(b.Institutions))
			}
			inst := b.Institutions[0]
			if inst.Name != "甲协会" || inst.City != "金华市" || inst.Kind != KindAssociation || len(inst.Authorizations) != 1 ||
				!slices.Equal(inst.Authorizations[0].Levels, []Level{3}) {
				t.Errorf("institution = %+v", inst)
			}
		})
	}
}

func TestLoadDates(t *testing.T) {
	for _, in := range []string{"2024-06-15", "2024年6月15日", "2024/6/15", "2024.06.15", "2024-6-15 00:00:00", "2024年06月15号"} {
		t.Run(in, func(t *testing.T) {
			b, err := load(csvFS("城市,机构名称,机构类型,职业名称,认定等级,发布日期\n金华市,甲协会,行业协会,电工,三级,"+in+"\n"), "test", testPlaces{})
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			got := b.Institutions[0].Authorizations[0].Published
			if !got.Equal(time.Date(2024, 6, 15, 0, 0, 0, 0, chinaTime)) {
				t.Errorf("published = %v", got)
			}
		})
	}
}

func TestSplitPhones(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"0579-12345678", []string{"0579-12345678"}},
		{"0579-12345678、13800000000", []string{"0579-12345678", "13800000000"}},
		{"0579-1; 0579-2；0579-3,0579-4，0579-5/0579-6", []string{"0579-1", "0579-2", "0579-3", "0579-4", "0579-5", "0579-6"}},
		{"13800000000 13900000000", []string{"13800000000", "13900000000"}},
		{"0579 12345678", []string{"0579 12345678"}},
		{"13800000000、13800000000", []string{"13800000000"}},
		{" 、 ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := splitPhones(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("splitPhones(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLoadDirErrors(t *testing.T) {
	if _, err := LoadDir("testdata/no-such-dir"); err == nil || errors.As(err, new(*ValidationError)) {
		t.Errorf("missing dir: got %v, want an I/O error", err)
	}
	if _, err := LoadDir("testdata/good/notes/government.md"); err == nil {
		t.Error("a file as the KB directory: no error")
	}
	problems := mustProblems(t, map[string]string{"README.md": "hi"})
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "is this a knowledge base") {
		t.Errorf("KB without folders: %v", problems)
	}
}

func TestLoadEmptyFolders(t *testing.T) {
	b, err := load(fstest.MapFS{"notes/x.txt": {Data: []byte("ignored")}}, "test", testPlaces{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if len(b.Institutions)+len(b.Notes)+len(b.Events) != 0 {
		t.Errorf("loaded %v", b)
	}
}

func TestTemplateCSVHeader(t *testing.T) {
	h := TemplateCSVHeader()
	if !strings.HasPrefix(h, "省份,城市,区县,") || !strings.HasSuffix(h, ",收费标准") || strings.Count(h, ",") != 19 {
		t.Errorf("header = %q", h)
	}
	b, err := load(csvFS(h+"\n"), "test", testPlaces{})
	if err != nil || len(b.Institutions) != 0 {
		t.Errorf("a file with only the template header: %v, %v", b, err)
	}
	cols := strings.Split(h, ",")
	for c := range numColumns - 1 {
		if got := columnNames[c].zh; !slices.Contains(cols, got) {
			t.Errorf("template lacks %s", got)
		}
	}
}
