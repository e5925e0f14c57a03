package kbgen

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/zhijian/advisor/knowledge"
)

func smallConfig() Config {
	return Config{
		Rows: 500,
		Cities: []City{
			{Province: "浙江省", Name: "金华市", Counties: []string{"义乌市", "东阳市"}},
			{Province: "四川省", Name: "成都市", Counties: []string{"彭州市"}},
			{Province: "上海市", Name: "上海市"},
		},
		Occupations: []string{"电工", "育婴员", "焊工", "茶艺师"},
		Notes:       8,
		Seed:        3,
	}
}

func TestGenerate(t *testing.T) {
	cfg := smallConfig()
	base := Generate(cfg)
	rows, gov := 0, 0
	for _, inst := range base.Institutions {
		if inst.IsGovernment() {
			gov++
			continue
		}
		rows += len(inst.Authorizations)
		if !strings.HasPrefix(inst.Phones[0], "0000-5555") {
			t.Errorf("%s: phone %s is not a made-up 0000-5555xxxx number", inst.Name, inst.Phones[0])
		}
		seen := map[string]bool{}
		for _, a := range inst.Authorizations {
			if seen[a.Occupation] {
				t.Errorf("%s: %s authorized twice", inst.Name, a.Occupation)
			}
			seen[a.Occupation] = true
			if len(a.Levels) == 0 {
				t.Errorf("%s: %s has no levels", inst.Name, a.Occupation)
			}
		}
	}
	if rows != cfg.Rows {
		t.Errorf("%d authorization rows, want %d", rows, cfg.Rows)
	}
	if gov != 2*len(cfg.Cities) {
		t.Errorf("%d government rows, want 2 per city (%d)", gov, 2*len(cfg.Cities))
	}
	if len(base.Notes) != cfg.Notes {
		t.Errorf("%d notes, want %d", len(base.Notes), cfg.Notes)
	}
	if again := Generate(cfg); !reflect.DeepEqual(again, base) {
		t.Error("two runs with the same seed differ")
	}
}

func TestLoadReferenceData(t *testing.T) {
	const dir = "../../../knowledge/data"
	cities, err := LoadCities(dir)
	if errors.Is(err, ErrNoData) {
		t.Skipf("no division data in %s", dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]City{}
	for _, c := range cities {
		byName[c.Name] = c
	}
	if len(cities) < 300 {
		t.Errorf("%d cities, want the ~340 prefecture-level ones", len(cities))
	}
	if c := byName["金华市"]; c.Province != "浙江省" || !slices.Contains(c.Counties, "义乌市") {
		t.Errorf("金华市 = %+v, want 浙江省 with 义乌市", c)
	}
	if c := byName["上海市"]; c.Province != "上海市" || len(c.Counties) == 0 {
		t.Errorf("上海市 = %+v, want the municipality with its districts", c)
	}
	if _, ok := byName["市辖区"]; ok {
		t.Error("市辖区 listed as a city")
	}
	occs, err := LoadOccupations(dir + "/occupations-2022.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(occs) < 1600 || !slices.Contains(occs, "电工") {
		t.Errorf("%d occupations, want ~1,637 including 电工", len(occs))
	}
	if _, err := LoadCities(t.TempDir()); !errors.Is(err, ErrNoData) {
		t.Errorf("LoadCities(empty dir) = %v, want ErrNoData", err)
	}
}

// The generated KB uses only valid kinds.
func TestGenerateKinds(t *testing.T) {
	for _, inst := range Generate(smallConfig()).Institutions {
		if !slices.Contains(kindNames(), string(inst.Kind)) {
			t.Errorf("%s: kind %q is not a KB kind", inst.Name, inst.Kind)
		}
	}
}

func kindNames() []string {
	var out []string
	for _, k := range knowledge.Kinds {
		out = append(out, string(k))
	}
	return out
}
