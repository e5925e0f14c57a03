package retrieval

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// vocabulary is the set of terms an index holds in some fields that are
// worth searching for. A question is analysed once and only its terms in
// the vocabulary become term queries: a term no document has cannot change
// a score, but each one would cost a dictionary lookup per segment and per
// field, and chatty questions (我在义乌，想考个电工证，找谁？) are mostly such
// terms. Terms in a large share of a large index (职业, 协会 among tens of
// thousands of institutions) are left out too: their weight in a score is
// next to nothing, and walking their long postings lists is what makes a
// search slow.
type vocabulary map[string]struct{}

// Terms found in more documents than both of these are left out of a
// vocabulary. Below 2,000 documents every term is kept.
const (
	commonTermDocs     = 2000
	commonTermFraction = 0.10
)

// loadVocabulary collects the terms of fields in idx, an index of docs
// documents.
func loadVocabulary(idx bleve.Index, docs int, fields ...string) (vocabulary, error) {
	limit := uint64(max(commonTermDocs, int(commonTermFraction*float64(docs))))
	v := make(vocabulary)
	for _, f := range fields {
		d, err := idx.FieldDict(f)
		if err != nil {
			return nil, fmt.Errorf("read terms of %s: %w", f, err)
		}
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("read terms of %s: %w", f, err)
			}
			if e == nil {
				break
			}
			if e.Count <= limit {
				v[e.Term] = struct{}{}
			}
		}
		if err := d.Close(); err != nil {
			return nil, fmt.Errorf("read terms of %s: %w", f, err)
		}
	}
	return v, nil
}

// terms analyses text as the indexed fields were (CJK bigrams) and returns
// its distinct terms that are in vocab, in order of appearance.
func terms(a analysis.Analyzer, vocab vocabulary, text string) []string {
	if text == "" {
		return nil
	}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		t := string(tok.Term)
		if _, ok := vocab[t]; !ok {
			continue
		}
		dup := false
		for _, have := range out {
			if have == t {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, t)
		}
	}
	return out
}

// fieldBoost is a field to match terms in and the weight of a match there.
type fieldBoost struct {
	field string
	boost float64
}

// termQueries returns one term query per term and field, boosted by the
// field's weight, for use as the clauses of a disjunction (which is what a
// match query with the OR operator builds too).
func termQueries(ts []string, fields ...fieldBoost) []query.Query {
	out := make([]query.Query, 0, len(ts)*len(fields))
	for _, t := range ts {
		for _, f := range fields {
			q := termQuery(f.field, t)
			q.SetBoost(f.boost)
			out = append(out, q)
		}
	}
	return out
}
