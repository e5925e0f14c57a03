package bot_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/retrieval"
)

// numberRunRE finds runs of digits with the separators phone numbers use;
// evalPhoneRE finds phone numbers as `advisor eval` does.
var (
	numberRunRE = regexp.MustCompile(`[0-9][0-9\- ()]*[0-9]`)
	evalPhoneRE = regexp.MustCompile(`0\d{2,3}[-－ ]?\d{7,8}|[48]00[-－ ]?\d{3}[-－ ]?\d{4}|1[3-9]\d[- ]?\d{4}[- ]?\d{4}`)
)

// FuzzGuard checks the guard's promises on any text: no government phone
// number, no phone number that is not a retrieved body's, a warning first
// when a government body is named, and replies within WeChat's limits.
func FuzzGuard(f *testing.F) {
	for _, tc := range guardCases {
		f.Add(tc.text)
	}
	for _, tc := range composeCases {
		f.Add(tc.reply)
	}
	f.Add("金华市人社局 0579 5555 0199 / 0579-55550101 / 金华市职业技能鉴定中心")
	fx := newFx()
	c := bot.NewComposer(fx.base, nil, nil)
	q := retrieval.Query{Text: "金华市人社局能报名考养老护理员吗", Intent: retrieval.IntentOther, Region: jinhua, Government: []string{"金华市人社局"}}
	r := retrieval.Result{Institutions: []retrieval.Hit{fx.hit(f, "金华市婺江家庭服务协会", "养老护理员", false)}, Total: 1,
		Covered: true, OccupationCovered: true, Government: fx.govRows("金华市")}
	allowed := "057955550101"
	f.Fuzz(func(t *testing.T, text string) {
		got, _ := c.Guard(text, q, r)
		for _, run := range numberRunRE.FindAllString(got, -1) {
			d := digitsOf(run)
			if strings.Contains(d, "55550199") || strings.Contains(d, "55550198") || d == "12333" {
				t.Fatalf("government number in %q", got)
			}
		}
		for _, p := range evalPhoneRE.FindAllString(got, -1) {
			if digitsOf(p) != allowed {
				t.Fatalf("unknown phone number %q in %q", p, got)
			}
		}
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8: %q", got)
		}
		if !strings.HasPrefix(got, "提醒：") {
			t.Fatalf("no warning first: %q", got)
		}
		parts, _ := bot.FitReply(got, bot.ReplyLimit, bot.MaxReplyParts)
		if len(parts) > bot.MaxReplyParts {
			t.Fatalf("%d parts", len(parts))
		}
	})
}
