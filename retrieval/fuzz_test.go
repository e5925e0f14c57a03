package retrieval

// FuzzUnderstand's seed corpus (testdata/fuzz/FuzzUnderstand/ and the f.Add
// calls below) runs as an ordinary test; to fuzz for real:
//
//	go test -run '^$' -fuzz '^FuzzUnderstand$' -fuzztime 60s -fuzzminimizetime 5s ./retrieval/
//
// (The default minimization budget, 60 s for each new input, can eat a
// whole one-minute run on a busy two-core machine.)

import (
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/zhijian/advisor/knowledge"
)

// FuzzUnderstand reads arbitrary text, and the same text as a follow-up to
// prev, with the default gazetteer and catalog. Understand and FollowUp must
// not panic, must be deterministic, and must return only valid UTF-8 names
// that keep the Query's documented invariants.
func FuzzUnderstand(f *testing.F) {
	for _, s := range [][2]string{
		{"义乌哪里能考电工证", ""},
		{"那东阳呢", "金华 育婴员"},
		{"还有别的吗", "杭州美发师证在哪考"},
		{"有补贴吗", "永康焊工三级"},
		{"吉林 电工", ""},
		{"\xe9\x87\x91\xe5华", "\xff"},
	} {
		f.Add(s[0], s[1])
	}
	u := NewUnderstander(knowledge.DefaultGazetteer(), knowledge.DefaultCatalog())
	cat := knowledge.DefaultCatalog()
	f.Fuzz(func(t *testing.T, text, prevText string) {
		q := u.Understand(text)
		if again := u.Understand(text); !reflect.DeepEqual(q, again) {
			t.Fatalf("Understand(%q) is not deterministic:\n%+v\n%+v", text, q, again)
		}
		checkQueryInvariants(t, cat, q)

		prev := u.Understand(prevText)
		out := u.FollowUp(prev, q)
		if again := u.FollowUp(prev, q); !reflect.DeepEqual(out, again) {
			t.Fatalf("FollowUp(%q, %q) is not deterministic:\n%+v\n%+v", prevText, text, out, again)
		}
		if !out.FollowUp && !reflect.DeepEqual(out, q) {
			t.Fatalf("FollowUp(%q, %q) changed the query without setting FollowUp:\n%+v\nwant %+v", prevText, text, out, q)
		}
		if out.Text != text {
			t.Fatalf("FollowUp(%q, %q).Text = %q, want the current text", prevText, text, out.Text)
		}
		checkQueryInvariants(t, cat, out)
	})
}

// checkQueryInvariants checks what every Query must satisfy whatever the text: the
// names it holds are valid UTF-8, the occupation is in the catalog and is
// the first of Occupations, a region is either resolved or ambiguous and
// nests (county in a city in a province), levels are real and sorted from
// 五级 down, and the intent is one of the known ones.
func checkQueryInvariants(t *testing.T, cat *knowledge.Catalog, q Query) {
	t.Helper()
	names := []string{q.Occupation, q.OccupationAsked, q.Certificate, q.CertificateKind}
	names = append(names, q.Occupations...)
	names = append(names, q.Government...)
	for _, r := range append([]knowledge.Region{q.Region}, q.Ambiguous...) {
		names = append(names, r.Province, r.City, r.County)
		checkRegionNests(t, r)
	}
	for _, n := range names {
		if !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 %q in %+v", n, q)
		}
	}
	if q.Occupation != "" {
		if _, ok := cat.Lookup(q.Occupation); !ok {
			t.Fatalf("occupation %q is not in the catalog", q.Occupation)
		}
		if len(q.Occupations) == 0 || q.Occupations[0] != q.Occupation || q.OccupationAsked == "" {
			t.Fatalf("occupation %q (asked %q) but Occupations %q", q.Occupation, q.OccupationAsked, q.Occupations)
		}
	}
	if len(q.Ambiguous) > 0 && !q.Region.IsZero() {
		t.Fatalf("region %+v resolved and ambiguous %+v at once", q.Region, q.Ambiguous)
	}
	for i, l := range q.Levels {
		if l < 1 || l > 5 || i > 0 && l >= q.Levels[i-1] {
			t.Fatalf("levels %v: want distinct levels 1-5 sorted from 5 to 1", q.Levels)
		}
	}
	known := []Intent{IntentListBodies, IntentSubsidy, IntentPolicy, IntentBooking, IntentCooperation, IntentGreeting, IntentOther}
	if !slices.Contains(known, q.Intent) {
		t.Fatalf("unknown intent %q", q.Intent)
	}
}

// checkRegionNests checks that a region nests: a county has its city and a city
// its province.
func checkRegionNests(t *testing.T, r knowledge.Region) {
	t.Helper()
	if r.County != "" && r.City == "" || r.City != "" && r.Province == "" {
		t.Fatalf("region %+v does not nest", r)
	}
}
