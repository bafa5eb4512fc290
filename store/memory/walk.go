package memory

import (
	"context"

	"github.com/wsisgraph/wsisgraph"
)

// ball walks the walk graph from start (see wsisgraph.Ball); nil when start does not exist.
func (s *Store) ball(start wsisgraph.NodeRef, expand int, allowed func(string) bool, budget int) *wsisgraph.Ball {
	if !s.g.WalkNodes[start] {
		return nil
	}
	return wsisgraph.WalkBall(start, expand, allowed, budget, func(n wsisgraph.NodeRef) []wsisgraph.Edge {
		return s.g.WalkIncident[n]
	})
}

// Paths answers each query with its paths (see wsisgraph.PathQuery); paths[i] answers
// queries[i]. An invalid query fails the whole call with EINVALID, before any search.
func (s *Store) Paths(ctx context.Context, queries []wsisgraph.PathQuery) ([][]wsisgraph.Path, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	for _, q := range queries {
		if err := q.Validate(); err != nil {
			return nil, err
		}
	}
	out := make([][]wsisgraph.Path, len(queries))
	for i, q := range queries {
		if err := check(ctx); err != nil {
			return nil, err
		}
		q = q.Normalize()
		from := s.ball(q.From, q.Expand(), nil, q.Budget)
		to := s.ball(q.To, q.Expand(), nil, q.Budget)
		ps, err := wsisgraph.PathsIn(q, from, to)
		if err != nil {
			return nil, err
		}
		out[i] = ps
	}
	return out, nil
}

// Neighborhoods answers each query with its neighbourhood (see wsisgraph.NeighborhoodQuery),
// nil when the centre does not exist; hoods[i] answers queries[i]. An invalid query fails the
// whole call with EINVALID, before any walk.
func (s *Store) Neighborhoods(ctx context.Context, queries []wsisgraph.NeighborhoodQuery) ([]*wsisgraph.Neighborhood, error) {
	if err := check(ctx); err != nil {
		return nil, err
	}
	for _, q := range queries {
		if err := q.Validate(); err != nil {
			return nil, err
		}
	}
	out := make([]*wsisgraph.Neighborhood, len(queries))
	for i, q := range queries {
		if err := check(ctx); err != nil {
			return nil, err
		}
		q = q.Normalize()
		n, err := wsisgraph.NeighborhoodOf(q, s.ball(q.Center, q.Depth, q.Allows, q.Budget))
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}
