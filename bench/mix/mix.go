// Package mix holds the query mix of the side-by-side benchmark: each query as sent to
// wsisgraph, to the @neo4j/graphql server of bench/neo4jgraphql and to the hand-written
// Cypher floor (bench/floor), and the normalisation that makes their three answers
// comparable.
//
// Every system is asked for the same data in the same order: the @neo4j/graphql queries
// sort by the properties wsisgraph's store sorts by (rank, rankInLine, sortHex, keyHex), and
// its full-text search gets the same Lucene query wsisgraph's Neo4j store builds. Normalise
// turns each answer into wsisgraph's shape (edges/node into nodes, a one-element list into
// an object) so that Equal can compare them.
package mix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/store/neo4j"
	"github.com/wsisgraph/wsisgraph/store/searchdoc"
)

// System names a server of the comparison.
type System string

// The systems compared.
const (
	Wsisgraph    System = "wsisgraph"
	Neo4jGraphQL System = "neo4j-graphql"
	Cypher       System = "cypher"
)

// Params are the values the queries ask about. They must exist in every dataset measured
// (the shipped one has projects in KZ in 2015, and the synthetic scale-up skews towards KZ).
type Params struct {
	ActionLine string // an action line without sub-lines, so that serving it is one relationship
	Country    string
	Year       int
	SearchText string // one word
}

// DefaultParams are the parameters of the benchmark runs.
var DefaultParams = Params{ActionLine: "C2", Country: "KZ", Year: 2015, SearchText: "mangrove"}

// Query is one query of the mix, as each system is asked it.
type Query struct {
	Name        string
	Description string
	// Paged is true for the queries whose cost should not grow with the graph (a page of a
	// list): the scale goal applies to them.
	Paged bool
	// Bodies are the JSON request bodies, per system: {"query", "variables"} for the two
	// GraphQL servers, {"name", "params"} for the floor.
	Bodies map[System][]byte
	// toWsis turns the data of a @neo4j/graphql answer into wsisgraph's shape.
	toWsis func(data map[string]any) map[string]any
}

func body(query string, vars map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err)
	}
	return b
}

func floorBody(name string, params map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"name": name, "params": params})
	if err != nil {
		panic(err)
	}
	return b
}

// LuceneQuery returns the Lucene query wsisgraph's Neo4j store sends for a search of text in
// every language (neo4j.LuceneQuery): every word required.
func LuceneQuery(text string) string {
	return neo4j.LuceneQuery(searchdoc.Words(text), "", false)
}

// Names of the queries, in the order of Queries.
const (
	QMatrix           = "matrix"
	QActionLine       = "action-line"
	QProjects         = "projects-page"
	QProjectsFiltered = "projects-filtered"
	QNested           = "nested-3-levels"
	QSearch           = "search"
)

// The page sizes of the mix.
const (
	projectPage    = 20
	actionLinePage = 10
	orgPage        = 10
	orgProjectPage = 5
	searchPage     = 10
)

// Queries returns the mix for p, in a fixed order.
func Queries(p Params) []Query {
	lucene := LuceneQuery(p.SearchText)
	projectFields := `key title year country { code name }`
	return []Query{
		{
			Name:        QMatrix,
			Description: "every action line → its linkages → target {code title} and goal {number title}",
			Bodies: map[System][]byte{
				Wsisgraph: body(`{ actionLines { code linkages { level goal { number title } target { code title } } } }`, nil),
				Neo4jGraphQL: body(`{ actionLines(sort: [{rank: ASC}]) { code
  linkages(sort: [{rankInLine: ASC}]) { level goal { number title } target { code title } } } }`, nil),
				Cypher: floorBody(QMatrix, nil),
			},
			toWsis: func(d map[string]any) map[string]any { return d },
		},
		{
			Name:        QActionLine,
			Description: "one action line with its linkages, their targets, and a page of its projects with totalCount",
			Bodies: map[System][]byte{
				Wsisgraph: body(`query($code: String!) { actionLine(code: $code) { code title
  linkages { level goal { number } target { code title } }
  projects(first: `+strconv.Itoa(actionLinePage)+`) { totalCount nodes { key title year } } } }`, map[string]any{"code": p.ActionLine}),
				Neo4jGraphQL: body(`query($code: String!) { actionLines(where: {code: {eq: $code}}) { code title
  linkages(sort: [{rankInLine: ASC}]) { level goal { number } target { code title } }
  projectsConnection(first: `+strconv.Itoa(actionLinePage)+`, sort: [{node: {sortHex: ASC}}, {node: {keyHex: ASC}}]) {
    totalCount edges { node { key title year } } } } }`, map[string]any{"code": p.ActionLine}),
				Cypher: floorBody(QActionLine, map[string]any{"code": p.ActionLine, "first": actionLinePage}),
			},
			toWsis: func(d map[string]any) map[string]any {
				al := one(d["actionLines"])
				if m, ok := al.(map[string]any); ok {
					m["projects"] = connection(m["projectsConnection"], false)
					delete(m, "projectsConnection")
				}
				return map[string]any{"actionLine": al}
			},
		},
		{
			Name:        QProjects,
			Description: "the first page of all projects by title, with totalCount",
			Paged:       true,
			Bodies: map[System][]byte{
				Wsisgraph: body(`{ projects(first: `+strconv.Itoa(projectPage)+`) { totalCount pageInfo { hasNextPage } nodes { `+projectFields+` } } }`, nil),
				Neo4jGraphQL: body(`{ projectsConnection(first: `+strconv.Itoa(projectPage)+`, sort: [{sortHex: ASC}, {keyHex: ASC}]) {
  totalCount pageInfo { hasNextPage } edges { node { `+projectFields+` } } } }`, nil),
				Cypher: floorBody(QProjects, map[string]any{"first": projectPage}),
			},
			toWsis: func(d map[string]any) map[string]any {
				return map[string]any{"projects": connection(d["projectsConnection"], true)}
			},
		},
		{
			Name:        QProjectsFiltered,
			Description: "a page of the projects of one country and year by title, with totalCount",
			Paged:       true,
			Bodies: map[System][]byte{
				Wsisgraph: body(`query($country: String!, $year: Int!) { projects(first: `+strconv.Itoa(projectPage)+`, filter: {country: $country, year: $year}) {
  totalCount pageInfo { hasNextPage } nodes { `+projectFields+` } } }`, map[string]any{"country": p.Country, "year": p.Year}),
				Neo4jGraphQL: body(`query($country: String!, $year: Int!) { projectsConnection(first: `+strconv.Itoa(projectPage)+`,
  where: {countryCode: {eq: $country}, year: {eq: $year}}, sort: [{sortHex: ASC}, {keyHex: ASC}]) {
  totalCount pageInfo { hasNextPage } edges { node { `+projectFields+` } } } }`, map[string]any{"country": p.Country, "year": p.Year}),
				Cypher: floorBody(QProjectsFiltered, map[string]any{"country": p.Country, "year": p.Year, "first": projectPage}),
			},
			toWsis: func(d map[string]any) map[string]any {
				return map[string]any{"projects": connection(d["projectsConnection"], true)}
			},
		},
		{
			Name:        QNested,
			Description: "organisations of a country → a page of their projects → targets → goal",
			Paged:       true,
			Bodies: map[System][]byte{
				Wsisgraph: body(`query($country: String!) { organizations(first: `+strconv.Itoa(orgPage)+`, filter: {country: $country}) { nodes { key name
  projects(first: `+strconv.Itoa(orgProjectPage)+`) { nodes { key title targets { code goal { number } } } } } } }`, map[string]any{"country": p.Country}),
				Neo4jGraphQL: body(`query($country: String!) { organizations(where: {countryCode: {eq: $country}}, sort: [{sortHex: ASC}, {keyHex: ASC}], limit: `+strconv.Itoa(orgPage)+`) { key name
  projectsConnection(first: `+strconv.Itoa(orgProjectPage)+`, sort: [{node: {sortHex: ASC}}, {node: {keyHex: ASC}}]) {
    edges { node { key title targets(sort: [{rank: ASC}]) { code goal { number } } } } } } }`, map[string]any{"country": p.Country}),
				Cypher: floorBody(QNested, map[string]any{"country": p.Country, "first": orgPage, "projects": orgProjectPage}),
			},
			toWsis: func(d map[string]any) map[string]any {
				orgs, _ := d["organizations"].([]any)
				for _, o := range orgs {
					if m, ok := o.(map[string]any); ok {
						m["projects"] = connection(m["projectsConnection"], false)
						delete(m, "projectsConnection")
					}
				}
				return map[string]any{"organizations": map[string]any{"nodes": orEmpty(orgs)}}
			},
		},
		{
			Name:        QSearch,
			Description: "full-text search of one word in projects, best first, with totalCount",
			Bodies: map[System][]byte{
				Wsisgraph: body(`query($text: String!) { search(text: $text, types: [PROJECT], first: `+strconv.Itoa(searchPage)+`) {
  totalCount nodes { ... on Project { key title } } } }`, map[string]any{"text": p.SearchText}),
				Neo4jGraphQL: body(`query($phrase: String!) { projectsSearch(phrase: $phrase, first: `+strconv.Itoa(searchPage)+`,
  sort: [{score: DESC}, {node: {search_idHex: ASC}}]) { totalCount edges { node { key title } } } }`, map[string]any{"phrase": lucene}),
				Cypher: floorBody(QSearch, map[string]any{"lucene": lucene, "first": searchPage, "max": wsisgraph.MaxSearchHits}),
			},
			toWsis: func(d map[string]any) map[string]any {
				c := connection(d["projectsSearch"], false)
				if m, ok := c.(map[string]any); ok {
					if t, ok := m["totalCount"].(float64); ok && t > wsisgraph.MaxSearchHits {
						m["totalCount"] = float64(wsisgraph.MaxSearchHits) // wsisgraph counts the reachable hits
					}
				}
				return map[string]any{"search": c}
			},
		},
	}
}

// one returns the only element of a one-element list, nil for an empty one.
func one(v any) any {
	l, _ := v.([]any)
	if len(l) == 0 {
		return nil
	}
	return l[0]
}

func orEmpty(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

// connection turns a @neo4j/graphql connection {totalCount, pageInfo, edges {node}} into
// wsisgraph's {totalCount, pageInfo {hasNextPage}, nodes}; pageInfo is kept only when
// withPageInfo.
func connection(v any, withPageInfo bool) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := map[string]any{}
	if t, ok := m["totalCount"]; ok {
		out["totalCount"] = t
	}
	if pi, ok := m["pageInfo"].(map[string]any); ok && withPageInfo {
		out["pageInfo"] = map[string]any{"hasNextPage": pi["hasNextPage"]}
	}
	var nodes []any
	edges, _ := m["edges"].([]any)
	for _, e := range edges {
		if em, ok := e.(map[string]any); ok {
			nodes = append(nodes, em["node"])
		}
	}
	out["nodes"] = orEmpty(nodes)
	return out
}

// unordered names the lists whose order is not part of the answer's contract for all three
// systems (a project's targets come in the order the project lists them in wsisgraph, by
// official order elsewhere): they are compared as sets, sorted by their JSON text.
var unordered = map[string]bool{"targets": true}

// Normalise decodes an answer of sys to q and returns its data in wsisgraph's shape, with
// unordered lists sorted. An answer with errors, or without data, is an error.
func Normalise(q Query, sys System, answer []byte) (any, error) {
	var resp struct {
		Data   map[string]any    `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	dec := json.NewDecoder(bytes.NewReader(answer))
	if err := dec.Decode(&resp); err != nil {
		return nil, fmt.Errorf("%s %s: not JSON: %v: %.300s", sys, q.Name, err, answer)
	}
	if len(resp.Errors) > 0 || resp.Data == nil {
		return nil, fmt.Errorf("%s %s: answer with errors: %.500s", sys, q.Name, answer)
	}
	data := resp.Data
	if sys == Neo4jGraphQL {
		data = q.toWsis(data)
	}
	return sortUnordered(data, ""), nil
}

func sortUnordered(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = sortUnordered(e, k)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = sortUnordered(e, "")
		}
		if unordered[key] {
			slices.SortFunc(x, func(a, b any) int {
				ja, _ := json.Marshal(a)
				jb, _ := json.Marshal(b)
				return bytes.Compare(ja, jb)
			})
		}
		return x
	}
	return v
}

// Equal reports whether two normalised answers are the same data, and where they first
// differ when not.
func Equal(a, b any) (bool, string) {
	if reflect.DeepEqual(a, b) {
		return true, ""
	}
	return false, firstDiff(a, b, "data")
}

func firstDiff(a, b any, path string) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: %s vs %s", path, clip(a), clip(b))
		}
		keys := make([]string, 0, len(x)+len(y))
		for k := range x {
			keys = append(keys, k)
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !reflect.DeepEqual(x[k], y[k]) {
				return firstDiff(x[k], y[k], path+"."+k)
			}
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %d items vs %s", path, len(x), clip(b))
		}
		for i := range x {
			if !reflect.DeepEqual(x[i], y[i]) {
				return firstDiff(x[i], y[i], fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	return fmt.Sprintf("%s: %s vs %s", path, clip(a), clip(b))
}

func clip(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}
