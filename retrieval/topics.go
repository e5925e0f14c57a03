package retrieval

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zhijian/advisor/knowledge"
)

// topicCue maps the words of a question to the tags of the notes that
// answer it. Tags are what a curator says a note is about, so a cue that
// reaches a note's tags or title outranks any text similarity.
type topicCue struct {
	re   *regexp.Regexp
	tags []string
}

// topicCues are the commonest kinds of question and the tags that answer
// them. They name topics, not notes, so they work for any KB that tags its
// notes with these words.
var topicCues = []topicCue{
	{regexp.MustCompile(`(查|核验|验证|辨别|鉴别).{0,10}(证|真假|真的|假的)|真假|是不是真的|是真的吗|假证|真伪|查得到|查不到|证书?.{0,6}(在哪|哪里|怎么|去哪)(查|核)`), []string{"查证书", "证书查询", "真假"}},
	{regexp.MustCompile(`骗|保过|包过|挂靠|入库|国家级证书|国字头|国家认可|官方认可|正规吗|靠谱吗|不用考`), []string{"骗局", "防骗", "包过", "挂靠", "入库"}},
	{regexp.MustCompile(`(?i)1\s*[+＋]\s*x`), []string{"1+X"}},
	{regexp.MustCompile(`职称|工程师`), []string{"职称"}},
	{regexp.MustCompile(`评价组织|评价机构是|谁来发|谁发证|谁颁发|角色|上下游`), []string{"角色", "上下游", "评价机构", "评价组织", "培训评价组织"}},
	{regexp.MustCompile(`学历|报考条件|申报条件|报名条件|能报吗|能考吗|怎么报|流程|步骤`), []string{"申报条件", "步骤", "流程"}},
	{regexp.MustCompile(`补贴|补助|退钱|返钱`), []string{"补贴"}},
	{regexp.MustCompile(`特种作业|上岗证|操作证|电工证`), []string{"特种作业", "特种作业操作证"}},
	{regexp.MustCompile(`几级|五级|四级|三级|二级|一级|高级技师|初级工|中级工|高级工|八级|学徒工|特级技师|首席技师`), []string{"等级"}},
	{regexp.MustCompile(`材料|几次|多久|多长时间|什么时候报|怎么考`), []string{"步骤", "流程"}},
	{regexp.MustCompile(`合作|招生|分润|代理`), []string{"合作", "招生"}},
	{regexp.MustCompile(`俗称|正式名称|叫什么|对应`), []string{"俗称", "职业名称"}},
}

// rankNotes puts the notes that the question's topic words or literal
// tags point to first, keeping the text relevance order otherwise, and
// returns at most maxNotes. When the question has no topic words and names
// no tag, the text order stands.
func rankNotes(q Query, notes []knowledge.Note) []knowledge.Note {
	text := norm(q.Text)
	want := cuedTags(text)
	scores := make(map[string]int, len(notes))
	for _, n := range notes {
		scores[n.ID] = noteScore(text, want, n)
	}
	slices.SortStableFunc(notes, func(a, b knowledge.Note) int { return cmp.Compare(scores[b.ID], scores[a.ID]) })
	return notes[:min(maxNotes, len(notes))]
}

// NoteAnswers reports whether note n is clearly about what q asks: the
// question's topic words point to its tags or title, or it names one of
// its tags. A note found by text similarity alone is not.
func NoteAnswers(q Query, n knowledge.Note) bool {
	text := norm(q.Text)
	return noteScore(text, cuedTags(text), n) > 0
}

// cuedTags returns the tags the topic words of text point to.
func cuedTags(text string) []string {
	var want []string
	for _, c := range topicCues {
		if c.re.MatchString(text) {
			want = append(want, c.tags...)
		}
	}
	return want
}

// noteScore weighs how clearly note n answers text: tags the topic words
// point to, tags named in text, cued words in its title.
func noteScore(text string, want []string, n knowledge.Note) int {
	s := 0
	for _, tag := range n.Tags {
		t := norm(tag)
		if slices.Contains(want, tag) {
			s += 3
		}
		// Two-letter tags (等级, 证书) are too common in questions to
		// count when typed; the topic cues cover the ones that matter.
		if utf8.RuneCountInString(t) >= 3 && strings.Contains(text, t) {
			s += 2
		}
	}
	for _, w := range want {
		if strings.Contains(n.Title, w) {
			s++
		}
	}
	return s
}
