package memory

import (
	"context"
	"strconv"

	"github.com/wsisgraph/wsisgraph"
)

// walkIndex is the walk graph of the dataset (see wsisgraph.Relation) as adjacency lists,
// built once by New. An edge is present when both its ends exist; dangling references are
// skipped, as the Neo4j import skips them.
type walkIndex struct {
	nodes    map[wsisgraph.NodeRef]bool
	incident map[wsisgraph.NodeRef][]wsisgraph.Edge // every edge touching the node, each once
}

func (s *Store) indexWalk() {
	d := s.d
	w := walkIndex{nodes: map[wsisgraph.NodeRef]bool{}, incident: map[wsisgraph.NodeRef][]wsisgraph.Edge{}}
	ref := func(typ, key string) wsisgraph.NodeRef { return wsisgraph.NodeRef{Type: typ, Key: key} }
	for _, n := range d.Nodes() {
		w.nodes[wsisgraph.RefOf(n)] = true
	}

	seen := map[wsisgraph.Edge]bool{}
	add := func(from wsisgraph.NodeRef, rel wsisgraph.Relation, to wsisgraph.NodeRef) {
		e := wsisgraph.Edge{From: from, To: to, Relation: rel}
		if from == to || !w.nodes[from] || !w.nodes[to] || seen[e] {
			return
		}
		seen[e] = true
		w.incident[from] = append(w.incident[from], e)
		w.incident[to] = append(w.incident[to], e)
	}
	for _, x := range d.ActionLines {
		al := ref("ActionLine", x.Code)
		if x.ParentCode != "" {
			add(al, wsisgraph.RelSubLineOf, ref("ActionLine", x.ParentCode))
		}
		for _, f := range x.Facilitators {
			add(ref("Organization", f.OrganizationKey), wsisgraph.RelFacilitates, al)
		}
	}
	for _, x := range d.Targets {
		add(ref("Target", x.Code), wsisgraph.RelPartOfGoal, ref("Goal", strconv.Itoa(x.GoalNumber)))
	}
	for _, x := range d.Indicators {
		for _, t := range x.TargetCodes {
			add(ref("Indicator", x.Code), wsisgraph.RelMeasures, ref("Target", t))
		}
	}
	for _, x := range d.Linkages {
		al := ref("ActionLine", x.ActionLineCode)
		if x.TargetCode != "" {
			add(al, wsisgraph.RelLinksToTarget, ref("Target", x.TargetCode))
		} else {
			add(al, wsisgraph.RelLinksToGoal, ref("Goal", strconv.Itoa(x.GoalNumber)))
		}
	}
	for _, x := range d.Projects {
		p := ref("Project", x.Key)
		for _, c := range x.ActionLineCodes {
			add(p, wsisgraph.RelServesActionLine, ref("ActionLine", c))
		}
		for _, t := range x.TargetCodes {
			add(p, wsisgraph.RelServesTarget, ref("Target", t))
		}
		for _, o := range x.OrganizationKeys {
			add(ref("Organization", o), wsisgraph.RelRuns, p)
		}
	}
	for _, x := range d.Prizes {
		p := ref("Prize", x.Key)
		if x.ProjectKey != "" {
			add(p, wsisgraph.RelAwardedTo, ref("Project", x.ProjectKey))
		}
		if c := s.categoryByNumber[x.CategoryNumber]; c != nil {
			add(p, wsisgraph.RelInCategory, ref("ActionLine", c.ActionLineCode))
		}
		for _, o := range x.OrganizationKeys {
			add(p, wsisgraph.RelToOrganization, ref("Organization", o))
		}
	}
	for _, x := range d.Events {
		if x.ParentKey != "" {
			add(ref("Event", x.Key), wsisgraph.RelPartOf, ref("Event", x.ParentKey))
		}
	}
	s.walk = w
}

// ball walks the walk graph from start (see wsisgraph.Ball); nil when start does not exist.
func (s *Store) ball(start wsisgraph.NodeRef, expand int, allowed func(string) bool, budget int) *wsisgraph.Ball {
	if !s.walk.nodes[start] {
		return nil
	}
	return wsisgraph.WalkBall(start, expand, allowed, budget, func(n wsisgraph.NodeRef) []wsisgraph.Edge {
		return s.walk.incident[n]
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
