package retrieval

import (
	"slices"
	"strings"

	"github.com/zhijian/advisor/knowledge"
)

// Understander turns a follower's message into a Query: the place (county →
// city → province), the occupation (catalog name and the words typed), skill
// levels, government bodies named, certificates that are not skill levels,
// and the intent. It is rule based and deterministic: the same text always
// gives the same Query, in microseconds.
//
// An Understander is immutable and safe for concurrent use.
type Understander struct {
	places *knowledge.Gazetteer
	jobs   *knowledge.Catalog
}

// NewUnderstander returns an Understander over a gazetteer and an occupation
// catalog; nil means knowledge.DefaultGazetteer() or
// knowledge.DefaultCatalog().
func NewUnderstander(g *knowledge.Gazetteer, c *knowledge.Catalog) *Understander {
	if g == nil {
		g = knowledge.DefaultGazetteer()
	}
	if c == nil {
		c = knowledge.DefaultCatalog()
	}
	return &Understander{places: g, jobs: c}
}

// span is a byte range of the folded text.
type span struct{ start, end int }

func (s span) overlaps(o span) bool { return s.start < o.end && o.start < s.end }

func overlapsAny(s span, spans []span) bool {
	return slices.ContainsFunc(spans, s.overlaps)
}

// Understand reads one message on its own; FollowUp combines it with the
// previous turn. Query.Text is text as given; everything else is read from
// its folded form (knowledge.Fold), so full-width letters, traditional
// characters and spaces between words do not matter.
//
// Government holds the bodies' names as folded (traditional characters
// simplified). Where words overlap, government bodies win over occupations
// (人力资源和社会保障局 is not 人力资源管理师) and occupations over places
// (景泰蓝制作工 is not 景泰县), except that the place inside a body's name
// (金华市人社局) still counts.
func (u *Understander) Understand(text string) Query {
	f := fixPlaceTypos(knowledge.Fold(text))
	q := Query{Text: text}
	found := u.places.Find(f)
	places := pickPlaces(f, slices.Clone(found))
	gov := findGovernment(f, places)
	for _, g := range gov {
		q.Government = append(q.Government, f[g.start:g.end])
	}
	occSpans := u.readOccupations(&q, f, gov)
	certSpans := u.readCertificates(&q, f)
	places, placeSpans := keepPlaces(places, occSpans, gov)
	q.Region, q.Ambiguous = u.places.Resolve(places)
	all, _ := keepPlaces(found, occSpans, gov)
	q.OtherRegions = u.otherRegions(f, q.Region, all)

	entities := slices.Concat(gov, occSpans, placeSpans)
	var levelSpans []span
	q.Levels, levelSpans = findLevels(f, slices.Concat(entities, certSpans))
	q.More = isMore(f) && q.Occupation == "" && len(places) == 0
	q.goOn = isGoOn(f)
	q.elliptical = isElliptical(f, slices.Concat(entities, certSpans, levelSpans))
	// The words of the names found are no intent cues (人工智能训练师 is no 人工).
	r := classifyIntent(blankOut(f, entities), cues{
		place:       len(places) > 0,
		occupation:  q.Occupation != "",
		government:  len(gov) > 0,
		certificate: q.Certificate != "",
	})
	q.Intent, q.Also, q.cued = r.intent, r.also, r.cued
	if q.Intent == IntentGreeting {
		q.SmallTalk = smallTalkKind(f)
	}
	return q
}

// readOccupations fills q's occupation fields from the occupations named in
// f outside the government bodies, and returns where they were.
func (u *Understander) readOccupations(q *Query, f string, gov []span) []span {
	var spans []span
	for _, m := range u.jobs.Find(f) {
		s := span{m.Start, m.End}
		if overlapsAny(s, gov) {
			continue
		}
		spans = append(spans, s)
		if q.Occupation == "" {
			q.Occupation, q.OccupationAsked = m.Occupation.Name, m.Text
		}
		if !slices.Contains(q.Occupations, m.Occupation.Name) {
			q.Occupations = append(q.Occupations, m.Occupation.Name)
		}
	}
	return spans
}

// readCertificates fills q's certificate fields from the first certificate
// named in f that is not a skill level, and returns where they all were.
func (u *Understander) readCertificates(q *Query, f string) []span {
	var spans []span
	for _, c := range u.jobs.OtherCertificates(f) {
		spans = append(spans, span{c.Start, c.End})
		if q.Certificate == "" {
			q.Certificate, q.CertificateKind = c.Text, c.Kind
		}
	}
	if q.Certificate == "" && containsAny(f, comparisonWords) {
		// "电工证和电工职业技能等级证书是一回事吗": the everyday 电工证 is the
		// special-operations licence the follower compares with the skill level.
		for _, w := range licenceWords {
			if strings.Contains(f, w) {
				q.Certificate, q.CertificateKind = w, specialOperationsKind
				break
			}
		}
	}
	q.CertificateClass = certificateClass(q.CertificateKind)
	return spans
}

const specialOperationsKind = "特种作业操作证（应急管理部门）"

var (
	// licenceWords are everyday names that mean a special-operations
	// licence when compared with a skill level.
	licenceWords = strings.Fields(`电工证 焊工证 电焊证`)
	// comparisonWords compare two things.
	comparisonWords = strings.Fields(`一回事 区别 差别 一样 不同 同一个 有什么不一样`)
)

// certificateClass returns the Query.CertificateClass of a certificate kind.
func certificateClass(kind string) string {
	switch {
	case kind == "":
		return ""
	case strings.Contains(kind, "特种作业"):
		return CertSpecialOperations
	case strings.Contains(kind, "特种设备"):
		return CertSpecialEquipment
	case strings.Contains(kind, "驾驶证"):
		return CertDriving
	case strings.Contains(kind, "住房城乡建设"):
		return CertConstruction
	default:
		return CertProfessional
	}
}

// keepPlaces drops the places inside occupation names (景泰 of 景泰蓝制作工)
// unless they are part of a government body's name, and returns the rest
// with their spans.
func keepPlaces(places []knowledge.PlaceMatch, occ, gov []span) ([]knowledge.PlaceMatch, []span) {
	kept := places[:0]
	var spans []span
	for _, p := range places {
		s := span{p.Start, p.End}
		if overlapsAny(s, occ) && !overlapsAny(s, gov) {
			continue
		}
		kept = append(kept, p)
		spans = append(spans, s)
	}
	return kept, spans
}

// blankOut returns f with the spans replaced by a separator, so that no
// word is found across or inside them.
func blankOut(f string, spans []span) string {
	if len(spans) == 0 {
		return f
	}
	b := []byte(f)
	for _, s := range spans {
		for i := s.start; i < s.end; i++ {
			b[i] = '|'
		}
	}
	return string(b)
}

// isMore reports whether the text asks to continue the previous list.
func isMore(f string) bool {
	for _, w := range moreWords {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

var moreWords = strings.Fields(`还有别的 还有其他 还有吗 还有没有 还有哪些 别的呢 其他的呢 其它的呢 更多 下一页 再来几个 再给我几个 换一批 继续列 接着列 后面的呢`)

// isElliptical reports whether the text only makes sense with the previous
// turn: it starts with 那/换成/如果是…, ends with 呢, or holds nothing but the
// entities found (spans) and filler words ("杭州", "三级的").
func isElliptical(f string, spans []span) bool {
	t := strings.TrimFunc(f, isPunct)
	for _, p := range ellipsisStarts {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	if strings.HasSuffix(t, "呢") {
		return true
	}
	if len(spans) == 0 {
		return false
	}
	var rest strings.Builder
	last := 0
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	for _, s := range spans {
		if s.start > last {
			rest.WriteString(f[last:s.start])
		}
		last = max(last, s.end)
	}
	rest.WriteString(f[last:])
	r := rest.String()
	for _, w := range fillerWords {
		r = strings.ReplaceAll(r, w, "")
	}
	return strings.TrimFunc(r, isPunct) == ""
}

var (
	// ellipsisStarts begin a message that changes the previous one,
	// corrections included (不对，我在吴江).
	ellipsisStarts = strings.Fields(`那 换成 改成 如果是 要是 假如是 换个 再问 不对 不是 我是说 我说的是 应该是 搞错了 错了`)
	fillerWords    = strings.Fields(`的话 的 呢 吗 嘛 啊 呀 吧 也 还 再 那 这 个 里 在 是 有 和 跟 与 及 或 呀 哦 喔 额 嗯 呐 咧 啦 我 人 现在 目前 怎么样 如何`)
)

// isPunct reports whether r is punctuation or white space to ignore at the
// ends of a message.
func isPunct(r rune) bool {
	return strings.ContainsRune(" ,.!?;:~…，。！？；：、“”‘’\"'()（）【】[]《》<>-—_·", r)
}
