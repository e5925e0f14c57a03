package knowledge

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeGeneratedCSV writes an institutions CSV of n authorization rows, five
// per institution, across a fixed set of real cities and counties.
func writeGeneratedCSV(tb testing.TB, dir string, n int) {
	tb.Helper()
	places := [][2]string{{"金华市", "义乌市"}, {"金华市", ""}, {"杭州市", "萧山区"}, {"杭州市", ""}, {"成都市", "都江堰市"}, {"成都市", ""}, {"北京市", ""}}
	occupations := []string{"育婴员", "家政服务员", "养老护理员", "电工", "焊工", "中式烹调师", "中式面点师", "保育师", "美容师", "美发师", "茶艺师", "评茶员", "电子商务师", "互联网营销师", "健康管理师", "企业人力资源管理师"}
	levels := []string{"五级至三级", "五级/初级工-三级/高级工", "四级、三级", "三级至一级", "五级至二级"}
	kinds := []Kind{KindAssociation, KindVocationalColl, KindTechnicalSchool, KindEvaluationOrg, KindTrainingSchool}
	if err := os.MkdirAll(filepath.Join(dir, dirInstitutions), 0o755); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, dirInstitutions, "generated.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "省份,城市,区县,职业名称,认定等级,机构名称,机构类型,联系人,联系电话,地址,计划名称,发布日期,来源")
	for i := range n {
		inst := i / 5
		p := places[inst%len(places)]
		fmt.Fprintf(w, ",%s,%s,%s,%s,%s第%d测试机构,%s,王老师,0579-5555%04d、1380000%04d,%s测试路%d号,%s2024年第%d批认定计划（测试数据）,2024-%02d-15,https://example.org/plan/%d\n",
			p[0], p[1], occupations[i%len(occupations)], levels[i%len(levels)], p[0], inst, kinds[inst%len(kinds)],
			inst%10000, inst%10000, p[0], inst, p[0], inst%4+1, inst%12+1, inst%4)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkLoadCSV100k loads a KB of 100,000 authorization rows with the
// built-in gazetteer, as `advisor --kb DIR` does at start.
func BenchmarkLoadCSV100k(b *testing.B) {
	dir := b.TempDir()
	const rows = 100_000
	writeGeneratedCSV(b, dir, rows)
	b.ReportAllocs()
	for b.Loop() {
		kb, err := LoadDir(dir)
		if err != nil {
			b.Fatal(err)
		}
		if got := Stats(kb).Authorizations; got != rows {
			b.Fatalf("authorizations = %d, want %d", got, rows)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
