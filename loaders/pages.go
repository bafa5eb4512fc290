package loaders

import (
	"context"
	"errors"
	"reflect"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"github.com/wsisgraph/wsisgraph"
)

// Pages reads the pages of one list (projects, organisations, prizes, events) by query.
//
// A page whose field is alone in its path — none of the field's ancestors is an element of a
// list of more than one — is read from the store at once, in the caller's goroutine, and kept
// for the request: no other resolver of the request can be asking for such a page at that
// point, so waiting for a batch would only delay the answer. Any other page waits for the
// loader's batch, so that the pages of a list's elements take one store call. Sibling fields
// of one object, or root fields, asking for pages of the same list (aliases) are each read
// on their own. Outside a GraphQL field (no gqlgen field context) every page is batched.
type Pages[Q comparable, T any] struct {
	loader *dataloadgen.Loader[Q, wsisgraph.Page[T]]
	list   func(context.Context, []Q) ([]wsisgraph.Page[T], error)
}

func newPages[Q comparable, T any](list func(context.Context, []Q) ([]wsisgraph.Page[T], error), opts []dataloadgen.Option) *Pages[Q, T] {
	return &Pages[Q, T]{loader: dataloadgen.NewMappedLoader(pages(list), opts...), list: list}
}

// Load returns the page of q (see Pages for when it is read at once).
func (p *Pages[Q, T]) Load(ctx context.Context, q Q) (wsisgraph.Page[T], error) {
	if !alone(ctx, 0) {
		return p.loader.Load(ctx, q)
	}
	ps, err := p.now(ctx, []Q{q})
	if err != nil {
		return wsisgraph.Page[T]{}, err
	}
	return ps[0], nil
}

// LoadAll returns the pages of qs, in their order, for the elements of the nearest list in
// ctx's path (the call of a gqlgen batch resolver, qs[i] for element i): in one store call at
// once when that list is alone in its path (the rule of Pages, the list itself left out),
// else through the loader's batch with the other lists' pages.
func (p *Pages[Q, T]) LoadAll(ctx context.Context, qs []Q) ([]wsisgraph.Page[T], error) {
	if !alone(ctx, 1) {
		return p.loader.LoadAll(ctx, qs)
	}
	return p.now(ctx, qs)
}

// now reads qs from the store and primes the loader with the pages.
func (p *Pages[Q, T]) now(ctx context.Context, qs []Q) ([]wsisgraph.Page[T], error) {
	ps, err := p.list(ctx, qs)
	if err != nil {
		return nil, err
	}
	for i, q := range qs {
		p.loader.Prime(q, ps[i])
	}
	return ps, nil
}

// alone reports whether ctx is a GraphQL field's whose ancestors, the nearest skip lists
// among them left out, are no element of a list of more than one. Without a field context
// it is false.
func alone(ctx context.Context, skip int) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false
	}
	for ; fc != nil; fc = fc.Parent {
		if fc.Index == nil {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if fc.Parent == nil {
			return false
		}
		v := reflect.ValueOf(fc.Parent.Result)
		if v.Kind() != reflect.Slice || v.Len() > 1 {
			return false
		}
	}
	return true
}

// Reads of root fields: one store call each, made at once. A root field is alone in its
// path, so there is nothing to batch it with; two root fields asking the same (aliases) make
// one call each.

// Goals returns every goal, by number.
func (l *Loaders) Goals(ctx context.Context) ([]*wsisgraph.Goal, error) { return l.store.Goals(ctx) }

// ActionLines returns every action line, in action-line order.
func (l *Loaders) ActionLines(ctx context.Context) ([]*wsisgraph.ActionLine, error) {
	return l.store.ActionLines(ctx)
}

// PrizeCategories returns every prize category, by number.
func (l *Loaders) PrizeCategories(ctx context.Context) ([]*wsisgraph.PrizeCategory, error) {
	return l.store.PrizeCategories(ctx)
}

// Coverage returns what the graph holds and what it lacks.
func (l *Loaders) Coverage(ctx context.Context) (*wsisgraph.Coverage, error) {
	return l.store.Coverage(ctx)
}

// Search returns the page of hits of q.
func (l *Loaders) Search(ctx context.Context, q wsisgraph.SearchQuery) (wsisgraph.SearchPage, error) {
	return one(ctx, l.store.Search, q)
}

// Matrix returns the WSIS–SDG matrix of q.
func (l *Loaders) Matrix(ctx context.Context, q wsisgraph.MatrixQuery) (*wsisgraph.Matrix, error) {
	return one(ctx, l.store.Matrix, q)
}

// Paths returns the paths of q.
func (l *Loaders) Paths(ctx context.Context, q wsisgraph.PathQuery) ([]wsisgraph.Path, error) {
	return one(ctx, l.store.Paths, q)
}

// Neighborhood returns the neighbourhood of q.
func (l *Loaders) Neighborhood(ctx context.Context, q wsisgraph.NeighborhoodQuery) (*wsisgraph.Neighborhood, error) {
	return one(ctx, l.store.Neighborhoods, q)
}

// one makes a batched store read of a single query.
func one[Q, V any](ctx context.Context, read func(context.Context, []Q) ([]V, error), q Q) (V, error) {
	vs, err := read(ctx, []Q{q})
	if err != nil {
		var zero V
		return zero, err
	}
	return vs[0], nil
}

// Node returns the entity r names, through the loader of its type; nil when there is none
// (an unknown type, a key no entity has).
func (l *Loaders) Node(ctx context.Context, r wsisgraph.NodeRef) (wsisgraph.Node, error) {
	switch r.Type {
	case wsisgraph.KindActionLine:
		return nodeOf(l.ActionLineByCode.Load(ctx, r.Key))
	case wsisgraph.KindGoal:
		num := 0
		for _, c := range r.Key {
			if c < '0' || c > '9' || num > 100 {
				return nil, nil
			}
			num = num*10 + int(c-'0')
		}
		return nodeOf(l.GoalByNumber.Load(ctx, num))
	case wsisgraph.KindTarget:
		return nodeOf(l.TargetByCode.Load(ctx, r.Key))
	case wsisgraph.KindIndicator:
		return nodeOf(l.IndicatorByCode.Load(ctx, r.Key))
	case wsisgraph.KindLinkage:
		return nodeOf(l.LinkageByID.Load(ctx, r.Key))
	case wsisgraph.KindOrganization:
		return nodeOf(l.OrganizationByKey.Load(ctx, r.Key))
	case wsisgraph.KindProject:
		return nodeOf(l.ProjectByKey.Load(ctx, r.Key))
	case wsisgraph.KindPrize:
		return nodeOf(l.PrizeByKey.Load(ctx, r.Key))
	case wsisgraph.KindEvent:
		return nodeOf(l.EventByKey.Load(ctx, r.Key))
	}
	return nil, nil
}

// Nodes returns the entities refs name, result i for refs[i] (nil where there is none). The
// refs are loaded concurrently, so that each type's loader gets them in one batch.
func (l *Loaders) Nodes(ctx context.Context, refs []wsisgraph.NodeRef) ([]wsisgraph.Node, error) {
	out := make([]wsisgraph.Node, len(refs))
	errs := make([]error, len(refs))
	done := make(chan struct{})
	for i, r := range refs {
		go func() {
			out[i], errs[i] = l.Node(ctx, r)
			done <- struct{}{}
		}()
	}
	for range refs {
		<-done
	}
	return out, errors.Join(errs...)
}

// nodeOf converts a loader's answer to a Node, nil when not found.
func nodeOf[V wsisgraph.Node](v V, err error) (wsisgraph.Node, error) {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return v, nil
}
