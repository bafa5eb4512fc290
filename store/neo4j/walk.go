package neo4j

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/wsisgraph/wsisgraph"
)

// The walk graph (see wsisgraph.Relation) over the stored graph: a relationship of
// walkRelTypes is one edge; a matrix linkage is the edge ActionLine–LINKS_TO_TARGET–Target
// (HAS_LINKAGE, TO_TARGET) or, for a goal-level linkage (no target property),
// ActionLine–LINKS_TO_GOAL–Goal (HAS_LINKAGE, TO_GOAL); a prize's category is the edge
// Prize–IN_CATEGORY–ActionLine (IN_CATEGORY, FOR_ACTION_LINE). Countries, sources, linkages
// and prize categories are not nodes of the walk graph.
//
// Paths and Neighborhoods send one statement, cypherBalls, that collects the Ball (see
// wsisgraph.Ball) around every start at once; the answers are computed from the Balls in Go
// by wsisgraph.PathsIn and wsisgraph.NeighborhoodOf, as the memory store does.

// walkLabels are the labels of walk-graph nodes: the names of the kinds with an entity type.
var walkLabels = func() []string {
	var out []string
	for _, k := range wsisgraph.Kinds {
		if k.Type != "" {
			out = append(out, k.Name)
		}
	}
	return out
}()

// walkRelTypes maps the relationship types that are walk-graph edges by themselves to their
// relation.
var walkRelTypes = map[string]wsisgraph.Relation{
	relSubLineOf:        wsisgraph.RelSubLineOf,
	relFacilitates:      wsisgraph.RelFacilitates,
	relOfGoal:           wsisgraph.RelPartOfGoal,
	relMeasures:         wsisgraph.RelMeasures,
	relServesActionLine: wsisgraph.RelServesActionLine,
	relServesTarget:     wsisgraph.RelServesTarget,
	relRuns:             wsisgraph.RelRuns,
	relAwardedTo:        wsisgraph.RelAwardedTo,
	relToOrganization:   wsisgraph.RelToOrganization,
	relPartOf:           wsisgraph.RelPartOf,
}

// walkLevels is the number of levels cypherBalls can expand: the largest
// PathQuery.Expand() and NeighborhoodQuery.Depth.
const walkLevels = 3

// cypherWalkStep returns, for a bound node x, one row (rel, fwd, y) per walk-graph edge
// between x and a node y: rel is a key of walkRelTypes or a wsisgraph relation, fwd tells
// whether x is the relation's subject.
//
// It is one quantified path pattern of one or two relationships: a second one only leaves a
// linkage or a prize category (pass-through nodes), and y is never one. Two relationships
// make an edge when they are HAS_LINKAGE and TO_TARGET, HAS_LINKAGE and TO_GOAL of a
// goal-level linkage (no target property), or IN_CATEGORY and FOR_ACTION_LINE; any other pair
// (a goal and a target of one linkage, two prizes of one category) is no edge.
func cypherWalkStep() string {
	types := []string{relSubLineOf, relFacilitates, relOfGoal, relMeasures, relServesActionLine,
		relServesTarget, relRuns, relAwardedTo, relToOrganization, relPartOf,
		relHasLinkage, relToTarget, relToGoal, relInCategory, relForActionLine}
	pair := "[type(r[0]), type(r[1])]"
	has := func(rel string) string { return fmt.Sprintf("'%s' IN %s", rel, pair) }
	return fmt.Sprintf(`MATCH (x) ((a)-[r:%[1]s]-(b) WHERE a = x OR a:%[2]s OR a:%[3]s){1,2} (y)
  WHERE y <> x AND NOT y:%[2]s AND NOT y:%[3]s AND (size(r) = 1
    OR %[4]s AND (%[5]s OR %[6]s AND b[0].target IS NULL)
    OR %[7]s AND %[8]s)
  WITH x, y,
    CASE WHEN size(r) = 1 THEN type(r[0]) WHEN %[5]s THEN '%[9]s' WHEN %[6]s THEN '%[10]s' ELSE '%[11]s' END AS rel,
    CASE WHEN size(r) = 1 THEN startNode(r[0]) = x ELSE type(r[0]) IN ['%[12]s', '%[13]s'] END AS fwd`,
		strings.Join(types, "|"), labelLinkage, labelPrizeCategory,
		has(relHasLinkage), has(relToTarget), has(relToGoal), has(relInCategory), has(relForActionLine),
		wsisgraph.RelLinksToTarget, wsisgraph.RelLinksToGoal, wsisgraph.RelInCategory,
		relHasLinkage, relInCategory)
}

// cypherBalls[n] collects a Ball per row of $starts, expanding at most n levels. A row is {i,
// t (label), k (key), n (a goal's number), e (levels to expand, at most n), types (labels the
// walk may enter; null for all), budget}. The statement returns (i, over, levels, edges) for
// every start that exists: levels[d] lists the nodes first reached at distance d as
// [element id, label, key]; edges lists [element id, rel, fwd, element id] from each node of
// an expanded level to a node the walk may enter, always a node of levels (empty when over).
// Element ids name nodes within one statement only. A level is expanded only while the levels so
// far hold at most budget nodes.
//
// A new level holds the neighbours of the last one minus the last two levels: in a
// breadth-first walk, the neighbours of level d are at distance d-1, d or d+1. There is one
// statement per n so that shallow walks plan and run as a shorter statement.
var cypherBalls = func() (out [walkLevels + 1]string) {
	for n := 1; n <= walkLevels; n++ {
		out[n] = buildCypherBalls(n)
	}
	return out
}()

func buildCypherBalls(n int) string {
	var b strings.Builder
	b.WriteString("UNWIND $starts AS st\nCALL (st) {\n  ")
	starts := make([]string, len(walkLabels))
	for i, l := range walkLabels {
		v := "st.k"
		if l == labelGoal {
			v = "st.n"
		}
		starts[i] = fmt.Sprintf("MATCH (s:%s {%s: %s}) WHERE st.t = '%s' RETURN s", l, keyOf(l), v, l)
	}
	b.WriteString(strings.Join(starts, "\n  UNION ALL\n  "))
	b.WriteString("\n}\nWITH st, [s] AS l0, 1 AS seen\n")
	step := cypherWalkStep()
	levels := []string{"l0"}
	edges := []string{}
	for d := 1; d <= n; d++ {
		prev := levels[len(levels)-1]
		exclude := "NOT y IN " + prev
		if len(levels) > 1 {
			exclude += " AND NOT y IN " + levels[len(levels)-2]
		}
		fmt.Fprintf(&b, `CALL (st, %[1]s, seen) {
  WITH st, %[1]s WHERE st.e >= %[2]d AND seen <= st.budget
  UNWIND %[1]s AS x
  %[3]s
  WITH x, rel, fwd, y WHERE st.types IS NULL OR labels(y)[0] IN st.types
  RETURN collect([x, rel, fwd, y]) AS e%[4]d, collect(DISTINCT y) AS ys%[2]d
}
`, prev, d, step, d-1)
		next := fmt.Sprintf("l%d", d)
		edges = append(edges, fmt.Sprintf("e%d", d-1))
		keep := append(append([]string{"st", "seen"}, levels...), edges...)
		fmt.Fprintf(&b, "WITH %s, [y IN ys%d WHERE %s] AS %s\n", strings.Join(keep, ", "), d, exclude, next)
		levels = append(levels, next)
		keep = append(append([]string{"st"}, levels...), edges...)
		fmt.Fprintf(&b, "WITH %s, seen + size(%s) AS seen\n", strings.Join(keep, ", "), next)
	}
	fmt.Fprintf(&b, "RETURN st.i AS i, seen > st.budget AS over,\n  [l IN [%s] | [n IN l | [elementId(n)] + %s]] AS levels,\n",
		strings.Join(levels, ", "), cypherRef("n"))
	fmt.Fprintf(&b, "  CASE WHEN seen > st.budget THEN [] ELSE [x IN %s | [elementId(x[0]), x[1], x[2], elementId(x[3])]] END AS edges",
		strings.Join(edges, " + "))
	return b.String()
}

// cypherRef returns the expression of node v's [label, key]: walk-graph nodes have one label,
// and a key property among code, key and number (see nodeKinds).
func cypherRef(v string) string {
	return fmt.Sprintf("[labels(%[1]s)[0], coalesce(%[1]s.code, %[1]s.key, toString(%[1]s.number))]", v)
}

// walkStart is one Ball to collect.
type walkStart struct {
	ref    wsisgraph.NodeRef
	expand int
	types  []string // labels the walk may enter; nil for all
	budget int
}

// balls collects the Ball of every start in one statement; balls[i] answers starts[i] and is
// nil when that start does not exist.
func (s *Store) balls(ctx context.Context, starts []walkStart) ([]*wsisgraph.Ball, error) {
	out := make([]*wsisgraph.Ball, len(starts))
	if len(starts) == 0 {
		return out, nil
	}
	params := make([]any, len(starts))
	for i, st := range starts {
		n := int64(-1) // matches no goal
		if v, err := strconv.Atoi(st.ref.Key); err == nil && strconv.Itoa(v) == st.ref.Key {
			n = int64(v)
		}
		var types any
		if st.types != nil {
			types = st.types
		}
		params[i] = map[string]any{
			"i": int64(i), "t": st.ref.Type, "k": st.ref.Key, "n": n,
			"e": int64(st.expand), "types": types, "budget": int64(st.budget),
		}
	}
	levels := 1
	for _, st := range starts {
		levels = max(levels, st.expand)
	}
	if levels > walkLevels {
		return nil, wsisgraph.Errorf(wsisgraph.EINTERNAL, "neo4j: a walk of %d levels", levels)
	}
	recs, err := s.read(ctx, cypherBalls[levels], map[string]any{"starts": params})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		i, ok := rec.Values[0].(int64)
		if !ok || i < 0 || int(i) >= len(starts) || out[i] != nil {
			return nil, errCorrupt
		}
		ball, err := decodeBall(rec.Values[1], rec.Values[2], rec.Values[3])
		if err != nil {
			return nil, err
		}
		out[i] = ball
	}
	return out, nil
}

func decodeBall(overV, levelsV, edgesV any) (*wsisgraph.Ball, error) {
	over, ok1 := overV.(bool)
	levels, ok2 := levelsV.([]any)
	edges, ok3 := edgesV.([]any)
	if !ok1 || !ok2 || !ok3 || len(levels) == 0 {
		return nil, errCorrupt
	}
	b := &wsisgraph.Ball{Over: over, Levels: make([][]wsisgraph.NodeRef, len(levels))}
	byID := map[string]wsisgraph.NodeRef{}
	for d, lv := range levels {
		l, ok := lv.([]any)
		if !ok {
			return nil, errCorrupt
		}
		b.Levels[d] = make([]wsisgraph.NodeRef, len(l))
		for j, nv := range l {
			n, ok := nv.([]any)
			if !ok || len(n) != 3 {
				return nil, errCorrupt
			}
			id, okID := n[0].(string)
			r, okRef := decodeRef(n[1], n[2])
			if !okID || !okRef {
				return nil, errCorrupt
			}
			b.Levels[d][j], byID[id] = r, r
		}
	}
	b.Edges = make([]wsisgraph.Edge, len(edges))
	for j, ev := range edges {
		e, ok := ev.([]any)
		if !ok || len(e) != 4 {
			return nil, errCorrupt
		}
		xid, _ := e[0].(string)
		yid, _ := e[3].(string)
		x, okx := byID[xid]
		y, oky := byID[yid]
		rel, okr := decodeRelation(e[1])
		fwd, okf := e[2].(bool)
		if !okx || !oky || !okr || !okf {
			return nil, errCorrupt
		}
		if fwd {
			b.Edges[j] = wsisgraph.Edge{From: x, To: y, Relation: rel}
		} else {
			b.Edges[j] = wsisgraph.Edge{From: y, To: x, Relation: rel}
		}
	}
	return b, nil
}

func decodeRef(label, key any) (wsisgraph.NodeRef, bool) {
	l, ok1 := label.(string)
	k, ok2 := key.(string)
	return wsisgraph.NodeRef{Type: l, Key: k}, ok1 && ok2 && k != ""
}

func decodeRelation(v any) (wsisgraph.Relation, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	if r, ok := walkRelTypes[s]; ok {
		return r, true
	}
	switch r := wsisgraph.Relation(s); r {
	case wsisgraph.RelLinksToTarget, wsisgraph.RelLinksToGoal, wsisgraph.RelInCategory:
		return r, true
	}
	return "", false
}

// Paths answers each query with its paths (see wsisgraph.PathQuery) in one statement;
// paths[i] answers queries[i]. An invalid query fails the whole call with EINVALID before
// anything is sent.
func (s *Store) Paths(ctx context.Context, queries []wsisgraph.PathQuery) ([][]wsisgraph.Path, error) {
	for _, q := range queries {
		if err := q.Validate(); err != nil {
			return nil, err
		}
	}
	starts := make([]walkStart, 0, 2*len(queries))
	for _, q := range queries {
		q = q.Normalize()
		starts = append(starts,
			walkStart{ref: q.From, expand: q.Expand(), budget: q.Budget},
			walkStart{ref: q.To, expand: q.Expand(), budget: q.Budget})
	}
	balls, err := s.balls(ctx, starts)
	if err != nil {
		return nil, err
	}
	out := make([][]wsisgraph.Path, len(queries))
	for i, q := range queries {
		if out[i], err = wsisgraph.PathsIn(q, balls[2*i], balls[2*i+1]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Neighborhoods answers each query with its neighbourhood (see wsisgraph.NeighborhoodQuery),
// nil when the centre does not exist, in one statement; hoods[i] answers queries[i]. An
// invalid query fails the whole call with EINVALID before anything is sent.
func (s *Store) Neighborhoods(ctx context.Context, queries []wsisgraph.NeighborhoodQuery) ([]*wsisgraph.Neighborhood, error) {
	for _, q := range queries {
		if err := q.Validate(); err != nil {
			return nil, err
		}
	}
	starts := make([]walkStart, len(queries))
	for i, q := range queries {
		q = q.Normalize()
		starts[i] = walkStart{ref: q.Center, expand: q.Depth, types: q.TypeNames(), budget: q.Budget}
	}
	balls, err := s.balls(ctx, starts)
	if err != nil {
		return nil, err
	}
	out := make([]*wsisgraph.Neighborhood, len(queries))
	for i, q := range queries {
		if out[i], err = wsisgraph.NeighborhoodOf(q, balls[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
