package server_test

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/introspection"

	"github.com/wsisgraph/wsisgraph/docs/queries"
	"github.com/wsisgraph/wsisgraph/server"
)

// parents nests `parent` n-1 times under actionLine: a query n fields deep that costs little.
func parents(n int) string {
	return `{ actionLine(code: "C7.e-health") { ` + strings.Repeat("parent { ", n-2) + "code" + strings.Repeat(" }", n-2) + " } }"
}

// fragmentBomb spreads each of n fragments twice from the one before it: 2^n expansions
// of one goal's targets.
func fragmentBomb(n int) string {
	var b strings.Builder
	b.WriteString("{ goal(number: 1) { ...F0 } }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Goal { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Goal { targets { code } }\n", n)
	return b.String()
}

// TestLimits checks that each limit rejects a query just above it before execution, with its
// own code (HTTP 200 under application/json: a request error), a message naming the limit and
// the value seen, and that a query at the limit is answered.
func TestLimits(t *testing.T) {
	srv := newServer(t, server.Config{})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	tokens := "{ goals { " + strings.Repeat("number ", server.DefaultMaxTokens) + "} }"
	tests := []struct {
		name     string
		req      gqlReq
		code     string // "" for an answer without errors
		contains []string
	}{
		{"depth at limit", gqlReq{query: parents(12)}, "", nil},
		{"depth above limit", gqlReq{query: parents(13)}, "DEPTH_LIMIT_EXCEEDED", []string{"13 levels", "limit is 12"}},
		{"depth above limit over GET", gqlReq{method: http.MethodGet, query: parents(20)}, "DEPTH_LIMIT_EXCEEDED", []string{"20 levels", "limit is 12"}},
		{"aliases at limit", gqlReq{query: "{ goal(number: 1) { " + repeat(30, "a%d: number", " ") + " } }"}, "", nil},
		{"aliases above limit", gqlReq{query: "{ goal(number: 1) { " + repeat(31, "a%d: number", " ") + " } }"}, "ALIAS_LIMIT_EXCEEDED", []string{"31 aliases", "limit is 30"}},
		{"aliases in a fragment count per spread", gqlReq{query: "{ goal(number: 1) { ...A ...A } } fragment A on Goal { " + repeat(16, "a%d: number", " ") + " }"},
			"ALIAS_LIMIT_EXCEEDED", []string{"32 aliases"}},
		{"root fields at limit", gqlReq{query: "{ " + repeat(20, "g%d: goal(number: 1) { number }", " ") + " }"}, "", nil},
		{"root fields above limit", gqlReq{query: "{ " + repeat(21, "g%d: goal(number: 1) { number }", " ") + " }"}, "ROOT_FIELD_LIMIT_EXCEEDED", []string{"21 root fields", "limit is 20"}},
		{"root fields through a fragment", gqlReq{query: "{ goals { number } ...R } fragment R on Query { " + repeat(20, "g%d: goal(number: 1) { number }", " ") + " }"},
			"ROOT_FIELD_LIMIT_EXCEEDED", []string{"21 root fields"}},
		{"tokens above limit", gqlReq{query: tokens}, "TOKEN_LIMIT_EXCEEDED", []string{fmt.Sprintf("%d tokens", server.DefaultMaxTokens+5), "limit is 15000"}},
		{"cost above limit", gqlReq{query: `{ organizations(first: 100) { nodes { projects(first: 100) { nodes { prizes { key } } } } } }`},
			"COST_LIMIT_EXCEEDED", []string{"limit is 25000"}},
		{"cost from variables", gqlReq{query: `query ($n: Int) { projects(first: $n) { nodes { organizations { projects(first: $n) { nodes { key } } } } } }`, variables: map[string]any{"n": 100}},
			"COST_LIMIT_EXCEEDED", []string{"limit is 25000"}},
		{"same query, small variables", gqlReq{query: `query ($n: Int) { projects(first: $n) { nodes { organizations { projects(first: $n) { nodes { key } } } } } }`, variables: map[string]any{"n": 5}}, "", nil},
		{"fragment bomb", gqlReq{query: fragmentBomb(40)}, "COST_LIMIT_EXCEEDED", []string{"limit is 25000"}},
		{"page size above 100 is bad input, not cost", gqlReq{query: `{ projects(first: 1000) { nodes { key } } }`}, "BAD_USER_INPUT", []string{"first"}},
		{"introspection passes", gqlReq{query: introspection.Query}, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.StoreCalls()
			start := time.Now()
			a := do(t, ts.URL, tc.req)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if a.code() != tc.code {
				t.Fatalf("code = %q (%s), want %q", a.code(), a.message(), tc.code)
			}
			for _, s := range tc.contains {
				if !strings.Contains(a.message(), s) {
					t.Errorf("message %q does not contain %q", a.message(), s)
				}
			}
			if a.Extensions.Cost == nil || a.Extensions.Cost.Limit != server.DefaultMaxCost {
				t.Errorf("extensions.cost = %+v, want limit %d", a.Extensions.Cost, server.DefaultMaxCost)
			}
			if !strings.HasSuffix(tc.code, "_EXCEEDED") {
				return
			}
			if a.Status != http.StatusOK || strings.Contains(a.Raw, `"data"`) {
				t.Errorf("status = %d, want 200 and no data: %s", a.Status, clip(a.Raw))
			}
			if n := srv.StoreCalls() - before; n != 0 {
				t.Errorf("%d store calls: a rejected query must not execute", n)
			}
			if a.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", a.Header.Get("Cache-Control"))
			}
		})
	}
}

// TestBodyLimit checks that a body above the limit is answered 413 BODY_TOO_LARGE, whether
// its length is announced or not, and that a body just within it is read.
func TestBodyLimit(t *testing.T) {
	const limit = 64 << 10
	ts := httptest.NewServer(newServer(t, server.Config{MaxBodyBytes: limit}))
	defer ts.Close()
	pad := func(n int) []byte {
		q := `{ goal(number: 1) { number } }`
		return []byte(`{"query":"` + q + strings.Repeat(" ", n-len(q)-len(`{"query":""}`)) + `"}`)
	}
	tests := []struct {
		name    string
		body    []byte
		chunked bool
		status  int
		code    string
	}{
		{"at the limit", pad(limit), false, 200, ""},
		{"above, with Content-Length", pad(limit + 1), false, 413, "BODY_TOO_LARGE"},
		{"above, chunked", pad(3 * limit), true, 413, "BODY_TOO_LARGE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body = strings.NewReader(string(tc.body))
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", body)
			if tc.chunked {
				req.ContentLength = -1
				req.Body = io.NopCloser(body)
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			a := readAnswer(t, resp)
			if a.Status != tc.status || a.code() != tc.code {
				t.Fatalf("got %d %q (%s), want %d %q", a.Status, a.code(), a.message(), tc.status, tc.code)
			}
			if tc.code != "" && !strings.Contains(a.message(), "65536") {
				t.Errorf("message %q does not state the limit", a.message())
			}
		})
	}
}

// TestCostOfExamples checks that every example of docs/queries costs at most a fifth of the
// default limit, and reports each cost.
func TestCostOfExamples(t *testing.T) {
	ts := httptest.NewServer(newServer(t, server.Config{}))
	defer ts.Close()
	err := fs.WalkDir(queries.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(path, ".graphql") {
			return err
		}
		b, err := fs.ReadFile(queries.FS, path)
		if err != nil {
			return err
		}
		a := do(t, ts.URL, gqlReq{query: string(b)})
		if a.code() != "" || a.Extensions.Cost == nil {
			t.Errorf("%s: %s %s", path, a.code(), a.message())
			return nil
		}
		t.Logf("%-36s cost %6d", path, a.Extensions.Cost.Requested)
		if c := a.Extensions.Cost.Requested; c > server.DefaultMaxCost/5 || c <= 0 {
			t.Errorf("%s costs %d: want 1…%d (a fifth of the limit)", path, c, server.DefaultMaxCost/5)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCostModel checks costs worked out by hand from the documented model: one point per
// object a field returns, lists multiplied by their documented size, connections by their
// `first` (default 20) or `last`, totalCount one point, introspection free.
func TestCostModel(t *testing.T) {
	ts := httptest.NewServer(newServer(t, server.Config{}))
	defer ts.Close()
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		cost  int
	}{
		{"one object", `{ goal(number: 1) { number title } }`, nil, 1},
		{"a root list", `{ goals { number } }`, nil, 17},
		{"a list per list item", `{ goals { targets { code } } }`, nil, 17 + 17*12},
		{"an object per list item", `{ actionLines { prizeCategory { number } } }`, nil, 19 + 19},
		{"a connection's default page", `{ projects { nodes { key } } }`, nil, 1 + 20},
		{"a connection's first", `{ projects(first: 5) { nodes { key } totalCount } }`, nil, 1 + 5 + 1},
		{"edges and nodes both count", `{ events(first: 3) { edges { node { key } } nodes { key } } }`, nil, 1 + 3 + 3 + 3},
		{"a connection's last", `{ projects(last: 5) { nodes { key } } }`, nil, 1 + 5},
		{"last from a variable", `query ($n: Int) { organizations(last: $n, orderBy: {field: NAME}) { nodes { key } } }`, map[string]any{"n": 9}, 1 + 9},
		{"first from a variable", `query ($n: Int) { prizes(first: $n) { nodes { key } } }`, map[string]any{"n": 7}, 1 + 7},
		{"nested connections multiply", `{ organizations(first: 10) { nodes { projects(first: 4) { nodes { key } } } } }`, nil, 1 + 10 + 10*(1+4)},
		{"a fragment counts where spread", `{ ...G ...G } fragment G on Query { goals { number } }`, nil, 34},
		{"nodes by ids", `{ nodes(ids: ["R29hbDo5", "R29hbDoxMA"]) { ... on Goal { targets { code } } } }`, nil, 2 + 2*12},
		{"introspection is free", `{ __schema { types { name fields { name } } } }`, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := do(t, ts.URL, gqlReq{query: tc.query, variables: tc.vars})
			if a.code() != "" {
				t.Fatalf("%s: %s", a.code(), a.message())
			}
			if a.Extensions.Cost.Requested != tc.cost {
				t.Errorf("cost = %d, want %d", a.Extensions.Cost.Requested, tc.cost)
			}
		})
	}
}
