package bot

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/zhijian/advisor/knowledge"
)

// The guard works on lines, sentences (ending in 。！？；) and clauses
// (separated by ，、 as well).
const (
	sentenceEnds = "。！？!?；;"
	clauseEnds   = sentenceEnds + "，,、"
)

// mapLines applies fn to each line of t and drops the lines fn empties.
func mapLines(t string, fn func(string) string) string {
	lines := strings.Split(t, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l == "" {
			out = append(out, l)
			continue
		}
		if m := fn(l); m != "" {
			out = append(out, m)
		}
	}
	return strings.Join(out, "\n")
}

// splitKeep splits s after each rune in seps, keeping the separators with
// the piece they end.
func splitKeep(s, seps string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if strings.ContainsRune(seps, r) {
			end := i + len(string(r))
			out = append(out, s[start:end])
			start = end
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func splitSentences(line string) []string { return splitKeep(line, sentenceEnds) }
func splitClauses(s string) []string      { return splitKeep(s, clauseEnds) }

// lastSentenceStart returns where the last sentence of s starts.
func lastSentenceStart(s string) int {
	best := 0
	for _, r := range sentenceEnds {
		if i := strings.LastIndex(s, string(r)); i >= 0 && i+len(string(r)) > best {
			best = i + len(string(r))
		}
	}
	return best
}

// entryRE is the first line of an entry in a list; fieldRE a line that
// belongs to the entry above it.
var (
	entryRE = regexp.MustCompile(`^\s*(?:\d+\s*[.、．)）]|[（(]\d+[)）]|[·•\-*])`)
	fieldRE = regexp.MustCompile(`^\s*(?:可考|可认定|认定|职业|工种|等级|联系|联系人|电话|手机|座机|热线|地址|网址|网站|官网|微信|邮箱|类型|备注|报名|费用|收费|时间|负责人|位置|位于)[^，。：:]{0,6}[：:]`)
)

// removeSentences drops the sentences of t for which bad reports true and
// returns the text and how many it dropped. A line left with nothing to say
// goes, and so do the field lines ("电话：…", "地址：…") under a line that
// went whole or under a list entry whose first sentence went.
func removeSentences(t string, bad func(string) bool) (string, int) {
	lines := strings.Split(t, "\n")
	out := make([]string, 0, len(lines))
	n := 0
	skipFields := false
	for _, line := range lines {
		if skipFields && strings.TrimSpace(line) != "" && fieldRE.MatchString(line) {
			continue
		}
		skipFields = false
		sents := splitSentences(line)
		kept := make([]string, 0, len(sents))
		firstGone := false
		for i, s := range sents {
			if strings.TrimSpace(s) != "" && bad(s) {
				n++
				firstGone = firstGone || i == 0
				continue
			}
			kept = append(kept, s)
		}
		if len(kept) == len(sents) {
			out = append(out, line)
			continue
		}
		rest := strings.Join(kept, "")
		if emptyLineRE.MatchString(rest) || (firstGone && entryRE.MatchString(line)) {
			skipFields = true
			continue
		}
		out = append(out, strings.TrimSpace(rest))
	}
	return strings.Join(out, "\n"), n
}

// defaultHosts are the official sites answers may always point to: the
// national certificate query and the ministry.
var defaultHosts = []string{"osta.org.cn", "mohrss.gov.cn"}

// kbHosts returns the web hosts named anywhere in the KB: plan sources,
// note sources and links in notes.
func kbHosts(base *knowledge.Base) []string {
	hosts := append([]string(nil), defaultHosts...)
	add := func(text string) {
		for _, m := range linkRE.FindAllString(text, -1) {
			if h := linkHost(m); h != "" {
				hosts = append(hosts, h)
			}
		}
	}
	for _, in := range base.Institutions {
		for _, a := range in.Authorizations {
			add(a.SourceURL)
		}
	}
	for _, n := range base.Notes {
		add(n.Source)
		add(n.Body)
	}
	return hosts
}

// linkHost returns the lower-case host of a link written with or without a
// scheme.
func linkHost(link string) string {
	if !strings.Contains(link, "://") {
		link = "http://" + link
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// vouched reports whether a link points to a host the KB names.
func (c *Composer) vouched(link string) bool {
	h := linkHost(link)
	if h == "" {
		return false
	}
	for _, k := range c.hosts {
		if h == k || strings.HasSuffix(h, "."+k) {
			return true
		}
	}
	return false
}
