package bot_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhijian/advisor/bot"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain_unchanged", "金华市可以考电工的机构：\n1. 义乌稠城技工学校\n联系：吴老师", "金华市可以考电工的机构：\n1. 义乌稠城技工学校\n联系：吴老师"},
		{"heading", "## 报名流程 ##\n正文", "报名流程\n正文"},
		{"heading_without_space", "###报名流程", "报名流程"},
		{"hashtag_kept", "#考证#话题", "#考证#话题"},
		{"bold_italic_code", "**重点**和*补贴*，`zscx.osta.org.cn`，~~旧~~", "重点和补贴，zscx.osta.org.cn，旧"},
		{"links", "见[查询网站](http://zscx.osta.org.cn)和<https://www.osta.org.cn>，![图](a.png)", "见查询网站 http://zscx.osta.org.cn和https://www.osta.org.cn，图"},
		{"bullets", "- 一\n  * 二\n+ 三\n• 四", "· 一\n· 二\n· 三\n· 四"},
		{"ordered_indented", "  1. 一\n  2) 二", "1. 一\n2) 二"},
		{"quote_and_rule", "> 引用\n---\n正文", "引用\n\n正文"},
		{"table", "| 机构 | 电话 |\n|:---|---:|\n| 甲 | 123 |\n| 乙 |  |", "机构：甲，电话：123\n机构：乙"},
		{"fence", "```text\n原样\n```", "原样"},
		{"html", "第一行<br>第二行<b>粗</b>", "第一行\n第二行粗"},
		{"blank_runs", "一\n\n\n\n二   \n", "一\n\n二"},
		{"escapes", `5\*3 \# 号`, "5*3 # 号"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bot.PlainText(tt.in); got != tt.want {
				t.Errorf("PlainText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFitReply(t *testing.T) {
	sentence := "职业技能等级认定由备案的评价机构组织实施。"
	tests := []struct {
		name      string
		text      string
		limit     int
		maxParts  int
		wantParts int
		truncated bool
	}{
		{"fits", sentence, 200, 3, 1, false},
		{"exact", strings.Repeat("a", 100), 100, 3, 1, false},
		{"split_sentences", strings.Repeat(sentence, 10), 200, 3, 3, true},
		{"split_lines", strings.Repeat(sentence+"\n", 6), 300, 3, 2, false},
		{"one_part_cut", strings.Repeat(sentence, 20), 200, 1, 1, true},
		{"no_boundary", strings.Repeat("字", 300), 200, 6, 6, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, truncated := bot.FitReply(tt.text, tt.limit, tt.maxParts)
			if len(parts) != tt.wantParts || truncated != tt.truncated {
				t.Fatalf("%d parts, truncated %v; want %d, %v", len(parts), truncated, tt.wantParts, tt.truncated)
			}
			var joined strings.Builder
			for i, p := range parts {
				if len(p) > tt.limit || !utf8.ValidString(p) || strings.TrimSpace(p) == "" {
					t.Errorf("part %d: %d bytes, valid %v", i+1, len(p), utf8.ValidString(p))
				}
				last := i == len(parts)-1
				if !last && !strings.HasSuffix(p, bot.ContinueHint) {
					t.Errorf("part %d lacks the continue hint", i+1)
				}
				if last && truncated != strings.HasSuffix(p, bot.TruncatedHint) {
					t.Errorf("last part: truncated %v but hint %v", truncated, strings.HasSuffix(p, bot.TruncatedHint))
				}
				body := strings.TrimSuffix(strings.TrimSuffix(p, bot.ContinueHint), bot.TruncatedHint)
				joined.WriteString(strings.TrimSpace(body))
			}
			if !truncated {
				want := strings.Join(strings.Fields(tt.text), "")
				if got := strings.Join(strings.Fields(joined.String()), ""); got != want {
					t.Errorf("parts lose text:\n got %q\nwant %q", got, want)
				}
			}
		})
	}
}
