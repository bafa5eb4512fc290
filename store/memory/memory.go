// Package memory is the in-memory wsisgraph.Store: it answers every method as the interfaces
// of wsisgraph.Store state. New indexes a dataset once — maps by key, relation lists
// pre-sorted in the orders the interface documents, every list pre-sorted in each of its sort
// orders, folded text for the text filters — and every method then answers from those
// immutable indexes, without locks. Returned slices are fresh copies of the indexes' lists.
package memory

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/dataset"
)

var _ wsisgraph.Store = (*Store)(nil)

// Store is an immutable, indexed view of one dataset.
type Store struct {
	d *dataset.Dataset

	coverage *wsisgraph.Coverage // d.Coverage(), shared read-only

	actionLines      []*wsisgraph.ActionLine // official order
	actionLineByCode map[string]*wsisgraph.ActionLine
	subLines         map[string][]*wsisgraph.ActionLine
	facilitations    map[string][]wsisgraph.Facilitation

	goals              []*wsisgraph.Goal
	goalByNumber       map[int]*wsisgraph.Goal
	targetByCode       map[string]*wsisgraph.Target
	targetsByGoal      map[int][]*wsisgraph.Target
	indicatorByCode    map[string]*wsisgraph.Indicator
	indicatorsByTarget map[string][]*wsisgraph.Indicator

	linkageByID          map[string]*wsisgraph.Linkage
	linkagesByActionLine map[string][]*wsisgraph.Linkage
	linkagesByGoal       map[int][]*wsisgraph.Linkage
	linkagesByTarget     map[string][]*wsisgraph.Linkage

	orgByKey         map[string]*wsisgraph.Organization
	projectByKey     map[string]*wsisgraph.Project
	prizeCategories  []*wsisgraph.PrizeCategory
	categoryByNumber map[int]*wsisgraph.PrizeCategory
	prizeByKey       map[string]*wsisgraph.Prize
	eventByKey       map[string]*wsisgraph.Event
	sourceByKey      map[string]*wsisgraph.Source
	countryByCode    map[string]*wsisgraph.Country

	projects projectIndex
	orgs     orgIndex
	prizes   prizeIndex
	events   eventIndex

	search     searchIndex              // search.go
	orgCounts  orgCounts                // explore.go
	facts      []projectFacts           // explore.go: facts[i] of d.Projects[i]
	factsByKey map[string]*projectFacts // explore.go: by project key
	walk       walkIndex                // walk.go
	vocab      *wsisgraph.Vocabulary
}

// New indexes d. d is assumed valid (see dataset.Validate); dangling references are
// tolerated and simply match nothing. d must not be modified afterwards.
func New(d *dataset.Dataset) *Store {
	if d == nil {
		d = &dataset.Dataset{}
	}
	s := &Store{d: d, coverage: d.Coverage()}
	s.indexReference()
	s.indexMatrix()
	s.indexEntities()
	s.indexLists()
	s.indexSearch()
	s.indexExplore()
	s.indexWalk()
	s.vocab = d.Vocabulary()
	return s
}

// Dataset returns the dataset the store was built from. It must not be modified.
func (s *Store) Dataset() *dataset.Dataset { return s.d }

// parent returns the parent code of an action line, or "" for a main line or unknown code.
func (s *Store) parent(code string) string {
	if al := s.actionLineByCode[code]; al != nil {
		return al.ParentCode
	}
	return ""
}

// lineFamily returns code followed by its parent code when it has one: the action-line
// filter values an item linked to code matches.
func (s *Store) lineFamily(code string) []string {
	if p := s.parent(code); p != "" && p != code {
		return []string{code, p}
	}
	return []string{code}
}

func (s *Store) actionLineOrder(code string) int {
	if al := s.actionLineByCode[code]; al != nil {
		return al.Order
	}
	return 0
}

func (s *Store) targetOrder(code string) int {
	if t := s.targetByCode[code]; t != nil {
		return t.Order
	}
	return 0
}

func (s *Store) indexReference() {
	d := s.d
	s.actionLineByCode = make(map[string]*wsisgraph.ActionLine, len(d.ActionLines))
	for _, al := range d.ActionLines {
		s.actionLineByCode[al.Code] = al
	}
	s.actionLines = slices.Clone(d.ActionLines)
	sort.SliceStable(s.actionLines, func(i, j int) bool {
		a, b := s.actionLines[i], s.actionLines[j]
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.Code < b.Code
	})
	s.subLines = map[string][]*wsisgraph.ActionLine{}
	s.facilitations = map[string][]wsisgraph.Facilitation{}
	for _, al := range s.actionLines { // official order, so both come out sorted
		if al.ParentCode != "" {
			s.subLines[al.ParentCode] = append(s.subLines[al.ParentCode], al)
		}
		for _, f := range al.Facilitators {
			s.facilitations[f.OrganizationKey] = append(s.facilitations[f.OrganizationKey], f)
		}
	}
	for _, fs := range s.facilitations {
		sort.SliceStable(fs, func(i, j int) bool {
			a, b := fs[i], fs[j]
			if oa, ob := s.actionLineOrder(a.ActionLineCode), s.actionLineOrder(b.ActionLineCode); oa != ob {
				return oa < ob
			}
			if a.ActionLineCode != b.ActionLineCode {
				return a.ActionLineCode < b.ActionLineCode
			}
			return a.Role == wsisgraph.RoleLead && b.Role != wsisgraph.RoleLead
		})
	}

	s.goals = slices.Clone(d.Goals)
	sort.SliceStable(s.goals, func(i, j int) bool { return s.goals[i].Number < s.goals[j].Number })
	s.goalByNumber = make(map[int]*wsisgraph.Goal, len(d.Goals))
	for _, g := range d.Goals {
		s.goalByNumber[g.Number] = g
	}

	s.targetByCode = make(map[string]*wsisgraph.Target, len(d.Targets))
	s.targetsByGoal = map[int][]*wsisgraph.Target{}
	for _, t := range d.Targets {
		s.targetByCode[t.Code] = t
		s.targetsByGoal[t.GoalNumber] = append(s.targetsByGoal[t.GoalNumber], t)
	}
	for _, ts := range s.targetsByGoal {
		sort.SliceStable(ts, func(i, j int) bool {
			if ts[i].Order != ts[j].Order {
				return ts[i].Order < ts[j].Order
			}
			return wsisgraph.CompareCodes(ts[i].Code, ts[j].Code) < 0
		})
	}

	s.indicatorByCode = map[string]*wsisgraph.Indicator{}
	s.indicatorsByTarget = map[string][]*wsisgraph.Indicator{}
	for _, in := range d.Indicators {
		for _, c := range in.OtherCodes {
			s.indicatorByCode[c] = in
		}
	}
	for _, in := range d.Indicators { // a primary code wins over another's repeated code
		s.indicatorByCode[in.Code] = in
		for _, t := range uniq(in.TargetCodes) {
			s.indicatorsByTarget[t] = append(s.indicatorsByTarget[t], in)
		}
	}
	for t, ins := range s.indicatorsByTarget {
		sort.SliceStable(ins, func(i, j int) bool {
			if c := wsisgraph.CompareCodes(ins[i].CodeFor(t), ins[j].CodeFor(t)); c != 0 {
				return c < 0
			}
			return wsisgraph.CompareCodes(ins[i].Code, ins[j].Code) < 0
		})
	}
}

func (s *Store) indexMatrix() {
	d := s.d
	s.linkageByID = make(map[string]*wsisgraph.Linkage, len(d.Linkages))
	s.linkagesByActionLine = map[string][]*wsisgraph.Linkage{}
	s.linkagesByGoal = map[int][]*wsisgraph.Linkage{}
	s.linkagesByTarget = map[string][]*wsisgraph.Linkage{}
	for _, l := range d.Linkages {
		l := withEnds(l, s.targetByCode[l.TargetCode], s.goalByNumber[l.GoalNumber])
		s.linkageByID[l.ID] = l
		s.linkagesByActionLine[l.ActionLineCode] = append(s.linkagesByActionLine[l.ActionLineCode], l)
		s.linkagesByGoal[l.GoalNumber] = append(s.linkagesByGoal[l.GoalNumber], l)
		if l.TargetCode != "" {
			s.linkagesByTarget[l.TargetCode] = append(s.linkagesByTarget[l.TargetCode], l)
		}
	}
	// goalFirst orders a goal-level linkage before target-level ones, then by target order.
	goalFirst := func(a, b *wsisgraph.Linkage) int {
		if (a.TargetCode == "") != (b.TargetCode == "") {
			if a.TargetCode == "" {
				return -1
			}
			return 1
		}
		if oa, ob := s.targetOrder(a.TargetCode), s.targetOrder(b.TargetCode); oa != ob {
			return cmp.Compare(oa, ob)
		}
		return wsisgraph.CompareCodes(a.TargetCode, b.TargetCode)
	}
	byLine := func(a, b *wsisgraph.Linkage) int {
		if oa, ob := s.actionLineOrder(a.ActionLineCode), s.actionLineOrder(b.ActionLineCode); oa != ob {
			return cmp.Compare(oa, ob)
		}
		return strings.Compare(a.ActionLineCode, b.ActionLineCode)
	}
	for _, ls := range s.linkagesByActionLine {
		slices.SortStableFunc(ls, func(a, b *wsisgraph.Linkage) int {
			if a.GoalNumber != b.GoalNumber {
				return cmp.Compare(a.GoalNumber, b.GoalNumber)
			}
			return goalFirst(a, b)
		})
	}
	for _, ls := range s.linkagesByGoal {
		slices.SortStableFunc(ls, func(a, b *wsisgraph.Linkage) int {
			if c := byLine(a, b); c != 0 {
				return c
			}
			return goalFirst(a, b)
		})
	}
	for _, ls := range s.linkagesByTarget {
		slices.SortStableFunc(ls, byLine)
	}
}

func (s *Store) indexEntities() {
	d := s.d
	s.orgByKey = make(map[string]*wsisgraph.Organization, len(d.Organizations))
	for _, o := range d.Organizations {
		s.orgByKey[o.Key] = o
	}
	s.projectByKey = make(map[string]*wsisgraph.Project, len(d.Projects))
	for _, p := range d.Projects {
		s.projectByKey[p.Key] = p
	}
	s.prizeCategories = slices.Clone(d.PrizeCategories)
	sort.SliceStable(s.prizeCategories, func(i, j int) bool {
		return s.prizeCategories[i].Number < s.prizeCategories[j].Number
	})
	s.categoryByNumber = make(map[int]*wsisgraph.PrizeCategory, len(d.PrizeCategories))
	for _, c := range d.PrizeCategories {
		s.categoryByNumber[c.Number] = c
	}
	s.prizeByKey = make(map[string]*wsisgraph.Prize, len(d.Prizes))
	for _, p := range d.Prizes {
		s.prizeByKey[p.Key] = p
	}
	s.eventByKey = make(map[string]*wsisgraph.Event, len(d.Events))
	for _, e := range d.Events {
		s.eventByKey[e.Key] = e
	}
	s.sourceByKey = make(map[string]*wsisgraph.Source, len(d.Sources))
	for _, src := range d.Sources {
		s.sourceByKey[src.Key] = src
	}
	s.countryByCode = make(map[string]*wsisgraph.Country, len(d.Countries))
	for _, c := range d.Countries {
		s.countryByCode[c.Code] = c
	}
}

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
	return slices.Clone(s.actionLines), nil
}

// ActionLinesByCode returns action lines by code.
func (s *Store) ActionLinesByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.ActionLine, error) {
	return lookup(ctx, codes, s.actionLineByCode)
}

// SubLinesByActionLine returns each action line's direct sub-lines in official order.
func (s *Store) SubLinesByActionLine(ctx context.Context, codes []string) (map[string][]*wsisgraph.ActionLine, error) {
	return related(ctx, codes, s.subLines)
}

// FacilitationsByOrganization returns each organisation's facilitations by action-line
// order, then action-line code, the lead role before a co-facilitation of the same line.
func (s *Store) FacilitationsByOrganization(ctx context.Context, keys []string) (map[string][]wsisgraph.Facilitation, error) {
	return related(ctx, keys, s.facilitations)
}

// Goals returns every goal by number.
func (s *Store) Goals(ctx context.Context) ([]*wsisgraph.Goal, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	return slices.Clone(s.goals), nil
}

// GoalsByNumber returns goals by number.
func (s *Store) GoalsByNumber(ctx context.Context, numbers []int) (map[int]*wsisgraph.Goal, error) {
	return lookup(ctx, numbers, s.goalByNumber)
}

// TargetsByCode returns targets by code.
func (s *Store) TargetsByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Target, error) {
	return lookup(ctx, codes, s.targetByCode)
}

// TargetsByGoal returns each goal's targets by Order (ties by wsisgraph.CompareCodes).
func (s *Store) TargetsByGoal(ctx context.Context, numbers []int) (map[int][]*wsisgraph.Target, error) {
	return related(ctx, numbers, s.targetsByGoal)
}

// IndicatorsByCode returns indicators by any of their codes, keyed by the code asked for.
func (s *Store) IndicatorsByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Indicator, error) {
	return lookup(ctx, codes, s.indicatorByCode)
}

// IndicatorsByTarget returns each target's indicators ordered by the code they are listed
// under for that target (Indicator.CodeFor), compared with wsisgraph.CompareCodes: under
// 13.3, indicator 4.7.1 (listed as 13.3.1) comes before 13.3.2.
func (s *Store) IndicatorsByTarget(ctx context.Context, codes []string) (map[string][]*wsisgraph.Indicator, error) {
	return related(ctx, codes, s.indicatorsByTarget)
}

// LinkagesByID returns linkages by ID.
func (s *Store) LinkagesByID(ctx context.Context, ids []string) (map[string]*wsisgraph.Linkage, error) {
	return lookup(ctx, ids, s.linkageByID)
}

// LinkagesByActionLine returns the linkages of each action line itself (a main line's list
// does not include its sub-lines'), ordered by goal number, goal-level first, then target
// order.
func (s *Store) LinkagesByActionLine(ctx context.Context, codes []string) (map[string][]*wsisgraph.Linkage, error) {
	return related(ctx, codes, s.linkagesByActionLine)
}

// LinkagesByGoal returns each goal's linkages ordered by action-line order, then goal-level
// first, then target order.
func (s *Store) LinkagesByGoal(ctx context.Context, numbers []int) (map[int][]*wsisgraph.Linkage, error) {
	return related(ctx, numbers, s.linkagesByGoal)
}

// LinkagesByTarget returns each target's linkages ordered by action-line order.
func (s *Store) LinkagesByTarget(ctx context.Context, codes []string) (map[string][]*wsisgraph.Linkage, error) {
	return related(ctx, codes, s.linkagesByTarget)
}

// OrganizationsByKey returns organisations by key.
func (s *Store) OrganizationsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Organization, error) {
	return lookup(ctx, keys, s.orgByKey)
}

// ProjectsByKey returns projects by key.
func (s *Store) ProjectsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Project, error) {
	return lookup(ctx, keys, s.projectByKey)
}

// PrizeCategories returns the prize categories by number.
func (s *Store) PrizeCategories(ctx context.Context) ([]*wsisgraph.PrizeCategory, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	return slices.Clone(s.prizeCategories), nil
}

// PrizesByKey returns prizes by key.
func (s *Store) PrizesByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Prize, error) {
	return lookup(ctx, keys, s.prizeByKey)
}

// EventsByKey returns events by key.
func (s *Store) EventsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Event, error) {
	return lookup(ctx, keys, s.eventByKey)
}

// SourcesByKey returns sources by key.
func (s *Store) SourcesByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Source, error) {
	return lookup(ctx, keys, s.sourceByKey)
}

// CountriesByCode returns countries by code, matched exactly ("KZ", not "kz").
func (s *Store) CountriesByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Country, error) {
	return lookup(ctx, codes, s.countryByCode)
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

// uniq returns ss without repeats, in first-seen order.
func uniq(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// withEnds returns a copy of l with its ends set; the dataset's records stay unchanged.
func withEnds(l *wsisgraph.Linkage, t *wsisgraph.Target, g *wsisgraph.Goal) *wsisgraph.Linkage {
	c := *l
	c.Target, c.Goal = t, g
	return &c
}
