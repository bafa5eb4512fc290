package wsisgraph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// This file fixes the walk graph — the graph that Store.Paths and Store.Neighborhoods walk —
// and the semantics of both methods. A backend only collects Balls (breadth-first walks
// from one node, bounded by a budget); PathsIn and NeighborhoodOf turn Balls into answers, so
// that every backend gives the same answer for the same dataset. docs/paths.md describes the
// model for users.
//
// The walk graph's nodes are the entities with a global id except linkages: action lines,
// goals, targets, indicators, organisations, projects, prizes and events. A matrix linkage is
// an edge (LINKS_TO_TARGET or LINKS_TO_GOAL) between its action line and its target or goal,
// and a prize's category is an edge (IN_CATEGORY) to the category's action line. There is at
// most one edge between two nodes. Walks ignore the direction of edges; a Hop says whether it
// follows its relation's direction.

// Relation names the kind of an edge of the walk graph. The comment of each gives its
// subject → object, the direction of an Edge.
type Relation string

// The relations.
const (
	RelSubLineOf        Relation = "SUB_LINE_OF"        // ActionLine → its parent ActionLine
	RelFacilitates      Relation = "FACILITATES"        // Organization → ActionLine
	RelPartOfGoal       Relation = "PART_OF_GOAL"       // Target → Goal
	RelMeasures         Relation = "MEASURES"           // Indicator → Target
	RelLinksToTarget    Relation = "LINKS_TO_TARGET"    // ActionLine → Target: a target-level linkage
	RelLinksToGoal      Relation = "LINKS_TO_GOAL"      // ActionLine → Goal: a goal-level linkage
	RelServesActionLine Relation = "SERVES_ACTION_LINE" // Project → ActionLine
	RelServesTarget     Relation = "SERVES_TARGET"      // Project → Target
	RelRuns             Relation = "RUNS"               // Organization → Project
	RelAwardedTo        Relation = "AWARDED_TO"         // Prize → Project
	RelInCategory       Relation = "IN_CATEGORY"        // Prize → the ActionLine of its category
	RelToOrganization   Relation = "TO_ORGANIZATION"    // Prize → Organization
	RelPartOf           Relation = "PART_OF"            // Event → its parent Event
)

// Relations lists every relation in a stable order.
var Relations = []Relation{
	RelSubLineOf, RelFacilitates, RelPartOfGoal, RelMeasures, RelLinksToTarget, RelLinksToGoal,
	RelServesActionLine, RelServesTarget, RelRuns, RelAwardedTo, RelInCategory,
	RelToOrganization, RelPartOf,
}

// EntityType is a type of walk-graph node, as the GraphQL enum NodeType names it.
type EntityType string

// EntityTypes lists every entity type in the order of Kinds.
var EntityTypes = kindTypes[EntityType]()

// TypeName returns the GraphQL type name of t ("ActionLine"), or "" for an unknown type.
func (t EntityType) TypeName() string {
	k, _ := KindOf(t)
	return k.Name
}

// EntityTypeOf returns the entity type of a GraphQL type name; false when the type is not a
// node of the walk graph (Linkage, or unknown).
func EntityTypeOf(typeName string) (EntityType, bool) {
	k, ok := KindNamed(typeName)
	return k.Type, ok && k.Type != ""
}

// NodeRef identifies a node of the walk graph: its GraphQL type name (Node.NodeType) and key
// (Node.NodeKey). Its String form is the decoded global id, "Target:9.c".
type NodeRef struct {
	Type string
	Key  string
}

// RefOf returns the NodeRef of n.
func RefOf(n Node) NodeRef { return NodeRef{Type: n.NodeType(), Key: n.NodeKey()} }

// String returns "Type:key".
func (r NodeRef) String() string { return r.Type + ":" + r.Key }

// Compare orders refs by their String forms, byte by byte. It returns -1, 0 or +1.
func (r NodeRef) Compare(o NodeRef) int {
	if r.Type == o.Type {
		return strings.Compare(r.Key, o.Key)
	}
	// The forms differ within "Type:" of the shorter type name, or at its ':'.
	n := min(len(r.Type), len(o.Type))
	if c := strings.Compare(r.Type[:n], o.Type[:n]); c != 0 {
		return c
	}
	x, y := byte(':'), byte(':')
	if len(r.Type) > n {
		x = r.Type[n]
	} else {
		y = o.Type[n]
	}
	return cmp.Compare(x, y)
}

// Edge is an edge of the walk graph in its relation's direction: From is the subject.
type Edge struct {
	From     NodeRef
	To       NodeRef
	Relation Relation
}

// Other returns the end of e that is not n (From when n is neither).
func (e Edge) Other(n NodeRef) NodeRef {
	if e.From == n {
		return e.To
	}
	return e.From
}

// compare orders edges by (From, To, Relation).
func (e Edge) compare(o Edge) int {
	if c := e.From.Compare(o.From); c != 0 {
		return c
	}
	if c := e.To.Compare(o.To); c != 0 {
		return c
	}
	return strings.Compare(string(e.Relation), string(o.Relation))
}

// HopDirection tells whether a hop follows its relation's direction.
type HopDirection string

// The hop directions.
const (
	Forward  HopDirection = "FORWARD"  // the hop goes from the relation's subject to its object
	Backward HopDirection = "BACKWARD" // the hop goes from the relation's object to its subject
)

// Hop is one step of a Path, From → To in the path's direction.
type Hop struct {
	From      NodeRef
	To        NodeRef
	Relation  Relation
	Direction HopDirection
}

// Edge returns the edge the hop walks, in its relation's direction.
func (h Hop) Edge() Edge {
	if h.Direction == Backward {
		return Edge{From: h.To, To: h.From, Relation: h.Relation}
	}
	return Edge{From: h.From, To: h.To, Relation: h.Relation}
}

// Path is a simple path of the walk graph (no node twice): Nodes[0] is its start, Hops[i]
// goes from Nodes[i] to Nodes[i+1].
type Path struct {
	Nodes []NodeRef
	Hops  []Hop
}

// Length returns the number of hops.
func (p Path) Length() int { return len(p.Hops) }

// Bounds of Paths and Neighborhoods.
const (
	DefaultMaxHops          = 4
	MaxMaxHops              = 6
	DefaultPathCount        = 5
	MaxPathCount            = 20
	DefaultDepth            = 1
	MaxDepth                = 3
	DefaultNeighborhoodSize = 200
	MaxNeighborhoodSize     = 1000
	// MaxVisited is the default budget of a walk: the distinct nodes its Balls may hold.
	MaxVisited = 50_000
	// MaxPathSteps bounds the neighbours a path search examines once the Balls are collected.
	MaxPathSteps = 1_000_000
)

// PathQuery asks for the shortest simple paths between two nodes.
//
// The answer is the First paths of at most MaxHops hops from From to To, in the order
// (length, then the sequence of the nodes' String forms compared element by element). From ==
// To is answered by the one path of length 0. The search collects the Ball of radius Expand()
// around each end; when the two Balls hold more than Budget nodes in all, it fails with
// EINVALID.
type PathQuery struct {
	From    NodeRef
	To      NodeRef
	MaxHops int // 1…MaxMaxHops; 0 means DefaultMaxHops
	First   int // 1…MaxPathCount; 0 means DefaultPathCount
	Budget  int // nodes the Balls may hold in all; 0 means MaxVisited
}

// Normalize returns q with zero bounds set to their defaults.
func (q PathQuery) Normalize() PathQuery {
	if q.MaxHops == 0 {
		q.MaxHops = DefaultMaxHops
	}
	if q.First == 0 {
		q.First = DefaultPathCount
	}
	if q.Budget == 0 {
		q.Budget = MaxVisited
	}
	return q
}

// Validate reports an EINVALID error when q, once normalized, has a bound out of range or an
// end that is not a walk-graph node type.
func (q PathQuery) Validate() error {
	q = q.Normalize()
	if q.MaxHops < 1 || q.MaxHops > MaxMaxHops {
		return Errorf(EINVALID, "maxHops must be between 1 and %d, got %d", MaxMaxHops, q.MaxHops)
	}
	if q.First < 1 || q.First > MaxPathCount {
		return Errorf(EINVALID, "first must be between 1 and %d, got %d", MaxPathCount, q.First)
	}
	if q.Budget < 1 {
		return Errorf(EINVALID, "the visit budget must be positive, got %d", q.Budget)
	}
	if err := validateEnd("from", q.From); err != nil {
		return err
	}
	return validateEnd("to", q.To)
}

// Expand returns the number of levels the search expands around each end: ⌊(MaxHops+1)/2⌋,
// so that every edge of a path of at most MaxHops hops touches a node within Expand()-1 hops
// of one of its ends. It is 0 when From == To.
func (q PathQuery) Expand() int {
	q = q.Normalize()
	if q.From == q.To {
		return 0
	}
	return (q.MaxHops + 1) / 2
}

// NeighborhoodQuery asks for the nodes and edges around a node.
//
// The walk starts at Center and enters only nodes of Types (every type when Types is nil; the
// centre is kept whatever its type). The answer holds the nodes within Depth hops, ordered by
// (distance, String form), the first First of them, and the edges between two kept nodes that
// touch a node closer than Depth (an edge between two nodes both at distance Depth is left
// out). It is the Ball of radius Depth; when it holds more than Budget nodes the call fails
// with EINVALID.
type NeighborhoodQuery struct {
	Center NodeRef
	Depth  int          // 1…MaxDepth; 0 means DefaultDepth
	Types  []EntityType // nil: every type
	First  int          // 1…MaxNeighborhoodSize; 0 means DefaultNeighborhoodSize
	Budget int          // nodes the Ball may hold; 0 means MaxVisited
}

// Normalize returns q with zero bounds set to their defaults.
func (q NeighborhoodQuery) Normalize() NeighborhoodQuery {
	if q.Depth == 0 {
		q.Depth = DefaultDepth
	}
	if q.First == 0 {
		q.First = DefaultNeighborhoodSize
	}
	if q.Budget == 0 {
		q.Budget = MaxVisited
	}
	return q
}

// Validate reports an EINVALID error when q, once normalized, has a bound out of range, an
// unknown type, or a centre that is not a walk-graph node type.
func (q NeighborhoodQuery) Validate() error {
	q = q.Normalize()
	if q.Depth < 1 || q.Depth > MaxDepth {
		return Errorf(EINVALID, "depth must be between 1 and %d, got %d", MaxDepth, q.Depth)
	}
	if q.First < 1 || q.First > MaxNeighborhoodSize {
		return Errorf(EINVALID, "first must be between 1 and %d, got %d", MaxNeighborhoodSize, q.First)
	}
	if q.Budget < 1 {
		return Errorf(EINVALID, "the visit budget must be positive, got %d", q.Budget)
	}
	for _, t := range q.Types {
		if t.TypeName() == "" {
			return Errorf(EINVALID, "unknown node type %q: allowed are %s", t, joinTypes())
		}
	}
	return validateEnd("id", q.Center)
}

// TypeNames returns the GraphQL type names the walk may enter, or nil for every type.
func (q NeighborhoodQuery) TypeNames() []string {
	if q.Types == nil {
		return nil
	}
	out := make([]string, 0, len(q.Types))
	for _, t := range q.Types {
		if n := t.TypeName(); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// Allows reports whether the walk may enter a node of the GraphQL type typeName.
func (q NeighborhoodQuery) Allows(typeName string) bool {
	if q.Types == nil {
		return true
	}
	for _, t := range q.Types {
		if t.TypeName() == typeName {
			return true
		}
	}
	return false
}

func validateEnd(arg string, r NodeRef) error {
	if r.Type == KindLinkage {
		return Errorf(EINVALID, "%s: a linkage is an edge of the walk graph, not a node: use its action line, target or goal", arg)
	}
	if _, ok := EntityTypeOf(r.Type); !ok || r.Key == "" {
		return Errorf(EINVALID, "%s: %q is not a node of the walk graph: allowed types are %s", arg, r.String(), joinTypes())
	}
	return nil
}

func joinTypes() string {
	names := make([]string, len(EntityTypes))
	for i, t := range EntityTypes {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// NeighborNode is a node of a Neighborhood with its distance from the centre.
type NeighborNode struct {
	Ref      NodeRef
	Distance int
}

// Neighborhood is the answer to a NeighborhoodQuery.
type Neighborhood struct {
	Nodes     []NeighborNode // by (Distance, Ref); Nodes[0] is the centre
	Edges     []Edge         // by (From, To, Relation), each once
	Truncated bool           // more nodes were within Depth than First
}

// Ball is a breadth-first walk from one node, as a backend collects it.
//
// Levels[0] holds the start only; Levels[i+1] holds the nodes first reached from Levels[i]
// (any order, each node once in all levels); empty levels may follow the last expanded one.
// Edges holds every edge between a node of an expanded level and a node the walk may enter,
// in any order, repeats allowed. The walk expands levels 0, 1, … in turn; after adding a
// level it stops, with Over set, when the levels hold more nodes than the budget. WalkBall
// is the reference implementation.
type Ball struct {
	Levels [][]NodeRef
	Edges  []Edge
	Over   bool
}

// Visited returns the number of nodes in the levels.
func (b *Ball) Visited() int {
	n := 0
	for _, l := range b.Levels {
		n += len(l)
	}
	return n
}

// WalkBall walks from start, expanding up to expand levels, entering only nodes whose type
// allowed accepts (nil accepts every type), and stopping once more than budget nodes are
// visited. incident returns every edge that touches a node.
func WalkBall(start NodeRef, expand int, allowed func(typeName string) bool, budget int, incident func(NodeRef) []Edge) *Ball {
	b := &Ball{Levels: [][]NodeRef{{start}}}
	seen := map[NodeRef]bool{start: true}
	visited := 1
	for i := 0; i < expand; i++ {
		next := []NodeRef{}
		degrees := 0
		for _, x := range b.Levels[i] {
			degrees += len(incident(x))
		}
		b.Edges = slices.Grow(b.Edges, degrees)
		for _, x := range b.Levels[i] {
			for _, e := range incident(x) {
				y := e.Other(x)
				if allowed != nil && !allowed(y.Type) {
					continue
				}
				b.Edges = append(b.Edges, e)
				if !seen[y] {
					seen[y] = true
					next = append(next, y)
				}
			}
		}
		b.Levels = append(b.Levels, next)
		visited += len(next)
		if visited > budget {
			b.Over = true
			return b
		}
	}
	return b
}

// NeighborhoodOf answers q from the Ball of radius q.Depth around q.Center, collected with
// q.Allows; a nil ball means the centre does not exist and gives a nil Neighborhood.
func NeighborhoodOf(q NeighborhoodQuery, ball *Ball) (*Neighborhood, error) {
	q = q.Normalize()
	if ball == nil {
		return nil, nil
	}
	if ball.Over {
		return nil, Errorf(EINVALID, "the neighborhood of %s would visit more than %d nodes: lower depth or narrow types", q.Center, q.Budget)
	}
	var nodes []NeighborNode
	for d, level := range ball.Levels {
		for _, r := range level {
			nodes = append(nodes, NeighborNode{Ref: r, Distance: d})
		}
	}
	slices.SortFunc(nodes, func(a, b NeighborNode) int {
		if a.Distance != b.Distance {
			return cmp.Compare(a.Distance, b.Distance)
		}
		return a.Ref.Compare(b.Ref)
	})
	n := &Neighborhood{Nodes: nodes, Edges: []Edge{}}
	if len(nodes) > q.First {
		n.Nodes, n.Truncated = nodes[:q.First:q.First], true
	}
	kept := make(map[NodeRef]bool, len(n.Nodes))
	for _, x := range n.Nodes {
		kept[x.Ref] = true
	}
	for _, e := range ball.Edges {
		if kept[e.From] && kept[e.To] {
			n.Edges = append(n.Edges, e)
		}
	}
	slices.SortFunc(n.Edges, Edge.compare)
	n.Edges = slices.Compact(n.Edges)
	return n, nil
}

// PathsIn answers q from the Balls of radius q.Expand() around its ends; a nil ball means that
// end does not exist, and gives no paths. The answer is never nil.
//
// Every edge of a path of at most MaxHops hops touches a node of one of the expanded levels,
// so the union of the Balls' edges holds every such path: the search runs on that subgraph.
func PathsIn(q PathQuery, from, to *Ball) ([]Path, error) {
	q = q.Normalize()
	if from == nil || to == nil {
		return []Path{}, nil
	}
	if q.From == q.To {
		return []Path{{Nodes: []NodeRef{q.From}, Hops: []Hop{}}}, nil
	}
	if from.Over || to.Over || from.Visited()+to.Visited() > q.Budget {
		return nil, Errorf(EINVALID, "the path search between %s and %s would visit more than %d nodes: lower maxHops (it visits the nodes within %d hops of either end)", q.From, q.To, q.Budget, q.Expand())
	}
	g := newSubgraph(pathEdges(q.MaxHops, q.Expand(), from, to))
	s, sok := g.id[q.From]
	t, tok := g.id[q.To]
	if !sok || !tok {
		return []Path{}, nil
	}
	return g.paths(s, t, q)
}

// pathEdges returns the edges of the Balls (of radius expand) whose both ends may lie on a
// path of at most maxHops hops: a node v does when dist(from, v) + dist(to, v) <= maxHops. A
// Ball gives the exact distance of its nodes; any other node is farther than expand.
func pathEdges(maxHops, expand int, from, to *Ball) []Edge {
	distFrom, distTo := levelsOf(from), levelsOf(to)
	fits := func(v NodeRef) bool {
		a, ok := distFrom[v]
		if !ok {
			a = expand + 1
		}
		b, ok := distTo[v]
		if !ok {
			b = expand + 1
		}
		return a+b <= maxHops
	}
	keep := make([]bool, len(from.Edges)+len(to.Edges))
	edge := func(i int) Edge {
		if i < len(from.Edges) {
			return from.Edges[i]
		}
		return to.Edges[i-len(from.Edges)]
	}
	n := 0
	for i := range keep {
		e := edge(i)
		if keep[i] = fits(e.From) && fits(e.To); keep[i] {
			n++
		}
	}
	out := make([]Edge, 0, n)
	for i, k := range keep {
		if k {
			out = append(out, edge(i))
		}
	}
	return out
}

// levelsOf maps each node of b to its distance from b's start.
func levelsOf(b *Ball) map[NodeRef]int {
	m := make(map[NodeRef]int, b.Visited())
	for d, l := range b.Levels {
		for _, r := range l {
			m[r] = d
		}
	}
	return m
}

// subgraph is an undirected graph over the edges of two Balls, nodes numbered in Compare
// order so that neighbour lists sorted by number are sorted by ref.
type subgraph struct {
	refs []NodeRef
	id   map[NodeRef]int
	adj  [][]arc
	dist []int // hops to the search's target; -1 when unreachable
	// viable[u][k] caches the neighbours of u within k hops of the target.
	viable []map[int][]arc
}

// arc is an edge seen from one of its ends.
type arc struct {
	to   int
	rel  Relation
	back bool // the arc runs against the relation
}

func newSubgraph(edges []Edge) *subgraph {
	g := &subgraph{id: map[NodeRef]int{}}
	for _, e := range edges {
		for _, r := range []NodeRef{e.From, e.To} {
			if _, ok := g.id[r]; !ok {
				g.id[r] = 0
				g.refs = append(g.refs, r)
			}
		}
	}
	slices.SortFunc(g.refs, NodeRef.Compare)
	for i, r := range g.refs {
		g.id[r] = i
	}
	g.adj = make([][]arc, len(g.refs))
	for _, e := range edges {
		a, b := g.id[e.From], g.id[e.To]
		g.adj[a] = append(g.adj[a], arc{to: b, rel: e.Relation})
		g.adj[b] = append(g.adj[b], arc{to: a, rel: e.Relation, back: true})
	}
	for i, as := range g.adj {
		slices.SortFunc(as, func(x, y arc) int {
			if x.to != y.to {
				return cmp.Compare(x.to, y.to)
			}
			if c := strings.Compare(string(x.rel), string(y.rel)); c != 0 {
				return c
			}
			switch {
			case x.back == y.back:
				return 0
			case !x.back:
				return -1
			}
			return 1
		})
		g.adj[i] = slices.Compact(as)
	}
	return g
}

// paths enumerates, for each length from the shortest up to q.MaxHops, the simple paths from
// s to t of that length in lexicographic order of their node sequences, until q.First are
// found. A prefix is extended only through neighbours from which t is still reachable within
// the hops left, so shortest paths are found without dead ends.
func (g *subgraph) paths(s, t int, q PathQuery) ([]Path, error) {
	g.dist = make([]int, len(g.refs))
	for i := range g.dist {
		g.dist[i] = -1
	}
	g.dist[t] = 0
	queue := []int{t}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, a := range g.adj[u] {
			if g.dist[a.to] < 0 {
				g.dist[a.to] = g.dist[u] + 1
				queue = append(queue, a.to)
			}
		}
	}
	out := []Path{}
	if g.dist[s] < 0 || g.dist[s] > q.MaxHops {
		return out, nil
	}
	g.viable = make([]map[int][]arc, len(g.refs))
	onPath := make([]bool, len(g.refs))
	stack := []arc{}
	steps := 0
	var errSteps error
	var dfs func(u, left int)
	dfs = func(u, left int) {
		for _, a := range g.within(u, left-1) {
			if len(out) >= q.First || errSteps != nil {
				return
			}
			if steps++; steps > MaxPathSteps {
				errSteps = Errorf(EINVALID, "the path search between %s and %s took more than %d steps: lower maxHops or first", q.From, q.To, MaxPathSteps)
				return
			}
			if onPath[a.to] {
				continue
			}
			stack = append(stack, a)
			if a.to == t {
				if left == 1 {
					out = append(out, g.path(s, stack))
				}
			} else {
				onPath[a.to] = true
				dfs(a.to, left-1)
				onPath[a.to] = false
			}
			stack = stack[:len(stack)-1]
		}
	}
	onPath[s] = true
	for length := g.dist[s]; length <= q.MaxHops && len(out) < q.First && errSteps == nil; length++ {
		dfs(s, length)
	}
	if errSteps != nil {
		return nil, errSteps
	}
	return out, nil
}

// within returns the neighbours of u at most k hops from the target, in ref order.
func (g *subgraph) within(u, k int) []arc {
	if k < 0 {
		return nil
	}
	if g.viable[u] == nil {
		g.viable[u] = map[int][]arc{}
	}
	if as, ok := g.viable[u][k]; ok {
		return as
	}
	var as []arc
	for _, a := range g.adj[u] {
		if d := g.dist[a.to]; d >= 0 && d <= k {
			as = append(as, a)
		}
	}
	g.viable[u][k] = as
	return as
}

func (g *subgraph) path(s int, arcs []arc) Path {
	p := Path{Nodes: make([]NodeRef, 0, len(arcs)+1), Hops: make([]Hop, 0, len(arcs))}
	p.Nodes = append(p.Nodes, g.refs[s])
	u := s
	for _, a := range arcs {
		dir := Forward
		if a.back {
			dir = Backward
		}
		p.Hops = append(p.Hops, Hop{From: g.refs[u], To: g.refs[a.to], Relation: a.rel, Direction: dir})
		p.Nodes = append(p.Nodes, g.refs[a.to])
		u = a.to
	}
	return p
}

// String returns the path as "A:x -REL-> B:y <-REL- C:z", for messages and tests.
func (p Path) String() string {
	var b strings.Builder
	for i, n := range p.Nodes {
		if i > 0 {
			h := p.Hops[i-1]
			if h.Direction == Backward {
				fmt.Fprintf(&b, " <-%s- ", h.Relation)
			} else {
				fmt.Fprintf(&b, " -%s-> ", h.Relation)
			}
		}
		b.WriteString(n.String())
	}
	return b.String()
}
