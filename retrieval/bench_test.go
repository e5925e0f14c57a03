package retrieval_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
	"github.com/zhijian/advisor/retrieval/internal/kbgen"
)

// benchRows is the size of the benchmark KB in authorization rows.
const benchRows = 100_000

// referenceDirs are searched, in order, for the division and occupation
// CSVs: the gazetteer's embedded copy, then the shared domain data.
var referenceDirs = []string{"../knowledge/data", "/work/shared/domain/data"}

// benchKB generates the benchmark KB once per process.
var benchKB = sync.OnceValues(func() (*knowledge.Base, error) {
	for _, dir := range referenceDirs {
		cities, err := kbgen.LoadCities(dir)
		if errors.Is(err, kbgen.ErrNoData) {
			continue
		}
		if err != nil {
			return nil, err
		}
		occs, err := kbgen.LoadOccupations(dir + "/occupations-2022.csv")
		if err != nil {
			return nil, err
		}
		return kbgen.Generate(kbgen.Config{Rows: benchRows, Cities: cities, Occupations: occs, Notes: 60, Seed: 1}), nil
	}
	return nil, fmt.Errorf("no reference data in %v", referenceDirs)
})

// benchIndex builds the benchmark index once per process.
var benchIndex = sync.OnceValues(func() (*retrieval.Index, error) {
	base, err := benchKB()
	if err != nil {
		return nil, err
	}
	return retrieval.Build(context.Background(), base, retrieval.BuildOptions{})
})

func mustBenchKB(b *testing.B) *knowledge.Base {
	b.Helper()
	if testing.Short() {
		b.Skip("100k benchmarks skipped in -short mode")
	}
	base, err := benchKB()
	if err != nil {
		b.Skip(err)
	}
	return base
}

func mustBenchIndex(b *testing.B) *retrieval.Index {
	b.Helper()
	mustBenchKB(b)
	ix, err := benchIndex()
	if err != nil {
		b.Fatal(err)
	}
	return ix
}

// BenchmarkBuild100k measures building the index of 100,000 generated
// authorization rows across every prefecture-level city.
func BenchmarkBuild100k(b *testing.B) {
	base := mustBenchKB(b)
	var batches int
	b.ResetTimer()
	for b.Loop() {
		ix, err := retrieval.Build(context.Background(), base, retrieval.BuildOptions{
			Progress: func(done, total int) { batches++ },
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(len(base.Institutions)), "institutions")
	b.ReportMetric(float64(batches)/float64(b.N), "batches")
}

// BenchmarkSearch100k measures Search over varied questions on the 100k
// index and reports the latency percentiles.
func BenchmarkSearch100k(b *testing.B) {
	ix := mustBenchIndex(b)
	runSearches(b, ix, benchQueries(ix.Base(), 2000))
}

// BenchmarkSearchKinds100k is BenchmarkSearch100k for each kind of
// question alone.
func BenchmarkSearchKinds100k(b *testing.B) {
	ix := mustBenchIndex(b)
	for k, kind := range benchKinds {
		b.Run(kind.name, func(b *testing.B) {
			runSearches(b, ix, benchQueries(ix.Base(), 500, k))
		})
	}
}

// runSearches runs b.N searches, cycling through queries, and reports the
// latency percentiles and the institutions listed per search.
func runSearches(b *testing.B, ix *retrieval.Index, queries []benchQuery) {
	ctx := context.Background()
	lat := make([]time.Duration, 0, 4096)
	var listed int
	b.ResetTimer()
	i := 0
	for b.Loop() {
		bq := queries[i%len(queries)]
		i++
		start := time.Now()
		res, err := ix.Search(ctx, bq.q, 10, bq.offset)
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		listed += len(res.Institutions)
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds())
	}
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds()), "max-µs")
	b.ReportMetric(float64(listed)/float64(len(lat)), "listed/op")
}

// BenchmarkResident100k reports the memory held once the 100k KB and its
// index are loaded: heap in use after a GC (and the index's own share of
// it), what the runtime holds from the OS (sys, which still counts the
// garbage of the build) and the resident set, after the runtime returned
// what it could to the OS, as it does on its own a few minutes after start.
func BenchmarkResident100k(b *testing.B) {
	mustBenchKB(b)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before) // the KB alone
	ix := mustBenchIndex(b)
	for b.Loop() {
		debug.FreeOSMemory()
	}
	runtime.ReadMemStats(&after)
	const mb = 1 << 20
	b.ReportMetric(float64(after.HeapInuse)/mb, "heap-MB")
	b.ReportMetric(float64(after.Sys)/mb, "sys-MB")
	if rss, ok := procStatusKB("VmRSS"); ok {
		b.ReportMetric(float64(rss)/1024, "rss-MB")
	}
	if peak, ok := procStatusKB("VmHWM"); ok {
		b.ReportMetric(float64(peak)/1024, "peak-rss-MB")
	}
	if after.HeapInuse > before.HeapInuse {
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/mb, "index-heap-MB")
	}
	runtime.KeepAlive(ix)
}

// benchQuery is a query with the page to ask for.
type benchQuery struct {
	q      retrieval.Query
	offset int
}

// benchKinds are the kinds of question the search benchmarks ask, made
// from an institution of the KB and one of its occupations.
var benchKinds = []struct {
	name string
	make func(inst *knowledge.Institution, occ string) benchQuery
}{
	{"city+occupation", func(inst *knowledge.Institution, occ string) benchQuery {
		return benchQuery{q: retrieval.Query{Text: shortCity(inst) + "哪里可以考" + occ + "？", Intent: retrieval.IntentListBodies, Region: cityOf(inst), Occupation: occ}}
	}},
	{"county+occupation", func(inst *knowledge.Institution, occ string) benchQuery {
		r := cityOf(inst)
		r.County = inst.County
		return benchQuery{q: retrieval.Query{Text: "我在" + inst.County + "，想考个" + occ + "证，找谁？", Intent: retrieval.IntentListBodies, Region: r, Occupation: occ}}
	}},
	{"city", func(inst *knowledge.Institution, occ string) benchQuery {
		return benchQuery{q: retrieval.Query{Text: inst.City + "有哪些机构可以做职业技能等级认定", Intent: retrieval.IntentListBodies, Region: cityOf(inst)}}
	}},
	{"occupation", func(inst *knowledge.Institution, occ string) benchQuery {
		return benchQuery{q: retrieval.Query{Text: occ + "证哪里考", Intent: retrieval.IntentListBodies, Occupation: occ}}
	}},
	{"city+occupation+level", func(inst *knowledge.Institution, occ string) benchQuery {
		return benchQuery{q: retrieval.Query{Text: shortCity(inst) + occ + "三级 哪家能认定", Intent: retrieval.IntentListBodies, Region: cityOf(inst), Occupation: occ, Levels: []knowledge.Level{knowledge.Level3}}}
	}},
	{"province+occupation", func(inst *knowledge.Institution, occ string) benchQuery {
		return benchQuery{q: retrieval.Query{Text: inst.Province + "哪里能考" + occ, Intent: retrieval.IntentListBodies, Region: knowledge.Region{Province: inst.Province}, Occupation: occ}}
	}},
	{"occupation-not-in-city", func(inst *knowledge.Institution, occ string) benchQuery {
		return benchQuery{q: retrieval.Query{Text: shortCity(inst) + "能考飞机驾驶员吗", Intent: retrieval.IntentListBodies, Region: cityOf(inst), Occupation: "飞机驾驶员"}}
	}},
	{"subsidy", func(inst *knowledge.Institution, occ string) benchQuery {
		return benchQuery{q: retrieval.Query{Text: "考了" + occ + "证有补贴吗", Intent: retrieval.IntentSubsidy, Occupation: occ}}
	}},
	{"government", func(inst *knowledge.Institution, occ string) benchQuery {
		return benchQuery{q: retrieval.Query{Text: inst.City + "人社局能直接报名考" + occ + "吗", Intent: retrieval.IntentListBodies, Region: cityOf(inst), Occupation: occ, Government: []string{"人社局"}}}
	}},
	{"next-page", func(inst *knowledge.Institution, occ string) benchQuery {
		return benchQuery{q: retrieval.Query{Text: "还有别的吗", Intent: retrieval.IntentListBodies, Region: cityOf(inst), FollowUp: true, More: true}, offset: 10}
	}},
}

func cityOf(inst *knowledge.Institution) knowledge.Region {
	return knowledge.Region{Province: inst.Province, City: inst.City}
}

func shortCity(inst *knowledge.Institution) string { return strings.TrimSuffix(inst.City, "市") }

// benchQueries makes n queries of the given kinds (all when none), in turn,
// from random institutions of the KB.
func benchQueries(base *knowledge.Base, n int, kinds ...int) []benchQuery {
	if len(kinds) == 0 {
		for k := range benchKinds {
			kinds = append(kinds, k)
		}
	}
	rng := rand.New(rand.NewPCG(7, 7))
	var insts []*knowledge.Institution
	for i := range base.Institutions {
		if !base.Institutions[i].IsGovernment() {
			insts = append(insts, &base.Institutions[i])
		}
	}
	out := make([]benchQuery, 0, n)
	for i := 0; len(out) < n; i++ {
		inst := insts[rng.IntN(len(insts))]
		occ := inst.Authorizations[rng.IntN(len(inst.Authorizations))].Occupation
		out = append(out, benchKinds[kinds[i%len(kinds)]].make(inst, occ))
	}
	return out
}

// procStatusKB returns a memory figure of /proc/self/status in KiB: VmRSS
// (resident set) or VmHWM (its peak). ok is false where /proc does not tell.
func procStatusKB(field string) (kb int, ok bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err == nil {
				return kb, true
			}
		}
	}
	return 0, false
}
