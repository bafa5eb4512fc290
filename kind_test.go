package wsisgraph_test

import (
	"os"
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wsisgraph/wsisgraph"
)

// TestKinds checks that the table of kinds is the one the schema and the entities speak of:
// every Node names a kind, the enums NodeType and SearchType hold exactly the kinds' types in
// the table's order, and each type maps back to its kind.
func TestKinds(t *testing.T) {
	nodes := []wsisgraph.Node{&wsisgraph.ActionLine{}, &wsisgraph.Goal{}, &wsisgraph.Target{},
		&wsisgraph.Indicator{}, &wsisgraph.Linkage{}, &wsisgraph.Organization{}, &wsisgraph.Project{},
		&wsisgraph.Prize{}, &wsisgraph.Event{}}
	var names []string
	for _, n := range nodes {
		if _, ok := wsisgraph.KindNamed(n.NodeType()); !ok {
			t.Errorf("%T: NodeType %q is not in Kinds", n, n.NodeType())
		}
		names = append(names, n.NodeType())
	}
	for _, k := range wsisgraph.Kinds {
		if !slices.Contains(names, k.Name) {
			t.Errorf("kind %s: no entity has it as NodeType", k.Name)
		}
		if got := k.New().NodeType(); got != k.Name {
			t.Errorf("kind %s: New makes a %s", k.Name, got)
		}
		if k.Type == "" {
			continue
		}
		if got := k.Type.TypeName(); got != k.Name {
			t.Errorf("%s.TypeName() = %q, want %q", k.Type, got, k.Name)
		}
		if got, ok := wsisgraph.EntityTypeOf(k.Name); !ok || got != k.Type {
			t.Errorf("EntityTypeOf(%q) = %q, %v; want %q", k.Name, got, ok, k.Type)
		}
		if got, ok := wsisgraph.KindOf(k.Type); !ok || got.Name != k.Name {
			t.Errorf("KindOf(%s) = %q, %v; want %q", k.Type, got.Name, ok, k.Name)
		}
		if !wsisgraph.SearchType(k.Type).Valid() {
			t.Errorf("search type %s is not Valid", k.Type)
		}
	}
	if _, ok := wsisgraph.EntityTypeOf(wsisgraph.KindLinkage); ok {
		t.Errorf("Linkage has an entity type: it is an edge of the walk graph")
	}

	src, err := os.ReadFile("schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(src)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	want := func(enum string) []string {
		var out []string
		for _, v := range schema.Types[enum].EnumValues {
			out = append(out, v.Name)
		}
		return out
	}
	var entityTypes, searchTypes []string
	for _, e := range wsisgraph.EntityTypes {
		entityTypes = append(entityTypes, string(e))
	}
	for _, s := range wsisgraph.SearchTypes {
		searchTypes = append(searchTypes, string(s))
	}
	if w := want("NodeType"); !slices.Equal(entityTypes, w) {
		t.Errorf("EntityTypes = %v, enum NodeType = %v", entityTypes, w)
	}
	if w := want("SearchType"); !slices.Equal(searchTypes, w) {
		t.Errorf("SearchTypes = %v, enum SearchType = %v", searchTypes, w)
	}
}
