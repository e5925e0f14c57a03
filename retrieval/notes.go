package retrieval

import (
	"context"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhijian/advisor/knowledge"
)

// maxNotes is the number of notes Search returns.
const maxNotes = 3

// Boosts of the note fields and of the intent's tags. Tags are what a
// curator says a note is about, so they weigh most.
const (
	boostTitle     = 2
	boostTags      = 3
	boostBody      = 1
	boostIntentTag = 4
)

// intentTags returns the tag words that mark the notes an intent needs.
func intentTags(intent Intent) []string {
	switch intent {
	case IntentSubsidy:
		return []string{"补贴"}
	case IntentPolicy:
		return []string{"政策"}
	case IntentCooperation:
		return []string{"合作", "招生"}
	case IntentBooking:
		return []string{"咨询", "预约"}
	case IntentListBodies:
		return []string{"认定计划", "机构"}
	}
	return nil
}

// governmentTags returns the tags of the notes explaining why a government
// body is not where one signs up; they are boosted whenever the follower
// names one.
func governmentTags() []string { return []string{"人社局", "政府", "鉴定中心"} }

// searchNotes returns the notes most relevant to the question among those
// in scope: national ones and those of the query's city or province.
func (ix *Index) searchNotes(ctx context.Context, q Query) ([]knowledge.Note, error) {
	if len(ix.base.Notes) == 0 {
		return nil, nil
	}
	should := termQueries(terms(ix.analyzer, ix.noteVocab, q.Text),
		fieldBoost{fieldTitle, boostTitle}, fieldBoost{fieldTags, boostTags}, fieldBoost{fieldBody, boostBody})
	tags := intentTags(q.Intent)
	if len(q.Government) > 0 && (q.Intent == IntentListBodies || q.Intent == IntentOther || q.Intent == "") {
		// Someone who would sign up at a government body needs to hear
		// why not; one who asks about subsidies or cooperation and names
		// one in passing is warned by the answer's guard anyway.
		tags = append(tags, governmentTags()...)
	}
	for _, t := range tags {
		should = append(should, termQueries(terms(ix.analyzer, ix.noteVocab, t), fieldBoost{fieldTags, boostIntentTag})...)
	}
	if len(should) == 0 {
		return nil, nil
	}
	scope := []query.Query{termQuery("scope", scopeNational)}
	for _, place := range []string{q.Region.City, q.Region.Province} {
		if k := cityKey(place); k != "" {
			scope = append(scope, termQuery("scope", k))
		}
	}
	bq := bleve.NewBooleanQuery()
	bq.AddShould(should...)
	bq.AddFilter(bleve.NewDisjunctionQuery(scope...))
	res, err := ix.notes.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, len(ix.base.Notes), 0, false))
	if err != nil {
		return nil, err
	}
	out := make([]knowledge.Note, 0, len(res.Hits))
	for _, h := range res.Hits {
		i, err := strconv.Atoi(h.ID)
		if err != nil || i < 0 || i >= len(ix.base.Notes) {
			return nil, fmt.Errorf("bad note document id %q", h.ID)
		}
		out = append(out, ix.base.Notes[i])
	}
	return rankNotes(q, out), nil
}
