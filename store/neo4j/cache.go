package neo4j

import (
	"context"
	"slices"
	"time"

	"github.com/wsisgraph/wsisgraph"
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

// reference is one dataset version's reference data, read-only once built.
type reference struct {
	version          string
	actionLines      []*wsisgraph.ActionLine
	actionLineByCode map[string]*wsisgraph.ActionLine
	subLines         map[string][]*wsisgraph.ActionLine
	goals            []*wsisgraph.Goal
	goalByNumber     map[int]*wsisgraph.Goal
	targetByCode     map[string]*wsisgraph.Target
	targetsByGoal    map[int][]*wsisgraph.Target
	indicatorByCode  map[string]*wsisgraph.Indicator
	indicatorsByTgt  map[string][]*wsisgraph.Indicator
	linkageByID      map[string]*wsisgraph.Linkage
	linkagesByLine   map[string][]*wsisgraph.Linkage
	linkagesByGoal   map[int][]*wsisgraph.Linkage
	linkagesByTarget map[string][]*wsisgraph.Linkage
	prizeCategories  []*wsisgraph.PrizeCategory
	sourceByKey      map[string]*wsisgraph.Source
	countryByCode    map[string]*wsisgraph.Country
	vocab            *wsisgraph.Vocabulary
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

func (s *Store) loadReference(ctx context.Context, version string) (*reference, error) {
	r := &reference{version: version}
	var err error
	if r.actionLines, err = s.ActionLines(ctx); err != nil {
		return nil, err
	}
	lineCodes := codesOf(r.actionLines, func(a *wsisgraph.ActionLine) string { return a.Code })
	if r.goals, err = s.Goals(ctx); err != nil {
		return nil, err
	}
	numbers := codesOf(r.goals, func(g *wsisgraph.Goal) int { return g.Number })
	if r.targetsByGoal, err = s.TargetsByGoal(ctx, numbers); err != nil {
		return nil, err
	}
	var targetCodes []string
	for _, n := range numbers {
		for _, t := range r.targetsByGoal[n] {
			targetCodes = append(targetCodes, t.Code)
		}
	}
	if r.indicatorsByTgt, err = s.IndicatorsByTarget(ctx, targetCodes); err != nil {
		return nil, err
	}
	var indicatorCodes []string
	for _, is := range r.indicatorsByTgt {
		for _, i := range is {
			indicatorCodes = append(indicatorCodes, i.Code)
			indicatorCodes = append(indicatorCodes, i.OtherCodes...)
		}
	}
	sourceKeys, err := s.allKeys(ctx, cypherAllSourceKeys)
	if err != nil {
		return nil, err
	}
	countryCodes, err := s.allKeys(ctx, cypherAllCountryCodes)
	if err != nil {
		return nil, err
	}
	steps := []func() error{
		func() (err error) { r.actionLineByCode, err = s.ActionLinesByCode(ctx, lineCodes); return },
		func() (err error) { r.subLines, err = s.SubLinesByActionLine(ctx, lineCodes); return },
		func() (err error) { r.goalByNumber, err = s.GoalsByNumber(ctx, numbers); return },
		func() (err error) { r.targetByCode, err = s.TargetsByCode(ctx, targetCodes); return },
		func() (err error) {
			r.indicatorByCode, err = s.IndicatorsByCode(ctx, uniqueStrings(indicatorCodes))
			return
		},
		func() (err error) { r.linkagesByLine, err = s.LinkagesByActionLine(ctx, lineCodes); return },
		func() (err error) { r.linkagesByGoal, err = s.LinkagesByGoal(ctx, numbers); return },
		func() (err error) { r.linkagesByTarget, err = s.LinkagesByTarget(ctx, targetCodes); return },
		func() (err error) { r.prizeCategories, err = s.PrizeCategories(ctx); return },
		func() (err error) { r.sourceByKey, err = s.SourcesByKey(ctx, sourceKeys); return },
		func() (err error) { r.countryByCode, err = s.CountriesByCode(ctx, countryCodes); return },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	r.linkageByID = map[string]*wsisgraph.Linkage{}
	for _, ls := range r.linkagesByLine {
		for _, l := range ls {
			r.linkageByID[l.ID] = l
		}
	}
	if err := s.buildVocabulary(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// allKeys runs a statement returning one key per row.
func (s *Store) allKeys(ctx context.Context, cypher string) ([]string, error) {
	recs, err := s.read(ctx, cypher, nil)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(recs))
	for _, r := range recs {
		k, ok := r.Values[0].(string)
		if !ok {
			return nil, errCorrupt
		}
		keys = append(keys, k)
	}
	return keys, nil
}

const (
	cypherAllSourceKeys   = "MATCH (n:Source) RETURN n.key"
	cypherAllCountryCodes = "MATCH (n:Country) RETURN n.code"
)

func codesOf[T any, K comparable](items []*T, key func(*T) K) []K {
	out := make([]K, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
}

func uniqueStrings(ss []string) []string {
	slices.Sort(ss)
	return slices.Compact(ss)
}

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
