package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/graph/model"
	"github.com/wsisgraph/wsisgraph/loaders"
)

// pageRequest is a connection's paging arguments as given: `first` and `after` page
// forwards, `last` and `before` backwards; nil where not given.
type pageRequest struct {
	first  *int
	after  *string
	last   *int
	before *string
}

// size returns the store page sizes of r: First DefaultPageSize when neither `first` nor
// `last` is given. A given size is kept as it is, for PageArgs.Validate to judge.
func (r pageRequest) size() (first, last int) {
	switch {
	case r.first == nil && r.last == nil:
		return wsisgraph.DefaultPageSize, 0
	case r.first != nil && r.last != nil:
		return *r.first, *r.last
	case r.last != nil:
		return 0, *r.last
	}
	return *r.first, 0
}

// check reports the errors PageArgs.Validate cannot see in the sizes size returns: both
// `first` and `last` given (one of them 0), and `last: 0`.
func (r pageRequest) check() error {
	if r.first != nil && r.last != nil {
		return wsisgraph.Errorf(wsisgraph.EINVALID, "first and last cannot both be given: use first (with after) to page forwards, last (with before) to page backwards")
	}
	if r.last != nil && *r.last == 0 {
		return wsisgraph.Errorf(wsisgraph.EINVALID, "last must be between 1 and %d, got 0", wsisgraph.MaxPageSize)
	}
	return nil
}

// pageArgs turns a connection's paging arguments into store page arguments for a list in
// the given order. It asks for a total only when the connection's `totalCount` is selected.
func pageArgs(ctx context.Context, order listKey, r pageRequest) (wsisgraph.PageArgs, error) {
	var p wsisgraph.PageArgs
	p.First, p.Last = r.size()
	if err := r.check(); err != nil {
		return p, err
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	var err error
	if p.After, err = decodeCursor(order, r.after); err != nil {
		return p, err
	}
	if p.Before, err = decodeCursor(order, r.before); err != nil {
		return p, err
	}
	p.WithTotal = selected(ctx, "totalCount")
	return p, nil
}

// pageInfo returns the Relay page information of a page read with p, as the connection spec
// defines it: paging forwards, hasNextPage tells whether the window holds more items and
// hasPreviousPage whether `after` was given; paging backwards, hasPreviousPage tells whether
// the window holds more and hasNextPage whether `before` was given.
func pageInfo(p wsisgraph.PageArgs, hasNext, hasPrev bool) *model.PageInfo {
	if p.Backward() {
		return &model.PageInfo{HasNextPage: p.Before.Key != "", HasPreviousPage: hasPrev}
	}
	return &model.PageInfo{HasNextPage: hasNext, HasPreviousPage: p.After.Key != ""}
}

// selected reports whether the current field's selection set holds a field named name.
func selected(ctx context.Context, name string) bool {
	if graphql.GetFieldContext(ctx) == nil {
		return false
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

// connection holds the parts every connection type shares.
type connection[T any] struct {
	cursors  []string
	items    []*T
	pageInfo *model.PageInfo
	total    int
}

func newConnection[T any](order listKey, args wsisgraph.PageArgs, p wsisgraph.Page[T]) connection[T] {
	c := connection[T]{
		cursors:  make([]string, len(p.Items)),
		items:    p.Items,
		pageInfo: pageInfo(args, p.HasNext, p.HasPrev),
		total:    p.Total,
	}
	for i := range p.Items {
		c.cursors[i] = encodeCursor(order, p.Cursors[i])
	}
	if n := len(c.cursors); n > 0 {
		c.pageInfo.StartCursor = &c.cursors[0]
		c.pageInfo.EndCursor = &c.cursors[n-1]
	}
	return c
}

// listQuery is a store list query: ProjectQuery, OrganizationQuery, PrizeQuery, EventQuery.
type listQuery[Q any] interface {
	comparable
	Normalize() Q
	Validate() error
	Order() string
	WithPage(wsisgraph.PageArgs) Q
}

// pageQuery fills q's defaults and page from the paging arguments, validates it, and returns
// it with its order's name and its page.
func pageQuery[Q listQuery[Q]](ctx context.Context, q Q, r pageRequest) (Q, listKey, wsisgraph.PageArgs, error) {
	q = q.Normalize()
	order := keyOf(q)
	p, err := pageArgs(ctx, order, r)
	if err != nil {
		return q, order, p, err
	}
	q = q.WithPage(p)
	return q, order, p, q.Validate()
}

// loadPage reads the page of q, made by pageQuery from the paging arguments, through the
// request's pages loader of its list (which decides whether it waits for a batch).
func loadPage[Q listQuery[Q], T any](ctx context.Context, l *loaders.Pages[Q, T], q Q, r pageRequest) (Q, connection[T], error) {
	q, order, p, err := pageQuery(ctx, q, r)
	if err != nil {
		return q, connection[T]{}, err
	}
	page, err := l.Load(ctx, q)
	if err != nil {
		return q, connection[T]{}, err
	}
	return q, newConnection(order, p, page), nil
}

func projectOrder(o *model.ProjectOrder) (wsisgraph.ProjectSort, wsisgraph.SortDirection) {
	if o == nil {
		return "", ""
	}
	return o.Field, dir(o.Direction)
}

func dir(d *wsisgraph.SortDirection) wsisgraph.SortDirection {
	if d == nil {
		return ""
	}
	return *d
}

// projectQuery returns the query of a `projects` connection: filter narrowed by scope (the
// parent's constraint, such as an action line), the order, the page from the paging arguments.
func projectQuery(ctx context.Context, scope wsisgraph.ProjectFilter, filter *wsisgraph.ProjectFilter, pr pageRequest, orderBy *model.ProjectOrder) (wsisgraph.ProjectQuery, listKey, wsisgraph.PageArgs, error) {
	q := wsisgraph.ProjectQuery{Filter: scope}
	if filter != nil {
		v, err := vocabulary(ctx)
		if err != nil {
			return q, listKey{}, wsisgraph.PageArgs{}, err
		}
		f, err := v.ProjectFilter(*filter)
		if err != nil {
			return q, listKey{}, wsisgraph.PageArgs{}, err
		}
		if err := mergeFilter(&q.Filter, f); err != nil {
			return q, listKey{}, wsisgraph.PageArgs{}, err
		}
	}
	q.Sort, q.Direction = projectOrder(orderBy)
	return pageQuery(ctx, q, pr)
}

// projectConnection builds the connection of a page, without its facets.
func projectConnection(order listKey, p wsisgraph.PageArgs, page wsisgraph.Page[wsisgraph.Project]) *model.ProjectConnection {
	c := newConnection(order, p, page)
	conn := &model.ProjectConnection{Nodes: c.items, PageInfo: c.pageInfo, TotalCount: c.total, Edges: make([]*model.ProjectEdge, len(c.items))}
	for i, n := range c.items {
		conn.Edges[i] = &model.ProjectEdge{Cursor: c.cursors[i], Node: n}
	}
	return conn
}

// projects answers a `projects` connection field of a root or lone parent.
func (r *Resolver) projects(ctx context.Context, scope wsisgraph.ProjectFilter, filter *wsisgraph.ProjectFilter, pr pageRequest, orderBy *model.ProjectOrder) (*model.ProjectConnection, error) {
	q, order, p, err := projectQuery(ctx, scope, filter, pr, orderBy)
	if err != nil {
		return nil, err
	}
	page, err := loaders.For(ctx).ProjectPages.Load(ctx, q)
	if err != nil {
		return nil, err
	}
	conn := projectConnection(order, p, page)
	conn.Facets, err = projectFacets(ctx, q.Filter)
	return conn, err
}

// projectsOf answers a `projects` connection field for all its sibling parents at once (a
// gqlgen batch resolver), scopes[i] being parent i's constraint, their pages read together
// (loaders.Pages.LoadAll). The arguments are the same for every parent; an error of one parent's query (a filter
// conflicting with its scope) fails that parent only.
func (r *Resolver) projectsOf(ctx context.Context, scopes []wsisgraph.ProjectFilter, filter *wsisgraph.ProjectFilter, pr pageRequest, orderBy *model.ProjectOrder) ([]*model.ProjectConnection, error) {
	out := make([]*model.ProjectConnection, len(scopes))
	errs := make(graphql.BatchErrorList, len(scopes))
	failed := false
	qs := make([]wsisgraph.ProjectQuery, 0, len(scopes))
	parent := make([]int, 0, len(scopes)) // parent[k]: the parent of qs[k]
	var order listKey
	var p wsisgraph.PageArgs
	for i, scope := range scopes {
		q, o, pa, err := projectQuery(ctx, scope, filter, pr, orderBy)
		if err != nil {
			errs[i], failed = err, true
			continue
		}
		qs, parent, order, p = append(qs, q), append(parent, i), o, pa
	}
	if len(qs) > 0 {
		pages, err := loaders.For(ctx).ProjectPages.LoadAll(ctx, qs)
		if err != nil {
			return nil, err
		}
		filters := make([]wsisgraph.ProjectFilter, len(qs))
		for k, q := range qs {
			filters[k] = q.Filter
		}
		facets, err := projectFacetsAll(ctx, filters)
		if err != nil {
			return nil, err
		}
		for k, i := range parent {
			out[i] = projectConnection(order, p, pages[k])
			out[i].Facets = facets[k]
		}
	}
	if failed {
		return out, errs
	}
	return out, nil
}

// mergeFilter sets in dst the fields given in f. A field set in both to different values is
// an EINVALID error: the parent's scope cannot be widened.
func mergeFilter(dst *wsisgraph.ProjectFilter, f wsisgraph.ProjectFilter) error {
	conflict := func(name string) error {
		return wsisgraph.Errorf(wsisgraph.EINVALID, "filter.%s conflicts with the list's parent: leave it out", name)
	}
	setS := func(d *string, v, name string) error {
		if v == "" || *d == v {
			return nil
		}
		if *d != "" {
			return conflict(name)
		}
		*d = v
		return nil
	}
	setI := func(d *int, v int, name string) error {
		if v == 0 || *d == v {
			return nil
		}
		if *d != 0 {
			return conflict(name)
		}
		*d = v
		return nil
	}
	st, group := string(dst.StakeholderType), string(dst.Group)
	errs := []error{
		setS(&dst.Region, f.Region, "region"),
		setS(&group, string(f.Group), "group"),
		setS(&dst.ActionLine, f.ActionLine, "actionLine"),
		setI(&dst.Goal, f.Goal, "goal"),
		setS(&dst.Target, f.Target, "target"),
		setS(&dst.Country, f.Country, "country"),
		setI(&dst.Year, f.Year, "year"),
		setS(&st, string(f.StakeholderType), "stakeholderType"),
		setS(&dst.Organization, f.Organization, "organization"),
		setS(&dst.Text, f.Text, "text"),
	}
	dst.StakeholderType, dst.Group = wsisgraph.StakeholderType(st), wsisgraph.CountryGroup(group)
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// prizes loads a page of prizes matching filter within scope and builds the connection.
func (r *Resolver) prizes(ctx context.Context, scope wsisgraph.PrizeFilter, filter *wsisgraph.PrizeFilter, pr pageRequest, orderBy *model.PrizeOrder) (*model.PrizeConnection, error) {
	q := wsisgraph.PrizeQuery{Filter: scope}
	if filter != nil {
		v, err := vocabulary(ctx)
		if err != nil {
			return nil, err
		}
		f, err := v.PrizeFilter(*filter)
		if err != nil {
			return nil, err
		}
		if scope.Organization != "" {
			f.Organization = scope.Organization
		}
		if scope.ActionLine != "" {
			if f.ActionLine != "" && f.ActionLine != scope.ActionLine {
				return nil, wsisgraph.Errorf(wsisgraph.EINVALID, "filter.actionLine conflicts with the list's parent: leave it out")
			}
			f.ActionLine = scope.ActionLine
		}
		q.Filter = f
	}
	if orderBy != nil {
		q.Sort, q.Direction = orderBy.Field, dir(orderBy.Direction)
	}
	q, c, err := loadPage(ctx, loaders.For(ctx).PrizePages, q, pr)
	if err != nil {
		return nil, err
	}
	conn := &model.PrizeConnection{Nodes: c.items, PageInfo: c.pageInfo, TotalCount: c.total, Edges: make([]*model.PrizeEdge, len(c.items))}
	for i, n := range c.items {
		conn.Edges[i] = &model.PrizeEdge{Cursor: c.cursors[i], Node: n}
	}
	conn.Facets, err = prizeFacets(ctx, q.Filter)
	return conn, err
}

// organizations loads a page of organisations and builds the connection.
func (r *Resolver) organizations(ctx context.Context, filter *wsisgraph.OrganizationFilter, pr pageRequest, orderBy *model.OrganizationOrder) (*model.OrganizationConnection, error) {
	q := wsisgraph.OrganizationQuery{}
	if filter != nil {
		v, err := vocabulary(ctx)
		if err != nil {
			return nil, err
		}
		if q.Filter, err = v.OrganizationFilter(*filter); err != nil {
			return nil, err
		}
	}
	if orderBy != nil {
		q.Sort, q.Direction = orderBy.Field, dir(orderBy.Direction)
	}
	q, c, err := loadPage(ctx, loaders.For(ctx).OrganizationPages, q, pr)
	if err != nil {
		return nil, err
	}
	conn := &model.OrganizationConnection{Nodes: c.items, PageInfo: c.pageInfo, TotalCount: c.total, Edges: make([]*model.OrganizationEdge, len(c.items))}
	for i, n := range c.items {
		conn.Edges[i] = &model.OrganizationEdge{Cursor: c.cursors[i], Node: n}
	}
	conn.Facets, err = organizationFacets(ctx, q.Filter)
	return conn, err
}

// events loads a page of events and builds the connection.
func (r *Resolver) events(ctx context.Context, filter wsisgraph.EventFilter, pr pageRequest, orderBy *model.EventOrder) (*model.EventConnection, error) {
	if filter != (wsisgraph.EventFilter{}) {
		v, err := vocabulary(ctx)
		if err != nil {
			return nil, err
		}
		if filter, err = v.EventFilter(filter); err != nil {
			return nil, err
		}
	}
	q := wsisgraph.EventQuery{Filter: filter}
	if orderBy != nil {
		q.Sort, q.Direction = orderBy.Field, dir(orderBy.Direction)
	}
	_, c, err := loadPage(ctx, loaders.For(ctx).EventPages, q, pr)
	if err != nil {
		return nil, err
	}
	conn := &model.EventConnection{Nodes: c.items, PageInfo: c.pageInfo, TotalCount: c.total, Edges: make([]*model.EventEdge, len(c.items))}
	for i, n := range c.items {
		conn.Edges[i] = &model.EventEdge{Cursor: c.cursors[i], Node: n}
	}
	return conn, nil
}
