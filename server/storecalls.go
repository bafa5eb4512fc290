package server

import (
	"context"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wsisgraph/wsisgraph"
)

// countingStore counts every call to the store it wraps, by method. Each call of a Store
// method is one backend round trip (one Cypher statement on Neo4j), so the count is the
// number of round trips.
type countingStore struct {
	next  wsisgraph.Store
	calls *prometheus.CounterVec
	total atomic.Int64
}

func (c *countingStore) count(method string) {
	c.total.Add(1)
	c.calls.WithLabelValues(method).Inc()
}

func (c *countingStore) ActionLines(ctx context.Context) ([]*wsisgraph.ActionLine, error) {
	c.count("ActionLines")
	return c.next.ActionLines(ctx)
}

func (c *countingStore) ActionLinesByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.ActionLine, error) {
	c.count("ActionLinesByCode")
	return c.next.ActionLinesByCode(ctx, codes)
}

func (c *countingStore) SubLinesByActionLine(ctx context.Context, codes []string) (map[string][]*wsisgraph.ActionLine, error) {
	c.count("SubLinesByActionLine")
	return c.next.SubLinesByActionLine(ctx, codes)
}

func (c *countingStore) FacilitationsByOrganization(ctx context.Context, keys []string) (map[string][]wsisgraph.Facilitation, error) {
	c.count("FacilitationsByOrganization")
	return c.next.FacilitationsByOrganization(ctx, keys)
}

func (c *countingStore) Goals(ctx context.Context) ([]*wsisgraph.Goal, error) {
	c.count("Goals")
	return c.next.Goals(ctx)
}

func (c *countingStore) GoalsByNumber(ctx context.Context, numbers []int) (map[int]*wsisgraph.Goal, error) {
	c.count("GoalsByNumber")
	return c.next.GoalsByNumber(ctx, numbers)
}

func (c *countingStore) TargetsByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Target, error) {
	c.count("TargetsByCode")
	return c.next.TargetsByCode(ctx, codes)
}

func (c *countingStore) TargetsByGoal(ctx context.Context, numbers []int) (map[int][]*wsisgraph.Target, error) {
	c.count("TargetsByGoal")
	return c.next.TargetsByGoal(ctx, numbers)
}

func (c *countingStore) IndicatorsByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Indicator, error) {
	c.count("IndicatorsByCode")
	return c.next.IndicatorsByCode(ctx, codes)
}

func (c *countingStore) IndicatorsByTarget(ctx context.Context, codes []string) (map[string][]*wsisgraph.Indicator, error) {
	c.count("IndicatorsByTarget")
	return c.next.IndicatorsByTarget(ctx, codes)
}

func (c *countingStore) LinkagesByID(ctx context.Context, ids []string) (map[string]*wsisgraph.Linkage, error) {
	c.count("LinkagesByID")
	return c.next.LinkagesByID(ctx, ids)
}

func (c *countingStore) LinkagesByActionLine(ctx context.Context, codes []string) (map[string][]*wsisgraph.Linkage, error) {
	c.count("LinkagesByActionLine")
	return c.next.LinkagesByActionLine(ctx, codes)
}

func (c *countingStore) LinkagesByGoal(ctx context.Context, numbers []int) (map[int][]*wsisgraph.Linkage, error) {
	c.count("LinkagesByGoal")
	return c.next.LinkagesByGoal(ctx, numbers)
}

func (c *countingStore) LinkagesByTarget(ctx context.Context, codes []string) (map[string][]*wsisgraph.Linkage, error) {
	c.count("LinkagesByTarget")
	return c.next.LinkagesByTarget(ctx, codes)
}

func (c *countingStore) OrganizationsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Organization, error) {
	c.count("OrganizationsByKey")
	return c.next.OrganizationsByKey(ctx, keys)
}

func (c *countingStore) ProjectsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Project, error) {
	c.count("ProjectsByKey")
	return c.next.ProjectsByKey(ctx, keys)
}

func (c *countingStore) PrizeCategories(ctx context.Context) ([]*wsisgraph.PrizeCategory, error) {
	c.count("PrizeCategories")
	return c.next.PrizeCategories(ctx)
}

func (c *countingStore) PrizesByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Prize, error) {
	c.count("PrizesByKey")
	return c.next.PrizesByKey(ctx, keys)
}

func (c *countingStore) EventsByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Event, error) {
	c.count("EventsByKey")
	return c.next.EventsByKey(ctx, keys)
}

func (c *countingStore) SourcesByKey(ctx context.Context, keys []string) (map[string]*wsisgraph.Source, error) {
	c.count("SourcesByKey")
	return c.next.SourcesByKey(ctx, keys)
}

func (c *countingStore) CountriesByCode(ctx context.Context, codes []string) (map[string]*wsisgraph.Country, error) {
	c.count("CountriesByCode")
	return c.next.CountriesByCode(ctx, codes)
}

func (c *countingStore) Organizations(ctx context.Context, queries []wsisgraph.OrganizationQuery) ([]wsisgraph.Page[wsisgraph.Organization], error) {
	c.count("Organizations")
	return c.next.Organizations(ctx, queries)
}

func (c *countingStore) Projects(ctx context.Context, queries []wsisgraph.ProjectQuery) ([]wsisgraph.Page[wsisgraph.Project], error) {
	c.count("Projects")
	return c.next.Projects(ctx, queries)
}

func (c *countingStore) Prizes(ctx context.Context, queries []wsisgraph.PrizeQuery) ([]wsisgraph.Page[wsisgraph.Prize], error) {
	c.count("Prizes")
	return c.next.Prizes(ctx, queries)
}

func (c *countingStore) Events(ctx context.Context, queries []wsisgraph.EventQuery) ([]wsisgraph.Page[wsisgraph.Event], error) {
	c.count("Events")
	return c.next.Events(ctx, queries)
}

func (c *countingStore) Ping(ctx context.Context) error {
	return c.next.Ping(ctx)
}

func (c *countingStore) Version(ctx context.Context) (string, error) {
	return c.next.Version(ctx)
}
