package bot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Pointers to channels the KB knows nothing about: "关注公众号“某某考证”",
// "加我们的微信群", "下载某某APP". A follower sent there meets whoever runs
// it, so a sentence pointing to a channel the KB does not name goes whole.
var (
	channelRE = regexp.MustCompile(`(?i)公众号|服务号|订阅号|小程序|\bapp\b|客户端|微信群|qq群|群号|进群|加群|入群|微信号|抖音号|抖音|快手号|视频号|小红书|(?:网站|官网|网址)\s*[“"「『《]`)
	pointRE   = regexp.MustCompile(`(?i)关注|搜索|搜|加入|添加|加|进|扫码|扫一扫|扫|下载|访问|登录|打开|私信|联系|咨询|留言|认准|获取|查看|了解`)
	quotedRE  = regexp.MustCompile(`[“"「『《]([^”"」』》]{1,30})[”"」』》]`)
	// contactVerbRE marks a clause whose point is to use the contact in
	// it ("也可以打…问问", "或者访问…"): without the contact it says nothing.
	contactVerbRE = regexp.MustCompile(`(?i)拨|打|致电|访问|登录|打开|点击|添加|加|关注|扫|搜|问问|咨询|了解|获取|查看|详见|请见|见`)
)

// removePointers removes the sentences that send the follower to a
// channel (公众号, 小程序, APP, 群, 微信号, 抖音号…) the KB does not name.
func (g *guardRun) removePointers(t string) string {
	t, n := removeSentences(t, func(s string) bool {
		if g.trusted(s) || !channelRE.MatchString(s) || !pointRE.MatchString(s) {
			return false
		}
		for _, m := range quotedRE.FindAllStringSubmatch(s, -1) {
			if !g.c.kbNames(m[1]) {
				return true
			}
		}
		// No name given: "加我们的微信群" points to someone unknown too,
		// unless the KB's notes say the same.
		return !quotedRE.MatchString(s)
	})
	if n > 0 {
		g.apply(RuleUnknownContact)
	}
	return t
}

// kbNames reports whether name is something the KB itself names, in its
// notes or among its institutions.
func (c *Composer) kbNames(name string) bool {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) < 2 {
		return false
	}
	return strings.Contains(c.kbText, name)
}

// dropContacts removes the contacts at spans from line. In a field line
// ("联系：…", "电话：…") or inside brackets only the contact and its label
// go; elsewhere the whole clause goes when it was there to pass the contact
// on ("也可以打…问问", "或者访问…"), so no half sentence is left.
func dropContacts(line string, spans []span) string {
	if fieldRE.MatchString(line) {
		return cutSpans(line, spans)
	}
	spans = mergeSpans(spans)
	var b strings.Builder
	start := 0
	for _, c := range splitKeep(line, clauseEnds) {
		end := start + len(c)
		var local []span
		for _, sp := range spans {
			if sp.start < end && sp.end > start {
				local = append(local, span{max(sp.start, start) - start, min(sp.end, end) - start})
			}
		}
		start = end
		if len(local) == 0 {
			b.WriteString(c)
			continue
		}
		if !contactVerbRE.MatchString(removeSpans(c, local)) {
			if rest := cutSpans(c, local); rest != "" {
				b.WriteString(rest)
				continue
			}
		}
		// The clause goes; a sentence end it carried moves to what is left.
		last, _ := utf8.DecodeLastRuneInString(c)
		if strings.ContainsRune(sentenceEnds, last) {
			out := strings.TrimRight(b.String(), " ")
			if l, size := utf8.DecodeLastRuneInString(out); size > 0 && strings.ContainsRune("，,、", l) {
				out = out[:len(out)-size] + string(last)
			}
			b.Reset()
			b.WriteString(out)
		}
	}
	return dropDangling(b.String())
}

// removeSpans returns s without the spans.
func removeSpans(s string, spans []span) string {
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}
