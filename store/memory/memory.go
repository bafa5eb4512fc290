// Package memory is the in-memory wsisgraph.Store: it answers every method as the interfaces
// of wsisgraph.Store state. New indexes a dataset once — maps by key and relations in their
// canonical orders (dataset/derived), every list pre-sorted in each of its sort orders,
// folded text for the text filters — and every method then answers from those immutable
// indexes, without locks. Returned slices are fresh copies of the indexes' lists.
package memory

import (
	"context"
	"errors"
	"slices"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/dataset/derived"
)

var _ wsisgraph.Store = (*Store)(nil)

// Store is an immutable, indexed view of one dataset.
type Store struct {
	d *dataset.Dataset
	g *derived.Graph // relations in canonical order, indexes by key

	coverage *wsisgraph.Coverage // d.Coverage(), shared read-only

	projects projectIndex
	orgs     orgIndex
	prizes   prizeIndex
	events   eventIndex

	search     searchIndex              // search.go
	facts      []projectFacts           // explore.go: facts[i] of d.Projects[i]
	factsByKey map[string]*projectFacts // explore.go: by project key
	vocab      *wsisgraph.Vocabulary
}

// New indexes d. d is assumed valid (see dataset.Validate); dangling references are
// tolerated and simply match nothing. d must not be modified afterwards.
func New(d *dataset.Dataset) *Store {
	if d == nil {
		d = &dataset.Dataset{}
	}
	s := &Store{d: d, g: derived.New(d), coverage: d.Coverage()}
	s.indexLists()
	s.indexSearch()
	s.indexExplore()
	s.vocab = d.Vocabulary()
	return s
}

// Dataset returns the dataset the store was built from. It must not be modified.
func (s *Store) Dataset() *dataset.Dataset { return s.d }

// check fails a call whose ctx is already done.
func check(ctx context.Context) error {
	err := ctx.Err()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded):
		return wsisgraph.Errorf(wsisgraph.ETIMEOUT, "the request's deadline passed")
	default:
		return err
	}
}

// lookup answers a by-key method from a map.
func lookup[K comparable, V any](ctx context.Context, keys []K, m map[K]V) (map[K]V, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	out := make(map[K]V, len(keys))
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out, nil
}

// related answers a relation method from a map of pre-sorted lists, copying each list.
func related[K comparable, V any](ctx context.Context, keys []K, m map[K][]V) (map[K][]V, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	out := make(map[K][]V, len(keys))
	for _, k := range keys {
		if v := m[k]; len(v) > 0 {
			out[k] = slices.Clone(v)
		}
	}
	return out, nil
}

// ActionLines returns every action line in official order (by Order, then code).
func (s *Store) ActionLines(ctx context.Context) ([]*wsisgraph.ActionLine, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	return slices.Clone(s.g.ActionLines), nil
}

// ActionLinesByCode returns action lines by code.
func (s *Store) ActionLinesByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.ActionLine, error) {
	return lookup(ctx, codes, s.g.ActionLineByCode)
}

// SubLinesByActionLine returns each action line's direct sub-lines in official order.
func (s *Store) SubLinesByActionLine(ctx context.Context, codes []string) (map[string][]*wsisgraph.ActionLine, error) {
	return related(ctx, codes, s.g.SubLines)
}

// FacilitationsByOrganization returns each organisation's facilitations by action-line
// order, then action-line code, the lead role before a co-facilitation of the same line.
func (s *Store) FacilitationsByOrganization(ctx context.Context, keys []string) (map[string][]wsisgraph.Facilitation, error) {
	return related(ctx, keys, s.g.Facilitations)
}

// Goals returns every goal by number.
func (s *Store) Goals(ctx context.Context) ([]*wsisgraph.Goal, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	return slices.Clone(s.g.Goals), nil
}

// GoalsByNumber returns goals by number.
func (s *Store) GoalsByNumber(ctx context.Context, numbers []int) (map[int]*wsisgraph.Goal, error) {
	return lookup(ctx, numbers, s.g.GoalByNumber)
}

// TargetsByCode returns targets by code.
func (s *Store) TargetsByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Target, error) {
	return lookup(ctx, codes, s.g.TargetByCode)
}

// TargetsByGoal returns each goal's targets by Order (ties by wsisgraph.CompareCodes).
func (s *Store) TargetsByGoal(ctx context.Context, numbers []int) (map[int][]*wsisgraph.Target, error) {
	return related(ctx, numbers, s.g.TargetsByGoal)
}

// IndicatorsByCode returns indicators by any of their codes, keyed by the code asked for.
func (s *Store) IndicatorsByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Indicator, error) {
	return lookup(ctx, codes, s.g.IndicatorByCode)
}

// IndicatorsByTarget returns each target's indicators ordered by the code they are listed
// under for that target (Indicator.CodeFor), compared with wsisgraph.CompareCodes: under
// 13.3, indicator 4.7.1 (listed as 13.3.1) comes before 13.3.2.
func (s *Store) IndicatorsByTarget(ctx context.Context, codes []string) (map[string][]*wsisgraph.Indicator, error) {
	return related(ctx, codes, s.g.IndicatorsByTarget)
}

// LinkagesByID returns linkages by ID.
func (s *Store) LinkagesByID(ctx context.Context, ids []string) (map[string]*wsisgraph.Linkage, error) {
	return lookup(ctx, ids, s.g.LinkageByID)
}

// LinkagesByActionLine returns the linkages of each action line itself (a main line's list
// does not include its sub-lines'), ordered by goal number, goal-level first, then target
// order.
func (s *Store) LinkagesByActionLine(ctx context.Context, codes []string) (map[string][]*wsisgraph.Linkage, error) {
	return related(ctx, codes, s.g.LinkagesByActionLine)
}

// LinkagesByGoal returns each goal's linkages ordered by action-line order, then goal-level
// first, then target order.
func (s *Store) LinkagesByGoal(ctx context.Context, numbers []int) (map[int][]*wsisgraph.Linkage, error) {
	return related(ctx, numbers, s.g.LinkagesByGoal)
}

// LinkagesByTarget returns each target's linkages ordered by action-line order.
func (s *Store) LinkagesByTarget(ctx context.Context, codes []string) (map[string][]*wsisgraph.Linkage, error) {
	return related(ctx, codes, s.g.LinkagesByTarget)
}

// OrganizationsByKey returns organisations by key.
func (s *Store) OrganizationsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Organization, error) {
	return lookup(ctx, keys, s.g.OrganizationByKey)
}

// ProjectsByKey returns projects by key.
func (s *Store) ProjectsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Project, error) {
	return lookup(ctx, keys, s.g.ProjectByKey)
}

// PrizeCategories returns the prize categories by number.
func (s *Store) PrizeCategories(ctx context.Context) ([]*wsisgraph.PrizeCategory, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	return slices.Clone(s.g.PrizeCategories), nil
}

// PrizesByKey returns prizes by key.
func (s *Store) PrizesByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Prize, error) {
	return lookup(ctx, keys, s.g.PrizeByKey)
}

// EventsByKey returns events by key.
func (s *Store) EventsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Event, error) {
	return lookup(ctx, keys, s.g.EventByKey)
}

// SourcesByKey returns sources by key.
func (s *Store) SourcesByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Source, error) {
	return lookup(ctx, keys, s.g.SourceByKey)
}

// CountriesByCode returns countries by code, matched exactly ("KZ", not "kz").
func (s *Store) CountriesByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Country, error) {
	return lookup(ctx, codes, s.g.CountryByCode)
}

// Vocabulary returns the vocabulary of the store's dataset.
func (s *Store) Vocabulary(ctx context.Context) (*wsisgraph.Vocabulary, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	return s.vocab, nil
}

// Ping returns nil unless ctx is done: the data is in memory.
func (s *Store) Ping(ctx context.Context) error { return check(ctx) }

// Coverage returns the dataset's coverage, computed once when the store was built.
func (s *Store) Coverage(ctx context.Context) (*wsisgraph.Coverage, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	return s.coverage, nil
}

// Version returns the dataset's Version.
func (s *Store) Version(ctx context.Context) (string, error) {
	if err := check(ctx); err != nil {
		return "", err
	}
	return s.d.Version, nil
}
