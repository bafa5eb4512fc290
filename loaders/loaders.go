// Package loaders batches the store reads of one GraphQL request: every field resolver asks
// its loader for one key, and each loader sends the keys gathered during a short wait to the
// store in one call. Loaders cache for the life of the request only.
//
// Loaders are built per request by Middleware and read back with For. A loader's batch runs
// with the context of the first caller in it.
package loaders

import (
	"context"
	"errors"
	"net/http"
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
	ActionLineByCode            *dataloadgen.Loader[string, *wsisgraph.ActionLine]
	SubLinesByActionLine        *dataloadgen.Loader[string, []*wsisgraph.ActionLine]
	FacilitationsByOrganization *dataloadgen.Loader[string, []wsisgraph.Facilitation]
	GoalByNumber                *dataloadgen.Loader[int, *wsisgraph.Goal]
	TargetByCode                *dataloadgen.Loader[string, *wsisgraph.Target]
	TargetsByGoal               *dataloadgen.Loader[int, []*wsisgraph.Target]
	IndicatorByCode             *dataloadgen.Loader[string, *wsisgraph.Indicator]
	IndicatorsByTarget          *dataloadgen.Loader[string, []*wsisgraph.Indicator]
	LinkageByID                 *dataloadgen.Loader[string, *wsisgraph.Linkage]
	LinkagesByActionLine        *dataloadgen.Loader[string, []*wsisgraph.Linkage]
	LinkagesByGoal              *dataloadgen.Loader[int, []*wsisgraph.Linkage]
	LinkagesByTarget            *dataloadgen.Loader[string, []*wsisgraph.Linkage]
	OrganizationByKey           *dataloadgen.Loader[string, *wsisgraph.Organization]
	ProjectByKey                *dataloadgen.Loader[string, *wsisgraph.Project]
	PrizeByKey                  *dataloadgen.Loader[string, *wsisgraph.Prize]
	EventByKey                  *dataloadgen.Loader[string, *wsisgraph.Event]
	SourceByKey                 *dataloadgen.Loader[string, *wsisgraph.Source]
	CountryByCode               *dataloadgen.Loader[string, *wsisgraph.Country]
	PrizeCategoryByNumber       *dataloadgen.Loader[int, *wsisgraph.PrizeCategory]
	PrizeCategoryByActionLine   *dataloadgen.Loader[string, *wsisgraph.PrizeCategory]
	ProjectPages                *dataloadgen.Loader[wsisgraph.ProjectQuery, wsisgraph.Page[wsisgraph.Project]]
	OrganizationPages           *dataloadgen.Loader[wsisgraph.OrganizationQuery, wsisgraph.Page[wsisgraph.Organization]]
	PrizePages                  *dataloadgen.Loader[wsisgraph.PrizeQuery, wsisgraph.Page[wsisgraph.Prize]]
	EventPages                  *dataloadgen.Loader[wsisgraph.EventQuery, wsisgraph.Page[wsisgraph.Event]]
	ProjectFacets               *dataloadgen.Loader[wsisgraph.ProjectFilter, *wsisgraph.ProjectFacets]
}

// New returns fresh loaders over s: build one set per request.
func New(s wsisgraph.Store, o Options) *Loaders {
	opts := []dataloadgen.Option{dataloadgen.WithWait(o.Wait), dataloadgen.WithBatchCapacity(o.MaxBatch)}
	ref := []dataloadgen.Option{dataloadgen.WithWait(o.refWait()), dataloadgen.WithBatchCapacity(o.MaxBatch)}
	return &Loaders{
		ActionLineByCode:            dataloadgen.NewMappedLoader(s.ActionLinesByCode, ref...),
		SubLinesByActionLine:        dataloadgen.NewMappedLoader(s.SubLinesByActionLine, ref...),
		FacilitationsByOrganization: dataloadgen.NewMappedLoader(s.FacilitationsByOrganization, opts...),
		GoalByNumber:                dataloadgen.NewMappedLoader(s.GoalsByNumber, ref...),
		TargetByCode:                dataloadgen.NewMappedLoader(s.TargetsByCode, ref...),
		TargetsByGoal:               dataloadgen.NewMappedLoader(s.TargetsByGoal, ref...),
		IndicatorByCode:             dataloadgen.NewMappedLoader(s.IndicatorsByCode, ref...),
		IndicatorsByTarget:          dataloadgen.NewMappedLoader(s.IndicatorsByTarget, ref...),
		LinkageByID:                 dataloadgen.NewMappedLoader(s.LinkagesByID, ref...),
		LinkagesByActionLine:        dataloadgen.NewMappedLoader(s.LinkagesByActionLine, ref...),
		LinkagesByGoal:              dataloadgen.NewMappedLoader(s.LinkagesByGoal, ref...),
		LinkagesByTarget:            dataloadgen.NewMappedLoader(s.LinkagesByTarget, ref...),
		OrganizationByKey:           dataloadgen.NewMappedLoader(s.OrganizationsByKey, opts...),
		ProjectByKey:                dataloadgen.NewMappedLoader(s.ProjectsByKey, opts...),
		PrizeByKey:                  dataloadgen.NewMappedLoader(s.PrizesByKey, opts...),
		EventByKey:                  dataloadgen.NewMappedLoader(s.EventsByKey, opts...),
		SourceByKey:                 dataloadgen.NewMappedLoader(s.SourcesByKey, ref...),
		CountryByCode:               dataloadgen.NewMappedLoader(s.CountriesByCode, ref...),
		PrizeCategoryByNumber: dataloadgen.NewMappedLoader(func(ctx context.Context, _ []int) (map[int]*wsisgraph.PrizeCategory, error) {
			return index(ctx, s.PrizeCategories, func(c *wsisgraph.PrizeCategory) int { return c.Number })
		}, ref...),
		PrizeCategoryByActionLine: dataloadgen.NewMappedLoader(func(ctx context.Context, _ []string) (map[string]*wsisgraph.PrizeCategory, error) {
			return index(ctx, s.PrizeCategories, func(c *wsisgraph.PrizeCategory) string { return c.ActionLineCode })
		}, ref...),
		ProjectPages:      dataloadgen.NewMappedLoader(pages(s.Projects), opts...),
		OrganizationPages: dataloadgen.NewMappedLoader(pages(s.Organizations), opts...),
		PrizePages:        dataloadgen.NewMappedLoader(pages(s.Prizes), opts...),
		EventPages:        dataloadgen.NewMappedLoader(pages(s.Events), opts...),
		ProjectFacets: dataloadgen.NewMappedLoader(func(ctx context.Context, fs []wsisgraph.ProjectFilter) (map[wsisgraph.ProjectFilter]*wsisgraph.ProjectFacets, error) {
			out, err := s.ProjectFacets(ctx, fs)
			if err != nil {
				return nil, err
			}
			m := make(map[wsisgraph.ProjectFilter]*wsisgraph.ProjectFacets, len(fs))
			for i, f := range fs {
				m[f] = out[i]
			}
			return m, nil
		}, opts...),
	}
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

// Middleware puts a fresh set of loaders over s into each request's context.
func Middleware(s wsisgraph.Store, o Options, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), New(s, o))))
	})
}

// NewContext returns ctx carrying l.
func NewContext(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the request's loaders. It panics when ctx carries none: every GraphQL request
// passes through Middleware.
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
