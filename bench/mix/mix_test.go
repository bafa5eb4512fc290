package mix_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wsisgraph/wsisgraph/bench/floor"
	"github.com/wsisgraph/wsisgraph/bench/mix"
)

func query(t *testing.T, name string) mix.Query {
	t.Helper()
	for _, q := range mix.Queries(mix.DefaultParams) {
		if q.Name == name {
			return q
		}
	}
	t.Fatalf("no query %q", name)
	return mix.Query{}
}

func TestEveryQueryHasThreeForms(t *testing.T) {
	for _, q := range mix.Queries(mix.DefaultParams) {
		t.Run(q.Name, func(t *testing.T) {
			for _, sys := range []mix.System{mix.Wsisgraph, mix.Neo4jGraphQL, mix.Cypher} {
				var body map[string]any
				if err := json.Unmarshal(q.Bodies[sys], &body); err != nil {
					t.Errorf("%s: body is not JSON: %v", sys, err)
				}
			}
			if _, ok := floor.Statements[q.Name]; !ok {
				t.Error("the floor has no statement for it")
			}
		})
	}
}

// TestNormalise checks that the answers of the three systems to the same data compare equal
// once normalised, and that a difference in the data is caught.
func TestNormalise(t *testing.T) {
	wsis := `{"data":{"projects":{"totalCount":2,"pageInfo":{"hasNextPage":true},"nodes":[
		{"key":"a","title":"A","year":2015,"country":{"code":"KZ","name":"Kazakhstan"}},
		{"key":"b","title":"B","year":2016,"country":null}]}}}`
	n4j := `{"data":{"projectsConnection":{"pageInfo":{"hasNextPage":true},"totalCount":2,"edges":[
		{"node":{"title":"A","key":"a","year":2015,"country":{"name":"Kazakhstan","code":"KZ"}}},
		{"node":{"key":"b","title":"B","year":2016,"country":null}}]}}}`
	q := query(t, mix.QProjects)
	for _, tc := range []struct {
		name   string
		sys    mix.System
		answer string
		same   bool
	}{
		{"the floor answers in wsisgraph's shape", mix.Cypher, wsis, true},
		{"edges and key order do not matter", mix.Neo4jGraphQL, n4j, true},
		{"a different title is a difference", mix.Neo4jGraphQL, strings.Replace(n4j, `"title":"B"`, `"title":"C"`, 1), false},
		{"a different order is a difference", mix.Cypher, strings.Replace(strings.Replace(wsis, `"key":"a"`, `"key":"x"`, 1), `"key":"b"`, `"key":"a"`, 1), false},
		{"a different count is a difference", mix.Cypher, strings.Replace(wsis, `"totalCount":2`, `"totalCount":3`, 1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref, err := mix.Normalise(q, mix.Wsisgraph, []byte(wsis))
			if err != nil {
				t.Fatal(err)
			}
			got, err := mix.Normalise(q, tc.sys, []byte(tc.answer))
			if err != nil {
				t.Fatal(err)
			}
			if same, diff := mix.Equal(ref, got); same != tc.same {
				t.Errorf("Equal = %v (%s), want %v", same, diff, tc.same)
			}
		})
	}
}

func TestNormaliseComparesTargetsAsASet(t *testing.T) {
	q := query(t, mix.QNested)
	a := `{"data":{"organizations":{"nodes":[{"key":"o","name":"O","projects":{"nodes":[{"key":"p","title":"P",
		"targets":[{"code":"9.c","goal":{"number":9}},{"code":"4.4","goal":{"number":4}}]}]}}]}}}`
	b := `{"data":{"organizations":[{"key":"o","name":"O","projectsConnection":{"edges":[{"node":{"key":"p","title":"P",
		"targets":[{"code":"4.4","goal":{"number":4}},{"code":"9.c","goal":{"number":9}}]}}]}}]}}`
	ra, err := mix.Normalise(q, mix.Wsisgraph, []byte(a))
	if err != nil {
		t.Fatal(err)
	}
	rb, err := mix.Normalise(q, mix.Neo4jGraphQL, []byte(b))
	if err != nil {
		t.Fatal(err)
	}
	if same, diff := mix.Equal(ra, rb); !same {
		t.Errorf("targets in another order compare different: %s", diff)
	}
}

func TestNormaliseRejectsErrors(t *testing.T) {
	q := query(t, mix.QMatrix)
	for _, answer := range []string{`{"errors":[{"message":"x"}]}`, `{"data":null}`, `not json`} {
		if _, err := mix.Normalise(q, mix.Wsisgraph, []byte(answer)); err == nil {
			t.Errorf("no error for %s", answer)
		}
	}
}

func TestLuceneQueryEscapesUserText(t *testing.T) {
	for _, tc := range []struct{ text, want, not string }{
		{"mangrove", `search_title:"mangrove"^2`, ""},
		{`a"b`, `\"`, `"a"b"`},
		{"e-health", `"e\-health"`, ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			got := mix.LuceneQuery(tc.text)
			if !strings.Contains(got, tc.want) || (tc.not != "" && strings.Contains(got, tc.not)) {
				t.Errorf("LuceneQuery(%q) = %s", tc.text, got)
			}
		})
	}
}
