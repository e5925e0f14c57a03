package bot

import (
	"strings"

	"github.com/zhijian/advisor/knowledge"
	"github.com/zhijian/advisor/retrieval"
)

// The marks on example (not real) institutions.
const (
	exampleMark   = "（示例数据，非真实机构）"
	exampleNotice = "注意：名单里标注“示例数据”的机构是演示用的示例数据，不是真实机构；实际报名请以当地公布的认定计划为准。"
	noticeMarker  = "示例数据，不是真实机构"
)

// listed returns the retrieved bodies that the text names.
func (g *guardRun) listed(t string) []retrieval.Hit {
	var out []retrieval.Hit
	for _, h := range g.hits {
		for _, n := range nameForms(h.Institution) {
			if strings.Contains(t, n) {
				out = append(out, h)
				break
			}
		}
	}
	return out
}

// ensureSources gives the plan and date of every listed body, and marks
// example bodies as such.
func (g *guardRun) ensureSources(t string) string {
	listed := g.listed(t)
	if len(listed) == 0 {
		return t
	}
	g.apply(RuleSourceAdded)
	var add []string
	for _, s := range sourcesOf(listed) {
		if s.plan == "" {
			if !strings.Contains(t, "来源") {
				add = append(add, s.line)
			}
			continue
		}
		if !strings.Contains(t, s.plan) {
			add = append(add, s.line)
		}
	}
	if len(add) > 0 {
		t += "\n\n" + strings.Join(add, "\n")
	}
	return g.markExamples(t, listed)
}

// markExamples marks the first mention of each example body and adds the
// notice that they are not real.
func (g *guardRun) markExamples(t string, listed []retrieval.Hit) string {
	found := false
	for _, h := range listed {
		if !h.Institution.Example {
			continue
		}
		found = true
		for _, n := range nameForms(h.Institution) {
			i := strings.Index(t, n)
			if i < 0 {
				continue
			}
			end := i + len(n)
			line := t[end:]
			if j := strings.IndexByte(line, '\n'); j >= 0 {
				line = line[:j]
			}
			if !strings.Contains(line, "示例") {
				t = t[:end] + exampleMark + t[end:]
			}
			break
		}
	}
	if !found {
		return t
	}
	g.apply(RuleExampleMarked)
	if !strings.Contains(t, noticeMarker) {
		t += "\n\n" + exampleNotice
	}
	return t
}

// source is one plan that listed bodies come from.
type source struct {
	plan string
	line string
}

// sourcesOf returns the plans of the authorizations shown for hits, in
// order of first appearance; one source without a plan when none has one.
func sourcesOf(hits []retrieval.Hit) []source {
	var out []source
	seen := map[string]bool{}
	for _, h := range hits {
		for _, a := range shownAuths(h) {
			if a.Plan == "" || seen[a.Plan] {
				continue
			}
			seen[a.Plan] = true
			line := "来源：" + a.Plan
			if !a.Published.IsZero() {
				line += "（" + a.Published.Format("2006-01-02") + "发布）"
			}
			out = append(out, source{plan: a.Plan, line: line})
		}
	}
	if len(out) == 0 {
		out = append(out, source{line: "来源：资料库记录（未注明认定计划名称和日期，请以当地最新公布的计划为准）"})
	}
	return out
}

// shownAuths returns the authorizations to show for a hit: those that
// matched the question (all when none is marked), without the ones for a
// body's own employees.
func shownAuths(h retrieval.Hit) []knowledge.Authorization {
	auths := h.Matched
	if len(auths) == 0 {
		auths = h.Institution.Authorizations
	}
	out := make([]knowledge.Authorization, 0, len(auths))
	for _, a := range auths {
		if !a.Internal() {
			out = append(out, a)
		}
	}
	return out
}
