package apitest

import (
	"net/http"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
)

// DepthCase is a query whose store calls are bounded by its depth, not its width: Calls is
// the exact number of store calls (backend round trips) it takes on every backend, one per
// level that reads the store, however many objects each level holds.
type DepthCase struct {
	Name  string
	Query string
	Calls int64
}

// DepthCases are wide queries: hundreds of objects, a handful of levels.
var DepthCases = []DepthCase{
	// goals → targets → linkages → action line → facilitator organisations (facilitations
	// come with the action line).
	{"wide", `{ goals { number targets { code linkages { actionLine { code facilitators { role organization { name } } } } } } }`, 5},
	// action lines → linkages (read with their target and goal) → the target's goal.
	{"matrix", `{ actionLines { code linkages { target { code title goal { number title } } goal { number } } } }`, 3},
	{"projects with organisations and prizes", `{ projects(first: 100) { nodes { key organizations { name country { name } } prizes { year category { number } } } } }`, 5},
	{"nested connections", `{ actionLines { projects(first: 2) { totalCount nodes { key } } } }`, 2},
	// a connection under each element of lists under a list: one call for all of them.
	{"connections in nested lists", `{ goals { targets { projects(first: 1) { totalCount nodes { key } } } } }`, 3},
}

// RunDepth sends each DepthCase to h (serving /graphql) once and checks that calls() grew by
// exactly its Calls. h's loaders must wait long enough to gather a level whatever the
// scheduling (tens of milliseconds): the test is about the bound, not the timing.
func RunDepth(t *testing.T, h http.Handler, calls func() int64) {
	c := client.New(h, client.Path("/graphql"))
	var warm map[string]any
	c.MustPost(`{ goal(number: 1) { number } }`, &warm) // the server's first request reads the dataset version
	for _, tc := range DepthCases {
		t.Run(tc.Name, func(t *testing.T) {
			before := calls()
			var resp map[string]any
			c.MustPost(tc.Query, &resp)
			if got := calls() - before; got != tc.Calls {
				t.Errorf("store calls = %d, want %d (one per level)", got, tc.Calls)
			}
		})
	}
}

// AloneCases are queries whose every list page is the only one of its path (no enclosing
// list holds more than one object): each page is read at once, without the loaders' wait.
var AloneCases = []DepthCase{
	{"root projects", `{ projects(first: 3) { totalCount nodes { key } } }`, 1},
	{"root organisations", `{ organizations(first: 2, filter: {country: "KZ"}) { nodes { key } } }`, 1},
	{"root prizes and events", `{ prizes(first: 2) { nodes { key } } events(first: 2) { nodes { key } } }`, 2},
	// the action line (reference data) and its page
	{"one action line's projects", `{ actionLine(code: "C7") { code projects(first: 2) { totalCount nodes { key } } } }`, 2},
}

// RunAlone sends each AloneCase to h, whose loaders must wait far longer than timeout for
// anything but reference data, and checks that each answers within timeout with exactly its
// Calls store calls.
func RunAlone(t *testing.T, h http.Handler, calls func() int64, timeout time.Duration) {
	c := client.New(h, client.Path("/graphql"))
	var warm map[string]any
	c.MustPost(`{ goal(number: 1) { number } }`, &warm) // reference data only: reads the dataset version
	for _, tc := range AloneCases {
		t.Run(tc.Name, func(t *testing.T) {
			before := calls()
			done := make(chan error, 1)
			go func() {
				var resp map[string]any
				done <- c.Post(tc.Query, &resp)
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(timeout):
				t.Fatalf("no answer within %v: a page waited for the loaders", timeout)
			}
			if got := calls() - before; got != tc.Calls {
				t.Errorf("store calls = %d, want %d", got, tc.Calls)
			}
		})
	}
}
