package retrieval

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/zhijian/advisor/knowledge"
)

// minNameRunes is the shortest name that counts as naming an institution;
// a short form (the name without its place prefix) needs one letter more,
// being likelier a common phrase.
const minNameRunes = 4

// phoneInTextRE finds phone-like digit runs in a question.
var phoneInTextRE = regexp.MustCompile(`\d[\d\-\s]{5,}\d`)

// nameIndex finds the listable institutions a question names. Names are
// keyed by their last two letters (学校, 协会), which every form of a name
// shares, so a question is checked against the few names ending in one of
// its own letter pairs.
type nameIndex struct {
	bySuffix map[string][]nameForms
	byPhone  map[string][]int32 // phone digits (and the local number) → rows
}

// nameForms are the normalised forms of one institution's name, the full
// name first.
type nameForms struct {
	row   int32
	forms []string
}

func buildNameIndex(base *knowledge.Base, t *tables) nameIndex {
	ni := nameIndex{bySuffix: map[string][]nameForms{}, byPhone: map[string][]int32{}}
	for row := range t.insts {
		in := &base.Institutions[t.insts[row].base]
		forms := shortNames(in.Name, in.Province, in.City, in.County)
		if key := lastRunes2(forms[0]); key != "" {
			ni.bySuffix[key] = append(ni.bySuffix[key], nameForms{int32(row), forms})
		}
		for _, p := range in.Phones {
			d := digitsOf(p)
			if len(d) < 7 {
				continue
			}
			ni.byPhone[d] = append(ni.byPhone[d], int32(row))
			if local := localDigits(d); local != "" {
				ni.byPhone[local] = append(ni.byPhone[local], int32(row))
			}
		}
	}
	return ni
}

// named returns the one listable institution the question names, by its
// full name, a short form no other body shares (the name without its
// province, city or county prefix), or one of its phone numbers; nil when
// it names none or several.
func (ix *Index) named(q Query) []candidate {
	text := norm(q.Text)
	if text == "" {
		return nil
	}
	found := ix.names.phoneRows(text)
	if len(found) == 0 {
		found = ix.names.nameRows(text)
	}
	if len(found) != 1 {
		return nil
	}
	c := candidate{row: found[0]}
	for i := range ix.tab.insts[found[0]].auths {
		c.matched = append(c.matched, i)
	}
	return []candidate{c}
}

// phoneRows returns the rows whose phone number text gives.
func (ni nameIndex) phoneRows(text string) []int32 {
	var out []int32
	for _, m := range phoneInTextRE.FindAllString(text, -1) {
		for _, row := range ni.byPhone[digitsOf(m)] {
			out = appendRow(out, row)
		}
	}
	return out
}

// nameRows returns the rows whose name text gives in its longest form.
func (ni nameIndex) nameRows(text string) []int32 {
	var found []int32
	best := 0
	seen := map[string]bool{}
	for i := range text {
		key := lastRunes2(firstRunes2(text[i:]))
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		for _, nf := range ni.bySuffix[key] {
			n := nf.match(text)
			switch {
			case n == 0 || n < best:
				continue
			case n > best:
				best, found = n, found[:0]
			}
			found = appendRow(found, nf.row)
		}
	}
	return found
}

// match returns the length of the longest form of the name in text, 0 when
// none is there.
func (nf nameForms) match(text string) int {
	best := 0
	for i, form := range nf.forms {
		need := minNameRunes
		if i > 0 {
			need++
		}
		if l := utf8.RuneCountInString(form); l >= need && l > best && strings.Contains(text, form) {
			best = l
		}
	}
	return best
}

func appendRow(rows []int32, row int32) []int32 {
	for _, r := range rows {
		if r == row {
			return rows
		}
	}
	return append(rows, row)
}

// firstRunes2 returns the first two letters of s, or "".
func firstRunes2(s string) string {
	_, a := utf8.DecodeRuneInString(s)
	if a == 0 || a == len(s) {
		return ""
	}
	_, b := utf8.DecodeRuneInString(s[a:])
	return s[:a+b]
}

// lastRunes2 returns the last two letters of s, or "".
func lastRunes2(s string) string {
	_, b := utf8.DecodeLastRuneInString(s)
	if b == 0 || b == len(s) {
		return ""
	}
	_, a := utf8.DecodeLastRuneInString(s[:len(s)-b])
	return s[len(s)-b-a:]
}

// shortNames returns the name and its forms without the place prefixes
// (苏州市姑苏家庭服务协会 → 姑苏家庭服务协会), normalised.
func shortNames(name string, places ...string) []string {
	n := norm(name)
	out := []string{n}
	for changed := true; changed; {
		changed = false
		for _, p := range places {
			for _, form := range []string{norm(p), cityKey(p), countyStem(norm(p))} {
				if form == "" {
					continue
				}
				if rest, ok := strings.CutPrefix(n, form); ok && rest != "" {
					n, changed = rest, true
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// localDigits returns a landline's number without its area code (010 and
// 02x have three digits, the others four), or "" for other numbers.
func localDigits(d string) string {
	if len(d) < 10 || d[0] != '0' {
		return ""
	}
	area := 4
	if d[1] == '1' || d[1] == '2' {
		area = 3
	}
	if len(d)-area < 7 {
		return ""
	}
	return d[area:]
}

// digitsOf returns the digits of s.
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
