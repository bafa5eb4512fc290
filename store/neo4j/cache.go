package neo4j

import (
	"context"
	"slices"
	"time"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/dataset/derived"
)

// The reference data — action lines, goals, targets, indicators, the matrix's linkages, prize
// categories, sources and countries — is small (a few hundred records) and changes only with
// an import. The Store keeps it in memory for the imported dataset's version and answers its
// reads without a round trip; projects, organisations, prizes, events and every query over
// them always go to the server.
//
// Freshness: the copy follows the graph's readiness (ready.go). It is loaded before a graph
// with a new dataset version is published as ready, and dropped as soon as the graph stops
// being ready (the server lost, the database replaced, emptied or of another model). An
// Import through this Store reloads it before it returns; an import by another process is
// picked up by the next check, within Config.RefreshInterval. So an answer never combines a
// copy with a graph that has no version or another one, except for reads begun in the
// interval between another process's commit and that check.

// DefaultRefreshInterval is how often the Store checks a ready graph (ready.go).
const DefaultRefreshInterval = time.Second

// reference is one dataset version's reference data, read-only once built: the derived graph
// of the graph's reference records.
type reference struct {
	version string
	*derived.Graph
	vocab *wsisgraph.Vocabulary
}

type bypassKey struct{}

// cached returns the reference data to answer from, or nil when the read must take the
// server's path: no copy is loaded, the cache is off, ctx is a refresh's own read, or ctx is
// done (that path reports it as every read does).
func (s *Store) cached(ctx context.Context) *reference {
	if ctx.Err() != nil || ctx.Value(bypassKey{}) != nil {
		return nil
	}
	if st := s.gate(); st != nil && st.err != nil {
		return nil // the read's own path reports the state
	}
	return s.ref.Load()
}

// loadReference reads the reference records, one statement a label, and derives their
// relations and indexes as an import derived them (dataset/derived): the records are read in
// the order they were imported in where the derivation depends on it (indicators, whose
// repeated codes the last one wins).
func (s *Store) loadReference(ctx context.Context, version string) (*reference, error) {
	d := &dataset.Dataset{}
	reads := []func() error{
		func() (err error) { d.ActionLines, err = all[wsisgraph.ActionLine](ctx, s, cypherActionLines); return },
		func() (err error) { d.Goals, err = all[wsisgraph.Goal](ctx, s, cypherGoals); return },
		func() (err error) { d.Targets, err = all[wsisgraph.Target](ctx, s, cypherAllTargets); return },
		func() (err error) { d.Indicators, err = all[wsisgraph.Indicator](ctx, s, cypherAllIndicators); return },
		func() (err error) { d.Linkages, err = all[wsisgraph.Linkage](ctx, s, cypherAllLinkages); return },
		func() (err error) {
			d.PrizeCategories, err = all[wsisgraph.PrizeCategory](ctx, s, cypherPrizeCategories)
			return
		},
		func() (err error) { d.Sources, err = all[wsisgraph.Source](ctx, s, cypherAllSources); return },
		func() (err error) { d.Countries, err = all[wsisgraph.Country](ctx, s, cypherAllCountries); return },
	}
	for _, read := range reads {
		if err := read(); err != nil {
			return nil, err
		}
	}
	r := &reference{version: version, Graph: derived.New(d)}
	if err := s.buildVocabulary(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

const (
	cypherAllTargets    = "MATCH (n:Target) RETURN n.json ORDER BY n.rank"
	cypherAllIndicators = "MATCH (n:Indicator) RETURN n.json ORDER BY n.ord"
	cypherAllLinkages   = "MATCH (n:Linkage) RETURN n.json ORDER BY n.rankInLine"
	cypherAllSources    = "MATCH (n:Source) RETURN n.json ORDER BY n.key"
	cypherAllCountries  = "MATCH (n:Country) RETURN n.json ORDER BY n.code"
)

// pick returns the entries of m for keys; missing keys are absent.
func pick[K comparable, V any](m map[K]V, keys []K) map[K]V {
	out := make(map[K]V, len(keys))
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}

// pickLists returns fresh copies of the lists of m for keys; missing keys are absent.
func pickLists[K comparable, V any](m map[K][]V, keys []K) map[K][]V {
	out := make(map[K][]V, len(keys))
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = slices.Clone(v)
		}
	}
	return out
}
