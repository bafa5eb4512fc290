package server_test

import (
	"slices"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/server"
)

type searchPage struct {
	Search struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			EndCursor                    *string
		}
		Edges []struct {
			Cursor string
			Score  float64
			Node   struct{ ID string }
		}
	}
}

// TestSearchPaging walks searches with cursors and checks the walk yields the single page.
func TestSearchPaging(t *testing.T) {
	c := client.New(newServer(t, server.Config{}), client.Path("/graphql"))
	const q = `query ($t: String!, $f: Int, $a: String) { search(text: $t, first: $f, after: $a) {
		totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor score node { id } } } }`
	for _, text := range []string{"digital", "santé", "WSIS Forum"} {
		t.Run(text, func(t *testing.T) {
			var all searchPage
			c.MustPost(q, &all, client.Var("t", text), client.Var("f", 100))
			if len(all.Search.Edges) < 5 {
				t.Fatalf("%q finds %d hits: the test needs at least 5", text, len(all.Search.Edges))
			}
			var want []string
			for i, e := range all.Search.Edges {
				want = append(want, e.Node.ID)
				if i > 0 && e.Score > all.Search.Edges[i-1].Score {
					t.Errorf("hit %d scores %v, above hit %d (%v)", i, e.Score, i-1, all.Search.Edges[i-1].Score)
				}
			}
			var got []string
			var after any
			for page := 0; page <= len(want); page++ {
				var p searchPage
				c.MustPost(q, &p, client.Var("t", text), client.Var("f", 2), client.Var("a", after))
				for _, e := range p.Search.Edges {
					got = append(got, e.Node.ID)
				}
				if p.Search.PageInfo.HasPreviousPage != (after != nil) {
					t.Errorf("page %d: hasPreviousPage = %v", page, p.Search.PageInfo.HasPreviousPage)
				}
				if p.Search.TotalCount != len(want) {
					t.Errorf("page %d: totalCount = %d, want %d", page, p.Search.TotalCount, len(want))
				}
				if !p.Search.PageInfo.HasNextPage {
					break
				}
				after = *p.Search.PageInfo.EndCursor
			}
			if !slices.Equal(got, want) {
				t.Errorf("walk:\n got %v\nwant %v", got, want)
			}
		})
	}
	t.Run("a cursor of another search", func(t *testing.T) {
		var p searchPage
		c.MustPost(q, &p, client.Var("t", "information"), client.Var("f", 1))
		err := c.Post(q, &p, client.Var("t", "santé"), client.Var("a", *p.Search.PageInfo.EndCursor))
		if err == nil {
			t.Fatal("a cursor of another search was accepted")
		}
	})
}

// TestExploreStoreCalls checks that search and the matrix take one store call each, and that
// facets cost one call when selected and none otherwise.
func TestExploreStoreCalls(t *testing.T) {
	srv := newServer(t, server.Config{Loaders: loaders.Options{Wait: 20 * time.Millisecond, MaxBatch: 1000}})
	c := client.New(srv, client.Path("/graphql"))
	tests := []struct {
		name  string
		query string
		calls int64
	}{
		{"search with its nodes", `{ search(text: "health") { totalCount edges { type snippet node { id ... on Goal { number } } } } }`, 1},
		{"matrix with lines, goals and linkages", `{ matrix { rows { actionLine { code } cells { goal { number } linkages { key level } } } columns { goal { number } } } }`, 1},
		{"matrix, then the linked targets", `{ matrix { rows { cells { linkages { target { code } goal { number } } } } } }`, 1}, // linkages come with their ends
		{"projects without facets", `{ projects(first: 5) { totalCount nodes { key } } }`, 1},
		{"projects with facets and labels", `{ projects(first: 5) { facets { byCountry { value label } byActionLine { label } byYear { value } } } }`, 4},
		{"facets of nested lists, batched", `{ actionLines { projects(first: 1) { facets { byYear { value count } } } } }`, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.StoreCalls()
			var resp map[string]any
			c.MustPost(tc.query, &resp)
			if got := srv.StoreCalls() - before; got != tc.calls {
				t.Errorf("store calls = %d, want %d", got, tc.calls)
			}
		})
	}
}
