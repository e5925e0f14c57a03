package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/config"
	"github.com/zhijian/advisor/knowledge"
)

// evalQuestion is one line of a question set (../shared/eval/dev-questions.jsonl).
type evalQuestion struct {
	Q                 string   `json:"q"`
	Intent            string   `json:"intent"`
	City              string   `json:"city"`
	County            string   `json:"county"`
	Occupation        string   `json:"occupation"`
	Include           []string `json:"include"`
	NoInstitutions    bool     `json:"no_institutions"`
	ExcludePhones     []string `json:"exclude_phones"`
	GovWarning        *bool    `json:"gov_warning"`
	AnswerContainsAny []string `json:"answer_contains_any"`
}

// evalScore counts hits and totals for each measure.
type evalScore struct {
	intent, intentN         int
	city, cityN             int
	recall, recallN         int
	gov, govN               int
	govFalse                int
	contains, containsN     int
	invented                int // phone numbers in answers that are not in the KB
	excluded                int // phone numbers that must not appear, and did
	uncoveredListed         int // uncovered-city questions that listed something
	questions, failedQuests int
}

// phoneRe finds phone numbers in an answer, independently of the guard's own
// detection: landlines with an area code, 400/800 numbers and mobiles.
var phoneRe = regexp.MustCompile(`0\d{2,3}[-－ ]?\d{7,8}|[48]00[-－ ]?\d{3}[-－ ]?\d{4}|1[3-9]\d[- ]?\d{4}[- ]?\d{4}`)

func normPhone(s string) string {
	return strings.NewReplacer("-", "", "－", "", " ", "").Replace(s)
}

func runEval(ctx context.Context, e env, args []string) error {
	fs := newFlags("eval")
	questions := fs.String("questions", "", "JSONL question set")
	kbFlag := fs.String("kb", "", "knowledge base directory")
	verbose := fs.Bool("v", false, "print every question's answer")
	minRecall := fs.Float64("min-recall", 0.95, "fail under this institution recall")
	minCity := fs.Float64("min-city", 0.95, "fail under this city accuracy")
	minIntent := fs.Float64("min-intent", 0.90, "fail under this intent accuracy")
	minGov := fs.Float64("min-gov", 1.0, "fail under this government-warning rate")
	minContains := fs.Float64("min-contains", 0.0, "fail under this answer_contains_any rate")
	maxInvented := fs.Int("max-invented-phones", 0, "fail over this many phone numbers not in the KB")
	maxUncovered := fs.Int("max-uncovered-listings", 0, "fail over this many listings for uncovered cities")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *questions == "" {
		return usageError{"eval: --questions FILE is required"}
	}
	qs, err := readQuestions(*questions)
	if err != nil {
		return err
	}
	cfg, err := config.Load(e.getenv)
	if err != nil {
		return err
	}
	log := newLogger(io.Discard, cfg.LogLevel, cfg.LogFormat)
	a, err := newApp(ctx, cfg, log, kbDir(*kbFlag, e.getenv), e.stderr, nil)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	known, gov := kbPhones(a.bot.CurrentKB().Base)

	var sc evalScore
	tw := tabwriter.NewWriter(e.stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tintent\tcity\trecall\tgov\tphones\tquestion\tproblems")
	for i, q := range qs {
		res := a.bot.Ask(ctx, "", q.Q)
		row, problems := scoreOne(&sc, q, res, known, gov)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, row[0], row[1], row[2], row[3], row[4], clip(q.Q, 24), strings.Join(problems, "; "))
		if *verbose {
			fmt.Fprintf(tw, "\t\t\t\t\t\t%s\t\n", strings.ReplaceAll(res.Answer.Text, "\n", " ⏎ "))
		}
	}
	tw.Flush()

	ratio := func(a, b int) float64 {
		if b == 0 {
			return 1
		}
		return float64(a) / float64(b)
	}
	summary := fmt.Sprintf("eval: %d questions; intent %.2f (%d/%d); city %.2f (%d/%d); institution recall %.2f (%d/%d); government warning %.2f (%d/%d, %d unasked); contains %.2f (%d/%d); invented phones %d; excluded phones shown %d; uncovered-city listings %d",
		sc.questions, ratio(sc.intent, sc.intentN), sc.intent, sc.intentN, ratio(sc.city, sc.cityN), sc.city, sc.cityN,
		ratio(sc.recall, sc.recallN), sc.recall, sc.recallN, ratio(sc.gov, sc.govN), sc.gov, sc.govN, sc.govFalse,
		ratio(sc.contains, sc.containsN), sc.contains, sc.containsN, sc.invented, sc.excluded, sc.uncoveredListed)
	fmt.Fprintln(e.stdout, summary)

	var fails []string
	check := func(name string, got, min float64) {
		if got < min {
			fails = append(fails, fmt.Sprintf("%s %.2f < %.2f", name, got, min))
		}
	}
	check("intent", ratio(sc.intent, sc.intentN), *minIntent)
	check("city", ratio(sc.city, sc.cityN), *minCity)
	check("recall", ratio(sc.recall, sc.recallN), *minRecall)
	check("government warning", ratio(sc.gov, sc.govN), *minGov)
	check("contains", ratio(sc.contains, sc.containsN), *minContains)
	if sc.invented+sc.excluded > *maxInvented {
		fails = append(fails, fmt.Sprintf("%d phone numbers not allowed", sc.invented+sc.excluded))
	}
	if sc.uncoveredListed > *maxUncovered {
		fails = append(fails, fmt.Sprintf("%d uncovered-city listings", sc.uncoveredListed))
	}
	if len(fails) > 0 {
		return exitError{1, "eval: below thresholds: " + strings.Join(fails, ", ")}
	}
	fmt.Fprintln(e.stdout, "eval: all thresholds met")
	return nil
}

// scoreOne scores one answer and returns the table cells and its problems.
func scoreOne(sc *evalScore, q evalQuestion, res bot.AskResult, known, gov map[string]bool) ([5]string, []string) {
	var row [5]string
	var problems []string
	answer := strings.Join(append([]string{res.Answer.Text}, res.Answer.More...), "\n")
	sc.questions++
	mark := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "FAIL"
	}
	if q.Intent != "" {
		sc.intentN++
		ok := string(res.Query.Intent) == q.Intent
		if ok {
			sc.intent++
		} else {
			problems = append(problems, fmt.Sprintf("intent %s, want %s", res.Query.Intent, q.Intent))
		}
		row[0] = mark(ok)
	}
	if q.City != "" {
		sc.cityN++
		ok := res.Query.Region.City == q.City
		if ok {
			sc.city++
		} else {
			problems = append(problems, fmt.Sprintf("city %q, want %q", res.Query.Region.City, q.City))
		}
		row[1] = mark(ok)
	}
	if len(q.Include) > 0 {
		found := 0
		for _, name := range q.Include {
			sc.recallN++
			if strings.Contains(answer, name) {
				sc.recall++
				found++
			} else {
				problems = append(problems, "missing "+name)
			}
		}
		row[2] = fmt.Sprintf("%d/%d", found, len(q.Include))
	}
	warned := res.Answer.HasRule(bot.RuleGovWarning)
	if q.GovWarning != nil && *q.GovWarning {
		sc.govN++
		if warned {
			sc.gov++
		} else {
			problems = append(problems, "no government warning")
		}
		row[3] = mark(warned)
	} else if warned && q.GovWarning != nil {
		sc.govFalse++
	}
	bad := 0
	for _, p := range phoneRe.FindAllString(answer, -1) {
		n := normPhone(p)
		if gov[n] || !known[n] {
			bad++
			sc.invented++
			problems = append(problems, "phone not allowed: "+p)
		}
	}
	for _, p := range q.ExcludePhones {
		if strings.Contains(normPhone(answer), normPhone(p)) {
			bad++
			sc.excluded++
			problems = append(problems, "excluded phone shown: "+p)
		}
	}
	row[4] = mark(bad == 0)
	if q.NoInstitutions && len(listedInstitutions(res)) > 0 {
		sc.uncoveredListed++
		problems = append(problems, "listed institutions for an uncovered city")
	}
	if len(q.AnswerContainsAny) > 0 {
		sc.containsN++
		ok := false
		for _, w := range q.AnswerContainsAny {
			ok = ok || strings.Contains(answer, w)
		}
		if ok {
			sc.contains++
		} else {
			problems = append(problems, "answer lacks any of "+strings.Join(q.AnswerContainsAny, "/"))
		}
	}
	if len(problems) > 0 {
		sc.failedQuests++
	}
	return row, problems
}

// listedInstitutions returns the names of KB institutions the answer shows.
func listedInstitutions(res bot.AskResult) []string {
	var names []string
	for _, in := range toAskJSON(res).Institutions {
		names = append(names, in.Name)
	}
	return names
}

// kbPhones returns the normalised phone numbers of contactable bodies and of
// government bodies.
func kbPhones(b *knowledge.Base) (known, gov map[string]bool) {
	known, gov = map[string]bool{}, map[string]bool{}
	for _, in := range b.Institutions {
		for _, p := range in.Phones {
			if in.IsGovernment() {
				gov[normPhone(p)] = true
			} else {
				known[normPhone(p)] = true
			}
		}
	}
	return known, gov
}

func readQuestions(path string) ([]evalQuestion, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	var qs []evalQuestion
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var q evalQuestion
		if err := json.Unmarshal([]byte(text), &q); err != nil {
			return nil, fmt.Errorf("eval: %s:%d: %v", path, line, err)
		}
		if q.Q == "" {
			return nil, fmt.Errorf("eval: %s:%d: no \"q\"", path, line)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("eval: %s has no questions", path)
	}
	return qs, nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
