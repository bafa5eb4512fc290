package neo4j

import (
	"context"
	"slices"

	"github.com/wsisgraph/wsisgraph"
)

// The read statements. Keyed statements take $keys and return (k, value) rows, one per key
// found; grouped statements return (k, [values in the documented order]).
const (
	cypherVersion  = "MATCH (m:Meta {id: 'dataset'}) RETURN m.version, m.model"
	cypherCoverage = "MATCH (m:Meta {id: 'dataset'}) RETURN m.coverage, m.model"

	cypherActionLines       = "MATCH (n:ActionLine) RETURN n.json ORDER BY n.rank"
	cypherActionLinesByCode = "UNWIND $keys AS k MATCH (n:ActionLine {code: k}) RETURN k, n.json"
	cypherSubLines          = "UNWIND $keys AS k MATCH (n:ActionLine {parentCode: k}) " +
		"WITH k, n ORDER BY n.rank RETURN k, collect(n.json)"
	cypherFacilitations = "UNWIND $keys AS k MATCH (:Organization {key: k})-[f:FACILITATES]->(:ActionLine) " +
		"WITH k, f ORDER BY f.rank RETURN k, collect(f.json)"

	cypherGoals         = "MATCH (n:Goal) RETURN n.json ORDER BY n.number"
	cypherGoalsByNumber = "UNWIND $keys AS k MATCH (n:Goal {number: k}) RETURN k, n.json"
	cypherTargetsByCode = "UNWIND $keys AS k MATCH (n:Target {code: k}) RETURN k, n.json"
	cypherTargetsByGoal = "UNWIND $keys AS k MATCH (n:Target {goal: k}) " +
		"WITH k, n ORDER BY n.rank RETURN k, collect(n.json)"
	// An indicator's own code wins over another's repeated code; among repeated codes the
	// last indicator of the dataset wins.
	cypherIndicatorsByCode = "UNWIND $keys AS k MATCH (n:Indicator) WHERE n.code = k OR k IN n.otherCodes " +
		"WITH k, n ORDER BY CASE WHEN n.code = k THEN 0 ELSE 1 END, n.ord DESC RETURN k, head(collect(n.json))"
	cypherIndicatorsByTarget = "UNWIND $keys AS k MATCH (n:Indicator)-[m:MEASURES]->(:Target {code: k}) " +
		"WITH k, n, m ORDER BY m.rank RETURN k, collect(n.json)"

	// A linkage is read with its ends: [linkage, target or null, goal].
	linkageEnds                = "[n.json, head([(n)-[:" + relToTarget + "]->(t:Target) | t.json]), head([(n)-[:" + relToGoal + "]->(g:Goal) | g.json])]"
	cypherLinkagesByID         = "UNWIND $keys AS k MATCH (n:Linkage {id: k}) RETURN k, [" + linkageEnds + "]"
	cypherLinkagesByActionLine = "UNWIND $keys AS k MATCH (n:Linkage {actionLine: k}) " +
		"WITH k, n ORDER BY n.rankInLine RETURN k, collect(" + linkageEnds + ")"
	cypherLinkagesByGoal = "UNWIND $keys AS k MATCH (n:Linkage {goal: k}) " +
		"WITH k, n ORDER BY n.rankInGoal RETURN k, collect(" + linkageEnds + ")"
	cypherLinkagesByTarget = "UNWIND $keys AS k MATCH (n:Linkage {target: k}) " +
		"WITH k, n ORDER BY n.rankInTarget RETURN k, collect(" + linkageEnds + ")"

	cypherOrganizationsByKey = "UNWIND $keys AS k MATCH (n:Organization {key: k}) RETURN k, n.json"
	cypherProjectsByKey      = "UNWIND $keys AS k MATCH (n:Project {key: k}) RETURN k, n.json"
	cypherPrizeCategories    = "MATCH (n:PrizeCategory) RETURN n.json ORDER BY n.number"
	cypherPrizesByKey        = "UNWIND $keys AS k MATCH (n:Prize {key: k}) RETURN k, n.json"
	cypherEventsByKey        = "UNWIND $keys AS k MATCH (n:Event {key: k}) RETURN k, n.json"
	cypherSourcesByKey       = "UNWIND $keys AS k MATCH (n:Source {key: k}) RETURN k, n.json"
	cypherCountriesByCode    = "UNWIND $keys AS k MATCH (n:Country {code: k}) RETURN k, n.json"
)

// key is the type of a Store method's keys.
type key interface{ string | int }

// keyParam returns the distinct keys as a driver parameter.
func keyParam[K key](keys []K) []any {
	seen := make(map[K]bool, len(keys))
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		if n, ok := any(k).(int); ok {
			out = append(out, int64(n))
		} else {
			out = append(out, k)
		}
	}
	return out
}

// keyOfRecord converts a returned key back to K.
func keyOfRecord[K key](v any) (K, bool) {
	var zero K
	switch t := v.(type) {
	case string:
		if _, ok := any(zero).(string); ok {
			return any(t).(K), true
		}
	case int64:
		if _, ok := any(zero).(int); ok {
			return any(int(t)).(K), true
		}
	}
	return zero, false
}

// all runs an un-keyed statement returning one JSON value per row, in order.
func all[T any](ctx context.Context, s *Store, cypher string) ([]*T, error) {
	recs, err := s.read(ctx, cypher, nil)
	if err != nil {
		return nil, err
	}
	out := make([]*T, 0, len(recs))
	for _, r := range recs {
		v, err := decode[T](r.Values[0])
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// keyed runs a keyed statement whose rows are (k, json).
func keyed[K key, T any](ctx context.Context, s *Store, cypher string, keys []K) (map[K]*T, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return map[K]*T{}, nil
	}
	recs, err := s.read(ctx, cypher, map[string]any{"keys": keyParam(keys)})
	if err != nil {
		return nil, err
	}
	out := make(map[K]*T, len(recs))
	for _, r := range recs {
		k, ok := keyOfRecord[K](r.Values[0])
		if !ok {
			return nil, errCorrupt
		}
		v, err := decode[T](r.Values[1])
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

// grouped runs a grouped statement whose rows are (k, [json…]).
func grouped[K key, T any](ctx context.Context, s *Store, cypher string, keys []K) (map[K][]*T, error) {
	return groupedRows(ctx, s, cypher, keys, decode[T])
}

func groupedRows[K key, T any](ctx context.Context, s *Store, cypher string, keys []K,
	dec func(v any) (T, error)) (map[K][]T, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return map[K][]T{}, nil
	}
	recs, err := s.read(ctx, cypher, map[string]any{"keys": keyParam(keys)})
	if err != nil {
		return nil, err
	}
	out := make(map[K][]T, len(recs))
	for _, r := range recs {
		k, ok := keyOfRecord[K](r.Values[0])
		if !ok {
			return nil, errCorrupt
		}
		list, ok := r.Values[1].([]any)
		if !ok {
			return nil, errCorrupt
		}
		vs := make([]T, 0, len(list))
		for _, x := range list {
			v, err := dec(x)
			if err != nil {
				return nil, err
			}
			vs = append(vs, v)
		}
		out[k] = vs
	}
	return out, nil
}

// ActionLines returns every action line in official order. One round trip.
func (s *Store) ActionLines(ctx context.Context) ([]*wsisgraph.ActionLine, error) {
	if r := s.cached(ctx); r != nil {
		return slices.Clone(r.ActionLines), nil
	}
	return all[wsisgraph.ActionLine](ctx, s, cypherActionLines)
}

// ActionLinesByCode returns action lines by code. One round trip.
func (s *Store) ActionLinesByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.ActionLine, error) {
	if r := s.cached(ctx); r != nil {
		return pick(r.ActionLineByCode, codes), nil
	}
	return keyed[string, wsisgraph.ActionLine](ctx, s, cypherActionLinesByCode, codes)
}

// SubLinesByActionLine returns each action line's sub-lines in official order; lines without
// sub-lines are absent. One round trip.
func (s *Store) SubLinesByActionLine(ctx context.Context, codes []string) (map[string][]*wsisgraph.ActionLine, error) {
	if r := s.cached(ctx); r != nil {
		return pickLists(r.SubLines, codes), nil
	}
	return grouped[string, wsisgraph.ActionLine](ctx, s, cypherSubLines, codes)
}

// FacilitationsByOrganization returns each organisation's facilitations by action-line
// order, then line code, the lead before a co-facilitation of the same line; organisations
// facilitating nothing are absent. One round trip.
func (s *Store) FacilitationsByOrganization(ctx context.Context, keys []string) (map[string][]wsisgraph.Facilitation, error) {
	return groupedRows(ctx, s, cypherFacilitations, keys, func(v any) (wsisgraph.Facilitation, error) {
		f, err := decode[wsisgraph.Facilitation](v)
		if err != nil {
			return wsisgraph.Facilitation{}, err
		}
		return *f, nil
	})
}

// Goals returns the goals by number. One round trip.
func (s *Store) Goals(ctx context.Context) ([]*wsisgraph.Goal, error) {
	if r := s.cached(ctx); r != nil {
		return slices.Clone(r.Goals), nil
	}
	return all[wsisgraph.Goal](ctx, s, cypherGoals)
}

// GoalsByNumber returns goals by number. One round trip.
func (s *Store) GoalsByNumber(ctx context.Context, numbers []int) (map[int]*wsisgraph.Goal, error) {
	if r := s.cached(ctx); r != nil {
		return pick(r.GoalByNumber, numbers), nil
	}
	return keyed[int, wsisgraph.Goal](ctx, s, cypherGoalsByNumber, numbers)
}

// TargetsByCode returns targets by code. One round trip.
func (s *Store) TargetsByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Target, error) {
	if r := s.cached(ctx); r != nil {
		return pick(r.TargetByCode, codes), nil
	}
	return keyed[string, wsisgraph.Target](ctx, s, cypherTargetsByCode, codes)
}

// TargetsByGoal returns each goal's targets in official order. One round trip.
func (s *Store) TargetsByGoal(ctx context.Context, numbers []int) (map[int][]*wsisgraph.Target, error) {
	if r := s.cached(ctx); r != nil {
		return pickLists(r.TargetsByGoal, numbers), nil
	}
	return grouped[int, wsisgraph.Target](ctx, s, cypherTargetsByGoal, numbers)
}

// IndicatorsByCode returns indicators by any of their codes, keyed by the code asked for.
// One round trip.
func (s *Store) IndicatorsByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Indicator, error) {
	if r := s.cached(ctx); r != nil {
		return pick(r.IndicatorByCode, codes), nil
	}
	return keyed[string, wsisgraph.Indicator](ctx, s, cypherIndicatorsByCode, codes)
}

// IndicatorsByTarget returns each target's indicators ordered by code. One round trip.
func (s *Store) IndicatorsByTarget(ctx context.Context, codes []string) (map[string][]*wsisgraph.Indicator, error) {
	if r := s.cached(ctx); r != nil {
		return pickLists(r.IndicatorsByTarget, codes), nil
	}
	return grouped[string, wsisgraph.Indicator](ctx, s, cypherIndicatorsByTarget, codes)
}

// LinkagesByID returns linkages by ID. One round trip.
func (s *Store) LinkagesByID(ctx context.Context, ids []string) (map[string]*wsisgraph.Linkage, error) {
	if r := s.cached(ctx); r != nil {
		return pick(r.LinkageByID, ids), nil
	}
	m, err := groupedRows(ctx, s, cypherLinkagesByID, ids, decodeLinkage)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*wsisgraph.Linkage, len(m))
	for k, ls := range m {
		out[k] = ls[0]
	}
	return out, nil
}

// LinkagesByActionLine returns each action line's linkages by goal number, goal-level first,
// then target order. One round trip.
func (s *Store) LinkagesByActionLine(ctx context.Context, codes []string) (map[string][]*wsisgraph.Linkage, error) {
	if r := s.cached(ctx); r != nil {
		return pickLists(r.LinkagesByActionLine, codes), nil
	}
	return groupedRows(ctx, s, cypherLinkagesByActionLine, codes, decodeLinkage)
}

// LinkagesByGoal returns each goal's linkages by action-line order, goal-level first, then
// target order. One round trip.
func (s *Store) LinkagesByGoal(ctx context.Context, numbers []int) (map[int][]*wsisgraph.Linkage, error) {
	if r := s.cached(ctx); r != nil {
		return pickLists(r.LinkagesByGoal, numbers), nil
	}
	return groupedRows(ctx, s, cypherLinkagesByGoal, numbers, decodeLinkage)
}

// LinkagesByTarget returns each target's linkages by action-line order. One round trip.
func (s *Store) LinkagesByTarget(ctx context.Context, codes []string) (map[string][]*wsisgraph.Linkage, error) {
	if r := s.cached(ctx); r != nil {
		return pickLists(r.LinkagesByTarget, codes), nil
	}
	return groupedRows(ctx, s, cypherLinkagesByTarget, codes, decodeLinkage)
}

// OrganizationsByKey returns organisations by key. One round trip.
func (s *Store) OrganizationsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Organization, error) {
	return keyed[string, wsisgraph.Organization](ctx, s, cypherOrganizationsByKey, keys)
}

// ProjectsByKey returns projects by key. One round trip.
func (s *Store) ProjectsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Project, error) {
	return keyed[string, wsisgraph.Project](ctx, s, cypherProjectsByKey, keys)
}

// PrizeCategories returns the prize categories by number. One round trip.
func (s *Store) PrizeCategories(ctx context.Context) ([]*wsisgraph.PrizeCategory, error) {
	if r := s.cached(ctx); r != nil {
		return slices.Clone(r.PrizeCategories), nil
	}
	return all[wsisgraph.PrizeCategory](ctx, s, cypherPrizeCategories)
}

// PrizesByKey returns prizes by key. One round trip.
func (s *Store) PrizesByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Prize, error) {
	return keyed[string, wsisgraph.Prize](ctx, s, cypherPrizesByKey, keys)
}

// EventsByKey returns events by key. One round trip.
func (s *Store) EventsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Event, error) {
	return keyed[string, wsisgraph.Event](ctx, s, cypherEventsByKey, keys)
}

// SourcesByKey returns sources by key. One round trip.
func (s *Store) SourcesByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Source, error) {
	if r := s.cached(ctx); r != nil {
		return pick(r.SourceByKey, keys), nil
	}
	return keyed[string, wsisgraph.Source](ctx, s, cypherSourcesByKey, keys)
}

// CountriesByCode returns countries by code. One round trip.
func (s *Store) CountriesByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Country, error) {
	if r := s.cached(ctx); r != nil {
		return pick(r.CountryByCode, codes), nil
	}
	return keyed[string, wsisgraph.Country](ctx, s, cypherCountriesByCode, codes)
}

// decodeLinkage decodes a [linkage, target or null, goal] row into a Linkage with its ends.
func decodeLinkage(v any) (*wsisgraph.Linkage, error) {
	row, ok := v.([]any)
	if !ok || len(row) != 3 {
		return nil, errCorrupt
	}
	l, err := decode[wsisgraph.Linkage](row[0])
	if err != nil {
		return nil, err
	}
	if l.Goal, err = decode[wsisgraph.Goal](row[2]); err != nil {
		return nil, err
	}
	if row[1] != nil {
		if l.Target, err = decode[wsisgraph.Target](row[1]); err != nil {
			return nil, err
		}
	}
	return l, nil
}
