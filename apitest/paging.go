package apitest

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/client"
)

// pagingCase is a connection field read with the variables $first, $after, $last and
// $before; path leads from data to the connection.
type pagingCase struct {
	name  string
	query string
	path  []string
}

const pageSelection = `{ pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } nodes { id } }`

// pagingCases cover every connection that pages: the four lists in each of their sorts and
// directions, filtered and not, nested under a parent, and search.
var pagingCases = []pagingCase{
	{"projects", `projects(first: $first, after: $after, last: $last, before: $before)`, nil},
	{"projects-year-desc", `projects(first: $first, after: $after, last: $last, before: $before, orderBy: {field: YEAR, direction: DESC})`, nil},
	{"projects-filtered", `projects(first: $first, after: $after, last: $last, before: $before, filter: {actionLine: "C7"}, orderBy: {field: YEAR})`, nil},
	{"projects-text", `projects(first: $first, after: $after, last: $last, before: $before, filter: {text: "digital"}, orderBy: {field: TITLE, direction: DESC})`, nil},
	{"organizations", `organizations(first: $first, after: $after, last: $last, before: $before)`, nil},
	{"organizations-name-desc", `organizations(first: $first, after: $after, last: $last, before: $before, orderBy: {field: NAME, direction: DESC})`, nil},
	{"organizations-project-count", `organizations(first: $first, after: $after, last: $last, before: $before, orderBy: {field: PROJECT_COUNT})`, nil},
	{"organizations-prize-count-asc", `organizations(first: $first, after: $after, last: $last, before: $before, orderBy: {field: PRIZE_COUNT, direction: ASC})`, nil},
	{"prizes", `prizes(first: $first, after: $after, last: $last, before: $before)`, nil},
	{"prizes-category", `prizes(first: $first, after: $after, last: $last, before: $before, filter: {kind: WINNER}, orderBy: {field: CATEGORY, direction: ASC})`, nil},
	{"events", `events(first: $first, after: $after, last: $last, before: $before)`, nil},
	{"events-desc-filtered", `events(first: $first, after: $after, last: $last, before: $before, filter: {kind: FORUM}, orderBy: {field: START_DATE, direction: DESC})`, nil},
	{"action-line-projects", `actionLine(code: "C7") { c: projects(first: $first, after: $after, last: $last, before: $before) ` + pageSelection + ` }`, []string{"actionLine", "c"}},
	{"action-line-prizes", `actionLine(code: "C7") { c: prizes(first: $first, after: $after, last: $last, before: $before, orderBy: {field: CATEGORY}) ` + pageSelection + ` }`, []string{"actionLine", "c"}},
	{"search", `search(text: "digital", first: $first, after: $after, last: $last, before: $before)`, nil},
}

// connPage is one page of a connection as the client sees it.
type connPage struct {
	PageInfo struct {
		HasNextPage     bool
		HasPreviousPage bool
		StartCursor     *string
		EndCursor       *string
	}
	Edges []struct{ Cursor string }
	Nodes []struct{ ID string }
}

// readPage reads one page of c with the given variables (nil: not given).
func readPage(t *testing.T, cl *client.Client, c pagingCase, first, last *int, after, before *string) connPage {
	t.Helper()
	q := fmt.Sprintf(`query ($first: Int, $after: String, $last: Int, $before: String) { c: %s %s }`, c.query, pageSelection)
	path := []string{"c"}
	if c.path != nil {
		q = fmt.Sprintf(`query ($first: Int, $after: String, $last: Int, $before: String) { %s }`, c.query)
		path = c.path
	}
	var resp map[string]any
	err := cl.Post(q, &resp, client.Var("first", first), client.Var("after", after), client.Var("last", last), client.Var("before", before))
	if err != nil {
		t.Fatalf("first %v after %v last %v before %v: %v", deref(first), deref(after), deref(last), deref(before), err)
	}
	var v any = resp
	for _, k := range path {
		v = v.(map[string]any)[k]
	}
	var p connPage
	remarshal(t, v, &p)
	if len(p.Edges) != len(p.Nodes) {
		t.Fatalf("%d edges, %d nodes", len(p.Edges), len(p.Nodes))
	}
	return p
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// backwardPaging walks every paging case forwards with first/after and backwards with
// last/before, and checks that the walk backwards yields the same edges in reverse, page by
// page, with the page information the Relay connection spec defines.
func backwardPaging(t *testing.T, cl *client.Client) {
	for _, c := range pagingCases {
		t.Run(c.name, func(t *testing.T) {
			for _, size := range []int{3, 7} {
				var fwd []string // cursor and id of each edge, in order
				var after *string
				for page := 0; ; page++ {
					if page > 200 {
						t.Fatalf("first %d: walk does not end", size)
					}
					p := readPage(t, cl, c, &size, nil, after, nil)
					if p.PageInfo.HasPreviousPage != (after != nil) {
						t.Errorf("first %d page %d: hasPreviousPage = %v, want %v (after given)", size, page, p.PageInfo.HasPreviousPage, after != nil)
					}
					for i, e := range p.Edges {
						fwd = append(fwd, e.Cursor+" "+p.Nodes[i].ID)
					}
					if !p.PageInfo.HasNextPage {
						break
					}
					after = p.PageInfo.EndCursor
				}
				if len(fwd) <= size {
					t.Fatalf("first %d: the list holds %d edges: the test needs more than one page", size, len(fwd))
				}
				var back []string
				var before *string
				for page := 0; ; page++ {
					if page > 200 {
						t.Fatalf("last %d: walk does not end", size)
					}
					p := readPage(t, cl, c, nil, &size, nil, before)
					if p.PageInfo.HasNextPage != (before != nil) {
						t.Errorf("last %d page %d: hasNextPage = %v, want %v (before given)", size, page, p.PageInfo.HasNextPage, before != nil)
					}
					var ids []string
					for i, e := range p.Edges {
						ids = append(ids, e.Cursor+" "+p.Nodes[i].ID)
					}
					back = append(ids, back...)
					if p.PageInfo.HasPreviousPage != (len(back) < len(fwd)) {
						t.Errorf("last %d page %d: hasPreviousPage = %v with %d of %d edges seen", size, page, p.PageInfo.HasPreviousPage, len(back), len(fwd))
					}
					if !p.PageInfo.HasPreviousPage {
						break
					}
					before = p.PageInfo.StartCursor
				}
				if !slices.Equal(back, fwd) {
					t.Errorf("size %d: walking backwards is not walking forwards reversed:\n back %v\n  fwd %v", size, back, fwd)
				}
			}
		})
	}
}

// remarshal decodes the JSON value v into out.
func remarshal(t *testing.T, v any, out any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, out)
	}
	if err != nil {
		t.Fatal(err)
	}
}
