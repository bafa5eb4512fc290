// Package floor is the hand-written floor of the side-by-side benchmark: for each query of
// the mix (bench/mix), the one Cypher statement a Neo4j expert would write, run through the
// Go driver in one read transaction, its single value encoded as the JSON answer. Each
// statement builds the answer in wsisgraph's shape itself, so the floor does no work in Go
// besides encoding.
//
// Statements are constants; every value travels as a parameter.
package floor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wsisgraph/wsisgraph/bench/mix"
)

// Statements maps each query of the mix to its Cypher. Each returns one row with one
// column, the answer's data.
var Statements = map[string]string{
	mix.QMatrix: `MATCH (a:ActionLine)
WITH a ORDER BY a.rank
CALL (a) {
  MATCH (a)-[:HAS_LINKAGE]->(l:Linkage)-[:TO_GOAL]->(g:Goal)
  OPTIONAL MATCH (l)-[:TO_TARGET]->(t:Target)
  WITH l, g, t ORDER BY l.rankInLine
  RETURN collect({level: l.level, goal: {number: g.number, title: g.title_en},
    target: CASE WHEN t IS NULL THEN null ELSE {code: t.code, title: t.title_en} END}) AS linkages
}
RETURN {actionLines: collect({code: a.code, linkages: linkages})} AS data`,

	// The page walks the title index in order and stops at the first $first projects of the
	// line (a line's projects are many, so they come early); the count reads the degree of
	// the action line (only projects serve lines; the query is asked of a line without
	// sub-lines).
	mix.QActionLine: `MATCH (a:ActionLine {code: $code})
CALL (a) {
  MATCH (a)-[:HAS_LINKAGE]->(l:Linkage)-[:TO_GOAL]->(g:Goal)
  OPTIONAL MATCH (l)-[:TO_TARGET]->(t:Target)
  WITH l, g, t ORDER BY l.rankInLine
  RETURN collect({level: l.level, goal: {number: g.number},
    target: CASE WHEN t IS NULL THEN null ELSE {code: t.code, title: t.title_en} END}) AS linkages
}
CALL (a) {
  MATCH (p:Project) WHERE p.sortHex >= '' AND $code IN p.actionLineSet
  WITH p ORDER BY p.sortHex, p.keyHex LIMIT $first
  RETURN collect({key: p.key, title: p.title, year: p.year}) AS nodes
}
RETURN {actionLine: {code: a.code, title: a.title, linkages: linkages,
  projects: {totalCount: COUNT { (a)<-[:SERVES_ACTION_LINE]-() }, nodes: nodes}}} AS data`,

	mix.QProjects: `MATCH (p:Project) WHERE p.sortHex >= ''
WITH p ORDER BY p.sortHex, p.keyHex LIMIT $first + 1
WITH collect({key: p.key, title: p.title, year: p.year,
  country: [(p)-[:IN_COUNTRY]->(c:Country) | {code: c.code, name: c.name}][0]}) AS page
RETURN {projects: {totalCount: COUNT { (:Project) }, pageInfo: {hasNextPage: size(page) > $first},
  nodes: page[..$first]}} AS data`,

	mix.QProjectsFiltered: `MATCH (p:Project) WHERE p.country = $country AND p.year = $year
WITH p ORDER BY p.sortHex, p.keyHex
WITH count(p) AS total, collect(p)[..$first + 1] AS ps
WITH total, [p IN ps | {key: p.key, title: p.title, year: p.year,
  country: [(p)-[:IN_COUNTRY]->(c:Country) | {code: c.code, name: c.name}][0]}] AS page
RETURN {projects: {totalCount: total, pageInfo: {hasNextPage: size(page) > $first},
  nodes: page[..$first]}} AS data`,

	mix.QNested: `MATCH (o:Organization) WHERE o.country = $country
WITH o ORDER BY o.sortHex, o.keyHex LIMIT $first
CALL (o) {
  MATCH (o)-[:RUNS]->(p:Project)
  WITH p ORDER BY p.sortHex, p.keyHex LIMIT $projects
  RETURN collect({key: p.key, title: p.title,
    targets: [(p)-[:SERVES_TARGET]->(t:Target)-[:OF_GOAL]->(g:Goal) | {code: t.code, goal: {number: g.number}}]}) AS projects
}
RETURN {organizations: {nodes: collect({key: o.key, name: o.name, projects: {nodes: projects}})}} AS data`,

	mix.QSearch: `CALL db.index.fulltext.queryNodes('wsisgraph_search_v1', $lucene) YIELD node, score
WHERE node:Project
WITH node, score ORDER BY score DESC, node.search_idHex
WITH collect(node) AS hits
RETURN {search: {totalCount: CASE WHEN size(hits) > $max THEN $max ELSE size(hits) END,
  nodes: [n IN hits[..$first] | {key: n.key, title: n.title}]}} AS data`,
}

// Server answers POST {"name": query name, "params": {…}} with {"data": …}, or a 4xx/5xx
// with {"errors": [{"message"}]}. Safe for concurrent use.
type Server struct {
	Driver   neo4j.DriverWithContext
	Database string
	Timeout  time.Duration // per statement; 0: 30 s
}

// Run runs the statement of query name with params and returns its data.
func (s *Server) Run(ctx context.Context, name string, params map[string]any) (any, error) {
	stmt, ok := Statements[name]
	if !ok {
		return nil, fmt.Errorf("unknown query %q", name)
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, s.Driver, stmt, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	if len(res.Records) != 1 || len(res.Records[0].Values) != 1 {
		return nil, fmt.Errorf("%s: %d rows, want 1", name, len(res.Records))
	}
	return res.Records[0].Values[0], nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name   string         `json:"name"`
		Params map[string]any `json:"params"`
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err == nil {
		err = json.Unmarshal(b, &req)
	}
	if err != nil || r.Method != http.MethodPost {
		writeError(w, http.StatusBadRequest, "want POST {\"name\", \"params\"}")
		return
	}
	// JSON numbers decode as float64; Cypher's LIMIT and slices want integers.
	for k, v := range req.Params {
		if f, ok := v.(float64); ok && f == float64(int64(f)) {
			req.Params[k] = int64(f)
		}
	}
	data, err := s.Run(r.Context(), req.Name, req.Params)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"data": data})
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]string{"message": msg}}})
}
