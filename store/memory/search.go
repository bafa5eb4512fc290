package memory

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/registry"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/store/searchdoc"
)

// The bleve names of the analysis searchdoc defines.
const (
	searchTokenizer = "wsisgraph_searchdoc"
	searchAnalyzer  = "wsisgraph_searchdoc"
	typeField       = "type" // keyword field holding the doc's SearchType
)

func init() {
	if err := registry.RegisterTokenizer(searchTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return searchdocTokenizer{}, nil
	}); err != nil {
		panic(err)
	}
}

// searchdocTokenizer is searchdoc.Analyze as a bleve tokenizer: the analyzer built on it has
// no filters, so the index holds exactly the tokens snippets are built from.
type searchdocTokenizer struct{}

func (searchdocTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := searchdoc.Analyze(string(input))
	out := make(analysis.TokenStream, len(toks))
	for i, t := range toks {
		out[i] = &analysis.Token{Term: []byte(t.Term), Start: t.Start, End: t.End, Position: t.Position, Type: analysis.AlphaNumeric}
	}
	return out
}

// searchIndex is the full-text index of the store's searchdoc.Docs: an in-memory bleve
// (scorch) index scored with BM25, built once by New and only read afterwards (bleve
// indexes are safe for concurrent searches).
type searchIndex struct {
	idx  bleve.Index
	docs map[string]*searchdoc.Doc // by Doc.ID
	err  error                     // why the index could not be built; every Search fails with it
}

// indexSearch builds the search index of the store's dataset.
func (s *Store) indexSearch() {
	x := &s.search
	docs := searchdoc.Build(s.d)
	x.docs = make(map[string]*searchdoc.Doc, len(docs))
	for i := range docs {
		x.docs[docs[i].ID()] = &docs[i]
	}
	x.idx, x.err = newSearchIndex(docs)
}

func newSearchIndex(docs []searchdoc.Doc) (bleve.Index, error) {
	im := bleve.NewIndexMapping()
	im.ScoringModel = bleveindex.BM25Scoring
	if err := im.AddCustomAnalyzer(searchAnalyzer, map[string]any{"type": custom.Name, "tokenizer": searchTokenizer}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = searchAnalyzer
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range searchdoc.Fields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = searchAnalyzer
		fm.Store, fm.IncludeInAll, fm.DocValues = false, false, false
		fm.IncludeTermVectors = true // phrase matching needs positions
		dm.AddFieldMappingsAt(f.Name, fm)
	}
	tm := bleve.NewKeywordFieldMapping()
	tm.Store, tm.IncludeInAll, tm.DocValues = false, false, false
	dm.AddFieldMappingsAt(typeField, tm)
	im.DefaultMapping = dm
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false

	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	b := idx.NewBatch()
	for i := range docs {
		d := &docs[i]
		body := make(map[string]any, len(d.Fields)+1)
		for k, v := range d.Fields {
			body[k] = v
		}
		body[typeField] = string(d.Type)
		if err := b.Index(d.ID(), body); err != nil {
			return nil, err
		}
	}
	if err := idx.Batch(b); err != nil {
		return nil, err
	}
	return idx, nil
}

// searchQuery is the bleve form of a search: every word (with anyWord, at least one) must
// match, as a phrase of its tokens, in one of the fields (weighted by the field's boost); a
// type restriction is a clause of boost 0, so that it filters without changing scores.
func searchQuery(words []searchdoc.Word, types []wsisgraph.SearchType, lang wsisgraph.Lang, anyWord bool) query.Query {
	fields := searchdoc.FieldsFor(lang)
	all := query.NewConjunctionQuery(nil)
	var wordsOf interface{ AddQuery(...query.Query) } = all
	if anyWord {
		some := query.NewDisjunctionQuery(nil)
		all.AddQuery(some)
		wordsOf = some
	}
	for _, w := range words {
		oneOf := query.NewDisjunctionQuery(nil)
		for _, f := range fields {
			phrase := searchdoc.Phrase(w, f)
			if phrase == "" {
				continue
			}
			p := query.NewMatchPhraseQuery(phrase)
			p.SetField(f.Name)
			p.Analyzer = searchAnalyzer
			p.SetBoost(f.Boost)
			oneOf.AddQuery(p)
		}
		wordsOf.AddQuery(oneOf)
	}
	if len(types) > 0 {
		of := query.NewDisjunctionQuery(nil)
		for _, t := range types {
			tq := query.NewTermQuery(string(t))
			tq.SetField(typeField)
			of.AddQuery(tq)
		}
		of.SetBoost(0)
		all.AddQuery(of)
	}
	return all
}

// Search answers each query with a page of hits from the bleve index, in search order: the
// best wsisgraph.MaxSearchHits hits by (score descending, ID ascending) are fetched, and the
// page is cut from those between q.After and q.Before.
func (s *Store) Search(ctx context.Context, queries []wsisgraph.SearchQuery) ([]wsisgraph.SearchPage, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	qs := make([]wsisgraph.SearchQuery, len(queries))
	for i, q := range queries {
		if err := q.Validate(); err != nil {
			return nil, err
		}
		qs[i] = q.Normalize()
	}
	if s.search.err != nil {
		return nil, fmt.Errorf("memory: search index: %w", s.search.err)
	}
	out := make([]wsisgraph.SearchPage, len(qs))
	for i, q := range qs {
		p, err := s.searchOne(ctx, q)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

func (s *Store) searchOne(ctx context.Context, q wsisgraph.SearchQuery) (wsisgraph.SearchPage, error) {
	p := wsisgraph.SearchPage{Hits: []wsisgraph.SearchHit{}, Total: -1}
	if q.WithTotal {
		p.Total = 0
	}
	words := searchdoc.Words(q.Text)
	if len(words) == 0 {
		return p, nil
	}
	req := bleve.NewSearchRequestOptions(searchQuery(words, q.Types, q.Lang, q.Any), wsisgraph.MaxSearchHits, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	res, err := s.search.idx.SearchInContext(ctx, req)
	if err != nil {
		if err := check(ctx); err != nil {
			return p, err
		}
		return p, fmt.Errorf("memory: search: %w", err)
	}
	if q.WithTotal {
		p.Total = min(int(res.Total), wsisgraph.MaxSearchHits)
	}
	var window []*bsearch.DocumentMatch // the hits strictly between q.After and q.Before
	for _, h := range res.Hits {
		c := wsisgraph.SearchCursor{Score: h.Score, ID: h.ID}
		if c.After(q.After) && c.Before(q.Before) {
			window = append(window, h)
		}
	}
	switch {
	case q.Last != 0 && len(window) > q.Last:
		p.HasPrev, window = true, window[len(window)-q.Last:]
	case q.Last == 0 && len(window) > q.First:
		p.HasNext, window = true, window[:q.First]
	}
	for _, h := range window {
		d := s.search.docs[h.ID]
		if d == nil {
			return p, fmt.Errorf("memory: search: unknown doc %q", h.ID)
		}
		hit := wsisgraph.SearchHit{Type: d.Type, Node: d.Node, Score: h.Score}
		if !q.SkipSnippets {
			hit.Snippet = searchdoc.Snippet(d.Fields, q.Lang, words)
		}
		p.Hits = append(p.Hits, hit)
	}
	return p, nil
}
