package bot

import (
	"regexp"
	"strings"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// professional returns the first occupation q asks about that is a
// professional one (大类2 of the 大典, such as 心理咨询师), or "".
func professional(q retrieval.Query) string {
	cat := knowledge.DefaultCatalog()
	for _, name := range append([]string{q.Occupation}, q.Occupations...) {
		if name == "" {
			continue
		}
		if occ, ok := cat.Lookup(name); ok && strings.HasPrefix(occ.Code, "2-") {
			return occ.Name
		}
	}
	return ""
}

// exampleAmountRE finds a sentence giving one place's amounts as an
// example: "金额以北京市朝阳区为例：五级1000元…".
var exampleAmountRE = regexp.MustCompile(`^(.*?)以([^，。：:（）]{2,16}?)为例[：:](.+?)。?$`)

// subsidyNoteText fits the subsidy note to the question: the sentences on
// professional occupations (心理咨询师…) only when the question is about
// one and the answer has not said it already (stated), and one place's
// amounts given as an example, not as those of the place the follower
// named.
func subsidyNoteText(body string, q retrieval.Query, stated bool) string {
	keepProfessional := !stated && professional(q) != ""
	asked := q.Region.County
	if asked == "" {
		asked = uncoveredPlace(q)
	}
	lines := strings.Split(body, "\n")
	out := lines[:0]
	for _, line := range lines {
		sents := splitSentences(line)
		kept := sents[:0]
		for _, s := range sents {
			if strings.Contains(s, "专业技术人员") && !keepProfessional {
				continue
			}
			if m := exampleAmountRE.FindStringSubmatch(strings.TrimSpace(s)); m != nil && asked != "" && !strings.Contains(m[2], asked) {
				s = m[1] + "各地不一样，" + asked + "的标准以当地通知为准（以" + m[2] + "为例：" + m[3] + "）。"
			}
			kept = append(kept, s)
		}
		if len(sents) > 0 && len(kept) == 0 {
			continue // the line was only what was dropped
		}
		out = append(out, strings.Join(kept, ""))
	}
	return strings.Join(out, "\n")
}
