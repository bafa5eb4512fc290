package wsisgraph

import (
	"slices"
	"testing"
)

func n(typ, key string) NodeRef { return NodeRef{Type: typ, Key: key} }

// testGraph: two routes of length 2 from organisation o to goal g (through action line a and
// target tg), a longer route through project p, a leaf indicator, and an event apart.
//
//	o -FACILITATES-> a -LINKS_TO_GOAL-> g
//	o -RUNS-> p -SERVES_TARGET-> tg -PART_OF_GOAL-> g
//	a -LINKS_TO_TARGET-> tg
//	i -MEASURES-> tg
var (
	o, a, g, tg, p, i, ev = n("Organization", "o"), n("ActionLine", "A"), n("Goal", "7"), n("Target", "7.1"),
		n("Project", "p"), n("Indicator", "7.1.1"), n("Event", "e")
	testEdges = []Edge{
		{o, a, RelFacilitates}, {a, g, RelLinksToGoal}, {o, p, RelRuns}, {p, tg, RelServesTarget},
		{tg, g, RelPartOfGoal}, {a, tg, RelLinksToTarget}, {i, tg, RelMeasures},
	}
	testNodes = []NodeRef{o, a, g, tg, p, i, ev}
)

func incident(r NodeRef) []Edge {
	var out []Edge
	for _, e := range testEdges {
		if e.From == r || e.To == r {
			out = append(out, e)
		}
	}
	return out
}

func testBall(r NodeRef, expand int, allowed func(string) bool, budget int) *Ball {
	if !slices.Contains(testNodes, r) {
		return nil
	}
	return WalkBall(r, expand, allowed, budget, incident)
}

func testPaths(t *testing.T, q PathQuery) ([]string, error) {
	t.Helper()
	q = q.Normalize()
	ps, err := PathsIn(q, testBall(q.From, q.Expand(), nil, q.Budget), testBall(q.To, q.Expand(), nil, q.Budget))
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
		if len(p.Nodes) != p.Length()+1 {
			t.Errorf("%s: %d nodes for %d hops", p, len(p.Nodes), p.Length())
		}
	}
	return out, err
}

func TestPathsIn(t *testing.T) {
	tests := []struct {
		name string
		q    PathQuery
		want []string
	}{
		{"shortest first, then by node sequence", PathQuery{From: o, To: g, First: 20}, []string{
			"Organization:o -FACILITATES-> ActionLine:A -LINKS_TO_GOAL-> Goal:7",
			"Organization:o -FACILITATES-> ActionLine:A -LINKS_TO_TARGET-> Target:7.1 -PART_OF_GOAL-> Goal:7",
			"Organization:o -RUNS-> Project:p -SERVES_TARGET-> Target:7.1 -PART_OF_GOAL-> Goal:7",
			"Organization:o -RUNS-> Project:p -SERVES_TARGET-> Target:7.1 <-LINKS_TO_TARGET- ActionLine:A -LINKS_TO_GOAL-> Goal:7",
		}},
		{"first cuts the list", PathQuery{From: o, To: g, First: 2}, []string{
			"Organization:o -FACILITATES-> ActionLine:A -LINKS_TO_GOAL-> Goal:7",
			"Organization:o -FACILITATES-> ActionLine:A -LINKS_TO_TARGET-> Target:7.1 -PART_OF_GOAL-> Goal:7",
		}},
		{"maxHops cuts longer paths", PathQuery{From: o, To: g, MaxHops: 3, First: 20}, []string{
			"Organization:o -FACILITATES-> ActionLine:A -LINKS_TO_GOAL-> Goal:7",
			"Organization:o -FACILITATES-> ActionLine:A -LINKS_TO_TARGET-> Target:7.1 -PART_OF_GOAL-> Goal:7",
			"Organization:o -RUNS-> Project:p -SERVES_TARGET-> Target:7.1 -PART_OF_GOAL-> Goal:7",
		}},
		{"backward hops", PathQuery{From: i, To: p, MaxHops: 5}, []string{
			"Indicator:7.1.1 -MEASURES-> Target:7.1 <-SERVES_TARGET- Project:p",
			"Indicator:7.1.1 -MEASURES-> Target:7.1 <-LINKS_TO_TARGET- ActionLine:A <-FACILITATES- Organization:o -RUNS-> Project:p",
			"Indicator:7.1.1 -MEASURES-> Target:7.1 -PART_OF_GOAL-> Goal:7 <-LINKS_TO_GOAL- ActionLine:A <-FACILITATES- Organization:o -RUNS-> Project:p",
		}},
		{"the end is never passed through", PathQuery{From: o, To: tg, MaxHops: 6, First: 20}, []string{
			"Organization:o -FACILITATES-> ActionLine:A -LINKS_TO_TARGET-> Target:7.1",
			"Organization:o -RUNS-> Project:p -SERVES_TARGET-> Target:7.1",
			"Organization:o -FACILITATES-> ActionLine:A -LINKS_TO_GOAL-> Goal:7 <-PART_OF_GOAL- Target:7.1",
		}},
		{"too far", PathQuery{From: i, To: o, MaxHops: 2}, nil},
		{"apart", PathQuery{From: ev, To: o, MaxHops: 6}, nil},
		{"unknown end", PathQuery{From: n("Project", "none"), To: o}, nil},
		{"same node", PathQuery{From: g, To: g}, []string{"Goal:7"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := testPaths(t, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestPathsInBudget(t *testing.T) {
	// Balls of radius 2: o reaches 5 nodes (not i), g all 6 of its connected part.
	q := PathQuery{From: o, To: g, MaxHops: 4}
	for _, tc := range []struct {
		budget int
		ok     bool
	}{{11, true}, {10, false}, {5, false}, {4, false}} {
		q.Budget = tc.budget
		_, err := testPaths(t, q)
		if ok := err == nil; ok != tc.ok {
			t.Errorf("budget %d: err = %v, want ok %v", tc.budget, err, tc.ok)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("budget %d: code %s, want %s", tc.budget, ErrorCode(err), EINVALID)
		}
	}
}

func TestWalkBall(t *testing.T) {
	tests := []struct {
		name    string
		start   NodeRef
		expand  int
		allowed func(string) bool
		budget  int
		levels  [][]NodeRef
		edges   int
		over    bool
	}{
		{"no expansion", o, 0, nil, 10, [][]NodeRef{{o}}, 0, false},
		{"one level", o, 1, nil, 10, [][]NodeRef{{o}, {a, p}}, 2, false},
		{"two levels", o, 2, nil, 10, [][]NodeRef{{o}, {a, p}, {g, tg}}, 2 + 3 + 2, false},
		{"types", o, 2, func(typ string) bool { return typ != "ActionLine" }, 10, [][]NodeRef{{o}, {p}, {tg}}, 1 + 2, false},
		{"budget stops after the level that exceeds it", o, 3, nil, 2, [][]NodeRef{{o}, {a, p}}, 2, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := WalkBall(tc.start, tc.expand, tc.allowed, tc.budget, incident)
			if len(b.Levels) != len(tc.levels) {
				t.Fatalf("levels %v, want %v", b.Levels, tc.levels)
			}
			for d := range b.Levels {
				got := slices.SortedFunc(slices.Values(b.Levels[d]), NodeRef.Compare)
				want := slices.SortedFunc(slices.Values(tc.levels[d]), NodeRef.Compare)
				if !slices.Equal(got, want) {
					t.Errorf("level %d: %v, want %v", d, got, want)
				}
			}
			if len(b.Edges) != tc.edges || b.Over != tc.over {
				t.Errorf("%d edges, over %v; want %d, %v", len(b.Edges), b.Over, tc.edges, tc.over)
			}
		})
	}
}

func TestNeighborhoodOf(t *testing.T) {
	edgeStrings := func(h *Neighborhood) []string {
		var out []string
		for _, e := range h.Edges {
			out = append(out, e.From.String()+" "+string(e.Relation)+" "+e.To.String())
		}
		return out
	}
	tests := []struct {
		name      string
		q         NeighborhoodQuery
		nodes     []string
		edges     []string
		truncated bool
	}{
		{"depth 1 leaves out the edge between two nodes at depth 1", NeighborhoodQuery{Center: tg},
			[]string{"Target:7.1", "ActionLine:A", "Goal:7", "Indicator:7.1.1", "Project:p"},
			[]string{"ActionLine:A LINKS_TO_TARGET Target:7.1", "Indicator:7.1.1 MEASURES Target:7.1",
				"Project:p SERVES_TARGET Target:7.1", "Target:7.1 PART_OF_GOAL Goal:7"}, false},
		{"truncated in order", NeighborhoodQuery{Center: tg, First: 3},
			[]string{"Target:7.1", "ActionLine:A", "Goal:7"},
			[]string{"ActionLine:A LINKS_TO_TARGET Target:7.1", "Target:7.1 PART_OF_GOAL Goal:7"}, true},
		{"depth 2 with types", NeighborhoodQuery{Center: i, Depth: 2, Types: []EntityType{EntityTarget, EntityProject}},
			[]string{"Indicator:7.1.1", "Target:7.1", "Project:p"},
			[]string{"Indicator:7.1.1 MEASURES Target:7.1", "Project:p SERVES_TARGET Target:7.1"}, false},
		{"no types: the centre alone", NeighborhoodQuery{Center: g, Types: []EntityType{}},
			[]string{"Goal:7"}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q.Normalize()
			h, err := NeighborhoodOf(q, testBall(q.Center, q.Depth, q.Allows, q.Budget))
			if err != nil {
				t.Fatal(err)
			}
			var nodes []string
			for k, x := range h.Nodes {
				nodes = append(nodes, x.Ref.String())
				if k > 0 && x.Distance < h.Nodes[k-1].Distance {
					t.Errorf("node %s at distance %d after one at %d", x.Ref, x.Distance, h.Nodes[k-1].Distance)
				}
			}
			if !slices.Equal(nodes, tc.nodes) || !slices.Equal(edgeStrings(h), tc.edges) || h.Truncated != tc.truncated {
				t.Errorf("got %q %q %v\nwant %q %q %v", nodes, edgeStrings(h), h.Truncated, tc.nodes, tc.edges, tc.truncated)
			}
		})
	}
	if h, err := NeighborhoodOf(NeighborhoodQuery{Center: o}, nil); h != nil || err != nil {
		t.Errorf("missing centre: got %v, %v; want nil, nil", h, err)
	}
	q := NeighborhoodQuery{Center: o, Depth: 2, Budget: 4}.Normalize()
	if _, err := NeighborhoodOf(q, testBall(o, 2, nil, q.Budget)); ErrorCode(err) != EINVALID {
		t.Errorf("over budget: err %v, want %s", err, EINVALID)
	}
}

func TestWalkQueryValidate(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"path defaults", PathQuery{From: o, To: g}.Validate()},
		{"path bounds", PathQuery{From: o, To: g, MaxHops: MaxMaxHops, First: MaxPathCount}.Validate()},
		{"neighbourhood defaults", NeighborhoodQuery{Center: o}.Validate()},
		{"neighbourhood bounds", NeighborhoodQuery{Center: o, Depth: MaxDepth, First: MaxNeighborhoodSize, Types: EntityTypes}.Validate()},
	}
	for _, tc := range tests {
		if tc.err != nil {
			t.Errorf("%s: %v", tc.name, tc.err)
		}
	}
	bad := []struct {
		name string
		err  error
	}{
		{"maxHops above", PathQuery{From: o, To: g, MaxHops: MaxMaxHops + 1}.Validate()},
		{"maxHops negative", PathQuery{From: o, To: g, MaxHops: -1}.Validate()},
		{"first above", PathQuery{From: o, To: g, First: MaxPathCount + 1}.Validate()},
		{"budget negative", PathQuery{From: o, To: g, Budget: -1}.Validate()},
		{"linkage end", PathQuery{From: n("Linkage", "C2>9.c"), To: g}.Validate()},
		{"unknown type", PathQuery{From: o, To: n("Source", "x")}.Validate()},
		{"depth above", NeighborhoodQuery{Center: o, Depth: MaxDepth + 1}.Validate()},
		{"size above", NeighborhoodQuery{Center: o, First: MaxNeighborhoodSize + 1}.Validate()},
		{"unknown entity type", NeighborhoodQuery{Center: o, Types: []EntityType{"LINKAGE"}}.Validate()},
	}
	for _, tc := range bad {
		if ErrorCode(tc.err) != EINVALID {
			t.Errorf("%s: err %v, want %s", tc.name, tc.err, EINVALID)
		}
	}
}

func TestPathQueryExpand(t *testing.T) {
	for hops, want := range map[int]int{1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3, 0: 2} {
		if got := (PathQuery{From: o, To: g, MaxHops: hops}).Expand(); got != want {
			t.Errorf("maxHops %d: Expand() = %d, want %d", hops, got, want)
		}
	}
	if got := (PathQuery{From: o, To: o}).Expand(); got != 0 {
		t.Errorf("same ends: Expand() = %d, want 0", got)
	}
}

// TestPathsInPaddedLevels: a backend may return empty levels after the last expanded one;
// the answer must not change.
func TestPathsInPaddedLevels(t *testing.T) {
	for _, q := range []PathQuery{
		{From: o, To: g, MaxHops: 2, First: 20},
		{From: i, To: p, MaxHops: 5, First: 20},
		{From: o, To: tg, MaxHops: 6, First: 20},
	} {
		q = q.Normalize()
		from, to := testBall(q.From, q.Expand(), nil, q.Budget), testBall(q.To, q.Expand(), nil, q.Budget)
		want, err := PathsIn(q, from, to)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range []*Ball{from, to} {
			b.Levels = append(b.Levels, []NodeRef{}, []NodeRef{}, []NodeRef{})
		}
		got, err := PathsIn(q, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("%s → %s: %d paths with padded levels, %d without", q.From, q.To, len(got), len(want))
		}
	}
}
