// Package loaders makes every store read of one GraphQL request, and decides how each is
// batched: resolvers ask the request's Loaders and never the store. A keyed read waits a
// short while for the other keys its level asks for and sends them to the store in one call;
// a list page that is alone in its path (see Pages) and a root field's read are made at once.
// Loaders cache for the life of the request only.
//
// The server builds one Loaders per executed request (New, NewContext) and resolvers read it
// back with For. A loader's batch runs with the context of the first caller in it.
package loaders

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/wsisgraph/wsisgraph"
)

// Options tune the loaders of a request. Each loader gathers the keys asked for during its
// wait, then sends them to the store in one call (at most MaxBatch keys per call).
//
// The loaders of reference data — action lines and their sub-lines, goals, targets, indicators,
// the matrix's linkages, prize categories, sources and countries, the reads a store may answer
// from an in-memory copy (see store/neo4j/cache.go) — wait ReferenceWait; every other loader
// (projects, organisations and their facilitations, prizes, events, the pages and the project
// facets) waits Wait. Options is comparable: server.Config compares it to the zero value.
type Options struct {
	// Wait is how long a loader gathers keys before calling the store.
	Wait time.Duration
	// ReferenceWait is the wait of the reference-data loaders. Zero: Wait, as when the two
	// were one setting. Negative: no wait; a loader calls the store as soon as its batch's
	// goroutine runs, so a level's keys may take several store calls (cheap when the store
	// answers from memory, one round trip each when it does not).
	ReferenceWait time.Duration
	// MaxBatch is the most keys sent in one store call; zero: no limit.
	MaxBatch int
}

// refWait returns the wait of the reference-data loaders.
func (o Options) refWait() time.Duration {
	if o.ReferenceWait == 0 {
		return o.Wait
	}
	return max(o.ReferenceWait, 0)
}

// DefaultOptions suit a store across a network that reads everything from the server (Neo4j
// without its reference cache): 1 ms of wait for every loader, batches of at most 500 keys.
var DefaultOptions = Options{Wait: time.Millisecond, MaxBatch: 500}

// CachedReferenceOptions suit a store across a network that answers the reference data from
// memory (Neo4j with its reference cache, as serve opens it): 1 ms of wait for the loaders
// that make round trips, none for the reference-data loaders, whose calls cost microseconds.
// Go sleeps at least about a millisecond when the process is otherwise idle, so a short
// positive ReferenceWait (50–200 µs) saves little at low load; with none, a level's
// reference keys may take several calls, still without a round trip. While the store has no
// copy of the reference data (before its first load, after a failed refresh), those calls
// are round trips, one per batch: DefaultOptions is for a store that never has the copy.
var CachedReferenceOptions = Options{Wait: time.Millisecond, ReferenceWait: -1, MaxBatch: 500}

// InProcessOptions suit an in-process store (the embedded one), whose calls cost
// microseconds: a shorter wait, which still gathers a level's keys when the machine is not
// saturated, and none for the reference-data loaders (as in CachedReferenceOptions); a key
// that misses the batch costs one more cheap call, never a wrong answer.
var InProcessOptions = Options{Wait: 200 * time.Microsecond, ReferenceWait: -1, MaxBatch: 500}

// Loaders holds one loader per store read, named by what it fetches.
type Loaders struct {
	ActionLineByCode            *Ref[string, *wsisgraph.ActionLine]
	SubLinesByActionLine        *Ref[string, []*wsisgraph.ActionLine]
	FacilitationsByOrganization *dataloadgen.Loader[string, []wsisgraph.Facilitation]
	GoalByNumber                *Ref[int, *wsisgraph.Goal]
	TargetByCode                *Ref[string, *wsisgraph.Target]
	TargetsByGoal               *Ref[int, []*wsisgraph.Target]
	IndicatorByCode             *Ref[string, *wsisgraph.Indicator]
	IndicatorsByTarget          *Ref[string, []*wsisgraph.Indicator]
	LinkageByID                 *Ref[string, *wsisgraph.Linkage]
	LinkagesByActionLine        *Ref[string, []*wsisgraph.Linkage]
	LinkagesByGoal              *Ref[int, []*wsisgraph.Linkage]
	LinkagesByTarget            *Ref[string, []*wsisgraph.Linkage]
	OrganizationByKey           *dataloadgen.Loader[string, *wsisgraph.Organization]
	ProjectByKey                *dataloadgen.Loader[string, *wsisgraph.Project]
	PrizeByKey                  *dataloadgen.Loader[string, *wsisgraph.Prize]
	EventByKey                  *dataloadgen.Loader[string, *wsisgraph.Event]
	SourceByKey                 *Ref[string, *wsisgraph.Source]
	CountryByCode               *Ref[string, *wsisgraph.Country]
	PrizeCategoryByNumber       *Ref[int, *wsisgraph.PrizeCategory]
	PrizeCategoryByActionLine   *Ref[string, *wsisgraph.PrizeCategory]
	ProjectPages                *Pages[wsisgraph.ProjectQuery, wsisgraph.Project]
	OrganizationPages           *Pages[wsisgraph.OrganizationQuery, wsisgraph.Organization]
	PrizePages                  *Pages[wsisgraph.PrizeQuery, wsisgraph.Prize]
	EventPages                  *Pages[wsisgraph.EventQuery, wsisgraph.Event]
	ProjectFacets               *dataloadgen.Loader[wsisgraph.ProjectFilter, *wsisgraph.ProjectFacets]
	PrizeFacets                 *dataloadgen.Loader[wsisgraph.PrizeFilter, *wsisgraph.PrizeFacets]
	OrganizationFacets          *dataloadgen.Loader[wsisgraph.OrganizationFilter, *wsisgraph.OrganizationFacets]

	store     wsisgraph.Store
	vocabOnce sync.Once
	vocab     *wsisgraph.Vocabulary
	vocabErr  error
}

// Vocabulary returns the store's vocabulary, read once per request (with the first caller's
// context; its error is every caller's).
func (l *Loaders) Vocabulary(ctx context.Context) (*wsisgraph.Vocabulary, error) {
	l.vocabOnce.Do(func() { l.vocab, l.vocabErr = l.store.Vocabulary(ctx) })
	return l.vocab, l.vocabErr
}

// New returns fresh loaders over s: build one set per request.
func New(s wsisgraph.Store, o Options) *Loaders {
	opts := []dataloadgen.Option{dataloadgen.WithWait(o.Wait), dataloadgen.WithBatchCapacity(o.MaxBatch)}
	ref := []dataloadgen.Option{dataloadgen.WithWait(o.refWait()), dataloadgen.WithBatchCapacity(o.MaxBatch)}
	return &Loaders{
		store:                       s,
		ActionLineByCode:            newRef(s.ActionLinesByCode, o, ref),
		SubLinesByActionLine:        newRef(s.SubLinesByActionLine, o, ref),
		FacilitationsByOrganization: dataloadgen.NewMappedLoader(s.FacilitationsByOrganization, opts...),
		GoalByNumber:                newRef(s.GoalsByNumber, o, ref),
		TargetByCode:                newRef(s.TargetsByCode, o, ref),
		TargetsByGoal:               newRef(s.TargetsByGoal, o, ref),
		IndicatorByCode:             newRef(s.IndicatorsByCode, o, ref),
		IndicatorsByTarget:          newRef(s.IndicatorsByTarget, o, ref),
		LinkageByID:                 newRef(s.LinkagesByID, o, ref),
		LinkagesByActionLine:        newRef(s.LinkagesByActionLine, o, ref),
		LinkagesByGoal:              newRef(s.LinkagesByGoal, o, ref),
		LinkagesByTarget:            newRef(s.LinkagesByTarget, o, ref),
		OrganizationByKey:           dataloadgen.NewMappedLoader(s.OrganizationsByKey, opts...),
		ProjectByKey:                dataloadgen.NewMappedLoader(s.ProjectsByKey, opts...),
		PrizeByKey:                  dataloadgen.NewMappedLoader(s.PrizesByKey, opts...),
		EventByKey:                  dataloadgen.NewMappedLoader(s.EventsByKey, opts...),
		SourceByKey:                 newRef(s.SourcesByKey, o, ref),
		CountryByCode:               newRef(s.CountriesByCode, o, ref),
		PrizeCategoryByNumber: newRef(func(ctx context.Context, _ []int) (map[int]*wsisgraph.PrizeCategory, error) {
			return index(ctx, s.PrizeCategories, func(c *wsisgraph.PrizeCategory) int { return c.Number })
		}, o, ref),
		PrizeCategoryByActionLine: newRef(func(ctx context.Context, _ []string) (map[string]*wsisgraph.PrizeCategory, error) {
			return index(ctx, s.PrizeCategories, func(c *wsisgraph.PrizeCategory) string { return c.ActionLineCode })
		}, o, ref),
		ProjectPages:       newPages(s.Projects, opts),
		OrganizationPages:  newPages(s.Organizations, opts),
		PrizePages:         newPages(s.Prizes, opts),
		EventPages:         newPages(s.Events, opts),
		ProjectFacets:      dataloadgen.NewMappedLoader(byFilter(s.ProjectFacets), opts...),
		PrizeFacets:        dataloadgen.NewMappedLoader(byFilter(s.PrizeFacets), opts...),
		OrganizationFacets: dataloadgen.NewMappedLoader(byFilter(s.OrganizationFacets), opts...),
	}
}

// byFilter turns a batched facets read (answers[i] for filters[i]) into a mapped fetch.
func byFilter[F comparable, V any](read func(context.Context, []F) ([]V, error)) func(context.Context, []F) (map[F]V, error) {
	return func(ctx context.Context, fs []F) (map[F]V, error) {
		out, err := read(ctx, fs)
		if err != nil {
			return nil, err
		}
		m := make(map[F]V, len(fs))
		for i, f := range fs {
			m[f] = out[i]
		}
		return m, nil
	}
}

// Ref reads one kind of reference data by key. With a reference wait (Options.ReferenceWait
// zero or positive) it is a dataloadgen loader, batching and caching for the request; with
// none it calls the store at once, in the caller's goroutine, for each Load or LoadAll, and
// caches nothing: the store answers reference data from memory, so a call costs less than a
// batch's goroutine and timer.
type Ref[K comparable, V any] struct {
	loader *dataloadgen.Loader[K, V]
	fetch  func(context.Context, []K) (map[K]V, error)
}

func newRef[K comparable, V any](fetch func(context.Context, []K) (map[K]V, error), o Options, opts []dataloadgen.Option) *Ref[K, V] {
	if o.ReferenceWait < 0 {
		return &Ref[K, V]{fetch: fetch}
	}
	return &Ref[K, V]{loader: dataloadgen.NewMappedLoader(fetch, opts...)}
}

// Load returns key's value; dataloadgen.ErrNotFound when the store has none.
func (r *Ref[K, V]) Load(ctx context.Context, key K) (V, error) {
	if r.loader != nil {
		return r.loader.Load(ctx, key)
	}
	m, err := r.fetch(ctx, []K{key})
	v, ok := m[key]
	if err == nil && !ok {
		err = dataloadgen.ErrNotFound
	}
	return v, err
}

// LoadAll returns the values of keys, in their order. A key the store has no value for has
// the zero value and, in the dataloadgen.ErrorSlice returned, dataloadgen.ErrNotFound.
func (r *Ref[K, V]) LoadAll(ctx context.Context, keys []K) ([]V, error) {
	if r.loader != nil {
		return r.loader.LoadAll(ctx, keys)
	}
	m, err := r.fetch(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make([]V, len(keys))
	var errs dataloadgen.ErrorSlice
	for i, k := range keys {
		v, ok := m[k]
		if !ok {
			if errs == nil {
				errs = make(dataloadgen.ErrorSlice, len(keys))
			}
			errs[i] = dataloadgen.ErrNotFound
			continue
		}
		out[i] = v
	}
	if errs != nil {
		return out, errs
	}
	return out, nil
}

// pages adapts a store list method (pages in query order) to a mapped fetch.
func pages[Q comparable, T any](list func(context.Context, []Q) ([]wsisgraph.Page[T], error)) func(context.Context, []Q) (map[Q]wsisgraph.Page[T], error) {
	return func(ctx context.Context, queries []Q) (map[Q]wsisgraph.Page[T], error) {
		ps, err := list(ctx, queries)
		if err != nil {
			return nil, err
		}
		m := make(map[Q]wsisgraph.Page[T], len(queries))
		for i, q := range queries {
			m[q] = ps[i]
		}
		return m, nil
	}
}

// index fetches a whole small list and keys it.
func index[K comparable, V any](ctx context.Context, all func(context.Context) ([]*V, error), key func(*V) K) (map[K]*V, error) {
	vs, err := all(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[K]*V, len(vs))
	for _, v := range vs {
		m[key(v)] = v
	}
	return m, nil
}

type ctxKey struct{}

// NewContext returns ctx carrying l.
func NewContext(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the request's loaders. It panics when ctx carries none: the server puts one
// Loaders in the context of every request it executes.
func For(ctx context.Context) *Loaders {
	return ctx.Value(ctxKey{}).(*Loaders)
}

// Optional turns a loader's ErrNotFound into the zero value and no error: a missing key is
// "nothing there", not a failure.
func Optional[V any](v V, err error) (V, error) {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		var zero V
		return zero, nil
	}
	return v, err
}
