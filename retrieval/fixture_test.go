package retrieval_test

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// The shared evaluation data: a fixture KB and the development questions.
// The test is skipped where they are not present.
const (
	fixtureKB    = "/work/shared/eval/fixture-kb"
	devQuestions = "/work/shared/eval/dev-questions.jsonl"
)

// devQuestion is a line of dev-questions.jsonl, as far as retrieval cares.
type devQuestion struct {
	Q              string   `json:"q"`
	City           string   `json:"city"`
	County         string   `json:"county"`
	Occupation     string   `json:"occupation"`
	Include        []string `json:"include"`
	NoInstitutions bool     `json:"no_institutions"`
	ExcludePhones  []string `json:"exclude_phones"`
}

func loadDevQuestions(tb testing.TB) []devQuestion {
	tb.Helper()
	f, err := os.Open(devQuestions)
	if os.IsNotExist(err) {
		tb.Skipf("%s not present", devQuestions)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []devQuestion
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q devQuestion
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			tb.Fatalf("%s: %v", devQuestions, err)
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestFixtureKB searches the fixture KB with each development question's
// city, county and occupation given by hand (not by the understander) and
// checks the institutions a correct answer must list, the phone numbers it
// must not show and the cities it must not list anything for.
func TestFixtureKB(t *testing.T) {
	if _, err := os.Stat(fixtureKB); err != nil {
		t.Skipf("%s not present", fixtureKB)
	}
	questions := loadDevQuestions(t)
	base, err := knowledge.LoadDir(fixtureKB)
	if err != nil {
		t.Fatalf("load %s: %v", fixtureKB, err)
	}
	ix := mustBuild(t, base, retrieval.BuildOptions{})
	for _, dq := range questions {
		if len(dq.Include) == 0 && !dq.NoInstitutions {
			continue
		}
		occs := []string{dq.Occupation}
		// The understander gives the catalog's current name (评茶师 for a
		// KB that says 评茶员): it must find the same bodies.
		if o, ok := knowledge.DefaultCatalog().Lookup(dq.Occupation); ok && o.Name != dq.Occupation {
			occs = append(occs, o.Name)
		}
		for _, occ := range occs {
			t.Run(dq.Q+"/"+occ, func(t *testing.T) {
				checkDevQuestion(t, ix, dq, occ)
			})
		}
	}
}

// checkDevQuestion searches for dq with occ as the occupation.
func checkDevQuestion(t *testing.T, ix *retrieval.Index, dq devQuestion, occ string) {
	t.Helper()
	q := retrieval.Query{Text: dq.Q, Region: knowledge.Region{City: dq.City, County: dq.County}, Occupation: occ}
	res := mustSearch(t, ix, q, retrieval.DefaultLimit, 0)
	listed := names(res)
	for _, want := range dq.Include {
		if !slices.Contains(listed, want) {
			t.Errorf("listed %q, missing %s", listed, want)
		}
	}
	if dq.NoInstitutions && (len(listed) > 0 || res.Covered) {
		t.Errorf("listed %q (Covered %v) for a city the KB does not cover", listed, res.Covered)
	}
	for _, h := range res.Institutions {
		for _, p := range h.Institution.Phones {
			if slices.Contains(dq.ExcludePhones, p) {
				t.Errorf("listed %s with excluded phone %s", h.Institution.Name, p)
			}
		}
	}
	if dq.County != "" && len(dq.Include) > 0 && len(res.Institutions) > 0 && !res.Institutions[0].InCounty {
		t.Errorf("first listed %s is not in %s", listed[0], dq.County)
	}
}
