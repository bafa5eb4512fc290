package resolvers

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/vikstrous/dataloadgen"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/loaders"
)

// filterLevel keeps the linkages of level, or all when level is nil.
func filterLevel(ls []*wsisgraph.Linkage, level *wsisgraph.LinkageLevel) []*wsisgraph.Linkage {
	if level == nil {
		return ls
	}
	out := make([]*wsisgraph.Linkage, 0, len(ls))
	for _, l := range ls {
		if l.Level == *level {
			out = append(out, l)
		}
	}
	return out
}

// country loads a country by code; an empty code is no country.
func country(ctx context.Context, code string) (*wsisgraph.Country, error) {
	if code == "" {
		return nil, nil
	}
	return loaders.Optional(loaders.For(ctx).CountryByCode.Load(ctx, code))
}

// source loads a source by key; every reference is validated at load time, so a missing
// source is an internal error.
func source(ctx context.Context, key string) (*wsisgraph.Source, error) {
	return loaders.For(ctx).SourceByKey.Load(ctx, key)
}

// sources loads a record's sources in the record's order.
func sources(ctx context.Context, keys []string) ([]*wsisgraph.Source, error) {
	return loadAll(ctx, loaders.For(ctx).SourceByKey, keys)
}

// loadAll loads keys through l in one batch, keeping key order and skipping missing keys.
func loadAll[K comparable, V any](ctx context.Context, l interface {
	LoadAll(context.Context, []K) ([]*V, error)
}, keys []K) ([]*V, error) {
	if len(keys) == 0 {
		return []*V{}, nil
	}
	vs, err := l.LoadAll(ctx, keys)
	out := make([]*V, 0, len(vs))
	for _, v := range vs {
		if v != nil {
			out = append(out, v)
		}
	}
	var errs dataloadgen.ErrorSlice
	if errors.As(err, &errs) {
		for _, e := range errs {
			if e != nil && !errors.Is(e, dataloadgen.ErrNotFound) {
				return nil, e
			}
		}
		return out, nil
	}
	return out, err
}

// loadNode loads the entity a global id names; nil when it does not exist.
func loadNode(ctx context.Context, id string) (wsisgraph.Node, error) {
	r, err := parseRef(id)
	if err != nil {
		return nil, err
	}
	return loaders.For(ctx).Node(ctx, r)
}

// loadNodes loads the entities ids name, result i for ids[i] (nil where there is none), the
// ids of each type in one batch. Every id is checked before anything is loaded.
func loadNodes(ctx context.Context, ids []string) ([]wsisgraph.Node, error) {
	refs := make([]wsisgraph.NodeRef, len(ids))
	for i, id := range ids {
		var err error
		if refs[i], err = parseRef(id); err != nil {
			return nil, err
		}
	}
	return loaders.For(ctx).Nodes(ctx, refs)
}

// optional answers an optional text: null when the data has no value, never "".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// projectGoals returns the goals a project serves, by number: those of its stated targets,
// or, derived, those the matrix links to the action lines it serves (their own linkages,
// goal-level and target-level).
func projectGoals(ctx context.Context, p *wsisgraph.Project, viaMatrix bool) ([]*wsisgraph.Goal, error) {
	l := loaders.For(ctx)
	seen := map[int]bool{}
	if viaMatrix {
		for _, code := range p.ActionLineCodes {
			ls, err := loaders.Optional(l.LinkagesByActionLine.Load(ctx, code))
			if err != nil {
				return nil, err
			}
			for _, lk := range ls {
				seen[lk.GoalNumber] = true
			}
		}
	} else {
		ts, err := loadAll(ctx, l.TargetByCode, p.TargetCodes)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			seen[t.GoalNumber] = true
		}
	}
	return loadAll(ctx, l.GoalByNumber, slices.Sorted(maps.Keys(seen)))
}
