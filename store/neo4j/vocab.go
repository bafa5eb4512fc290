package neo4j

import (
	"context"
	"sync/atomic"

	"github.com/wsisgraph/wsisgraph"
)

// vocabulary is the Vocabulary of one dataset version, held when the reference cache is off.
type vocabulary struct {
	version string
	vocab   *wsisgraph.Vocabulary
}

// vocabHolder keeps the last vocabulary read without the reference cache.
type vocabHolder = atomic.Pointer[vocabulary]

// Vocabulary returns the vocabulary of the graph's dataset, without a round trip once one is
// held: from the reference copy when one is loaded (see cache.go); with the copy off, the one
// the readiness checks read for the graph's version (ready.go: at Open, after an Import, and
// whenever the watcher sees another version). While none is held it is read from the server
// (a dozen statements) and kept. Errors are those of the reads.
func (s *Store) Vocabulary(ctx context.Context) (*wsisgraph.Vocabulary, error) {
	if r := s.cached(ctx); r != nil {
		return r.vocab, nil
	}
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if cur := s.vocab.Load(); cur != nil {
		return cur.vocab, nil
	}
	return s.loadVocabulary(ctx)
}

// loadVocabulary reads the graph's vocabulary from the server and holds it.
func (s *Store) loadVocabulary(ctx context.Context) (*wsisgraph.Vocabulary, error) {
	ctx = context.WithValue(ctx, bypassKey{}, true)
	v, err := s.Version(ctx)
	if err != nil {
		return nil, err
	}
	r, err := s.loadReference(ctx, v)
	if err != nil {
		return nil, err
	}
	s.vocab.Store(&vocabulary{version: v, vocab: r.vocab})
	return r.vocab, nil
}

// cypherVocabulary reads what the vocabulary needs beyond the reference data: every
// organisation key and the spans of the projects', prizes' and events' years.
const cypherVocabulary = `
CALL { MATCH (o:Organization) RETURN collect(o.key) AS orgs }
CALL { MATCH (p:Project) WHERE p.year > 0 RETURN min(p.year) AS p0, max(p.year) AS p1 }
CALL { MATCH (z:Prize) WHERE z.year > 0 RETURN min(z.year) AS z0, max(z.year) AS z1 }
CALL { MATCH (e:Event) WHERE e.year > 0 RETURN min(e.year) AS e0, max(e.year) AS e1 }
RETURN orgs, p0, p1, z0, z1, e0, e1`

// buildVocabulary completes r with its vocabulary, reading the organisations and years.
func (s *Store) buildVocabulary(ctx context.Context, r *reference) error {
	recs, err := s.read(ctx, cypherVocabulary, nil)
	if err != nil {
		return err
	}
	if len(recs) != 1 {
		return errCorrupt
	}
	vals := recs[0].Values
	p := wsisgraph.VocabularyParts{ActionLines: r.ActionLines}
	orgs, _ := vals[0].([]any)
	for _, o := range orgs {
		if k, ok := o.(string); ok {
			p.Organizations = append(p.Organizations, k)
		}
	}
	year := func(v any) int { n, _ := v.(int64); return int(n) }
	p.ProjectYears = wsisgraph.YearRange{Min: year(vals[1]), Max: year(vals[2])}
	p.PrizeYears = wsisgraph.YearRange{Min: year(vals[3]), Max: year(vals[4])}
	p.EventYears = wsisgraph.YearRange{Min: year(vals[5]), Max: year(vals[6])}
	for _, g := range r.Goals {
		p.Goals = append(p.Goals, g.Number)
		for _, t := range r.TargetsByGoal[g.Number] {
			p.Targets = append(p.Targets, t.Code)
		}
	}
	for code := range r.IndicatorByCode {
		p.Indicators = append(p.Indicators, code)
	}
	for _, c := range r.CountryByCode {
		p.Countries = append(p.Countries, c)
	}
	for _, c := range r.PrizeCategories {
		p.PrizeCategories = append(p.PrizeCategories, c.Number)
	}
	r.vocab = wsisgraph.NewVocabulary(p)
	return nil
}
