package knowledge

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// scanText is a text prepared for dictionary scanning: folded (see Fold),
// without white space, with every rune's position in the original text so
// that matches report offsets into what the caller passed.
type scanText struct {
	orig   string
	folded string
	at     []int // byte offset in folded of rune i; at[n] == len(folded)
	start  []int // byte offset in orig where rune i starts
	end    []int // byte offset in orig just past rune i
}

// newScanText folds text for scanning.
func newScanText(text string) scanText {
	n := utf8.RuneCountInString(text)
	st := scanText{
		orig:  text,
		at:    make([]int, 0, n+1),
		start: make([]int, 0, n),
		end:   make([]int, 0, n),
	}
	var b strings.Builder
	b.Grow(len(text))
	for i, r := range text {
		if isBlank(r) {
			continue
		}
		st.at = append(st.at, b.Len())
		st.start = append(st.start, i)
		st.end = append(st.end, i+utf8.RuneLen(r))
		b.WriteRune(foldRune(r))
	}
	st.folded = b.String()
	st.at = append(st.at, len(st.folded))
	return st
}

// runes returns the number of scannable runes.
func (st *scanText) runes() int { return len(st.start) }

// key returns the folded text of runes [i, j).
func (st *scanText) key(i, j int) string { return st.folded[st.at[i]:st.at[j]] }

// span returns the original text and byte offsets of runes [i, j).
func (st *scanText) span(i, j int) (text string, start, end int) {
	start, end = st.start[i], st.end[j-1]
	return st.orig[start:end], start, end
}

// rest returns the folded text from rune i on.
func (st *scanText) rest(i int) string { return st.folded[st.at[i]:] }

// before returns the folded text before rune i.
func (st *scanText) before(i int) string { return st.folded[:st.at[i]] }

// asciiAt reports whether rune i exists and is an ASCII letter or digit.
func (st *scanText) asciiAt(i int) bool {
	if i < 0 || i >= st.runes() {
		return false
	}
	c := st.folded[st.at[i]]
	return c < utf8.RuneSelf && isWordRune(rune(c))
}

// lexicon finds dictionary words in a scanText. Each word maps to an int32
// chosen by the owner (an index into its own tables). A lexicon is built
// once and then only read.
type lexicon struct {
	ids  map[string]int32
	lens map[rune][]int // rune lengths of the words starting with a rune, longest first
}

func newLexicon() *lexicon {
	return &lexicon{ids: make(map[string]int32), lens: make(map[rune][]int)}
}

// add stores word (already folded) with id, replacing an earlier id.
func (lx *lexicon) add(word string, id int32) {
	if word == "" {
		return
	}
	lx.ids[word] = id
	first, _ := utf8.DecodeRuneInString(word)
	n := utf8.RuneCountInString(word)
	ls := lx.lens[first]
	if !slices.Contains(ls, n) {
		ls = append(ls, n)
		slices.Sort(ls)
		slices.Reverse(ls)
		lx.lens[first] = ls
	}
}

// lookup returns the id of a folded word.
func (lx *lexicon) lookup(word string) (int32, bool) {
	id, ok := lx.ids[word]
	return id, ok
}

// at offers accept the words starting at rune i, longest first, with their
// id and the rune index just past them, until accept returns true; it
// returns the accepted word's id and rune length, or false when none was.
func (lx *lexicon) at(st *scanText, i int, accept func(id int32, j int) bool) (int32, int, bool) {
	first, _ := utf8.DecodeRuneInString(st.folded[st.at[i]:])
	for _, n := range lx.lens[first] {
		j := i + n
		if j > st.runes() {
			continue
		}
		if id, ok := lx.ids[st.key(i, j)]; ok && accept(id, j) {
			return id, n, true
		}
	}
	return 0, 0, false
}
