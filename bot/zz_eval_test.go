package bot_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

var evalPhoneRe = regexp.MustCompile(`0\d{2,3}[-－ ]?\d{7,8}|[48]00[-－ ]?\d{3}[-－ ]?\d{4}|1[3-9]\d[- ]?\d{4}[- ]?\d{4}`)

func TestZZEval(t *testing.T) {
	dir := t.TempDir()
	exec.Command("cp", "-r", "/work/shared/eval/fixture-kb/institutions", dir).Run()
	exec.Command("cp", "-r", "/work/main/knowledge/builtin/notes", dir).Run()
	base, err := knowledge.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ix, err := retrieval.Build(ctx, base, retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	u := retrieval.NewUnderstander(knowledge.DefaultGazetteer(), knowledge.DefaultCatalog())
	known := map[string]bool{}
	gov := map[string]bool{}
	for _, in := range base.Institutions {
		for _, p := range in.Phones {
			n := strings.NewReplacer("-", "", " ", "").Replace(p)
			if in.IsGovernment() {
				gov[n] = true
			} else {
				known[n] = true
			}
		}
	}
	hostile := os.Getenv("HOSTILE") != ""
	var model bot.Completer
	if hostile {
		model = replying(replyGovernment + "\n" + replyInvented + "\n" + replyInjected + "\n这是一些正常的解释文字，帮助你理解职业技能等级认定。")
	}
	c := bot.NewComposer(base, model, nil)
	f, _ := os.Open(filepath.Join("/work/shared/eval/dev-questions.jsonl"))
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var dq struct {
			Q        string   `json:"q"`
			Include  []string `json:"include"`
			Exclude  []string `json:"exclude_phones"`
			Gov      *bool    `json:"gov_warning"`
			NoInst   bool     `json:"no_institutions"`
			Contains []string `json:"answer_contains_any"`
		}
		json.Unmarshal(sc.Bytes(), &dq)
		q := u.Understand(dq.Q)
		r, _ := ix.Search(ctx, q, 5, 0)
		a := c.Compose(ctx, q, r, nil)
		ans := fullText(a)
		var probs []string
		for _, n := range dq.Include {
			if !strings.Contains(ans, n) {
				probs = append(probs, "missing "+n)
			}
		}
		for _, p := range evalPhoneRe.FindAllString(ans, -1) {
			n := strings.NewReplacer("-", "", " ", "", "－", "").Replace(p)
			if gov[n] || !known[n] {
				probs = append(probs, "bad phone "+p)
			}
		}
		for _, p := range dq.Exclude {
			if strings.Contains(ans, p) {
				probs = append(probs, "excluded "+p)
			}
		}
		w := a.HasRule(bot.RuleGovWarning)
		if dq.Gov != nil && *dq.Gov != w {
			probs = append(probs, "gov warning mismatch")
		}
		if dq.NoInst {
			for _, h := range r.Institutions {
				if strings.Contains(ans, h.Institution.Name) {
					probs = append(probs, "listed for uncovered")
				}
			}
		}
		if len(dq.Contains) > 0 {
			ok := false
			for _, w := range dq.Contains {
				ok = ok || strings.Contains(ans, w)
			}
			if !ok {
				probs = append(probs, "lacks any of "+strings.Join(dq.Contains, "/"))
			}
		}
		t.Logf("Q %s [%s %s gov=%v] %s %v", dq.Q, q.Intent, q.Region.City, q.Government, a.Source, probs)
		if os.Getenv("SHOW") != "" {
			t.Logf("%s\n%v", ans, a.Rules)
		}
	}
}
