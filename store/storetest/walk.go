package storetest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph"
)

// The walk tests check Paths and Neighborhoods against a brute-force oracle built here from
// the fixture's slices: every simple path up to the hop limit, every node within the depth,
// found by plain enumeration over the relations as docs/paths.md lists them.

// oracle is the walk graph of the expected data as undirected adjacency.
type oracle struct {
	nodes map[wsisgraph.NodeRef]bool
	adj   map[wsisgraph.NodeRef][]oracleArc
}

type oracleArc struct {
	to  wsisgraph.NodeRef
	hop wsisgraph.Hop
}

func ref(typ, key string) wsisgraph.NodeRef { return wsisgraph.NodeRef{Type: typ, Key: key} }

func newOracle(x *suite) *oracle {
	o := &oracle{nodes: map[wsisgraph.NodeRef]bool{}, adj: map[wsisgraph.NodeRef][]oracleArc{}}
	d := x.d
	for _, n := range d.Nodes() {
		o.nodes[wsisgraph.RefOf(n)] = true
	}
	link := func(a wsisgraph.NodeRef, rel wsisgraph.Relation, b wsisgraph.NodeRef) {
		if !o.nodes[a] || !o.nodes[b] {
			return
		}
		for _, arc := range o.adj[a] {
			if arc.to == b && arc.hop.Relation == rel {
				return // listed twice in the data: one edge
			}
		}
		o.adj[a] = append(o.adj[a], oracleArc{b, wsisgraph.Hop{From: a, To: b, Relation: rel, Direction: wsisgraph.Forward}})
		o.adj[b] = append(o.adj[b], oracleArc{a, wsisgraph.Hop{From: b, To: a, Relation: rel, Direction: wsisgraph.Backward}})
	}
	for _, v := range d.ActionLines {
		if v.ParentCode != "" {
			link(ref("ActionLine", v.Code), wsisgraph.RelSubLineOf, ref("ActionLine", v.ParentCode))
		}
		for _, f := range v.Facilitators {
			link(ref("Organization", f.OrganizationKey), wsisgraph.RelFacilitates, ref("ActionLine", v.Code))
		}
	}
	for _, v := range d.Targets {
		link(ref("Target", v.Code), wsisgraph.RelPartOfGoal, ref("Goal", strconv.Itoa(v.GoalNumber)))
	}
	for _, v := range d.Indicators {
		for _, t := range v.TargetCodes {
			link(ref("Indicator", v.Code), wsisgraph.RelMeasures, ref("Target", t))
		}
	}
	for _, v := range d.Linkages {
		if v.Level == wsisgraph.LevelTarget {
			link(ref("ActionLine", v.ActionLineCode), wsisgraph.RelLinksToTarget, ref("Target", v.TargetCode))
		} else {
			link(ref("ActionLine", v.ActionLineCode), wsisgraph.RelLinksToGoal, ref("Goal", strconv.Itoa(v.GoalNumber)))
		}
	}
	for _, v := range d.Projects {
		for _, c := range v.ActionLineCodes {
			link(ref("Project", v.Key), wsisgraph.RelServesActionLine, ref("ActionLine", c))
		}
		for _, t := range v.TargetCodes {
			link(ref("Project", v.Key), wsisgraph.RelServesTarget, ref("Target", t))
		}
		for _, org := range v.OrganizationKeys {
			link(ref("Organization", org), wsisgraph.RelRuns, ref("Project", v.Key))
		}
	}
	for _, v := range d.Prizes {
		if v.ProjectKey != "" {
			link(ref("Prize", v.Key), wsisgraph.RelAwardedTo, ref("Project", v.ProjectKey))
		}
		if c := x.category[v.CategoryNumber]; c != nil {
			link(ref("Prize", v.Key), wsisgraph.RelInCategory, ref("ActionLine", c.ActionLineCode))
		}
		for _, o := range v.OrganizationKeys {
			link(ref("Prize", v.Key), wsisgraph.RelToOrganization, ref("Organization", o))
		}
	}
	for _, v := range d.Events {
		if v.ParentKey != "" {
			link(ref("Event", v.Key), wsisgraph.RelPartOf, ref("Event", v.ParentKey))
		}
	}
	return o
}

// paths returns every simple path from a to b of at most maxHops hops, in answer order.
func (o *oracle) paths(a, b wsisgraph.NodeRef, maxHops int) []wsisgraph.Path {
	if !o.nodes[a] || !o.nodes[b] {
		return []wsisgraph.Path{}
	}
	if a == b {
		return []wsisgraph.Path{{Nodes: []wsisgraph.NodeRef{a}, Hops: []wsisgraph.Hop{}}}
	}
	var out []wsisgraph.Path
	nodes := []wsisgraph.NodeRef{a}
	var hops []wsisgraph.Hop
	var walk func(u wsisgraph.NodeRef)
	walk = func(u wsisgraph.NodeRef) {
		if u == b {
			out = append(out, wsisgraph.Path{Nodes: slices.Clone(nodes), Hops: slices.Clone(hops)})
			return
		}
		if len(hops) == maxHops {
			return
		}
		for _, arc := range o.adj[u] {
			if slices.Contains(nodes, arc.to) {
				continue
			}
			nodes, hops = append(nodes, arc.to), append(hops, arc.hop)
			walk(arc.to)
			nodes, hops = nodes[:len(nodes)-1], hops[:len(hops)-1]
		}
	}
	walk(a)
	slices.SortFunc(out, func(p, q wsisgraph.Path) int {
		if len(p.Hops) != len(q.Hops) {
			return len(p.Hops) - len(q.Hops)
		}
		for i := range p.Nodes {
			if c := strings.Compare(p.Nodes[i].String(), q.Nodes[i].String()); c != 0 {
				return c
			}
		}
		for i := range p.Hops {
			if c := strings.Compare(string(p.Hops[i].Relation), string(q.Hops[i].Relation)); c != 0 {
				return c
			}
		}
		return 0
	})
	return out
}

// distances returns the distance from c of every node within depth hops, walking only into
// nodes whose type allow accepts.
func (o *oracle) distances(c wsisgraph.NodeRef, depth int, allow func(string) bool) map[wsisgraph.NodeRef]int {
	dist := map[wsisgraph.NodeRef]int{c: 0}
	frontier := []wsisgraph.NodeRef{c}
	for d := 1; d <= depth; d++ {
		var next []wsisgraph.NodeRef
		for _, u := range frontier {
			for _, arc := range o.adj[u] {
				if _, ok := dist[arc.to]; ok || !allow(arc.to.Type) {
					continue
				}
				dist[arc.to] = d
				next = append(next, arc.to)
			}
		}
		frontier = next
	}
	return dist
}

// neighborhood returns the expected answer to q, and the number of nodes the walk visits.
func (o *oracle) neighborhood(q wsisgraph.NeighborhoodQuery) (*wsisgraph.Neighborhood, int) {
	q = q.Normalize()
	if !o.nodes[q.Center] {
		return nil, 0
	}
	dist := o.distances(q.Center, q.Depth, q.Allows)
	n := &wsisgraph.Neighborhood{Edges: []wsisgraph.Edge{}}
	for r, d := range dist {
		n.Nodes = append(n.Nodes, wsisgraph.NeighborNode{Ref: r, Distance: d})
	}
	slices.SortFunc(n.Nodes, func(a, b wsisgraph.NeighborNode) int {
		if a.Distance != b.Distance {
			return a.Distance - b.Distance
		}
		return strings.Compare(a.Ref.String(), b.Ref.String())
	})
	if len(n.Nodes) > q.First {
		n.Nodes, n.Truncated = n.Nodes[:q.First], true
	}
	kept := map[wsisgraph.NodeRef]bool{}
	for _, x := range n.Nodes {
		kept[x.Ref] = true
	}
	for u := range kept {
		for _, arc := range o.adj[u] {
			e := arc.hop.Edge()
			if arc.hop.Direction == wsisgraph.Forward && kept[arc.to] && min(dist[u], dist[arc.to]) < q.Depth {
				n.Edges = append(n.Edges, e)
			}
		}
	}
	slices.SortFunc(n.Edges, func(a, b wsisgraph.Edge) int {
		return strings.Compare(a.From.String()+"\x00"+a.To.String()+"\x00"+string(a.Relation),
			b.From.String()+"\x00"+b.To.String()+"\x00"+string(b.Relation))
	})
	return n, len(dist)
}

// visited returns the number of nodes the path search for q visits: those within q.Expand()
// hops of either end, counted once per end.
func (o *oracle) visited(q wsisgraph.PathQuery) int {
	all := func(string) bool { return true }
	return len(o.distances(q.From, q.Expand(), all)) + len(o.distances(q.To, q.Expand(), all))
}

// walkNodes returns a spread of nodes of every type, hubs and leaves, in a fixed order.
func walkNodes() []wsisgraph.NodeRef {
	return []wsisgraph.NodeRef{
		ref("ActionLine", "C7"), ref("ActionLine", "C7.e-health"), ref("ActionLine", "C11"),
		ref("Goal", "1"), ref("Goal", "13"), ref("Target", "1.2"), ref("Target", "4.7"),
		ref("Indicator", "4.7.1"), ref("Indicator", "1.a.2"), ref("Organization", "itu"),
		ref("Organization", "who"), ref("Organization", "emilia-labs"), ref("Project", "telemed-kz"),
		ref("Project", "zz-untitled"), ref("Project", "green-ict-de"), ref("Prize", "2021-10-c"),
		ref("Prize", "2019-18-w"), ref("Event", "wsis-prizes-2020-voting"), ref("Event", "wsis-tunis"),
	}
}

func pathStrings(ps []wsisgraph.Path) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func (x *suite) walks(t *testing.T) {
	o := newOracle(x)
	t.Run("PathsAgainstOracle", func(t *testing.T) { x.pathsAgainstOracle(t, o) })
	t.Run("PathsSpotChecks", x.pathsSpotChecks)
	t.Run("PathsBudget", func(t *testing.T) { x.pathsBudget(t, o) })
	t.Run("NeighborhoodsAgainstOracle", func(t *testing.T) { x.neighborhoodsAgainstOracle(t, o) })
	t.Run("NeighborhoodsSpotChecks", x.neighborhoodsSpotChecks)
	t.Run("WalksInvalid", x.walksInvalid)
	t.Run("WalksContext", x.walksContext)
}

// pathsAgainstOracle asks, in one batch, for the paths between every pair of walkNodes at
// several hop limits and path counts, and compares each answer with the oracle's.
func (x *suite) pathsAgainstOracle(t *testing.T, o *oracle) {
	nodes := walkNodes()
	var qs []wsisgraph.PathQuery
	for i, a := range nodes {
		for j, b := range nodes {
			q := wsisgraph.PathQuery{From: a, To: b}
			switch (i + j) % 4 {
			case 0:
				q.MaxHops, q.First = 2, 20
			case 1:
				q.MaxHops, q.First = 3, 3
			case 2: // defaults: 4 hops, 5 paths
			case 3:
				q.MaxHops, q.First = 5, 1
			}
			qs = append(qs, q)
		}
	}
	qs = append(qs,
		wsisgraph.PathQuery{From: ref("Organization", "undesa"), To: ref("Indicator", "13.b.1"), MaxHops: 6, First: 20},
		wsisgraph.PathQuery{From: ref("Event", "wsis-tunis"), To: ref("Goal", "4"), MaxHops: 6},
		wsisgraph.PathQuery{From: ref("Project", "no-such-project"), To: ref("Goal", "4")},
		wsisgraph.PathQuery{From: ref("Goal", "4"), To: ref("Goal", "99")},
		wsisgraph.PathQuery{From: ref("Goal", "04"), To: ref("Goal", "1")}, // not a goal's key
	)
	got, err := x.s.Paths(bg, qs)
	wantNoErr(t, err)
	if len(got) != len(qs) {
		t.Fatalf("got %d answers for %d queries", len(got), len(qs))
	}
	nonEmpty := 0
	for i, q := range qs {
		nq := q.Normalize()
		all := o.paths(q.From, q.To, nq.MaxHops)
		want := all[:min(len(all), nq.First)]
		if got[i] == nil {
			t.Errorf("%s → %s: nil answer, want an empty or full list", q.From, q.To)
		}
		if g, w := pathStrings(got[i]), pathStrings(want); !slices.Equal(g, w) {
			t.Errorf("%s → %s (maxHops %d, first %d):\n got %q\nwant %q", q.From, q.To, nq.MaxHops, nq.First, g, w)
		}
		if len(want) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < len(qs)/2 {
		t.Errorf("only %d of %d queries have paths: the fixture does not exercise the search", nonEmpty, len(qs))
	}
}

func (x *suite) pathsSpotChecks(t *testing.T) {
	who, t11 := ref("Organization", "who"), ref("Target", "1.1")
	tests := []struct {
		name string
		q    wsisgraph.PathQuery
		want []string
	}{
		{"facilitation and projects, alphabetical among equals", wsisgraph.PathQuery{From: who, To: t11, First: 3}, []string{
			"Organization:who -FACILITATES-> ActionLine:C7.e-health -LINKS_TO_TARGET-> Target:1.1",
			"Organization:who -RUNS-> Project:telemed-ch -SERVES_TARGET-> Target:1.1",
			"Organization:who -RUNS-> Project:telemed-kz -SERVES_TARGET-> Target:1.1",
		}},
		{"backwards", wsisgraph.PathQuery{From: t11, To: who, First: 1}, []string{
			"Target:1.1 <-LINKS_TO_TARGET- ActionLine:C7.e-health <-FACILITATES- Organization:who",
		}},
		{"through a prize's category", wsisgraph.PathQuery{From: ref("Prize", "2022-01-w"), To: ref("Organization", "itu"), MaxHops: 2, First: 20}, []string{
			"Prize:2022-01-w -IN_CATEGORY-> ActionLine:C1 <-FACILITATES- Organization:itu",
			"Prize:2022-01-w -AWARDED_TO-> Project:open-data-ch <-RUNS- Organization:itu",
		}},
		{"goal-level linkage and target of a goal", wsisgraph.PathQuery{From: ref("ActionLine", "C7"), To: ref("Goal", "4"), MaxHops: 2, First: 2}, []string{
			"ActionLine:C7 -LINKS_TO_GOAL-> Goal:4",
			"ActionLine:C7 -LINKS_TO_TARGET-> Target:4.4 -PART_OF_GOAL-> Goal:4",
		}},
		{"one hop only", wsisgraph.PathQuery{From: who, To: t11, MaxHops: 1}, nil},
		{"same node", wsisgraph.PathQuery{From: who, To: who}, []string{"Organization:who"}},
		{"events are apart", wsisgraph.PathQuery{From: ref("Event", "wsis-tunis"), To: ref("Event", "wsis-plus-20"), MaxHops: 6}, nil},
		{"sub-events", wsisgraph.PathQuery{From: ref("Event", "wsis-tunis"), To: ref("Event", "wsis-geneva")}, []string{
			"Event:wsis-tunis -PART_OF-> Event:wsis <-PART_OF- Event:wsis-geneva",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := x.s.Paths(bg, []wsisgraph.PathQuery{tc.q})
			wantNoErr(t, err)
			if g := pathStrings(got[0]); !slices.Equal(g, tc.want) {
				t.Errorf("got  %q\nwant %q", g, tc.want)
			}
			for _, p := range got[0] {
				if len(p.Nodes) != len(p.Hops)+1 {
					t.Errorf("%s: %d nodes for %d hops", p, len(p.Nodes), len(p.Hops))
				}
				for i, h := range p.Hops {
					if h.From != p.Nodes[i] || h.To != p.Nodes[i+1] {
						t.Errorf("%s: hop %d goes %s → %s", p, i, h.From, h.To)
					}
				}
			}
		})
	}
}

// pathsBudget checks that a search may visit exactly its budget and fails one node below.
func (x *suite) pathsBudget(t *testing.T, o *oracle) {
	for _, q := range []wsisgraph.PathQuery{
		{From: ref("Organization", "itu"), To: ref("Target", "13.b"), MaxHops: 4},
		{From: ref("Goal", "1"), To: ref("Event", "wsis"), MaxHops: 6},
		{From: ref("Prize", "2019-10-w"), To: ref("Indicator", "1.2.1"), MaxHops: 1},
	} {
		n := o.visited(q.Normalize())
		t.Run(q.From.String()+"-"+q.To.String(), func(t *testing.T) {
			q.Budget = n
			got, err := x.s.Paths(bg, []wsisgraph.PathQuery{q})
			wantNoErr(t, err)
			all := o.paths(q.From, q.To, q.Normalize().MaxHops)
			if want := all[:min(len(all), q.Normalize().First)]; !slices.Equal(pathStrings(got[0]), pathStrings(want)) {
				t.Errorf("budget %d: got %q, want %q", n, pathStrings(got[0]), pathStrings(want))
			}
			q.Budget = n - 1
			_, err = x.s.Paths(bg, []wsisgraph.PathQuery{q})
			wantCode(t, err, wsisgraph.EINVALID)
		})
	}
	t.Run("same node needs no search", func(t *testing.T) {
		q := wsisgraph.PathQuery{From: ref("Goal", "1"), To: ref("Goal", "1"), Budget: 1}
		got, err := x.s.Paths(bg, []wsisgraph.PathQuery{q})
		wantNoErr(t, err)
		if len(got[0]) != 1 || got[0][0].Length() != 0 {
			t.Errorf("got %q, want the path of length 0", pathStrings(got[0]))
		}
	})
}

func (x *suite) neighborhoodsAgainstOracle(t *testing.T, o *oracle) {
	var qs []wsisgraph.NeighborhoodQuery
	typeSets := [][]wsisgraph.EntityType{
		nil,
		{wsisgraph.EntityProject, wsisgraph.EntityOrganization},
		{wsisgraph.EntityTarget, wsisgraph.EntityGoal, wsisgraph.EntityIndicator},
		{},
	}
	for i, c := range walkNodes() {
		for depth := 1; depth <= wsisgraph.MaxDepth; depth++ {
			qs = append(qs, wsisgraph.NeighborhoodQuery{Center: c, Depth: depth, Types: typeSets[(i+depth)%len(typeSets)]})
		}
		qs = append(qs, wsisgraph.NeighborhoodQuery{Center: c, Depth: 2, First: 1 + i%7})
	}
	qs = append(qs, wsisgraph.NeighborhoodQuery{Center: ref("Organization", "nobody")})
	got, err := x.s.Neighborhoods(bg, qs)
	wantNoErr(t, err)
	if len(got) != len(qs) {
		t.Fatalf("got %d answers for %d queries", len(got), len(qs))
	}
	truncated := 0
	for i, q := range qs {
		want, _ := o.neighborhood(q)
		if js(got[i]) != js(want) {
			t.Errorf("%s depth %d types %v first %d:\n got %s\nwant %s", q.Center, q.Depth, q.Types, q.First, js(got[i]), js(want))
		}
		if want != nil && want.Truncated {
			truncated++
		}
	}
	if truncated == 0 {
		t.Error("no neighbourhood was truncated: the cases do not exercise truncation")
	}
}

func (x *suite) neighborhoodsSpotChecks(t *testing.T) {
	forum := ref("Event", "wsis-forum-2020")
	got, err := x.s.Neighborhoods(bg, []wsisgraph.NeighborhoodQuery{
		{Center: forum},
		{Center: forum, First: 3},
		{Center: ref("Target", "1.1"), Types: []wsisgraph.EntityType{wsisgraph.EntityOrganization}},
	})
	wantNoErr(t, err)
	parts := []string{"wsis-forum-2020-consultation", "wsis-forum-2020-opening", "wsis-prizes-2020-nominations", "wsis-prizes-2020-voting"}
	wantNodes := []string{"Event:wsis-forum-2020"}
	var wantEdges []string
	for _, p := range parts {
		wantNodes = append(wantNodes, "Event:"+p)
		wantEdges = append(wantEdges, "Event:"+p+" PART_OF Event:wsis-forum-2020")
	}
	nodes := func(n *wsisgraph.Neighborhood) []string {
		var out []string
		for _, x := range n.Nodes {
			out = append(out, x.Ref.String())
		}
		return out
	}
	edges := func(n *wsisgraph.Neighborhood) []string {
		var out []string
		for _, e := range n.Edges {
			out = append(out, e.From.String()+" "+string(e.Relation)+" "+e.To.String())
		}
		return out
	}
	if !slices.Equal(nodes(got[0]), wantNodes) || !slices.Equal(edges(got[0]), wantEdges) || got[0].Truncated {
		t.Errorf("forum parts: got %q %q truncated %v, want %q %q", nodes(got[0]), edges(got[0]), got[0].Truncated, wantNodes, wantEdges)
	}
	if !slices.Equal(nodes(got[1]), wantNodes[:3]) || !slices.Equal(edges(got[1]), wantEdges[:2]) || !got[1].Truncated {
		t.Errorf("first 3: got %q %q truncated %v, want %q %q", nodes(got[1]), edges(got[1]), got[1].Truncated, wantNodes[:3], wantEdges[:2])
	}
	if got := nodes(got[2]); !slices.Equal(got, []string{"Target:1.1"}) {
		t.Errorf("organisations next to a target: got %q, want the target alone", got)
	}
}

func (x *suite) walksInvalid(t *testing.T) {
	ok := wsisgraph.PathQuery{From: ref("Goal", "1"), To: ref("Goal", "4")}
	paths := []struct {
		name string
		q    wsisgraph.PathQuery
	}{
		{"maxHops 7", wsisgraph.PathQuery{From: ok.From, To: ok.To, MaxHops: 7}},
		{"maxHops -1", wsisgraph.PathQuery{From: ok.From, To: ok.To, MaxHops: -1}},
		{"first 21", wsisgraph.PathQuery{From: ok.From, To: ok.To, First: 21}},
		{"linkage end", wsisgraph.PathQuery{From: ref("Linkage", "C2>1.a"), To: ok.To}},
		{"unknown type", wsisgraph.PathQuery{From: ok.From, To: ref("Country", "KZ")}},
		{"empty key", wsisgraph.PathQuery{From: ok.From, To: ref("Goal", "")}},
	}
	for _, tc := range paths {
		t.Run("paths "+tc.name, func(t *testing.T) {
			_, err := x.s.Paths(bg, []wsisgraph.PathQuery{ok, tc.q})
			wantCode(t, err, wsisgraph.EINVALID)
		})
	}
	okN := wsisgraph.NeighborhoodQuery{Center: ref("Goal", "1")}
	hoods := []struct {
		name string
		q    wsisgraph.NeighborhoodQuery
	}{
		{"depth 4", wsisgraph.NeighborhoodQuery{Center: okN.Center, Depth: 4}},
		{"first 1001", wsisgraph.NeighborhoodQuery{Center: okN.Center, First: 1001}},
		{"unknown type", wsisgraph.NeighborhoodQuery{Center: okN.Center, Types: []wsisgraph.EntityType{"LINKAGE"}}},
		{"linkage centre", wsisgraph.NeighborhoodQuery{Center: ref("Linkage", "C2>1.a")}},
		{"over budget", wsisgraph.NeighborhoodQuery{Center: okN.Center, Depth: 2, Budget: 3}},
	}
	for _, tc := range hoods {
		t.Run("neighborhoods "+tc.name, func(t *testing.T) {
			_, err := x.s.Neighborhoods(bg, []wsisgraph.NeighborhoodQuery{okN, tc.q})
			wantCode(t, err, wsisgraph.EINVALID)
		})
	}
	for _, call := range []func() error{
		func() error { _, err := x.s.Paths(bg, nil); return err },
		func() error { _, err := x.s.Neighborhoods(bg, nil); return err },
	} {
		wantNoErr(t, call())
	}
}

func (x *suite) walksContext(t *testing.T) {
	canceled, cancel := context.WithCancel(bg)
	cancel()
	expired, cancel2 := context.WithDeadline(bg, time.Now().Add(-time.Second))
	defer cancel2()
	calls := map[string]func(context.Context) error{
		"Paths": func(ctx context.Context) error {
			_, err := x.s.Paths(ctx, []wsisgraph.PathQuery{{From: ref("Goal", "1"), To: ref("Goal", "4")}})
			return err
		},
		"Neighborhoods": func(ctx context.Context) error {
			_, err := x.s.Neighborhoods(ctx, []wsisgraph.NeighborhoodQuery{{Center: ref("Goal", "1")}})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			if err := call(canceled); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled context: err = %v, want context.Canceled", err)
			}
			wantCode(t, call(expired), wsisgraph.ETIMEOUT)
		})
	}
}
