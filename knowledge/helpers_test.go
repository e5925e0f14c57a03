package knowledge

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testPlaces is a small, fixed gazetteer so that the tests of loading do not
// depend on the embedded division data.
type testPlaces struct{}

var testCities = []Region{
	{Province: "浙江省", City: "金华市"},
	{Province: "浙江省", City: "杭州市"},
	{Province: "四川省", City: "成都市"},
	{Province: "北京市", City: "北京市"},
}

var testCounties = []Region{
	{Province: "浙江省", City: "金华市", County: "义乌市"},
	{Province: "浙江省", City: "金华市", County: "东阳市"},
	{Province: "浙江省", City: "金华市", County: "永康市"},
	{Province: "浙江省", City: "金华市", County: "兰溪市"},
	{Province: "浙江省", City: "金华市", County: "婺城区"},
	{Province: "浙江省", City: "金华市", County: "金东区"},
	{Province: "浙江省", City: "杭州市", County: "萧山区"},
	{Province: "浙江省", City: "杭州市", County: "余杭区"},
	{Province: "四川省", City: "成都市", County: "都江堰市"},
	{Province: "四川省", City: "成都市", County: "彭州市"},
}

func testShortName(s string) string {
	for _, suffix := range []string{"市", "区", "县"} {
		if t := strings.TrimSuffix(s, suffix); t != s && len([]rune(t)) >= 2 {
			return t
		}
	}
	return s
}

func (testPlaces) City(name string) (Region, bool) {
	for _, r := range testCities {
		if name == r.City || name == testShortName(r.City) {
			return r, true
		}
	}
	return Region{}, false
}

func (testPlaces) County(city, name string) []Region {
	var out []Region
	for _, r := range testCounties {
		if (city == "" || city == r.City) && (name == r.County || name == testShortName(r.County)) {
			out = append(out, r)
		}
	}
	return out
}

// mustLoad loads a KB with the test gazetteer and fails the test on error.
func mustLoad(tb testing.TB, dir string) *Base {
	tb.Helper()
	b, err := load(os.DirFS(dir), dir, testPlaces{})
	if err != nil {
		tb.Fatalf("load %s: %v", dir, err)
	}
	return b
}

// mustProblems loads a KB of the files given (path → content) that must be
// invalid and returns its problems.
func mustProblems(tb testing.TB, files map[string]string) []Problem {
	tb.Helper()
	_, err := load(mapFS(files), "test", testPlaces{})
	var verr *ValidationError
	if !errors.As(err, &verr) {
		tb.Fatalf("load: got %v, want a *ValidationError", err)
	}
	return verr.Problems
}

// mapFS makes a file system of the files given (path → content).
func mapFS(files map[string]string) fstest.MapFS {
	fsys := make(fstest.MapFS)
	for name, content := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return fsys
}

// csvFS returns a KB with one institutions CSV file.
func csvFS(content string) fstest.MapFS {
	return fstest.MapFS{"institutions/t.csv": {Data: []byte(content)}}
}

// csvFiles returns the files of a KB with one institutions CSV file.
func csvFiles(content string) map[string]string {
	return map[string]string{"institutions/t.csv": content}
}

// findInstitution returns the institution with this name or fails.
func findInstitution(tb testing.TB, b *Base, name string) Institution {
	tb.Helper()
	for _, inst := range b.Institutions {
		if inst.Name == name {
			return inst
		}
	}
	tb.Fatalf("institution %q not loaded", name)
	return Institution{}
}

// compareGolden compares got with testdata/name, rewriting it with -update.
func compareGolden(tb testing.TB, name, got string) {
	tb.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		tb.Errorf("%s differs (run with -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
