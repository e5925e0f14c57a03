package knowledge

// Resolve decides which region a text is about from the place matches Find
// returned for it. Each ambiguous name is decided by the other places in the
// text (南京鼓楼 → 南京市鼓楼区, 北京朝阳 → 北京市朝阳区, 吉林长春 → 吉林省),
// else by its dominant reading (海南 → 海南省). Of the decided places the
// most specific wins (金华 + 义乌 → 浙江省 金华市 义乌市); between equally
// specific ones, the first mentioned.
//
// When no place could be decided, Resolve returns the zero Region and the
// best-ranked readings of the first ambiguous name, for the caller to ask
// about (吉林 → 吉林省, 吉林市). With no matches it returns the zero Region
// and nil.
func (g *Gazetteer) Resolve(matches []PlaceMatch) (Region, []Region) {
	var best Region
	var ambiguous []Region
	for i, m := range matches {
		r, alts := decide(m, matches, i)
		switch {
		case !r.IsZero():
			if r.Depth() > best.Depth() {
				best = r
			}
		case ambiguous == nil:
			ambiguous = alts
		}
	}
	if !best.IsZero() {
		return best, nil
	}
	return Region{}, ambiguous
}

// decide returns the reading of matches[i] that the other matches support,
// or its dominant reading, or else the tied best readings.
func decide(m PlaceMatch, matches []PlaceMatch, i int) (Region, []Region) {
	switch len(m.Candidates) {
	case 0:
		return Region{}, nil
	case 1:
		return m.Candidates[0], nil
	}
	var idx []int
	for k, c := range m.Candidates {
		for j, o := range matches {
			if j != i && relatedToAny(c, []PlaceMatch{o}) {
				idx = append(idx, k)
				break
			}
		}
	}
	if len(idx) == 0 {
		if m.Dominant {
			return m.Candidates[0], nil
		}
		for k := range m.Candidates {
			idx = append(idx, k)
		}
	} else if len(idx) == 1 || m.rank(idx[0]) > m.rank(idx[1]) && !provinceOverOwnCity(m.Candidates[idx[0]], m.Candidates[idx[1]]) {
		return m.Candidates[idx[0]], nil
	}
	// Still tied: offer the readings ranked as high as the best.
	top := m.rank(idx[0])
	var alts []Region
	for _, k := range idx {
		if m.rank(k) == top || provinceOverOwnCity(m.Candidates[idx[0]], m.Candidates[k]) {
			alts = append(alts, m.Candidates[k])
		}
	}
	return Region{}, alts
}

// rank returns the rank of candidate k; matches not built by Find rank
// their candidates equally.
func (m PlaceMatch) rank(k int) int16 {
	if len(m.ranks) != len(m.Candidates) {
		return 0
	}
	return m.ranks[k]
}

// dominant reports whether the best candidate clearly outranks the next.
// A province does not outrank a city of the same name inside it (吉林): the
// follower may mean either.
func (g *Gazetteer) dominant(cands []placeCand) bool {
	if len(cands) < 2 {
		return len(cands) == 1
	}
	a, b := cands[0], cands[1]
	if a.rank <= b.rank {
		return false
	}
	return !provinceOverOwnCity(g.entries[a.entry].region, g.entries[b.entry].region)
}

// provinceOverOwnCity reports whether a is a province (not a municipality)
// and b a prefecture-level city inside it.
func provinceOverOwnCity(a, b Region) bool {
	return a.City == "" && b.County == "" && b.City != "" && a.Province == b.Province
}
