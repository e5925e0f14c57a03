package retrieval

import (
	"slices"
	"strings"

	"github.com/zhijian/advisor/knowledge"
)

// placeTypos are misspellings of city names common in typed and dictated
// messages, each the same length in bytes as the right spelling so that
// positions in the text do not move. Only pairs that are no real place
// (株洲 is real, 广洲 is not) are listed.
var placeTypos = strings.NewReplacer(
	"广洲", "广州", "苏洲", "苏州", "杭洲", "杭州", "福洲", "福州", "郑洲", "郑州",
	"兰洲", "兰州", "常洲", "常州", "徐洲", "徐州", "惠洲", "惠州", "温洲", "温州",
	"湖洲", "湖州", "贵洲", "贵州", "西按", "西安", "昆善", "昆山", "深镇", "深圳",
	"成督", "成都", "重宠", "重庆", "武汗", "武汉", "南景", "南京", "天律", "天津",
)

// fixPlaceTypos returns the folded text f with common misspellings of city
// names corrected.
func fixPlaceTypos(f string) string { return placeTypos.Replace(f) }

// Words right before a place that make it where the follower is now or wants
// to sign up (人在苏州, 搬到广州), or where they no longer are (户口在西安,
// 从西安).
var (
	herePlaceCues  = strings.Fields(`搬到 搬去 搬来 人在 现在在 目前在 现在 想在 打算在 准备在 来到 到了 调到 去了 在`)
	therePlaceCues = strings.Fields(`户口在 户籍在 老家在 老家 原来在 以前在 之前在 从`)
	herePlaceAfter = strings.Fields(`工作 上班 生活 能考 可以考 考 哪里 哪儿 在哪 去哪 有没有 有哪些`)
)

// pickPlaces chooses between places of different provinces named in one
// message ("从西安搬到广州了，广州能考保育师吗", "我户口在西安，人在苏州，在哪考")
// and drops the places unrelated to the one chosen. The chosen place is the
// one with the best score: named after 人在/搬到/现在在…, named before 工作/
// 能考/哪里…, named twice, and not after 户口在/老家/从. With places all in
// one province, or no place ahead of the others, places is returned as is.
func pickPlaces(f string, places []knowledge.PlaceMatch) []knowledge.PlaceMatch {
	if len(places) < 2 || related(places) {
		return places
	}
	score := make([]int, len(places))
	for i, p := range places {
		before, after := f[:p.Start], f[p.End:]
		switch {
		case hasSuffixAny(before, therePlaceCues):
			score[i] -= 2
		case hasSuffixAny(before, herePlaceCues):
			score[i] += 2
		}
		if hasPrefixAny(after, herePlaceAfter) {
			score[i]++
		}
		for j, o := range places {
			if j != i && f[o.Start:o.End] == f[p.Start:p.End] {
				score[i]++
			}
		}
	}
	best := 0
	for i := range places {
		if score[i] > score[best] {
			best = i
		}
	}
	tied := 0
	for i := range places {
		if score[i] == score[best] && !sameProvince(places[i], places[best]) {
			tied++
		}
	}
	if tied > 0 {
		return places
	}
	var kept []knowledge.PlaceMatch
	for _, p := range places {
		if sameProvince(p, places[best]) {
			kept = append(kept, p)
		}
	}
	return kept
}

// related reports whether all places may be in the province of the first.
func related(places []knowledge.PlaceMatch) bool {
	for _, p := range places[1:] {
		if !sameProvince(p, places[0]) {
			return false
		}
	}
	return true
}

// sameProvince reports whether a and b have a reading in the same province.
func sameProvince(a, b knowledge.PlaceMatch) bool {
	for _, x := range a.Candidates {
		for _, y := range b.Candidates {
			if x.Province == y.Province {
				return true
			}
		}
	}
	return false
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

func hasPrefixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// otherRegions returns the cities named in f besides main's, each once, in
// order of mention: not those after 户口在/老家/从 (where the follower no
// longer is), nor places inside main's city. Nil when main has no city.
func (u *Understander) otherRegions(f string, main knowledge.Region, places []knowledge.PlaceMatch) []knowledge.Region {
	if main.City == "" {
		return nil
	}
	var out []knowledge.Region
	for _, p := range places {
		if hasSuffixAny(f[:p.Start], therePlaceCues) {
			continue
		}
		reg, _ := u.places.Resolve([]knowledge.PlaceMatch{p})
		if reg.City == "" || reg.City == main.City {
			continue
		}
		if !slices.ContainsFunc(out, func(o knowledge.Region) bool { return o.City == reg.City }) {
			out = append(out, knowledge.Region{Province: reg.Province, City: reg.City})
		}
	}
	return out
}
