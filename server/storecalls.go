package server

import (
	"context"
	"log/slog"
	"runtime/debug"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"

	"github.com/wsisgraph/wsisgraph"
)

// countingStore counts every call to the store it wraps, by method. Each call of a Store
// method is one backend round trip (one Cypher statement on Neo4j), so the count is the
// number of round trips. It also observes the number of keys of each batched call, turns a
// panic in the store into an EINTERNAL error (logged with its stack), so that one bad record
// cannot take the service down, and refuses calls while the breaker holds the backend down.
// With a tracer, each call inside a traced request has a span (see tracing.go).
//
// Each method is one line around the store's: `defer c.call(&ctx, name, len(keys), &err)()`.
type countingStore struct {
	next      wsisgraph.Store
	calls     *prometheus.CounterVec
	batchSize *prometheus.HistogramVec // nil: not observed
	log       *slog.Logger             // nil: slog.Default()
	breaker   *breaker                 // nil: no breaker
	tracer    trace.Tracer             // nil: no spans (see tracing.go)
	total     atomic.Int64
}

func (c *countingStore) count(method string) {
	c.total.Add(1)
	c.calls.WithLabelValues(method).Inc()
}

// call counts a call of method with keys keys (-1 for a method without keys) and returns
// the function to defer, which recovers a panic of the call into *err and shows the call's
// error to the breaker. While the breaker is open, call replaces *ctx with a cancelled
// context, so that the store returns at once (every Store checks its context first), and the
// deferred function answers EUNAVAILABLE.
func (c *countingStore) call(ctx *context.Context, method string, keys int, err *error) func() {
	c.count(method)
	if keys >= 0 && c.batchSize != nil {
		c.batchSize.WithLabelValues(method).Observe(float64(keys))
	}
	span := c.startStoreSpan(ctx, method, keys)
	logCtx := *ctx
	down := c.breaker != nil && c.breaker.isOpen()
	if down {
		cancelled, cancel := context.WithCancel(*ctx)
		cancel()
		*ctx = cancelled
	}
	return func() {
		if p := recover(); p != nil {
			log := c.log
			if log == nil {
				log = slog.Default()
			}
			log.ErrorContext(logCtx, "panic in store", "method", method, "panic", p, "stack", string(debug.Stack()))
			*err = wsisgraph.Errorf(wsisgraph.EINTERNAL, "internal error")
		}
		switch {
		case down:
			*err = errDown
		case *err != nil && c.breaker != nil:
			c.breaker.observe(*err)
		}
		endStoreSpan(span, *err)
	}
}

func (c *countingStore) ActionLines(ctx context.Context) (_ []*wsisgraph.ActionLine, err error) {
	defer c.call(&ctx, "ActionLines", -1, &err)()
	return c.next.ActionLines(ctx)
}

func (c *countingStore) ActionLinesByCode(ctx context.Context, codes []string) (_ map[string]*wsisgraph.ActionLine, err error) {
	defer c.call(&ctx, "ActionLinesByCode", len(codes), &err)()
	return c.next.ActionLinesByCode(ctx, codes)
}

func (c *countingStore) SubLinesByActionLine(ctx context.Context, codes []string) (_ map[string][]*wsisgraph.ActionLine, err error) {
	defer c.call(&ctx, "SubLinesByActionLine", len(codes), &err)()
	return c.next.SubLinesByActionLine(ctx, codes)
}

func (c *countingStore) FacilitationsByOrganization(ctx context.Context, keys []string) (_ map[string][]wsisgraph.Facilitation, err error) {
	defer c.call(&ctx, "FacilitationsByOrganization", len(keys), &err)()
	return c.next.FacilitationsByOrganization(ctx, keys)
}

func (c *countingStore) Goals(ctx context.Context) (_ []*wsisgraph.Goal, err error) {
	defer c.call(&ctx, "Goals", -1, &err)()
	return c.next.Goals(ctx)
}

func (c *countingStore) GoalsByNumber(ctx context.Context, numbers []int) (_ map[int]*wsisgraph.Goal, err error) {
	defer c.call(&ctx, "GoalsByNumber", len(numbers), &err)()
	return c.next.GoalsByNumber(ctx, numbers)
}

func (c *countingStore) TargetsByCode(ctx context.Context, codes []string) (_ map[string]*wsisgraph.Target, err error) {
	defer c.call(&ctx, "TargetsByCode", len(codes), &err)()
	return c.next.TargetsByCode(ctx, codes)
}

func (c *countingStore) TargetsByGoal(ctx context.Context, numbers []int) (_ map[int][]*wsisgraph.Target, err error) {
	defer c.call(&ctx, "TargetsByGoal", len(numbers), &err)()
	return c.next.TargetsByGoal(ctx, numbers)
}

func (c *countingStore) IndicatorsByCode(ctx context.Context, codes []string) (_ map[string]*wsisgraph.Indicator, err error) {
	defer c.call(&ctx, "IndicatorsByCode", len(codes), &err)()
	return c.next.IndicatorsByCode(ctx, codes)
}

func (c *countingStore) IndicatorsByTarget(ctx context.Context, codes []string) (_ map[string][]*wsisgraph.Indicator, err error) {
	defer c.call(&ctx, "IndicatorsByTarget", len(codes), &err)()
	return c.next.IndicatorsByTarget(ctx, codes)
}

func (c *countingStore) LinkagesByID(ctx context.Context, ids []string) (_ map[string]*wsisgraph.Linkage, err error) {
	defer c.call(&ctx, "LinkagesByID", len(ids), &err)()
	return c.next.LinkagesByID(ctx, ids)
}

func (c *countingStore) LinkagesByActionLine(ctx context.Context, codes []string) (_ map[string][]*wsisgraph.Linkage, err error) {
	defer c.call(&ctx, "LinkagesByActionLine", len(codes), &err)()
	return c.next.LinkagesByActionLine(ctx, codes)
}

func (c *countingStore) LinkagesByGoal(ctx context.Context, numbers []int) (_ map[int][]*wsisgraph.Linkage, err error) {
	defer c.call(&ctx, "LinkagesByGoal", len(numbers), &err)()
	return c.next.LinkagesByGoal(ctx, numbers)
}

func (c *countingStore) LinkagesByTarget(ctx context.Context, codes []string) (_ map[string][]*wsisgraph.Linkage, err error) {
	defer c.call(&ctx, "LinkagesByTarget", len(codes), &err)()
	return c.next.LinkagesByTarget(ctx, codes)
}

func (c *countingStore) OrganizationsByKey(ctx context.Context, keys []string) (_ map[string]*wsisgraph.Organization, err error) {
	defer c.call(&ctx, "OrganizationsByKey", len(keys), &err)()
	return c.next.OrganizationsByKey(ctx, keys)
}

func (c *countingStore) ProjectsByKey(ctx context.Context, keys []string) (_ map[string]*wsisgraph.Project, err error) {
	defer c.call(&ctx, "ProjectsByKey", len(keys), &err)()
	return c.next.ProjectsByKey(ctx, keys)
}

func (c *countingStore) PrizeCategories(ctx context.Context) (_ []*wsisgraph.PrizeCategory, err error) {
	defer c.call(&ctx, "PrizeCategories", -1, &err)()
	return c.next.PrizeCategories(ctx)
}

func (c *countingStore) PrizesByKey(ctx context.Context, keys []string) (_ map[string]*wsisgraph.Prize, err error) {
	defer c.call(&ctx, "PrizesByKey", len(keys), &err)()
	return c.next.PrizesByKey(ctx, keys)
}

func (c *countingStore) EventsByKey(ctx context.Context, keys []string) (_ map[string]*wsisgraph.Event, err error) {
	defer c.call(&ctx, "EventsByKey", len(keys), &err)()
	return c.next.EventsByKey(ctx, keys)
}

func (c *countingStore) SourcesByKey(ctx context.Context, keys []string) (_ map[string]*wsisgraph.Source, err error) {
	defer c.call(&ctx, "SourcesByKey", len(keys), &err)()
	return c.next.SourcesByKey(ctx, keys)
}

func (c *countingStore) CountriesByCode(ctx context.Context, codes []string) (_ map[string]*wsisgraph.Country, err error) {
	defer c.call(&ctx, "CountriesByCode", len(codes), &err)()
	return c.next.CountriesByCode(ctx, codes)
}

func (c *countingStore) Organizations(ctx context.Context, queries []wsisgraph.OrganizationQuery) (_ []wsisgraph.Page[wsisgraph.Organization], err error) {
	defer c.call(&ctx, "Organizations", len(queries), &err)()
	return c.next.Organizations(ctx, queries)
}

func (c *countingStore) Projects(ctx context.Context, queries []wsisgraph.ProjectQuery) (_ []wsisgraph.Page[wsisgraph.Project], err error) {
	defer c.call(&ctx, "Projects", len(queries), &err)()
	return c.next.Projects(ctx, queries)
}

func (c *countingStore) Prizes(ctx context.Context, queries []wsisgraph.PrizeQuery) (_ []wsisgraph.Page[wsisgraph.Prize], err error) {
	defer c.call(&ctx, "Prizes", len(queries), &err)()
	return c.next.Prizes(ctx, queries)
}

func (c *countingStore) Events(ctx context.Context, queries []wsisgraph.EventQuery) (_ []wsisgraph.Page[wsisgraph.Event], err error) {
	defer c.call(&ctx, "Events", len(queries), &err)()
	return c.next.Events(ctx, queries)
}

func (c *countingStore) Search(ctx context.Context, queries []wsisgraph.SearchQuery) (_ []wsisgraph.SearchPage, err error) {
	defer c.call(&ctx, "Search", len(queries), &err)()
	return c.next.Search(ctx, queries)
}

func (c *countingStore) Matrix(ctx context.Context, queries []wsisgraph.MatrixQuery) (_ []*wsisgraph.Matrix, err error) {
	defer c.call(&ctx, "Matrix", len(queries), &err)()
	return c.next.Matrix(ctx, queries)
}

func (c *countingStore) ProjectFacets(ctx context.Context, filters []wsisgraph.ProjectFilter) (_ []*wsisgraph.ProjectFacets, err error) {
	defer c.call(&ctx, "ProjectFacets", len(filters), &err)()
	return c.next.ProjectFacets(ctx, filters)
}

func (c *countingStore) PrizeFacets(ctx context.Context, filters []wsisgraph.PrizeFilter) (_ []*wsisgraph.PrizeFacets, err error) {
	defer c.call(&ctx, "PrizeFacets", len(filters), &err)()
	return c.next.PrizeFacets(ctx, filters)
}

func (c *countingStore) OrganizationFacets(ctx context.Context, filters []wsisgraph.OrganizationFilter) (_ []*wsisgraph.OrganizationFacets, err error) {
	defer c.call(&ctx, "OrganizationFacets", len(filters), &err)()
	return c.next.OrganizationFacets(ctx, filters)
}

func (c *countingStore) Paths(ctx context.Context, queries []wsisgraph.PathQuery) (_ [][]wsisgraph.Path, err error) {
	defer c.call(&ctx, "Paths", len(queries), &err)()
	return c.next.Paths(ctx, queries)
}

func (c *countingStore) Neighborhoods(ctx context.Context, queries []wsisgraph.NeighborhoodQuery) (_ []*wsisgraph.Neighborhood, err error) {
	defer c.call(&ctx, "Neighborhoods", len(queries), &err)()
	return c.next.Neighborhoods(ctx, queries)
}

func (c *countingStore) Ping(ctx context.Context) error {
	return c.next.Ping(ctx)
}

// Vocabulary is not counted: backends answer it from memory.
func (c *countingStore) Vocabulary(ctx context.Context) (*wsisgraph.Vocabulary, error) {
	return c.next.Vocabulary(ctx)
}

func (c *countingStore) Coverage(ctx context.Context) (_ *wsisgraph.Coverage, err error) {
	defer c.call(&ctx, "Coverage", 1, &err)()
	return c.next.Coverage(ctx)
}

func (c *countingStore) Version(ctx context.Context) (string, error) {
	return c.next.Version(ctx)
}
