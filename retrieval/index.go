package retrieval

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/zhijian/advisor/knowledge"
)

// DefaultBatchSize is the smallest number of documents handed to bleve at
// a time unless BuildOptions.BatchSize says otherwise.
const DefaultBatchSize = 1000

// maxSegments bounds the batches, hence the segments, of each bleve index
// when BuildOptions.BatchSize is not set. Measured on 100k authorization
// rows (29k institution documents): 30 segments of 1,000 gave p99 2–3 ms,
// 4–8 segments 1.3–1.6 ms, one segment no better.
const maxSegments = 8

// ErrClosed is returned by Search after Close.
var ErrClosed = errors.New("retrieval: index closed")

// Catalog resolves an occupation name (official, former or alias) to its
// catalog entry. *knowledge.Catalog satisfies it.
type Catalog interface {
	Lookup(name string) (knowledge.Occupation, bool)
}

// BuildOptions tune Build. The zero value is ready to use.
type BuildOptions struct {
	// Progress, when set, is called after every batch of documents with the
	// number indexed so far and the total, so a caller can show progress
	// while a large KB is indexed. It is called from Build's goroutine.
	Progress func(done, total int)
	// BatchSize is the number of documents written to bleve at a time.
	// Each batch becomes one segment of the in-memory index, which bleve
	// never merges, and every search pays per segment; so when BatchSize
	// is ≤ 0 batches hold DefaultBatchSize documents, or more when that is
	// needed to keep an index within maxSegments segments.
	BatchSize int
	// Catalog decides which occupation names are the same occupation
	// (评茶员 and 评茶师, 保育员 and 保育师). Nil means
	// knowledge.DefaultCatalog().
	Catalog Catalog
}

// Index answers searches over one knowledge base. It is immutable once
// built and safe for concurrent use; Close releases it.
//
// Structured filtering (region, occupation, level, scope, government rows)
// runs on plain Go tables built once from the KB, because those questions
// have exact answers and maps answer them in microseconds. bleve, with the
// cjk bigram analyzer, supplies what maps cannot: text relevance of the
// question against institution names and of policy notes. Institutions and
// notes live in two bleve indexes so the notes' term statistics are not
// drowned by tens of thousands of institution documents. There is one
// document per institution, not per authorization: occupations are matched
// on the tables, and per-authorization documents (100k rather than 29k for
// the benchmark KB) took 8.1 s rather than 2.9 s to build and 48 MB rather
// than 30 MB of heap, for no gain in ranking.
type Index struct {
	base  *knowledge.Base
	tab   *tables
	insts bleve.Index // one document per listable institution; ID = row in tab.insts
	notes bleve.Index // one document per note; ID = index in base.Notes

	analyzer  analysis.Analyzer // the cjk analyzer of both mappings
	instVocab vocabulary        // terms of the institutions' name and text
	noteVocab vocabulary        // terms of the notes' title, tags and body
	names     nameIndex         // the listable bodies' names and phones, for questions naming one

	closed    atomic.Bool
	closeOnce sync.Once
	closeErr  error // set by the first Close
}

// Build indexes base. It returns ctx.Err() when ctx is cancelled, and an
// error naming the failed step when bleve fails. base must not be modified
// afterwards.
func Build(ctx context.Context, base *knowledge.Base, opts BuildOptions) (*Index, error) {
	if base == nil {
		return nil, errors.New("retrieval: build index: nil knowledge base")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cat := opts.Catalog
	if cat == nil {
		cat = knowledge.DefaultCatalog()
	}
	ix := &Index{base: base, tab: buildTables(base, cat)}
	ix.names = buildNameIndex(base, ix.tab)
	if err := ix.build(ctx, opts); err != nil {
		_ = ix.Close() // the build error is the one to report
		return nil, err
	}
	return ix, nil
}

// build creates and fills the bleve indexes; the caller closes ix on error.
func (ix *Index) build(ctx context.Context, opts BuildOptions) error {
	var err error
	// In-memory scorch: bleve.NewMemOnly would be upsidedown over gtreap,
	// an order of magnitude slower to build and to search.
	if ix.insts, err = bleve.NewUsing("", institutionMapping(), scorch.Name, scorch.Name, nil); err != nil {
		return fmt.Errorf("retrieval: build index: create institution index: %w", err)
	}
	if ix.notes, err = bleve.NewUsing("", noteMapping(), scorch.Name, scorch.Name, nil); err != nil {
		return fmt.Errorf("retrieval: build index: create note index: %w", err)
	}
	p := progress{fn: opts.Progress, total: len(ix.tab.insts) + len(ix.base.Notes), batch: opts.BatchSize}
	if err := ix.indexInstitutions(ctx, &p); err != nil {
		return err
	}
	if err := ix.indexNotes(ctx, &p); err != nil {
		return err
	}
	if err := ix.loadVocabularies(); err != nil {
		return fmt.Errorf("retrieval: build index: %w", err)
	}
	return nil
}

func (ix *Index) loadVocabularies() error {
	ix.analyzer = ix.insts.Mapping().AnalyzerNamed(cjk.AnalyzerName)
	if ix.analyzer == nil {
		return errors.New("no cjk analyzer")
	}
	var err error
	if ix.instVocab, err = loadVocabulary(ix.insts, len(ix.tab.insts), fieldName, fieldText); err != nil {
		return err
	}
	ix.noteVocab, err = loadVocabulary(ix.notes, len(ix.base.Notes), fieldTitle, fieldTags, fieldBody)
	return err
}

// Base returns the knowledge base the index was built from.
func (ix *Index) Base() *knowledge.Base { return ix.base }

// Close releases the index; calling it again returns the first result.
// Searches after Close fail with ErrClosed.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		ix.closed.Store(true)
		var errs []error
		for _, b := range []bleve.Index{ix.insts, ix.notes} {
			if b != nil {
				errs = append(errs, b.Close())
			}
		}
		if err := errors.Join(errs...); err != nil {
			ix.closeErr = fmt.Errorf("retrieval: close index: %w", err)
		}
	})
	return ix.closeErr
}

// progress counts indexed documents and reports them.
type progress struct {
	fn          func(done, total int)
	done, total int
	batch       int // documents per batch; ≤ 0: see batchSize
}

// batchSize returns the number of documents per batch for an index of n.
func (p *progress) batchSize(n int) int {
	if p.batch > 0 {
		return p.batch
	}
	return max(DefaultBatchSize, (n+maxSegments-1)/maxSegments)
}

func (p *progress) add(n int) {
	p.done += n
	if p.fn != nil {
		p.fn(p.done, p.total)
	}
}

// instDoc is the bleve document of an institution.
type instDoc struct {
	Name        string   `json:"name"`
	Text        string   `json:"text"`
	Province    string   `json:"province"`
	City        string   `json:"city"`
	County      string   `json:"county"`
	Kind        string   `json:"kind"`
	Occupations []string `json:"occupation"`
	Levels      []string `json:"level"`
}

// noteDoc is the bleve document of a policy note.
type noteDoc struct {
	Title string `json:"title"`
	Tags  string `json:"tags"`
	Scope string `json:"scope"`
	Body  string `json:"body"`
}

func (ix *Index) indexInstitutions(ctx context.Context, p *progress) error {
	b := ix.insts.NewBatch()
	size := p.batchSize(len(ix.tab.insts))
	for i := range ix.tab.insts {
		rec := &ix.tab.insts[i]
		inst := &ix.base.Institutions[rec.base]
		if err := b.Index(strconv.Itoa(i), institutionDoc(inst, rec, ix.tab.occKeys)); err != nil {
			return fmt.Errorf("retrieval: build index: institution %q: %w", inst.Name, err)
		}
		if b.Size() >= size || i == len(ix.tab.insts)-1 {
			if err := flush(ctx, ix.insts, b, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func (ix *Index) indexNotes(ctx context.Context, p *progress) error {
	b := ix.notes.NewBatch()
	size := p.batchSize(len(ix.base.Notes))
	for i := range ix.base.Notes {
		n := &ix.base.Notes[i]
		d := noteDoc{Title: n.Title, Tags: strings.Join(n.Tags, " "), Scope: noteScope(n.Scope), Body: n.Body}
		if err := b.Index(strconv.Itoa(i), d); err != nil {
			return fmt.Errorf("retrieval: build index: note %q: %w", n.ID, err)
		}
		if b.Size() >= size || i == len(ix.base.Notes)-1 {
			if err := flush(ctx, ix.notes, b, p); err != nil {
				return err
			}
		}
	}
	return nil
}

// flush writes the batch and resets it.
func flush(ctx context.Context, idx bleve.Index, b *bleve.Batch, p *progress) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n := b.Size()
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("retrieval: build index: write batch: %w", err)
	}
	b.Reset()
	p.add(n)
	return nil
}

func institutionDoc(inst *knowledge.Institution, rec *instRec, keys []string) instDoc {
	d := instDoc{
		Name:     inst.Name,
		Province: rec.province,
		City:     rec.city,
		County:   norm(inst.County),
		Kind:     string(inst.Kind),
	}
	var text strings.Builder
	text.WriteString(inst.County)
	text.WriteString(" ")
	text.WriteString(string(inst.Kind))
	levels := make(map[knowledge.Level]bool)
	for _, a := range rec.auths {
		auth := &inst.Authorizations[a.pos]
		text.WriteString(" ")
		text.WriteString(auth.Occupation)
		if auth.WorkType != "" {
			text.WriteString(" ")
			text.WriteString(auth.WorkType)
		}
		for _, l := range auth.Levels {
			levels[l] = true
		}
	}
	text.WriteString(" ")
	text.WriteString(inst.Address)
	d.Text = text.String()
	for _, k := range rec.occKeys {
		d.Occupations = append(d.Occupations, keys[k])
	}
	for _, l := range []knowledge.Level{knowledge.Level5, knowledge.Level4, knowledge.Level3, knowledge.Level2, knowledge.Level1} {
		if levels[l] {
			d.Levels = append(d.Levels, l.String())
		}
	}
	return d
}

// Field names shared by the mappings and the queries.
const (
	fieldName       = "name"
	fieldText       = "text"
	fieldCity       = "city"
	fieldProvince   = "province"
	fieldOccupation = "occupation"
	fieldTitle      = "title"
	fieldTags       = "tags"
	fieldBody       = "body"
)

// cjkField is analysed into CJK bigrams, for relevance only: nothing is
// stored, there are no term vectors and no doc values, and it is not
// copied into _all (queries always name their fields).
func cjkField() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = cjk.AnalyzerName
	f.Store, f.IncludeTermVectors, f.DocValues, f.IncludeInAll = false, false, false, false
	return f
}

// keywordField is indexed as one exact term per value, for filters.
func keywordField() *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store, f.IncludeTermVectors, f.DocValues, f.IncludeInAll = false, false, false, false
	return f
}

// staticMapping returns an index mapping whose only document type has the
// given fields and ignores everything else.
func staticMapping(fields map[string]*mapping.FieldMapping) *mapping.IndexMappingImpl {
	doc := bleve.NewDocumentStaticMapping()
	for name, f := range fields {
		doc.AddFieldMappingsAt(name, f)
	}
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = cjk.AnalyzerName
	im.DefaultMapping = doc
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	return im
}

// institutionMapping: name and text (occupations, work types, county, kind,
// address) are CJK text; province, city, county (normalised), kind,
// occupation (canonical keys) and level are keywords.
func institutionMapping() *mapping.IndexMappingImpl {
	return staticMapping(map[string]*mapping.FieldMapping{
		fieldName: cjkField(), fieldText: cjkField(),
		fieldProvince: keywordField(), fieldCity: keywordField(), "county": keywordField(),
		"kind": keywordField(), fieldOccupation: keywordField(), "level": keywordField(),
	})
}

// noteMapping: title, tags and body are CJK text; scope ("national" or the
// cityKey of a city or province) is a keyword.
func noteMapping() *mapping.IndexMappingImpl {
	return staticMapping(map[string]*mapping.FieldMapping{
		fieldTitle: cjkField(), fieldTags: cjkField(), fieldBody: cjkField(),
		"scope": keywordField(),
	})
}
