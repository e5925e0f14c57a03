package bot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// WeChat's limits on a text reply.
const (
	// ReplyLimit is the most UTF-8 bytes a passive text reply may carry.
	ReplyLimit = 2048
	// MaxReplyParts is how many parts a long answer is split into at most;
	// beyond that it is cut, with a pointer to a consultation.
	MaxReplyParts = 3
	// ContinueHint ends every part of a split answer but the last.
	ContinueHint = "回复“继续”查看余下内容"
	// TruncatedHint ends an answer that was cut.
	TruncatedHint = "内容较长，余下部分没有显示；想详细了解，可以回复“预约”一对一咨询。"
)

// PlainText turns Markdown into plain text that reads well in WeChat:
// headings lose their #, bold, italics, strike-through and code marks go,
// links [t](u) become "t u", images their alt text, tables one line per row
// ("列名：值，列名：值"), bullets "· ", quotes and rules disappear. Text with
// no Markdown comes back unchanged except for trailing spaces and runs of
// blank lines.
func PlainText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = mdBreakTag.ReplaceAllString(s, "\n")
	s = mdHTMLTag.ReplaceAllString(s, "")
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	inFence := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if mdFence.MatchString(line) {
			inFence = !inFence
			continue
		}
		if inFence {
			out = append(out, strings.TrimRight(line, " \t"))
			continue
		}
		if i+1 < len(lines) && strings.Contains(line, "|") && mdTableSep.MatchString(lines[i+1]) {
			rows, next := tableRows(lines, i)
			out = append(out, rows...)
			i = next - 1
			continue
		}
		out = append(out, plainLine(line))
	}
	return collapseBlank(strings.Join(out, "\n"))
}

var (
	mdFence    = regexp.MustCompile("^\\s*(```|~~~)")
	mdTableSep = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	mdHeading  = regexp.MustCompile(`^\s{0,3}(#{1,6}\s+|#{2,6})`)
	mdRule     = regexp.MustCompile(`^\s*([-*_])(\s*([-*_])){2,}\s*$`)
	mdQuote    = regexp.MustCompile(`^\s*(>\s?)+`)
	mdBullet   = regexp.MustCompile(`^\s*[-*+•●▪]\s+`)
	mdOrdered  = regexp.MustCompile(`^\s+(\d+[.)、])\s*`)
	mdImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\(\s*([^)\s]+)[^)]*\)`)
	mdAutoLink = regexp.MustCompile(`<((?:https?://|www\.)[^>\s]+)>`)
	mdBold     = regexp.MustCompile(`\*\*(.+?)\*\*|__(.+?)__`)
	mdItalic   = regexp.MustCompile(`\*([^*\s](?:[^*]*[^*\s])?)\*`)
	mdStrike   = regexp.MustCompile(`~~(.+?)~~`)
	mdCode     = regexp.MustCompile("`+([^`]+)`+")
	mdEscape   = regexp.MustCompile(`\\([\\*_#\[\]()>|~` + "`" + `-])`)
	mdBreakTag = regexp.MustCompile(`(?i)<br\s*/?>`)
	mdHTMLTag  = regexp.MustCompile(`(?i)</?(?:b|strong|i|em|u|s|p|div|span|code|pre|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|a|font|sup|sub)\b[^>]*>`)
)

// plainLine converts one line outside code fences and tables.
func plainLine(line string) string {
	line = strings.TrimRight(line, " \t")
	if mdRule.MatchString(line) {
		return ""
	}
	if mdHeading.MatchString(line) {
		line = strings.TrimRight(mdHeading.ReplaceAllString(line, ""), "# ")
	}
	line = mdQuote.ReplaceAllString(line, "")
	if mdBullet.MatchString(line) {
		line = "· " + mdBullet.ReplaceAllString(line, "")
	}
	line = mdOrdered.ReplaceAllString(line, "$1 ")
	return plainInline(line)
}

// plainInline removes inline Markdown marks from a piece of text.
func plainInline(s string) string {
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := mdLink.FindStringSubmatch(m)
		if sub[1] == sub[2] {
			return sub[2]
		}
		return sub[1] + " " + sub[2]
	})
	s = mdAutoLink.ReplaceAllString(s, "$1")
	s = mdCode.ReplaceAllString(s, "$1")
	s = mdBold.ReplaceAllString(s, "$1$2")
	s = mdStrike.ReplaceAllString(s, "$1")
	s = mdItalic.ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, "**", "")
	return mdEscape.ReplaceAllString(s, "$1")
}

// tableRows converts the Markdown table whose header is lines[start] (the
// separator follows it) into one line per data row, and returns the index
// of the first line after the table.
func tableRows(lines []string, start int) ([]string, int) {
	header := tableCells(lines[start])
	var rows []string
	i := start + 2
	for ; i < len(lines) && strings.Contains(lines[i], "|"); i++ {
		var parts []string
		for j, cell := range tableCells(lines[i]) {
			if cell == "" {
				continue
			}
			if j < len(header) && header[j] != "" {
				cell = header[j] + "：" + cell
			}
			parts = append(parts, cell)
		}
		if len(parts) > 0 {
			rows = append(rows, strings.Join(parts, "，"))
		}
	}
	return rows, i
}

func tableCells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	cells := strings.Split(line, "|")
	for i, c := range cells {
		cells[i] = plainInline(strings.TrimSpace(c))
	}
	return cells
}

// collapseBlank trims trailing spaces, keeps at most one blank line in a
// row and trims the text.
func collapseBlank(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\u3000")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// FitReply splits text into parts of at most limit UTF-8 bytes each, at
// paragraph, line or sentence boundaries where it can. Every part but the
// last ends with ContinueHint. When more than maxParts parts would be
// needed, the last part is cut and ends with TruncatedHint, and truncated is
// true. A text that fits is returned as one part, unchanged but trimmed.
func FitReply(text string, limit, maxParts int) (parts []string, truncated bool) {
	text = strings.TrimSpace(text)
	if maxParts < 1 {
		maxParts = 1
	}
	cont := "\n\n" + ContinueHint
	cut := "\n\n" + TruncatedHint
	rest := text
	for {
		if len(rest) <= limit {
			return append(parts, rest), false
		}
		if len(parts) == maxParts-1 {
			head, _ := splitAt(rest, limit-len(cut))
			return append(parts, head+cut), true
		}
		head, tail := splitAt(rest, limit-len(cont))
		parts = append(parts, head+cont)
		rest = tail
	}
}

// splitAt cuts s into a head of at most budget bytes and the rest,
// preferring a paragraph break, then a line break, then the end of a
// sentence, in the second half of the budget; failing those, any rune
// boundary. Both pieces are trimmed.
func splitAt(s string, budget int) (head, tail string) {
	if budget <= 0 {
		budget = 1
	}
	if len(s) <= budget {
		return strings.TrimSpace(s), ""
	}
	window := s[:budget]
	for !utf8.ValidString(window) {
		window = window[:len(window)-1]
	}
	min := len(window) / 2
	cut := -1
	if i := strings.LastIndex(window, "\n\n"); i >= min {
		cut = i
	} else if i := strings.LastIndex(window, "\n"); i >= min {
		cut = i
	} else if i := lastSentenceEnd(window); i >= min/2 {
		cut = i
	}
	if cut <= 0 {
		cut = len(window)
	}
	return strings.TrimSpace(s[:cut]), strings.TrimSpace(s[cut:])
}

// lastSentenceEnd returns the byte offset just after the last sentence end
// in s, or -1.
func lastSentenceEnd(s string) int {
	best := -1
	for _, p := range []string{"。", "！", "？", "；", "!", "?", ";"} {
		if i := strings.LastIndex(s, p); i >= 0 && i+len(p) > best {
			best = i + len(p)
		}
	}
	return best
}
