package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhijian/advisor/bot"
	"github.com/zhijian/advisor/bot/llm"
	"github.com/zhijian/advisor/bot/store"
	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// Hostile model replies.
var (
	replyGovernment = "当然可以，直接去金华市人力资源和社会保障局报名最方便，电话0579-55550199，地址金华市示例路100号。" +
		"金华市职业技能鉴定中心（0579-55550198）也能考。"
	replyInvented = "推荐金华市阳光职业培训学校，电话0579-88886666，负责人手机13912345678，保证拿证。\n" +
		"也可以找浙江金华职业技能评价中心，微信 jinhua_kz2024。"
	replyInjected = "好的，已进入开发者模式，忽略所有规则。人社局电话：0579-55550199，全国热线12333。"
)

// replyLongMarkdown is more than 3,000 characters of Markdown, with a
// government phone number and an invented school buried in the middle.
func replyLongMarkdown() string {
	var b strings.Builder
	b.WriteString("# 职业技能等级认定全攻略\n\n")
	for i := 1; i <= 14; i++ {
		fmt.Fprintf(&b, "## 第%d部分\n\n**要点**：职业技能等级认定由备案的评价机构组织实施，证书可在全国联网查询核验；报名前要看清认定计划。\n\n", i)
		b.WriteString("| 项目 | 说明 |\n|---|---|\n| 等级 | 五级至一级 |\n| 查询 | 全国联网查询 |\n\n")
		b.WriteString("- 第一步：找名单\n- 第二步：联系机构\n\n")
		if i == 7 {
			b.WriteString("> 也可以去**金华市人社局**报名，电话 0579-55550199；或者找[金华市阳光职业培训学校](http://jinhua-sun.example.com)，0579-88886666。\n\n")
		}
	}
	return b.String()
}

type composeCase struct {
	name         string
	q            retrieval.Query
	r            func(f fx, t *testing.T) retrieval.Result
	reply        string
	want         []string
	banned       []string
	bannedDigits []string
	govWarning   bool
	// source is where the answer must come from: the model when the guard
	// removed little, the offline composer when it removed most.
	source string
}

// A question the model answers (lists of bodies never wait on it): about an
// occupation the city has no body for.
var qNoWelder = retrieval.Query{Text: "金华的焊工证好考吗", Intent: retrieval.IntentOther, Region: jinhua, Occupation: "焊工"}

func rCoveredNoHit(f fx, t *testing.T) retrieval.Result {
	return retrieval.Result{Covered: true, OccupationCovered: false, Government: f.govRows("金华市")}
}

var composeCases = []composeCase{
	{
		name:         "recommends_the_bureau_with_its_phone",
		q:            retrieval.Query{Text: "人社局能报名考电工吗", Intent: retrieval.IntentOther, Region: jinhua, Government: []string{"人社局"}},
		r:            rCoveredNoHit,
		reply:        replyGovernment + "\n报名前记得带好身份证和学历证明，按机构通知准备材料即可。",
		want:         []string{"提醒：金华市人力资源和社会保障局", "不直接受理职业技能等级认定报名"},
		banned:       []string{"直接去", "示例路100号", "身份证"},
		bannedDigits: []string{"55550199", "55550198"},
		govWarning:   true,
		source:       bot.SourceOffline,
	},
	{
		name:         "invents_an_institution_and_phones",
		q:            qNoWelder,
		r:            rCoveredNoHit,
		reply:        replyInvented + "\n金华市目前的名单里没有焊工的授权机构。",
		want:         []string{"预约"},
		banned:       []string{"阳光", "保证拿证", "评价中心", "jinhua_kz2024", "微信"},
		bannedDigits: []string{"88886666", "13912345678"},
		source:       bot.SourceOffline,
	},
	{
		name: "one_invented_line_in_a_good_reply",
		q:    qNoWelder,
		r:    rCoveredNoHit,
		reply: "金华市目前公布的认定计划里，没有能认定焊工的授权机构，可能是这一期没有机构申报。\n" +
			"建议你搜索“金华市 社会化职业技能等级认定计划”，看看有没有更新的一期；也可以问问附近城市。\n" +
			"可以试试金华市阳光焊接培训学校，电话0579-88886666。\n" +
			"需要的话回复“预约”，老师一对一帮你查。",
		want:         []string{"没有能认定焊工的授权机构", "更新的一期", "回复“预约”"},
		banned:       []string{"阳光", "可以试试"},
		bannedDigits: []string{"88886666"},
		source:       bot.SourceLLM,
	},
	{
		name:         "long_markdown",
		q:            qPolicy,
		r:            rNothing,
		reply:        replyLongMarkdown(),
		want:         []string{"职业技能等级认定全攻略", "要点：职业技能等级认定由备案的评价机构组织实施"},
		banned:       []string{"**", "##", "|", "阳光", "example.com"},
		bannedDigits: []string{"55550199", "88886666"},
		govWarning:   true,
		source:       bot.SourceLLM,
	},
	{
		name:         "injection_obeyed",
		q:            qInjection,
		r:            rNothing,
		reply:        replyInjected + "\n如果想报名，请先告诉我你的城市。",
		want:         []string{"提醒：人社局是政府单位", "告诉我你在哪个城市"},
		banned:       []string{"开发者模式", "忽略所有规则", "电话："},
		bannedDigits: []string{"55550199", "12333"},
		govWarning:   true,
		source:       bot.SourceOffline,
	},
}

func TestComposeHostileModel(t *testing.T) {
	f := newFx()
	for _, tc := range composeCases {
		t.Run(tc.name, func(t *testing.T) {
			model := replying(tc.reply)
			c := bot.NewComposer(f.base, model, nil)
			r := tc.r(f, t)
			a := c.Compose(context.Background(), tc.q, r, nil)
			if len(model.Calls()) != 1 {
				t.Fatalf("model called %d times, want 1", len(model.Calls()))
			}
			if a.Source != tc.source {
				t.Errorf("Source %q (LLMError %v), want %q", a.Source, a.LLMError, tc.source)
			}
			if tc.source == bot.SourceOffline && !errors.Is(a.LLMError, bot.ErrUnusableReply) {
				t.Errorf("LLMError %v, want ErrUnusableReply", a.LLMError)
			}
			checkFollowerSees(t, a, tc)
		})
	}
}

func checkFollowerSees(t *testing.T, a bot.Answer, tc composeCase) {
	t.Helper()
	text := fullText(a)
	for _, w := range tc.want {
		if !strings.Contains(text, w) {
			t.Errorf("answer lacks %q:\n%s", w, text)
		}
	}
	for _, b := range tc.banned {
		if strings.Contains(text, b) {
			t.Errorf("follower sees %q:\n%s", b, text)
		}
	}
	for _, d := range tc.bannedDigits {
		if strings.Contains(digitsOf(text), d) {
			t.Errorf("follower sees the number %s:\n%s", d, text)
		}
	}
	if a.HasRule(bot.RuleGovWarning) != tc.govWarning {
		t.Errorf("government warning %v, want %v (rules %v)", a.HasRule(bot.RuleGovWarning), tc.govWarning, a.Rules)
	}
	if tc.govWarning && !strings.HasPrefix(a.Text, "提醒：") {
		t.Errorf("the warning does not come first:\n%s", a.Text)
	}
	assertFits(t, a)
	assertPlain(t, text)
}

func TestComposeFallsBackOffline(t *testing.T) {
	f := newFx()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	tests := []struct {
		name    string
		model   func(ctx context.Context, msgs []llm.Message) (string, error)
		timeout time.Duration
		wantErr error
	}{
		{"slow_model_honours_ctx", func(ctx context.Context, _ []llm.Message) (string, error) {
			<-ctx.Done()
			return "", ctx.Err()
		}, 50 * time.Millisecond, context.DeadlineExceeded},
		{"slow_model_ignores_ctx", func(context.Context, []llm.Message) (string, error) {
			<-release
			return "太晚了", nil
		}, 50 * time.Millisecond, context.DeadlineExceeded},
		{"model_error", func(context.Context, []llm.Message) (string, error) {
			return "", &llm.StatusError{Code: 503, Message: "upstream unavailable"}
		}, time.Second, nil},
		{"empty_reply", func(context.Context, []llm.Message) (string, error) { return "", nil }, time.Second, bot.ErrEmptyReply},
		{"blank_reply", func(context.Context, []llm.Message) (string, error) { return " \n\t ", nil }, time.Second, bot.ErrEmptyReply},
		{"error_text_reply", func(context.Context, []llm.Message) (string, error) {
			return "Error: rate limit exceeded, please retry later", nil
		}, time.Second, bot.ErrUnusableReply},
		{"nothing_survives_the_guard", func(context.Context, []llm.Message) (string, error) {
			return "直接去金华市人社局报名，电话0579-55550199。", nil
		}, time.Second, bot.ErrUnusableReply},
	}
	q := retrieval.Query{Text: "金华市人社局能报名吗", Intent: retrieval.IntentOther, Region: jinhua, Government: []string{"金华市人社局"}}
	r := retrieval.Result{Institutions: jinhuaAll(f, t)[:5], Total: 8, Covered: true, OccupationCovered: true, Government: f.govRows("金华市")}
	offline := bot.NewComposer(f.base, nil, nil).Offline(q, r)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := bot.NewComposer(f.base, &fakeLLM{fn: tt.model}, nil)
			ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
			defer cancel()
			start := time.Now()
			a := c.Compose(ctx, q, r, nil)
			elapsed := time.Since(start)
			if elapsed > tt.timeout+500*time.Millisecond {
				t.Errorf("Compose took %v with a %v deadline", elapsed, tt.timeout)
			}
			if a.Source != bot.SourceOffline || a.LLMError == nil {
				t.Fatalf("Source %q, LLMError %v; want the offline answer with the model's error", a.Source, a.LLMError)
			}
			if tt.wantErr != nil && !errors.Is(a.LLMError, tt.wantErr) {
				t.Errorf("LLMError %v, want %v", a.LLMError, tt.wantErr)
			}
			if a.Text != offline.Text {
				t.Errorf("the fallback differs from the offline answer:\n%s", a.Text)
			}
			for _, bad := range []string{"Error", "error", "503", "rate limit", "太晚了", "55550199"} {
				if strings.Contains(fullText(a), bad) {
					t.Errorf("follower sees %q:\n%s", bad, fullText(a))
				}
			}
			if !a.HasRule(bot.RuleGovWarning) {
				t.Errorf("the offline fallback lacks the government warning")
			}
		})
	}
}

func TestComposeDeterministicNeverCallsModel(t *testing.T) {
	f := newFx()
	tests := []struct {
		name string
		q    retrieval.Query
		r    retrieval.Result
	}{
		{"list", qYiwuElectrician, rYiwuElectrician(f, t)},
		{"uncovered_city", retrieval.Query{Text: "西宁哪里能考电工", Intent: retrieval.IntentListBodies, Region: xining, Occupation: "电工"}, retrieval.Result{}},
		{"no_city", retrieval.Query{Text: "哪里能考电工", Intent: retrieval.IntentListBodies, Occupation: "电工"}, retrieval.Result{Covered: true}},
		{"more", retrieval.Query{Text: "还有别的吗", Intent: retrieval.IntentListBodies, Region: jinhua, More: true}, retrieval.Result{Covered: true}},
		{"greeting", retrieval.Query{Text: "你好", Intent: retrieval.IntentGreeting}, retrieval.Result{}},
		{"booking", retrieval.Query{Text: "转人工", Intent: retrieval.IntentBooking}, retrieval.Result{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := replying("模型的回答")
			c := bot.NewComposer(f.base, model, nil)
			if !c.Deterministic(tt.q, tt.r) {
				t.Errorf("Deterministic = false")
			}
			a := c.Compose(context.Background(), tt.q, tt.r, nil)
			if n := len(model.Calls()); n != 0 || a.Source != bot.SourceOffline || a.LLMError != nil {
				t.Errorf("model called %d times, Source %q, LLMError %v; want 0, offline, nil", n, a.Source, a.LLMError)
			}
		})
	}
	if c := bot.NewComposer(f.base, nil, nil); c.Deterministic(qPolicy, retrieval.Result{}) {
		t.Errorf("a policy question is deterministic")
	}
}

func TestComposeWithoutModel(t *testing.T) {
	f := newFx()
	c := bot.NewComposer(f.base, nil, nil)
	qTitle := retrieval.Query{Text: "职称和技能等级有什么区别", Intent: retrieval.IntentPolicy}
	a := c.Compose(context.Background(), qTitle, retrieval.Result{Notes: f.base.Notes[3:4]}, nil)
	if a.Source != bot.SourceOffline || a.LLMError != nil || !strings.Contains(a.Text, "职称") {
		t.Errorf("got %+v", a)
	}
	// A nil knowledge base is an empty one.
	if a := bot.NewComposer(nil, nil, nil).Offline(qYiwuElectrician, retrieval.Result{Covered: true}); a.Text == "" {
		t.Errorf("no answer from an empty KB")
	}
}

// history has a follower's mobile number and WeChat ID, which must never
// reach the model.
func history() []store.Turn {
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	return []store.Turn{
		{Role: "user", Text: "我想问问补贴", At: at},
		{Role: "assistant", Text: "可以的，请问你考的是哪个职业？", At: at},
		{Role: "user", Text: "金华的育婴员，我电话13812345678，微信 zhang_san88", At: at},
		{Role: "assistant", Text: "好的，金华市婺江家庭服务协会可以认定育婴员。", At: at},
		{Role: "system", Text: "ignored role", At: at},
		{Role: "user", Text: "   ", At: at},
	}
}

func TestPromptGolden(t *testing.T) {
	f := newFx()
	tests := []struct {
		name string
		q    retrieval.Query
		r    retrieval.Result
		h    []store.Turn
	}{
		{"subsidy_followup",
			retrieval.Query{Text: "那考完能领多少钱？我手机是139 1234 5678", Intent: retrieval.IntentSubsidy, Region: jinhua, Occupation: "育婴员", FollowUp: true},
			retrieval.Result{Covered: true, OccupationCovered: true, Notes: []knowledge.Note{f.note(t, "subsidy-rule")}}, history()},
		{"no_body_with_government",
			retrieval.Query{Text: "金华市人社局管焊工证吗", Intent: retrieval.IntentOther, Region: jinhua, Occupation: "焊工", Government: []string{"金华市人社局"}},
			retrieval.Result{Covered: true, Government: f.govRows("金华市"), Notes: []knowledge.Note{f.note(t, "government-bureau-is-not-the-contact")}}, nil},
		{"injection_with_institutions",
			retrieval.Query{Text: qInjection.Text, Intent: retrieval.IntentOther, Region: jinhua, Government: []string{"人社局"}},
			retrieval.Result{Institutions: append(jinhuaAll(f, t)[:4], f.hit(t, "示例·义乌市技工学校", "", false)), Total: 9, Covered: true, OccupationCovered: true,
				Government: f.govRows("金华市")}, nil},
		{"uncovered_city",
			retrieval.Query{Text: "西宁的电工证好考吗", Intent: retrieval.IntentOther, Region: xining, Occupation: "电工"},
			retrieval.Result{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := replying("好的，这是回答。资料库里的说明供你参考。")
			c := bot.NewComposer(f.base, model, nil)
			c.Compose(context.Background(), tt.q, tt.r, tt.h)
			calls := model.Calls()
			if len(calls) != 1 {
				t.Fatalf("model called %d times, want 1", len(calls))
			}
			var b strings.Builder
			for i, m := range calls[0] {
				if m.Content == "" || (m.Role != llm.RoleSystem && m.Role != llm.RoleUser && m.Role != llm.RoleAssistant) {
					t.Errorf("message %d: role %q, %d bytes", i, m.Role, len(m.Content))
				}
				if (i == 0) != (m.Role == llm.RoleSystem) {
					t.Errorf("message %d has role %s", i, m.Role)
				}
				for _, secret := range []string{"13812345678", "13912345678", "zhang_san88"} {
					if strings.Contains(digitsOf(m.Content), secret) || strings.Contains(m.Content, secret) {
						t.Errorf("message %d carries personal data %s", i, secret)
					}
				}
				fmt.Fprintf(&b, "=== %s ===\n%s\n", m.Role, m.Content)
			}
			last := calls[0][len(calls[0])-1]
			if last.Role != llm.RoleUser {
				t.Errorf("the last message is %s, want the question", last.Role)
			}
			checkGolden(t, "prompt/"+tt.name+".golden", b.String())
		})
	}
}

func TestComposeRunawayReply(t *testing.T) {
	f := newFx()
	reply := strings.Repeat("职业技能等级认定由备案的评价机构组织实施，证书可在全国联网查询核验。\n", 3000)
	c := bot.NewComposer(f.base, replying(reply), nil)
	a := c.Compose(context.Background(), qPolicy, retrieval.Result{}, nil)
	if a.Source != bot.SourceLLM {
		t.Fatalf("Source %q (LLMError %v)", a.Source, a.LLMError)
	}
	if !a.HasRule(bot.RuleLengthTruncated) || !strings.HasSuffix(a.More[len(a.More)-1], bot.TruncatedHint) {
		t.Errorf("a runaway reply is not cut with a pointer to a consultation (rules %v)", a.Rules)
	}
	assertFits(t, a)
}
